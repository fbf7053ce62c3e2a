"""Feature maps as one tiled mosaic, normalised and coloured, for display or PNG."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

Normalisation = Literal["map", "layer"]
# 6th-order polynomial fit of matplotlib's viridis (per channel, lowest order first).
_VIRIDIS = np.array(
    [
        [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
        [0.1050930431085774, 1.404613529898575, 1.384590162594685],
        [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
        [-4.634230498983486, -5.799100973351585, -19.33244095627987],
        [6.228269936347081, 14.17993336680509, 56.69055260068105],
        [4.776384997670288, -13.74514537774601, -65.35303263337234],
        [-5.435455855934631, 4.645852612178535, 26.3124352495832],
    ]
)
GAP_COLOUR = (40, 40, 48)
COLORIZE_ROWS = 128  # mosaic rows coloured at a time
COLORIZE_PIXELS = 2**18  # map pixels coloured at a time (2 MB of indices)


def viridis_lut(size: int = 256) -> np.ndarray:
    """A size×3 uint8 lookup table of the viridis sequential colour map."""
    t = np.linspace(0.0, 1.0, size)[:, None]
    rgb = sum(coef * t**k for k, coef in enumerate(_VIRIDIS))
    return np.clip(np.round(np.asarray(rgb) * 255), 0, 255).astype(np.uint8)


VIRIDIS = viridis_lut()


@dataclass(frozen=True)
class GridLayout:
    """Where each map sits in the mosaic."""

    count: int
    rows: int
    cols: int
    tile_h: int
    tile_w: int
    gap: int

    @property
    def shape(self) -> tuple[int, int]:
        """(height, width) of the mosaic in pixels."""
        return (
            self.rows * (self.tile_h + self.gap) - self.gap,
            self.cols * (self.tile_w + self.gap) - self.gap,
        )

    def origin(self, index: int) -> tuple[int, int]:
        """Top-left (y, x) of map ``index`` in the mosaic."""
        row, col = divmod(index, self.cols)
        return row * (self.tile_h + self.gap), col * (self.tile_w + self.gap)

    def locate(self, y: float, x: float) -> tuple[int, int, int] | None:
        """(map index, row, col) under mosaic pixel (y, x), or None over a gap/outside."""
        if y < 0 or x < 0:
            return None
        row, ry = divmod(int(y), self.tile_h + self.gap)
        col, rx = divmod(int(x), self.tile_w + self.gap)
        index = row * self.cols + col
        if row >= self.rows or col >= self.cols or index >= self.count:
            return None
        if ry >= self.tile_h or rx >= self.tile_w:
            return None
        return index, ry, rx


def as_maps(activation: np.ndarray) -> np.ndarray | None:
    """C×H×W maps of an activation, or None for a vector (fully connected) layer."""
    if activation.ndim == 3:
        return activation
    if activation.ndim == 2:
        return activation[None]
    if activation.ndim > 3:
        return activation.reshape(-1, *activation.shape[-2:])
    return None


def layout_for(count: int, tile_h: int, tile_w: int, gap: int = 1) -> GridLayout:
    """A near-square grid (a little wider than tall) for ``count`` maps."""
    cols = max(1, math.ceil(math.sqrt(count * tile_h / max(tile_w, 1))))
    rows = math.ceil(count / cols)
    return GridLayout(count, rows, cols, tile_h, tile_w, gap)


def normalise_maps(maps: np.ndarray, mode: Normalisation, stride: int = 1) -> np.ndarray:
    """Scale to [0, 1] per map or over the whole layer; constant maps become 0.

    With ``stride`` > 1 only every stride-th pixel each way (from the middle of the first
    stride×stride block: :func:`sampled`) is scaled, on the scale of all pixels. One float32
    copy scaled in place: no full-size temporaries for the big maps of early layers.
    """
    axes = (1, 2) if mode == "map" else None
    if stride == 1:
        scaled = maps.astype(np.float32)
        low = scaled.min(axis=axes, keepdims=True)
        span = scaled.max(axis=axes, keepdims=True) - low
    else:
        low = maps.min(axis=axes, keepdims=True).astype(np.float32)
        span = maps.max(axis=axes, keepdims=True).astype(np.float32) - low
        scaled = sampled(maps, stride).astype(np.float32)
    varies = span > 0
    scaled -= low
    scaled /= np.where(varies, span, 1.0)
    if not varies.all():
        scaled[np.broadcast_to(~varies, scaled.shape)] = 0.0
    return scaled


def sampled(maps: np.ndarray, stride: int) -> np.ndarray:
    """Every ``stride``-th pixel of each map, each way, from the middle of the first block (a view)."""
    first = stride // 2
    return maps[:, first::stride, first::stride]


def display_stride(mosaic_hw: tuple[int, int], room_hw: tuple[float, float]) -> int:
    """Show every n-th map pixel when the mosaic, fitted into its room on the screen (in device
    pixels) with its aspect kept, has n or more pixels for each screen pixel: the screen could not
    show more of them (1: all)."""
    (height, width), (room_h, room_w) = mosaic_hw, room_hw
    if room_h <= 0 or room_w <= 0:
        return 1
    return max(1, int(max(height / room_h, width / room_w)))


def tile(maps01: np.ndarray, layout: GridLayout) -> np.ndarray:
    """Place normalised maps into a mosaic; gaps are NaN."""
    mosaic = np.full(layout.shape, np.nan, dtype=np.float32)
    for index in range(layout.count):
        y, x = layout.origin(index)
        mosaic[y : y + layout.tile_h, x : x + layout.tile_w] = maps01[index]
    return mosaic


def colorize(mosaic01: np.ndarray, lut: np.ndarray = VIRIDIS) -> np.ndarray:
    """A [0, 1] mosaic (NaN = gap) → H×W×3 uint8 through a lookup table.

    The gap colour is one more table entry and ``take`` gathers whole colours, a block
    of rows at a time: several times faster than fancy indexing, and the temporaries
    stay small however large the mosaic of an early layer is.
    """
    size = len(lut)
    table = np.empty((size + 1, 3), dtype=np.uint8)
    table[:size], table[size] = lut, GAP_COLOUR
    rgb = np.empty((*mosaic01.shape, 3), dtype=np.uint8)
    for start in range(0, len(mosaic01), COLORIZE_ROWS):
        block = mosaic01[start : start + COLORIZE_ROWS]
        table.take(lut_indices(block, size), axis=0, out=rgb[start : start + COLORIZE_ROWS], mode="clip")
    return rgb


def colorize_maps(maps01: np.ndarray, layout: GridLayout, lut: np.ndarray = VIRIDIS) -> np.ndarray:
    """Normalised C×H×W maps → the mosaic as H×W×4 uint8 (R, G, B, 255), gaps in GAP_COLOUR.

    The same colours as ``colorize(tile(maps01, layout), lut)``, about three times faster
    (the live Activations grid): no float mosaic, and each pixel is gathered as one packed
    32-bit colour, a block of maps at a time, then placed in the mosaic.
    """
    table = colour_table(lut)
    mosaic = np.full(layout.shape, table[-1], dtype=np.uint32)
    per_block = max(1, COLORIZE_PIXELS // max(1, layout.tile_h * layout.tile_w))
    for first in range(0, layout.count, per_block):
        pixels = table.take(lut_indices(maps01[first : first + per_block], len(lut)))
        for offset, tile_pixels in enumerate(pixels):
            y, x = layout.origin(first + offset)
            mosaic[y : y + layout.tile_h, x : x + layout.tile_w] = tile_pixels
    return as_bytes(mosaic)


def colour_table(lut: np.ndarray) -> np.ndarray:
    """The lookup table plus the gap colour as packed pixels: uint32 whose bytes are R, G, B, 255."""
    table = np.full((len(lut) + 1, 4), 255, dtype=np.uint8)
    table[:-1, :3], table[-1, :3] = lut, GAP_COLOUR
    return table.view(np.uint32).ravel()


def lut_indices(values01: np.ndarray, size: int) -> np.ndarray:
    """Table indices of [0, 1] values: the nearest of ``size`` entries; NaN and ±inf → ``size`` (gap)."""
    index = values01 * (size - 1) + 0.5
    np.clip(index, 0, size - 1, out=index)
    index[~np.isfinite(values01)] = size
    return index.astype(np.intp)


def as_bytes(pixels: np.ndarray) -> np.ndarray:
    """Packed 32-bit pixels viewed as their 4 bytes (…×4 uint8), no copy."""
    return pixels.view(np.uint8).reshape(*pixels.shape, 4)


def render_grid(
    activation: np.ndarray, mode: Normalisation = "map", gap: int = 1
) -> tuple[np.ndarray, GridLayout]:
    """An activation (C×H×W) → (RGB mosaic, layout). Vectors become a 1-row strip."""
    maps = as_maps(activation)
    if maps is None:
        maps = activation.reshape(1, 1, -1)
    layout = layout_for(len(maps), maps.shape[1], maps.shape[2], gap)
    return colorize(tile(normalise_maps(maps, mode), layout)), layout


def upscale(rgb: np.ndarray, factor: int) -> np.ndarray:
    """Nearest-neighbour enlargement, so small maps stay crisp in a PNG."""
    return np.repeat(np.repeat(rgb, factor, axis=0), factor, axis=1)
