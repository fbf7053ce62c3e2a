"""Recording layer outputs: exact values on tiny fixed-weight nets, naming, and hook hygiene."""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.recording import first_tensor, hook_count, leaf_modules, recording

# A 3×3 input and an all-ones 2×2 kernel: each output is the sum of a 2×2 window.
X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]).reshape(1, 1, 3, 3)
WINDOW_SUMS = np.array([[12.0, 16.0], [24.0, 28.0]])  # 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
BIAS = -20.0
CONV_OUT = WINDOW_SUMS + BIAS  # [[-8, -4], [4, 8]]
RELU_OUT = np.array([[0.0, 0.0], [4.0, 8.0]])
FC_WEIGHTS = [1.0, 2.0, 3.0, 4.0]
FC_OUT = 0 * 1 + 0 * 2 + 4 * 3 + 8 * 4 + 0.5  # 44.5


def ones_conv(bias: float = BIAS) -> nn.Conv2d:
    conv = nn.Conv2d(1, 1, kernel_size=2)
    with torch.no_grad():
        conv.weight.fill_(1.0)
        conv.bias.fill_(bias)
    return conv


def tiny_net(inplace: bool = False) -> nn.Sequential:
    fc = nn.Linear(4, 1)
    with torch.no_grad():
        fc.weight.copy_(torch.tensor([FC_WEIGHTS]))
        fc.bias.fill_(0.5)
    layers = [("conv", ones_conv()), ("relu", nn.ReLU(inplace=inplace)), ("flat", nn.Flatten()), ("fc", fc)]
    return nn.Sequential(OrderedDict(layers))


class Twice(nn.Module):
    """Calls the same Linear twice."""

    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(2, 2, bias=False)
        with torch.no_grad():
            self.lin.weight.copy_(torch.tensor([[1.0, 1.0], [0.0, 1.0]]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(self.lin(x))


class Split(nn.Module):
    """A leaf module returning a tuple."""

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x * 2, x * 3


class Broken(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = ones_conv()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.conv(x)
        raise RuntimeError("boom")


def test_recorded_values_equal_hand_computation() -> None:
    model = tiny_net()
    with torch.no_grad(), recording(model) as rec:
        out = model(X)
    assert out.item() == pytest.approx(FC_OUT)
    records = rec.by_name()
    assert [r.name for r in rec.records] == ["conv", "relu", "flat", "fc"]
    assert [r.type_name for r in rec.records] == ["Conv2d", "ReLU", "Flatten", "Linear"]
    np.testing.assert_allclose(records["conv"].array, CONV_OUT[None])
    np.testing.assert_allclose(records["relu"].array, RELU_OUT[None])
    np.testing.assert_allclose(records["flat"].array, RELU_OUT.ravel())
    np.testing.assert_allclose(records["fc"].array, [FC_OUT])
    assert [r.shape for r in rec.records] == [(1, 2, 2), (1, 2, 2), (4,), (1,)]


def test_records_are_detached_numpy_copies() -> None:
    model = tiny_net()
    with recording(model) as rec:  # grad enabled: a non-detached tensor could not become numpy
        out = model(X)
    assert out.requires_grad
    fc = rec.by_name()["fc"]
    assert isinstance(fc.array, np.ndarray) and fc.array.dtype == np.float32
    with torch.no_grad():
        out.add_(100.0)
        model.conv.weight.zero_()
    np.testing.assert_allclose(fc.array, [FC_OUT])
    fc.array[0] = -1.0  # writing to the record does not touch the model's tensor
    assert out.item() == pytest.approx(FC_OUT + 100.0)


def test_inplace_relu_does_not_overwrite_the_conv_record() -> None:
    model = tiny_net(inplace=True)
    with torch.no_grad(), recording(model) as rec:
        model(X)
    records = rec.by_name()
    np.testing.assert_allclose(records["conv"].array, CONV_OUT[None])  # still negative
    np.testing.assert_allclose(records["relu"].array, RELU_OUT[None])
    assert records["conv"].array.min() == -8.0


def test_module_called_twice_gives_two_records() -> None:
    model = Twice()
    with torch.no_grad(), recording(model) as rec:
        model(torch.tensor([[1.0, 2.0]]))
    # W = [[1, 1], [0, 1]]: [1, 2] → [3, 2] → [5, 2]
    assert [(r.name, r.module_name) for r in rec.records] == [("lin", "lin"), ("lin#2", "lin")]
    np.testing.assert_allclose(rec.by_name()["lin"].array, [3.0, 2.0])
    np.testing.assert_allclose(rec.by_name()["lin#2"].array, [5.0, 2.0])


class Nested(nn.Module):
    """Sequential, ModuleDict and ModuleList containers inside a custom module."""

    def __init__(self) -> None:
        super().__init__()
        self.block = nn.Sequential(ones_conv(0.0), nn.Identity())
        self.heads = nn.ModuleDict({"flat": nn.Flatten(), "deep": nn.Sequential(nn.Linear(4, 3))})
        self.spare = nn.ModuleList([nn.ReLU()])  # never called

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.heads["deep"](self.heads["flat"](self.block(x)))


def test_nested_containers_give_qualified_names() -> None:
    model = Nested()
    leaves = [n for n, _ in leaf_modules(model)]
    assert leaves == ["block.0", "block.1", "heads.flat", "heads.deep.0", "spare.0"]
    with torch.no_grad(), recording(model) as rec:
        model(X)
    assert [r.name for r in rec.records] == ["block.0", "block.1", "heads.flat", "heads.deep.0"]
    np.testing.assert_allclose(rec.by_name()["heads.flat"].array, WINDOW_SUMS.ravel())
    assert rec.by_name()["heads.deep.0"].shape == (3,)


def test_tuple_outputs_record_their_first_tensor() -> None:
    model = nn.Sequential(OrderedDict(split=Split()))
    x = torch.tensor([[1.0, -2.0]])
    with torch.no_grad(), recording(model) as rec:
        model(x)
    np.testing.assert_allclose(rec.by_name()["split"].array, [2.0, -4.0])
    assert rec.by_name()["split"].shape == (2,)


def test_first_tensor_finds_nested_and_named_outputs() -> None:
    t = torch.ones(1)
    assert first_tensor(((None, [t]), 3)) is t
    assert first_tensor(SimpleNamespace(logits=t)) is t
    assert first_tensor({"a": t}) is None
    assert first_tensor(None) is None


def test_hooks_are_removed_when_forward_raises() -> None:
    model = Broken()
    assert hook_count(model) == 0
    with pytest.raises(RuntimeError, match="boom"), recording(model) as rec:
        assert hook_count(model) == 1
        model(X)
    assert hook_count(model) == 0
    assert [r.name for r in rec.records] == ["conv"]  # what ran before the error was recorded


def test_hooks_are_removed_after_a_normal_pass() -> None:
    model = tiny_net()
    with recording(model):
        assert hook_count(model) == 4
    assert hook_count(model) == 0


def test_capture_filter_keeps_arrays_only_for_chosen_layers() -> None:
    model = tiny_net()
    with torch.no_grad(), recording(model, capture=lambda name: name in {"relu", "fc"}) as rec:
        model(X)
    arrays = {r.name: r.array is not None for r in rec.records}
    assert arrays == {"conv": False, "relu": True, "flat": False, "fc": True}
    assert [r.shape for r in rec.records] == [(1, 2, 2), (1, 2, 2), (4,), (1,)]
    np.testing.assert_allclose(rec.by_name()["relu"].array, RELU_OUT[None])


def test_capture_filter_sees_call_qualified_names() -> None:
    model = Twice()
    with torch.no_grad(), recording(model, capture=lambda name: name == "lin#2") as rec:
        model(torch.tensor([[1.0, 2.0]]))
    assert rec.by_name()["lin"].array is None
    np.testing.assert_allclose(rec.by_name()["lin#2"].array, [5.0, 2.0])
