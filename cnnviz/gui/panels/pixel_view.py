"""An image enlarged without smoothing, painted by the widget itself.

A pyqtgraph view keeps a graphics scene, and a changed scene makes its view paint in a
pass of its own; this widget's new picture is painted with the rest of the window.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

OUTLINE_COLOUR = "#ffb347"
OUTLINE_WIDTH = 2
PREFERRED_SIZE = QSize(600, 480)  # what the pyqtgraph view it replaced asked for


class PixelImageView(QWidget):
    """A picture scaled to fit, aspect kept, each pixel a sharp square; an optional outline.

    ``hovered`` gives the (row, col) of the picture's pixel under the mouse.
    """

    hovered = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills every pixel itself
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.pixmap = QPixmap()
        self.outline: QRectF | None = None  # in picture pixels: (left, top, width, height)
        self.background = QColor()
        self.set_colours(pg.getConfigOption("background"), pg.getConfigOption("foreground"))

    def sizeHint(self) -> QSize:
        """As large as the layout allows (the panel caps the height)."""
        return PREFERRED_SIZE

    def set_colours(self, background: object, _foreground: object = None) -> None:
        """The plot theme's background (any colour pyqtgraph accepts)."""
        self.background = pg.mkColor(background)
        self.update()

    def set_pixmap(self, pixmap: QPixmap) -> None:
        """Show ``pixmap`` (an empty one shows nothing)."""
        self.pixmap = pixmap
        self.update()

    def set_outline(self, rect: QRectF | None) -> None:
        """Outline ``rect`` of the picture (in its pixels), or no outline."""
        self.outline = rect
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: the largest centred rectangle of its aspect."""
        if self.pixmap.isNull():
            return QRectF()
        width, height = self.pixmap.width(), self.pixmap.height()
        scale = min(self.width() / width, self.height() / height)
        left, top = (self.width() - width * scale) / 2, (self.height() - height * scale) / 2
        return QRectF(left, top, width * scale, height * scale)

    def pixel_at(self, position: QPointF) -> tuple[int, int] | None:
        """(row, col) of the picture's pixel at ``position`` in the widget, or None off the picture."""
        rect = self.picture_rect()
        if rect.isEmpty() or not rect.contains(position):
            return None
        scale = rect.width() / self.pixmap.width()
        row = int((position.y() - rect.top()) / scale)
        col = int((position.x() - rect.left()) / scale)
        return min(row, self.pixmap.height() - 1), min(col, self.pixmap.width() - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Background, the picture (nearest neighbour) and the outline."""
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), self.background)
            rect = self.picture_rect()
            if rect.isEmpty():
                return
            painter.drawPixmap(rect, self.pixmap, QRectF(self.pixmap.rect()))
            if self.outline is not None:
                self._draw_outline(painter, rect)
        finally:
            painter.end()

    def _draw_outline(self, painter: QPainter, rect: QRectF) -> None:
        assert self.outline is not None
        scale = rect.width() / self.pixmap.width()
        shown = QRectF(
            rect.left() + self.outline.left() * scale,
            rect.top() + self.outline.top() * scale,
            self.outline.width() * scale,
            self.outline.height() * scale,
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(OUTLINE_COLOUR), OUTLINE_WIDTH))
        painter.drawRect(shown)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Report the pixel under the mouse."""
        pixel = self.pixel_at(event.position())
        if pixel is not None:
            self.hovered.emit(*pixel)
        super().mouseMoveEvent(event)
