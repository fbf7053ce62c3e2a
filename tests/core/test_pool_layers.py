"""Real pooling layers: inputs recorded in the forward pass, and the model's own output rebuilt by
core.pooling (LeNet-5, TinyVGG, torchvision-style pools), plus what is not explained."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.inference import InferenceRequest, run_inference
from cnnviz.core.pool_layers import (
    LayerPooling,
    UnsupportedPooling,
    describe_choice,
    describe_layer,
    layer_pooling,
    pool_like_layer,
    pooling_layer_names,
)
from cnnviz.core.recording import hook_count, recording
from cnnviz.core.sources import load_builtin
from cnnviz.core.summary import summarize

X4 = torch.tensor([[3.0, 1.0, 4.0, 1.0], [2.0, 2.0, 2.0, 5.0], [4.0, 8.0, 1.0, 0.0], [0.0, 9.0, 2.0, 6.0]])


def drawn_three() -> np.ndarray:
    img = np.zeros((280, 280, 3), dtype=np.float32)
    img[50:70, 80:200] = img[130:150, 100:200] = img[210:230, 80:200] = 1.0
    img[50:230, 180:200] = 1.0
    return img


def test_recording_keeps_the_input_of_named_layers_only() -> None:
    # shift subtracts 2 (a 1×1 conv with weight 1, bias −2), then ReLU in place, then 2×2 max pooling.
    shift = nn.Conv2d(1, 1, 1)
    with torch.no_grad():
        shift.weight.fill_(1.0)
        shift.bias.fill_(-2.0)  # type: ignore[union-attr]
    model = nn.Sequential(
        OrderedDict([("shift", shift), ("relu", nn.ReLU(inplace=True)), ("pool", nn.MaxPool2d(2))])
    )
    with torch.no_grad(), recording(model, capture_inputs={"pool"}.__contains__) as recorder:
        model(X4[None, None])
    records = recorder.by_name()
    expected_input = np.maximum(X4.numpy() - 2.0, 0.0)  # after the in-place ReLU: [[1,0,2,0],[0,0,0,3],…]
    np.testing.assert_array_equal(records["pool"].input_array, expected_input[None])
    np.testing.assert_array_equal(records["pool"].array, [[[1, 3], [7, 4]]])
    assert records["shift"].input_array is None and records["relu"].input_array is None
    assert hook_count(model) == 0


def test_inference_result_carries_inputs_and_outputs_of_with_inputs_layers() -> None:
    bundle = load_builtin("lenet5")
    result = run_inference(
        bundle, InferenceRequest(1, drawn_three(), frozenset({"conv1"}), with_inputs=frozenset({"pool2"}))
    )
    assert set(result.inputs) == {"pool2"} and set(result.activations) == {"conv1", "pool2"}
    assert result.inputs["pool2"].shape == (16, 10, 10) and result.activations["pool2"].shape == (16, 5, 5)
    assert run_inference(bundle, InferenceRequest(2, drawn_three())).inputs == {}


def test_pooling_layer_names_of_the_builtins() -> None:
    assert pooling_layer_names(summarize(load_builtin("lenet5", weights=False))) == ["pool1", "pool2"]
    assert pooling_layer_names(summarize(load_builtin("tinyvgg", weights=False))) == [
        "max_pool_1",
        "max_pool_2",
    ]


@pytest.mark.parametrize(
    ("key", "layers"), [("lenet5", ("pool1", "pool2")), ("tinyvgg", ("max_pool_1", "max_pool_2"))]
)
def test_the_model_output_equals_the_arithmetic(key: str, layers: tuple[str, ...]) -> None:
    bundle = load_builtin(key)
    image = drawn_three()
    result = run_inference(bundle, InferenceRequest(1, image, with_inputs=frozenset(layers)))
    modules = dict(bundle.module.named_modules())
    for name in layers:
        layer = layer_pooling(modules[name])
        assert layer == LayerPooling("MaxPool2d", "max", (2, 2), (2, 2))
        maps_in, maps_out = result.inputs[name], result.activations[name]
        assert np.ptp(maps_in) > 0  # a real, non-constant input
        for channel in range(maps_in.shape[0]):
            computed = pool_like_layer(maps_in[channel], layer)
            np.testing.assert_array_equal(computed.output, maps_out[channel])  # max: exact
            switch_values = [maps_in[channel][r, c] for r, c in computed.switches or []]
            np.testing.assert_array_equal(
                np.reshape(switch_values, maps_out[channel].shape), maps_out[channel]
            )


TORCH_POOLS = [
    nn.MaxPool2d(3, 2, 1),  # ResNet's stem
    nn.MaxPool2d(3, 2, ceil_mode=True),  # GoogLeNet, SqueezeNet
    nn.MaxPool2d((2, 3), (1, 2), (1, 0)),
    nn.AvgPool2d(2, 2),  # DenseNet transitions
    nn.AvgPool2d(3, 1, 1),
    nn.AvgPool2d(3, 2, 1, ceil_mode=True),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.AdaptiveAvgPool2d(3),
    nn.AdaptiveMaxPool2d((None, 2)),
]


@pytest.mark.parametrize("module", TORCH_POOLS, ids=repr)
def test_torch_pooling_modules_are_reproduced(module: nn.Module) -> None:
    x = torch.randn(1, 2, 9, 11, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        expected = module(x)[0].numpy()
    layer = layer_pooling(module)
    for channel in range(2):
        got = pool_like_layer(x[0, channel].numpy(), layer).output
        np.testing.assert_allclose(got, expected[channel], rtol=0, atol=1e-6)


def test_other_operations_over_the_layer_windows_and_global() -> None:
    layer = LayerPooling("MaxPool2d", "max", (2, 2), (2, 2))
    x = X4.numpy()
    np.testing.assert_array_equal(pool_like_layer(x, layer, "min").output, [[1, 1], [0, 0]])
    np.testing.assert_array_equal(pool_like_layer(x, layer, "avg").output, [[2, 3], [5.25, 2.25]])
    assert pool_like_layer(x, layer, "global max").output.tolist() == [[9.0]]
    assert pool_like_layer(x, layer, "global avg").output.tolist() == [[3.125]]  # 50 / 16
    with pytest.raises(ValueError, match="unknown pooling choice"):
        pool_like_layer(x, layer, "median")


@pytest.mark.parametrize(
    ("module", "reason"),
    [
        (nn.MaxPool2d(2, dilation=2), "dilation"),
        (nn.AvgPool2d(3, 1, 1, count_include_pad=False), "leaves padding out"),
        (nn.AvgPool2d(2, divisor_override=3), "divisor_override"),
        (nn.LPPool2d(2, 2), "LPPool2d"),
    ],
)
def test_what_is_not_explained_says_why(module: nn.Module, reason: str) -> None:
    with pytest.raises(UnsupportedPooling, match=reason):
        layer_pooling(module)


def test_descriptions() -> None:
    assert describe_layer(layer_pooling(nn.MaxPool2d(2))) == "MaxPool2d: max over 2×2 windows, stride 2"
    resnet = layer_pooling(nn.MaxPool2d(3, 2, 1, ceil_mode=True))
    assert describe_layer(resnet) == "MaxPool2d: max over 3×3 windows, stride 2, padding 1, ceil mode"
    assert describe_layer(layer_pooling(nn.AdaptiveAvgPool2d((None, 7)))) == (
        "AdaptiveAvgPool2d: average to same×7 (adaptive windows)"
    )
    lenet = layer_pooling(nn.MaxPool2d(2))
    assert describe_choice(lenet, "min") == "min over the layer's windows (2×2 windows, stride 2)"
    assert describe_choice(lenet, "global avg") == "global average pooling: one value for the whole map"
