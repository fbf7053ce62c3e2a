"""One top-k line of the Prediction panel ("name   12.3%"), drawn without re-laying out the panel.

A QLabel asks its layout for a new geometry on every ``setText``, so each prediction
re-laid out the panel and the window. This widget paints its own text and asks for the
same room whatever it shows (the panel shares the row out by stretch factors).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

WIDEST_NUMBER = "100.0%"  # a top-k line always has room for its percentage
GAP = "   "


class RankLabel(QWidget):
    """``name   number``: when too narrow the name is elided, never the number.

    ``name_room`` is text as wide as the least room kept for the name (the top class: "0 ").
    """

    def __init__(self, name_room: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.number = "", ""
        self.name_room = name_room
        self._shown = ""
        self.setAutoFillBackground(True)  # opaque: a new line repaints the label alone, not the panel
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_parts(self, name: str, number: str) -> None:
        """Show ``name`` and ``number`` (the number always whole)."""
        self.name, self.number = name, number
        self._fit()

    def text(self) -> str:
        """The line as shown (the name maybe elided)."""
        return self._shown

    def full_text(self) -> str:
        """The line before any eliding."""
        return f"{self.name}{GAP}{self.number}" if self.number else self.name

    def sizeHint(self) -> QSize:
        """The least room, whatever the text: the layout's stretch factors share out the rest."""
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        """Room for the widest percentage in this font, whatever the text."""
        metrics, margins = self.fontMetrics(), self.contentsMargins()
        width = metrics.horizontalAdvance(self.name_room + WIDEST_NUMBER) + self._margins() + 2
        return QSize(width, metrics.height() + margins.top() + margins.bottom())

    def _margins(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

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

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, left-aligned and vertically centred, in the palette's text colour."""
        painter = QPainter(self)
        alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        rect, palette, role = self.contentsRect(), self.palette(), self.foregroundRole()
        self.style().drawItemText(painter, rect, alignment, palette, self.isEnabled(), self._shown, role)
        painter.end()

    def _fit(self) -> None:
        shown = elide_keeping_number(self.fontMetrics(), self.name, self.number, self.contentsRect().width())
        if shown != self._shown:
            self._shown = shown
            self.setAccessibleName(shown)
            self.update()
        tip = self.full_text() if shown != self.full_text() else ""
        if tip != self.toolTip():
            self.setToolTip(tip)


def elide_keeping_number(metrics: QFontMetrics, name: str, number: str, width: int) -> str:
    """``name   number`` in ``width`` pixels: a narrow gap, the name elided or dropped; never the number."""
    if not number:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    for gap in (GAP, " "):
        if metrics.horizontalAdvance(f"{name}{gap}{number}") <= width:
            return f"{name}{gap}{number}"
    room = width - metrics.horizontalAdvance(f" {number}")
    short = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
    line = f"{short} {number}"
    return line if short not in ("", "…") and metrics.horizontalAdvance(line) <= width else number
