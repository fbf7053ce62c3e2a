"""Filters panel: the learned kernels of the selected convolution, live during training."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.filters import FilterBank, colour_tiles, kernel_grid, mosaic
from cnnviz.core.grid import colorize
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.attribution_views import OnScreen
from cnnviz.gui.session import Session
from cnnviz.gui.theme import diverging_lut, image_view
from cnnviz.gui.widgets import CenteredMessage

FILTERS = "Filters"  # its name among cnnviz.core.capabilities' panels
GAP = 1
LABEL_SHARE = 0.3  # of the view's width kept for the tiles when labels sit beside them


class FiltersPanel(QWidget):
    """Rows = filters, columns = input channels (RGB first layers as colour images)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filtersPanel")
        self.session = session
        self.bank: FilterBank | None = None
        self.order = np.arange(0)
        self.title = QLabel("")
        set_relative_font(self.title, 1.2, bold=True)
        self.sort_norm = QCheckBox(self.tr("Sort by norm"))
        self.sort_norm.setToolTip(self.tr("Strongest filters (largest L2 norm of the weights) first"))
        self.show_norm = QCheckBox(self.tr("Norms"))
        self.show_norm.setToolTip(self.tr("Show each filter's L2 norm next to its bias"))
        self.show_norm.setChecked(True)
        self.message = CenteredMessage(self.tr("Select a convolution layer to see its filters"))
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setObjectName("filterGrid")
        self.view, self.item = image_view(self.plot)
        self.labels: list[pg.TextItem] = []
        self.readout = QLabel("")
        self.readout.setObjectName("filterReadout")
        set_relative_font(self.readout, 1.0, family="monospace")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.plot)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        options = QHBoxLayout()
        options.addWidget(self.sort_norm)
        options.addWidget(self.show_norm)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addLayout(options)
        layout.addWidget(self.readout)
        self.sort_norm.toggled.connect(self.redraw)
        self.show_norm.toggled.connect(self.redraw)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self._stale = False
        self.on_screen = OnScreen(self)
        self.on_screen.appeared.connect(self._on_appeared)
        session.filters_changed.connect(self.show_bank)

    def show_bank(self, bank: FilterBank | None) -> None:
        """New weights (or none: the selected layer is not a convolution); drawn once on screen."""
        self.bank = bank
        if bank is not None and not self.on_screen:  # a deep layer's kernels are a big picture
            self._stale = True
            return
        self.redraw()

    def _on_appeared(self) -> None:
        if self._stale:
            self.redraw()

    def redraw(self) -> None:
        """Render the current bank with the current options."""
        self._stale = False
        bank = self.bank
        if bank is None:
            why = self.session.unavailable(FILTERS)
            if why:
                text = self.tr("No filters for this model: {reason}").format(reason=why)
            elif self.session.layer:
                text = self.tr("{layer} is not a convolution: no filters to show").format(
                    layer=self.session.layer
                )
            else:
                text = self.tr("This layer is not a convolution: no filters to show")
            self.message.setText(text)
            self.stack.setCurrentWidget(self.message)
            return
        self.order = bank.order("norm" if self.sort_norm.isChecked() else "index")
        if bank.is_colour:
            columns = int(np.ceil(np.sqrt(bank.count)))
            picture = np.nan_to_num(mosaic(colour_tiles(bank, self.order), columns, GAP), nan=0.15)
            self.item.setImage(picture, levels=(0.0, 1.0), autoLevels=False)
        else:
            picture = colorize(kernel_grid(bank, self.order, GAP), diverging_lut())  # gaps stay dark
            self.item.setImage(picture, levels=(0, 255), autoLevels=False)
        self._label_rows(bank)
        self._fit(
            picture_width=self.item.width(), picture_height=self.item.height(), labelled=not bank.is_colour
        )
        kh, kw = bank.weight.shape[2:]
        filters = self.tr("%n filters", "", bank.count)
        channels = self.tr("%n channels", "", bank.in_channels)
        self.title.setText(f"{self.session.layer}: {filters} {kh}×{kw} × {channels}")
        self.stack.setCurrentWidget(self.plot)

    def _fit(self, picture_width: float, picture_height: float, labelled: bool) -> None:
        """Show the whole picture, plus room on the right for the per-filter labels."""
        width = picture_width / LABEL_SHARE if labelled else picture_width
        self.view.setRange(xRange=(0, width), yRange=(0, picture_height), padding=0.02)

    def _label_rows(self, bank: FilterBank) -> None:
        """Bias (and norm) beside each filter row; text items are reused between updates."""
        rows = 0 if bank.is_colour else bank.count
        while len(self.labels) > rows:
            self.view.removeItem(self.labels.pop())
        while len(self.labels) < rows:
            label = pg.TextItem("", anchor=(0, 0.5), color="#d8d8e0")
            self.view.addItem(label)
            self.labels.append(label)
        norms = bank.norms()
        kh, kw = bank.weight.shape[2:]
        for row, (label, index) in enumerate(zip(self.labels, self.order, strict=False)):
            bias = f"b={bank.bias[index]:+.3f}" if bank.bias is not None else ""
            norm = f"  ‖w‖={norms[index]:.3f}" if self.show_norm.isChecked() else ""
            label.setText(f"#{index} {bias}{norm}")
            label.setPos(bank.in_channels * (kw + GAP) + 0.5, row * (kh + GAP) + kh / 2)

    def kernel_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(filter index, input channel) under a scene position."""
        bank = self.bank
        if bank is None:
            return None
        point = self.item.mapFromScene(scene_pos)
        kh, kw = bank.weight.shape[2:]
        row, ry = divmod(int(point.y()), kh + GAP)
        col, rx = divmod(int(point.x()), kw + GAP)
        if point.x() < 0 or point.y() < 0 or ry >= kh or rx >= kw:
            return None
        if bank.is_colour:
            columns = int(np.ceil(np.sqrt(bank.count)))
            slot = row * columns + col
            return (int(self.order[slot]), -1) if col < columns and slot < bank.count else None
        if row < bank.count and col < bank.in_channels:
            return int(self.order[row]), col
        return None

    def _hover(self, pos: QPointF) -> None:
        found = self.kernel_at(pos)
        if found is None or self.bank is None:
            return
        index, channel = found
        weights = self.bank.weight[index] if channel < 0 else self.bank.weight[index, channel]
        if channel >= 0:
            where = self.tr("filter {index}, input channel {channel}").format(index=index, channel=channel)
        else:
            where = self.tr("filter {index} (R, G, B)").format(index=index)
        if self.bank.bias is not None:
            where += "   " + self.tr("bias {value}").format(value=f"{self.bank.bias[index]:+.4f}")
        self.readout.setText(f"{where}\n{format_kernel(weights)}")


def format_kernel(weights: np.ndarray) -> str:
    """A kernel's numbers, one row per line (channels stacked for colour filters)."""
    planes = weights if weights.ndim == 3 else weights[None]
    return "\n\n".join("\n".join(" ".join(f"{v:+.3f}" for v in row) for row in plane) for plane in planes)
