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

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class ElidedLine(QWidget):
    """One line of self-painted text, elided to the width it has, whole in the tooltip; opaque,
    and asking for the same room whatever it shows. Subclasses give the whole text
    (:meth:`_show_full`), say how room is asked for (``sizeHint``) and, if not at the right end,
    how to elide (:meth:`elided`). The line is elided once per change of text, width or font."""

    font_changed = Signal()  # after the line has fitted itself to a new font

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._shown = ""
        self.setAutoFillBackground(True)  # opaque: a new text repaints the line alone, not its parents
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        """The text before any eliding."""
        return self._full

    def _show_full(self, text: str) -> None:
        """Show ``text`` (elided where it does not fit)."""
        self._full = text
        self._fit()

    def elided(self, metrics: QFontMetrics, width: int) -> str:
        """The whole text elided at its right end to ``width`` pixels."""
        return metrics.elidedText(self.full_text(), Qt.TextElideMode.ElideRight, width)

    def shown_text(self) -> str:
        """The text as painted."""
        return self._shown

    def room_for(self, text: str) -> QSize:
        """The size that fits ``text`` on one line in this font."""
        metrics, margins = self.fontMetrics(), self.contentsMargins()
        width = metrics.horizontalAdvance(text) + margins.left() + margins.right() + 2
        return QSize(width, metrics.height() + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """Elide again, and ask for new room, in a new font (presenter mode)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self._fit()
            self.font_changed.emit()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The text, left-aligned and vertically centred, in the palette's text colour."""
        painter = QPainter(self)
        rect, palette, role = self.contentsRect(), self.palette(), self.foregroundRole()
        self.style().drawItemText(painter, rect, ALIGN, palette, self.isEnabled(), self._shown, role)
        painter.end()

    def _fit(self) -> None:
        """Elide for the current width; repaint and retitle only what changed."""
        shown = self.elided(self.fontMetrics(), self.contentsRect().width())
        if shown != self._shown:
            self._shown = shown
            self.setAccessibleName(shown)
            self.update()
        tip = self.full_text() if shown != self.full_text() else ""
        if tip != self.toolTip():
            self.setToolTip(tip)


class LineLabel(ElidedLine):
    """A one-line label; ``template`` sets the width it asks for (by default the first text)."""

    def __init__(self, text: str = "", template: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template or text
        self._show_full(text)

    def text(self) -> str:
        """The whole text (also when the line shows it elided)."""
        return self.full_text()

    def setText(self, text: str) -> None:  # QLabel's name, for callers of either
        """Show ``text``: repaints this widget, never re-lays out its parents."""
        if text != self.full_text():
            self._show_full(text)

    def sizeHint(self) -> QSize:
        return self.room_for(self.template)

    def minimumSizeHint(self) -> QSize:
        return self.room_for("M…")


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
