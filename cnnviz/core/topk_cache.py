"""Top-k scans kept on disk, keyed by the model's weights and the data set; resumable.

One ``.npz`` file per scan (read with ``allow_pickle=False``: no code, only arrays),
written atomically (a temporary file in the same folder, then a rename). It holds the
C×k arrays of :class:`~cnnviz.core.topk.TopKState` and ``header``: UTF-8 JSON with the
format version, the :class:`CacheKey`, the layer's geometry and how many images are done.

The key is the SHA-256 of the model's weights (every state_dict tensor, by name in
sorted order: name, dtype, shape and bytes) and architecture (its ``repr``), the data
set (key, size, seed and the SHA-256 of all its image bytes), the layer and k (see
:mod:`cnnviz.core.fingerprints`). A file
whose key differs from the current model and data is refused (:class:`CacheMismatch`),
saying what differs; an unreadable, truncated or inconsistent file raises
:class:`TopKCacheError`, never anything else. :class:`PeriodicSaver` saves a running scan
every so often so that it can be resumed where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import time
import zipfile
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from torch import nn

from cnnviz.core.fingerprints import data_fingerprint, model_fingerprint
from cnnviz.core.npz_checks import check_members
from cnnviz.core.receptive import Field
from cnnviz.core.topk import ScanProgress, TopKState
from cnnviz.core.topk_images import ImageSet

FORMAT = "cnnviz-topk"
VERSION = 1
# What a damaged archive can raise in zipfile, zlib and numpy (zip versions, deflate, headers).
UNREADABLE = (
    OSError,
    ValueError,
    KeyError,
    EOFError,
    zipfile.BadZipFile,
    UnicodeDecodeError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    struct.error,
    zlib.error,
)
ARRAYS = {"values": np.float32, "images": np.int64, "rows": np.int32, "cols": np.int32}
DEFAULT_SAVE_EVERY_S = 30.0


class TopKCacheError(ValueError):
    """A cache file cannot be used; the message says which file and why, in one line."""


class CacheMismatch(TopKCacheError):
    """The cache was computed for another model, data set, layer or k."""


@dataclass(frozen=True)
class CacheKey:
    """What a scan's result depends on."""

    model_sha256: str
    data_key: str
    data_size: int
    data_seed: int
    data_sha256: str
    layer: str
    k: int

    def digest(self) -> str:
        """SHA-256 of the key (hex), for file names."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()

    def differences(self, other: CacheKey) -> list[str]:
        """Human words for what differs from ``other`` (empty when equal)."""
        found = []
        if self.model_sha256 != other.model_sha256:
            found.append("other model weights")
        data = ("data_key", "data_size", "data_seed", "data_sha256")
        if any(getattr(self, name) != getattr(other, name) for name in data):
            found.append(f"data set '{self.data_key}' ({self.data_size:,} images, seed {self.data_seed})")
        if self.layer != other.layer:
            found.append(f"layer '{self.layer}'")
        if self.k != other.k:
            found.append(f"k={self.k}")
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CacheKey:
        """Inverse of ``asdict``; KeyError or ValueError when a field is missing or malformed."""
        text = {name: str(data[name]) for name in ("model_sha256", "data_key", "data_sha256", "layer")}
        return cls(
            text["model_sha256"], text["data_key"], int(data["data_size"]), int(data["data_seed"]),
            text["data_sha256"], text["layer"], int(data["k"]),
        )  # fmt: skip


def cache_key(model: nn.Module, images: ImageSet, layer: str, k: int) -> CacheKey:
    """The key of a scan of ``layer`` with this model's weights over these images."""
    return CacheKey(
        model_fingerprint(model), images.key, len(images), images.seed, data_fingerprint(images), layer, k
    )


def cache_file(cache_dir: str | Path, key: CacheKey) -> Path:
    """Where the scan with ``key`` is kept in ``cache_dir``: ``topk-<layer>-<digest>.npz``."""
    layer = re.sub(r"[^A-Za-z0-9_.-]+", "_", key.layer)[:60]
    return Path(cache_dir) / f"topk-{layer}-{key.digest()[:16]}.npz"


def default_cache_dir() -> Path:
    """Where the app keeps top-k scans: the user's cache folder, ``.../cnnviz/topk``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("cnnviz")) / "topk"


def find_cache(cache_dir: str | Path, key: CacheKey) -> TopKState | None:
    """The scan kept for ``key`` in ``cache_dir`` (finished or partial: see ``complete``), or None;
    TopKCacheError when its file is damaged."""
    path = cache_file(cache_dir, key)
    return load_cache(path, key) if path.exists() else None


def header_of(state: TopKState, key: CacheKey) -> dict[str, Any]:
    """The JSON header saved with a state."""
    field = state.field
    return {
        "format": FORMAT,
        "version": VERSION,
        "key": asdict(key),
        "channels": state.channels,
        "map_hw": list(state.map_hw),
        "vector": state.vector,
        "field": {
            "rf": list(field.rf),
            "jump": list(field.jump),
            "start": list(field.start),
            "whole": field.whole,
        },
        "input_hw": list(state.input_hw),
        "images_done": state.images_done,
        "total": state.total,
    }


def save_cache(path: str | Path, state: TopKState, key: CacheKey) -> None:
    """Write ``state`` with ``key`` to ``path`` atomically (the folder is created if needed)."""
    if (state.layer, state.k) != (key.layer, key.k):
        raise ValueError("the key is for another layer or k than the state")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = np.frombuffer(json.dumps(header_of(state, key)).encode(), dtype=np.uint8)
    arrays = {name: np.asarray(getattr(state, name), dtype=dtype) for name, dtype in ARRAYS.items()}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            np.savez(handle, header=header, **arrays)  # type: ignore[arg-type]
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def read_npz(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and arrays of a cache file; TopKCacheError for anything unreadable."""
    if not path.is_file():
        raise TopKCacheError(f"'{path}' does not exist.")
    try:
        check_members(path, ("header", *ARRAYS))
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            arrays = {name: data[name] for name in ARRAYS}
    except UNREADABLE as exc:
        raise TopKCacheError(
            f"'{path.name}' is not a readable top-k cache ({type(exc).__name__}: {exc})."
        ) from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise TopKCacheError(f"'{path.name}' is not a top-k cache of cnnviz.")
    if header.get("version") != VERSION:
        raise TopKCacheError(
            f"'{path.name}' is a top-k cache of version {header.get('version')}, not {VERSION}."
        )
    return header, arrays


def read_key(path: str | Path) -> CacheKey:
    """The key a cache file was saved with (TopKCacheError if it cannot be read)."""
    header, _arrays = read_npz(Path(path))
    return parse(Path(path), lambda: CacheKey.from_dict(header["key"]))


def parse(path: Path, build: Any) -> Any:
    """``build()``, its malformed-data errors reported as TopKCacheError about ``path``."""
    try:
        return build()
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise TopKCacheError(
            f"'{path.name}' is an inconsistent top-k cache ({type(exc).__name__}: {exc})."
        ) from exc


def int_pair(values: Any) -> tuple[int, int]:
    """Two whole numbers from a JSON list; ValueError or TypeError otherwise."""
    first, second = values
    return int(first), int(second)


def state_from(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> TopKState:
    """Rebuild and check a state; KeyError, TypeError or ValueError when the data is inconsistent."""
    key, channels = CacheKey.from_dict(header["key"]), int(header["channels"])
    raw = header["field"]
    start = (float(raw["start"][0]), float(raw["start"][1]))
    field = Field(int_pair(raw["rf"]), int_pair(raw["jump"]), start, bool(raw["whole"]))
    values, images, rows, cols = (arrays[name].astype(dtype, copy=False) for name, dtype in ARRAYS.items())
    state = TopKState(
        key.layer, key.k, values, images, rows, cols, int_pair(header["map_hw"]), bool(header["vector"]),
        field, int_pair(header["input_hw"]), int(header["images_done"]), int(header["total"]),
    )  # fmt: skip
    check_state(state, channels)
    return state


def check_state(state: TopKState, channels: int) -> None:
    """ValueError unless the arrays fit the header and hold positions inside the map."""
    if any(getattr(state, name).shape != (channels, state.k) for name in ARRAYS):
        raise ValueError(f"arrays are not {channels}×{state.k}")
    if not 0 <= state.images_done <= state.total or state.images.max(initial=-1) >= state.images_done:
        raise ValueError("image indices outside the scanned images")
    filled = state.images >= 0
    height, width = state.map_hw
    rows, cols = state.rows[filled], state.cols[filled]
    if rows.size and (rows.min() < 0 or rows.max() >= height or cols.min() < 0 or cols.max() >= width):
        raise ValueError("positions outside the feature map")


def load_cache(path: str | Path, key: CacheKey) -> TopKState:
    """The state saved at ``path``; CacheMismatch when it was computed for another ``key``."""
    path = Path(path)
    header, arrays = read_npz(path)
    saved = parse(path, lambda: CacheKey.from_dict(header["key"]))
    differences = saved.differences(key)
    if differences:
        raise CacheMismatch(
            f"'{path.name}' was computed for {', '.join(differences)}: not for this model and data."
        )
    state: TopKState = parse(path, lambda: state_from(header, arrays))
    return state


class PeriodicSaver:
    """Saves a running scan to ``path`` every ``every_s`` seconds and when it finishes."""

    def __init__(self, path: str | Path, key: CacheKey, every_s: float = DEFAULT_SAVE_EVERY_S) -> None:
        self.path, self.key, self.every_s = Path(path), key, every_s
        self.last_saved = time.monotonic()
        self.latest: TopKState | None = None
        self.saved: TopKState | None = None

    def offer(self, progress: ScanProgress) -> bool:
        """Note the newest state; save it when due or finished. True when it was saved."""
        self.latest = progress.state
        if progress.finished or time.monotonic() - self.last_saved >= self.every_s:
            self.save()
            return True
        return False

    def save(self) -> None:
        """Save the newest state now (nothing to do before the first batch or when already saved)."""
        if self.latest is not None and self.latest is not self.saved:
            save_cache(self.path, self.latest, self.key)
            self.saved, self.last_saved = self.latest, time.monotonic()
