"""Floating-point operations per layer for one input (batch size 1).

Convention (one multiply-accumulate = 2 FLOPs; bias additions are not counted):

- Conv2d: 2 · C_in/groups · k_h · k_w · C_out · H_out · W_out (``macs`` is half of it);
- Linear: 2 · in_features · out_features per output vector (times any extra leading dims);
- pooling, activations and normalisation: one operation per output element;
- Flatten, Dropout, Identity and other reshapes: 0 (no arithmetic at inference).

Layer names are those of :class:`~cnnviz.core.recording.LayerRecord` (``name#2``
for a second call), so the numbers line up with the Architecture table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch import nn

FREE_TYPES = ("Flatten", "Unflatten", "Dropout", "Dropout2d", "Identity")


@dataclass(frozen=True)
class LayerFlops:
    """One layer call: its FLOPs and multiply-accumulates (0 MACs for non-conv/linear layers)."""

    name: str
    type_name: str
    flops: int
    macs: int


@dataclass(frozen=True)
class FlopsReport:
    """FLOPs of every recorded layer, in call order, and the totals."""

    layers: list[LayerFlops]
    total_flops: int
    total_macs: int

    def by_name(self) -> dict[str, LayerFlops]:
        """Layers keyed by their (call-qualified) name."""
        return {layer.name: layer for layer in self.layers}


def layer_macs(module: nn.Module, out_shape: tuple[int, ...]) -> int:
    """Multiply-accumulates of a Conv2d or Linear call (output shape without the batch), else 0."""
    from torch import nn

    if isinstance(module, nn.Conv2d):
        k_h, k_w = module.kernel_size
        return module.in_channels // module.groups * k_h * k_w * math.prod(out_shape)
    if isinstance(module, nn.Linear):
        return module.in_features * math.prod(out_shape)
    return 0


def layer_flops(name: str, module: nn.Module, out_shape: tuple[int, ...]) -> LayerFlops:
    """FLOPs of one call, by the convention in the module docstring."""
    kind = type(module).__name__
    macs = layer_macs(module, out_shape)
    if macs:
        return LayerFlops(name, kind, 2 * macs, macs)
    if kind in FREE_TYPES or kind in ("Conv2d", "Linear"):
        return LayerFlops(name, kind, 0, 0)
    return LayerFlops(name, kind, math.prod(out_shape), 0)


def count_flops(model: nn.Module, input_shape: tuple[int, ...]) -> FlopsReport:
    """Run one zero input through the model (eval mode, flags restored) and count every leaf call's FLOPs."""
    import torch

    from cnnviz.core.receptive import evaluating
    from cnnviz.core.recording import first_tensor, leaf_modules

    layers: list[LayerFlops] = []
    calls: dict[str, int] = {}

    def hook_for(name: str) -> Any:
        def hook(module: nn.Module, _inputs: Any, output: Any) -> None:
            out = first_tensor(output)
            if out is None:
                return
            count = calls[name] = calls.get(name, 0) + 1
            layers.append(
                layer_flops(name if count == 1 else f"{name}#{count}", module, tuple(out.shape[1:]))
            )

        return hook

    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    handles = [m.register_forward_hook(hook_for(n)) for n, m in leaf_modules(model)]
    try:
        with torch.no_grad(), evaluating(model):
            model(torch.zeros((1, *input_shape), device=device))
    finally:
        for handle in handles:
            handle.remove()
    return FlopsReport(layers, sum(f.flops for f in layers), sum(f.macs for f in layers))
