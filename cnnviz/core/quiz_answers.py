"""Reading a typed quiz answer leniently: a number, a size such as ``6×6``, or a matrix.

Numbers may use a decimal comma (``2,5``) or group thousands (``48 120``, ``48,120``): every
reading of the text is returned and the answer is right when one of them is. Sizes may be
written ``6x6``, ``6 × 6``, ``(6, 6)`` or ``6 by 6``. Matrices have rows on lines or
separated by ``;`` (also ``[[1, 2], [3, 4]]``). Text that cannot be read raises ValueError.
"""

from __future__ import annotations

import re

import numpy as np

from cnnviz.core.matrices import parse_matrix

_NUMBER = re.compile(r"[^\d+\-−]*?([+\-−]?\d[\d.,'\s]*)[^\d]*")
_GROUPED = re.compile(r"\d{1,3}(?:([ \u00a0\u202f.,'])\d{3})(?:\1\d{3})*")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_SHAPE_SPLIT = re.compile(r"\s*(?:x|×|\*|,|;|\bby\b|\bpor\b)\s*|\s+")
_REASONS = {
    "ragged": {
        "en": "the rows do not all have the same number of values",
        "es": "las filas no tienen todas el mismo número de valores",
    },
    "token": {"en": "'{token}' is not a number", "es": "'{token}' no es un número"},
    "empty": {"en": "it is empty", "es": "está vacía"},
}


def read_number(text: str) -> list[float]:
    """Every value the text can mean (``48,120`` → 48120 and 48.12); ValueError if none."""
    match = _NUMBER.fullmatch(text.strip().replace("\u00a0", " ").replace("\u202f", " "))
    if match is None:
        raise ValueError(text)
    core = match.group(1).strip().rstrip(".,").strip()
    sign = -1.0 if core[0] in "-−" else 1.0
    core = core.lstrip("+-−").strip()
    readings = []
    if _GROUPED.fullmatch(core):
        readings.append(sign * float(re.sub(r"\D", "", core)))
    decimal = core.replace(",", ".")
    if _DECIMAL.fullmatch(decimal):
        readings.append(sign * float(decimal))
    if not readings:
        raise ValueError(text)
    return readings


def read_shape(text: str) -> tuple[int, ...]:
    """``16×16×16``, ``(6, 6)``, ``6 by 6`` … as a tuple of whole numbers; ValueError otherwise."""
    cleaned = re.sub(r"[()\[\]]", " ", text.strip().lower()).strip()
    parts = [p for p in _SHAPE_SPLIT.split(cleaned) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    return tuple(int(p) for p in parts)


def _reason(message: str, language: str) -> str:
    """A parse_matrix message in ``language``."""
    if "same number" in message:
        return _REASONS["ragged"][language]
    token = re.search(r"'(.*?)'", message)
    if token is not None and "not a" in message:
        return _REASONS["token"][language].format(token=token.group(1))
    return _REASONS["empty"][language]


def read_matrix(text: str, shape: tuple[int, ...], language: str = "en") -> np.ndarray:
    """The typed matrix, preferring the reading (commas as separators or as decimal commas) of ``shape``.

    ValueError with the reason in ``language`` when no reading parses.
    """
    cleaned = re.sub(r"\]\s*,?\s*\[", ";", text.strip())
    cleaned = re.sub(r"[\[\]()]", " ", cleaned).replace("\t", " ")
    variants = [cleaned, re.sub(r"(\d),(\d)", r"\1.\2", cleaned)]
    readings, first_error = [], ""
    for variant in variants:
        try:
            matrix = parse_matrix(variant, "answer")
        except ValueError as exc:
            first_error = first_error or str(exc)
            continue
        readings.append(matrix.reshape(1, -1) if matrix.ndim == 1 else matrix)
    if not readings:
        raise ValueError(_reason(first_error, language))
    return next((m for m in readings if m.shape == shape), readings[0])
