"""A faster model for deconvnet projections on the CPU: cut at the layer, batch norm folded, channels-last.

:func:`fast_twin` returns a ``torch.fx`` module computing one layer's output from the
model input, built from a private copy of the model (the user's model and its hooks are
never touched):

- the graph ends at the chosen layer's call (nothing after it exists);
- every eval-mode ``BatchNorm2d`` that only normalises one ``Conv2d``'s output is folded
  into that convolution (the deconvnet's backward through the pair is the same affine
  map; equal up to float32 rounding), except the chosen layer's own conv/norm;
- every convolution's weights are stored channels-last, and the input is given
  channels-last, so oneDNN runs its NHWC kernels without reordering the weights on
  every call (measured on 2 cores: a projection from ResNet-18's last convolution takes
  0.76–0.79× of Captum's time instead of 0.99–1.01×, see ``benchmarks/bench_deconv.py``).

The twin holds detached copies of the convolution weights, so it is cached per model
and layer and rebuilt when any parameter or buffer of the model changes (its identity
or its in-place version counter: an optimiser step, ``load_state_dict``) or a module is
replaced — once the weights have stayed the same for two requests (while they change
at every request, during training, the model runs as it is). Models ``torch.fx`` cannot
trace, layers that are not a module call in the traced graph, and models not on the CPU
or not in float32 get None: the caller runs the model itself.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import fx, nn

from cnnviz.core.incremental_nodes import (
    UnsupportedModel,
    feature_node,
    is_eval_batchnorm,
    prepare_conv,
    trace,
)
from cnnviz.core.stepthrough import private_twin

CACHED_TWINS = 4
Signature = tuple[tuple[int, int], ...]


class PreparedConv2d(nn.Module):
    """A convolution with its own (maybe folded, channels-last) weights and the original's geometry."""

    weight: torch.Tensor
    bias: torch.Tensor | None

    def __init__(self, conv: nn.Conv2d, norm: nn.BatchNorm2d | None) -> None:
        super().__init__()
        prepared = prepare_conv(conv, norm)
        self.conv = conv
        self.register_buffer("weight", prepared.weight)
        self.register_buffer("bias", prepared.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv._conv_forward(x, self.weight, self.bias)


def signature(model: nn.Module) -> Signature:
    """What a twin depends on: every module, parameter and buffer, with the tensors' version counters."""
    tensors = itertools.chain(model.parameters(), model.buffers())
    return tuple((id(m), 0) for m in model.modules()) + tuple((id(t), t._version) for t in tensors)


def without_hooks(model: nn.Module) -> nn.Module:
    """The model with every module's own hooks removed (a deep copy carries the original's along)."""
    for module in model.modules():
        for hooks in (
            module._forward_hooks, module._forward_pre_hooks, module._backward_hooks,
            module._backward_pre_hooks,
        ):  # fmt: skip
            hooks.clear()
    return model


def cut_at(graph: fx.Graph, target: fx.Node) -> None:
    """Return ``target``'s value and drop every node after it (the nodes before it all stay)."""
    output = next(node for node in graph.nodes if node.op == "output")
    output.args = (target,)
    nodes = list(graph.nodes)
    for node in reversed(nodes[nodes.index(target) + 1 :]):
        if node is not output:
            graph.erase_node(node)


def single_module_call(
    graph: fx.Graph, node: fx.Node | None, modules: dict[str, nn.Module]
) -> nn.Module | None:
    """The module a ``call_module`` node runs, if no other node calls it; else None."""
    if node is None or node.op != "call_module":
        return None
    calls = sum(1 for n in graph.nodes if n.op == "call_module" and n.target == node.target)
    return modules.get(str(node.target)) if calls == 1 else None


def fold_and_prepare(graph: fx.Graph, modules: dict[str, nn.Module], target: fx.Node) -> dict[str, nn.Module]:
    """Channels-last copies of the convolutions (by name), eval-mode batch norms folded in (not the target's).

    A BatchNorm2d is folded when it is the only user of a convolution's output and neither
    is the target; its node is removed from ``graph``.
    """
    prepared: dict[str, nn.Module] = {}
    for node in list(graph.nodes):
        conv = single_module_call(graph, node, modules)
        if not isinstance(conv, nn.Conv2d):
            continue
        users = list(node.users)
        norm_node = users[0] if len(users) == 1 else None
        norm = single_module_call(graph, norm_node, modules)
        fold = (
            isinstance(norm, nn.BatchNorm2d) and is_eval_batchnorm(norm) and target not in (node, norm_node)
        )
        prepared[str(node.target)] = PreparedConv2d(conv, norm if fold else None)  # type: ignore[arg-type]
        if fold and norm_node is not None:
            norm_node.replace_all_uses_with(node)
            graph.erase_node(norm_node)
    return prepared


def build(model: nn.Module, layer: str) -> fx.GraphModule:
    """The twin for ``layer`` (UnsupportedModel when it cannot be built)."""
    twin = without_hooks(private_twin(model))
    graph = trace(twin)
    target = feature_node(graph, layer)
    cut_at(graph, target)
    modules = dict(twin.named_modules())
    for name, module in fold_and_prepare(graph, modules, target).items():
        parent, _, child = name.rpartition(".")
        setattr(twin.get_submodule(parent) if parent else twin, child, module)
    graph.lint()
    return fx.GraphModule(twin, graph).eval()


@dataclass
class Entry:
    """A cached twin: the model (weakly), the signature last seen, the twin and whether it is built."""

    model: weakref.ref[nn.Module]
    signature: Signature
    twin: fx.GraphModule | None
    built: bool


class TwinCache:
    """The twins of the last few (model, layer) asked for; dropped with the model (a twin holds the
    model's parameters, never the model object).

    A model whose weights changed since its twin was built (training) runs without a twin
    (None) until they stay the same for two requests in a row: rebuilding after every
    optimiser step would cost more than the twin saves.
    """

    def __init__(self, size: int = CACHED_TWINS) -> None:
        self.size = size
        self.lock = threading.RLock()  # a model collected inside get() evicts from the same thread
        self.twins: OrderedDict[tuple[int, str], Entry] = OrderedDict()

    def get(self, model: nn.Module, layer: str) -> fx.GraphModule | None:
        """The twin (None when the model cannot have one, or its weights are changing)."""
        key, current = (id(model), layer), signature(model)
        with self.lock:
            found = self.twins.get(key)
            if found is not None and found.model() is model:
                self.twins.move_to_end(key)
                if found.signature != current:  # changed: wait until the weights stay put
                    found.signature, found.twin, found.built = current, None, False
                    return None
                if found.built:
                    return found.twin
        try:
            twin: fx.GraphModule | None = build(model, layer)
        except UnsupportedModel:
            twin = None
        with self.lock:
            self.twins[key] = Entry(weakref.ref(model, self._forget(id(model))), current, twin, True)
            while len(self.twins) > self.size:
                self.twins.popitem(last=False)
        return twin

    def _forget(self, model_id: int) -> Callable[[Any], None]:
        """A weakref callback dropping every twin of the model with this id."""

        def forget(_ref: Any) -> None:
            with self.lock:
                for key in [k for k in self.twins if k[0] == model_id]:
                    del self.twins[key]

        return forget


CACHE = TwinCache()


def fast_twin(model: nn.Module, layer: str) -> fx.GraphModule | None:
    """The cut, folded, channels-last twin of ``model`` computing ``layer`` (see the module); None
    for models fx cannot trace, layers that are no module call, and models not on the CPU."""
    parameter = next(itertools.chain(model.parameters(), model.buffers()), None)
    if parameter is None or parameter.device.type != "cpu" or parameter.dtype != torch.float32:
        return None
    return CACHE.get(model, layer)
