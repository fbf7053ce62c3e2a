"""Occlusion sensitivity for the Attribution panel: the core sweep as a worker job, its maps as pictures.

No widgets here. :func:`make_occlusion_compute` returns a generator job for
:class:`~cnnviz.gui.attribution_worker.AttributionWorker` that runs
:func:`cnnviz.core.occlusion.occlusion_sweep` (coarse grid first, then refined)
and yields an :class:`~cnnviz.gui.panels.attribution_methods.AttributionView` per
batch, so the panel redraws while the square slides. Positions not computed yet
show their nearest coarse-grid value.

What is drawn, for the three maps of Zeiler & Fergus (2014), figure 7:

- **class probability**: over the input, the drop p(class | image) − p(class |
  occluded image) per pixel (the mean over the squares covering it, as Captum's
  ``Occlusion``), diverging: red where hiding the pixels lowers the probability;
  alone, the probability itself at each square's position;
- **feature-map activation**: the same with the total activation of one feature map;
- **most probable label**: the label at each position, one colour per label, over
  the input at each pixel's nearest square and alone on the grid of positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.core.occlusion_picture import PALETTE, label_pixels
from cnnviz.gui.attribution_worker import Compute, Report, StopCheck
from cnnviz.gui.panels.attribution_methods import AttributionView, Options

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.occlusion import OcclusionMaps


REDRAWS = 16  # batches per sweep, so the map refines while the user watches


def categorical_lut(size: int = 256) -> np.ndarray:
    """A lookup table whose entry i is the i-th palette colour (cycling)."""
    return PALETTE[np.arange(size) % len(PALETTE)]


def occlusion_view(maps: OcclusionMaps, kind: str, fraction: float, coarse: bool) -> AttributionView:
    """The maps of one sweep snapshot as a view (partial ones filled from the coarse grid)."""
    extras = {"original_probability": maps.original_probability, "original_label": maps.original_label}
    if kind == "label":
        overlay, raw, categories = label_maps(maps)
        return AttributionView(
            "occlusion", maps.target_class, maps.original_probability, overlay, raw, signed=False,
            extras=extras, fraction=fraction, kind=kind, categories=categories, coarse=coarse,
        )  # fmt: skip
    if kind == "activation":
        if maps.activation is None or maps.original_activation is None:
            raise ValueError("no feature map was chosen for the activation map")
        values, original = maps.activation, maps.original_activation
        extras["original_activation"] = original
    else:
        values, original = maps.probability, maps.original_probability
    filled = maps.filled(values)
    overlay = np.nan_to_num(maps.pixel_map(original - filled)).astype(np.float32)
    raw = np.nan_to_num(filled, nan=original).astype(np.float32)
    layer = maps.feature[0] if maps.feature is not None and kind == "activation" else None
    return AttributionView(
        "occlusion", maps.target_class, maps.original_probability, overlay, raw, signed=True,
        layer=layer, extras=extras, fraction=fraction, kind=kind,
        raw_signed=kind == "activation" and bool(raw.min() < 0), coarse=coarse,
    )  # fmt: skip


def label_maps(maps: OcclusionMaps) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """(H×W, rows×cols) colour indices of the most probable label, and the label of each index."""
    grid = maps.filled(np.where(maps.label < 0, np.nan, maps.label.astype(np.float64)))
    known = grid[~np.isnan(grid)]
    categories = tuple(int(v) for v in np.unique(known))
    if not categories:
        empty = np.zeros(grid.shape, dtype=np.float32)
        return label_pixels(maps, empty), empty, ()
    index = np.searchsorted(categories, np.nan_to_num(grid, nan=categories[0])).astype(np.float32)
    return label_pixels(maps, index), index, categories


def square_colour(mean: tuple[float, ...]) -> float | None:
    """The occluding square's colour: 0 (the data set mean) for a normalised input, else the image's mean."""
    return 0.0 if any(m != 0 for m in mean) else None


def batch_size(input_hw: tuple[int, ...], patch: int, stride: int, values: int) -> int:
    """Positions per batch: core's memory-based size, but small enough for about 16 redraws per sweep."""
    from cnnviz.core.occlusion import BATCH_VALUES

    rows, cols = (max(math.ceil((side - patch) / stride), 0) + 1 for side in input_hw)
    return max(4, min(BATCH_VALUES // max(values, 1), rows * cols // REDRAWS))


def make_occlusion_compute(
    model: nn.Module, x: np.ndarray, options: Options, mean: tuple[float, ...]
) -> Compute:
    """A generator job: one view per batch of occluded images, coarse first; the last one is complete."""
    from cnnviz.core.occlusion import occlusion_sweep

    x = np.array(x, dtype=np.float32, copy=True)
    o, baseline = options, square_colour(mean)
    feature = (o.layer, o.channel) if o.occlusion_map == "activation" else None

    batch = batch_size(x.shape[-2:], o.patch, o.stride, x.size)

    def compute(should_stop: StopCheck, _report: Report) -> Iterator[AttributionView]:
        sweep = occlusion_sweep(
            model, x, o.patch, o.stride, baseline, o.target_class, feature,
            cancelled=should_stop, batch_size=batch,
        )  # fmt: skip
        for progress in sweep:  # the sweep leaves nothing on the model between its yields
            fraction, coarse = progress.done / progress.total, progress.phase == "coarse"
            yield occlusion_view(progress.maps, o.occlusion_map, fraction, coarse)

    return compute


def describe_occlusion(view: AttributionView, class_name: str, labels: list[str]) -> str:
    """What the occlusion maps say, in one paragraph."""
    p0 = view.extras.get("original_probability", view.score)
    text = QCoreApplication.translate(
        "OcclusionJob", "<b>Occlusion</b> for class <b>{name}</b>: p = {p} without the square"
    ).format(name=class_name, p=f"{p0:.3f}")
    if view.kind == "probability":
        lowest = f"{float(view.raw.min()):.3f}"
        text += QCoreApplication.translate(
            "OcclusionJob", "; lowest {p} with the square at its worst place"
        ).format(p=lowest)
    elif view.kind == "activation":
        total = f"{view.extras.get('original_activation', 0.0):.4g}"
        text += QCoreApplication.translate(
            "OcclusionJob", "; the feature map at <b>{layer}</b> totals {total} without the square"
        ).format(layer=view.layer, total=total)
    else:
        names = ", ".join(labels[k] if k < len(labels) else str(k) for k in view.categories)
        text += QCoreApplication.translate(
            "OcclusionJob", "; most probable label with the square: {names}"
        ).format(names=names)
    if view.fraction < 1:
        phase = (
            QCoreApplication.translate("OcclusionJob", "coarse pass")
            if view.coarse
            else QCoreApplication.translate("OcclusionJob", "refining")
        )
        text += f" · {phase} {100 * view.fraction:.0f} %"
    return text


def occlusion_legend(view: AttributionView, labels: list[str]) -> str:
    """What the colours mean."""
    if view.kind == "label":
        swatches = []
        for index, k in enumerate(view.categories):
            r, g, b = (int(c) for c in PALETTE[index % len(PALETTE)])
            name = labels[k] if k < len(labels) else str(k)
            swatches.append(f"<span style='color:rgb({r},{g},{b})'>■</span> {name}")
        return QCoreApplication.translate(
            "OcclusionJob", "Most probable label with the square there: {swatches}"
        ).format(swatches=" · ".join(swatches))
    if view.kind == "probability":
        return QCoreApplication.translate(
            "OcclusionJob",
            "Over the input: <span style='color:#d33'>■ red</span> where hiding the pixels lowers the class "
            "probability, <span style='color:#48c'>■ blue</span> where it raises it. Alone: the class "
            "probability with the square at each position.",
        )
    return QCoreApplication.translate(
        "OcclusionJob",
        "Over the input: <span style='color:#d33'>■ red</span> where hiding the pixels lowers the feature "
        "map's total, <span style='color:#48c'>■ blue</span> where it raises it. Alone: the feature map's "
        "total with the square at each position.",
    )
