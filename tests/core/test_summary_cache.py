"""A live forward pass that knows the layer table hooks only the layers it shows; the same result."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from cnnviz.core.inference import InferenceRequest, run_inference
from cnnviz.core.recording import hook_count, recording
from cnnviz.core.sources import load_builtin
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.core.summary import summarize
from cnnviz.core.summary_cache import SummaryCache


class ReusedRelu(nn.Module):
    """conv → relu → conv → relu, the same ReLU module called twice (as ResNet's blocks do)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1, self.conv2, self.relu = nn.Conv2d(1, 2, 3), nn.Conv2d(2, 2, 3), nn.ReLU()
        self.head = nn.Linear(2 * 4 * 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.conv2(self.relu(self.conv1(x))))
        return self.head(x.flatten(1))


class HookSpy(nn.Module):
    """Identity that remembers how many forward hooks it had at each call."""

    def __init__(self) -> None:
        super().__init__()
        self.hooks_seen: list[int] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.hooks_seen.append(len(self._forward_hooks))
        return x


def bundle_of(module: nn.Module) -> ModelBundle:
    torch.manual_seed(0)
    return ModelBundle("reused", module.eval(), InputSpec(1, 8, 8), ["a", "b", "c"])


def image() -> np.ndarray:
    return np.random.default_rng(0).random((8, 8, 3)).astype(np.float32)


def test_the_second_pass_reuses_the_table_and_records_the_same_values() -> None:
    torch.manual_seed(0)
    bundle, cache = bundle_of(ReusedRelu()), SummaryCache()
    request = InferenceRequest(1, image(), frozenset({"relu#2", "conv1"}))
    plain = run_inference(bundle, request)
    first = run_inference(bundle, request, summaries=cache)
    second = run_inference(bundle, request, summaries=cache)
    assert second.summary is first.summary and first.summary == summarize(bundle)
    for result in (first, second):
        assert set(result.activations) == {"relu#2", "conv1"}
        for name, array in plain.activations.items():
            np.testing.assert_array_equal(result.activations[name], array)  # the 2nd call of the ReLU
        np.testing.assert_array_equal(result.probabilities, plain.probabilities)
    assert hook_count(bundle.module) == 0


def test_only_the_shown_layers_are_hooked_once_the_table_is_known() -> None:
    spy, other = HookSpy(), HookSpy()
    bundle = bundle_of(nn.Sequential(nn.Conv2d(1, 1, 3), spy, other, nn.Flatten(), nn.Linear(36, 3)))
    cache, request = SummaryCache(), InferenceRequest(1, image(), frozenset({"1"}))
    run_inference(bundle, request, summaries=cache)
    run_inference(bundle, request, summaries=cache)
    assert spy.hooks_seen == [1, 1] and other.hooks_seen == [1, 0]  # the first pass hooks every layer


def test_recording_only_some_modules() -> None:
    torch.manual_seed(0)
    model = ReusedRelu().eval()
    with torch.no_grad(), recording(model, only={"relu"}) as recorder:
        model(torch.rand(1, 1, 8, 8))
    assert [r.name for r in recorder.records] == ["relu", "relu#2"]
    assert [r.shape for r in recorder.records] == [(2, 6, 6), (2, 4, 4)]


def test_a_changed_model_gets_a_new_table() -> None:
    bundle, cache = bundle_of(ReusedRelu()), SummaryCache()
    request = InferenceRequest(1, image(), frozenset({"conv1"}))
    before = run_inference(bundle, request, summaries=cache).summary
    bundle.module.conv1.weight.requires_grad_(False)  # a frozen layer: fewer trainable parameters
    frozen = run_inference(bundle, request, summaries=cache).summary
    assert frozen.trainable_params == before.trainable_params - 2 * 9
    bundle.module.head = nn.Linear(32, 5)  # a new head: a new shape
    replaced = run_inference(bundle, request, summaries=cache).summary
    assert replaced.rows[-1].output_shape == (5,) and frozen.rows[-1].output_shape == (3,)
    functional = run_inference(bundle, InferenceRequest(2, image(), functional=True), summaries=cache).summary
    assert "flatten" in {row.name for row in functional.rows}


def test_a_real_model_with_the_cache() -> None:
    bundle, cache = load_builtin("lenet5", weights=False), SummaryCache()
    drawing = np.zeros((280, 280, 3), dtype=np.float32)
    drawing[40:240, 130:150] = 1.0
    results = [
        run_inference(bundle, InferenceRequest(i, drawing, frozenset({"pool2"})), summaries=cache)
        for i in (1, 2)
    ]
    np.testing.assert_array_equal(results[0].activations["pool2"], results[1].activations["pool2"])
    assert results[1].summary == summarize(bundle)
