"""Widgets that change several times a second while training runs, without a layout pass or
an extra paint pass of the window for each change.

``QLabel.setText`` asks its layout for room again on every change, and up the chain of layouts
that re-lays out the dock and the main window. A :class:`LineLabel` only repaints itself: it
asks for the width of a template text and one line of height, it is opaque (its parents are not
repainted under it), and a text longer than its room is elided, whole in the tooltip.

``QProgressBar.setValue`` repaints at once, which paints everything pending in the window in a
pass of its own. A :class:`QuietProgressBar` is painted with the window's next paint instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class LineLabel(QWidget):
    """One line of text, elided when it does not fit; ``template`` sets the width it asks for."""

    def __init__(self, text: str = "", template: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.template = template or text
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        """The whole text (also when the line shows it elided)."""
        return self._text

    def setText(self, text: str) -> None:  # QLabel's name, for callers of either
        """Show ``text``: repaints this widget, never re-lays out its parents."""
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self._update_tooltip()
        self.update()

    def shown_text(self) -> str:
        """The text as painted: elided to the width the widget has."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, width)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.template) + 4
        return QSize(width + margins.left() + margins.right(), self._line_height())

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance("M…") + margins.left() + margins.right()
        return QSize(width, self._line_height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawText(self.contentsRect(), ALIGN, self.shown_text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # a new font (presenter mode) needs another line height
            self._update_tooltip()

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().height() + margins.top() + margins.bottom()

    def _update_tooltip(self) -> None:
        self.setToolTip(self._text if self.shown_text() != self._text else "")


class QuietProgressBar(QProgressBar):
    """A progress bar whose new value waits for the window's next paint; opaque."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)

    def setValue(self, value: int) -> None:  # QProgressBar's name
        """Set the value; the bar is repainted with the rest of the window, not at once."""
        self.setUpdatesEnabled(False)  # QProgressBar.setValue would call repaint()
        try:
            super().setValue(value)
        finally:
            self.setUpdatesEnabled(True)  # schedules an ordinary update
