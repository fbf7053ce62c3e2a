"""Feature visualisation: an input that a chosen class or unit responds to strongly.

Activation maximisation (Erhan et al. 2009; Simonyan et al. 2013 for class scores):
gradient ascent on the input image, starting from faint seeded noise around mid-grey,
on an objective — a class logit, the mean activation of one channel of a layer, or a
single unit of it. Unregularised ascent gives high-frequency noise, so every step uses
the usual regularisers (Olah et al. 2017, "Feature Visualization", Distill):

- **jitter**: the image is rolled by a random offset of up to ``jitter`` pixels;
- **random scaling**: resized by a random factor in ``scale``, then cropped or padded back;
- **blur**: every ``blur_every`` steps a small Gaussian blur (``blur_sigma`` pixels);
- **L2 decay**: the image shrinks by ``l2`` of itself each step.

Each step's gradient is divided by its mean magnitude, so ``lr`` is a step size in
model-input units; the image is kept to the pixel range [0, 1] (un-normalised).
Only the input receives gradients (``torch.autograd.grad``): the model's parameters
and their ``.grad`` are untouched, it runs in eval mode (restored afterwards), the
forward pass ends at the target layer, and every hook is removed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz.core.backprop import SelectionError, StopCheck, capturing, find_module, model_device
from cnnviz.core.gradients import class_logits
from cnnviz.core.heatmaps import input_to_rgb
from cnnviz.core.receptive import evaluating
from cnnviz.core.spec import InputSpec

NOISE = 0.01


@dataclass(frozen=True)
class ClassTarget:
    """Maximise the logit of one class."""

    class_index: int


@dataclass(frozen=True)
class UnitTarget:
    """Maximise one channel of a layer: its mean activation, or one unit (row, col) of it."""

    layer: str
    channel: int
    position: tuple[int, int] | None = None


Target = ClassTarget | UnitTarget


@dataclass(frozen=True)
class FeatVisProgress:
    """The state after ``step`` of ``steps``: objective value and image (C×H×W, model-input space)."""

    step: int
    steps: int
    objective: float
    image: np.ndarray


def pixel_bounds(spec: InputSpec) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-channel (low, high) in model-input space of the pixel range [0, 1], as C×1×1 tensors."""
    mean = torch.as_tensor(np.resize(np.asarray(spec.mean, dtype=np.float32), spec.channels))
    std = torch.as_tensor(np.resize(np.asarray(spec.std, dtype=np.float32), spec.channels))
    return ((0.0 - mean) / std)[:, None, None], ((1.0 - mean) / std)[:, None, None]


def initial_image(spec: InputSpec, seed: int = 0) -> np.ndarray:
    """The starting point: mid-grey plus faint Gaussian noise from ``seed``, C×H×W in model space."""
    generator = torch.Generator().manual_seed(seed)
    noise = torch.randn(spec.shape, generator=generator) * NOISE
    low, high = pixel_bounds(spec)
    return ((low + high) / 2 + noise * (high - low)).numpy().astype(np.float32)


def jittered(x: torch.Tensor, rng: random.Random, jitter: int) -> torch.Tensor:
    """``x`` rolled by a random offset of up to ``jitter`` pixels in each direction."""
    if jitter <= 0:
        return x
    dy, dx = rng.randint(-jitter, jitter), rng.randint(-jitter, jitter)
    return torch.roll(x, shifts=(dy, dx), dims=(2, 3))


def rescaled(x: torch.Tensor, factor: float) -> torch.Tensor:
    """``x`` resized by ``factor`` (bilinear), then centre-cropped or edge-padded back to its size."""
    height, width = x.shape[2:]
    new_h, new_w = max(1, round(height * factor)), max(1, round(width * factor))
    if (new_h, new_w) == (height, width):
        return x
    resized = F.interpolate(x, size=(new_h, new_w), mode="bilinear", align_corners=False)
    pad_h, pad_w = max(0, height - new_h), max(0, width - new_w)
    if pad_h or pad_w:
        pads = (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2)
        resized = F.pad(resized, pads, mode="replicate")
    top, left = (resized.shape[2] - height) // 2, (resized.shape[3] - width) // 2
    return resized[:, :, top : top + height, left : left + width]


def gaussian_blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """A separable Gaussian blur of a 1×C×H×W tensor (reflected edges)."""
    radius = max(1, math.ceil(2 * sigma))
    offsets = torch.arange(-radius, radius + 1, dtype=x.dtype, device=x.device)
    kernel = torch.exp(-(offsets**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()
    channels = x.shape[1]
    rows = kernel.view(1, 1, -1, 1).repeat(channels, 1, 1, 1)
    cols = kernel.view(1, 1, 1, -1).repeat(channels, 1, 1, 1)
    if radius >= min(x.shape[2], x.shape[3]):
        return x
    x = F.pad(x, (radius, radius, radius, radius), mode="reflect")
    return F.conv2d(F.conv2d(x, rows, groups=channels), cols, groups=channels)


def objective_function(model: nn.Module, target: Target) -> Callable[[torch.Tensor], torch.Tensor]:
    """The scalar to maximise for a 1×C×H×W input; the layer name is checked now."""
    if isinstance(target, ClassTarget):
        return lambda x: class_logit(model, x, target.class_index)
    find_module(model, target.layer)
    return lambda x: unit_activation(model, x, target)


def class_logit(model: nn.Module, x: torch.Tensor, class_index: int) -> torch.Tensor:
    """The logit of ``class_index`` (SelectionError when the model has no such class)."""
    logits = class_logits(model(x))
    count = int(logits.shape[1])
    if not 0 <= class_index < count:
        raise SelectionError(f"class {class_index} does not exist: the model has classes 0–{count - 1}.")
    return logits[0, class_index]


def unit_activation(model: nn.Module, x: torch.Tensor, target: UnitTarget) -> torch.Tensor:
    """The channel's mean activation (or one unit's), the forward pass ending at the layer."""
    with capturing(model, target.layer, stop=True) as capture:
        model(x)
    maps = capture.tensor()[0]
    channels = int(maps.shape[0])
    if not 0 <= target.channel < channels:
        raise SelectionError(f"layer '{target.layer}' has channels 0–{channels - 1}, not {target.channel}.")
    values = maps[target.channel]
    if target.position is None:
        return values.mean()
    row, col = target.position
    if values.ndim != 2 or not (0 <= row < values.shape[0] and 0 <= col < values.shape[1]):
        raise SelectionError(
            f"unit {row},{col} is outside layer '{target.layer}''s maps of shape {tuple(values.shape)}."
        )
    return values[row, col]


def visualise(
    model: nn.Module,
    input_spec: InputSpec,
    target: Target,
    steps: int = 256,
    lr: float = 0.05,
    jitter: int = 8,
    scale: Sequence[float] = (0.9, 1.1),
    blur_every: int = 4,
    blur_sigma: float = 0.5,
    l2: float = 1e-4,
    seed: int = 0,
    should_stop: StopCheck | None = None,
    report_every: int = 8,
) -> Generator[FeatVisProgress, None, None]:
    """Gradient ascent on the input; yields progress every ``report_every`` steps and after the last.

    The target (layer name, class, channel) is checked before anything is yielded:
    UnknownLayerError for a layer the model does not have, SelectionError for a class
    or channel it does not have (raised at the first step). ``should_stop()`` is
    asked before every step; once true the iteration ends.
    """
    if steps < 1 or report_every < 1:
        raise ValueError("steps and report_every must be at least 1")
    objective = objective_function(model, target)
    return _ascent(
        model, input_spec, objective, steps, lr, jitter, tuple(scale), blur_every, blur_sigma, l2, seed,
        should_stop, report_every,
    )  # fmt: skip


def _ascent(
    model: nn.Module,
    spec: InputSpec,
    objective: Callable[[torch.Tensor], torch.Tensor],
    steps: int,
    lr: float,
    jitter: int,
    scale: tuple[float, ...],
    blur_every: int,
    blur_sigma: float,
    l2: float,
    seed: int,
    should_stop: StopCheck | None,
    report_every: int,
) -> Generator[FeatVisProgress, None, None]:
    """The ascent loop behind :func:`visualise`."""
    device = model_device(model)
    rng = random.Random(seed)
    low, high = (bound.to(device) for bound in pixel_bounds(spec))
    image = torch.as_tensor(initial_image(spec, seed), device=device)[None]
    for step in range(1, steps + 1):
        if should_stop is not None and should_stop():
            return
        leaf = image.detach().requires_grad_(True)
        with evaluating(model), torch.enable_grad():
            moved = rescaled(jittered(leaf, rng, jitter), rng.uniform(min(scale), max(scale)))
            value = objective(moved)
            (grad,) = torch.autograd.grad(value, leaf)
        with torch.no_grad():
            image = leaf.detach() * (1.0 - l2) + lr * grad / (grad.abs().mean() + 1e-12)
            if blur_every > 0 and blur_sigma > 0 and step % blur_every == 0:
                image = gaussian_blur(image, blur_sigma)
            image = torch.maximum(torch.minimum(image, high), low)
        if step % report_every == 0 or step == steps:
            yield FeatVisProgress(step, steps, float(value.detach()), image[0].float().cpu().numpy())


def to_display(
    image: np.ndarray, mean: Sequence[float] = (0.0,), std: Sequence[float] = (1.0,)
) -> np.ndarray:
    """A C×H×W model-space image as an H×W×3 uint8 picture (un-normalised with mean and std)."""
    picture = input_to_rgb(image, mean, std)
    return np.clip(np.round(picture * 255.0), 0, 255).astype(np.uint8)
