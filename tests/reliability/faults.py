"""Injected faults: a disk that fills up while a file is written."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


class FullDiskFile:
    """A file opened for writing that takes ``room`` bytes, writes what fits of the next block
    and then fails as a full disk does (``OSError(ENOSPC)``)."""

    def __init__(self, handle: IO[bytes], room: int) -> None:
        self._handle = handle
        self.room = room

    def write(self, data: Any) -> int:
        block = memoryview(data).cast("B")
        fits = min(len(block), self.room)
        self._handle.write(block[:fits])
        self.room -= fits
        if fits < len(block):
            self._handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return fits

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def full_disk_open(room: int) -> Callable[..., Any]:
    """A stand-in for ``open`` whose files opened for writing fill the disk after ``room`` bytes."""

    def opener(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = open(path, mode, *args, **kwargs)  # noqa: SIM115 - closed by the wrapper
        return FullDiskFile(handle, room) if "w" in mode or "a" in mode else handle

    return opener


def full_disk_fdopen(room: int) -> Callable[..., Any]:
    """A stand-in for ``os.fdopen`` with the same behaviour."""
    real = os.fdopen

    def opener(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, mode, *args, **kwargs)
        return FullDiskFile(handle, room) if "w" in mode or "a" in mode else handle

    return opener


def folder_listing(folder: Path) -> list[str]:
    """The names in ``folder`` (hidden temporary files included), sorted."""
    return sorted(p.name for p in folder.iterdir())
