"""Quiz exercises on layer stacks: output size, number of parameters, receptive field.

Each kind has ``draw_<kind>(rng) -> params`` (the numbers, drawn until they make a sensible
exercise) and ``write_<kind>(params, language) -> Draft`` (the question, the answer and the
worked solution). Every number is computed by :mod:`cnnviz.core.convolution` and
:mod:`cnnviz.core.receptive`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cnnviz.core.convolution import output_size, output_size_formula, parameter_count, parameter_formula
from cnnviz.core.quiz_text import Draft, Phrases, StackLayer, describe_layer, numbered, say, shape_text
from cnnviz.core.receptive import INPUT_FIELD, window

_say = Phrases(
    {
        "size_question": {
            "en": "An input of size {shape} (C×H×W) goes through these layers, in order:\n{layers}\n"
            "Compute the output size (C×H×W).",
            "es": "Una entrada de tamaño {shape} (C×H×W) pasa por estas capas, en orden:\n"
            "{layers}\n{glossary}Calcula el tamaño de la salida (C×H×W).",
        },
        "size_rule": {
            "en": "For the height and for the width: out = ⌊(in + 2·P − D·(K−1) − 1)/S⌋ + 1. "
            "A convolution outputs one channel per filter; pooling keeps the channels.",
            "es": "Para la altura y para la anchura: salida = ⌊(entrada + 2·P − D·(K−1) − 1)/S⌋ + 1. "
            "Una convolución da un canal por filtro; la agrupación mantiene los canales.",
        },
        "height": {"en": "height", "es": "altura"},
        "width": {"en": "width", "es": "anchura"},
        "conv_question": {
            "en": "A convolutional layer receives an input with {c_in} channels and has {c_out} filters "
            "of {k}×{k}, {bias}. How many trainable parameters does it have?",
            "es": "Una capa convolucional recibe una entrada de {c_in} canales y tiene {c_out} filtros "
            "de {k}×{k}, {bias}. ¿Cuántos parámetros entrenables tiene?",
        },
        "conv_rule": {
            "en": "Each filter has K·K·C_in weights{bias}; there are C_out filters.",
            "es": "Cada filtro tiene K·K·C_in pesos{bias}; hay C_out filtros.",
        },
        "one_bias": {"en": " and one bias", "es": " y un sesgo"},
        "net_question": {
            "en": "A network takes an input of size {shape} (C×H×W) and has these layers, all {bias}:\n"
            "{layers}\nHow many trainable parameters does it have in total?",
            "es": "Una red recibe una entrada de tamaño {shape} (C×H×W) y tiene estas capas, todas {bias}:"
            "\n{layers}\n{glossary}¿Cuántos parámetros entrenables tiene en total?",
        },
        "no_params": {
            "en": "{layer}, {kind}: no parameters; output {shape}",
            "es": "{layer}, {kind}: sin parámetros; salida {shape}",
        },
        "flat": {
            "en": "{layer}, flatten: {sizes} = {n} values, no parameters",
            "es": "{layer}, aplanado: {sizes} = {n} valores, sin parámetros",
        },
        "conv_params": {
            "en": "{layer}, convolution: {formula}; output {shape}",
            "es": "{layer}, convolución: {formula}; salida {shape}",
        },
        "dense_params": {
            "en": "{layer}, fully connected: {formula}",
            "es": "{layer}, totalmente conectada: {formula}",
        },
        "total": {"en": "Total: {terms} = {total}", "es": "Total: {terms} = {total}"},
        "rf_question": {
            "en": "These layers are applied in order, starting from the input image:\n{layers}\n"
            "What is the receptive field of one unit of the last layer (in input pixels, along one side)?",
            "es": "Estas capas se aplican en orden, empezando por la imagen de entrada:\n{layers}\n"
            "{glossary}¿Cuál es el campo receptivo de una neurona de la última capa "
            "(en píxeles de la entrada, por lado)?",
        },
        "rf_start": {
            "en": "Start at the input: r = 1 pixel, jump j = 1 (the distance in input pixels between "
            "neighbouring units).",
            "es": "Se empieza en la entrada: r = 1 píxel, salto j = 1 (la distancia en píxeles de la entrada "
            "entre neuronas vecinas).",
        },
        "rf_rule": {
            "en": "Each layer: r ← r + (K_eff − 1)·j and j ← j·S, with K_eff = D·(K − 1) + 1. "
            "Padding does not change the size of the field.",
            "es": "En cada capa: r ← r + (K_ef − 1)·j y j ← j·S, con K_ef = D·(K − 1) + 1. "
            "El relleno no cambia el tamaño del campo.",
        },
        "rf_step": {"en": "{layer}: r = {r}, j = {j}", "es": "{layer}: r = {r}, j = {j}"},
    }
)
_SIZES = (28, 32, 48, 64, 96, 128, 224)


def _conv(rng: np.random.Generator, dilated: bool = True) -> StackLayer:
    """A convolution with a common kernel, stride and padding."""
    size = int(rng.choice([1, 3, 3, 5, 7]))
    dilation = 2 if dilated and size == 3 and rng.random() < 0.2 else 1
    padding = int(rng.choice([0, dilation * (size // 2), 1]))
    stride = int(rng.choice([1, 1, 2]))
    return StackLayer("conv", size, stride, padding, dilation, int(rng.choice([6, 8, 16, 32, 64])))


def _pool(rng: np.random.Generator, ops: tuple[str, ...] = ("max", "avg")) -> StackLayer:
    """A 2×2 or 3×3 pooling with stride 2 (a 3×3 window sometimes padded by 1)."""
    size = int(rng.choice([2, 2, 3]))
    padding = 1 if size == 3 and rng.random() < 0.3 else 0
    return StackLayer("pool", size, 2, padding, op=str(rng.choice(ops)))


def stack_shapes(shape: tuple[int, ...], layers: tuple[StackLayer, ...]) -> list[tuple[int, ...]]:
    """The output shape after each layer (ValueError when a window no longer fits)."""
    shapes: list[tuple[int, ...]] = []
    for layer in layers:
        if layer.kind in ("conv", "pool"):
            c, h, w = shape
            hw = [output_size(n, layer.size, layer.padding, layer.stride, layer.dilation) for n in (h, w)]
            shape = (layer.channels if layer.kind == "conv" else c, hw[0], hw[1])
        elif layer.kind == "flatten":
            shape = (math.prod(shape),)
        else:
            shape = (layer.channels,)
        shapes.append(shape)
    return shapes


def draw_output_size(rng: np.random.Generator) -> dict[str, Any]:
    """1–3 convolution/pooling layers on a C×H×W input whose output is at least 2×2."""
    while True:
        h = int(rng.choice(_SIZES))
        w = h if rng.random() < 0.75 else int(rng.choice(_SIZES))
        shape = (int(rng.choice([1, 3])), h, w)
        count = int(rng.integers(1, 4))
        layers = (_conv(rng), *(_conv(rng) if rng.random() < 0.5 else _pool(rng) for _ in range(count - 1)))
        try:
            if min(stack_shapes(shape, layers)[-1][1:]) >= 2:
                return {"input": shape, "layers": layers}
        except ValueError:
            continue


def write_output_size(params: dict[str, Any], language: str) -> Draft:
    """The question, the formula per layer and axis, and the output shape."""
    shape, layers = params["input"], params["layers"]
    described = numbered([describe_layer(layer, language) for layer in layers])
    question = _say(
        "size_question",
        language,
        shape=shape_text(shape),
        layers=described,
        glossary=say("glossary", language),
    )
    steps = [_say("size_rule", language)]
    for i, (layer, out) in enumerate(zip(layers, stack_shapes(shape, layers), strict=True)):
        pair = [
            output_size_formula(n, layer.size, layer.padding, layer.stride, layer.dilation) for n in shape[1:]
        ]
        if pair[0] == pair[1]:
            formulas = pair[0]
        else:
            formulas = f"{_say('height', language)} {pair[0]}; {_say('width', language)} {pair[1]}"
        steps.append(f"{say('layer_n', language, i=i + 1)}: {formulas} → {shape_text(out)}")
        shape = out
    steps.append(say("answer", language, answer=shape_text(shape)))
    return Draft(question, shape, steps, say("hint_shape", language))


def draw_parameters(rng: np.random.Generator) -> dict[str, Any]:
    """Either one convolution layer or a small network ending in fully connected layers."""
    bias = bool(rng.random() < 0.7)
    if rng.random() < 0.5:
        layer = StackLayer(
            "conv", int(rng.choice([1, 3, 5, 7])), channels=int(rng.choice([6, 8, 16, 32, 64]))
        )
        return {"input": (int(rng.choice([1, 3, 16, 32, 64])),), "layers": (layer,), "bias": bias}
    shape = (1, 28, 28) if rng.random() < 0.5 else (3, 32, 32)
    layers: list[StackLayer] = []
    for filters in [(6, 8, 16), (16, 32)][: int(rng.integers(1, 3))]:
        size = int(rng.choice([3, 5]))
        padding = int(rng.choice([0, size // 2]))
        layers += [
            StackLayer("conv", size, 1, padding, channels=int(rng.choice(filters))),
            StackLayer("pool", 2, 2),
        ]
    layers.append(StackLayer("flatten"))
    if rng.random() < 0.5:
        layers.append(StackLayer("dense", channels=int(rng.choice([32, 64, 84, 120]))))
    layers.append(StackLayer("dense", channels=10))
    return {"input": shape, "layers": tuple(layers), "bias": bias}


def layer_parameters(layer: StackLayer, in_shape: tuple[int, ...], bias: bool) -> int:
    """A layer's trainable parameters (a dense layer counts as a 1×1 convolution of a 1×1 input)."""
    if layer.kind == "conv":
        return parameter_count(layer.size, layer.size, in_shape[0], layer.channels, bias)
    if layer.kind == "dense":
        return parameter_count(1, 1, in_shape[0], layer.channels, bias)
    return 0


def _dense_formula(n_in: int, n_out: int, bias: bool) -> str:
    """``N_in·N_out + N_out = 120·84 + 84 = 10164``."""
    symbols, numbers = (
        "N_in·N_out" + (" + N_out" if bias else ""),
        f"{n_in}·{n_out}" + (f" + {n_out}" if bias else ""),
    )
    return f"{symbols} = {numbers} = {parameter_count(1, 1, n_in, n_out, bias)}"


def _network_steps(
    shape: tuple[int, ...], layers: tuple[StackLayer, ...], bias: bool, language: str
) -> list[str]:
    """One line per layer: its formula (or no parameters) and output shape."""
    steps = []
    for i, (layer, out) in enumerate(zip(layers, stack_shapes(shape, layers), strict=True)):
        name = say("layer_n", language, i=i + 1)
        if layer.kind == "conv":
            formula = parameter_formula(layer.size, layer.size, shape[0], layer.channels, bias)
            steps.append(_say("conv_params", language, layer=name, formula=formula, shape=shape_text(out)))
        elif layer.kind == "dense":
            formula = _dense_formula(shape[0], layer.channels, bias)
            steps.append(_say("dense_params", language, layer=name, formula=formula))
        elif layer.kind == "flatten":
            steps.append(_say("flat", language, layer=name, sizes="·".join(map(str, shape)), n=out[0]))
        else:
            kind = say(f"pool_{layer.op}", language)
            steps.append(_say("no_params", language, layer=name, kind=kind, shape=shape_text(out)))
        shape = out
    return steps


def _one_conv(c_in: int, conv: StackLayer, bias: bool, language: str) -> Draft:
    """One convolution layer: K·K·C_in·C_out (+ C_out)."""
    with_bias = say("with_bias" if bias else "without_bias", language)
    question = _say("conv_question", language, c_in=c_in, c_out=conv.channels, k=conv.size, bias=with_bias)
    total = parameter_count(conv.size, conv.size, c_in, conv.channels, bias)
    one_bias = _say("one_bias", language) if bias else ""
    formula = parameter_formula(conv.size, conv.size, c_in, conv.channels, bias)
    steps = [_say("conv_rule", language, bias=one_bias), formula, say("answer", language, answer=total)]
    return Draft(question, total, steps, say("hint_number", language))


def write_parameters(params: dict[str, Any], language: str) -> Draft:
    """The question, the formula per layer, and the total."""
    shape, layers, bias = params["input"], params["layers"], params["bias"]
    if len(layers) == 1:
        return _one_conv(shape[0], layers[0], bias, language)
    inputs = [shape, *stack_shapes(shape, layers)][:-1]
    counts = [layer_parameters(layer, s, bias) for layer, s in zip(layers, inputs, strict=True)]
    question = _say(
        "net_question",
        language,
        shape=shape_text(shape),
        layers=numbered([describe_layer(layer, language) for layer in layers]),
        bias=say("with_bias" if bias else "without_bias", language),
        glossary=say("glossary", language),
    )
    steps = _network_steps(shape, layers, bias, language)
    steps.append(_say("total", language, terms=" + ".join(str(n) for n in counts if n), total=sum(counts)))
    steps.append(say("answer", language, answer=sum(counts)))
    return Draft(question, sum(counts), steps, say("hint_number", language))


def draw_receptive_field(rng: np.random.Generator) -> dict[str, Any]:
    """2–4 layers, a convolution first; at least one layer with a stride above 1."""
    while True:
        count = int(rng.integers(2, 5))
        layers = (
            _conv(rng),
            *(_conv(rng) if rng.random() < 0.6 else _pool(rng, ("max",)) for _ in range(count - 1)),
        )
        if any(layer.stride > 1 for layer in layers[:-1]) and all(layer.size > 1 for layer in layers):
            return {"layers": layers}


def write_receptive_field(params: dict[str, Any], language: str) -> Draft:
    """The question and the recurrence r ← r + (K_eff − 1)·j, j ← j·S layer by layer."""
    layers = params["layers"]
    described = numbered([describe_layer(layer, language, filters=False) for layer in layers])
    question = _say("rf_question", language, layers=described, glossary=say("glossary", language))
    steps = [_say("rf_start", language), _say("rf_rule", language)]
    field = INPUT_FIELD
    for i, layer in enumerate(layers):
        k, s, p, d = ((v, v) for v in (layer.size, layer.stride, layer.padding, layer.dilation))
        new = window(field, k, s, p, d)
        r_text = (
            f"{field.rf[0]} + ({layer.dilation * (layer.size - 1) + 1} − 1)·{field.jump[0]} = {new.rf[0]}"
        )
        j_text = f"{field.jump[0]}·{layer.stride} = {new.jump[0]}"
        steps.append(_say("rf_step", language, layer=say("layer_n", language, i=i + 1), r=r_text, j=j_text))
        field = new
    steps.append(say("answer", language, answer=field.rf[0]))
    return Draft(question, field.rf[0], steps, say("hint_number", language))
