"""The real-model convolution step-through: every step equals what the model computed."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models.resnet import BasicBlock

from cnnviz.core.conv_layer_step import conv_step, explain_channel, explain_total
from cnnviz.core.recording import hook_count, recording
from cnnviz.core.sources import load_builtin
from cnnviz.core.stepthrough import ConvIO, capture_conv_io, conv_layers, private_twin


def resnet_block(downsample: bool) -> nn.Module:
    """A torchvision BasicBlock with random weights (stride 2 and a 1×1 downsample conv if asked)."""
    torch.manual_seed(3)
    if not downsample:
        return BasicBlock(8, 8).eval()
    shortcut = nn.Sequential(nn.Conv2d(4, 8, 1, stride=2, bias=False), nn.BatchNorm2d(8))
    block = BasicBlock(4, 8, stride=2, downsample=shortcut)
    for bn in (block.bn1, block.bn2, shortcut[1]):  # non-trivial statistics, so BN changes values
        assert isinstance(bn, nn.BatchNorm2d) and bn.running_mean is not None and bn.running_var is not None
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
    return block.eval()


MODELS = {
    "lenet5": lambda: (load_builtin("lenet5").module, (1, 28, 28)),
    "tinyvgg": lambda: (load_builtin("tinyvgg").module, (3, 64, 64)),
    "resnet_block": lambda: (resnet_block(False), (8, 9, 9)),
    "resnet_block_stride2": lambda: (resnet_block(True), (4, 11, 11)),
}


def positions(io: ConvIO) -> list[tuple[int, int, int]]:
    """Corners, borders and the middle, for the first, a middle and the last output channel."""
    channels, h, w = io.output.shape
    spots = {(0, 0), (0, w - 1), (h - 1, 0), (h - 1, w - 1), (h // 2, w // 2), (0, w // 2), (h // 2, 0)}
    return [(c, r, col) for c in sorted({0, channels // 2, channels - 1}) for r, col in sorted(spots)]


def assert_step_matches(io: ConvIO, rtol: float) -> None:
    """Each step's value equals the model's output there, relative to the size of its terms."""
    for channel, row, col in positions(io):
        step = io.step(channel, row, col)
        model_value = io.output[channel, row, col]
        # float32 sums of up to 250 terms: compare relative to the magnitude of what is summed.
        scale = max(abs(model_value), np.abs(step.products).sum() + abs(step.bias))
        assert abs(step.value - model_value) <= rtol * scale, (io.layer_name, channel, row, col)


@pytest.mark.parametrize("key", list(MODELS))
def test_every_conv_layer_step_equals_the_model_output(key: str) -> None:
    model, shape = MODELS[key]()
    x = np.random.default_rng(0).normal(size=shape).astype(np.float32)
    names = conv_layers(model)
    assert len(names) == {"lenet5": 2, "tinyvgg": 4, "resnet_block": 2, "resnet_block_stride2": 3}[key]
    with torch.no_grad(), recording(model) as recorder:  # the independent record of the whole pass
        model(torch.from_numpy(x)[None])
    recorded = {r.name: r.array for r in recorder.records}
    for name in names:
        io = capture_conv_io(model, name, x)
        np.testing.assert_allclose(io.output, np.asarray(recorded[name]), rtol=0, atol=1e-6)
        assert_step_matches(io, rtol=1e-5)
    assert hook_count(model) == 0


@pytest.mark.parametrize("key", list(MODELS))
def test_in_double_precision_steps_match_to_many_digits(key: str) -> None:
    model, shape = MODELS[key]()
    model = model.double()
    x = np.random.default_rng(1).normal(size=shape)
    for name in conv_layers(model):
        assert_step_matches(capture_conv_io(model, name, x), rtol=1e-10)


def test_tiny_fixed_weight_conv_by_hand() -> None:
    conv = nn.Conv2d(2, 1, kernel_size=2, stride=2, padding=1)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([[[[1.0, 2], [3, 4]], [[-1, 0], [0, 1]]]]))
        conv.bias.fill_(-10.0)  # type: ignore[union-attr]
    model = nn.Sequential(conv, nn.LeakyReLU(0.1))
    x = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 2], [0, 1, 0], [3, 0, 1]]], dtype=np.float32)
    io = capture_conv_io(model, "0", x)
    assert io.output.shape == (1, 2, 2) and io.consumer == "1" and isinstance(io.activation, nn.LeakyReLU)

    corner = io.step(0, 0, 0)  # padded rows 0–1, cols 0–1: only input (0, 0) is not padding
    assert corner.window_rows == (0, 1) and corner.window_cols == (0, 1)
    assert corner.in_padding.tolist() == [[True, True], [True, False]]
    np.testing.assert_array_equal(corner.window[0], [[0, 0], [0, 1]])
    np.testing.assert_array_equal(corner.products[0], [[0, 0], [0, 4]])  # 1·4
    np.testing.assert_array_equal(corner.channel_sums, [4, 1])  # channel 1: 1·1
    assert (corner.total, corner.bias, corner.value) == (5.0, -10.0, -5.0)
    assert corner.activation_name == "LeakyReLU" and corner.activated == pytest.approx(-0.5)

    inner = io.step(0, 1, 1)  # input rows 1–2, cols 1–2: 5·1 + 6·2 + 8·3 + 9·4 = 77; 1·(-1) + 1·1 = 0
    np.testing.assert_array_equal(inner.channel_sums, [77, 0])
    assert inner.value == 67.0 and inner.activated == 67.0
    assert io.output[0, 1, 1] == pytest.approx(67.0) and io.output[0, 0, 0] == pytest.approx(-5.0)
    assert explain_channel(inner, 0) == "window rows 2–3, cols 2–3: 5·1 + 6·2 + 8·3 + 9·4 = 77"
    assert explain_total(inner) == "Σ over 2 input channels: 77 + 0 = 77; + bias -10 = 67; LeakyReLU → 67"
    assert inner.height_formula == "⌊(3 + 2·1 − 1·(2−1) − 1)/2⌋ + 1 = 2"
    assert inner.parameter_formula == "K·K·C_in·C_out + C_out = 2·2·2·1 + 1 = 9"


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_padding_modes_stride_and_dilation_match_torch(
    mode: Literal["zeros", "reflect", "replicate", "circular"],
) -> None:
    torch.manual_seed(0)
    conv = nn.Conv2d(
        3, 4, kernel_size=(3, 2), stride=(2, 1), padding=(2, 1), dilation=(1, 2), padding_mode=mode
    )
    x = np.random.default_rng(2).normal(size=(3, 6, 7))
    conv = conv.double()
    expected = conv(torch.from_numpy(x)[None])[0].detach().numpy()
    for channel, row, col in np.ndindex(*expected.shape):
        step = conv_step(conv, x, channel, row, col)
        assert step.value == pytest.approx(expected[channel, row, col], rel=1e-9, abs=1e-12)
    first = conv_step(conv, x, 0, 0, 0)
    assert first.height_formula == "⌊(6 + 2·2 − 1·(3−1) − 1)/2⌋ + 1 = 4"
    assert first.width_formula == "⌊(7 + 2·1 − 2·(2−1) − 1)/1⌋ + 1 = 7"
    assert first.in_padding[0].all() and first.window_cols == (0, 2)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_same_padding_with_an_even_kernel_and_groups() -> None:
    torch.manual_seed(1)
    x = np.random.default_rng(3).normal(size=(4, 5, 5))
    for conv in (
        nn.Conv2d(4, 2, kernel_size=4, padding="same"),  # 3 rows of padding: 1 on top, 2 below
        nn.Conv2d(4, 6, kernel_size=3, padding=1, groups=2),
        nn.Conv2d(4, 4, kernel_size=3, padding=1, groups=4, bias=False),  # depthwise
    ):
        conv = conv.double()
        expected = conv(torch.from_numpy(x)[None])[0].detach().numpy()
        for channel, row, col in np.ndindex(*expected.shape):
            assert conv_step(conv, x, channel, row, col).value == pytest.approx(expected[channel, row, col])
    conv = nn.Conv2d(4, 6, 3, padding=1, groups=2)
    grouped = conv_step(conv, x, 4, 0, 0)  # output channels 3–5 read input channels 2–3
    assert grouped.in_channels == (2, 3) and grouped.window.shape == (2, 3, 3)
    assert grouped.parameter_formula == "K·K·C_in·C_out + C_out = 3·3·2·6 + 6 = 114"  # C_in per group
    assert sum(p.numel() for p in conv.parameters()) == 114


def test_no_bias_and_the_block_activation_comes_later() -> None:
    block = resnet_block(True)
    x = np.random.default_rng(4).normal(size=(4, 11, 11)).astype(np.float32)
    io = capture_conv_io(block, "conv1", x)
    assert io.consumer == "bn1" and io.consumer_type == "BatchNorm2d" and io.activation is None
    step = io.step(0, 0, 0)
    assert step.bias == 0.0 and step.activated is None and "bias" not in step.parameter_formula.split("=")[0]
    shortcut = capture_conv_io(block, "downsample.0", x)
    assert shortcut.output.shape == (8, 6, 6) and shortcut.step(7, 5, 5).window.shape == (4, 1, 1)


def test_in_place_relu_and_a_layer_called_twice() -> None:
    conv = nn.Conv2d(1, 1, 3, padding=1)

    class Twice(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv, self.relu = conv, nn.ReLU(inplace=True)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.conv(self.relu(self.conv(x)))

    torch.manual_seed(5)
    x = np.random.default_rng(5).normal(size=(1, 6, 6)).astype(np.float32)
    io = capture_conv_io(Twice(), "conv", x)
    np.testing.assert_allclose(io.input, x)  # the first call's input, not the second's
    expected = conv(torch.from_numpy(x)[None])[0].detach().numpy()
    np.testing.assert_allclose(io.output, expected, atol=1e-6)  # before the in-place ReLU
    assert (io.output < 0).any() and isinstance(io.activation, nn.ReLU)
    negative = tuple(int(i) for i in np.argwhere(io.output < 0)[0])
    assert io.step(*negative).activated == 0.0


def test_a_functional_activation_is_not_claimed() -> None:
    class Functional(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv, self.pool = nn.Conv2d(1, 2, 3), nn.MaxPool2d(2)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.pool(F.relu(self.conv(x)))

    model = Functional()
    with torch.no_grad():  # channel 0 all −9, channel 1 all +9: F.relu changes the conv output
        model.conv.weight.copy_(torch.tensor([-1.0, 1.0]).view(2, 1, 1, 1).expand(2, 1, 3, 3))
        model.conv.bias.zero_()
    io = capture_conv_io(model, "conv", np.ones((1, 6, 6), dtype=np.float32))
    assert (io.output < 0).any()
    assert io.consumer == "" and io.activation is None


class Exploding(nn.Module):
    """A conv, then a module that raises."""

    def __init__(self, before: bool) -> None:
        super().__init__()
        self.conv, self.boom, self.before = nn.Conv2d(1, 1, 3), nn.Identity(), before

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.before:
            raise RuntimeError("broken model")
        self.boom(self.conv(x))
        raise RuntimeError("broken model")


def test_hooks_are_removed_also_when_the_forward_raises() -> None:
    x = np.zeros((1, 5, 5), dtype=np.float32)
    late = Exploding(before=False)
    assert capture_conv_io(late, "conv", x).output.shape == (1, 3, 3)  # stops before the failure
    with pytest.raises(RuntimeError, match="broken model"):
        capture_conv_io(late, "conv", x, stop_early=False)
    assert hook_count(late) == 0
    early = Exploding(before=True)
    with pytest.raises(RuntimeError, match="broken model"):
        capture_conv_io(early, "conv", x)
    assert hook_count(early) == 0


def test_bad_requests_are_value_errors() -> None:
    model: Any = load_builtin("lenet5").module
    x = np.zeros((1, 28, 28), dtype=np.float32)
    with pytest.raises(ValueError, match="not a Conv2d"):
        capture_conv_io(model, "fc1", x)
    io = capture_conv_io(model, "conv1", x)
    with pytest.raises(ValueError, match="outside"):
        io.step(6, 0, 0)
    with pytest.raises(ValueError, match="outside"):
        io.step(0, 28, 0)
    with pytest.raises(ValueError, match="C=1"):
        conv_step(model.conv1, np.zeros((3, 28, 28)), 0, 0, 0)


def test_private_twin_shares_weights_but_not_hooks() -> None:
    model: Any = load_builtin("lenet5").module
    twin: Any = private_twin(model)
    x = np.random.default_rng(6).normal(size=(1, 28, 28)).astype(np.float32)
    with recording(model) as recorder:
        capture_conv_io(twin, "conv2", x, stop_early=False)
    assert recorder.records == []  # the original never ran nor saw the twin's hooks
    with torch.no_grad():
        model.conv1.weight.mul_(2.0)  # an in-place weight update shows in the twin
    np.testing.assert_allclose(capture_conv_io(twin, "conv1", x).layer.weight, model.conv1.weight.detach())
    assert twin.conv1 is not model.conv1 and not twin.training
