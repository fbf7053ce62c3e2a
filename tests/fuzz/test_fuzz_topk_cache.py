"""Fuzzing the top-9 caches (``.npz`` + JSON header): damaged files, odd headers, arrays claiming huge sizes.

The cache loader raises its own :class:`~cnnviz.core.topk_cache.TopKCacheError`
(the ``topk`` command and the GUI catch it), so that type is accepted here
besides the project's user errors.

Two faults found here are fixed and kept as tests: a member that is not a ``.npy``
array, and an array header claiming a huge shape (numpy would allocate it before
reading); ``read_npz`` checks each member's header against the member's size first.
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st

from cnnviz.core.receptive import Field
from cnnviz.core.topk import TopKState
from cnnviz.core.topk_cache import CacheKey, TopKCacheError, header_of, load_cache, read_key, save_cache
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.json_edits import edited
from tests.fuzz.mutations import file_bytes, members, write_zip, zip_regions

pytestmark = pytest.mark.filterwarnings("ignore")
KEY = CacheKey("a" * 64, "digits", 40, 0, "b" * 64, "conv2", 3)


def cache_state() -> TopKState:
    """A small finished scan: 4 channels, k = 3, over 40 images."""
    rng = np.random.default_rng(5)
    return TopKState(
        "conv2", 3, -np.sort(-rng.random((4, 3), dtype=np.float32), axis=1),
        rng.integers(0, 40, (4, 3)).astype(np.int64), rng.integers(0, 10, (4, 3)).astype(np.int32),
        rng.integers(0, 10, (4, 3)).astype(np.int32), (10, 10), False,
        Field((14, 14), (2, 2), (0.5, 0.5)), (28, 28), 40, 40,
    )  # fmt: skip


def cache_bytes(header: dict[str, Any] | None = None, arrays: dict[str, Any] | None = None) -> bytes:
    """An .npz as save_cache writes it, with the header and arrays given (defaults: the seed's)."""
    state = cache_state()
    header = header_of(state, KEY) if header is None else header
    arrays = arrays or {n: getattr(state, n) for n in ("values", "images", "rows", "cols")}
    buffer = io.BytesIO()
    np.savez(buffer, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays)
    return buffer.getvalue()


def claimed_shape(data: bytes, member: str, shape: tuple[int, ...]) -> bytes:
    """The npz with one array's .npy header rewritten to claim `shape` (same header length)."""
    entries = members(data)
    out = []
    for name, content, compression in entries:
        if name == f"{member}.npy":
            length = struct.unpack_from("<H", content, 8)[0]
            header = content[10 : 10 + length].decode("latin-1")
            new = header[: header.index("'shape':")] + f"'shape': {shape}, }}"
            content = content[:10] + new.ljust(length - 1).encode("latin-1") + b"\n" + content[10 + length :]
        out.append((name, content, compression))
    return write_zip(out)


SEED = cache_bytes()
HUGE_SHAPES = st.sampled_from([(2**40,), (4, 2**40), (2**31, 2**31), (10**6, 10**6), (0,), (4, 3, 2)])


def cache_files() -> st.SearchStrategy[bytes]:
    """Damaged bytes, zip edits, edited headers and arrays claiming other shapes."""
    headers = edited(header_of(cache_state(), KEY)).map(lambda h: cache_bytes(header=h))
    claims = st.tuples(st.sampled_from(["values", "images", "rows", "cols", "header"]), HUGE_SHAPES)
    return st.one_of(
        file_bytes(SEED, zip_regions(SEED), is_zip=True),
        headers,
        claims.map(lambda c: claimed_shape(SEED, *c)),
    )


def cache_case(data: bytes, folder: Path) -> None:
    path = folder / "topk-conv2-0123.npz"
    path.write_bytes(data)
    state = attempt(lambda: load_cache(path, KEY), [path.name], also=(TopKCacheError,))
    if state is not None:
        assert state.values.shape == (4, 3) and state.images_done <= state.total
    attempt(lambda: read_key(path), [path.name], also=(TopKCacheError,))


def test_the_seed_cache_loads(tmp_path: Path) -> None:
    save_cache(tmp_path / "saved.npz", cache_state(), KEY)
    (tmp_path / "built.npz").write_bytes(SEED)
    for name in ("saved.npz", "built.npz"):
        assert load_cache(tmp_path / name, KEY).total == 40


def test_a_member_that_is_not_an_array_is_refused(tmp_path: Path) -> None:
    entries = [(n, b"" if n == "values.npy" else c, t) for n, c, t in members(SEED)]
    path = tmp_path / "topk.npz"
    path.write_bytes(write_zip(entries))
    with pytest.raises(TopKCacheError):
        load_cache(path, KEY)


def test_an_array_claiming_terabytes_is_refused_before_allocating(tmp_path: Path) -> None:
    path = tmp_path / "topk.npz"
    path.write_bytes(claimed_shape(SEED, "values", (2**40,)))
    with pytest.raises(TopKCacheError):
        load_cache(path, KEY)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_topk_caches(profile: str) -> None:
    fuzz("top-9 cache", profile, cache_files(), cache_case, warm_up=SEED)
