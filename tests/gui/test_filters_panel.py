"""The Filters panel on the real LeNet-5 and TinyVGG."""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow


def test_filters_of_the_selected_conv_layer(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.filters_panel
    window.docks["Filters"].raise_()  # behind its tab it is not drawn (test_big_models.py)
    qtbot.waitUntil(lambda: panel.title.text() != "", timeout=10_000)  # shown before anything is drawn
    conv1 = window.session.bundle.module.conv1  # type: ignore[union-attr]
    np.testing.assert_array_equal(panel.bank.weight, conv1.weight.detach().numpy())  # type: ignore[union-attr]
    np.testing.assert_array_equal(panel.bank.bias, conv1.bias.detach().numpy())  # type: ignore[union-attr]
    assert panel.title.text().startswith("conv1: 6 filters 5×5 × 1 channels")
    assert len(panel.labels) == 6 and "b=" in panel.labels[0].toPlainText()
    window.session.select_layer("conv2")
    qtbot.waitUntil(lambda: panel.bank is not None and panel.bank.count == 16, timeout=10_000)
    assert panel.item.image.shape[:2] == (16 * 6 - 1, 6 * 6 - 1)
    window.session.select_layer("fc1")
    qtbot.waitUntil(lambda: panel.bank is None, timeout=10_000)
    assert "not a convolution" in panel.message.text()


def test_sorting_by_norm_and_hover_numbers(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.filters_panel
    window.docks["Filters"].raise_()
    qtbot.waitUntil(lambda: panel.bank is not None, timeout=10_000)
    panel.sort_norm.setChecked(True)
    norms = panel.bank.norms()  # type: ignore[union-attr]
    assert panel.order.tolist() == np.argsort(-norms, kind="stable").tolist()
    assert panel.labels[0].toPlainText().startswith(f"#{panel.order[0]} ")
    qtbot.wait(50)
    scene = panel.item.mapToScene(QPointF(2.5, 2.5))  # the first row: the strongest filter
    QTest.mouseMove(panel.plot.viewport(), panel.plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: panel.readout.text().startswith("filter"), timeout=3000)
    first = int(panel.order[0])
    assert panel.readout.text().startswith(f"filter {first}, input channel 0")
    numbers = [float(v) for v in re.findall(r"[+-]\d+\.\d+", panel.readout.text().split("\n", 1)[1])]
    expected = panel.bank.weight[first, 0].ravel()  # type: ignore[union-attr]
    np.testing.assert_allclose(numbers, expected, atol=5e-4)


def test_colour_filters_of_an_rgb_network(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_["model_tinyvgg"].trigger()
    qtbot.waitUntil(lambda: window.session.bundle is not None and window.session.bundle.arch == "tinyvgg")
    panel = window.filters_panel
    window.docks["Filters"].raise_()
    qtbot.waitUntil(lambda: panel.bank is not None and panel.bank.is_colour, timeout=10_000)
    qtbot.waitUntil(lambda: panel.item.image is not None and panel.item.image.ndim == 3, timeout=10_000)
    image = panel.item.image
    assert image.ndim == 3 and image.shape[2] == 3  # RGB tiles for the first layer
    assert panel.labels == []
