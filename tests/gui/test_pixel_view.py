"""The enlarged model input: a picture scaled to fit with sharp pixels, an outline in picture
pixels, the pixel under the mouse reported, and the tensor's values read out on hover."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.gui.panels.model_input_view import ModelInputView, bytes_to_qimage
from cnnviz.gui.panels.pixel_view import OUTLINE_COLOUR, PixelImageView

# A 2×4 picture: top row red, green, blue, white; bottom row black, grey 100, 150, 200.
PICTURE = np.array(
    [[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]], [[0, 0, 0], [100] * 3, [150] * 3, [200] * 3]],
    np.uint8,
)


def shown(qtbot: QtBot, width: int, height: int) -> PixelImageView:
    view = PixelImageView()
    qtbot.addWidget(view)
    view.setMaximumHeight(height)
    view.resize(width, height)
    view.set_colours("#123456")
    view.set_pixmap(QPixmap.fromImage(bytes_to_qimage(PICTURE)))
    view.show()
    qtbot.waitExposed(view)
    return view


def rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = QColor(image.pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def test_the_picture_fills_the_width_centred_with_sharp_pixels(qtbot: QtBot) -> None:
    view = shown(qtbot, 400, 300)
    # By hand: scale min(400/4, 300/2) = 100, so 400×200 at top (300 - 200) / 2 = 50; each pixel 100×100.
    assert view.picture_rect() == QRectF(0, 50, 400, 200)
    image = view.grab().toImage()
    assert rgb(image, 200, 20) == (0x12, 0x34, 0x56)  # above the picture: the theme's background
    assert rgb(image, 99, 50) == (255, 0, 0) and rgb(image, 100, 50) == (0, 255, 0)  # no blending
    assert rgb(image, 150, 149) == (0, 255, 0) and rgb(image, 150, 150) == (100, 100, 100)
    assert rgb(image, 399, 249) == (200, 200, 200) and rgb(image, 399, 250) == (0x12, 0x34, 0x56)


def test_positions_map_to_picture_pixels(qtbot: QtBot) -> None:
    view = shown(qtbot, 400, 300)
    assert view.pixel_at(QPointF(0, 50)) == (0, 0)
    assert view.pixel_at(QPointF(250.5, 180)) == (1, 2)
    assert view.pixel_at(QPointF(399.9, 249.9)) == (1, 3)
    assert view.pixel_at(QPointF(200, 49)) is None and view.pixel_at(QPointF(200, 251)) is None
    view.set_pixmap(QPixmap())
    assert view.pixel_at(QPointF(200, 100)) is None


def test_the_outline_is_drawn_around_picture_pixels(qtbot: QtBot) -> None:
    view = shown(qtbot, 400, 300)
    view.set_outline(QRectF(1, 0, 2, 1))  # columns 1–2 of the top row: x 100–300, y 50–150
    image = view.grab().toImage()
    orange = QColor(OUTLINE_COLOUR)
    edge = QColor(image.pixel(200, 50))
    assert abs(edge.red() - orange.red()) <= 2 and abs(edge.green() - orange.green()) <= 2
    assert rgb(image, 200, 100) == (0, 0, 255)  # inside: the picture, not filled
    view.set_outline(None)
    assert rgb(view.grab().toImage(), 200, 50) == (0, 0, 255)


def test_hovering_reports_the_pixel_and_the_panel_reads_its_values(qtbot: QtBot) -> None:
    view = ModelInputView()
    qtbot.addWidget(view)
    view.resize(300, 500)
    view.show()
    qtbot.waitExposed(view)
    chw = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4) / 10
    view.show_tensor(chw, (0.0, 0.0), (1.0, 1.0))
    qtbot.waitUntil(lambda: not view.plot.picture_rect().isEmpty())
    rect = view.plot.picture_rect()
    cell = rect.width() / 4
    spot = QPoint(int(rect.left() + 2.5 * cell), int(rect.top() + 1.5 * cell))  # row 1, col 2
    with qtbot.waitSignal(view.plot.hovered) as hovered:
        QTest.mouseMove(view.plot, spot)
    assert hovered.args == [1, 2]
    # Channel 0 holds (row·4 + col) / 10 = 0.6; channel 1 adds 12 / 10: 1.8.
    assert view.readout.text() == "row 1, col 2: 0.600, 1.800"
