"""What the top-k figure shows per kept unit: its receptive field cut out of its image, and its
deconvnet projection (Zeiler & Fergus 2014, figure 2).

Crops and projections are cut to the unit's whole receptive field (rf rows × rf columns).
Where the field reaches past the image border the cut is filled with 0 in model-input
space: the value a zero-padding convolution sees there (once un-normalised, the data
set's mean colour; black for the digits) and, for a projection, no signal (mid-grey on
display). :attr:`Crop.inside` says which part of the cut lies in the image.

:class:`TopKViews` computes a projection when it is first asked for and keeps it
(least recently used dropped first), so only the maps the user looks at cost anything.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from torch import nn

from cnnviz.core.deconvnet import Projection, deconv_projection
from cnnviz.core.receptive import Field, LayerField, ReceptiveFields
from cnnviz.core.stepthrough import private_twin
from cnnviz.core.topk import TopKState, module_of
from cnnviz.core.topk_images import ImageSet, as_image_set

if TYPE_CHECKING:
    from cnnviz.core.datasets import Dataset
    from cnnviz.core.spec import ModelBundle

Box = tuple[int, int, int, int]
DEFAULT_CACHED = 512


@dataclass(frozen=True)
class Crop:
    """A kept unit's receptive field cut out of a C×H×W array.

    ``image`` is C×rf_h×rf_w (model-input values; 0 outside the image). ``box`` is the
    field in input pixels, (top, left, bottom, right) half-open and *not* clipped: it
    may start before 0 or end past the image. ``inside`` is the part within the image,
    in the cut's own coordinates (empty when top ≥ bottom or left ≥ right).
    """

    image: np.ndarray
    box: Box
    inside: Box
    channel: int
    rank: int
    image_index: int
    value: float


def field_box(field: Field, row: int, col: int, input_hw: tuple[int, int]) -> Box:
    """(top, left, bottom, right) of the input unit (row, col) sees, half-open, before clipping.

    Clipped to the image it is :func:`cnnviz.core.receptive.unit_region`.
    """
    if field.whole:
        return 0, 0, input_hw[0], input_hw[1]
    top = math.floor(field.start[0] + row * field.jump[0] - (field.rf[0] - 1) / 2 + 0.5)
    left = math.floor(field.start[1] + col * field.jump[1] - (field.rf[1] - 1) / 2 + 0.5)
    return top, left, top + field.rf[0], left + field.rf[1]


def cut(chw: np.ndarray, box: Box) -> tuple[np.ndarray, Box]:
    """``chw[:, top:bottom, left:right]`` with 0 where the box leaves the array, and the part inside."""
    top, left, bottom, right = box
    height, width = chw.shape[-2:]
    out = np.zeros((chw.shape[0], bottom - top, right - left), dtype=chw.dtype)
    t, lft, b, r = max(top, 0), max(left, 0), min(bottom, height), min(right, width)
    if t < b and lft < r:
        out[:, t - top : b - top, lft - left : r - left] = chw[:, t:b, lft:r]
    return out, (t - top, lft - left, b - top, r - left)


def crop_for(state: TopKState, channel: int, rank: int, dataset: ImageSet | Dataset | np.ndarray) -> Crop:
    """The receptive field of the ``rank``-th strongest unit of ``channel``, cut out of its image.

    ``dataset`` must be the images the state was scanned over. SelectionError for a
    channel or rank the state does not hold.
    """
    entry = state.entry(channel, rank)
    image = as_image_set(dataset).image(entry.image)
    box = field_box(state.field, entry.row, entry.col, state.input_hw)
    pixels, inside = cut(image, box)
    return Crop(pixels, box, inside, channel, rank, entry.image, entry.value)


def state_fields(state: TopKState) -> ReceptiveFields:
    """The scanned layer's field in the form :func:`deconv_projection` takes (nothing recomputed)."""
    field = state.field
    layer = LayerField(state.layer, "", field.rf, field.jump, field.start, field.whole)
    return ReceptiveFields(state.input_hw, [layer], False)


def projection_for(
    model: ModelBundle | nn.Module,
    state: TopKState,
    channel: int,
    rank: int,
    dataset: ImageSet | Dataset | np.ndarray,
) -> Projection:
    """The deconvnet projection of the ``rank``-th strongest unit of ``channel`` on its image.

    The whole input-sized projection (``.image``, C×H×W); cut it like the crop with
    :func:`cut` and ``field_box``, or use :meth:`TopKViews.projection_crop`. Runs on a
    private twin of the model (hooks never reach the original).
    """
    return _project(private_twin(module_of(model)), state, channel, rank, as_image_set(dataset))


def _project(twin: nn.Module, state: TopKState, channel: int, rank: int, images: ImageSet) -> Projection:
    entry = state.entry(channel, rank)
    position = None if state.vector else (entry.row, entry.col)
    image = images.image(entry.image)
    return deconv_projection(twin, image, state.layer, channel, position, state_fields(state))


class TopKViews:
    """Crops and projections of one scan's kept units; projections computed on demand and kept.

    ``dataset`` must be the images the state was scanned over. At most ``max_cached``
    projections are kept (the least recently used is dropped first). Not thread-safe:
    use it from one thread (the GUI's worker).
    """

    def __init__(
        self,
        model: ModelBundle | nn.Module,
        state: TopKState,
        dataset: ImageSet | Dataset | np.ndarray,
        max_cached: int = DEFAULT_CACHED,
    ) -> None:
        self.state = state
        self.images = as_image_set(dataset)
        self.max_cached = max_cached
        self._twin = private_twin(module_of(model))
        self._projections: OrderedDict[tuple[int, int], Projection] = OrderedDict()

    def crop(self, channel: int, rank: int) -> Crop:
        """See :func:`crop_for`."""
        return crop_for(self.state, channel, rank, self.images)

    def projection(self, channel: int, rank: int) -> Projection:
        """See :func:`projection_for`; computed on the first request, then kept."""
        key = (channel, rank)
        found = self._projections.get(key)
        if found is None:
            found = _project(self._twin, self.state, channel, rank, self.images)
            self._projections[key] = found
            while len(self._projections) > self.max_cached:
                self._projections.popitem(last=False)
        self._projections.move_to_end(key)
        return found

    def projection_crop(self, channel: int, rank: int) -> np.ndarray:
        """The projection cut to the unit's receptive field exactly like :meth:`crop` (0 outside)."""
        entry = self.state.entry(channel, rank)
        box = field_box(self.state.field, entry.row, entry.col, self.state.input_hw)
        return cut(self.projection(channel, rank).image, box)[0]

    def cached(self) -> int:
        """How many projections are kept."""
        return len(self._projections)
