"""Padding a 1-D signal or a 2-D matrix the five ways CNN libraries do (numpy only).

Modes, shown on the row ``1 2 3`` padded by 2 on each side:

* ``zero``       0 0 | 1 2 3 | 0 0
* ``reflect``    3 2 | 1 2 3 | 2 1   (mirror without repeating the edge)
* ``replicate``  1 1 | 1 2 3 | 3 3
* ``symmetric``  2 1 | 1 2 3 | 3 2   (mirror repeating the edge)
* ``circular``   2 3 | 1 2 3 | 1 2   (wrap around)
"""

from __future__ import annotations

import numpy as np

PADDING_MODES = ("zero", "reflect", "replicate", "symmetric", "circular")


def check_mode(mode: str) -> None:
    """ValueError unless ``mode`` is one of :data:`PADDING_MODES`."""
    if mode not in PADDING_MODES:
        raise ValueError(f"unknown padding mode '{mode}' (choose from {', '.join(PADDING_MODES)})")


def _check_amount(n: int, before: int, after: int, mode: str) -> None:
    """ValueError when ``mode`` cannot pad an axis of length ``n`` by this much."""
    if before < 0 or after < 0:
        raise ValueError(f"padding must not be negative, got {before} and {after}")
    if n < 1:
        raise ValueError("cannot pad an empty input")
    most = max(before, after)
    if mode == "reflect" and most >= n:
        raise ValueError(f"reflect padding must be smaller than the size it mirrors: {most} ≥ {n}")
    if mode in ("symmetric", "circular") and most > n:
        raise ValueError(f"{mode} padding must be at most the size it copies from: {most} > {n}")


def source_indices(n: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each padded position along an axis, the input index it copies (-1 for a zero)."""
    check_mode(mode)
    _check_amount(n, before, after, mode)
    i = np.arange(-before, n + after)
    inside = (i >= 0) & (i < n)
    if mode == "zero":
        return np.where(inside, i, -1)
    if mode == "replicate":
        return np.clip(i, 0, n - 1)
    if mode == "circular":
        return i % n
    if mode == "reflect":
        return np.where(i < 0, -i, np.where(i >= n, 2 * (n - 1) - i, i))
    return np.where(i < 0, -i - 1, np.where(i >= n, 2 * n - 1 - i, i))  # symmetric


def _take(x: np.ndarray, index: np.ndarray, axis: int) -> np.ndarray:
    """``x`` gathered along ``axis`` by ``index``, with zeros where the index is -1."""
    out = np.take(x, np.maximum(index, 0), axis=axis)
    zero = index < 0
    if zero.any():
        where = [slice(None)] * x.ndim
        where[axis] = zero  # type: ignore[call-overload]
        out[tuple(where)] = 0.0
    return out


def pad1d(x: np.ndarray, left: int, right: int, mode: str = "zero") -> np.ndarray:
    """A 1-D signal padded by ``left`` and ``right`` values (float64)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"pad1d needs a 1-D signal, got {x.ndim} dimensions")
    return _take(x, source_indices(x.shape[0], left, right, mode), axis=0)


def pad(x: np.ndarray, top: int, bottom: int, left: int, right: int, mode: str = "zero") -> np.ndarray:
    """A 2-D matrix padded by ``top``/``bottom`` rows and ``left``/``right`` columns (float64)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"pad needs a 2-D matrix, got {x.ndim} dimensions")
    rows = _take(x, source_indices(x.shape[0], top, bottom, mode), axis=0)
    return _take(rows, source_indices(x.shape[1], left, right, mode), axis=1)


def pad_any(x: np.ndarray, sides: tuple[int, int, int, int], mode: str = "zero") -> np.ndarray:
    """:func:`pad` for a matrix, :func:`pad1d` (left, right only) for a signal."""
    top, bottom, left, right = sides
    if np.ndim(x) == 1:
        if top or bottom:
            raise ValueError("a 1-D signal has no rows to pad: give only left and right padding")
        return pad1d(x, left, right, mode)
    return pad(x, top, bottom, left, right, mode)


def padding_sides(padding: int | tuple[int, ...], ndim: int) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) from P (every side), (left, right) for 1-D, or (t, b, l, r)."""
    values = (padding,) if isinstance(padding, int | np.integer) else tuple(padding)
    values = tuple(int(v) for v in values)
    if any(v < 0 for v in values):
        raise ValueError(f"padding must not be negative, got {', '.join(map(str, values))}")
    if len(values) == 1:
        p = values[0]
        return (0, 0, p, p) if ndim == 1 else (p, p, p, p)
    if len(values) == 2 and ndim == 1:
        return (0, 0, values[0], values[1])
    if len(values) == 4:
        return (values[0], values[1], values[2], values[3])
    wanted = "P or LEFT,RIGHT" if ndim == 1 else "P or TOP,BOTTOM,LEFT,RIGHT"
    raise ValueError(f"padding must be {wanted}, got {len(values)} numbers")
