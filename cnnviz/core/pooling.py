"""Pooling by hand: max, average and min over windows, with the max/min "switch" positions.

Padding follows torch: max pooling pads with −∞ and min pooling with +∞ (padding never wins),
average pooling pads with zeros that count in the average. With ``ceil_mode`` a last window may
hang over the padded edge; only the part inside counts (as in torch). Adaptive pooling uses
torch's windows: rows ⌊i·H/out⌋ to ⌈(i+1)·H/out⌉ − 1. Switches are (row, col) positions in the
unpadded input; a 1-D signal has row 0. Ties go to the first position in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.core.convolution import output_size
from cnnviz.core.matrices import format_number

POOL_OPS = ("max", "avg", "min")
_FILL = {"max": -np.inf, "min": np.inf, "avg": 0.0}
Span = tuple[int, int]
Window = tuple[Span, Span]


@dataclass(frozen=True)
class PoolResult:
    """Input, padded input, output and (for max/min) the input position each output came from.

    ``windows`` hold (first, last) padded rows and columns of each output's window, in reading
    order; ``size`` and ``stride`` are nominal for adaptive pooling (its windows vary).
    """

    input: np.ndarray
    padded: np.ndarray
    output: np.ndarray
    switches: list[tuple[int, int]] | None
    windows: list[Window]
    size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    op: str


def _pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """(vertical, horizontal) from an int or a pair, each at least 1."""
    a, b = (value, value) if isinstance(value, int | np.integer) else value
    if int(a) < 1 or int(b) < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(a), int(b)


def _as_matrix(x: np.ndarray, op: str) -> np.ndarray:
    """A float64 matrix (a 1-D signal becomes one row); ValueError for bad input or op."""
    if op not in POOL_OPS:
        raise ValueError(f"unknown pooling '{op}' (choose from {', '.join(POOL_OPS)})")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (1, 2) or x.size == 0:
        raise ValueError("pooling needs a non-empty 1-D signal or 2-D matrix")
    return x.reshape(1, -1) if x.ndim == 1 else x


def _padding(padding: int | tuple[int, int], k: tuple[int, int], one_d: bool) -> tuple[int, int]:
    """Padding per side (vertical, horizontal), at most half the window (as torch requires)."""
    p = (padding, padding) if isinstance(padding, int | np.integer) else padding
    p = (0 if one_d else int(p[0]), int(p[1]))
    if min(p) < 0 or 2 * p[0] > k[0] or 2 * p[1] > k[1]:
        raise ValueError(f"pool padding must be from 0 to half the window size, got {padding}")
    return p


def pooled_size(n: int, k: int, padding: int, stride: int, ceil_mode: bool = False) -> int:
    """Output length as torch computes it: ⌊(n + 2p − k)/s⌋ + 1, or rounded up with ``ceil_mode``
    (a last window that would start in the right padding is dropped)."""
    size = output_size(n, k, padding, stride)
    if ceil_mode:
        size = (n + 2 * padding - k + stride - 1) // stride + 1
        if (size - 1) * stride >= n + padding:
            size -= 1
    return size


def _reduce(window: np.ndarray, op: str) -> tuple[float, int | None]:
    """The window's max/avg/min and, for max/min, the flat index of the first extreme."""
    if op == "avg":
        return float(window.mean()), None
    flat = int(np.argmax(window) if op == "max" else np.argmin(window))
    return float(window.ravel()[flat]), flat


def _apply(
    x: np.ndarray, padded: np.ndarray, windows: list[Window], out: tuple[int, int], meta: dict[str, Any]
) -> PoolResult:
    """Reduce every window of ``padded``; ``meta`` holds size, stride, padding and op."""
    op, (p0, p1) = meta["op"], meta["padding"]
    values, switches = [], []
    for (r0, r1), (c0, c1) in windows:
        value, flat = _reduce(padded[r0 : r1 + 1, c0 : c1 + 1], op)
        values.append(value)
        if flat is not None:
            width = c1 - c0 + 1
            switches.append((r0 + flat // width - p0, c0 + flat % width - p1))
    output: np.ndarray = np.array(values).reshape(out)
    kept = switches if op != "avg" else None
    if x.ndim == 1:
        return PoolResult(x, padded.ravel(), output.ravel(), kept, windows, **meta)
    return PoolResult(x, padded, output, kept, windows, **meta)


def pool(
    x: np.ndarray,
    size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    op: str = "max",
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
) -> PoolResult:
    """Pool a matrix (or 1-D signal) with ``size`` windows; ``stride`` defaults to ``size``."""
    x2 = _as_matrix(x, op)
    one_d = np.ndim(x) == 1
    k = (1, _pair(size, "size")[1]) if one_d else _pair(size, "size")
    s = k if stride is None else ((1, _pair(stride, "stride")[1]) if one_d else _pair(stride, "stride"))
    p = _padding(padding, k, one_d)
    padded = np.pad(x2, ((p[0], p[0]), (p[1], p[1])), constant_values=_FILL[op])
    out = (
        pooled_size(x2.shape[0], k[0], p[0], s[0], ceil_mode),
        pooled_size(x2.shape[1], k[1], p[1], s[1], ceil_mode),
    )
    rows = [(r * s[0], min(r * s[0] + k[0], padded.shape[0]) - 1) for r in range(out[0])]
    cols = [(c * s[1], min(c * s[1] + k[1], padded.shape[1]) - 1) for c in range(out[1])]
    windows = [(r, c) for r in rows for c in cols]
    return _apply(np.asarray(x, dtype=np.float64), padded, windows, out, _meta(k, s, p, op))


def _meta(k: tuple[int, int], s: tuple[int, int], p: tuple[int, int], op: str) -> dict[str, Any]:
    """The geometry fields of a :class:`PoolResult`."""
    return {"size": k, "stride": s, "padding": p, "op": op}


def adaptive_spans(n: int, out: int) -> list[Span]:
    """torch's adaptive windows along one axis: ⌊i·n/out⌋ to ⌈(i+1)·n/out⌉ − 1."""
    if n < 1 or out < 1:
        raise ValueError(f"adaptive pooling needs positive sizes, got {n} → {out}")
    return [((i * n) // out, -(-((i + 1) * n) // out) - 1) for i in range(out)]


def adaptive_pool(x: np.ndarray, output_size: int | tuple[int, int], op: str = "avg") -> PoolResult:
    """Adaptive pooling to ``output_size`` (a signal: its length) with torch's windows."""
    x2 = _as_matrix(x, op)
    one_d = np.ndim(x) == 1
    out = (1, _pair(output_size, "output size")[1]) if one_d else _pair(output_size, "output size")
    rows, cols = adaptive_spans(x2.shape[0], out[0]), adaptive_spans(x2.shape[1], out[1])
    largest = (max(b - a + 1 for a, b in rows), max(b - a + 1 for a, b in cols))
    nominal = (x2.shape[0] // out[0] or 1, x2.shape[1] // out[1] or 1)
    windows = [(r, c) for r in rows for c in cols]
    meta = _meta(largest, nominal, (0, 0), op)
    return _apply(np.asarray(x, dtype=np.float64), x2.copy(), windows, out, meta)


def global_pool(x: np.ndarray, op: str = "avg") -> PoolResult:
    """One value for the whole matrix (or signal): its max, average or min."""
    shape = np.shape(x)
    if len(shape) not in (1, 2) or 0 in shape:
        raise ValueError("pooling needs a non-empty 1-D signal or 2-D matrix")
    size = (1, shape[0]) if len(shape) == 1 else (shape[0], shape[1])
    return pool(x, size, op=op)


def _where(result: PoolResult, window: Window) -> str:
    (r0, r1), (c0, c1) = window
    return f"cols {c0}–{c1}" if result.input.ndim == 1 else f"rows {r0}–{r1}, cols {c0}–{c1}"


def _at(result: PoolResult, index: int) -> str:
    """`` at (row, col)`` of the switch of output ``index`` (`` at (col)`` for a signal), or ''."""
    if result.switches is None:
        return ""
    row, col = result.switches[index]
    return f" at ({col})" if result.input.ndim == 1 else f" at ({row}, {col})"


def window_values(result: PoolResult, index: int) -> np.ndarray:
    """The padded values in output ``index``'s window, in reading order."""
    (r0, r1), (c0, c1) = result.windows[index]
    return result.padded.reshape(-1, result.padded.shape[-1])[r0 : r1 + 1, c0 : c1 + 1].ravel()


def explain_pool(result: PoolResult) -> list[str]:
    """One line per output value, e.g. ``window rows 0–1, cols 0–1: max(3, 1, 2, 2) = 3 at (0, 0)``."""
    lines = []
    for i, window in enumerate(result.windows):
        values = ", ".join(format_number(v) for v in window_values(result, i))
        value = format_number(result.output.ravel()[i])
        lines.append(f"window {_where(result, window)}: {result.op}({values}) = {value}{_at(result, i)}")
    return lines


def explain_window(result: PoolResult, index: int, max_values: int = 16) -> str:
    """One output's computation, e.g. ``max(0.12, 0.5, 0.33, 0.01) = 0.5 at (3, 2)``; a window
    of more than ``max_values`` values is summarised (``max of the 784 values in rows …``)."""
    values = window_values(result, index)
    value = format_number(result.output.ravel()[index])
    if len(values) <= max_values:
        body = f"{result.op}({', '.join(format_number(v) for v in values)})"
    else:
        body = f"{result.op} of the {len(values)} values in {_where(result, result.windows[index])}"
        if result.op == "avg":
            body += f" = {format_number(values.sum())} / {len(values)}"
    return f"{body} = {value}{_at(result, index)}"


def windows_containing(result: PoolResult, row: int, col: int) -> list[int]:
    """Indices of the outputs whose window covers input position (row, col) (unpadded)."""
    r, c = row + result.padding[0], col + result.padding[1]
    return [i for i, ((r0, r1), (c0, c1)) in enumerate(result.windows) if r0 <= r <= r1 and c0 <= c <= c1]


def input_window(result: PoolResult, index: int) -> tuple[int, int, int, int]:
    """Output ``index``'s window as (first row, last row, first col, last col) of the unpadded
    input; a row or column below 0 or past the edge is padding."""
    (r0, r1), (c0, c1) = result.windows[index]
    p0, p1 = result.padding
    return r0 - p0, r1 - p0, c0 - p1, c1 - p1


def window_grid(result: PoolResult, index: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int] | None]:
    """Output ``index``'s window as a matrix, a mask that is False on padding, and the switch's
    (row, col) inside the window (None for average pooling)."""
    (r0, r1), (c0, c1) = result.windows[index]
    values = result.padded.reshape(-1, result.padded.shape[-1])[r0 : r1 + 1, c0 : c1 + 1]
    top, bottom, left, right = input_window(result, index)
    h, w = result.input.reshape(-1, result.input.shape[-1]).shape
    rows, cols = np.arange(top, bottom + 1), np.arange(left, right + 1)
    inside = ((rows >= 0) & (rows < h))[:, None] & ((cols >= 0) & (cols < w))[None, :]
    switch = None if result.switches is None else result.switches[index]
    return values, inside, None if switch is None else (switch[0] - top, switch[1] - left)


def decided_switches(result: PoolResult) -> list[tuple[int, int]]:
    """The switches of the windows whose values are not all equal (where the max or min is a choice)."""
    if result.switches is None:
        return []
    return [at for i, at in enumerate(result.switches) if np.ptp(window_values(result, i)) > 0]


def padding_note(result: PoolResult, index: int) -> str:
    """E.g. ``rows and columns outside 0–9, 0–9 are padding (−inf: never the max)``; '' inside."""
    _values, inside, _switch = window_grid(result, index)
    if inside.all():
        return ""
    h, w = result.input.reshape(-1, result.input.shape[-1]).shape
    fill = {"max": "−inf: never the max", "min": "+inf: never the min", "avg": "0, counted in the average"}
    return f"rows and columns outside 0–{h - 1}, 0–{w - 1} are padding ({fill[result.op]})"
