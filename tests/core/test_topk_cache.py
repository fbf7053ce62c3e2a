"""Top-k caches: round trip without pickle, keys that refuse other models and data, clear errors
for damaged files, atomic saves, and an interrupted scan resumed from disk equal to a full one."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.fingerprints import data_fingerprint, model_fingerprint
from cnnviz.core.sources import load_builtin
from cnnviz.core.topk import ImageSet, TopKState, scan_topk
from cnnviz.core.topk_cache import (
    CacheKey,
    CacheMismatch,
    PeriodicSaver,
    TopKCacheError,
    cache_file,
    cache_key,
    find_cache,
    load_cache,
    read_key,
    save_cache,
)

IMAGES = np.random.default_rng(0).normal(size=(40, 1, 28, 28)).astype(np.float32)


@pytest.fixture
def model() -> nn.Module:
    return load_builtin("lenet5").module


def full_scan(model: nn.Module, images: np.ndarray | ImageSet = IMAGES, batch: int = 8) -> TopKState:
    *_, progress = scan_topk(model, images, "conv2", k=5, batch_size=batch)
    return progress.state


def key_for(model: nn.Module, images: np.ndarray = IMAGES, layer: str = "conv2", k: int = 5) -> CacheKey:
    return cache_key(model, ImageSet("array", (images,)), layer, k)


def test_round_trip_is_exact_and_holds_no_pickle(model: nn.Module, tmp_path: Path) -> None:
    state, key = full_scan(model), key_for(model)
    path = cache_file(tmp_path / "cache", key)
    save_cache(path, state, key)
    loaded = load_cache(path, key)
    assert loaded.same_result(state)
    assert (loaded.field, loaded.map_hw, loaded.input_hw, loaded.vector) == (
        state.field, state.map_hw, state.input_hw, state.vector
    )  # fmt: skip
    with np.load(path, allow_pickle=False) as data:
        assert sorted(data.files) == ["cols", "header", "images", "rows", "values"]
        header = json.loads(bytes(data["header"]).decode())
    assert header["key"]["layer"] == "conv2" and header["images_done"] == 40
    assert read_key(path) == key
    found = find_cache(tmp_path / "cache", key)
    assert found is not None and found.same_result(state)
    assert find_cache(tmp_path / "elsewhere", key) is None
    assert path.name.startswith("topk-conv2-") and path.suffix == ".npz"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_fingerprints_follow_the_weights_and_the_images(model: nn.Module) -> None:
    before = model_fingerprint(model)
    assert model_fingerprint(load_builtin("lenet5").module) == before  # same weights, new object
    with torch.no_grad():
        next(model.parameters()).view(-1)[0] += 1e-6
    assert model_fingerprint(model) != before
    changed = IMAGES.copy()
    changed[39, 0, 27, 27] += 1e-3  # one pixel of the last image
    assert data_fingerprint(ImageSet("a", (changed,))) != data_fingerprint(ImageSet("a", (IMAGES,)))
    split = ImageSet("a", (IMAGES[:10], IMAGES[10:]))
    assert data_fingerprint(split) == data_fingerprint(ImageSet("a", (IMAGES,)))


def test_a_cache_of_other_weights_data_or_layer_is_refused(model: nn.Module, tmp_path: Path) -> None:
    key = key_for(model)
    path = tmp_path / "scan.npz"
    save_cache(path, full_scan(model), key)
    other = load_builtin("lenet5").module
    with torch.no_grad():
        list(other.parameters())[-1].mul_(2)
    with pytest.raises(CacheMismatch, match="other model weights"):
        load_cache(path, key_for(other))
    with pytest.raises(CacheMismatch, match="data set 'array'"):
        load_cache(path, key_for(model, IMAGES[:30]))
    with pytest.raises(CacheMismatch, match="layer 'conv2'"):
        load_cache(path, key_for(model, layer="conv1"))
    assert cache_file(tmp_path, key) != cache_file(tmp_path, key_for(other))


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"not a zip file at all" * 10)
    elif how == "missing array":
        with zipfile.ZipFile(path) as old:
            members = {n: old.read(n) for n in old.namelist() if n != "rows.npy"}
        with zipfile.ZipFile(path, "w") as new:
            for name, content in members.items():
                new.writestr(name, content)


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "missing array"])
def test_damaged_files_raise_a_clear_error(model: nn.Module, tmp_path: Path, how: str) -> None:
    key, path = key_for(model), tmp_path / "scan.npz"
    save_cache(path, full_scan(model), key)
    damage(path, how)
    with pytest.raises(TopKCacheError, match=r"scan\.npz"):
        load_cache(path, key)


def rewrite(path: Path, change: dict[str, object], arrays: dict[str, np.ndarray] | None = None) -> None:
    """Save the file again with ``change`` merged into its header and ``arrays`` replaced."""
    with np.load(path, allow_pickle=False) as data:
        content = {name: data[name] for name in data.files}
    header = json.loads(bytes(content["header"]).decode()) | change
    content["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(path, **(content | (arrays or {})))


def test_inconsistent_or_code_carrying_files_are_refused(model: nn.Module, tmp_path: Path) -> None:
    key, path = key_for(model), tmp_path / "scan.npz"
    state = full_scan(model)
    save_cache(path, state, key)
    rewrite(path, {"channels": 17})
    with pytest.raises(TopKCacheError, match="inconsistent"):
        load_cache(path, key)
    save_cache(path, state, key)
    rewrite(path, {}, {"rows": np.full((16, 5), 99, dtype=np.int32)})
    with pytest.raises(TopKCacheError, match="positions outside"):
        load_cache(path, key)
    save_cache(path, state, key)
    rewrite(path, {}, {"values": np.array([object()] * 80, dtype=object).reshape(16, 5)})
    with pytest.raises(TopKCacheError, match="pickle"):
        load_cache(path, key)
    save_cache(path, state, key)
    rewrite(path, {"version": 99})
    with pytest.raises(TopKCacheError, match="version 99"):
        load_cache(path, key)
    with pytest.raises(TopKCacheError, match="does not exist"):
        load_cache(tmp_path / "none.npz", key)


def test_a_failed_save_leaves_the_old_file(
    model: nn.Module, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, path = key_for(model), tmp_path / "scan.npz"
    state = full_scan(model)
    save_cache(path, state, key)
    before = path.read_bytes()

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_cache(path, state, key)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["scan.npz"]


def test_interrupted_scan_saved_periodically_resumes_to_the_full_result(
    model: nn.Module, tmp_path: Path
) -> None:
    key = key_for(model)
    path = cache_file(tmp_path, key)
    saver = PeriodicSaver(path, key, every_s=0.0)  # save after every batch
    for progress in scan_topk(model, IMAGES, "conv2", k=5, batch_size=8):
        assert saver.offer(progress)
        if progress.images_done == 24:
            break  # the process dies here
    partial = load_cache(path, key)
    assert (partial.images_done, partial.complete) == (24, False)
    finish = PeriodicSaver(path, key, every_s=3600.0)
    saved = [
        finish.offer(p) for p in scan_topk(model, IMAGES, "conv2", k=5, batch_size=8, resume_from=partial)
    ]
    assert saved == [False, True]  # not due until the end
    assert load_cache(path, key).same_result(full_scan(model))
