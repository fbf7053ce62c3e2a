"""Working out what an opaque model reads, and whether it is a known architecture in disguise.

A pickled, TorchScript or exported model says nothing about its input. The
channels come from its first convolution; the size is the first of
:data:`COMMON_SIZES` (28 first for one channel, 224 first otherwise) that a
forward pass accepts; the classes are the outputs of that pass, labelled
``0 … N−1``. Pixels are fed in [0, 1] (mean 0, std 1) except for 3-channel
inputs of 224 pixels and more, which get ImageNet's normalisation.

:func:`recognise` goes further: when the model's state_dict fits exactly one
known architecture and that architecture, rebuilt as ordinary PyTorch modules
with the same weights, gives the same outputs on a random input, the rebuilt
module replaces the opaque one, so that every panel works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from cnnviz.core.architectures import ArchitectureError, ArchSpec, build_from_spec, default_input_spec
from cnnviz.core.recording import first_tensor
from cnnviz.core.spec import InputSpec

COMMON_SIZES = (224, 32, 64, 28, 96, 128, 256, 299, 227, 48, 16)
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
SAME_RTOL, SAME_ATOL = 1e-4, 1e-5
# What running an unknown model on a wrong input raises (AttributeError: a damaged pickled module).
PROBE_ERRORS = (
    RuntimeError,
    ValueError,
    TypeError,
    IndexError,
    AssertionError,
    NotImplementedError,
    AttributeError,
)


class InputUnknown(ValueError):
    """No common input size goes through the model."""


def first_conv_channels(module: nn.Module) -> int | None:
    """Input channels of the first convolution (a Conv2d, or the first 4-D weight of any module)."""
    for sub in module.modules():
        if isinstance(sub, nn.Conv2d):
            return int(sub.in_channels)
    for _name, tensor in module.state_dict().items():
        if isinstance(tensor, torch.Tensor) and tensor.ndim == 4 and tensor.is_floating_point():
            return int(tensor.shape[1])
    return None


def output_count(module: nn.Module, shape: Sequence[int]) -> int:
    """Number of outputs for one zero input of (C, H, W) ``shape``; raises what the model raises."""
    with torch.no_grad():
        out = first_tensor(module(torch.zeros((1, *shape))))
    if out is None:
        raise TypeError("the model returned no tensor")
    return int(out.reshape(1, -1).shape[1])


def sizes_to_try(channels: int) -> tuple[int, ...]:
    """COMMON_SIZES, with 28 first for one-channel (digit-like) models."""
    return (28, *(s for s in COMMON_SIZES if s != 28)) if channels == 1 else COMMON_SIZES


def spec_for(channels: int, height: int, width: int) -> InputSpec:
    """The documented default normalisation for an input of this shape."""
    if channels == 3 and min(height, width) >= 224:
        return InputSpec(3, height, width, IMAGENET_MEAN, IMAGENET_STD)
    mean, std = (0.0,) * channels, (1.0,) * channels
    if (channels, height, width) == (1, 28, 28):
        return InputSpec(1, 28, 28, mean, std, "mnist")
    return InputSpec(channels, height, width, mean, std)


def guess_input(
    module: nn.Module, channels: int | None = None, size: tuple[int, int] | None = None
) -> tuple[InputSpec, int]:
    """(input spec, number of outputs) for a model that does not say what it reads.

    ``channels`` and ``size`` (height, width) are used when known (an ONNX or
    exported graph's input); the rest is found by trying. Raises InputUnknown.
    """
    channels = channels or first_conv_channels(module) or 3
    candidates = [size] if size else [(s, s) for s in sizes_to_try(channels)]
    last = ""
    for height, width in candidates:
        try:
            count = output_count(module, (channels, height, width))
        except PROBE_ERRORS as exc:
            last = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            continue
        return spec_for(channels, height, width), count
    tried = ", ".join(f"{h}×{w}" for h, w in candidates)
    raise InputUnknown(f"no input of {channels} channel(s) and size {tried} goes through the model ({last})")


def same_outputs(a: nn.Module, b: nn.Module, shape: Sequence[int]) -> bool:
    """True when both models give the same outputs for one random input of (C, H, W) ``shape``."""
    generator = torch.Generator().manual_seed(0)
    x = torch.rand((1, *shape), generator=generator)
    try:
        with torch.no_grad():
            out_a, out_b = first_tensor(a(x)), first_tensor(b(x))
    except PROBE_ERRORS:
        return False
    if out_a is None or out_b is None or out_a.shape != out_b.shape:
        return False
    return bool(torch.allclose(out_a.float(), out_b.float(), SAME_RTOL, SAME_ATOL))


def rebuilt(spec: ArchSpec, state: dict[str, torch.Tensor]) -> nn.Module | None:
    """The architecture as ordinary modules with ``state`` loaded (strict), or None if it does not fit."""
    try:
        module = build_from_spec(spec)
        module.load_state_dict(
            {k: v.detach().float() if v.is_floating_point() else v for k, v in state.items()}
        )
    except (ArchitectureError, RuntimeError, KeyError, ValueError):
        return None
    return module.eval()


def recognise(module: nn.Module, extra_specs: Sequence[ArchSpec] = ()) -> tuple[ArchSpec, nn.Module] | None:
    """(spec, equivalent eager module) when ``module`` is a known architecture, else None."""
    from cnnviz.core.sources import ModelLoadError
    from cnnviz.core.state_match import ArchitectureChoice, match_state_dict

    state = {k: v for k, v in module.state_dict().items() if isinstance(v, torch.Tensor)}
    if not state:
        return None
    try:
        specs = [match_state_dict(state, extra_specs)]
    except ArchitectureChoice as choice:
        specs = [(c.spec, state) for c in choice.candidates]
    except ModelLoadError:
        return None
    found = []
    for spec, keyed in specs:
        eager = rebuilt(spec, keyed)
        if eager is not None and same_outputs(module, eager, default_input_spec(spec).shape):
            found.append((spec, eager))
    return found[0] if len(found) == 1 else None


def describe_module(module: Any) -> str:
    """The class name a user would recognise (TorchScript modules keep their original name)."""
    return str(getattr(module, "original_name", None) or type(module).__name__)
