"""Occlusion maps as pictures over the input (Zeiler & Fergus 2014, figure 7), headless.

The same pictures the Attribution panel draws, as H×W×3 uint8 arrays:

- ``probability`` / ``activation``: per pixel, the drop of the target class's
  probability (or of the chosen feature map's total) when the square hides it, the
  mean over the squares covering the pixel (:meth:`OcclusionMaps.pixel_map`, what
  Captum's ``Occlusion`` attributes), in the diverging map with symmetric levels
  (red: hiding the pixel lowers the value, blue: raises it), over the greyscale input;
- ``label``: the most probable label with the square at each pixel's nearest square
  position, one colour per label (:data:`PALETTE`, in increasing label order).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from cnnviz.core.heatmaps import DEFAULT_ALPHA, blend, grey, overlay_signed
from cnnviz.core.occlusion_grid import OcclusionMaps

MapKind = Literal["probability", "activation", "label"]
MAP_KINDS: tuple[MapKind, ...] = ("probability", "activation", "label")

# Tableau's ten categorical colours; further labels cycle through them.
PALETTE = np.array(
    [
        [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
        [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
    ],
    dtype=np.uint8,
)  # fmt: skip


def drop_pixels(maps: OcclusionMaps, kind: MapKind) -> np.ndarray:
    """The H×W signed map drawn for ``probability`` or ``activation`` (0 where no square was computed)."""
    if kind == "activation":
        if maps.activation is None or maps.original_activation is None:
            raise ValueError("no feature map was chosen for the activation map")
        values, original = maps.filled(maps.activation), maps.original_activation
    elif kind == "probability":
        values, original = maps.filled(maps.probability), maps.original_probability
    else:
        raise ValueError(f"{kind!r} is not a signed occlusion map")
    return np.nan_to_num(maps.pixel_map(original - values))


def label_pixels(maps: OcclusionMaps, grid: np.ndarray) -> np.ndarray:
    """An H×W map: each pixel takes the value of the square whose centre is nearest to it."""
    height, width = maps.input_hw
    rows, cols = grid.shape
    half = (maps.patch - 1) / 2
    row = np.clip(np.rint((np.arange(height) - half) / maps.stride).astype(int), 0, rows - 1)
    col = np.clip(np.rint((np.arange(width) - half) / maps.stride).astype(int), 0, cols - 1)
    return grid[row[:, None], col[None, :]]


def label_categories(maps: OcclusionMaps) -> tuple[int, ...]:
    """The labels that occur in the label map, in increasing order (colour i is PALETTE[i % 10])."""
    return tuple(int(v) for v in np.unique(maps.label[maps.label >= 0]))


def label_colours(maps: OcclusionMaps) -> np.ndarray:
    """H×W×3 uint8: each pixel the colour of the most probable label at its nearest square."""
    categories = np.asarray(label_categories(maps) or (0,))
    index = np.searchsorted(categories, np.maximum(maps.label, categories[0])) % len(PALETTE)
    return PALETTE[label_pixels(maps, index)]


def occlusion_overlay(
    maps: OcclusionMaps, kind: MapKind, base: np.ndarray, alpha: float = DEFAULT_ALPHA
) -> np.ndarray:
    """The ``kind`` map over the greyscale ``base`` (H×W×3 floats in [0, 1], the input) as uint8."""
    if base.shape[:2] != tuple(maps.input_hw):
        raise ValueError(f"the picture {base.shape[:2]} does not match the maps' input {maps.input_hw}")
    if kind == "label":
        return blend(grey(base), label_colours(maps), alpha)
    return overlay_signed(base, drop_pixels(maps, kind), alpha)
