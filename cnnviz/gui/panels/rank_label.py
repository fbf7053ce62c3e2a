"""One top-k line of the Prediction panel ("name   12.3%"), drawn without re-laying out the panel.

A QLabel asks its layout for a new geometry on every ``setText``, so each prediction
re-laid out the panel and the window. This widget paints its own text and asks for the
same room whatever it shows (the panel shares the row out by stretch factors); see
:class:`cnnviz.gui.quiet_widgets.ElidedLine`.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from cnnviz.gui.quiet_widgets import ElidedLine

WIDEST_NUMBER = "100.0%"  # a top-k line always has room for its percentage
RUNNER_NUMBER = "00.0%"  # the widest a runner-up's can be: under 50%
GAP = "   "


class RankLabel(ElidedLine):
    """``name   number``: when too narrow the name is elided, never the number.

    ``name_room`` is text as wide as the least room kept for the name (the Prediction panel: "0 ",
    one digit).
    """

    def __init__(self, name_room: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.number = "", ""
        self.name_room = name_room

    def set_parts(self, name: str, number: str) -> None:
        """Show ``name`` and ``number`` (the number always whole)."""
        self.name, self.number = name, number
        self._show_full(f"{name}{GAP}{number}" if number else name)

    def text(self) -> str:
        """The line as shown (the name maybe elided)."""
        return self.shown_text()

    def elided(self, metrics: QFontMetrics, width: int) -> str:
        """The name elided or dropped, never the number."""
        return elide_keeping_number(metrics, self.name, self.number, width)

    def sizeHint(self) -> QSize:
        """The least room, whatever the text: the layout's stretch factors share out the rest."""
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        """Room for the widest percentage in this font, whatever the text."""
        return self.room_for(self.name_room + WIDEST_NUMBER)


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
