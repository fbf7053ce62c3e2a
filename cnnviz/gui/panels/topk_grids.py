"""The views of the Top-9 panel: the feature-map list and two 3×3 grids, a channel's
receptive-field crops (with their values) and, beside them, their deconvnet projections
(Zeiler & Fergus 2014, figure 2). Crops are cut on the GUI thread (cheap); the projections
of the shown channel only are computed in a worker and appear as they arrive."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QSpinBox, QVBoxLayout, QWidget

from cnnviz.core.heatmaps import input_to_rgb
from cnnviz.gui.attribution_worker import AttributionWorker, Job, Outcome, Progress, make_twin
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.topk_jobs import ProjectionsSoFar, projection_steps
from cnnviz.gui.theme import image_view

if TYPE_CHECKING:  # torch-heavy core modules load on first use, so the window paints first
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.topk import TopKState
    from cnnviz.core.topk_images import ImageSet
    from cnnviz.core.topk_views import Crop, TopKViews

BACKGROUND = "#18181e"
MIN_CELL_PX = 92  # one picture plus its value line


class UnitGrid(QWidget):
    """A caption above a side×side grid of small RGB pictures, each with an optional line below."""

    def __init__(self, caption: str, k: int = 9, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = max(1, math.ceil(math.sqrt(k)))
        self.caption = QLabel(caption)
        set_relative_font(self.caption, 1.0, bold=True)
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setBackground(BACKGROUND)
        self.plot.ci.setSpacing(2)
        self.items: list[pg.ImageItem] = []
        self.views: list[pg.ViewBox] = []
        self.labels: list[pg.LabelItem] = []
        for row in range(self.side):
            for col in range(self.side):
                cell = self.plot.ci.addLayout(row=row, col=col)
                view, item = image_view(cell)
                cell.nextRow()
                label = cell.addLabel("", size="9pt", color="#dddddd")
                self.views.append(view)
                self.items.append(item)
                self.labels.append(label)
        self.plot.setMinimumHeight(MIN_CELL_PX * self.side)  # pictures, not just their captions
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)

    def show_cell(self, index: int, rgb: np.ndarray | None, text: str = "") -> None:
        """Picture ``index`` (H×W×3 uint8; None clears it) and the line below it."""
        if index >= len(self.items):
            return
        if rgb is None:
            self.items[index].clear()
        else:
            self.items[index].setImage(rgb, levels=(0, 255), autoLevels=False)
            self.views[index].autoRange(padding=0.0)
        self.labels[index].setText(text)

    def clear(self) -> None:
        """Every cell empty."""
        for index in range(len(self.items)):
            self.show_cell(index, None)


class CropsAndProjections(QWidget):
    """The crops grid beside the projections grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.crops = UnitGrid(self.tr("Receptive fields (value)"))
        self.projections = UnitGrid(self.tr("Deconvnet projections"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.crops, 1)
        layout.addWidget(self.projections, 1)

    def clear(self) -> None:
        self.crops.clear()
        self.projections.clear()


class ChannelTops(QWidget):
    """The feature-map list beside the two grids: one channel's crops at once, its projections
    from a worker as they arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: TopKState | None = None
        self.images: ImageSet | None = None
        self.bundle: ModelBundle | None = None
        self.views: TopKViews | None = None
        self.shown_crops: list[Crop] = []
        self.shown_projections: dict[int, np.ndarray] = {}  # rank → whole projection image
        self.request_id = 0
        self.projection_worker = AttributionWorker("cnnviz-topk-projections")
        self.projection_worker.progress.connect(self._on_projections)
        self.projection_worker.done.connect(self._on_projections_done)
        self.channel_list, self.channel_box = QListWidget(), QSpinBox()
        self.channel_list.setMaximumWidth(170)
        self.grids = CropsAndProjections()
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Feature map")))
        side.addWidget(self.channel_box)
        side.addWidget(self.channel_list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(side)
        layout.addWidget(self.grids, 1)
        self.channel_list.currentRowChanged.connect(self._on_channel_row)
        self.channel_box.valueChanged.connect(self.show_channel)

    def set_state(self, state: TopKState | None, images: ImageSet | None, bundle: ModelBundle | None) -> None:
        """Show a scan's channels over ``images`` of ``bundle``'s model (None: nothing scanned)."""
        self.state, self.images, self.bundle, self.views = state, images, bundle, None
        if state is not None and bundle is not None and images is not None:
            from cnnviz.core.topk_views import TopKViews

            self.views = TopKViews(make_twin(bundle.module), state, images)
        self.channel_list.blockSignals(True)
        self.channel_list.clear()
        if state is not None:
            for c in range(state.channels):
                best = f"{state.values[c, 0]:.3g}" if state.filled(c) else "—"
                self.channel_list.addItem(
                    self.tr("map {channel}   max {value}").format(channel=c, value=best)
                )
        self.channel_list.blockSignals(False)
        self.channel_box.setRange(0, max(0, (state.channels if state else 1) - 1))
        self.show_channel(min(self.channel_box.value(), self.channel_box.maximum()))

    def _on_channel_row(self, row: int) -> None:
        if row >= 0:
            self.channel_box.setValue(row)

    def show_channel(self, channel: int) -> None:
        """The crops of ``channel`` now; its projections from the worker as they arrive."""
        from cnnviz.core.topk_montage import tint_outside
        from cnnviz.core.topk_views import crop_for

        self.grids.clear()
        self.shown_crops, self.shown_projections = [], {}
        state, images, bundle = self.state, self.images, self.bundle
        if state is None or images is None or bundle is None or not 0 <= channel < state.channels:
            return
        if self.channel_list.currentRow() != channel:
            self.channel_list.setCurrentRow(channel)
        spec = bundle.spec
        for rank in range(state.filled(channel)):
            crop = crop_for(state, channel, rank, images)
            picture = np.round(input_to_rgb(crop.image, spec.mean, spec.std) * 255.0).astype(np.uint8)
            self.grids.crops.show_cell(rank, tint_outside(picture, crop.inside), f"{crop.value:.3g}")
            self.shown_crops.append(crop)
        views, ranks = self.views, list(range(state.filled(channel)))
        if views is None:
            return
        self.request_id += 1
        job = Job(
            self.request_id, lambda _stop, _report: projection_steps(views, channel, ranks), supersede=True
        )
        self.projection_worker.submit(job)

    def _on_projections(self, progress: Progress) -> None:
        if progress.request_id == self.request_id and isinstance(progress.partial, ProjectionsSoFar):
            self._show_projections(progress.partial)

    def _on_projections_done(self, outcome: Outcome) -> None:
        if outcome.request_id == self.request_id and isinstance(outcome.value, ProjectionsSoFar):
            self._show_projections(outcome.value)

    def _show_projections(self, found: ProjectionsSoFar) -> None:
        from cnnviz.core.deconvnet import projection_to_display
        from cnnviz.core.topk_montage import tint_outside

        for done in found.done:
            if done.rank not in self.shown_projections and done.rank < len(self.shown_crops):
                inside = self.shown_crops[done.rank].inside
                self.grids.projections.show_cell(
                    done.rank, tint_outside(projection_to_display(done.crop), inside)
                )
                self.shown_projections[done.rank] = done.image
