"""Convolution by hand: every output value as a window, its products and their sum (numpy only).

CNN layers compute cross-correlation (``flip=False``): the kernel slides over the padded input
as it is. True convolution (``flip=True``) first rotates the kernel by 180°. Window rows and
columns in a :class:`ConvStep` count positions in the *padded* input, from 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cnnviz.core.matrices import format_number
from cnnviz.core.padding import check_mode, pad_any, padding_sides

CORRELATION_VS_CONVOLUTION = (
    "CNN layers compute cross-correlation: the kernel slides over the input as it is. "
    "True convolution first rotates the kernel by 180° (flips it top-to-bottom and left-to-right); "
    "the two agree for symmetric kernels, and a learned kernel can be either, so libraries skip the flip."
)

Pair = int | tuple[int, int]


@dataclass(frozen=True)
class ConvStep:
    """One output value: the window it reads, the element-wise products and their sum."""

    out_row: int
    out_col: int
    window_rows: tuple[int, ...]
    window_cols: tuple[int, ...]
    window: np.ndarray
    products: np.ndarray
    total: float
    bias: float
    value: float
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass(frozen=True)
class ConvResult:
    """The whole computation: input, kernel (and ``weights``, the kernel as applied), output, steps."""

    input: np.ndarray
    kernel: np.ndarray
    weights: np.ndarray
    padded: np.ndarray
    output: np.ndarray
    steps: list[ConvStep]
    stride: tuple[int, int]
    padding: tuple[int, int, int, int]
    dilation: tuple[int, int]
    mode: str
    flip: bool
    bias: float


@dataclass(frozen=True)
class ChannelConvResult:
    """A multi-channel convolution: one single-channel result per channel, summed plus bias."""

    channels: list[ConvResult]
    output: np.ndarray
    bias: float


def _pair(value: Pair, name: str) -> tuple[int, int]:
    """(vertical, horizontal) from an int or a pair; ValueError unless both are ≥ 1."""
    a, b = (value, value) if isinstance(value, int | np.integer) else value
    if int(a) < 1 or int(b) < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(a), int(b)


def output_size(
    w: int, k: int, padding: int | tuple[int, int] = 0, stride: int = 1, dilation: int = 1
) -> int:
    """⌊(W + P_left + P_right − D·(K−1) − 1)/S⌋ + 1; ``padding`` is P per side or (left, right)."""
    left, right = (padding, padding) if isinstance(padding, int | np.integer) else padding
    if min(w, k, stride, dilation) < 1 or min(left, right) < 0:
        raise ValueError("sizes, stride and dilation must be positive and padding not negative")
    span = dilation * (k - 1) + 1
    if w + left + right < span:
        raise ValueError(
            f"the kernel covers {span} positions but the padded input has only {w + left + right}"
        )
    return (w + left + right - span) // stride + 1


def output_size_formula(
    w: int, k: int, padding: int | tuple[int, int] = 0, stride: int = 1, dilation: int = 1
) -> str:
    """The output-size formula with the numbers filled in, e.g. ``⌊(5 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 3``."""
    size = output_size(w, k, padding, stride, dilation)
    left, right = (padding, padding) if isinstance(padding, int | np.integer) else padding
    pads = f"2·{left}" if left == right else f"{left} + {right}"
    return f"⌊({w} + {pads} − {dilation}·({k}−1) − 1)/{stride}⌋ + 1 = {size}"


def parameter_count(k_h: int, k_w: int, c_in: int, c_out: int, bias: bool = True) -> int:
    """Weights of a conv layer: K_h·K_w·C_in·C_out, plus C_out biases."""
    return k_h * k_w * c_in * c_out + (c_out if bias else 0)


def parameter_formula(k_h: int, k_w: int, c_in: int, c_out: int, bias: bool = True) -> str:
    """E.g. ``K·K·C_in·C_out + C_out = 3·3·1·6 + 6 = 60``."""
    kernel = "K·K" if k_h == k_w else "K_h·K_w"
    symbols = f"{kernel}·C_in·C_out" + (" + C_out" if bias else "")
    numbers = f"{k_h}·{k_w}·{c_in}·{c_out}" + (f" + {c_out}" if bias else "")
    return f"{symbols} = {numbers} = {parameter_count(k_h, k_w, c_in, c_out, bias)}"


def _as_2d(x: np.ndarray, kernel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Input and kernel as float64 matrices (a 1-D signal becomes one row)."""
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    if x.ndim not in (1, 2) or k.ndim not in (1, 2) or x.size == 0 or k.size == 0:
        raise ValueError("input and kernel must be non-empty 1-D signals or 2-D matrices")
    if x.ndim == 1 and k.ndim == 2:
        if k.shape[0] != 1:
            raise ValueError(f"a 1-D signal needs a 1-D kernel, got a {k.shape[0]}×{k.shape[1]} matrix")
        k = k[0]
    return x.reshape(1, -1) if x.ndim == 1 else x, k.reshape(1, -1) if k.ndim == 1 else k


def _steps(
    padded: np.ndarray,
    weights: np.ndarray,
    out: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
    bias: float,
) -> list[ConvStep]:
    """One ConvStep per output position, row by row."""
    (kh, kw), (sh, sw), (dh, dw) = weights.shape, stride, dilation
    steps = []
    for r in range(out[0]):
        for c in range(out[1]):
            rows = range(r * sh, r * sh + dh * (kh - 1) + 1, dh)
            cols = range(c * sw, c * sw + dw * (kw - 1) + 1, dw)
            window = padded[np.ix_(rows, cols)]
            products = window * weights
            total = float(products.sum())
            steps.append(
                ConvStep(r, c, tuple(rows), tuple(cols), window, products, total, bias, total + bias, weights)
            )
    return steps


def _as_signal(step: ConvStep) -> ConvStep:
    """A step of a 1-D convolution: arrays flattened, positions in ``window_cols``."""
    flat = [a.ravel() for a in (step.window, step.products, step.weights)]
    return ConvStep(
        0, step.out_col, (0,), step.window_cols, flat[0], flat[1], step.total, step.bias, step.value, flat[2]
    )


def convolve(
    x: np.ndarray,
    kernel: np.ndarray,
    stride: Pair = 1,
    padding: int | tuple[int, ...] = (0, 0, 0, 0),
    mode: str = "zero",
    dilation: Pair = 1,
    flip: bool = False,
    bias: float = 0.0,
) -> ConvResult:
    """Cross-correlation (or true convolution with ``flip``) of one channel, step by step.

    ``x`` is a matrix or a 1-D signal; ``padding`` is P (every side), (left, right) for a
    signal, or (top, bottom, left, right).
    """
    check_mode(mode)
    one_d = np.ndim(x) == 1
    x2, k2 = _as_2d(x, kernel)
    sides = padding_sides(padding, 1 if one_d else 2)
    stride2, dilation2 = _pair(stride, "stride"), _pair(dilation, "dilation")
    padded = pad_any(x2[0] if one_d else x2, sides, mode).reshape(-1, x2.shape[1] + sides[2] + sides[3])
    weights = k2[::-1, ::-1].copy() if flip else k2
    out = (
        output_size(x2.shape[0], k2.shape[0], (sides[0], sides[1]), stride2[0], dilation2[0]),
        output_size(x2.shape[1], k2.shape[1], (sides[2], sides[3]), stride2[1], dilation2[1]),
    )
    steps = _steps(padded, weights, out, stride2, dilation2, float(bias))
    output = np.array([s.value for s in steps]).reshape(out)
    a = [x2, k2, weights, padded, output]
    if one_d:
        a, steps = [m.ravel() for m in a], [_as_signal(s) for s in steps]
    return ConvResult(a[0], a[1], a[2], a[3], a[4], steps, stride2, sides, dilation2, mode, flip, float(bias))


def output_formulas(result: ConvResult) -> dict[str, str]:
    """The output-size formula of each axis ("height", "width"; only "width" for a signal)."""
    formulas = {}
    h, w = (1, result.input.shape[0]) if result.input.ndim == 1 else result.input.shape
    kh, kw = (1, result.kernel.shape[0]) if result.kernel.ndim == 1 else result.kernel.shape
    top, bottom, left, right = result.padding
    if result.input.ndim == 2:
        formulas["height"] = output_size_formula(h, kh, (top, bottom), result.stride[0], result.dilation[0])
    formulas["width"] = output_size_formula(w, kw, (left, right), result.stride[1], result.dilation[1])
    return formulas


def _term(value: float) -> str:
    """A number for a product term, negatives in brackets: ``(-1)``."""
    text = format_number(value)
    return f"({text})" if text.startswith("-") else text


def _span(indices: tuple[int, ...]) -> str:
    """``0–2`` for consecutive indices, ``0, 2, 4`` otherwise."""
    if len(indices) > 1 and indices[-1] - indices[0] == len(indices) - 1:
        return f"{indices[0]}–{indices[-1]}"
    return ", ".join(map(str, indices))


def explain_step(step: ConvStep) -> str:
    """E.g. ``window rows 0–1, cols 1–2: 1·0 + 4·1 + 2·0 + 2·1 = 6; + bias 0 = 6``."""
    if step.window.ndim == 1:
        where = f"window positions {_span(step.window_cols)}"
    else:
        where = f"window rows {_span(step.window_rows)}, cols {_span(step.window_cols)}"
    terms = " + ".join(
        f"{_term(a)}·{_term(b)}" for a, b in zip(step.window.ravel(), step.weights.ravel(), strict=True)
    )
    total, value = format_number(step.total), format_number(step.value)
    return f"{where}: {terms} = {total}; + bias {format_number(step.bias)} = {value}"


def convolve_channels(
    x: np.ndarray,
    kernel: np.ndarray,
    stride: Pair = 1,
    padding: int | tuple[int, ...] = (0, 0, 0, 0),
    mode: str = "zero",
    dilation: Pair = 1,
    flip: bool = False,
    bias: float = 0.0,
) -> ChannelConvResult:
    """One output map of a conv layer: x (C, H, W) with kernel (C, kh, kw), summed over channels."""
    x, kernel = np.asarray(x, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if x.ndim != 3 or kernel.ndim != 3 or x.shape[0] != kernel.shape[0]:
        raise ValueError(
            f"need x (C, H, W) and kernel (C, kh, kw) with equal C, got {x.shape} and {kernel.shape}"
        )
    channels = [
        convolve(xc, kc, stride, padding, mode, dilation, flip, 0.0) for xc, kc in zip(x, kernel, strict=True)
    ]
    output = np.sum([c.output for c in channels], axis=0) + float(bias)
    return ChannelConvResult(channels, output, float(bias))
