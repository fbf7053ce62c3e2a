"""Fuzzing cnnviz checkpoints: damaged files through ``load_checkpoint``, and odd contents.

The content fuzzer edits the checkpoint's plain data (architecture spec, input
spec, labels, history, training state, weights) before ``torch.save``, so the
file itself is well formed and only what it says is wrong: unknown kinds,
missing keys, huge class counts, strings for numbers, NaN, nested junk.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import strategies as st

from cnnviz.core.checkpoint import checkpoint_dict, load_checkpoint
from cnnviz.core.sources import load_builtin, load_model
from cnnviz.core.train_state import TrainState
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.json_edits import JSON_VALUES, edited
from tests.fuzz.test_fuzz_model_files import check_bundle, damaged_model, open_case

pytestmark = pytest.mark.filterwarnings("ignore")
ODD_TENSORS = st.sampled_from(
    [torch.zeros(0), torch.zeros(3, 3), torch.full((6, 1, 5, 5), math.nan), torch.zeros(2, dtype=torch.int64)]
)


def checkpoint_content() -> dict[str, Any]:
    """A LeNet-5 checkpoint's data with a resumable training state and some history."""
    state = TrainState(
        1, 0, 10, 10, "sgd", {"state": {}, "param_groups": []}, torch.zeros(16, dtype=torch.uint8),
        torch.zeros(16, dtype=torch.uint8), {"cpu": torch.zeros(16, dtype=torch.uint8)},
    )  # fmt: skip
    bundle = load_builtin("lenet5", weights=False)
    data = checkpoint_dict(bundle, history={"epochs": [{"loss": 0.5}]}, train_state=state)
    data["arch_spec"] = {"kind": "builtin", "name": "lenet5", "options": {"num_classes": 10}}
    return data


CONTENT = checkpoint_content()


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_load_checkpoint(seeds: dict[str, bytes], profile: str) -> None:
    values = st.sampled_from(["checkpoint", "state_dict"]).flatmap(
        lambda fmt: damaged_model(seeds[fmt], "checkpoint")
    )
    fuzz("load_checkpoint", profile, values, open_case(checkpoint=True), (seeds["checkpoint"], ".pt", None))


def content_case(data: dict[str, Any], folder: Path) -> None:
    """The edited checkpoint opens through load_checkpoint and load_model, or is refused in one line."""
    path = folder / "edited.pt"
    torch.save(data, path)
    result = attempt(lambda: load_checkpoint(path), [path.name])
    if result is not None:
        check_bundle(result[0])
    bundle = attempt(lambda: load_model(path), [path.name])
    if bundle is not None:
        check_bundle(bundle)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_checkpoint_content(profile: str) -> None:
    values = edited(CONTENT, JSON_VALUES | ODD_TENSORS)
    fuzz("checkpoint (content)", profile, values, content_case, warm_up=CONTENT)
