"""The drawing canvas: mouse and tablet strokes, eraser, undo/redo, drop and paste."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

CANVAS_SIZE = 280
UNDO_LIMIT = 64
INK = QColor(255, 255, 255)
PAPER = QColor(0, 0, 0)


def qimage_to_array(image: QImage) -> np.ndarray:
    """A QImage → H×W×3 float32 RGB in [0, 1] (a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = rgb.height(), rgb.width(), rgb.bytesPerLine()
    buffer = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=h * stride)
    pixels = buffer.reshape(h, stride)[:, : w * 3].reshape(h, w, 3)
    return pixels.astype(np.float32) / 255.0


def array_to_qimage(image: np.ndarray) -> QImage:
    """An H×W or H×W×3 float image in [0, 1] → an RGB32 QImage (a copy)."""
    rgb = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    data = np.ascontiguousarray(np.clip(rgb[..., :3] * 255 + 0.5, 0, 255).astype(np.uint8))
    h, w = data.shape[:2]
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).convertToFormat(
        QImage.Format.Format_RGB32
    )


class DrawingCanvas(QWidget):
    """A bitmap the user draws on; emits ``changed`` while a stroke is drawn."""

    changed = Signal()
    stroke_finished = Signal()
    files_dropped = Signal(list)
    image_dropped = Signal(QImage)
    history_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingCanvas")
        self.setAcceptDrops(True)
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.brush_size = 18
        self.brush_scale = 1.0  # presenter mode draws thicker without changing the chosen size
        self.eraser = False
        self.hint = self.tr("Draw here")
        self._image = self._blank()
        self._undo: list[QImage] = []
        self._redo: list[QImage] = []
        self._last: QPointF | None = None
        self._empty = True

    # -- state -------------------------------------------------------------
    @staticmethod
    def _blank() -> QImage:
        image = QImage(CANVAS_SIZE, CANVAS_SIZE, QImage.Format.Format_RGB32)
        image.fill(PAPER)
        return image

    def image(self) -> QImage:
        """The bitmap (a copy)."""
        return self._image.copy()

    def array(self) -> np.ndarray:
        """The bitmap as H×W×3 float32 in [0, 1]."""
        return qimage_to_array(self._image)

    def is_blank(self) -> bool:
        """True when nothing has been drawn or loaded."""
        return not bool(self.array().max() > 0)

    def can_undo(self) -> bool:
        """True when there is an earlier state."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """True when an undone state can be restored."""
        return bool(self._redo)

    def _snapshot(self) -> None:
        self._undo.append(self._image.copy())
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self.history_changed.emit()

    def _replace(self, image: QImage) -> None:
        self._image = image
        self._empty = self.is_blank()
        self.update()
        self.changed.emit()
        self.stroke_finished.emit()

    # -- edits (each undoable) -----------------------------------------------
    def clear(self) -> None:
        """Erase everything (undoable)."""
        self._snapshot()
        self._replace(self._blank())

    def set_image(self, image: QImage) -> None:
        """Show an opened or pasted image, scaled to fit the canvas (undoable)."""
        self._snapshot()
        scaled = image.scaled(
            CANVAS_SIZE * 2,
            CANVAS_SIZE * 2,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ).convertToFormat(QImage.Format.Format_RGB32)
        self._replace(scaled)

    def restore(self, image: QImage) -> None:
        """Put back a saved bitmap pixel for pixel, at its own size (a session; undoable)."""
        self._snapshot()
        self._replace(image.convertToFormat(QImage.Format.Format_RGB32))

    def undo(self) -> None:
        """Go back one edit."""
        if self._undo:
            self._redo.append(self._image)
            image = self._undo.pop()
            self.history_changed.emit()
            self._replace(image)

    def redo(self) -> None:
        """Re-apply an undone edit."""
        if self._redo:
            self._undo.append(self._image)
            image = self._redo.pop()
            self.history_changed.emit()
            self._replace(image)

    # -- geometry ------------------------------------------------------------
    def target_rect(self) -> QRectF:
        """Where the bitmap is drawn inside the widget (aspect kept, centred)."""
        w, h = self.width(), self.height()
        scale = min(w / self._image.width(), h / self._image.height())
        dw, dh = self._image.width() * scale, self._image.height() * scale
        return QRectF((w - dw) / 2, (h - dh) / 2, dw, dh)

    def to_image(self, pos: QPointF) -> QPointF:
        """Widget coordinates → bitmap coordinates."""
        rect = self.target_rect()
        scale = self._image.width() / rect.width()
        return QPointF((pos.x() - rect.x()) * scale, (pos.y() - rect.y()) * scale)

    # -- painting strokes ----------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self._snapshot()
        if self._empty:
            self.update()  # the whole canvas: the hint goes (a stroke repaints only what it touches)
        self._empty = False
        self._last = self.to_image(pos)
        self._segment(self._last, self._last, 1.0)

    def _segment(self, start: QPointF, end: QPointF, pressure: float) -> None:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(1.0, self.brush_size * self.brush_scale * pressure)
        pen = QPen(PAPER if self.eraser else INK, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if start == end:
            painter.drawPoint(start)  # a zero-length line paints nothing; a round point is a dot
        else:
            painter.drawLine(start, end)
        painter.end()
        self.update(self._dirty_rect(start, end, width))
        self.changed.emit()

    def _dirty_rect(self, start: QPointF, end: QPointF, width: float) -> QRect:
        """The widget area a segment touched (repainting only that keeps strokes cheap)."""
        target = self.target_rect()
        scale = target.width() / self._image.width()
        margin = width / 2 + 2
        box = QRectF(start, end).normalized().adjusted(-margin, -margin, margin, margin)
        return QRectF(
            target.x() + box.x() * scale,
            target.y() + box.y() * scale,
            box.width() * scale,
            box.height() * scale,
        ).toAlignedRect()

    def _extend(self, pos: QPointF, pressure: float = 1.0) -> None:
        if self._last is None:
            return
        point = self.to_image(pos)
        self._segment(self._last, point, pressure)
        self._last = point

    def _end(self) -> None:
        if self._last is not None:
            self._last = None
            self.stroke_finished.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a stroke."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Continue the stroke."""
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the stroke."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Pen input: pressure scales the brush."""
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and self._last is not None:
            self._extend(event.position(), max(0.2, event.pressure()))
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The bitmap, letterboxed, with a hint while it is empty."""
        painter = QPainter(self)
        painter.setClipRegion(event.region())
        painter.fillRect(self.rect(), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.target_rect(), self._image)
        if self._empty and self.hint:
            painter.setPen(QColor(150, 150, 160))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            painter.setFont(font)
            # wrapped: a narrow canvas would cut a long hint (Spanish) at both ends
            flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(self.target_rect(), flags, self.hint)
        painter.end()

    # -- drag and drop ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept image files and image data."""
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand dropped files or image data to whoever loads images."""
        mime = event.mimeData()
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
        elif mime.hasImage():
            self.image_dropped.emit(QImage(mime.imageData()))
        event.acceptProposedAction()
