"""Fetching files safely: streamed, cancellable, checksummed; unpacking archives atomically.

:func:`download` fetches one :class:`Source` (a file name, candidate URLs and an
MD5 checksum) into a folder: the bytes go to a hidden ``.part`` file that is
renamed into place only after the checksum matches, so an interrupted or
cancelled download never leaves a file that looks complete. :func:`gunzip` and
:func:`untar` unpack archives the same way (temporary file, then rename).

The torchvision sets built on these (:func:`fetch_set`, :func:`load_remote`,
``REMOTE_SETS`` …) live in :mod:`cnnviz.core.torchsets`; their names are still
importable from here (loaded on first use, which keeps the modules free of a cycle).
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
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from cnnviz import __version__
from cnnviz.core.datasets import Cancelled, DatasetCancelled, DatasetUnavailable, Progress

if TYPE_CHECKING:  # the names that moved to torchsets, for type checkers (see __getattr__)
    from cnnviz.core.torchsets import (  # noqa: F401
        _CIFAR,
        _IDX,
        REMOTE_SETS,
        RemoteSet,
        _offline_message,
        _scaled,
        _unpack,
        _unpacked_path,
        fetch_set,
        is_downloaded,
        load_remote,
        read_split,
        sources_for,
        to_model_input,
        torchvision_class,
    )

MIRROR_ENV = "CNNVIZ_DATASET_MIRROR"
CHUNK_BYTES = 64 * 1024
TIMEOUT_S = 30.0
_MOVED = frozenset(  # now in torchsets
    [
        "REMOTE_SETS",
        "RemoteSet",
        "_CIFAR",
        "_IDX",
        "_offline_message",
        "_scaled",
        "_unpack",
        "_unpacked_path",
        "fetch_set",
        "is_downloaded",
        "load_remote",
        "read_split",
        "sources_for",
        "to_model_input",
        "torchvision_class",
    ]
)


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


def first_line(exc: BaseException) -> str:
    """An error's first line (tarfile lists every method it tried, one per line)."""
    text = str(exc).strip()
    return text.splitlines()[0].rstrip(":") if text else type(exc).__name__


def gunzip(archive: Path, target: Path, cancelled: Cancelled | None = None) -> Path:
    """Unpack a .gz file to `target` (via a temporary file, then rename)."""
    try:
        with gzip.open(archive, "rb") as src, atomic_file(target) as out:
            while block := src.read(CHUNK_BYTES * 16):
                check_cancel(cancelled)
                out.write(block)
    except (OSError, EOFError, zlib.error) as exc:
        raise DatasetUnavailable(
            f"cannot unpack '{archive}' ({first_line(exc)}); delete it to download it again."
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
    except (OSError, EOFError, tarfile.TarError, zlib.error) as exc:
        raise DatasetUnavailable(
            f"cannot unpack '{archive}' ({first_line(exc)}); delete it to download it again."
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def __getattr__(name: str) -> Any:
    """The torchvision-set names that moved to :mod:`cnnviz.core.torchsets`, imported on first use."""
    if name in _MOVED:
        from cnnviz.core import torchsets

        return getattr(torchsets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
