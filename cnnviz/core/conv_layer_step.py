"""One output value of a conv layer rebuilt number by number from the layer's input.

:func:`conv_step` takes the window of every input channel (padding, padding mode, stride and
dilation as the layer has them), the kernel, the products, the per-channel sums, the bias and
the activation; the arithmetic is :func:`cnnviz.core.convolution.convolve_channels` on that
window. :class:`ConvLayer` is what a step needs of an ``nn.Conv2d`` (:func:`layer_of` copies
it); :mod:`cnnviz.core.stepthrough` captures a real layer's input to feed it.

Grouped convolutions (``groups > 1``, depthwise included) are supported: an output channel reads
only the input channels of its group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from cnnviz.core.convolution import (
    ConvStep,
    convolve_channels,
    explain_step,
    output_size_formula,
    parameter_formula,
)
from cnnviz.core.matrices import format_number
from cnnviz.core.padding import source_indices

PADDING_MODE_NAMES = {"zeros": "zero", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


@dataclass(frozen=True)
class ConvLayer:
    """What a step needs of an ``nn.Conv2d``: its geometry and (a snapshot of) its weights."""

    weight: np.ndarray  # (C_out, C_in / groups, kh, kw), float64
    bias: np.ndarray | None  # (C_out,) or None
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[int, int, int, int]  # top, bottom, left, right
    mode: str  # a cnnviz padding mode: zero, reflect, replicate, circular
    groups: int

    @property
    def out_channels(self) -> int:
        return int(self.weight.shape[0])

    @property
    def in_channels(self) -> int:
        return int(self.weight.shape[1]) * self.groups


@dataclass(frozen=True)
class ModelConvStep:
    """One output value of a real conv layer: window, kernel, products and sums per input channel."""

    out_channel: int
    out_row: int
    out_col: int
    in_channels: tuple[int, ...]  # the input channels this output reads (all unless groups > 1)
    window_rows: tuple[int, ...]  # rows of the padded input, from 0 (the input starts at `top`)
    window_cols: tuple[int, ...]
    in_padding: np.ndarray  # (kh, kw) bool: the window cell lies in the padding
    window: np.ndarray  # (C, kh, kw)
    kernel: np.ndarray  # (C, kh, kw)
    products: np.ndarray  # (C, kh, kw)
    channel_sums: np.ndarray  # (C,)
    channel_steps: tuple[ConvStep, ...]  # per channel, for explain_step
    total: float
    bias: float
    value: float  # total + bias: what the layer outputs here
    activation_name: str  # e.g. "ReLU"; '' when no activation follows directly
    activated: float | None
    height_formula: str
    width_formula: str
    parameter_formula: str


def layer_of(module: nn.Conv2d) -> ConvLayer:
    """A :class:`ConvLayer` with a float64 copy of the module's weights."""
    left, right, top, bottom = (int(p) for p in module._reversed_padding_repeated_twice)
    weight = module.weight.detach().to("cpu", torch.float64, copy=True).numpy()
    bias = None if module.bias is None else module.bias.detach().to("cpu", torch.float64, copy=True).numpy()
    return ConvLayer(
        weight,
        bias,
        (int(module.stride[0]), int(module.stride[1])),
        (int(module.dilation[0]), int(module.dilation[1])),
        (top, bottom, left, right),
        PADDING_MODE_NAMES[module.padding_mode],
        int(module.groups),
    )


def group_channels(layer: ConvLayer, out_channel: int) -> tuple[int, ...]:
    """The input channels output channel ``out_channel`` reads (its group's)."""
    per_group_in = layer.weight.shape[1]
    group = out_channel // (layer.out_channels // layer.groups)
    return tuple(range(group * per_group_in, (group + 1) * per_group_in))


def output_shape(layer: ConvLayer, height: int, width: int) -> tuple[int, int]:
    """(H', W') of the layer's output for an input of height × width."""
    top, bottom, left, right = layer.padding
    kh, kw = layer.weight.shape[2:]
    h = (height + top + bottom - layer.dilation[0] * (kh - 1) - 1) // layer.stride[0] + 1
    w = (width + left + right - layer.dilation[1] * (kw - 1) - 1) // layer.stride[1] + 1
    return int(h), int(w)


def _window(layer: ConvLayer, maps: np.ndarray, row: int, col: int) -> tuple[np.ndarray, ...]:
    """The padded window (C, kh, kw) at output (row, col), its padded rows/cols and padding mask."""
    (_c, height, width), (kh, kw) = maps.shape, layer.weight.shape[2:]
    top, bottom, left, right = layer.padding
    rows = row * layer.stride[0] + layer.dilation[0] * np.arange(kh)
    cols = col * layer.stride[1] + layer.dilation[1] * np.arange(kw)
    src_rows = source_indices(height, top, bottom, layer.mode)[rows]
    src_cols = source_indices(width, left, right, layer.mode)[cols]
    window = maps[:, np.maximum(src_rows, 0)][:, :, np.maximum(src_cols, 0)]
    zero = (src_rows[:, None] < 0) | (src_cols[None, :] < 0)
    window = np.where(zero[None], 0.0, window)
    outside_r, outside_c = (rows < top) | (rows >= top + height), (cols < left) | (cols >= left + width)
    return window, rows, cols, outside_r[:, None] | outside_c[None, :]


def apply_activation(activation: nn.Module, value: float, channel: int, channels: int) -> float:
    """``activation`` of ``value`` at ``channel`` (per-channel parameters such as PReLU's honoured)."""
    param = next(activation.parameters(), None)
    dtype = param.dtype if param is not None else torch.float64
    device = param.device if param is not None else torch.device("cpu")
    x = torch.full((1, channels, 1, 1), float(value), dtype=dtype, device=device)
    with torch.no_grad():
        return float(activation.forward(x)[0, channel, 0, 0])  # forward: hooks stay silent


def _formulas(layer: ConvLayer, height: int, width: int) -> tuple[str, str, str]:
    """The output-size formula per axis and the parameter count formula."""
    top, bottom, left, right = layer.padding
    c_out, c_in_group, kh, kw = layer.weight.shape
    return (
        output_size_formula(height, kh, (top, bottom), layer.stride[0], layer.dilation[0]),
        output_size_formula(width, kw, (left, right), layer.stride[1], layer.dilation[1]),
        parameter_formula(kh, kw, c_in_group, c_out, layer.bias is not None),
    )


def _check(layer: ConvLayer, maps: np.ndarray, out_channel: int, row: int, col: int) -> None:
    """ValueError for an input of the wrong shape or a position outside the output."""
    if maps.ndim != 3 or maps.shape[0] != layer.in_channels:
        raise ValueError(f"the layer needs an input (C={layer.in_channels}, H, W), got {maps.shape}")
    h, w = output_shape(layer, maps.shape[1], maps.shape[2])
    if not (0 <= out_channel < layer.out_channels and 0 <= row < h and 0 <= col < w):
        raise ValueError(
            f"output ({out_channel}, {row}, {col}) is outside the layer's output "
            f"({layer.out_channels}, {h}, {w})"
        )


def conv_step(
    module: nn.Conv2d | ConvLayer,
    layer_input: np.ndarray,
    out_channel: int,
    row: int,
    col: int,
    activation: nn.Module | None = None,
) -> ModelConvStep:
    """Output ``(out_channel, row, col)`` of a conv layer rebuilt from its input (C_in, H, W)."""
    layer = module if isinstance(module, ConvLayer) else layer_of(module)
    maps = np.asarray(layer_input, dtype=np.float64)
    _check(layer, maps, out_channel, row, col)
    channels = group_channels(layer, out_channel)
    window, rows, cols, in_padding = _window(layer, maps[list(channels)], row, col)
    bias = 0.0 if layer.bias is None else float(layer.bias[out_channel])
    kernel = layer.weight[out_channel]
    rows_t, cols_t = tuple(int(r) for r in rows), tuple(int(c) for c in cols)
    steps = tuple(
        replace(c.steps[0], out_row=row, out_col=col, window_rows=rows_t, window_cols=cols_t)
        for c in convolve_channels(window, kernel, bias=bias).channels
    )
    sums = np.array([s.total for s in steps])
    total = float(sums.sum())
    activated = None
    if activation is not None:
        activated = apply_activation(activation, total + bias, out_channel, layer.out_channels)
    name = type(activation).__name__ if activation is not None else ""
    products = np.stack([s.products for s in steps])
    formulas = _formulas(layer, maps.shape[1], maps.shape[2])
    return ModelConvStep(
        out_channel, row, col, channels, rows_t, cols_t, in_padding, window, kernel, products,
        sums, steps, total, bias, total + bias, name, activated, *formulas,
    )  # fmt: skip


def explain_channel(step: ModelConvStep, k: int) -> str:
    """The products of the ``k``-th input channel written out: ``window rows 0–4, cols 0–4: … = 1.5``."""
    return explain_step(step.channel_steps[k]).rsplit("; + bias", 1)[
        0
    ]  # the bias is added once, in the total


def explain_total(step: ModelConvStep) -> str:
    """E.g. ``Σ over 2 input channels: 1.5 + (-0.25) = 1.25; + bias 0.1 = 1.35; ReLU → 1.35``."""
    sums = " + ".join(f"({format_number(s)})" if s < 0 else format_number(s) for s in step.channel_sums)
    count = len(step.in_channels)
    text = f"Σ over {count} input channel{'s' if count != 1 else ''}: {sums} = {format_number(step.total)}"
    text += f"; + bias {format_number(step.bias)} = {format_number(step.value)}"
    if step.activated is not None:
        text += f"; {step.activation_name} → {format_number(step.activated)}"
    return text
