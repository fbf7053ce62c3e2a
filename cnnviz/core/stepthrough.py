"""Convolution step-through on a real model: one output value of a real conv layer, number by number.

:func:`capture_conv_io` runs the model once and keeps what one ``nn.Conv2d`` received and
produced (copied when its hook fires, so a following in-place ReLU cannot change it), together
with its weights at that moment and the element-wise activation applied directly to its output,
if a module does that. :func:`~cnnviz.core.conv_layer_step.conv_step` then rebuilds one output
value from the layer's input: the window of every input channel, the kernel, the products, the
per-channel sums, the bias and the activation (see :mod:`cnnviz.core.conv_layer_step`).

Grouped convolutions (``groups > 1``, depthwise included) are supported: an output channel reads
only the input channels of its group. Not supported: transposed, 1-D and 3-D convolutions.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from cnnviz.core.conv_layer_step import ConvLayer, ModelConvStep, conv_step, layer_of
from cnnviz.core.recording import leaf_modules

ACTIVATIONS: tuple[type[nn.Module], ...] = (
    nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.PReLU, nn.RReLU, nn.ELU, nn.SELU, nn.CELU, nn.GELU, nn.SiLU,
    nn.Mish, nn.Sigmoid, nn.Tanh, nn.Hardtanh, nn.Hardswish, nn.Hardsigmoid, nn.Softplus,
    nn.Softsign, nn.Tanhshrink, nn.LogSigmoid, nn.Threshold,
)  # fmt: skip


@dataclass(frozen=True)
class ConvIO:
    """One forward pass seen from one conv layer (arrays without the batch axis, float64)."""

    layer_name: str
    layer: ConvLayer
    input: np.ndarray  # (C_in, H, W)
    output: np.ndarray  # (C_out, H', W'), before any activation
    consumer: str  # the module called next with exactly this output as input ('' if unknown)
    consumer_type: str
    activation: nn.Module | None  # the consumer, when it is an element-wise activation

    def step(self, out_channel: int, row: int, col: int) -> ModelConvStep:
        """:func:`conv_step` for this layer, its weights as they were in the forward pass."""
        return conv_step(self.layer, self.input, out_channel, row, col, self.activation)


def conv_layers(model: nn.Module) -> list[str]:
    """Qualified names of the model's ``nn.Conv2d`` modules, in definition order."""
    return [name for name, module in model.named_modules() if isinstance(module, nn.Conv2d)]


def conv_module(model: nn.Module, layer_name: str) -> nn.Conv2d:
    """The ``nn.Conv2d`` called ``layer_name``; ValueError if there is none."""
    module = dict(model.named_modules()).get(layer_name)
    if not isinstance(module, nn.Conv2d):
        raise ValueError(f"'{layer_name}' is not a Conv2d layer of this model")
    return module


def private_twin(model: nn.Module) -> nn.Module:
    """A copy of the model in eval mode with its own modules but the *same* parameters and buffers.

    Hooks put on the twin never fire in the original (which another thread may be running),
    while weights loaded into the original in place show in the twin at once.
    """
    shared = {id(t): t for t in itertools.chain(model.parameters(), model.buffers())}
    twin = copy.deepcopy(model, shared)
    return twin.eval()


class _Captured(Exception):
    """Raised by a hook to end the forward pass once everything needed is known."""


class _Capture:
    """Forward hooks collecting a conv layer's first call and the module that consumes its output."""

    def __init__(self, conv: nn.Conv2d) -> None:
        self.conv = conv
        self.found: tuple[np.ndarray, np.ndarray, ConvLayer] | None = None
        self.output: torch.Tensor | None = None
        self.consumer: tuple[str, nn.Module] | None = None
        self.done = False

    def on_conv(self, _module: nn.Module, inputs: tuple[Any, ...], output: torch.Tensor) -> None:
        if self.found is None:
            self.output = output.detach().clone()
            self.found = (_as_array(inputs[0]), _as_array(output), layer_of(self.conv))

    def pre_hook_for(self, name: str, stop: bool) -> Any:
        def pre_hook(module: nn.Module, inputs: tuple[Any, ...]) -> None:
            if self.found is None or self.done:
                return
            self.done = True
            first = inputs[0] if inputs else None
            if isinstance(first, torch.Tensor) and self.output is not None and _same(first, self.output):
                self.consumer = (name, module)
            if stop:
                raise _Captured

        return pre_hook


def _as_array(tensor: torch.Tensor) -> np.ndarray:
    """The first item of a batch as a float64 numpy copy."""
    return tensor.detach()[0].to("cpu", torch.float64, copy=True).numpy()


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    """True when two tensors hold the same values (the conv output passed on unchanged)."""
    return a.shape == b.shape and a.dtype == b.dtype and bool(torch.equal(a, b))


def capture_conv_io(
    model: nn.Module, layer_name: str, x: np.ndarray | torch.Tensor, stop_early: bool = True
) -> ConvIO:
    """Run ``model`` on one input ``x`` (C, H, W) and return what layer ``layer_name`` saw and made.

    A layer called more than once is captured at its first call. With ``stop_early`` the forward
    pass ends at the first module called after the layer (only what comes before is computed).
    Hooks are removed in ``finally``, also when the model raises.
    """
    conv = conv_module(model, layer_name)
    capture = _Capture(conv)
    handles = [conv.register_forward_hook(capture.on_conv)]
    try:
        for name, module in leaf_modules(model):
            if module is not conv:
                handles.append(module.register_forward_pre_hook(capture.pre_hook_for(name, stop_early)))
        with torch.no_grad():
            model(_batch_for(model, x))
    except _Captured:
        pass
    finally:
        for handle in handles:
            handle.remove()
    if capture.found is None:
        raise ValueError(f"the forward pass never called '{layer_name}'")
    layer_input, output, layer = capture.found
    name, consumer = capture.consumer if capture.consumer is not None else ("", None)
    kind = type(consumer).__name__ if consumer is not None else ""
    activation = consumer if isinstance(consumer, ACTIVATIONS) else None
    return ConvIO(layer_name, layer, layer_input, output, name, kind, activation)


def _batch_for(model: nn.Module, x: np.ndarray | torch.Tensor) -> torch.Tensor:
    """``x`` (C, H, W) as a batch of one on the device and in the float type of the model."""
    batch = (x if isinstance(x, torch.Tensor) else torch.from_numpy(np.asarray(x)))[None]
    param = next(model.parameters(), None)
    if param is None or not param.is_floating_point():
        return batch.float()
    return batch.to(param.device, param.dtype)
