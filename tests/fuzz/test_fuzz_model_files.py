"""Fuzzing the model-file loaders: every format damaged, renamed, emptied, replaced by random bytes.

Each case writes one file (and sometimes a damaged builder design beside a
state_dict, which :func:`cnnviz.core.model_files.side_specs` reads) and opens
it as the app does: ``load_model`` without trust, ``load_model(trust=True)``
for pickled models, and ``load_checkpoint``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import strategies as st
from torch import nn

from cnnviz.core.checkpoint import load_checkpoint
from cnnviz.core.sources import load_model
from cnnviz.core.spec import ModelBundle
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.json_edits import edited
from tests.fuzz.model_seeds import builder_json, safetensors_header, zipped
from tests.fuzz.mutations import damaged, file_bytes, random_file, zip_regions

pytestmark = pytest.mark.filterwarnings("ignore")
OWN_SUFFIXES = {
    "state_dict": (".pt", ".pth"),
    "state_dict (legacy format)": (".pt", ".pth"),
    "checkpoint": (".pt",),
    "safetensors": (".safetensors",),
    "pickled model": (".pt",),
    "pickled model, trusted": (".pt",),
    "torchscript": (".pt", ".ts"),
    "onnx": (".onnx",),
    "torch.export": (".pt2",),
}
ANY_SUFFIX = (".pt", ".pth", ".bin", ".onnx", ".pt2", ".safetensors", ".ts", ".json", ".png", "")
Value = tuple[bytes, str, bytes | None]


def hot_regions(data: bytes) -> list[tuple[int, int]]:
    """Where a format keeps its structure: zip members and directory, safetensors header, pickle start."""
    if zipped(data):
        return zip_regions(data)
    if data[8:9] == b"{":
        return [safetensors_header(data)]
    return [(0, 4096)]


def damaged_model(data: bytes, loader: str) -> st.SearchStrategy[Value]:
    """(damaged bytes, file suffix, damaged builder design beside it or None)."""
    suffix = st.one_of(st.sampled_from(OWN_SUFFIXES[loader]), st.sampled_from(ANY_SUFFIX))
    side: st.SearchStrategy[bytes | None] = st.none()
    if loader == "state_dict":
        design = json.loads(builder_json())
        edited_design = edited(design).map(lambda d: json.dumps(d).encode())
        side = st.one_of(st.none(), st.just(builder_json()), damaged(builder_json()), edited_design)
    return st.tuples(file_bytes(data, hot_regions(data), zipped(data)), suffix, side)


def check_bundle(bundle: ModelBundle) -> None:
    """What a successful load returns: a module, a sensible input spec and string labels."""
    assert isinstance(bundle.module, nn.Module)
    assert all(side >= 1 for side in bundle.spec.shape)
    assert all(isinstance(label, str) for label in bundle.labels)


def open_case(trust: bool = False, checkpoint: bool = False) -> Callable[[Value, Path], None]:
    def case(value: Value, folder: Path) -> None:
        data, suffix, side = value
        path = folder / f"model{suffix}"
        path.write_bytes(data)
        if side is not None and suffix != ".json":
            (folder / "model.json").write_bytes(side)
        if checkpoint:
            result = attempt(lambda: load_checkpoint(path), [path.name])
            bundle = result[0] if result is not None else None
        else:
            bundle = attempt(lambda: load_model(path, trust=trust), [path.name], trusted=trust)
        if bundle is not None:
            check_bundle(bundle)

    return case


def test_every_seed_loads(seeds: dict[str, bytes], tmp_path: Path) -> None:
    for fmt, data in seeds.items():
        path = tmp_path / f"model{OWN_SUFFIXES[fmt][0]}"
        path.write_bytes(data)
        check_bundle(load_model(path, trust=fmt == "pickled model"))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("loader", list(OWN_SUFFIXES))
def test_fuzz_model_files(seeds: dict[str, bytes], loader: str, profile: str) -> None:
    data = seeds[loader.replace(", trusted", "")]
    warm_up = (data, OWN_SUFFIXES[loader][0], None)
    fuzz(loader, profile, damaged_model(data, loader), open_case(trust="trusted" in loader), warm_up)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_foreign_and_random_files(profile: str) -> None:
    values = st.tuples(random_file(), st.sampled_from(ANY_SUFFIX), st.none())
    fuzz("foreign and random files", profile, values, open_case())
