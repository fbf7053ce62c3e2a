"""Checks that make ``np.load`` of an untrusted ``.npz`` archive safe and bounded.

Before an array is read, every needed member must be a plain ``.npy`` array (no Python objects,
which would need pickle) whose header claims no more data than the member holds; anything else
raises ValueError. Used by :mod:`cnnviz.core.topk_cache` before it reads a cache file.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

MAX_MEMBER_BYTES = 1 << 30  # far above any real scan (channels × k × 20 bytes)


def check_members(path: Path, names: tuple[str, ...]) -> None:
    """Every needed member is a plain ``.npy`` array whose header claims no more than it holds.

    ``np.load`` would otherwise return a non-array member as raw bytes, or allocate whatever
    shape a damaged header claims before reading a byte of it.
    """
    with zipfile.ZipFile(path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for name in names:
            info = infos.get(f"{name}.npy")
            if info is None:
                raise ValueError(f"no array '{name}'")
            if info.file_size > MAX_MEMBER_BYTES:
                raise ValueError(f"array '{name}' claims {info.file_size:,} bytes")
            shape, dtype = npy_header(archive, info, name)
            if dtype.hasobject:
                raise ValueError(f"array '{name}' holds Python objects, which would need pickle")
            if math.prod(int(n) for n in shape) * dtype.itemsize > info.file_size:
                raise ValueError(f"array '{name}' claims more data than the file holds")


def npy_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> tuple[tuple[int, ...], Any]:
    """(shape, dtype) from a member's ``.npy`` header; ValueError for anything else."""
    try:
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _fortran, dtype = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, _fortran, dtype = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(f".npy format {version}")
    except Exception as exc:  # numpy parses the header with tokenize/ast: any error means damaged
        raise ValueError(f"array '{name}' has a damaged header ({type(exc).__name__})") from exc
    return tuple(int(n) for n in shape), dtype
