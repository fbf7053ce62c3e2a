"""The k strongest activations of every feature map over a data set (Zeiler & Fergus 2014, figure 2).

Zeiler, M. D. and Fergus, R., "Visualizing and Understanding Convolutional Networks",
ECCV 2014, https://arxiv.org/abs/1311.2901.

:func:`scan_topk` runs the model over the images in batches, the forward pass stopped
at the chosen layer (nothing after it is computed). Every image gives each channel
(feature map) one candidate: the map's strongest unit, the first in reading order on
ties. Per channel the k largest candidates over the data set are kept with their image
index and (row, col); equal values go to the lower image index, so the result is
unique: any batch size, and a scan resumed from a saved state, give the same. NaN and
−∞ activations are never kept. A vector layer (fully connected) is scanned as maps of
1×1: each unit is a channel.

The scan runs on a private twin of the model (its own modules, the same parameters,
eval mode), so hooks never reach the model another thread may be running; of a plain
Sequential only the layers up to the chosen one are copied.
:mod:`cnnviz.core.topk_views` cuts out the receptive fields and the deconvnet projections
of the units found; :mod:`cnnviz.core.topk_cache` keeps a scan on disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import nn

from cnnviz.core.backprop import SelectionError, find_module
from cnnviz.core.forward_to import forward_to, hooked_output, sequential_slice, walked_output
from cnnviz.core.receptive import INPUT_FIELD, Field, is_chain, ordered_fields, receptive_fields, whole
from cnnviz.core.recording import LayerRecord, recording
from cnnviz.core.stepthrough import private_twin
from cnnviz.core.topk_images import ImageSet, as_image_set
from cnnviz.core.topk_merge import arrays_of, best_of, empty_best, map_values, merge_topk

if TYPE_CHECKING:
    from cnnviz.core.datasets import Dataset
    from cnnviz.core.spec import ModelBundle

DEFAULT_K = 9
MAX_BATCH = 256
BATCH_PIXELS = 1 << 22  # input values per batch for the default batch size (16 MB of float32)
__all__ = [
    "DEFAULT_K", "ImageSet", "ScanProgress", "TopKEntry", "TopKState", "as_image_set", "scan_topk",
]  # fmt: skip


@dataclass(frozen=True)
class TopKEntry:
    """One kept activation: its value, the image it came from and the unit's (row, col)."""

    value: float
    image: int
    row: int
    col: int


@dataclass(frozen=True, eq=False)
class TopKState:
    """The k strongest activations per channel so far, best first.

    ``values`` (float32), ``images`` (int64), ``rows`` and ``cols`` (int32) are C×k;
    slots not filled yet hold −∞ and image −1. ``field`` is the layer's receptive field
    (for the crops); ``images_done`` of ``total`` images have been scanned.
    """

    layer: str
    k: int
    values: np.ndarray
    images: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    map_hw: tuple[int, int]
    vector: bool
    field: Field
    input_hw: tuple[int, int]
    images_done: int
    total: int

    @property
    def channels(self) -> int:
        return int(self.values.shape[0])

    @property
    def complete(self) -> bool:
        """True once every image has been scanned."""
        return self.images_done >= self.total

    def filled(self, channel: int) -> int:
        """How many of the k slots of ``channel`` hold an activation."""
        return int(np.count_nonzero(self.images[channel] >= 0))

    def entry(self, channel: int, rank: int) -> TopKEntry:
        """The ``rank``-th strongest activation of ``channel`` (0 = strongest); SelectionError if none."""
        if not 0 <= channel < self.channels:
            raise SelectionError(
                f"channel {channel} does not exist: the layer has channels 0–{self.channels - 1}."
            )
        if not 0 <= rank < self.filled(channel):
            raise SelectionError(
                f"channel {channel} has {self.filled(channel)} kept activations, not rank {rank}."
            )
        row, col = int(self.rows[channel, rank]), int(self.cols[channel, rank])
        return TopKEntry(float(self.values[channel, rank]), int(self.images[channel, rank]), row, col)

    def same_result(self, other: TopKState) -> bool:
        """True when both hold exactly the same activations, images and positions."""
        arrays = ("values", "images", "rows", "cols")
        return (self.layer, self.k, self.images_done, self.total) == (
            other.layer, other.k, other.images_done, other.total
        ) and all(np.array_equal(getattr(self, a), getattr(other, a)) for a in arrays)  # fmt: skip


@dataclass(frozen=True)
class ScanProgress:
    """Where a scan stands; yielded after every batch. The rate counts this run's images only."""

    images_done: int
    total: int
    images_per_s: float
    elapsed_s: float
    state: TopKState

    @property
    def fraction(self) -> float:
        return self.images_done / self.total if self.total else 1.0

    @property
    def finished(self) -> bool:
        return self.images_done >= self.total


def default_batch_size(image_shape: tuple[int, ...]) -> int:
    """Up to 256 images, fewer for large inputs (about 4 M input values per batch)."""
    return max(1, min(MAX_BATCH, BATCH_PIXELS // max(1, int(np.prod(image_shape)))))


def module_of(model: ModelBundle | nn.Module) -> nn.Module:
    """The torch module of a bundle (or the module itself)."""
    return model if isinstance(model, nn.Module) else model.module


def check_resume(state: TopKState, layer: str, k: int, total: int) -> None:
    """ValueError when a saved state is not a partial scan of this layer, k and image count."""
    if (state.layer, state.k, state.total) != (layer, k, total):
        raise ValueError(
            f"cannot resume: the saved scan is of layer '{state.layer}', k={state.k}, {state.total} images, "
            f"not layer '{layer}', k={k}, {total} images."
        )


def scan_topk(
    model: ModelBundle | nn.Module,
    dataset: ImageSet | Dataset | np.ndarray,
    layer: str,
    k: int = DEFAULT_K,
    batch_size: int | None = None,
    cancelled: Callable[[], bool] | None = None,
    resume_from: TopKState | None = None,
) -> Iterator[ScanProgress]:
    """Scan ``dataset`` for the ``k`` strongest activations of every channel of ``layer``.

    Returns a generator yielding a :class:`ScanProgress` with a fresh :class:`TopKState`
    after every batch. ``cancelled`` is polled between batches: the scan then simply
    ends, its last state resumable with ``resume_from`` (which continues from
    ``images_done``). Checked at once, before any batch: UnknownLayerError for a layer
    the model does not have, ValueError for k < 1, an empty data set, a batch size < 1
    or a saved state of another scan. A layer the forward pass never reaches raises
    UnknownLayerError at the first batch.
    """
    images = as_image_set(dataset)
    if len(images) == 0:
        raise ValueError("the data set has no images to scan")
    batch = default_batch_size(images.image_shape) if batch_size is None else batch_size
    if k < 1 or batch < 1:
        raise ValueError(f"k and the batch size must be at least 1, not {k} and {batch}")
    source = module_of(model)
    find_module(source, layer)
    sliced = sequential_slice(source, layer)  # only the layers up to this one need copying
    twin = private_twin(source if sliced is None else sliced)
    if resume_from is not None:
        check_resume(resume_from, layer, k, len(images))
    blank, (_c, height, width) = np.zeros((0, k)), images.image_shape
    template = resume_from or TopKState(
        layer, k, blank, blank, blank, blank, (1, 1), False, INPUT_FIELD, (height, width), 0, len(images)
    )
    return _scan(twin, images, template, batch, cancelled)


def _scan(
    twin: nn.Module,
    images: ImageSet,
    template: TopKState,
    batch: int,
    cancelled: Callable[[], bool] | None,
) -> Iterator[ScanProgress]:
    """The batches of :func:`scan_topk`, from ``template.images_done`` on."""
    param = next(twin.parameters(), None)
    device, dtype = (param.device, param.dtype) if param is not None else (torch.device("cpu"), torch.float32)
    saved = (template.values, template.images, template.rows, template.cols, template.map_hw[1])
    best = best_of(*saved) if template.images_done else None
    start, done = time.perf_counter(), template.images_done
    run = forward_to(twin, template.layer)
    state: TopKState | None = None
    for begin in range(done, len(images), batch):
        if cancelled is not None and cancelled():
            return
        stop = min(begin + batch, len(images))
        x = torch.from_numpy(images.batch(begin, stop)).to(device, dtype)
        if best is None:
            output, template = first_output(twin, x, template)
            best = empty_best(output.shape[1], template.k)
        else:
            output = run(x)
        merged = merge_topk(best, map_values(output), output, begin)
        if merged is not None or state is None:
            best = merged if merged is not None else best
            values_k, images_k, rows_k, cols_k = arrays_of(best, template.map_hw[1])
            state = replace(template, values=values_k, images=images_k, rows=rows_k, cols=cols_k)
        state = replace(state, images_done=stop)
        del x, output  # freed before the next batch's forward pass, which can then reuse the memory
        elapsed = time.perf_counter() - start
        yield ScanProgress(stop, len(images), (stop - done) / max(elapsed, 1e-9), elapsed, state)


def first_output(twin: nn.Module, x: torch.Tensor, template: TopKState) -> tuple[torch.Tensor, TopKState]:
    """The first batch's layer output, and the template completed with the map's size and the
    layer's receptive field (from the shapes this very forward pass records: no extra work)."""
    walked = walked_output(twin, x, template.layer)
    if walked is not None:
        output, records = walked
    else:
        with recording(twin, capture=lambda _name: False) as recorder:
            output = hooked_output(twin, x, template.layer)
        records = recorder.records
    hw = (int(output.shape[2]), int(output.shape[3])) if output.ndim == 4 else (1, 1)
    field = layer_field(twin, template.layer, records, (int(x.shape[1]), *template.input_hw))
    return output, replace(template, map_hw=hw, vector=output.ndim == 2, field=field)


def layer_field(
    model: nn.Module, layer: str, records: list[LayerRecord], image_shape: tuple[int, int, int]
) -> Field:
    """The receptive field of ``layer``'s units; the whole input if unknown.

    A plain chain of layers is walked in the order of ``records`` (those of the forward
    pass up to the layer; exact for a chain, and no fx trace to pay for); anything else
    goes through :func:`cnnviz.core.receptive.receptive_fields`.
    """
    input_hw = (image_shape[1], image_shape[2])
    if is_chain(model):
        walked = ordered_fields(model, records, input_hw).get(layer)
        return walked[0] if walked is not None else whole(INPUT_FIELD, input_hw)
    found = receptive_fields(model, image_shape).by_name().get(layer)
    if found is None:
        return whole(INPUT_FIELD, input_hw)
    return Field(found.rf, found.jump, found.start, found.whole_input)
