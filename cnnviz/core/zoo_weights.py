"""Pretrained weights files: downloaded once into torch.hub's cache, checked, read without running code.

A file keeps the name torchvision gives it (``resnet18-f37072fd.pth``) in
torch.hub's checkpoint folder, so torchvision finds ours and we find
torchvision's. :func:`fetch_weights` streams it with progress and cancel
(:mod:`cnnviz.core.downloads`), never leaves a partial file, and refuses it unless
the SHA-256 of what arrived starts with the hash in the name (torch.hub's
``check_hash`` convention). :func:`read_state_dict` reads it with
``torch.load(weights_only=True)``. ``$CNNVIZ_WEIGHTS_MIRROR`` replaces the
download server by another base URL (a local copy, or a test server).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import torch

from cnnviz.core.datasets import Cancelled, Progress
from cnnviz.core.downloads import DownloadFailed, Transfer, atomic_file
from cnnviz.core.transfer import PretrainedUnavailable

WEIGHTS_MIRROR_ENV = "CNNVIZ_WEIGHTS_MIRROR"
HASH_PREFIX = re.compile(r"-([a-f0-9]*)\.")  # torch.hub.HASH_REGEX: name-<sha256 prefix>.pth


@dataclass(frozen=True)
class WeightsFile:
    """Where a pretrained weights file comes from and the name it is kept under."""

    filename: str
    url: str

    @classmethod
    def for_url(cls, url: str) -> WeightsFile:
        """The file behind ``url``, fetched from the mirror when ``$CNNVIZ_WEIGHTS_MIRROR`` is set."""
        filename = os.path.basename(urllib.parse.urlsplit(url).path)
        mirror = os.environ.get(WEIGHTS_MIRROR_ENV)
        return cls(filename, f"{mirror.rstrip('/')}/{filename}" if mirror else url)

    @property
    def hash_prefix(self) -> str | None:
        """The start of the file's SHA-256 that its name promises, if it names one."""
        found = HASH_PREFIX.search(self.filename)
        return found.group(1) if found and found.group(1) else None


class HashingWriter:
    """Writes through to a file and computes the SHA-256 of everything written."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha256 = hashlib.sha256()

    def write(self, block: bytes) -> int:
        self.sha256.update(block)
        return self.out.write(block)


class WeightsTransfer(Transfer):
    """A :class:`Transfer` whose progress messages count megabytes."""

    def report(self, name: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        amount = f"{done / 1e6:.1f} of {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
        self.progress(f"Downloading {name}: {amount}", done / total if total else 0.0)


def cache_folder() -> Path:
    """torch.hub's checkpoint folder, where torchvision keeps downloaded weights."""
    return Path(torch.hub.get_dir()) / "checkpoints"


def fetch_weights(
    source: WeightsFile,
    folder: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The file in ``folder``, downloaded first when missing and checked against its hash prefix.

    Raises :class:`~cnnviz.core.downloads.DownloadFailed` (network, HTTP error,
    truncated transfer, hash mismatch) or :class:`~cnnviz.core.datasets.DatasetCancelled`;
    neither leaves a file behind.
    """
    target = folder / source.filename
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as out:
        writer = HashingWriter(out)
        WeightsTransfer(progress, cancelled).stream(source.url, cast(BinaryIO, writer), source.filename)
        digest, prefix = writer.sha256.hexdigest(), source.hash_prefix
        if prefix is not None and not digest.startswith(prefix):
            raise DownloadFailed(
                f"{source.filename} from {source.url} failed its check (SHA-256 {digest[:16]}…, expected "
                f"{prefix}…); the file was discarded"
            )
    return target


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    """``torch.load(weights_only=True)`` of a weights file; ValueError saying why it cannot be read."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, ValueError, zipfile.BadZipFile) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"'{path}' is not readable ({first}); delete it to download it again") from exc
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ValueError(f"'{path}' holds no state_dict; delete it to download it again")
    return state


def unavailable(name: str, why: str, source: WeightsFile, folder: Path) -> PretrainedUnavailable:
    """The error that explains how to get the weights and offers random ones."""
    return PretrainedUnavailable(
        f"cannot get the pretrained weights of {name}: {why}. They are downloaded once into {folder} "
        f"(or place {source.filename} from {source.url} there). Random weights work without them."
    )
