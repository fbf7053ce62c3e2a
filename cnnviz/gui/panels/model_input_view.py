"""The exact tensor the model receives: at real size and enlarged with pixel values."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from cnnviz.gui.panels.pixel_view import PixelImageView

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size: no maximum
MIN_PREVIEW_HEIGHT = 56  # the enlarged input gives way first when the Input dock is short


def tensor_to_display(chw: np.ndarray, mean: tuple[float, ...], std: tuple[float, ...]) -> np.ndarray:
    """Undo the normalisation of a C×H×W tensor → H×W (1 channel) or H×W×3 in [0, 1]."""
    m = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1)
    s = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1)
    pixels = np.clip(chw * s + m, 0.0, 1.0)
    return pixels[0] if pixels.shape[0] == 1 else np.moveaxis(pixels[:3], 0, -1)


def display_bytes(chw: np.ndarray, mean: tuple[float, ...], std: tuple[float, ...]) -> np.ndarray:
    """:func:`tensor_to_display` as 8-bit pixels (value·255 rounded), H×W or H×W×3, contiguous:
    the un-normalisation and the scaling to bytes folded into one multiply-add. Three or more
    channels show the first three as colour; one or two show the first in grey (hover reads all)."""
    scale = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1) * 255
    offset = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1) * 255 + 0.5
    planes = chw[:1] if chw.shape[0] < 3 else chw[:3]
    values = planes * scale[: len(planes)] + offset[: len(planes)]
    np.clip(values, 0, 255, out=values)
    data = values.astype(np.uint8)
    return data[0] if len(data) == 1 else np.ascontiguousarray(np.moveaxis(data, 0, -1))


class ModelInputView(QWidget):
    """Shows the preprocessed input at 1:1 and magnified; hover reads the value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInputView")
        self.title = QLabel(self.tr("What the network sees"))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)  # with large fonts it wraps instead of squeezing the canvas
        self.actual = QLabel()
        self.actual.setObjectName("actualSizeInput")
        self.actual.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.actual.setAutoFillBackground(True)  # opaque: a new picture repaints it alone, not the dock
        self.actual.setToolTip(self.tr("The model input at its real size, one screen pixel per input pixel"))
        self.plot = PixelImageView()  # not a graphics scene: a new input repaints in the window's pass
        self.plot.setObjectName("enlargedInput")
        self.plot.setMinimumSize(120, MIN_PREVIEW_HEIGHT)
        self.plot.setMaximumHeight(300)
        self.plot.setToolTip(self.tr("The model input enlarged: hover for pixel values"))
        self.readout = QLabel("")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readout.setWordWrap(True)  # a long message must not widen the Input dock (presenter mode)
        self.tensor: np.ndarray | None = None
        self.pixels: np.ndarray | None = None  # the tensor as shown: H×W or H×W×3 bytes
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        for widget in (self.title, self.actual, self.plot, self.readout):
            self._layout.addWidget(widget)
        self._layout.addStretch(1)
        self.plot.hovered.connect(self._hover)

    def minimumSizeHint(self) -> QSize:
        """Tall enough for the wrapped title and readout at this width: they never overlap the picture.

        A splitter (the Input panel's) ignores height-for-width: without this a two-line title
        pushed the readout over the enlarged input.
        """
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._minimum_height(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may wrap the title or readout onto more (or fewer) lines."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def _minimum_height(self, width: int) -> int:
        heights = []
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            if item is None or item.isEmpty():  # hidden widgets and the stretch
                continue
            widget = item.widget()
            if widget is not None and widget.hasHeightForWidth():  # a wrapped label: its lines at this width
                heights.append(widget.heightForWidth(width))
            else:
                heights.append(item.minimumSize().height())
        margins = self._layout.contentsMargins()
        spacing = self._layout.spacing() * max(len(heights) - 1, 0)
        return sum(heights) + spacing + margins.top() + margins.bottom()

    def add_controls(self, row: QLayout) -> None:
        """Put a row of controls (e.g. polarity) above the view."""
        self._layout.insertLayout(0, row)

    def show_tensor(
        self,
        chw: np.ndarray,
        mean: tuple[float, ...],
        std: tuple[float, ...],
        pixels: np.ndarray | None = None,
    ) -> None:
        """Display a new model input; ``pixels``: its :func:`display_bytes` when already known."""
        reshaped = self.tensor is None or self.tensor.shape != chw.shape
        self.tensor = chw
        if pixels is None:
            pixels = display_bytes(chw, mean, std)
        self.pixels = pixels
        c, h, w = chw.shape
        if reshaped:
            self.actual.setFixedSize(w, h)  # a new picture of this size then re-lays out nothing
        self.title.setText(self.tr("What the network sees: {shape}").format(shape=f"{c}×{h}×{w}"))
        self.readout.setText(self.tr("Hover for pixel values"))
        pixmap = QPixmap.fromImage(bytes_to_qimage(pixels))  # one picture for both sizes
        self.actual.setPixmap(pixmap)
        self.plot.set_pixmap(pixmap)

    def show_region(self, region: tuple[int, int, int, int] | None, caption: str = "") -> None:
        """Outline (top, left, bottom, right) of the input, or hide the outline."""
        if region is None:
            self.plot.set_outline(None)
            return
        top, left, bottom, right = region
        self.plot.set_outline(QRectF(left, top, right - left, bottom - top))
        if caption:
            self.readout.setText(caption)

    def clear(self, message: str = "") -> None:
        """No input to show."""
        self.tensor = self.pixels = None
        self.plot.set_pixmap(QPixmap())
        self.actual.clear()
        self.actual.setMinimumSize(0, 0)
        self.actual.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        self.readout.setText(message)

    def _hover(self, y: int, x: int) -> None:
        if self.tensor is None:
            return
        _c, h, w = self.tensor.shape
        if 0 <= y < h and 0 <= x < w:
            values = ", ".join(f"{v:.3f}" for v in self.tensor[:, y, x])
            self.readout.setText(
                self.tr("row {row}, col {col}: {values}").format(row=y, col=x, values=values)
            )


def bytes_to_qimage(data: np.ndarray) -> QImage:
    """H×W or H×W×3 contiguous uint8 → an 8-bit QImage (a copy)."""
    h, w = data.shape[:2]
    if data.ndim == 2:
        return QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
