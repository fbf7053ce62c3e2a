"""Forward passes stopped at a layer: a plain slice of a Sequential, otherwise a stopping hook.

:func:`forward_to` picks once, for a model and a layer, how to compute that layer's
output for a batch without running anything after it. A top-level layer of a plain
``nn.Sequential`` (the built-in LeNet-5 and TinyVGG) is reached by running the slice
``model[: i + 1]``: nothing but the layers themselves, as fast as a hand-written
truncated model. Anything else runs the whole model with a forward hook on the layer
that ends the pass there (:func:`cnnviz.core.backprop.capturing`).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from cnnviz.core.backprop import SelectionError, capturing, split_layer
from cnnviz.core.recording import LayerRecord

ForwardTo = Callable[[torch.Tensor], torch.Tensor]
Walked = tuple[torch.Tensor, list[LayerRecord]]


def sequential_slice(model: nn.Module, layer: str) -> nn.Sequential | None:
    """``model[: i + 1]`` when ``layer`` is the first call of top-level child ``i`` of a plain
    Sequential (one whose ``forward`` is Sequential's own, with no hooks); otherwise None."""
    if not isinstance(model, nn.Sequential) or type(model).forward is not nn.Sequential.forward:
        return None
    if model._forward_hooks or model._forward_pre_hooks:
        return None
    name, call = split_layer(layer)
    keys = list(model._modules)
    if call != 1 or name not in keys:
        return None
    index = keys.index(name)
    target = model._modules[name]
    if any(model._modules[key] is target for key in keys[:index]):
        return None  # the same module object runs earlier: its first call is not this one
    return model[: index + 1]


def walked_output(
    model: nn.Module, x: torch.Tensor, layer: str
) -> tuple[torch.Tensor, list[LayerRecord]] | None:
    """``layer``'s output through the Sequential slice, child by child, and a record of each
    child's output shape (what hooks would record for a chain of layers, without hooks); None
    where there is no slice (see :func:`sequential_slice`)."""
    sliced = sequential_slice(model, layer)
    if sliced is None:
        return None
    records = []
    with torch.no_grad():
        for name, child in sliced.named_children():
            x = child(x)
            records.append(LayerRecord(name, name, type(child).__name__, tuple(x.shape[1:])))
    return checked_output(x, layer), records


def checked_output(output: torch.Tensor, layer: str) -> torch.Tensor:
    """The output detached; SelectionError unless it is B×C×H×W maps or a B×C vector."""
    if output.ndim not in (2, 4):
        raise SelectionError(f"cannot scan layer '{layer}': its output has shape {tuple(output.shape)}.")
    return output.detach()


def hooked_output(model: nn.Module, x: torch.Tensor, layer: str) -> torch.Tensor:
    """``layer``'s output for the batch ``x``, the whole model run with a hook that stops it there."""
    with torch.no_grad(), capturing(model, layer, stop=True) as capture:
        model(x)
    return checked_output(capture.tensor(), layer)


def forward_to(model: nn.Module, layer: str) -> ForwardTo:
    """A function from a batch to ``layer``'s output (B×C×H×W or B×C), nothing after it computed."""
    sliced = sequential_slice(model, layer)
    if sliced is None:
        return lambda x: hooked_output(model, x, layer)

    def run_slice(x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return checked_output(sliced(x), layer)

    return run_slice
