"""The grid of an occlusion sweep: square positions, sweep order, and the maps it fills.

Positions follow Captum's ``Occlusion``: ⌈(H − patch) / stride⌉ + 1 per axis, the
last square clipped at the border. A sweep computes a coarse grid (every
``coarse_step``-th row and column) first, then the remaining positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

Mode = Literal["exact", "approx", "plain"]


@dataclass(frozen=True)
class OcclusionMaps:
    """Per-position results on the rows × cols grid of occluding squares (NaN / −1 where not computed yet)."""

    input_hw: tuple[int, int]
    patch: int
    stride: int
    boxes: np.ndarray  # rows × cols × 4: top, left, bottom, right (half-open, clipped to the image)
    probability: np.ndarray  # rows × cols, probability of the target class
    label: np.ndarray  # rows × cols, most probable class (int64)
    activation: np.ndarray | None  # rows × cols, total of the chosen feature map
    target_class: int
    original_probability: float
    original_label: int
    original_activation: float | None
    feature: tuple[str, int] | None
    mode: Mode  # the mode that ran
    note: str  # why the plain mode ran instead of the one asked for, if it did
    coarse_step: int  # the coarse pass computes every coarse_step-th row and column
    estimated: np.ndarray  # rows × cols, True where the approximate mode copied the nearest coarse value

    @property
    def drop(self) -> np.ndarray:
        """p(target | image) − p(target | occluded image) per position (positive: the square mattered)."""
        return self.original_probability - self.probability

    @property
    def done(self) -> np.ndarray:
        """True where a position has been computed."""
        return ~np.isnan(self.probability)

    def filled(self, values: np.ndarray) -> np.ndarray:
        """``values`` (any rows × cols map of these maps) where computed, else the nearest coarse value.

        For showing the coarse pass as a whole map while the fine pass runs.
        """
        coarse = values[nearest_coarse(values.shape, self.coarse_step)]
        return np.where(self.done, values, coarse)

    def pixel_map(self, values: np.ndarray | None = None) -> np.ndarray:
        """An H×W map: each pixel the mean of ``values`` (default: the drop) over the squares covering it.

        This is what Captum's ``Occlusion`` attributes to a pixel; pixels no computed
        square covers are NaN.
        """
        grid = self.drop if values is None else values
        total = np.zeros(self.input_hw)
        count = np.zeros(self.input_hw)
        for (top, left, bottom, right), value in zip(
            self.boxes.reshape(-1, 4), grid.reshape(-1), strict=True
        ):
            if not np.isnan(value):
                total[top:bottom, left:right] += value
                count[top:bottom, left:right] += 1
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / count, np.nan)


@dataclass(frozen=True)
class OcclusionProgress:
    """One step of a sweep: positions done out of total, the phase, and a snapshot of the maps."""

    done: int
    total: int
    phase: Literal["coarse", "fine"]
    maps: OcclusionMaps

    @property
    def finished(self) -> bool:
        """True for the last record of a sweep that ran to the end."""
        return self.done == self.total


def grid_boxes(input_hw: tuple[int, int], patch: int, stride: int) -> np.ndarray:
    """rows × cols × 4 boxes (top, left, bottom, right) of the squares, Captum's positions, clipped."""
    starts = [np.arange(math.ceil((size - patch) / stride) + 1) * stride for size in input_hw]
    tops, lefts = np.meshgrid(starts[0], starts[1], indexing="ij")
    bottoms, rights = np.minimum(tops + patch, input_hw[0]), np.minimum(lefts + patch, input_hw[1])
    return np.stack([tops, lefts, bottoms, rights], axis=-1).astype(np.int64)


def coarse_step_for(rows: int, cols: int) -> int:
    """Every 4th position for grids of 16+ per side, every 2nd from 6, else no coarse pass."""
    side = min(rows, cols)
    return 4 if side >= 16 else 2 if side >= 6 else 1


def nearest_coarse(shape: tuple[int, ...], step: int) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays picking, for every position, the nearest coarse-grid position (ties: the later)."""
    near = [np.minimum((np.arange(n) + step // 2) // step * step, (n - 1) // step * step) for n in shape]
    return near[0][:, None], near[1][None, :]


def drill_down(drop: np.ndarray, step: int, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Fine positions worth computing, and the others (flat indices), after the coarse pass.

    Adaptive drill-down (Nakandala et al. 2019): a fine position is computed when
    its nearest coarse position is among the ``fraction`` with the largest |drop|;
    the others keep that coarse value.
    """
    magnitude = np.abs(drop[::step, ::step])
    hot = np.abs(drop) >= np.quantile(magnitude, 1 - fraction)
    near_hot = hot[nearest_coarse(drop.shape, step)]
    rows, cols = drop.shape
    coarse = (np.arange(rows)[:, None] % step == 0) & (np.arange(cols)[None, :] % step == 0)
    return np.flatnonzero(~coarse & near_hot), np.flatnonzero(~coarse & ~near_hot)


def sweep_order(rows: int, cols: int, step: int) -> tuple[np.ndarray, int]:
    """Flat position indices, coarse grid first (row-major), and how many belong to the coarse pass."""
    coarse = (np.arange(rows)[:, None] % step == 0) & (np.arange(cols)[None, :] % step == 0)
    if step == 1:
        return np.arange(rows * cols), 0
    return np.concatenate([np.flatnonzero(coarse), np.flatnonzero(~coarse)]), int(coarse.sum())


def chunks(indices: np.ndarray, size: int) -> list[np.ndarray]:
    """Consecutive batches of at most ``size`` positions."""
    return [indices[i : i + size] for i in range(0, len(indices), size)]


def snapshot(maps: OcclusionMaps) -> OcclusionMaps:
    """A copy whose arrays later batches do not change."""
    activation = None if maps.activation is None else maps.activation.copy()
    probability, label, estimated = maps.probability.copy(), maps.label.copy(), maps.estimated.copy()
    return replace(maps, probability=probability, label=label, activation=activation, estimated=estimated)


def fill_from_coarse(maps: OcclusionMaps, skipped: np.ndarray) -> None:
    """Give the skipped positions (flat indices) their nearest coarse values and mark them estimated."""
    where = np.unravel_index(skipped, maps.probability.shape)
    near_r, near_c = nearest_coarse(maps.probability.shape, maps.coarse_step)
    source = (near_r[:, 0][where[0]], near_c[0][where[1]])
    arrays = [maps.probability, maps.label] + ([] if maps.activation is None else [maps.activation])
    for array in arrays:
        array[where] = array[source]
    maps.estimated[where] = True
