"""Quiz exercises on small matrices: a convolution, a pooling and a padding by hand.

As in :mod:`cnnviz.core.quiz_stacks`: ``draw_<kind>(rng) -> params`` and
``write_<kind>(params, language) -> Draft``. The answers and the explanation lines come
from :mod:`cnnviz.core.convolution`, :mod:`cnnviz.core.pooling` and :mod:`cnnviz.core.padding`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cnnviz.core.convolution import convolve, explain_step, output_size, output_size_formula
from cnnviz.core.matrices import format_matrix, format_row
from cnnviz.core.padding import PADDING_MODES, pad, pad1d, source_indices
from cnnviz.core.pooling import explain_pool, pool
from cnnviz.core.quiz_text import Draft, Phrases, say, shape_text, translate_core

_say = Phrases(
    {
        "conv_question": {
            "en": "Compute the output of this convolution as a CNN layer computes it (cross-correlation: "
            "the kernel is not flipped), with stride {s} and {padding}. There is no bias.",
            "es": "Calcula la salida de esta convolución tal como la calcula una capa de una CNN "
            "(correlación cruzada: el filtro no se voltea), con paso (stride) {s} y {padding}. No hay sesgo.",
        },
        "zero_padding": {"en": "zero padding {p}", "es": "relleno (padding) de ceros {p}"},
        "no_padding": {"en": "no padding", "es": "sin relleno (padding)"},
        "padded": {
            "en": "Zero padding of {p} on every side gives the {shape} matrix:\n{matrix}",
            "es": "Con un relleno de ceros de {p} en cada lado queda la matriz de {shape}:\n{matrix}",
        },
        "out_size": {
            "en": "Output size (rows and columns): {formula}",
            "es": "Tamaño de la salida (filas y columnas): {formula}",
        },
        "conv_rule": {
            "en": "Each output value is the sum of the products of the window and the kernel, element by "
            "element (rows and columns counted from 0{where}):",
            "es": "Cada valor de salida es la suma de los productos, elemento a elemento, de la ventana y "
            "el filtro (filas y columnas contadas desde 0{where}):",
        },
        "in_padded": {"en": " in the padded input", "es": " en la entrada rellenada"},
        "result": {"en": "Answer:\n{matrix}", "es": "Respuesta:\n{matrix}"},
        "pool_question": {
            "en": "Apply {op} with a 2×2 window and stride 2 to this matrix. Write the output matrix.",
            "es": "Aplica {op} con una ventana de 2×2 y paso (stride) 2 a esta matriz. Escribe la matriz "
            "de salida.",
        },
        "uncovered": {
            "en": ". The last row and column are not covered by any window.",
            "es": ". La última fila y la última columna no entran en ninguna ventana.",
        },
        "pool_rule": {
            "en": "Each output value is the {what} of its window (rows and columns counted from 0):",
            "es": "Cada valor de salida es el {what} de su ventana (filas y columnas contadas desde 0):",
        },
        "max": {"en": "maximum", "es": "máximo"},
        "avg": {"en": "average", "es": "promedio"},
        "min": {"en": "minimum", "es": "mínimo"},
        "pad_question": {
            "en": "Pad this matrix by {p} on every side with {mode} padding. Write the padded matrix.",
            "es": "Aplica a esta matriz un relleno (padding) de tipo {mode}, de {p} en cada lado. Escribe la "
            "matriz rellenada.",
        },
        "zero": {"en": "zero", "es": "ceros (zero)"},
        "reflect": {"en": "reflect", "es": "reflejo (reflect)"},
        "replicate": {"en": "replicate", "es": "réplica del borde (replicate)"},
        "symmetric": {"en": "symmetric", "es": "simétrico (symmetric)"},
        "circular": {"en": "circular", "es": "circular (circular)"},
        "rule_zero": {
            "en": "Zero padding fills the new cells with 0",
            "es": "El relleno con ceros pone 0 en las celdas nuevas",
        },
        "rule_reflect": {
            "en": "Reflect mirrors at the edge without repeating the edge value",
            "es": "El reflejo copia en espejo sin repetir el valor del borde",
        },
        "rule_replicate": {
            "en": "Replicate repeats the edge value",
            "es": "La réplica repite el valor del borde",
        },
        "rule_symmetric": {
            "en": "Symmetric mirrors at the edge repeating the edge value",
            "es": "El simétrico copia en espejo repitiendo el valor del borde",
        },
        "rule_circular": {
            "en": "Circular wraps around: it copies from the opposite side",
            "es": "El circular da la vuelta: copia del lado opuesto",
        },
        "example": {
            "en": "{rule}; the row 1 2 3 padded by 2 becomes {example}.",
            "es": "{rule}; la fila 1 2 3 con relleno de 2 queda {example}.",
        },
        "rows_from": {
            "en": "The rows of the result copy the input rows {rows}{zeros}.",
            "es": "Las filas del resultado copian las filas de la entrada {rows}{zeros}.",
        },
        "cols_from": {
            "en": "The columns copy the input columns {cols}{zeros}.",
            "es": "Las columnas copian las columnas de la entrada {cols}{zeros}.",
        },
        "zeros": {"en": " (counted from 0; – means zeros)", "es": " (contadas desde 0; – indica ceros)"},
        "from0": {"en": " (counted from 0)", "es": " (contadas desde 0)"},
    }
)
MAX_PRODUCTS = 36


def draw_convolution(rng: np.random.Generator) -> dict[str, Any]:
    """An n×n input (3–6) and a k×k kernel (2–3) of small integers; at most 36 products by hand."""
    while True:
        n, k = int(rng.integers(3, 7)), int(rng.integers(2, 4))
        stride, padding = int(rng.integers(1, 3)), int(rng.integers(0, 2))
        out = output_size(n, k, padding, stride) if k <= n + 2 * padding else 0
        if out < 2 or (out * k) ** 2 > MAX_PRODUCTS:
            continue
        x = rng.integers(0, 5, (n, n)).astype(np.float64)
        kernel = rng.integers(-1, 3, (k, k)).astype(np.float64)
        if np.count_nonzero(kernel) >= 2 and convolve(x, kernel, stride, padding).output.any():
            return {"input": x, "kernel": kernel, "stride": stride, "padding": padding}


def write_convolution(params: dict[str, Any], language: str) -> Draft:
    """The question, padding, output size, every window's sum, and the output matrix."""
    x, kernel, s, p = params["input"], params["kernel"], params["stride"], params["padding"]
    result = convolve(x, kernel, s, p)
    padding = _say("zero_padding", language, p=p) if p else _say("no_padding", language)
    question = _say("conv_question", language, s=s, padding=padding)
    steps = []
    if p:
        padded = format_matrix(result.padded, align=True)
        steps.append(_say("padded", language, p=p, shape=shape_text(result.padded.shape), matrix=padded))
    size = output_size_formula(x.shape[0], kernel.shape[0], p, s)
    steps.append(_say("out_size", language, formula=size))
    steps.append(_say("conv_rule", language, where=_say("in_padded", language) if p else ""))
    for step in result.steps:
        where = say("output_n", language, r=step.out_row, c=step.out_col)
        steps.append(f"{where}: {translate_core(explain_step(step), language)}")
    steps.append(_say("result", language, matrix=format_matrix(result.output, align=True)))
    labels = (say("input", language), say("kernel", language))
    return Draft(
        question, result.output, steps, say("hint_matrix", language), ((labels[0], x), (labels[1], kernel))
    )


def draw_pooling(rng: np.random.Generator) -> dict[str, Any]:
    """Max, average or min pooling of an n×n matrix (4–6) of digits whose outputs are not all equal."""
    while True:
        x = rng.integers(0, 10, (int(rng.integers(4, 7)),) * 2).astype(np.float64)
        op = str(rng.choice(["max", "avg", "min"]))
        if np.ptp(pool(x, 2, 2, op).output) > 0:
            return {"input": x, "op": op}


def write_pooling(params: dict[str, Any], language: str) -> Draft:
    """The question, the output size, every window, and the output matrix."""
    x, op = params["input"], params["op"]
    result = pool(x, 2, 2, op)
    question = _say("pool_question", language, op=say(f"pool_{op}", language))
    size = _say("out_size", language, formula=output_size_formula(x.shape[0], 2, 0, 2))
    steps = [size + (_say("uncovered", language) if x.shape[0] % 2 else "")]
    steps.append(_say("pool_rule", language, what=_say(op, language)))
    cols = result.output.shape[1]
    for i, line in enumerate(explain_pool(result)):
        where = say("output_n", language, r=i // cols, c=i % cols)
        steps.append(f"{where}: {translate_core(line, language)}")
    steps.append(_say("result", language, matrix=format_matrix(result.output, align=True)))
    hint = say("hint_matrix", language) + (" " + say("hint_decimals", language) if op == "avg" else "")
    return Draft(question, result.output, steps, hint, ((say("matrix", language), x),))


def draw_padding(rng: np.random.Generator) -> dict[str, Any]:
    """A 2×2 to 4×4 matrix of distinct numbers, an amount of 1–2 and a mode that can pad it."""
    while True:
        rows, cols, amount = int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.integers(1, 3))
        mode = str(rng.choice(PADDING_MODES))
        try:
            source_indices(min(rows, cols), amount, amount, mode)
        except ValueError:
            continue
        values = rng.permutation(np.arange(1, max(9, rows * cols) + 1))[: rows * cols]
        return {"input": values.reshape(rows, cols).astype(np.float64), "amount": amount, "mode": mode}


def _copied(n: int, amount: int, mode: str) -> str:
    """The input indices a padded axis copies, ``–`` for a zero: ``1, 0, 1, 2, 1``."""
    return ", ".join("–" if i < 0 else str(i) for i in source_indices(n, amount, amount, mode))


def write_padding(params: dict[str, Any], language: str) -> Draft:
    """The question, the mode's rule on an example row, where each row and column comes from, the result."""
    x, p, mode = params["input"], params["amount"], params["mode"]
    padded = pad(x, p, p, p, p, mode)
    question = _say("pad_question", language, p=p, mode=_say(mode, language))
    example_row = pad1d(np.array([1.0, 2.0, 3.0]), 2, 2, mode)
    example = f"{format_row(example_row[:2])} | 1 2 3 | {format_row(example_row[-2:])}"
    zeros = _say("zeros" if mode == "zero" else "from0", language)
    steps = [
        _say("example", language, rule=_say(f"rule_{mode}", language), example=example),
        _say("rows_from", language, rows=_copied(x.shape[0], p, mode), zeros=zeros),
        _say("cols_from", language, cols=_copied(x.shape[1], p, mode), zeros=zeros),
        _say("result", language, matrix=format_matrix(padded, align=True)),
    ]
    return Draft(question, padded, steps, say("hint_matrix", language), ((say("matrix", language), x),))
