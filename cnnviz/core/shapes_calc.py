"""Shape calculator: output shapes, parameters and receptive fields of a layer list, without torch.

The layer list is a ``;``-separated string, one layer per item, words separated by spaces::

    conv FILTERS kK [sS] [pP] [dD]   convolution (stride 1, padding 0, dilation 1 by default)
    pool kK [sS] [pP] [avg|max]      pooling (stride K, padding 0, max by default)
    fc UNITS                         fully connected (needs a flat input: use flatten first)
    flatten | relu | tanh | sigmoid

for example ``conv 6 k5 p2; relu; pool k2; conv 16 k5; relu; pool k2; flatten; fc 120; fc 84; fc 10``.
The input is ``CxHxW`` (or ``HxW`` for one channel). Output sizes follow PyTorch:
⌊(H + 2p − d·(k−1) − 1)/s⌋ + 1. A convolution has C_in·k·k·FILTERS + FILTERS
parameters, a fully connected layer in·out + out. Receptive fields use the
recurrences of :mod:`cnnviz.core.receptive`. Bad input raises ValueError naming the bad token.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from cnnviz.core.receptive import INPUT_FIELD, Field, whole, window

ACTIVATIONS = ("relu", "tanh", "sigmoid")
OPTION = re.compile(r"([kspd])(\d+)$")


@dataclass(frozen=True)
class LayerSpec:
    """One parsed layer: kind, the text it came from and its numbers."""

    kind: str
    text: str
    units: int = 0
    kernel: int = 1
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    mode: str = "max"


@dataclass(frozen=True)
class CalcLayer:
    """One layer of the calculation: its name (conv1, relu1, …), text, output shape, parameters, field."""

    name: str
    spec: LayerSpec
    output_shape: tuple[int, ...]
    params: int
    field: Field

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "layer": self.spec.text,
            "output_shape": list(self.output_shape),
            "params": self.params,
            "rf": list(self.field.rf),
            "jump": list(self.field.jump),
            "whole_input": self.field.whole,
        }


@dataclass(frozen=True)
class ShapeReport:
    """Every layer of the calculation and the totals."""

    input_shape: tuple[int, ...]
    layers: list[CalcLayer] = field(default_factory=list)

    @property
    def total_params(self) -> int:
        """Sum of all layers' parameters."""
        return sum(layer.params for layer in self.layers)

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The last layer's output shape (the input's when there are no layers)."""
        return self.layers[-1].output_shape if self.layers else self.input_shape

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "input_shape": list(self.input_shape),
            "layers": [layer.to_dict() for layer in self.layers],
            "output_shape": list(self.output_shape),
            "total_params": self.total_params,
        }


def parse_input(text: str) -> tuple[int, int, int]:
    """``CxHxW`` or ``HxW`` (one channel) as (C, H, W); every size at least 1."""
    parts = text.strip().lower().replace("×", "x").split("x")
    if len(parts) not in (2, 3) or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        raise ValueError(f"bad input shape '{text}': expected CxHxW (e.g. 1x28x28) or HxW, sizes ≥ 1")
    sizes = [int(p) for p in parts]
    return (1, sizes[0], sizes[1]) if len(sizes) == 2 else (sizes[0], sizes[1], sizes[2])


def whole_number(token: str, text: str) -> int:
    """A positive whole number, or ValueError naming the token."""
    if not token.isdigit() or int(token) < 1:
        raise ValueError(f"layer '{text}': '{token}' should be a whole number ≥ 1")
    return int(token)


def parse_window(kind: str, text: str, tokens: list[str]) -> LayerSpec:
    """A conv or pool layer's options (kK sS pP dD, avg/max)."""
    units = whole_number(tokens.pop(0), text) if kind == "conv" and tokens else 0
    if kind == "conv" and not units:
        raise ValueError(f"layer '{text}': conv needs a number of filters, e.g. 'conv 6 k5'")
    values: dict[str, int] = {}
    mode = "max"
    allowed = "kspd" if kind == "conv" else "ksp"
    for token in tokens:
        match = OPTION.match(token)
        if kind == "pool" and token in ("avg", "max"):
            mode = token
        elif match and match.group(1) in allowed and match.group(1) not in values:
            values[match.group(1)] = int(match.group(2))
        else:
            expected = "kN, sN, pN, dN" if kind == "conv" else "kN, sN, pN, avg or max"
            raise ValueError(f"layer '{text}': bad token '{token}' (expected {expected}, each once)")
    if values.get("k", 0) < 1:
        raise ValueError(f"layer '{text}': needs a kernel size kN ≥ 1, e.g. 'k3'")
    kernel = values["k"]
    stride = values.get("s", 1 if kind == "conv" else kernel)
    if stride < 1 or values.get("d", 1) < 1:
        raise ValueError(f"layer '{text}': stride and dilation must be ≥ 1")
    return LayerSpec(kind, text, units, kernel, stride, values.get("p", 0), values.get("d", 1), mode)


def parse_layer(text: str) -> LayerSpec:
    """One layer item, or ValueError naming the bad token."""
    tokens = text.lower().split()
    kind = tokens.pop(0)
    if kind in ("conv", "pool"):
        return parse_window(kind, text, tokens)
    if kind == "fc":
        if len(tokens) != 1:
            raise ValueError(f"layer '{text}': fc takes one number of units, e.g. 'fc 120'")
        return LayerSpec(kind, text, units=whole_number(tokens[0], text))
    if kind == "flatten" or kind in ACTIVATIONS:
        if tokens:
            raise ValueError(f"layer '{text}': bad token '{tokens[0]}' ({kind} takes no options)")
        return LayerSpec(kind, text)
    raise ValueError(f"layer '{text}': unknown layer '{kind}' (conv, pool, fc, flatten, relu, tanh, sigmoid)")


def parse_layers(text: str) -> list[LayerSpec]:
    """The ``;``-separated layer list (empty items are skipped; at least one layer)."""
    items = [item.strip() for item in text.split(";") if item.strip()]
    if not items:
        raise ValueError("no layers given: e.g. 'conv 6 k5 p2; relu; pool k2'")
    return [parse_layer(item) for item in items]


def out_size(size: int, spec: LayerSpec) -> int:
    """PyTorch's output size along one axis: ⌊(n + 2p − d·(k−1) − 1)/s⌋ + 1."""
    return (size + 2 * spec.padding - spec.dilation * (spec.kernel - 1) - 1) // spec.stride + 1


def apply(spec: LayerSpec, shape: tuple[int, ...], fld: Field, input_hw: tuple[int, int]) -> CalcLayer:
    """Output shape, parameters and field after one layer (name filled in by the caller)."""
    flat = len(shape) == 1
    if spec.kind in ("conv", "pool"):
        if flat:
            raise ValueError(f"layer '{spec.text}': needs a C×H×W input, but it gets {shape[0]} values")
        hw = (out_size(shape[1], spec), out_size(shape[2], spec))
        if min(hw) < 1:
            size = "×".join(map(str, shape))
            raise ValueError(f"layer '{spec.text}': the {size} input is too small (output would be empty)")
        channels = spec.units if spec.kind == "conv" else shape[0]
        params = (shape[0] * spec.kernel**2 + 1) * spec.units if spec.kind == "conv" else 0
        pair = (spec.kernel, spec.kernel)
        step = (spec.stride, spec.stride), (spec.padding, spec.padding), (spec.dilation, spec.dilation)
        return CalcLayer("", spec, (channels, *hw), params, window(fld, pair, *step))
    if spec.kind == "fc":
        if not flat:
            size = "×".join(map(str, shape))
            raise ValueError(f"layer '{spec.text}': fc needs a flat input, but it gets {size}; add 'flatten'")
        return CalcLayer("", spec, (spec.units,), (shape[0] + 1) * spec.units, whole(fld, input_hw))
    if spec.kind == "flatten":
        return CalcLayer("", spec, (math.prod(shape),), 0, whole(fld, input_hw))
    return CalcLayer("", spec, shape, 0, fld)


def calculate(input_text: str, layers_text: str) -> ShapeReport:
    """Parse both strings and compute every layer; names count per kind (conv1, relu1, pool1, …)."""
    shape: tuple[int, ...] = parse_input(input_text)
    counts: dict[str, int]
    input_hw = (shape[1], shape[2])
    fld, counts, layers = INPUT_FIELD, {}, []
    for spec in parse_layers(layers_text):
        layer = apply(spec, shape, fld, input_hw)
        counts[spec.kind] = counts.get(spec.kind, 0) + 1
        name = (
            spec.kind
            if spec.kind == "flatten" and counts[spec.kind] == 1
            else f"{spec.kind}{counts[spec.kind]}"
        )
        layers.append(CalcLayer(name, spec, layer.output_shape, layer.params, layer.field))
        shape, fld = layer.output_shape, layer.field
    return ShapeReport(parse_input(input_text), layers)
