"""The Zeiler–Fergus figure as one picture: per channel, the k receptive-field crops in a grid
beside the grid of their deconvnet projections (Zeiler & Fergus 2014, figure 2).

Crops are shown as the model saw them (un-normalised with the model's mean and std);
each projection is stretched on its own, zero mid-grey (see
:func:`cnnviz.core.deconvnet.projection_to_display`). Where a receptive field reaches past
the image border the cell is tinted dark. Slots without a kept unit stay empty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.core.deconvnet import projection_to_display
from cnnviz.core.grid import GAP_COLOUR, upscale
from cnnviz.core.heatmaps import input_to_rgb
from cnnviz.core.topk_views import TopKViews

CELL_TARGET = 56  # pixels per cell side, roughly
GAP = 2
BLOCK_GAP = 12
LABEL_HEIGHT = 14
BACKGROUND = (24, 24, 30)
LABEL_COLOUR = (220, 220, 220)
OUTSIDE_TINT = 0.6


def grid_side(k: int) -> int:
    """Columns (and rows) of the square grid holding k cells: 3 for k = 9."""
    return max(1, math.ceil(math.sqrt(k)))


def cell_zoom(rf: tuple[int, int], target: int = CELL_TARGET) -> int:
    """The whole zoom making a receptive field about ``target`` pixels on its longer side."""
    return max(1, target // max(rf))


def tint_outside(rgb: np.ndarray, inside: tuple[int, int, int, int]) -> np.ndarray:
    """The H×W×3 uint8 cell with the pixels outside ``inside`` blended towards the gap colour."""
    top, left, bottom, right = inside
    mask = np.ones(rgb.shape[:2], dtype=bool)
    mask[max(top, 0) : max(bottom, 0), max(left, 0) : max(right, 0)] = False
    out = rgb.astype(np.float64)
    out[mask] = (1 - OUTSIDE_TINT) * out[mask] + OUTSIDE_TINT * np.asarray(GAP_COLOUR)
    return np.round(out).astype(np.uint8)


def unit_cells(
    views: TopKViews, channel: int, rank: int, mean: Sequence[float], std: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """The crop and the projection of one kept unit as H×W×3 uint8 cells (before zooming)."""
    crop = views.crop(channel, rank)
    picture = np.round(input_to_rgb(crop.image, mean, std) * 255.0).astype(np.uint8)
    projection = projection_to_display(views.projection_crop(channel, rank))
    return tint_outside(picture, crop.inside), tint_outside(projection, crop.inside)


def grid(cells: list[np.ndarray | None], side: int, cell_hw: tuple[int, int]) -> np.ndarray:
    """Cells (None: empty) in a side×side grid with gaps, on the background colour."""
    height, width = cell_hw
    out = np.empty((side * height + (side - 1) * GAP, side * width + (side - 1) * GAP, 3), dtype=np.uint8)
    out[...] = BACKGROUND
    for index, cell in enumerate(cells):
        if cell is not None:
            row, col = divmod(index, side)
            top, left = row * (height + GAP), col * (width + GAP)
            out[top : top + height, left : left + width] = cell
    return out


def channel_block(
    views: TopKViews, channel: int, mean: Sequence[float], std: Sequence[float], zoom: int
) -> np.ndarray:
    """One channel: the grid of crops, a gap, the grid of projections (H×W×3 uint8)."""
    state = views.state
    side = grid_side(state.k)
    crops: list[np.ndarray | None] = [None] * state.k
    projections: list[np.ndarray | None] = [None] * state.k
    for rank in range(state.filled(channel)):
        crop, projection = unit_cells(views, channel, rank, mean, std)
        crops[rank], projections[rank] = upscale(crop, zoom), upscale(projection, zoom)
    cell_hw = (state.field.rf[0] * zoom, state.field.rf[1] * zoom)
    left, right = grid(crops, side, cell_hw), grid(projections, side, cell_hw)
    gap = np.empty((left.shape[0], BLOCK_GAP // 2, 3), dtype=np.uint8)
    gap[...] = BACKGROUND
    return np.concatenate([left, gap, right], axis=1)


def label(block: np.ndarray, text: str) -> np.ndarray:
    """The block with a line of text above it."""
    canvas = Image.new("RGB", (block.shape[1], block.shape[0] + LABEL_HEIGHT), BACKGROUND)
    canvas.paste(Image.fromarray(block), (0, LABEL_HEIGHT))
    ImageDraw.Draw(canvas).text((1, 1), text, fill=LABEL_COLOUR)
    return np.asarray(canvas)


def topk_montage(
    views: TopKViews,
    channels: Sequence[int],
    mean: Sequence[float] = (0.0,),
    std: Sequence[float] = (1.0,),
    per_row: int = 4,
    zoom: int | None = None,
) -> np.ndarray:
    """The figure for ``channels`` as an H×W×3 uint8 picture, ``per_row`` channel blocks per row.

    Each block is labelled with its channel and strongest activation; ``mean`` and ``std``
    are the model's input normalisation (to show the crops as the images looked).
    """
    if not channels:
        raise ValueError("choose at least one channel")
    scale = zoom or cell_zoom(views.state.field.rf)
    blocks = []
    for channel in channels:
        block = channel_block(views, channel, mean, std, scale)
        best = f", max {views.state.values[channel, 0]:.3g}" if views.state.filled(channel) else ""
        blocks.append(label(block, f"{views.state.layer} channel {channel}{best}"))
    rows = [blocks[i : i + per_row] for i in range(0, len(blocks), per_row)]
    height, width = blocks[0].shape[:2]
    out = np.empty(
        (
            len(rows) * (height + BLOCK_GAP) + BLOCK_GAP,
            min(per_row, len(blocks)) * (width + BLOCK_GAP) + BLOCK_GAP,
            3,
        ),
        dtype=np.uint8,
    )
    out[...] = BACKGROUND
    for r, row in enumerate(rows):
        for c, block in enumerate(row):
            top, left = BLOCK_GAP + r * (height + BLOCK_GAP), BLOCK_GAP + c * (width + BLOCK_GAP)
            out[top : top + height, left : left + width] = block
    return out
