"""Small widgets: the error banner is painted dark red behind light text (readable)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from cnnviz.gui.widgets import MessageBanner


def test_the_banner_paints_its_dark_background(qtbot: QtBot) -> None:
    banner = MessageBanner()
    qtbot.addWidget(banner)
    banner.resize(400, 40)
    banner.show_error("The file is not an image.")
    image = banner.grab().toImage()
    corner = QColor(image.pixel(2, 2))  # inside the margin: background, not text
    assert (corner.red(), corner.green(), corner.blue()) == (0x5A, 0x1E, 0x1E)
    assert banner.text() == "The file is not an image."
