"""Two 3×3 grids for the Top-9 panel: a channel's receptive-field crops (with their values) and,
beside them, their deconvnet projections (Zeiler & Fergus 2014, figure 2)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.theme import image_view

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
        self.crops = UnitGrid("Receptive fields (value)")
        self.projections = UnitGrid("Deconvnet projections")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.crops, 1)
        layout.addWidget(self.projections, 1)

    def clear(self) -> None:
        self.crops.clear()
        self.projections.clear()
