"""Small widgets: the error banner is painted dark red behind light text (readable)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.widgets import MessageBanner


def test_the_banner_paints_its_dark_background(qtbot: QtBot) -> None:
    panel = QWidget()  # as in a panel: a child widget (a top-level one always fills its background)
    qtbot.addWidget(panel)
    banner = MessageBanner()
    QVBoxLayout(panel).addWidget(banner)
    panel.resize(400, 60)
    panel.show()
    banner.show_error("The file is not an image.")
    image = panel.grab().toImage()
    origin = banner.mapTo(panel, banner.rect().topLeft())
    corner = QColor(image.pixel(origin.x() + 2, origin.y() + 2))  # inside the margin: background, not text
    assert (corner.red(), corner.green(), corner.blue()) == (0x5A, 0x1E, 0x1E)
    assert banner.text() == "The file is not an image."
