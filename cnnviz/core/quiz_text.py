"""The words of the quiz in English and Spanish: phrases, layer descriptions, translated explanations.

Numbers and formulas come from the core modules; this module only words them. Spanish is
written as a Spanish-speaking teacher would, with the English term in brackets where the
course uses it ("paso (stride)", "relleno (padding)", "agrupación máxima (max pooling)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

LANGUAGES = ("en", "es")

PHRASES: dict[str, dict[str, str]] = {
    # -- answers ----------------------------------------------------------------------------
    "right": {"en": "Correct!", "es": "¡Correcto!"},
    "wrong": {
        "en": "Not correct. Try again or show the solution.",
        "es": "No es correcto. Inténtalo de nuevo o mira la solución.",
    },
    "empty": {"en": "Type an answer first.", "es": "Escribe primero una respuesta."},
    "bad_number": {
        "en": "Cannot read '{text}' as a number. Type a number, e.g. {example}.",
        "es": "No se puede leer '{text}' como un número. Escribe un número, por ejemplo {example}.",
    },
    "bad_shape": {
        "en": "Cannot read '{text}' as a size. Type {count} numbers, e.g. {example}.",
        "es": "No se puede leer '{text}' como un tamaño. Escribe {count} números, por ejemplo {example}.",
    },
    "bad_matrix": {
        "en": "Cannot read the matrix: {reason}. Type rows on separate lines (or separated by ';').",
        "es": "No se puede leer la matriz: {reason}. Escribe cada fila en una línea (o sepáralas con ';').",
    },
    "matrix_size": {
        "en": "Not correct: your matrix is {got}, the answer has another size. Check the output size.",
        "es": "No es correcto: tu matriz es de {got} y la respuesta tiene otro tamaño. "
        "Revisa el tamaño de salida.",
    },
    # -- labels -----------------------------------------------------------------------------
    "input": {"en": "Input", "es": "Entrada"},
    "kernel": {"en": "Kernel", "es": "Filtro"},
    "matrix": {"en": "Matrix", "es": "Matriz"},
    "answer": {"en": "Answer: {answer}", "es": "Respuesta: {answer}"},
    "hint_number": {"en": "Answer with one number.", "es": "Responde con un número."},
    "hint_shape": {
        "en": "Answer as C×H×W, e.g. 8×14×14.",
        "es": "Responde como C×H×W, por ejemplo 8×14×14.",
    },
    "hint_matrix": {
        "en": "Type one row per line, numbers separated by spaces.",
        "es": "Escribe una fila por línea, con los números separados por espacios.",
    },
    "hint_decimals": {
        "en": "Write decimals exactly, e.g. 2.25.",
        "es": "Escribe los decimales exactos, por ejemplo 2,25.",
    },
    # -- layers -----------------------------------------------------------------------------
    "conv": {"en": "convolution", "es": "convolución"},
    "filters": {"en": "{n} filters of {k}×{k}", "es": "{n} filtros de {k}×{k}"},
    "kernel_size": {"en": "kernel {k}×{k}", "es": "filtro de {k}×{k}"},
    "stride": {"en": "stride {s}", "es": "paso {s}"},
    "padding": {"en": "padding {p}", "es": "relleno {p}"},
    "dilation": {"en": "dilation {d}", "es": "dilatación {d}"},
    "pool_max": {"en": "max pooling", "es": "agrupación máxima (max pooling)"},
    "pool_avg": {"en": "average pooling", "es": "agrupación promedio (average pooling)"},
    "pool_min": {"en": "min pooling", "es": "agrupación mínima (min pooling)"},
    "window": {"en": "window {k}×{k}", "es": "ventana de {k}×{k}"},
    "flatten": {"en": "flatten", "es": "aplanado (flatten)"},
    "dense": {
        "en": "fully connected layer with {n} units",
        "es": "capa totalmente conectada (densa) de {n} neuronas",
    },
    "glossary": {"en": "", "es": "(paso = stride, relleno = padding)\n"},
    "with_bias": {"en": "with bias", "es": "con sesgo (bias)"},
    "without_bias": {"en": "without bias", "es": "sin sesgo (bias)"},
    "layer_n": {"en": "Layer {i}", "es": "Capa {i}"},
    "output_n": {"en": "Output ({r}, {c})", "es": "Salida ({r}, {c})"},
}

# Words of the core explanations (explain_step, explain_pool) and their Spanish.
_CORE_WORDS = (
    ("window positions", "ventana, posiciones"),
    ("window rows", "ventana, filas"),
    ("window cols", "ventana, columnas"),
    ("cols", "columnas"),
    ("max(", "máx("),
    ("min(", "mín("),
    ("avg(", "promedio("),
    (" at (", " en ("),
    ("bias", "sesgo"),
)
_ZERO_BIAS = re.compile(r"; \+ bias 0 = [-\d.]+$")


@dataclass(frozen=True)
class StackLayer:
    """One layer of a described network: conv, pool, flatten or dense."""

    kind: str
    size: int = 1
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    channels: int = 0
    op: str = "max"


def check_language(language: str) -> None:
    """ValueError unless ``language`` is one of :data:`LANGUAGES`."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}' (choose from {', '.join(LANGUAGES)})")


class Phrases:
    """A table of phrases, each in every language; call it for one filled in."""

    def __init__(self, table: dict[str, dict[str, str]]) -> None:
        self.table = table

    def __call__(self, key: str, language: str, **values: object) -> str:
        """The phrase ``key`` in ``language`` with the values filled in."""
        return self.table[key][language].format(**values)


say = Phrases(PHRASES)


def shape_text(shape: tuple[int, ...]) -> str:
    """``3×32×32``."""
    return "×".join(str(v) for v in shape)


def describe_layer(layer: StackLayer, language: str, filters: bool = True) -> str:
    """E.g. ``convolution: 6 filters of 5×5, stride 1, padding 2`` (``filters=False``: no count)."""
    if layer.kind == "flatten":
        return say("flatten", language)
    if layer.kind == "dense":
        return say("dense", language, n=layer.channels)
    if layer.kind == "conv":
        size = "filters" if filters else "kernel_size"
        parts = [say(size, language, n=layer.channels, k=layer.size)]
        head = say("conv", language)
    else:
        parts = [say("window", language, k=layer.size)]
        head = say(f"pool_{layer.op}", language)
    parts.append(say("stride", language, s=layer.stride))
    if layer.padding or layer.kind == "conv":
        parts.append(say("padding", language, p=layer.padding))
    if layer.dilation > 1:
        parts.append(say("dilation", language, d=layer.dilation))
    return f"{head}: {', '.join(parts)}"


def numbered(lines: list[str]) -> str:
    """``1. …`` one per line."""
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def translate_core(line: str, language: str) -> str:
    """A line of :func:`explain_step` / :func:`explain_pool` in ``language``; a zero bias is left out."""
    line = _ZERO_BIAS.sub("", line)
    if language == "en":
        return line
    for english, spanish in _CORE_WORDS:
        line = line.replace(english, spanish)
    return line


@dataclass(frozen=True)
class Draft:
    """One exercise worded in one language (the kind modules hand these to :mod:`cnnviz.core.quiz`)."""

    question: str
    answer: int | tuple[int, ...] | np.ndarray
    solution: list[str]
    hint: str
    matrices: tuple[tuple[str, np.ndarray], ...] = ()
