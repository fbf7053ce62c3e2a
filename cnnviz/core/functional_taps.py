"""Functional operations as layers: ``x + identity``, ``F.relu(x)``, ``torch.flatten(x, 1)`` …

Forward hooks only see modules, so what a model computes with plain functions
is invisible to them. :func:`functional_view` traces the model with torch.fx
(every module without children stays one call, exactly the leaves that
:mod:`cnnviz.core.recording` hooks) and puts an identity :class:`Tap` module after
each ``call_function`` / ``call_method`` node; a hook on the tap sees the
operation's result. The traced copy calls the original's own submodules, so no
parameter is copied; it is cached per model object and training mode, and
traced again when a submodule or parameter it uses has been replaced.

A tap is named after the module whose ``forward`` made the call, plus the
operation: ``layer1.0.add`` (ResNet's skip connection), ``inception3a.branch1.relu``
(GoogLeNet's ``F.relu``), ``flatten`` (the model's own forward); a second ``add``
in the same forward is ``add_1``. Bookkeeping (``x.size()``, ``.contiguous()``,
attribute reads) gets no tap. A model fx cannot trace (data-dependent control
flow, TorchScript) gets none at all: :func:`functional_note` says why.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from torch import fx, nn

from cnnviz.core.fx_tracing import LeafTracer

SKIPPED_OPS = frozenset(
    {"getattr", "size", "dim", "numel", "contiguous", "detach", "type", "to", "float", "_assert"}
)
NOT_SHOWN = "functional operations not shown: model cannot be traced"
_VIEWS: weakref.WeakKeyDictionary[nn.Module, dict[bool, FunctionalView | str]] = weakref.WeakKeyDictionary()


class NotTraceable(RuntimeError):
    """torch.fx cannot trace the model; the message says why, in one line."""


class Tap(nn.Module):
    """Identity: marks the result of one functional operation for a forward hook."""

    def __init__(self, op: str) -> None:
        super().__init__()
        self.op = op

    @property
    def type_name(self) -> str:
        """What the layer table shows as the type: ``add()``, ``relu()``, ``flatten()``."""
        return f"{self.op}()"

    def forward(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class FunctionalView:
    """A traced copy of a model with a tap after every functional operation.

    ``taps`` are (layer name, tap) in execution order; ``uses`` are the
    (qualified name, object) of the model's submodules and tensors the traced
    code calls or reads, to notice when one has been replaced.
    """

    graph_module: fx.GraphModule
    taps: tuple[tuple[str, Tap], ...]
    uses: tuple[tuple[str, object], ...]

    def is_current(self, model: nn.Module) -> bool:
        """True while every module and tensor the trace uses is still the model's own."""
        return all(attribute(model, name) is used for name, used in self.uses)


def attribute(root: nn.Module, dotted: str) -> object:
    """``root.a.b.c`` for ``"a.b.c"``; None when a part is missing."""
    try:
        return functools.reduce(getattr, dotted.split("."), root)
    except AttributeError:
        return None


def op_name(node: fx.Node) -> str:
    """The operation a node performs: ``add``, ``relu``, ``flatten``, ``view`` …"""
    if node.op == "call_method":
        return str(node.target)
    name = getattr(node.target, "__name__", None) or str(node.target)
    return name.split(".")[0]  # aten overloads: "relu.default" → "relu"


def scope_of(node: fx.Node) -> str:
    """Qualified name of the module whose forward made the call ("" for the model itself)."""
    stack = node.meta.get("nn_module_stack") or {}
    if not stack:
        return ""
    path = list(stack.values())[-1]
    return str(path[0] if isinstance(path, tuple) else path)


def tap_name(scope: str, op: str, taken: set[str]) -> str:
    """``scope.op``, or ``scope.op_1``, ``scope.op_2`` … when that name is taken."""
    base = f"{scope}.{op}" if scope else op
    name, count = base, 0
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name


def tapped_nodes(graph: fx.Graph) -> list[fx.Node]:
    """The function and method calls whose result is used, bookkeeping left out."""
    return [
        node
        for node in graph.nodes
        if node.op in ("call_function", "call_method") and node.users and op_name(node) not in SKIPPED_OPS
    ]


def build_view(model: nn.Module) -> FunctionalView:
    """Trace ``model`` and insert the taps; :class:`NotTraceable` when fx cannot."""
    try:
        graph = LeafTracer().trace(model)
        graph_module = fx.GraphModule(model, graph, class_name=type(model).__name__)
    except Exception as exc:  # fx raises anything the traced code can raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise NotTraceable(f"{type(exc).__name__}: {reason}".rstrip(": ")) from exc
    taken = {name for name, _ in model.named_modules()}
    taps = []
    for index, node in enumerate(tapped_nodes(graph)):
        tap = Tap(op_name(node))
        insert_tap(graph_module, node, tap, f"cnnviz_tap_{index}")
        taps.append((tap_name(scope_of(node), tap.op, taken), tap))
    graph_module.recompile()
    names = sorted({str(n.target) for n in graph.nodes if n.op in ("call_module", "get_attr")})
    uses = tuple((name, found) for name in names if (found := attribute(model, name)) is not None)
    return FunctionalView(graph_module, tuple(taps), uses)


def insert_tap(graph_module: fx.GraphModule, node: fx.Node, tap: Tap, target: str) -> None:
    """Call ``tap`` on the node's result and let every later user read the tap's output."""
    graph_module.add_submodule(target, tap)
    with graph_module.graph.inserting_after(node):
        tap_node = graph_module.graph.call_module(target, (node,))
    node.replace_all_uses_with(tap_node, delete_user_cb=lambda user: user is not tap_node)


def functional_view(model: nn.Module) -> FunctionalView:
    """The model's traced view for its current training mode (cached); :class:`NotTraceable` if none."""
    views = _VIEWS.setdefault(model, {})
    view = views.get(model.training)
    if view is None or (isinstance(view, FunctionalView) and not view.is_current(model)):
        try:
            view = build_view(model)
        except NotTraceable as exc:
            view = str(exc)
        views[model.training] = view
    if isinstance(view, str):
        raise NotTraceable(view)
    return view


def functional_note(model: nn.Module) -> str:
    """Empty when functional operations can be shown, else a line saying why they are not."""
    try:
        functional_view(model)
    except NotTraceable as exc:
        return f"{NOT_SHOWN} ({exc})"
    return ""


@contextmanager
def running_view(model: nn.Module, view: FunctionalView) -> Iterator[None]:
    """Calls of ``model`` run the traced view inside the block (hooks on the model itself still fire)."""
    own = model.__dict__.get("forward")  # an instance attribute shadows the class's forward
    model.__dict__["forward"] = view.graph_module.forward
    try:
        yield
    finally:
        if own is None:
            del model.__dict__["forward"]
        else:
            model.__dict__["forward"] = own
