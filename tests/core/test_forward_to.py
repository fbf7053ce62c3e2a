"""Forward passes stopped at a layer: the Sequential slice is taken only where it is exact."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.backprop import SelectionError
from cnnviz.core.forward_to import forward_to, hooked_output, sequential_slice, walked_output
from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.recording import recording
from cnnviz.core.sources import load_builtin


def small_chain() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 3, 3), nn.ReLU(inplace=True), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(27, 4)
    ).eval()


class Doubled(nn.Sequential):
    """A Sequential whose forward is not Sequential's: slicing would be wrong."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x) * 2


def test_plain_sequential_is_sliced_and_equals_the_hooked_pass() -> None:
    model, x = small_chain(), torch.randn(5, 1, 8, 8)
    sliced = sequential_slice(model, "0")
    assert isinstance(sliced, nn.Sequential) and len(sliced) == 1
    assert len(sequential_slice(model, "4")) == 5  # type: ignore[arg-type]
    for layer in ("0", "1", "2", "4"):
        expected = hooked_output(model, x, layer)
        assert torch.equal(forward_to(model, layer)(x), expected)
    # the in-place ReLU after conv "0" is not run: the conv output keeps its negative values
    assert float(forward_to(model, "0")(x).min()) < 0


@pytest.mark.parametrize("layer", ["0#2", "x", "1.weight"])
def test_names_a_slice_cannot_stand_for(layer: str) -> None:
    assert sequential_slice(small_chain(), layer) is None


def test_custom_forward_hooks_and_reused_modules_take_the_hook() -> None:
    doubled = Doubled(nn.Conv2d(1, 2, 3), nn.ReLU())
    assert sequential_slice(doubled, "0") is None
    hooked = small_chain()
    handle = hooked.register_forward_pre_hook(lambda _m, _i: None)
    try:
        assert sequential_slice(hooked, "0") is None
    finally:
        handle.remove()
    relu = nn.ReLU()
    reused = nn.Sequential(nn.Conv2d(1, 2, 3), relu, nn.Conv2d(2, 2, 3))
    reused.add_module("again", relu)
    assert sequential_slice(reused, "again") is None  # named 'again' but first called as '1'
    assert sequential_slice(reused, "2") is not None


def test_nested_layers_of_a_real_model_use_the_hook() -> None:
    lenet = load_builtin("lenet5").module.eval()
    x = torch.randn(3, 1, 28, 28)
    assert sequential_slice(lenet, "conv2") is not None
    assert torch.equal(forward_to(lenet, "conv2")(x), hooked_output(lenet, x, "conv2"))
    block = nn.Sequential(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), nn.Flatten())
    assert sequential_slice(block, "0.0") is None
    assert forward_to(block, "0.0")(x).shape == (3, 2, 26, 26)


def test_unreachable_and_unscannable_layers_are_errors() -> None:
    x = torch.randn(2, 1, 8, 8)
    with pytest.raises(SelectionError, match="shape"):
        forward_to(nn.Sequential(nn.Flatten(0)), "0")(x)
    with pytest.raises(SelectionError, match="shape"):
        forward_to(Doubled(nn.Flatten(0)), "0")(x)
    with pytest.raises(UnknownLayerError):
        forward_to(Doubled(nn.ReLU()), "nothing")(x)


def test_walking_the_slice_records_what_hooks_record() -> None:
    lenet = load_builtin("lenet5").module.eval()
    x = torch.randn(2, 1, 28, 28)
    walked = walked_output(lenet, x, "conv2")
    assert walked is not None
    output, records = walked
    with torch.no_grad(), recording(lenet) as recorder:
        lenet(x)
    hooked = [(r.name, r.module_name, r.type_name, r.shape) for r in recorder.records[: len(records)]]
    assert [(r.name, r.module_name, r.type_name, r.shape) for r in records] == hooked
    assert [r.name for r in records][-1] == "conv2" and torch.equal(output, hooked_output(lenet, x, "conv2"))
    assert walked_output(Doubled(nn.Conv2d(1, 2, 3)), x, "0") is None


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_positions_of_new_entries_for_numpy_and_torch_only_dtypes(dtype: torch.dtype) -> None:
    from cnnviz.core.topk_merge import positions

    output = torch.zeros(2, 3, 2, 2, dtype=dtype)
    output[1, 2, 1, 0] = 5.0
    output[0, 1, 0, 1] = output[0, 1, 1, 1] = 3.0  # a tie: the first in reading order
    found = positions(output, np.array([1, 0, 0]), np.array([2, 1, 0]))
    assert found.tolist() == [2, 1, 0]  # all-zero map: its first element
    assert positions(torch.ones(2, 3), np.array([1]), np.array([2])).tolist() == [0]
