"""Pooling by hand: max, average and min over windows, with the max/min "switch" positions.

Padding follows torch: max pooling pads with −∞ and min pooling with +∞ (padding never wins),
average pooling pads with zeros that count in the average. Switches are (row, col) positions
in the unpadded input; a 1-D signal has row 0. Ties go to the first position in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core.convolution import output_size
from cnnviz.core.matrices import format_number

POOL_OPS = ("max", "avg", "min")
_FILL = {"max": -np.inf, "min": np.inf, "avg": 0.0}


@dataclass(frozen=True)
class PoolResult:
    """Input, padded input, output and (for max/min) the input position each output came from."""

    input: np.ndarray
    padded: np.ndarray
    output: np.ndarray
    switches: list[tuple[int, int]] | None
    windows: list[tuple[tuple[int, int], tuple[int, int]]]
    size: tuple[int, int]
    stride: tuple[int, int]
    padding: int
    op: str


def _pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """(vertical, horizontal) from an int or a pair, each at least 1."""
    a, b = (value, value) if isinstance(value, int | np.integer) else value
    if int(a) < 1 or int(b) < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(a), int(b)


def _reduce(window: np.ndarray, op: str) -> tuple[float, int | None]:
    """The window's max/avg/min and, for max/min, the flat index of the first extreme."""
    if op == "avg":
        return float(window.mean()), None
    flat = int(np.argmax(window) if op == "max" else np.argmin(window))
    return float(window.ravel()[flat]), flat


def pool(
    x: np.ndarray,
    size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    op: str = "max",
    padding: int = 0,
) -> PoolResult:
    """Pool a matrix (or 1-D signal) with ``size`` windows; ``stride`` defaults to ``size``."""
    if op not in POOL_OPS:
        raise ValueError(f"unknown pooling '{op}' (choose from {', '.join(POOL_OPS)})")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (1, 2) or x.size == 0:
        raise ValueError("pooling needs a non-empty 1-D signal or 2-D matrix")
    one_d = x.ndim == 1
    x2 = x.reshape(1, -1) if one_d else x
    k = (1, _pair(size, "size")[1]) if one_d else _pair(size, "size")
    s = k if stride is None else ((1, _pair(stride, "stride")[1]) if one_d else _pair(stride, "stride"))
    if padding < 0 or 2 * padding > (k[1] if one_d else min(k)):
        raise ValueError(f"pool padding must be from 0 to half the window size, got {padding}")
    p = (0 if one_d else padding, padding)
    padded = np.pad(x2, ((p[0], p[0]), (p[1], p[1])), constant_values=_FILL[op])
    out = tuple(output_size(x2.shape[i], k[i], p[i], s[i]) for i in (0, 1))
    values, switches, windows = [], [], []
    for r in range(out[0]):
        for c in range(out[1]):
            r0, c0 = r * s[0], c * s[1]
            value, flat = _reduce(padded[r0 : r0 + k[0], c0 : c0 + k[1]], op)
            values.append(value)
            windows.append(((r0, r0 + k[0] - 1), (c0, c0 + k[1] - 1)))
            if flat is not None:
                switches.append((r0 + flat // k[1] - p[0], c0 + flat % k[1] - p[1]))
    output = np.array(values).reshape(out)
    shape = (lambda a: a.ravel()) if one_d else (lambda a: a)
    return PoolResult(
        x, shape(padded), shape(output), switches if op != "avg" else None, windows, k, s, padding, op
    )


def global_pool(x: np.ndarray, op: str = "avg") -> PoolResult:
    """One value for the whole matrix (or signal): its max, average or min."""
    shape = np.shape(x)
    if len(shape) not in (1, 2) or 0 in shape:
        raise ValueError("pooling needs a non-empty 1-D signal or 2-D matrix")
    size = (1, shape[0]) if len(shape) == 1 else (shape[0], shape[1])
    return pool(x, size, op=op)


def explain_pool(result: PoolResult) -> list[str]:
    """One line per output value, e.g. ``window rows 0–1, cols 0–1: max(3, 1, 2, 2) = 3 at (0, 0)``."""
    padded = result.padded.reshape(-1, result.padded.shape[-1])
    lines = []
    for i, ((r0, r1), (c0, c1)) in enumerate(result.windows):
        values = ", ".join(format_number(v) for v in padded[r0 : r1 + 1, c0 : c1 + 1].ravel())
        where = f"cols {c0}–{c1}" if result.input.ndim == 1 else f"rows {r0}–{r1}, cols {c0}–{c1}"
        line = f"window {where}: {result.op}({values}) = {format_number(result.output.ravel()[i])}"
        if result.switches is not None:
            row, col = result.switches[i]
            line += f" at ({col})" if result.input.ndim == 1 else f" at ({row}, {col})"
        lines.append(line)
    return lines
