"""Fetching the torchvision data sets safely: streamed, cancellable, checksummed.

:func:`download` fetches one :class:`Source` (a file name, candidate URLs and an
MD5 checksum) into a folder: the bytes go to a hidden ``.part`` file that is
renamed into place only after the checksum matches, so an interrupted or
cancelled download never leaves a file that looks complete. :func:`gunzip` and
:func:`untar` unpack archives the same way (temporary file, then rename).

:func:`fetch_set` puts MNIST, Fashion-MNIST, KMNIST or CIFAR-10 under a root
folder in the layout torchvision's own classes read (``root/MNIST/raw/...``,
``root/cifar-10-batches-py/...``); file names, checksums and URLs come from
those classes. ``$CNNVIZ_DATASET_MIRROR`` (or the `mirror` argument) replaces
the official servers: files are then fetched from ``<mirror>/<key>/<file>``.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import numpy as np

from cnnviz import __version__
from cnnviz.core.datasets import (
    Cancelled,
    Dataset,
    DatasetCancelled,
    DatasetInfo,
    DatasetUnavailable,
    Progress,
    subsample,
)
from cnnviz.core.spec import InputSpec

MIRROR_ENV = "CNNVIZ_DATASET_MIRROR"
CHUNK_BYTES = 64 * 1024
TIMEOUT_S = 30.0


class DownloadFailed(DatasetUnavailable):
    """A file could not be fetched (network, HTTP error, truncated, checksum mismatch)."""


@dataclass(frozen=True)
class Source:
    """One file to fetch: its name, the URLs to try in order, and its expected MD5 (if known)."""

    filename: str
    urls: tuple[str, ...]
    md5: str | None = None


def md5_of(path: Path, chunk_size: int = 1 << 20) -> str:
    """Hex MD5 of a file, read in chunks."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        while block := handle.read(chunk_size):
            digest.update(block)
    return digest.hexdigest()


def check_cancel(cancelled: Cancelled | None) -> None:
    """Raise :class:`DatasetCancelled` when the user asked to stop."""
    if cancelled is not None and cancelled():
        raise DatasetCancelled("Cancelled.")


def describe_error(exc: BaseException, url: str) -> str:
    """A network error in a few words, naming the host or URL."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason} for {url}"
    host = urllib.parse.urlsplit(url).netloc or url
    if isinstance(exc, urllib.error.URLError):
        return f"cannot reach {host} ({getattr(exc.reason, 'strerror', None) or exc.reason})"
    return f"the transfer from {host} broke off ({type(exc).__name__}: {exc})".splitlines()[0]


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A temporary file beside `target` that replaces it only when the block completes."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class Transfer:
    """One download's settings: progress ``(message, fraction of the file)`` and cancel polling."""

    progress: Progress | None = None
    cancelled: Cancelled | None = None
    chunk_size: int = CHUNK_BYTES
    timeout: float = TIMEOUT_S

    def report(self, name: str, done: int, total: int) -> None:
        """Tell the listener how far the file has come."""
        if self.progress is not None and total:
            self.progress(f"Downloading {name}… {100 * done // total}%", done / total)
        elif self.progress is not None:
            self.progress(f"Downloading {name}… {done / 1e6:.1f} MB", 0.0)

    def stream(self, url: str, out: BinaryIO, name: str) -> str:
        """Copy `url` into `out` chunk by chunk; the MD5 of what arrived."""
        request = urllib.request.Request(url, headers={"User-Agent": f"cnnviz/{__version__}"})
        digest, done, shown = hashlib.md5(usedforsecurity=False), 0, -1
        check_cancel(self.cancelled)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                total = int(response.headers.get("Content-Length") or 0)
                self.report(name, 0, total)
                while block := response.read(self.chunk_size):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if (step := 100 * done // total if total else done >> 20) != shown:
                        self.report(name, done, total)
                        shown = step
                    check_cancel(self.cancelled)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise DownloadFailed(describe_error(exc, url)) from exc
        if not total:
            self.report(name, done, done)
        elif done != total:
            raise DownloadFailed(
                f"the download of {name} from {url} stopped after {done:,} of {total:,} bytes"
            )
        return digest.hexdigest()

    def fetch(self, url: str, source: Source, folder: Path) -> Path:
        """Fetch from one URL; the file appears in `folder` only if its checksum matches."""
        target = folder / source.filename
        with atomic_file(target) as out:
            got = self.stream(url, out, source.filename)
            if source.md5 and got != source.md5.lower():
                raise DownloadFailed(
                    f"{source.filename} from {url} failed its checksum (MD5 {got}, expected {source.md5});"
                    " the file was discarded"
                )
        return target


def download(
    source: Source,
    folder: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    chunk_size: int = CHUNK_BYTES,
    timeout: float = TIMEOUT_S,
) -> Path:
    """Fetch `source` into `folder`, trying its URLs in order; the path of the complete file.

    Progress is ``(message, fraction of this file)``; `cancelled` is polled
    between chunks. Raises :class:`DownloadFailed` (with the first URL's reason)
    or :class:`DatasetCancelled`; neither leaves anything behind in `folder`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    transfer = Transfer(progress, cancelled, chunk_size, timeout)
    failures = []
    for url in source.urls:
        try:
            return transfer.fetch(url, source, folder)
        except DownloadFailed as exc:
            failures.append(exc)
    raise failures[0] if failures else DownloadFailed(f"no address is known for {source.filename}")


def verify(path: Path, md5: str | None) -> None:
    """Raise :class:`DatasetUnavailable` when a file placed by hand has the wrong checksum."""
    if md5 and (got := md5_of(path)) != md5.lower():
        raise DatasetUnavailable(
            f"'{path}' is damaged (MD5 {got}, expected {md5}); delete it to download it again, or replace it."
        )


def gunzip(archive: Path, target: Path, cancelled: Cancelled | None = None) -> Path:
    """Unpack a .gz file to `target` (via a temporary file, then rename)."""
    try:
        with gzip.open(archive, "rb") as src, atomic_file(target) as out:
            while block := src.read(CHUNK_BYTES * 16):
                check_cancel(cancelled)
                out.write(block)
    except (OSError, EOFError) as exc:
        raise DatasetUnavailable(
            f"cannot unpack '{archive}' ({exc}); delete it to download it again."
        ) from exc
    return target


def _safe_members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    """Regular files and folders with relative paths that stay inside the destination."""
    members = []
    for member in tar.getmembers():
        parts = PurePosixPath(member.name).parts
        if member.name.startswith(("/", "\\")) or ".." in parts or not (member.isfile() or member.isdir()):
            raise DatasetUnavailable(
                f"'{archive}' contains an unsafe entry '{member.name}'; it was not unpacked."
            )
        members.append(member)
    return members


def untar(archive: Path, folder: Path, cancelled: Cancelled | None = None) -> None:
    """Unpack a tar(.gz) archive into `folder`; each file appears only once fully written."""
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=folder))
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in _safe_members(tar, archive):
                check_cancel(cancelled)
                if hasattr(tarfile, "data_filter"):
                    tar.extract(member, staging, filter="data")
                else:  # Python < 3.10.12: members were checked by _safe_members
                    tar.extract(member, staging)
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            target = folder / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise DatasetUnavailable(
            f"cannot unpack '{archive}' ({exc}); delete it to download it again."
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass(frozen=True)
class RemoteSet:
    """A torchvision data set: its class, where its archives go and what torchvision reads."""

    class_name: str
    archive_folder: str
    files: tuple[str, ...]


_IDX = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
_CIFAR = (*(f"data_batch_{i}" for i in range(1, 6)), "test_batch", "batches.meta")
REMOTE_SETS = {
    "mnist": RemoteSet("MNIST", "MNIST/raw", tuple(f"MNIST/raw/{n}" for n in _IDX)),
    "fashion-mnist": RemoteSet(
        "FashionMNIST", "FashionMNIST/raw", tuple(f"FashionMNIST/raw/{n}" for n in _IDX)
    ),
    "kmnist": RemoteSet("KMNIST", "KMNIST/raw", tuple(f"KMNIST/raw/{n}" for n in _IDX)),
    "cifar10": RemoteSet("CIFAR10", "", tuple(f"cifar-10-batches-py/{n}" for n in _CIFAR)),
}


def is_downloaded(key: str, root: Path) -> bool:
    """True when every file torchvision reads for `key` is under `root` (nothing is imported)."""
    return all((root / name).is_file() for name in REMOTE_SETS[key].files)


def torchvision_class(key: str) -> Any:
    """The torchvision.datasets class of a remote set (imports torchvision)."""
    import torchvision.datasets

    return getattr(torchvision.datasets, REMOTE_SETS[key].class_name)


def sources_for(key: str, mirror: str | None = None) -> tuple[Source, ...]:
    """File names, URLs and MD5s of a remote set, read from its torchvision class."""
    cls = torchvision_class(key)
    if hasattr(cls, "resources"):
        pairs = [(name.rsplit("/", 1)[-1], md5) for name, md5 in cls.resources]
        bases = [url if url.endswith("/") else url + "/" for url in getattr(cls, "mirrors", [])]
    else:
        pairs = [(cls.filename, cls.tgz_md5)]
        bases = [cls.url.rsplit("/", 1)[0] + "/"]
    mirror = mirror or os.environ.get(MIRROR_ENV)
    if mirror:
        bases = [f"{mirror.rstrip('/')}/{key}/"]
    return tuple(Source(name, tuple(base + name for base in bases), md5) for name, md5 in pairs)


def _unpacked_path(archive: Path) -> Path | None:
    """What a plain .gz archive unpacks to (None for tar archives, which hold many files)."""
    if archive.name.endswith((".tar.gz", ".tgz", ".tar")) or not archive.name.endswith(".gz"):
        return None
    return archive.with_suffix("")


def _unpack(archive: Path, cancelled: Cancelled | None) -> None:
    target = _unpacked_path(archive)
    if target is not None:
        gunzip(archive, target, cancelled)
    elif archive.name.endswith((".tar.gz", ".tgz", ".tar")):
        untar(archive, archive.parent, cancelled)


def _scaled(progress: Progress | None, index: int, count: int, share: float) -> Progress | None:
    """Map one file's progress onto its slice of the first `share` of the whole."""
    if progress is None:
        return None
    return lambda text, f: progress(text, share * (index + f) / count)


def _offline_message(title: str, reason: DownloadFailed, pending: list[Source], folder: Path) -> str:
    names = ", ".join(s.filename for s in pending)
    base = pending[0].urls[0].rsplit("/", 1)[0] + "/" if pending[0].urls else "the official site"
    return (
        f"Could not download {title}: {reason}. Download {names} from {base} by hand and "
        f"place {'them' if len(pending) > 1 else 'it'} in {folder}, then try again."
    )


def fetch_set(
    key: str,
    title: str,
    root: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    sources: tuple[Source, ...] | None = None,
    share: float = 0.9,
) -> None:
    """Make sure `key` is under `root` in torchvision's layout: use files placed by hand, else download.

    Progress fractions run over [0, share]. A failed download raises
    :class:`DatasetUnavailable` in one line naming the folder and the files to place there.
    """
    if is_downloaded(key, root):
        return
    folder = root / REMOTE_SETS[key].archive_folder
    sources = sources_for(key) if sources is None else sources
    pending = [s for s in sources if not ((t := _unpacked_path(folder / s.filename)) and t.is_file())]
    for index, source in enumerate(pending):
        archive = folder / source.filename
        if archive.is_file():
            verify(archive, source.md5)
        else:
            try:
                download(source, folder, _scaled(progress, index, len(pending), share), cancelled)
            except DownloadFailed as exc:
                raise DatasetUnavailable(_offline_message(title, exc, pending, folder)) from exc
        _unpack(archive, cancelled)


def read_split(key: str, root: Path, train: bool) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, C, H, W) uint8 and labels (N,) int64 of one split, read by torchvision."""
    try:
        data = torchvision_class(key)(str(root), train=train, download=False)
    except Exception as exc:  # any unreadable file becomes one clear line
        folder = root / (REMOTE_SETS[key].files[0].rsplit("/", 1)[0])
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatasetUnavailable(
            f"cannot read the files in {folder} ({detail}); delete them to download them again."
        ) from exc
    images = np.asarray(data.data)
    images = images[:, None] if images.ndim == 3 else images.transpose(0, 3, 1, 2)
    return np.ascontiguousarray(images), np.asarray(data.targets, dtype=np.int64)


def to_model_input(images: np.ndarray, spec: InputSpec) -> np.ndarray:
    """uint8 (N, C, H, W) → float32 in [0, 1], normalised by the spec's per-channel mean and std."""
    out = images.astype(np.float32) / 255.0
    out -= np.asarray(spec.mean, dtype=np.float32).reshape(1, -1, 1, 1)
    out /= np.asarray(spec.std, dtype=np.float32).reshape(1, -1, 1, 1)
    return out


def load_remote(
    info: DatasetInfo,
    sizes: tuple[int, int],
    seed: int,
    root: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Dataset:
    """Fetch a torchvision set once, read it, subsample (seeded) to `sizes` and normalise.

    The official test split is the validation set.
    """
    fetch_set(info.key, info.title, root, progress, cancelled)
    rng = np.random.default_rng(seed)
    arrays = []
    for train, count in zip((True, False), sizes, strict=True):
        check_cancel(cancelled)
        if progress is not None:
            progress(f"Reading {info.title}…", 0.9 if train else 0.95)
        x, y = subsample(*read_split(info.key, root, train), count, rng)
        arrays += [to_model_input(x, info.spec), y]
    return Dataset(info, arrays[0], arrays[1], arrays[2], arrays[3])
