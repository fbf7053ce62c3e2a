"""A grid larger than its room on the screen is coloured at the screen's resolution: every n-th map
pixel, on the scale of all of them; hovering still names the map pixel shown, and more room shows all."""

from __future__ import annotations

import numpy as np
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.core.grid import colorize_maps, layout_for, normalise_maps
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.theme import sequential_lut
from tests.gui.conftest import draw_digit, wait_for_latest
from tests.gui.test_panels import grid_widget_point


def test_a_small_grid_shows_every_nth_pixel_and_hover_names_it(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    panel = window.activations_panel
    panel.grid_widget.setFixedSize(40, 30)  # 6 maps of 28×28: an 88×58 mosaic in about 30×20 pixels
    qtbot.waitUntil(lambda: panel.stride > 1, timeout=3000)
    maps, stride = panel.maps, panel.stride
    assert maps is not None and panel.layout_ is not None
    scaled = normalise_maps(maps, "map", stride)
    layout = layout_for(6, scaled.shape[1], scaled.shape[2], gap=max(1, 28 // 14 // stride))
    assert panel.layout_ == layout and scaled.shape[1] == len(range(stride // 2, 28, stride))
    expected = colorize_maps(scaled, layout, sequential_lut())
    np.testing.assert_array_equal(panel.grid_item.image, expected)

    qtbot.wait(100)  # the view's transform settles
    shown_row, shown_col = scaled.shape[1] - 2, scaled.shape[2] - 1
    QTest.mouseMove(panel.grid_widget.viewport(), grid_widget_point(window, 4, shown_row, shown_col))
    first = stride // 2
    row, col = shown_row * stride + first, shown_col * stride + first  # the map pixel shown there
    text = f"map 4, row {row}, col {col}: {float(maps[4, row, col]):.4f}"
    qtbot.waitUntil(lambda: panel.readout.text() == text, timeout=3000)

    panel.grid_widget.setMinimumSize(0, 0)
    panel.grid_widget.setMaximumSize(16_777_215, 16_777_215)  # its room back: every pixel
    qtbot.waitUntil(lambda: panel.stride == 1, timeout=3000)
    assert panel.layout_ == layout_for(6, 28, 28, gap=2)
