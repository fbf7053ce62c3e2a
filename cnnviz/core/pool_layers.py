"""The pooling layers of a real model, in the terms of :mod:`cnnviz.core.pooling`.

:func:`layer_pooling` reads a torch pooling module (kernel, stride, padding, ceil mode, or the
output size of an adaptive pool); :func:`pool_like_layer` pools one input map the way that
layer does, or with another operation over the same windows, or globally. What the arithmetic
here cannot reproduce exactly (dilation, average pooling that leaves padding out of the count,
a divisor override, LP and fractional pooling) raises :class:`UnsupportedPooling` with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cnnviz.core.pooling import PoolResult, adaptive_pool, global_pool, pool

if TYPE_CHECKING:  # torch is imported when a layer is read, not with this module (fast start-up)
    from torch import nn

    from cnnviz.core.summary import ModelSummary

POOL_TYPE_NAMES = frozenset(
    {"MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d", "LPPool2d", "FractionalMaxPool2d"}
)
# The operations a pooling panel offers: the layer's own, another over its windows, or global.
POOL_CHOICES = {
    "model": "As in the model",
    "max": "Max",
    "avg": "Average",
    "min": "Min",
    "global max": "Global max",
    "global avg": "Global average",
}


class UnsupportedPooling(ValueError):
    """A pooling module whose arithmetic cnnviz does not reproduce exactly."""


@dataclass(frozen=True)
class LayerPooling:
    """How one pooling module pools: ``adaptive`` is its output size (``None`` for a window pool)."""

    type_name: str
    op: str
    size: tuple[int, int] = (1, 1)
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    ceil_mode: bool = False
    adaptive: tuple[int | None, int | None] | None = None


def _pair(value: int | Sequence[int]) -> tuple[int, int]:
    """(vertical, horizontal) from a torch int-or-pair argument."""
    if isinstance(value, int):
        return value, value
    return int(value[0]), int(value[1])


def _adaptive_size(size: int | Sequence[int | None] | None) -> tuple[int | None, int | None]:
    """An adaptive pool's (rows, cols); ``None`` keeps that side of the input."""
    if size is None or isinstance(size, int):
        return size, size
    return size[0], size[1]


def pooling_layer_names(summary: ModelSummary) -> list[str]:
    """Names (as recorded, call order) of the layers that pool 2-D maps."""
    return [
        row.name for row in summary.rows if row.type_name in POOL_TYPE_NAMES and len(row.output_shape) == 3
    ]


def layer_pooling(module: nn.Module) -> LayerPooling:
    """The pooling a module performs; :class:`UnsupportedPooling` when not reproducible."""
    from torch import nn

    name = type(module).__name__
    if isinstance(module, nn.AdaptiveMaxPool2d | nn.AdaptiveAvgPool2d):
        op = "max" if isinstance(module, nn.AdaptiveMaxPool2d) else "avg"
        return LayerPooling(name, op, adaptive=_adaptive_size(module.output_size))
    if isinstance(module, nn.MaxPool2d):
        if _pair(module.dilation) != (1, 1):
            raise UnsupportedPooling(f"{name} with dilation {module.dilation} is not explained here")
        op = "max"
    elif isinstance(module, nn.AvgPool2d):
        _check_average(module)
        op = "avg"
    else:
        raise UnsupportedPooling(f"{name} is not explained here (max, average and adaptive pooling are)")
    size = _pair(module.kernel_size)
    stride = _pair(module.stride) if module.stride else size
    return LayerPooling(name, op, size, stride, _pair(module.padding), bool(module.ceil_mode))


def _check_average(module: nn.AvgPool2d) -> None:
    """Average pooling as torch does it by default: padding counts, no divisor override."""
    if module.divisor_override:
        raise UnsupportedPooling(
            f"AvgPool2d with divisor_override={module.divisor_override} is not explained here"
        )
    if not module.count_include_pad and _pair(module.padding) != (0, 0):
        raise UnsupportedPooling("AvgPool2d that leaves padding out of the average is not explained here")


def adaptive_output(layer: LayerPooling, shape: tuple[int, int]) -> tuple[int, int]:
    """An adaptive pool's output size for a map of ``shape`` (``None`` keeps that side)."""
    assert layer.adaptive is not None
    rows, cols = layer.adaptive
    return (shape[0] if rows is None else rows, shape[1] if cols is None else cols)


def pool_like_layer(x: np.ndarray, layer: LayerPooling, choice: str = "model") -> PoolResult:
    """Pool one H×W map as ``layer`` does (``"model"``), with another op over the same windows
    (``"max"``, ``"avg"``, ``"min"``), or over the whole map (``"global max"``, ``"global avg"``)."""
    if choice not in POOL_CHOICES:
        raise ValueError(f"unknown pooling choice '{choice}' (choose from {', '.join(POOL_CHOICES)})")
    if choice.startswith("global "):
        return global_pool(x, choice.removeprefix("global "))
    op = layer.op if choice == "model" else choice
    if layer.adaptive is not None:
        return adaptive_pool(x, adaptive_output(layer, (x.shape[0], x.shape[1])), op)
    return pool(x, layer.size, layer.stride, op, layer.padding, layer.ceil_mode)


def _windows_text(layer: LayerPooling) -> str:
    """E.g. ``2×2 windows, stride 2`` (padding and ceil mode when set)."""
    (kh, kw), (sh, sw), (ph, pw) = layer.size, layer.stride, layer.padding
    text = f"{kh}×{kw} windows, stride {sh if sh == sw else f'{sh}×{sw}'}"
    if (ph, pw) != (0, 0):
        text += f", padding {ph if ph == pw else f'{ph}×{pw}'}"
    return text + (", ceil mode" if layer.ceil_mode else "")


def describe_layer(layer: LayerPooling) -> str:
    """E.g. ``MaxPool2d: max over 2×2 windows, stride 2`` or ``AdaptiveAvgPool2d: average to 1×1``."""
    op = POOL_CHOICES[layer.op].lower()
    if layer.adaptive is not None:
        rows, cols = ("same" if v is None else str(v) for v in layer.adaptive)
        return f"{layer.type_name}: {op} to {rows}×{cols} (adaptive windows)"
    return f"{layer.type_name}: {op} over {_windows_text(layer)}"


def describe_choice(layer: LayerPooling, choice: str) -> str:
    """What a panel computes for ``choice``, e.g. ``min over the layer's windows (2×2 windows, stride 2)``."""
    if choice == "model":
        return describe_layer(layer)
    op = POOL_CHOICES[choice].lower()
    if choice.startswith("global "):
        return f"{op} pooling: one value for the whole map"
    where = "adaptive windows" if layer.adaptive is not None else f"windows ({_windows_text(layer)})"
    return f"{op} over the layer's {where}"
