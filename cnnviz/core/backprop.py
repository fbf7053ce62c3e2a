"""Shared machinery of the backprop visualisations: layers by name, ReLU backward rules, stopping.

Layers are named as everywhere in cnnviz: the recorded name of a leaf module's call,
``name`` for its first call and ``name#k`` for its k-th (torchvision's ResNet calls
one ReLU twice per block).

**ReLU backward rules.** While :func:`relu_rule` is active, every ReLU the forward
pass runs computes its usual value but its backward is replaced:

- ``"deconvnet"`` (Zeiler & Fergus 2014): ``grad_in = max(grad_out, 0)``, whatever the
  sign of the ReLU's input — the deconvnet's rectification of the signal;
- ``"guided"`` (Springenberg et al. 2015): ``grad_in = max(grad_out, 0)·[x > 0]``.

It is done with a thread-local torch function mode, not by hooking or swapping
modules, so the user's model object is never changed. It catches ``nn.ReLU``
modules (in-place or not, reused or not) and the functional forms alike
(``F.relu``, ``torch.relu``, ``Tensor.relu`` and their in-place versions, which stay
in place). Other activations (ReLU6, LeakyReLU, GELU, …) and ReLUs inside TorchScript
modules keep their ordinary gradient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.overrides import TorchFunctionMode

from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.recording import first_tensor

Rule = Literal["deconvnet", "guided"]
StopCheck = Callable[[], bool]


class SelectionError(ValueError):
    """A channel, unit or class the layer or model does not have; the message says which exist."""


class Cancelled(Exception):
    """The computation was stopped on request (between two forward passes)."""


class _LayerReached(Exception):
    """Raised by the capture hook to end a forward pass early."""


class _DeconvReLU(torch.autograd.Function):
    """ReLU forward; backward ReLU of the incoming gradient."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return grad.clamp(min=0)


class _DeconvReLUInplace(torch.autograd.Function):
    """In-place ReLU forward (the input is marked dirty); backward ReLU of the gradient."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        ctx.mark_dirty(x)
        return x.clamp_(min=0)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return grad.clamp(min=0)


class _GuidedReLU(torch.autograd.Function):
    """ReLU forward; backward the positive gradient where the input was positive."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        out = x.clamp(min=0)
        ctx.positive = out > 0
        return out

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return grad.clamp(min=0) * ctx.positive


class _GuidedReLUInplace(torch.autograd.Function):
    """In-place ReLU forward; backward the positive gradient where the input was positive."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        ctx.mark_dirty(x)
        x.clamp_(min=0)
        ctx.positive = x > 0
        return x

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return grad.clamp(min=0) * ctx.positive


RULES: dict[str, tuple[type[torch.autograd.Function], type[torch.autograd.Function]]] = {
    "deconvnet": (_DeconvReLU, _DeconvReLUInplace),
    "guided": (_GuidedReLU, _GuidedReLUInplace),
}
RELU_FUNCTIONS = frozenset({F.relu, torch.relu, torch.Tensor.relu})
INPLACE_RELU_FUNCTIONS = frozenset({torch.relu_, torch.Tensor.relu_})


class _ReluRuleMode(TorchFunctionMode):
    """Routes every ReLU call to the rule's autograd function; everything else runs unchanged."""

    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.plain, self.inplace = RULES[rule]

    def __torch_function__(
        self, func: Any, types: Any, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None
    ) -> Any:
        kwargs = kwargs or {}
        if func in RELU_FUNCTIONS:
            inplace = bool(kwargs.get("inplace", args[1] if len(args) > 1 else False))
            return (self.inplace if inplace else self.plain).apply(args[0])
        if func in INPLACE_RELU_FUNCTIONS:
            return self.inplace.apply(args[0])
        return func(*args, **kwargs)


@contextmanager
def relu_rule(rule: Rule) -> Iterator[None]:
    """Inside the block, every ReLU's backward follows ``rule`` (this thread only)."""
    if rule not in RULES:
        raise ValueError(f"unknown ReLU rule '{rule}'; the rules are {', '.join(RULES)}")
    with _ReluRuleMode(rule):
        yield


def split_layer(layer: str) -> tuple[str, int]:
    """``"name#k"`` → ``("name", k)``; a plain name is its first call."""
    name, sep, count = layer.rpartition("#")
    if sep and count.isdigit() and int(count) >= 1:
        return name, int(count)
    return layer, 1


def find_module(model: nn.Module, layer: str) -> tuple[nn.Module, int]:
    """The module a layer name refers to and which of its calls, or UnknownLayerError."""
    name, call = split_layer(layer)
    modules = dict(model.named_modules())
    if not name or name not in modules:
        leaves = [n for n, m in modules.items() if n and not any(True for _ in m.children())]
        shown = ", ".join(leaves[:40]) + (", …" if len(leaves) > 40 else "")
        raise UnknownLayerError(f"there is no layer '{layer}'; the layers are: {shown}.")
    return modules[name], call


@dataclass
class LayerCapture:
    """What the capture hook saw: the chosen call's output, and how often the module ran."""

    layer: str
    output: torch.Tensor | None = None
    calls: int = 0

    def tensor(self) -> torch.Tensor:
        """The captured output, or UnknownLayerError when the forward pass never reached that call."""
        if self.output is None:
            times = "once" if self.calls == 1 else f"{self.calls} times"
            raise UnknownLayerError(f"layer '{self.layer}' was not reached: its module ran {times}.")
        return self.output


@contextmanager
def capturing(model: nn.Module, layer: str, stop: bool) -> Iterator[LayerCapture]:
    """Capture one layer call's output while the block runs the model.

    With ``stop`` the forward pass ends right there (the rest of the model is not
    run; the block's remaining statements are skipped). Without it the hook hands
    the model a copy of the output, so a later in-place operation (an in-place
    ReLU after a convolution) cannot change the captured tensor. The hook is always
    removed.
    """
    module, call = find_module(model, layer)
    capture = LayerCapture(layer)

    def hook(_module: nn.Module, _inputs: Any, output: Any) -> Any:
        capture.calls += 1
        if capture.calls != call:
            return None
        capture.output = first_tensor(output)
        if stop:
            raise _LayerReached
        return output.clone() if isinstance(output, torch.Tensor) else None

    handle = module.register_forward_hook(hook)
    try:
        yield capture
    except _LayerReached:
        pass
    finally:
        handle.remove()


@contextmanager
def stoppable(model: nn.Module, should_stop: StopCheck | None) -> Iterator[None]:
    """Raise :class:`Cancelled` at the next forward pass once ``should_stop()`` is true."""
    if should_stop is None:
        yield
        return

    def check(_module: nn.Module, _inputs: Any) -> None:
        if should_stop():
            raise Cancelled("stopped on request")

    handle = model.register_forward_pre_hook(check)
    try:
        yield
    finally:
        handle.remove()


def model_device(model: nn.Module) -> torch.device:
    """Where the model's parameters (or buffers) live; CPU for a model without any."""
    for tensor in (*model.parameters(), *model.buffers()):
        return tensor.device
    return torch.device("cpu")


def input_leaf(model: nn.Module, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """``x`` (C×H×W or 1×C×H×W) as a fresh 1×C×H×W float leaf on the model's device, requiring grad."""
    tensor = torch.as_tensor(x)
    if tensor.ndim == 3:
        tensor = tensor[None]
    if tensor.ndim != 4 or tensor.shape[0] != 1:
        raise ValueError(f"expected one C×H×W image (or a batch of 1), not shape {tuple(tensor.shape)}")
    leaf = tensor.detach().to(model_device(model), torch.float32, copy=True)
    return leaf.requires_grad_(True)


def hook_total(model: nn.Module) -> int:
    """All forward and backward (pre-)hooks on the model's modules: zero when nothing is left behind."""
    return sum(
        len(m._forward_hooks)
        + len(m._forward_pre_hooks)
        + len(m._backward_hooks)
        + len(m._backward_pre_hooks)
        for m in model.modules()
    )
