"""The Image kernels panel's right side: the kernel's description, the input and the filtered result
side by side with their titles, the outlines of the hovered window and pixel, and the read-out.

Its texts keep the panel's translation context ("KernelsPanel").
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import QGraphicsRectItem, QGridLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.core.kernels import CONVENTION
from cnnviz.core.matrices import format_number
from cnnviz.gui.panels.kernel_choices import HOVER_HINT, display_text
from cnnviz.gui.theme import diverging_lut, gray_lut, image_view


class KernelViews(QWidget):
    """Description, input and result images with titles, hover outlines and the read-out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = QLabel("")
        self.description.setObjectName("kernelDescription")
        self.description.setWordWrap(True)
        self.plots: list[pg.GraphicsLayoutWidget] = []
        self.titles: list[QLabel] = []
        for _ in range(2):
            plot = pg.GraphicsLayoutWidget()
            plot.setMinimumSize(140, 140)
            self.plots.append(plot)
            title = QLabel("")
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.titles.append(title)
        self.input_view, self.input_item = image_view(self.plots[0])
        self.result_view, self.result_item = image_view(self.plots[1])
        self.window_box, self.pixel_box = QGraphicsRectItem(), QGraphicsRectItem()
        for view, box in ((self.input_view, self.window_box), (self.result_view, self.pixel_box)):
            box.setPen(pg.mkPen("#ffb347", width=2, cosmetic=True))
            box.hide()
            view.addItem(box)
        self.readout = QLabel(display_text(HOVER_HINT))
        self.readout.setObjectName("kernelReadout")
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setMinimumHeight(3 * self.readout.fontMetrics().lineSpacing())
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for widget in (self.readout, self.description, *self.plots):
            widget.setToolTip(display_text(CONVENTION))
        self._layout()

    def _layout(self) -> None:
        views = QGridLayout()
        for column, (title, plot) in enumerate(zip(self.titles, self.plots, strict=True)):
            views.addWidget(title, 0, column)
            views.addWidget(plot, 1, column)
        right = QVBoxLayout(self)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.description)
        right.addLayout(views, 1)
        right.addWidget(self.readout)

    def show_input(self, image: np.ndarray, label: str) -> None:
        """The gray input (0–1) titled with where it came from; the views fit a new size."""
        reshaped = self.input_item.image is None or self.input_item.image.shape != image.shape
        self.input_item.setImage(image, levels=(0.0, 1.0), lut=gray_lut(), autoLevels=False)
        h, w = image.shape
        title = QCoreApplication.translate("KernelsPanel", "{input} {size} (gray, 0–1)")
        self.titles[0].setText(title.format(input=label, size=f"{h}×{w}"))
        if reshaped:
            for view in (self.input_view, self.result_view):
                view.setRange(QRectF(0, 0, w, h), padding=0)

    def show_result(self, result: np.ndarray, signed: bool) -> None:
        """The filtered image: signed (diverging colours, symmetric) or clipped to 0–1 (gray)."""
        low, high = float(result.min()), float(result.max())
        span = QCoreApplication.translate("KernelsPanel", "values {low} to {high}").format(
            low=format_number(low), high=format_number(high)
        )
        if signed:
            bound = max(abs(low), abs(high), 1e-6)
            self.result_item.setImage(result, levels=(-bound, bound), lut=diverging_lut(), autoLevels=False)
            text = QCoreApplication.translate("KernelsPanel", "Result: {values} (white 0, blue −, red +)")
        else:
            shown = np.clip(result, 0.0, 1.0)
            self.result_item.setImage(shown, levels=(0.0, 1.0), lut=gray_lut(), autoLevels=False)
            text = QCoreApplication.translate("KernelsPanel", "Result: {values}, clipped to 0–1")
        self.titles[1].setText(text.format(values=span))

    def outline(self, row: int, col: int, kh: int, kw: int) -> None:
        """Outline the kh×kw window read for output pixel (row, col), and that pixel."""
        self.window_box.setRect(QRectF(col - kw // 2, row - kh // 2, kw, kh))
        self.pixel_box.setRect(QRectF(col, row, 1, 1))
        self.window_box.show()
        self.pixel_box.show()

    def forget_hover(self) -> None:
        """The hint instead of a read-out, no outlines."""
        self.readout.setText(display_text(HOVER_HINT))
        self.window_box.hide()
        self.pixel_box.hide()
