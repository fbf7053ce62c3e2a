"""Small matrices as text: parse what a student types, print numbers the way they write them.

``"3 1 4; 2 2 2; 4 8 1"`` is a 3×3 matrix (rows split by ``;`` or new lines, numbers by
spaces or commas); a single row such as ``"1 0 -1"`` is a 1-D signal.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

_ROW_SPLIT = re.compile(r"[;\n]")
_NUMBER_SPLIT = re.compile(r"[,\s]+")


def _parse_number(token: str, row: int, name: str) -> float:
    """One number of row ``row`` (1-based), or a ValueError naming it."""
    try:
        value = float(token.replace("−", "-"))
    except ValueError:
        raise ValueError(f"{name}: '{token}' in row {row} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{name}: '{token}' in row {row} is not a finite number")
    return value


def _parse_row(text: str, row: int, name: str) -> list[float]:
    """The numbers of one row of text."""
    return [_parse_number(t, row, name) for t in _NUMBER_SPLIT.split(text.strip()) if t]


def parse_matrix(text: str, name: str = "matrix") -> np.ndarray:
    """A float64 matrix from text; one row gives a 1-D array. ValueError for ragged or bad input."""
    lines = [line for line in _ROW_SPLIT.split(text) if line.strip()]
    rows = [_parse_row(line, i + 1, name) for i, line in enumerate(lines)]
    if not rows:
        raise ValueError(f"{name} is empty: type numbers such as '1 2; 3 4'")
    widths = [len(r) for r in rows]
    if len(set(widths)) > 1:
        detail = ", ".join(f"row {i + 1} has {w}" for i, w in enumerate(widths))
        raise ValueError(f"{name}: every row needs the same number of values ({detail})")
    if len(rows) == 1:
        return np.array(rows[0], dtype=np.float64)
    return np.array(rows, dtype=np.float64)


def format_number(value: float) -> str:
    """``3`` for whole numbers, otherwise up to 4 decimals without trailing zeros (``2.5``)."""
    value = float(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if math.isnan(value):
        return "nan"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_row(values: np.ndarray, width: int = 0) -> str:
    """The numbers of a row separated by spaces, each right-aligned to ``width`` characters."""
    return " ".join(format_number(v).rjust(width) for v in np.asarray(values).ravel())


def format_matrix(matrix: np.ndarray, align: bool = False) -> str:
    """Rows on lines, numbers separated by spaces; ``align`` right-justifies columns."""
    m = np.asarray(matrix, dtype=np.float64)
    rows = m.reshape(1, -1) if m.ndim <= 1 else m.reshape(m.shape[0], -1)
    width = max((len(format_number(v)) for v in rows.ravel()), default=0) if align else 0
    return "\n".join(format_row(row, width) for row in rows)


def plain_number(value: float) -> int | float:
    """An int for whole numbers, otherwise the float (so JSON shows ``3``, not ``3.0``)."""
    value = float(value)
    return int(value) if value.is_integer() else value


def to_lists(matrix: np.ndarray) -> list[Any]:
    """The matrix (or signal) as nested lists of ints and floats, for JSON."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim <= 1:
        return [plain_number(v) for v in m.ravel()]
    return [to_lists(row) for row in m]
