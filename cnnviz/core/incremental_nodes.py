"""The fx graph side of incremental occlusion: tracing, node kinds, in-place ops, prepared convolutions.

A node depending on the input is one of four kinds: ``window`` (a Conv2d or pooling
layer that can run on slices), ``elementwise`` (one spatial input, same-shaped
output: activations, eval-mode BatchNorm, Dropout, arithmetic with a number),
``binary`` (an elementwise sum, difference or product of two same-shaped maps:
the residual add) or ``whole`` (anything else: it runs on the whole batch).
A convolution directly followed by an eval-mode BatchNorm2d (its only user) is
folded: the convolution's weights absorb the normalisation and the BatchNorm
passes its input through, which is exact up to float32 rounding.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnviz.core.fx_tracing import LeafTracer

ELEMENTWISE_MODULES = (
    nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ELU, nn.SELU, nn.CELU, nn.GELU, nn.SiLU, nn.Mish, nn.Sigmoid,
    nn.Tanh, nn.Hardswish, nn.Hardsigmoid, nn.Hardtanh, nn.Softplus, nn.Identity, nn.PReLU,
    nn.Dropout, nn.Dropout2d, nn.AlphaDropout,
)  # fmt: skip
ELEMENTWISE_FUNCTIONS = {
    torch.relu, torch.relu_, F.relu, F.relu6, F.leaky_relu, F.elu, F.gelu, F.silu, F.hardswish,
    F.hardsigmoid, F.hardtanh, torch.sigmoid, torch.tanh, operator.add, operator.sub, operator.mul,
    operator.truediv, operator.neg, operator.iadd, operator.imul, torch.add, torch.sub, torch.mul,
}  # fmt: skip
ELEMENTWISE_METHODS = {
    "relu",
    "relu_",
    "sigmoid",
    "tanh",
    "add",
    "add_",
    "sub",
    "mul",
    "mul_",
    "div",
    "clone",
}
BINARY_FUNCTIONS = {operator.add, operator.iadd, operator.sub, operator.mul, operator.imul}
BINARY_FUNCTIONS |= {torch.add, torch.sub, torch.mul, torch.maximum, torch.minimum}
BINARY_METHODS = {"add", "add_", "sub", "mul", "mul_"}


class UnsupportedModel(Exception):
    """The model cannot be traced or run incrementally; the message says why."""


@dataclass
class Whole:
    """A node's value for the whole batch (any Python value, usually a tensor)."""

    value: Any


@dataclass(frozen=True)
class PreparedConv:
    """A Conv2d's weights, maybe with a BatchNorm folded in, stored channels-last (as the slices are)."""

    weight: torch.Tensor
    bias: torch.Tensor | None
    conv: nn.Conv2d

    def whole(self, x: torch.Tensor) -> torch.Tensor:
        """The convolution of a whole batch, with the layer's own padding."""
        c = self.conv
        return F.conv2d(x, self.weight, self.bias, c.stride, c.padding, c.dilation, c.groups)


def trace(model: nn.Module) -> fx.Graph:
    """The fx graph of ``model``, or UnsupportedModel."""
    try:
        return LeafTracer().trace(model)
    except Exception as exc:  # fx raises many kinds for data-dependent control flow
        raise UnsupportedModel(f"torch.fx cannot trace the model ({type(exc).__name__}: {exc})") from exc


def is_inplace(node: fx.Node, module: nn.Module | None) -> bool:
    """True when the node may overwrite its first argument (``F.relu(x, True)`` included)."""
    if module is not None:
        return bool(getattr(module, "inplace", False))
    if node.op == "call_method":
        return str(node.target).endswith("_")
    name = getattr(node.target, "__name__", "")
    flagged = node.kwargs.get("inplace") is True or any(a is True for a in node.args)
    return name.endswith("_") or node.target in (operator.iadd, operator.imul) or flagged


def spatial_shape(value: Any) -> tuple[int, ...] | None:
    """The shape of a 4-D floating-point tensor, else None."""
    if isinstance(value, torch.Tensor) and value.ndim == 4 and value.is_floating_point():
        return tuple(value.shape)
    return None


def is_eval_batchnorm(module: nn.Module | None) -> bool:
    """A BatchNorm2d that normalises with its running statistics (eval mode)."""
    return isinstance(module, nn.BatchNorm2d) and not module.training and module.running_mean is not None


def node_kind(node: fx.Node, module: nn.Module | None, cached: dict[fx.Node, Any]) -> str:
    """'elementwise', 'binary' or 'whole' for a non-window node depending on the input."""
    inputs = node.all_input_nodes
    shapes = {spatial_shape(cached[n]) for n in inputs} | {spatial_shape(cached[node])}
    if len(shapes) != 1 or None in shapes or len(inputs) > 2:
        return "whole"
    if module is not None:
        elementwise = isinstance(module, ELEMENTWISE_MODULES) or is_eval_batchnorm(module)
        return "elementwise" if elementwise and len(inputs) == 1 else "whole"
    functions, methods = (ELEMENTWISE_FUNCTIONS, ELEMENTWISE_METHODS) if len(inputs) == 1 else (
        BINARY_FUNCTIONS, BINARY_METHODS)  # fmt: skip
    known = functions if node.op == "call_function" else methods if node.op == "call_method" else set()
    if node.target in known:
        return "elementwise" if len(inputs) == 1 else "binary"
    return "whole"


def prepare_conv(conv: nn.Conv2d, norm: nn.BatchNorm2d | None) -> PreparedConv:
    """The convolution's weights as channels-last tensors, with ``norm`` folded in when given."""
    weight, bias = conv.weight.detach(), None if conv.bias is None else conv.bias.detach()
    if norm is not None:
        assert norm.running_mean is not None and norm.running_var is not None
        scale = torch.rsqrt(norm.running_var + norm.eps)
        if norm.weight is not None:
            scale = scale * norm.weight.detach()
        shift = -norm.running_mean * scale
        if norm.bias is not None:
            shift = shift + norm.bias.detach()
        weight = weight * scale[:, None, None, None]
        bias = shift if bias is None else bias * scale + shift
    return PreparedConv(weight.contiguous(memory_format=torch.channels_last), bias, conv)


def feature_node(graph: fx.Graph, name: str) -> fx.Node:
    """The call of a layer named as the recorder names it: ``name`` (first call) or ``name#k``."""
    calls: dict[str, int] = {}
    for node in graph.nodes:
        if node.op == "call_module":
            count = calls[node.target] = calls.get(node.target, 0) + 1
            if name in (f"{node.target}#{count}", node.target if count == 1 else None):
                return node
    raise UnsupportedModel(f"layer {name!r} is not a module call in the traced graph")
