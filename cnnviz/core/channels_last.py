"""Channels-last training on the CPU: when a run uses it, and the model's conversion there and back.

Stored channels-last (N, H, W, C), a convolutional network trains faster on
the CPU: oneDNN's convolutions and PyTorch's pooling are vectorised along the
channels. LeNet-5 (batch 128) trained 16% faster here, TinyVGG 1.8× and
MobileNet-V2 1.8×; max pooling alone went from 2.7 to 1.3 ms a step. Batch
normalisation over fewer than 16 channels is the exception (3–6× slower
channels-last), so such models keep the default layout, as do runs on a GPU.
The values computed are the same; only the rounding of the sums differs.
"""

from __future__ import annotations

import torch
from torch import nn

CHANNELS_LAST = torch.channels_last
CONTIGUOUS = torch.contiguous_format
MIN_NORM_CHANNELS = 16  # channels-last batch norm is slower below this (AVX2: 8 floats a vector)


def suits_channels_last(model: nn.Module, device: torch.device) -> bool:
    """True on the CPU for a model with 2-D convolutions and no batch norm over < 16 channels."""
    if device.type != "cpu":
        return False
    modules = list(model.modules())
    narrow_norm = any(isinstance(m, nn.BatchNorm2d) and m.num_features < MIN_NORM_CHANNELS for m in modules)
    return not narrow_norm and any(isinstance(m, nn.Conv2d) for m in modules)


def runs_channels_last(model: nn.Module, sample: torch.Tensor) -> bool:
    """Whether the model's forward accepts channels-last data (the model is converted when it does).

    Code that views a feature map as if it were laid out (N, C, H, W), such as
    ``x.view(len(x), -1)``, raises on channels-last data: such a model is left
    as it was. The check is a forward of ``sample`` in eval mode without gradients;
    whatever it raises, the model is left as it was and training reports its own errors.
    """
    if sample.ndim != 4:
        return False
    was_training = model.training
    model.to(memory_format=CHANNELS_LAST)
    model.eval()
    try:
        with torch.no_grad():
            model(sample.contiguous(memory_format=CHANNELS_LAST))
    except Exception:
        model.to(memory_format=CONTIGUOUS)
        return False
    finally:
        model.train(was_training)
    return True


def convert(model: nn.Module, optimizer: torch.optim.Optimizer, layout: torch.memory_format) -> None:
    """Store the model's 4-D weights in ``layout``, and the optimiser's state tensors like their weights.

    A fused optimiser reads a weight and its state tensors element by element
    in memory order: a state laid out unlike its weight (one loaded from a
    checkpoint, say) would be updated with the wrong elements.
    """
    model.to(memory_format=layout)
    for param, state in optimizer.state.items():
        for key, value in state.items():
            if isinstance(value, torch.Tensor) and misplaced(value, param):
                state[key] = torch.empty_like(param, dtype=value.dtype).copy_(value)


def misplaced(value: torch.Tensor, param: torch.Tensor) -> bool:
    """True for a tensor shaped like ``param`` but laid out otherwise."""
    return value.shape == param.shape and value.stride() != param.stride()


def training_layout(
    model: nn.Module, optimizer: torch.optim.Optimizer, sample: torch.Tensor, device: torch.device
) -> torch.memory_format:
    """The layout a run trains in, with the model and its optimiser's state converted to it."""
    if suits_channels_last(model, device) and runs_channels_last(model, sample):
        convert(model, optimizer, CHANNELS_LAST)
        return CHANNELS_LAST
    return CONTIGUOUS
