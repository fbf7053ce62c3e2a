"""Occlusion sensitivity (Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", fig. 7).

A grey square slides over the image; for every position the occluded image gives
(a) the probability of the target class (and its drop from the unoccluded image),
(b) the total activation of a chosen feature map and (c) the most probable label.
:func:`occlusion_sweep` is a cancellable generator that computes a coarse grid
first and then refines it (:mod:`cnnviz.core.occlusion_grid`); by default it runs
incremental inference (:mod:`cnnviz.core.incremental`, exact up to float32
rounding), falling back to plain batched forward passes for models torch.fx
cannot trace. Nothing is left on the model between yields: no hooks, and its
training flags are restored after every batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from cnnviz.core.incremental import IncrementalEngine
from cnnviz.core.incremental_nodes import UnsupportedModel
from cnnviz.core.occlusion_grid import (
    Mode,
    OcclusionMaps,
    OcclusionProgress,
    chunks,
    coarse_step_for,
    drill_down,
    fill_from_coarse,
    grid_boxes,
    snapshot,
    sweep_order,
)
from cnnviz.core.receptive import evaluating
from cnnviz.core.recording import first_tensor

Baseline = float | Sequence[float] | torch.Tensor | None
APPROX_FRACTION = 0.5  # the approximate mode caps changed regions at this fraction of each map
DRILL_FRACTION = 0.25  # … and refines around this fraction of the coarse positions (largest |drop|)
BATCH_VALUES = 2_500_000  # default batch: about this many input values (16 images of 3×224×224)


def baseline_tensor(baseline: Baseline, x: torch.Tensor) -> torch.Tensor:
    """The square's colour as 1×C×1×1: the input's mean colour by default, else a value or one per channel."""
    channels = x.shape[1]
    if baseline is None:
        return x.mean(dim=(2, 3), keepdim=True)
    value = torch.as_tensor(baseline, dtype=x.dtype, device=x.device).reshape(-1)
    if value.numel() not in (1, channels):
        raise ValueError(f"the baseline needs 1 or {channels} values, not {value.numel()}")
    return value.expand(channels).reshape(1, channels, 1, 1).clone()


@contextmanager
def feature_totals(model: nn.Module, feature: tuple[str, int] | None) -> Iterator[list[torch.Tensor]]:
    """Collects, per forward pass, the chosen channel's total of layer ``name`` or ``name#k`` (call k)."""
    if feature is None:
        yield []
        return
    module_name, _, call = feature[0].partition("#")
    module = dict(model.named_modules()).get(module_name)
    if module is None or not module_name:
        raise ValueError(f"no layer named {feature[0]!r}")
    wanted, calls, found = int(call or 1), [0], []

    def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
        calls[0] += 1
        tensor = first_tensor(output)
        if calls[0] == wanted and tensor is not None:
            found.append(tensor[:, feature[1]].reshape(tensor.shape[0], -1).sum(dim=1))

    handle = module.register_forward_hook(hook)
    try:
        yield found
    finally:
        handle.remove()


def occluded_batch(x: torch.Tensor, boxes: np.ndarray, baseline: torch.Tensor) -> torch.Tensor:
    """Copies of the 1×C×H×W image, each with one box painted in the baseline colour."""
    batch = x.expand(len(boxes), -1, -1, -1).clone()
    for index, (top, left, bottom, right) in enumerate(boxes.tolist()):
        batch[index, :, top:bottom, left:right] = baseline[0]
    return batch


def plain_run(
    model: nn.Module,
    x: torch.Tensor,
    boxes: np.ndarray,
    baseline: torch.Tensor,
    feature: tuple[str, int] | None,
) -> tuple[Any, torch.Tensor | None]:
    """The model's output for a batch of occluded images, and the feature totals, by full forward passes."""
    with feature_totals(model, feature) as found:
        output = model(occluded_batch(x, boxes, baseline))
    return output, (found[0] if found else None)


def probabilities(output: Any) -> torch.Tensor:
    """Softmax (float64) over the model's main output, one row per image."""
    logits = first_tensor(output)
    if logits is None:
        raise TypeError("the model returned no tensor")
    return torch.softmax(logits.detach().reshape(logits.shape[0], -1).double(), dim=1).cpu()


def model_input(model: nn.Module, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """A C×H×W or 1×C×H×W image as a 1×C×H×W tensor of the model's device and float type."""
    image = torch.as_tensor(x)
    if image.ndim == 3:
        image = image[None]
    if image.ndim != 4 or image.shape[0] != 1:
        raise ValueError(f"occlusion needs one C×H×W image, not a tensor of shape {tuple(image.shape)}")
    parameter = next(model.parameters(), None)
    if parameter is None or not parameter.is_floating_point():
        return image.float()
    return image.to(device=parameter.device, dtype=parameter.dtype)


def start_engine(
    model: nn.Module, image: torch.Tensor, feature: tuple[str, int] | None, mode: Mode
) -> tuple[IncrementalEngine | None, Mode, str]:
    """The incremental engine for the exact or approximate mode, or None (plain) and the reason."""
    if mode == "plain":
        return None, "plain", ""
    if mode not in ("exact", "approx"):
        raise ValueError(f"mode must be 'exact', 'approx' or 'plain', not {mode!r}")
    try:
        fraction = APPROX_FRACTION if mode == "approx" else None
        return IncrementalEngine(model, image, feature, fraction), mode, ""
    except UnsupportedModel as exc:
        return None, "plain", str(exc)


@dataclass
class Sweep:
    """What one sweep computes with: the model, the image, the square's colour and the maps it fills."""

    model: nn.Module
    image: torch.Tensor
    colour: torch.Tensor
    feature: tuple[str, int] | None
    engine: IncrementalEngine | None
    maps: OcclusionMaps

    def compute(self, indices: np.ndarray) -> None:
        """Run a batch of positions (flat indices) and write their values into the maps."""
        flat = self.maps.boxes.reshape(-1, 4)[indices]
        with evaluating(self.model), torch.no_grad():
            if self.engine is None:
                output, totals = plain_run(self.model, self.image, flat, self.colour, self.feature)
            else:
                output, totals = self.engine.run(flat, (self.maps.patch, self.maps.patch), self.colour)
        probs = probabilities(output)
        where = np.unravel_index(indices, self.maps.probability.shape)
        self.maps.probability[where] = probs[:, self.maps.target_class].numpy()
        self.maps.label[where] = probs.argmax(dim=1).numpy()
        if self.maps.activation is not None and totals is not None:
            self.maps.activation[where] = totals.detach().double().cpu().numpy()


def start_sweep(
    model: nn.Module, x: torch.Tensor | np.ndarray, patch: int, stride: int, baseline: Baseline,
    target_class: int | None, feature: tuple[str, int] | None, mode: Mode, coarse_first: bool,
) -> Sweep:  # fmt: skip
    """Check the arguments, run the unoccluded image, start the engine and make empty maps."""
    image = model_input(model, x)
    hw = (int(image.shape[-2]), int(image.shape[-1]))
    if patch < 1 or stride < 1:
        raise ValueError("the square's size and the stride must be positive")
    if patch > min(hw):
        raise ValueError(f"a {patch}-pixel square does not fit a {hw[0]}×{hw[1]} image")
    boxes, colour = grid_boxes(hw, patch, stride), baseline_tensor(baseline, image)
    with evaluating(model), torch.no_grad():
        output, totals = model_and_feature(model, image, feature)
        engine, ran, note = start_engine(model, image, feature, mode)
    first = probabilities(output)[0]
    target = int(first.argmax()) if target_class is None else int(target_class)
    if not 0 <= target < first.numel():
        raise ValueError(f"class {target} is not one of the model's {first.numel()} classes")
    shape = boxes.shape[:2]
    step = coarse_step_for(*shape) if coarse_first or mode == "approx" else 1
    maps = OcclusionMaps(
        hw, patch, stride, boxes, np.full(shape, np.nan), np.full(shape, -1, np.int64),
        None if feature is None else np.full(shape, np.nan), target, float(first[target]),
        int(first.argmax()), None if totals is None else float(totals[0]), feature, ran, note, step,
        np.zeros(shape, bool),
    )  # fmt: skip
    return Sweep(model, image, colour, feature, engine, maps)


def occlusion_sweep(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    patch: int,
    stride: int,
    baseline: Baseline = None,
    target_class: int | None = None,
    feature: tuple[str, int] | None = None,
    mode: Mode = "exact",
    coarse_first: bool = True,
    cancelled: Callable[[], bool] | None = None,
    batch_size: int | None = None,
) -> Iterator[OcclusionProgress]:
    """Slide a ``patch``-pixel square by ``stride`` over ``x`` (C×H×W, as the model takes it).

    ``baseline``: the square's colour (default: the image's mean colour per channel;
    pass 0.0 for the data set mean of a normalised input). ``target_class``: default
    the top class of the unoccluded image. ``feature``: (layer name as recorded,
    ``name#k`` for its k-th call; channel) whose total activation is mapped.
    ``mode``: 'exact' (incremental inference), 'plain' (batched full passes) or
    'approx': incremental with changed regions capped at :data:`APPROX_FRACTION` of
    each map, and after the coarse pass only the positions around the
    :data:`DRILL_FRACTION` most sensitive coarse positions computed (the others
    copy the nearest coarse value and are marked ``estimated``).
    ``batch_size``: positions per batch (default: about 2.5 million input values).
    Yields an :class:`OcclusionProgress` after every batch, the coarse grid first;
    the last one (``finished``) holds the complete maps. ``cancelled()`` is checked
    before every batch: when it returns True the sweep stops.
    """
    sweep = start_sweep(model, x, patch, stride, baseline, target_class, feature, mode, coarse_first)
    maps = sweep.maps
    size = batch_size or int(np.clip(BATCH_VALUES // sweep.image.numel(), 4, 256))
    rows, cols = maps.probability.shape
    order, coarse = sweep_order(rows, cols, maps.coarse_step)
    done, total = 0, maps.probability.size
    for phase, part in (("coarse", order[:coarse]), ("fine", order[coarse:])):
        if phase == "fine" and mode == "approx" and maps.mode == "approx" and coarse:
            part, skipped = drill_down(maps.drop, maps.coarse_step, DRILL_FRACTION)
            fill_from_coarse(maps, skipped)
            done += len(skipped)
            if not len(part):
                yield OcclusionProgress(done, total, "fine", snapshot(maps))
        for indices in chunks(part, size):
            if cancelled is not None and cancelled():
                return
            sweep.compute(indices)
            done += len(indices)
            yield OcclusionProgress(done, total, phase, snapshot(maps))  # type: ignore[arg-type]


def model_and_feature(
    model: nn.Module, image: torch.Tensor, feature: tuple[str, int] | None
) -> tuple[Any, torch.Tensor | None]:
    """The model's output for the image and the feature total (ValueError if the layer never runs)."""
    with feature_totals(model, feature) as found:
        output = model(image)
    if feature is not None and not found:
        raise ValueError(f"layer {feature[0]!r} does not run in the model's forward pass")
    return output, (found[0] if found else None)


def occlusion_maps(
    model: nn.Module, x: torch.Tensor | np.ndarray, patch: int, stride: int, **options: Any
) -> OcclusionMaps:
    """Run :func:`occlusion_sweep` to the end (same options) and return its final maps."""
    final = None
    for progress in occlusion_sweep(model, x, patch, stride, **options):
        final = progress
    if final is None or not final.finished:
        raise RuntimeError("the occlusion sweep was cancelled")
    return final.maps
