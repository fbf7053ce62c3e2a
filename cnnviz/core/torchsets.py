"""The torchvision data sets (MNIST, Fashion-MNIST, KMNIST, CIFAR-10): fetched once, read, normalised.

:func:`fetch_set` puts a set under a root folder in the layout torchvision's own
classes read (``root/MNIST/raw/...``, ``root/cifar-10-batches-py/...``), using
files placed there by hand when present; file names, checksums and URLs come
from those classes. ``$CNNVIZ_DATASET_MIRROR`` (or the `mirror` argument)
replaces the official servers: files are then fetched from
``<mirror>/<key>/<file>``. :func:`load_remote` turns a fetched set into a
:class:`~cnnviz.core.datasets.Dataset`. Transfers go through
:mod:`cnnviz.core.downloads`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz.core.datasets import Cancelled, Dataset, DatasetInfo, DatasetUnavailable, Progress, subsample
from cnnviz.core.downloads import (
    MIRROR_ENV,
    DownloadFailed,
    Source,
    check_cancel,
    download,
    gunzip,
    untar,
    verify,
)
from cnnviz.core.spec import InputSpec


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
