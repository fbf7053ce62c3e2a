"""Receptive fields: which input pixels each layer's units can see.

Per layer: the receptive-field size ``rf`` (rows, columns), the ``jump`` (the
distance in input pixels between neighbouring units, the product of the strides)
and the ``start`` (the centre of unit (0, 0)'s field, in input pixel indices:
the centre of pixel 0 is 0.0). A window layer with kernel k, stride s, padding p
and dilation d, k_eff = d·(k−1)+1, updates them by

    jump_out = jump_in·s,  rf_out = rf_in + (k_eff−1)·jump_in,
    start_out = start_in + ((k_eff−1)/2 − p)·jump_in.

Elementwise layers (ReLU, BatchNorm, Dropout, …) change nothing. Flatten, Linear
and adaptive pooling to a smaller size see the whole input (``whole_input``:
``rf`` is then the input size); adaptive pooling to the size it gets is the
identity. Branching models (ResNet) are traced with ``torch.fx`` and the fields
follow the real data flow; where paths merge (add, cat) the largest field wins.
A model fx cannot trace is walked in execution order and marked ``approximate``.
torch is imported only when a model is analysed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch import fx, nn

    from cnnviz.core.recording import LayerRecord

Pair = tuple[int, int]
WINDOW_TYPES = ("Conv2d", "MaxPool2d", "AvgPool2d")
ADAPTIVE_TYPES = ("AdaptiveAvgPool2d", "AdaptiveMaxPool2d")


@dataclass(frozen=True)
class Field:
    """The receptive field of a layer's units: size, jump, start and whether it is the whole input."""

    rf: Pair
    jump: Pair
    start: tuple[float, float]
    whole: bool = False


INPUT_FIELD = Field((1, 1), (1, 1), (0.0, 0.0))


@dataclass(frozen=True)
class LayerField:
    """One recorded layer's receptive field (names as in the Architecture table)."""

    name: str
    type_name: str
    rf: Pair
    jump: Pair
    start: tuple[float, float]
    whole_input: bool = False
    approximate: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "type": self.type_name,
            "rf": list(self.rf),
            "jump": list(self.jump),
            "start": list(self.start),
            "whole_input": self.whole_input,
            "approximate": self.approximate,
            "note": self.note,
        }


@dataclass(frozen=True)
class ReceptiveFields:
    """Every recorded layer's field, in call order; ``approximate`` if fx could not trace the model."""

    input_hw: Pair
    layers: list[LayerField]
    approximate: bool

    def by_name(self) -> dict[str, LayerField]:
        """Layers keyed by their (call-qualified) name."""
        return {layer.name: layer for layer in self.layers}


def pair(value: Any) -> Pair:
    """An int or a 1- or 2-tuple as a (rows, columns) pair."""
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[-1])
    return int(value), int(value)


def window(field: Field, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair = (1, 1)) -> Field:
    """The field after a sliding window (convolution or pooling); the whole input stays whole."""
    if field.whole:
        return field
    rf, jump, start = [], [], []
    for i in range(2):
        j, k_eff = field.jump[i], dilation[i] * (kernel[i] - 1) + 1
        rf.append(field.rf[i] + (k_eff - 1) * j)
        jump.append(j * stride[i])
        start.append(field.start[i] + ((k_eff - 1) / 2 - padding[i]) * j)
    return Field((rf[0], rf[1]), (jump[0], jump[1]), (start[0], start[1]))


def whole(field: Field, input_hw: Pair) -> Field:
    """A field covering the whole input (its jump is kept)."""
    return Field(input_hw, field.jump, ((input_hw[0] - 1) / 2, (input_hw[1] - 1) / 2), True)


def merge(fields: list[Field]) -> Field | None:
    """Where paths meet: the largest field (whole beats all; ties go to the first path)."""
    if not fields:
        return None
    return max(fields, key=lambda f: (f.whole, f.rf[0] * f.rf[1]))


def conv_padding(module: nn.Module, kernel: Pair, dilation: Pair) -> Pair:
    """A convolution's padding as numbers ('same' pads (k_eff−1)//2 before)."""
    padding = module.padding
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return dilation[0] * (kernel[0] - 1) // 2, dilation[1] * (kernel[1] - 1) // 2
    return pair(padding)


def module_field(
    module: nn.Module, field: Field, in_hw: Pair | None, out_hw: Pair | None, input_hw: Pair
) -> tuple[Field, str]:
    """The field after one leaf module, and a note for the special cases."""
    kind = type(module).__name__
    if out_hw is None:
        return whole(field, input_hw), "" if field.whole else "no spatial layout: sees the whole input"
    if kind in WINDOW_TYPES:
        kernel = pair(module.kernel_size)
        stride = pair(module.stride or module.kernel_size)
        dilation = pair(getattr(module, "dilation", 1))
        padding = conv_padding(module, kernel, dilation) if kind == "Conv2d" else pair(module.padding)
        return window(field, kernel, stride, padding, dilation), ""
    if kind in ADAPTIVE_TYPES:
        if in_hw == out_hw:
            return field, "adaptive pooling: the identity at this size"
        return whole(field, input_hw), "adaptive pooling: treated as global (the whole input)"
    if in_hw is not None and in_hw != out_hw:
        return field, f"{kind} changes the size: assumed not to widen the field (approximate)"
    return field, ""


def spatial(shape: Any) -> Pair | None:
    """(H, W) of a C×H×W shape (batch excluded), else None."""
    return (int(shape[-2]), int(shape[-1])) if len(shape) == 3 else None


def node_hw(node: fx.Node) -> Pair | None:
    """(H, W) of an fx node's tensor output (batch included in its shape), else None."""
    from torch.fx.passes.shape_prop import TensorMetadata

    meta = node.meta.get("tensor_meta")
    return spatial(tuple(meta.shape)[1:]) if isinstance(meta, TensorMetadata) else None


def is_tensor_node(node: fx.Node) -> bool:
    """True when ShapeProp recorded a single tensor for the node."""
    from torch.fx.passes.shape_prop import TensorMetadata

    return isinstance(node.meta.get("tensor_meta"), TensorMetadata)


def traced_fields(model: nn.Module, x: Any, input_hw: Pair) -> dict[str, tuple[Field, str]] | None:
    """Fields of every module call along the fx graph, keyed like LayerRecord names; None if untraceable."""
    from torch.fx.passes.shape_prop import ShapeProp

    from cnnviz.core.fx_tracing import symbolic_trace

    try:
        graph_module = symbolic_trace(model)
        ShapeProp(graph_module).propagate(x)
    except Exception:
        return None
    modules = dict(graph_module.named_modules())
    fields: dict[fx.Node, Field] = {}
    found: dict[str, tuple[Field, str]] = {}
    calls: dict[str, int] = {}
    for node in graph_module.graph.nodes:
        if node.op == "placeholder" and not fields:
            fields[node] = INPUT_FIELD
            continue
        incoming = merge([fields[n] for n in node.all_input_nodes if n in fields])
        if incoming is None or not is_tensor_node(node):
            continue
        if node.op == "call_module":
            sources = [n for n in node.all_input_nodes if n in fields]
            field, note = module_field(
                modules[node.target], incoming, node_hw(sources[0]), node_hw(node), input_hw
            )
            count = calls[node.target] = calls.get(node.target, 0) + 1
            found[node.target if count == 1 else f"{node.target}#{count}"] = (field, note)
        else:
            field = incoming if node_hw(node) is not None else whole(incoming, input_hw)
        fields[node] = field
    return found


def ordered_fields(
    model: nn.Module, records: list[LayerRecord], input_hw: Pair
) -> dict[str, tuple[Field, str]]:
    """Fields by walking the records in execution order (exact for a plain chain of layers)."""
    modules = dict(model.named_modules())
    field = INPUT_FIELD
    in_hw: Pair | None = input_hw
    found = {}
    for record in records:
        out_hw = spatial(record.shape)
        field, note = module_field(modules[record.module_name], field, in_hw, out_hw, input_hw)
        found[record.name] = (field, note)
        in_hw = out_hw
    return found


def receptive_fields(model: nn.Module, input_shape: tuple[int, ...]) -> ReceptiveFields:
    """The receptive field of every recorded layer for a C×H×W input.

    Runs a zero input (on the model's device, in eval mode; the training flags are
    restored) to record the layers and, with fx, to learn every node's shape.
    """
    import torch

    from cnnviz.core.recording import recording

    if len(input_shape) != 3:
        raise ValueError(f"receptive fields need a C×H×W input, not {input_shape}")
    input_hw = (int(input_shape[1]), int(input_shape[2]))
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    x = torch.zeros((1, *input_shape), device=device)
    with torch.no_grad(), evaluating(model):
        with recording(model, capture=lambda _name: False) as recorder:
            model(x)
        traced = traced_fields(model, x, input_hw)
    ordered = ordered_fields(model, recorder.records, input_hw)
    layers = []
    for record in recorder.records:
        exact = traced is not None and record.name in traced
        field, note = traced[record.name] if traced is not None and exact else ordered[record.name]
        approximate = not exact and not is_chain(model)
        rf, jump, start = field.rf, field.jump, field.start
        layers.append(
            LayerField(record.name, record.type_name, rf, jump, start, field.whole, approximate, note)
        )
    return ReceptiveFields(input_hw, layers, any(layer.approximate for layer in layers))


@contextmanager
def evaluating(model: nn.Module) -> Iterator[None]:
    """Eval mode inside the block (no batch-norm statistics updated); every module's flag restored."""
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        yield
    finally:
        for module, training in modes:
            module.training = training


def is_chain(model: nn.Module) -> bool:
    """True for an nn.Sequential of leaf modules, whose execution order is its data flow."""
    from torch import nn

    return isinstance(model, nn.Sequential) and all(not any(m.children()) for m in model)


def unit_region(layer: LayerField | Field, row: int, col: int, input_hw: Pair) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the input pixels unit (row, col) sees, half-open and clipped.

    Rows top … bottom−1 and columns left … right−1: ``image[top:bottom, left:right]``.
    """
    whole_input = layer.whole_input if isinstance(layer, LayerField) else layer.whole
    if whole_input:
        return 0, 0, input_hw[0], input_hw[1]
    top = math.floor(layer.start[0] + row * layer.jump[0] - (layer.rf[0] - 1) / 2 + 0.5)
    left = math.floor(layer.start[1] + col * layer.jump[1] - (layer.rf[1] - 1) / 2 + 0.5)
    bottom, right = top + layer.rf[0], left + layer.rf[1]
    return max(top, 0), max(left, 0), min(bottom, input_hw[0]), min(right, input_hw[1])
