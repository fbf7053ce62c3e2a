"""Padding, output-size and parameter formulas, and step-by-step convolution (hand-computed)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.convolution import (
    CORRELATION_VS_CONVOLUTION,
    convolve,
    convolve_channels,
    explain_step,
    output_formulas,
    output_size,
    output_size_formula,
    parameter_count,
    parameter_formula,
)
from cnnviz.core.padding import PADDING_MODES, pad, pad1d

ROW = np.array([1.0, 2.0, 3.0])
X23 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
X33 = np.array([[3.0, 1.0, 4.0], [2.0, 2.0, 2.0], [4.0, 8.0, 1.0]])
DIGITS = np.array([[1.0, 10.0], [100.0, 1000.0]])  # window [[p, q], [r, s]] -> the number "srqp"
TORCH_MODES = {"zero": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("zero", [0, 0, 1, 2, 3, 0, 0]),
        ("reflect", [3, 2, 1, 2, 3, 2, 1]),
        ("replicate", [1, 1, 1, 2, 3, 3, 3]),
        ("symmetric", [2, 1, 1, 2, 3, 3, 2]),
        ("circular", [2, 3, 1, 2, 3, 1, 2]),
    ],
)
def test_pad1d_every_mode(mode: str, expected: list[float]) -> None:
    np.testing.assert_array_equal(pad1d(ROW, 2, 2, mode), expected)


def test_pad1d_asymmetric() -> None:
    np.testing.assert_array_equal(pad1d(ROW, 1, 2, "circular"), [3, 1, 2, 3, 1, 2])
    np.testing.assert_array_equal(pad1d(ROW, 1, 2, "reflect"), [2, 1, 2, 3, 2, 1])
    np.testing.assert_array_equal(pad1d(ROW, 0, 1, "zero"), [1, 2, 3, 0])


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("zero", [[0, 0, 0, 0, 0, 0], [0, 0, 1, 2, 3, 0], [0, 0, 4, 5, 6, 0]]),
        ("reflect", [[6, 5, 4, 5, 6, 5], [3, 2, 1, 2, 3, 2], [6, 5, 4, 5, 6, 5]]),
        ("replicate", [[1, 1, 1, 2, 3, 3], [1, 1, 1, 2, 3, 3], [4, 4, 4, 5, 6, 6]]),
        ("symmetric", [[2, 1, 1, 2, 3, 3], [2, 1, 1, 2, 3, 3], [5, 4, 4, 5, 6, 6]]),
        ("circular", [[5, 6, 4, 5, 6, 4], [2, 3, 1, 2, 3, 1], [5, 6, 4, 5, 6, 4]]),
    ],
)
def test_pad2d_every_mode_asymmetric(mode: str, expected: list[list[float]]) -> None:
    np.testing.assert_array_equal(pad(X23, 1, 0, 2, 1, mode), expected)


@pytest.mark.parametrize(
    ("mode", "amount", "message"),
    [
        ("reflect", 3, "smaller than the size"),
        ("symmetric", 4, "at most the size"),
        ("circular", 4, "at most the size"),
        ("zero", -1, "negative"),
        ("mirror", 1, "unknown padding mode"),
    ],
)
def test_impossible_padding(mode: str, amount: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pad1d(ROW, amount, 0, mode)


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_pad_matches_torch_and_numpy(mode: str) -> None:
    rng = np.random.default_rng(1)
    for _ in range(10):
        h, w = rng.integers(3, 7, size=2)
        x = rng.integers(-9, 10, size=(h, w)).astype(np.float64)
        t, b, left, r = (int(v) for v in rng.integers(0, 3, size=4))
        ours = pad(x, t, b, left, r, mode)
        if mode == "symmetric":
            ref = np.pad(x, ((t, b), (left, r)), mode="symmetric")
        else:
            ref = F.pad(torch.from_numpy(x)[None, None], (left, r, t, b), mode=TORCH_MODES[mode])[
                0, 0
            ].numpy()
        np.testing.assert_array_equal(ours, ref)


def test_output_size_and_formula() -> None:
    assert output_size(5, 3, 1, 2) == 3
    assert output_size_formula(5, 3, 1, 2) == "⌊(5 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 3"
    assert output_size_formula(5, 3, (1, 0), 2) == "⌊(5 + 1 + 0 − 1·(3−1) − 1)/2⌋ + 1 = 2"
    assert output_size_formula(7, 3, 0, 1, 3) == "⌊(7 + 2·0 − 3·(3−1) − 1)/1⌋ + 1 = 1"
    assert output_size(28, 5) == 24
    assert output_size(32, 3, 1) == 32
    with pytest.raises(ValueError, match="covers 3 positions"):
        output_size(2, 3)


def test_parameter_count_and_formula() -> None:
    assert parameter_count(3, 3, 1, 6) == 60
    assert parameter_formula(3, 3, 1, 6) == "K·K·C_in·C_out + C_out = 3·3·1·6 + 6 = 60"
    assert parameter_formula(5, 5, 6, 16) == "K·K·C_in·C_out + C_out = 5·5·6·16 + 16 = 2416"
    assert parameter_formula(3, 3, 1, 6, bias=False) == "K·K·C_in·C_out = 3·3·1·6 = 54"
    assert parameter_formula(3, 5, 2, 4) == "K_h·K_w·C_in·C_out + C_out = 3·5·2·4 + 4 = 124"
    assert parameter_count(3, 3, 1, 6) == torch.nn.Conv2d(1, 6, 3).weight.numel() + 6


def test_cross_correlation_step_by_step() -> None:
    result = convolve(X33, np.array([[0.0, 1.0], [0.0, 1.0]]))
    np.testing.assert_array_equal(result.output, [[3, 6], [10, 3]])
    step = result.steps[1]
    assert (step.out_row, step.out_col, step.window_rows, step.window_cols) == (0, 1, (0, 1), (1, 2))
    np.testing.assert_array_equal(step.window, [[1, 4], [2, 2]])
    np.testing.assert_array_equal(step.products, [[0, 4], [0, 2]])
    assert (step.total, step.bias, step.value) == (6, 0, 6)
    assert explain_step(step) == "window rows 0–1, cols 1–2: 1·0 + 4·1 + 2·0 + 2·1 = 6; + bias 0 = 6"
    assert len(result.steps) == 4


def test_flip_is_true_convolution_and_bias_adds() -> None:
    kernel = np.array([[0.0, 1.0], [0.0, 1.0]])
    flipped = convolve(X33, kernel, flip=True)
    np.testing.assert_array_equal(flipped.weights, [[1, 0], [1, 0]])
    np.testing.assert_array_equal(flipped.output, [[5, 3], [6, 10]])
    np.testing.assert_array_equal(convolve(X33, kernel, bias=-1.5).output, [[1.5, 4.5], [8.5, 1.5]])
    assert "rotates the kernel by 180°" in CORRELATION_VS_CONVOLUTION


def test_stride_two_with_zero_padding() -> None:
    x = np.arange(1.0, 17.0).reshape(4, 4)
    kernel = np.array([[1.0, 0.0, -1.0]] * 3)
    result = convolve(x, kernel, stride=2, padding=1)
    np.testing.assert_array_equal(result.output, [[-8, -4], [-30, -6]])
    assert output_formulas(result)["width"] == "⌊(4 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 2"
    assert result.steps[3].window_rows == (2, 3, 4)


def test_dilation_two() -> None:
    x = np.arange(1.0, 26.0).reshape(5, 5)
    result = convolve(x, np.array([[1.0, 2.0], [3.0, 4.0]]), dilation=2)
    np.testing.assert_array_equal(result.output, [[92, 102, 112], [142, 152, 162], [192, 202, 212]])
    assert output_formulas(result)["height"] == "⌊(5 + 2·0 − 2·(2−1) − 1)/1⌋ + 1 = 3"
    assert explain_step(result.steps[0]) == (
        "window rows 0, 2, cols 0, 2: 1·1 + 3·2 + 11·3 + 13·4 = 92; + bias 0 = 92"
    )


def test_asymmetric_padding() -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    result = convolve(x, np.ones((2, 2)), padding=(0, 1, 1, 0))
    np.testing.assert_array_equal(result.padded, [[0, 1, 2], [0, 3, 4], [0, 0, 0]])
    np.testing.assert_array_equal(result.output, [[4, 10], [3, 7]])
    assert output_formulas(result)["height"] == "⌊(2 + 0 + 1 − 1·(2−1) − 1)/1⌋ + 1 = 2"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("zero", [0, 4010, 5421, 6532, 603, 0]),
        ("reflect", [5623, 4512, 5421, 6532, 5623, 4512]),
        ("replicate", [4411, 4411, 5421, 6532, 6633, 6633]),
        ("symmetric", [4512, 4411, 5421, 6532, 6633, 5623]),
        ("circular", [6532, 4613, 5421, 6532, 4613, 5421]),
    ],
)
def test_conv2d_every_padding_mode(mode: str, expected: list[float]) -> None:
    result = convolve(X23, DIGITS, padding=(0, 0, 2, 2), mode=mode)
    np.testing.assert_array_equal(result.output, [expected])


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("zero", [0, 10, 21, 32, 3, 0]),
        ("reflect", [23, 12, 21, 32, 23, 12]),
        ("replicate", [11, 11, 21, 32, 33, 33]),
        ("symmetric", [12, 11, 21, 32, 33, 23]),
        ("circular", [32, 13, 21, 32, 13, 21]),
    ],
)
def test_conv1d_every_padding_mode(mode: str, expected: list[float]) -> None:
    result = convolve(ROW, np.array([1.0, 10.0]), padding=2, mode=mode)
    assert result.output.shape == (6,)
    np.testing.assert_array_equal(result.output, expected)


def test_conv1d_flip_bias_and_explanation() -> None:
    x, kernel = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    np.testing.assert_array_equal(convolve(x, kernel, padding=1).output, [-2, -2, -2, 3])
    result = convolve(x, kernel, padding=1, flip=True, bias=0.5)
    np.testing.assert_array_equal(result.padded, [0, 1, 2, 3, 4, 0])
    np.testing.assert_array_equal(result.output, [2.5, 2.5, 2.5, -2.5])
    assert explain_step(result.steps[3]) == "window positions 3–5: 3·(-1) + 4·0 + 0·1 = -3; + bias 0.5 = -2.5"
    assert output_formulas(result) == {"width": "⌊(4 + 2·1 − 1·(3−1) − 1)/1⌋ + 1 = 4"}


def test_convolve_channels_sums_channels() -> None:
    x = np.array([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])
    kernel = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    result = convolve_channels(x, kernel, bias=1.0)
    np.testing.assert_array_equal(result.output, [[19]])
    assert [c.output[0, 0] for c in result.channels] == [5, 13]
    with pytest.raises(ValueError, match="equal C"):
        convolve_channels(x, kernel[:1])


def test_convolve_errors() -> None:
    with pytest.raises(ValueError, match="covers 3 positions"):
        convolve(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="1-D kernel"):
        convolve(ROW, np.ones((2, 2)))
    with pytest.raises(ValueError, match="stride must be at least 1"):
        convolve(X33, np.ones((2, 2)), stride=0)


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_convolve_matches_torch(mode: str) -> None:
    rng = np.random.default_rng(7)
    for trial in range(12):
        x = rng.integers(-5, 6, size=tuple(rng.integers(5, 9, size=2))).astype(np.float64)
        kernel = rng.integers(-3, 4, size=tuple(rng.integers(1, 4, size=2))).astype(np.float64)
        sides = tuple(int(v) for v in rng.integers(0, 3, size=4))
        stride, dilation, flip = int(rng.integers(1, 3)), int(rng.integers(1, 3)), bool(trial % 2)
        bias = float(rng.integers(-3, 4))
        result = convolve(x, kernel, stride, sides, mode, dilation, flip, bias)
        padded = pad(x, *sides, mode=mode)
        applied = kernel[::-1, ::-1].copy() if flip else kernel
        ref = F.conv2d(
            torch.from_numpy(padded)[None, None],
            torch.from_numpy(applied)[None, None],
            torch.tensor([bias], dtype=torch.float64),
            stride=stride,
            dilation=dilation,
        )[0, 0].numpy()
        np.testing.assert_array_equal(result.output, ref)
        signal = x[0]
        ours1 = convolve(signal, kernel[0], stride, (sides[2], sides[3]), mode, dilation, flip, bias).output
        ref1 = F.conv1d(
            torch.from_numpy(pad1d(signal, sides[2], sides[3], mode))[None, None],
            torch.from_numpy(kernel[0][::-1].copy() if flip else kernel[0])[None, None],
            stride=stride,
            dilation=dilation,
        )[0, 0].numpy()
        np.testing.assert_array_equal(ours1, ref1 + bias)


def test_convolve_channels_matches_torch() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(-5, 6, size=(3, 6, 7)).astype(np.float64)
    kernel = rng.integers(-3, 4, size=(3, 3, 3)).astype(np.float64)
    ours = convolve_channels(x, kernel, stride=2, padding=1, bias=2.0).output
    ref = F.conv2d(
        torch.from_numpy(x)[None],
        torch.from_numpy(kernel)[None],
        torch.tensor([2.0], dtype=torch.float64),
        2,
        1,
    )[0, 0].numpy()
    np.testing.assert_array_equal(ours, ref)
