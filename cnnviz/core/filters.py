"""Learned convolution kernels as pictures: per input channel, or as colour for RGB inputs.

The classic figure (Krizhevsky et al. 2012, fig. 3; Zeiler & Fergus 2014, fig. 6)
shows each first-layer filter of an RGB network as a small colour image. Deeper
layers have more input channels than colours, so each (output, input) kernel
pair is shown as its own grey-level tile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Order = Literal["index", "norm"]


@dataclass(frozen=True)
class FilterBank:
    """A convolution layer's weights (out, in, kh, kw) and biases (out,) as numpy."""

    weight: np.ndarray
    bias: np.ndarray | None

    @property
    def count(self) -> int:
        """Number of filters (output channels)."""
        return int(self.weight.shape[0])

    @property
    def in_channels(self) -> int:
        """Input channels per filter (per group)."""
        return int(self.weight.shape[1])

    @property
    def is_colour(self) -> bool:
        """True when each filter can be drawn as one RGB image."""
        return self.in_channels == 3

    def norms(self) -> np.ndarray:
        """The L2 norm of each filter's weights (bias excluded)."""
        return np.sqrt((self.weight.astype(np.float64) ** 2).reshape(self.count, -1).sum(axis=1))

    def order(self, by: Order) -> np.ndarray:
        """Filter indices in display order: as in the layer, or by decreasing L2 norm."""
        if by == "norm":
            return np.argsort(-self.norms(), kind="stable")
        return np.arange(self.count)


def colour_tiles(bank: FilterBank, order: np.ndarray) -> np.ndarray:
    """(N, kh, kw, 3) in [0, 1]: each RGB filter scaled symmetrically around grey.

    Zero weight is mid-grey; the largest |weight| of the filter reaches 0 or 1,
    so the sign and the relative colour balance are kept.
    """
    tiles = np.moveaxis(bank.weight[order], 1, -1).astype(np.float32)
    peak = np.abs(tiles).reshape(len(order), -1).max(axis=1).reshape(-1, 1, 1, 1)
    return 0.5 + 0.5 * tiles / np.where(peak > 0, peak, 1.0)


def channel_tiles(bank: FilterBank, order: np.ndarray) -> np.ndarray:
    """(N, in, kh, kw) in [0, 1]: every kernel, one scale per filter, zero at mid-grey."""
    tiles = bank.weight[order].astype(np.float32)
    peak = np.abs(tiles).reshape(len(order), -1).max(axis=1).reshape(-1, 1, 1, 1)
    return 0.5 + 0.5 * tiles / np.where(peak > 0, peak, 1.0)


def mosaic(tiles: np.ndarray, columns: int, gap: int = 1, fill: float = np.nan) -> np.ndarray:
    """Tiles (N, h, w[, 3]) placed in a grid with ``columns`` columns, gaps filled.

    Whole rows of tiles are copied at once through a (rows, h, columns, w) view of the
    mosaic: a deep layer's 512 × 512 kernels take milliseconds, not a second.
    """
    count, h, w = tiles.shape[:3]
    extra = tiles.shape[3:]
    rows = -(-count // columns)
    cell_h, cell_w = h + gap, w + gap
    canvas = np.full((rows * cell_h, columns * cell_w, *extra), fill, dtype=np.float32)
    cells = canvas.reshape(rows, cell_h, columns, cell_w, *extra)
    full_rows, rest = divmod(count, columns)
    whole = tiles[: full_rows * columns].reshape(full_rows, columns, h, w, *extra)
    cells[:full_rows, :h, :, :w] = whole.swapaxes(1, 2)
    if rest:
        cells[full_rows, :h, :rest, :w] = tiles[full_rows * columns :].swapaxes(0, 1)
    return canvas[: rows * cell_h - gap, : columns * cell_w - gap]


def kernel_grid(bank: FilterBank, order: np.ndarray, gap: int = 1) -> np.ndarray:
    """Deeper layers: one row per filter, one column per input channel (NaN gaps)."""
    tiles = channel_tiles(bank, order)
    count, channels, h, w = tiles.shape
    return mosaic(tiles.reshape(count * channels, h, w), channels, gap)


def filter_bank(model: object, layer: str) -> FilterBank | None:
    """A copy of the weights of ``layer`` if it is a 2-D convolution, else None."""
    from torch import nn

    if not isinstance(model, nn.Module):
        return None
    module = dict(model.named_modules()).get(layer.split("#")[0])
    if not isinstance(module, nn.Conv2d):
        return None
    weight = module.weight.detach().to("cpu", copy=True).float().numpy()
    bias = module.bias.detach().to("cpu", copy=True).float().numpy() if module.bias is not None else None
    return FilterBank(weight, bias)
