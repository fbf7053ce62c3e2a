"""The real-model convolution step-through in a real window: numbers equal what the model computed."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.core.matrices import format_number
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.conv_model import ConvModelStep
from tests.gui.conftest import draw_digit, open_window, wait_for_latest


def table_numbers(table) -> np.ndarray:
    return np.array(
        [
            [float(table.item(r, c).text()) for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]
    )


def header(table, orientation: str) -> list[str]:
    count = table.columnCount() if orientation == "h" else table.rowCount()
    get = table.horizontalHeaderItem if orientation == "h" else table.verticalHeaderItem
    return [get(i).text() for i in range(count)]


def wait_for_step(qtbot: QtBot, window: MainWindow, panel: ConvModelStep) -> None:
    """Until the panel shows the chosen layer for the newest result."""
    wait_for_latest(qtbot, window)
    session = window.session

    def current() -> bool:
        result = session.result
        return result is not None and panel._captured_for == (panel.layer.currentText(), result.request_id)

    qtbot.waitUntil(current, timeout=10_000)


def open_step(qtbot: QtBot, settings: QSettings, model: str = "lenet5") -> tuple[MainWindow, ConvModelStep]:
    """A window with a drawn 3 and the Convolution dock shown on its "On the model" tab."""
    window = open_window(qtbot, settings, model)
    panel = window.convolution_panel.model_step
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    assert panel.io is None  # hidden: nothing is computed for it
    window.docks["Convolution"].show()
    assert window.convolution_panel.tabs.currentWidget().widget() is panel  # inside a scroll area
    wait_for_step(qtbot, window, panel)
    return window, panel


def recorded(window: MainWindow, layer: str) -> np.ndarray:
    """The layer's output as the inference worker recorded it for the session."""
    result = window.session.result
    assert result is not None and layer in result.activations
    return result.activations[layer]


def assert_shows_model_value(window: MainWindow, panel: ConvModelStep) -> None:
    step = panel.step
    assert step is not None
    model = float(recorded(window, panel.layer.currentText())[step.out_channel, step.out_row, step.out_col])
    assert abs(step.value - model) <= 1e-5 * max(abs(model), np.abs(step.products).sum() + abs(step.bias))
    assert panel.view.computed.text() == f"model computed: {format_number(model)} ✓"
    assert panel.view.total.text().endswith(
        f"= {format_number(step.value)}; ReLU → {format_number(max(model, 0))}"
    )


def test_arrow_keys_move_the_window_and_the_numbers(qtbot: QtBot, settings: QSettings) -> None:
    window, panel = open_step(qtbot, settings)
    x = window.session.result.model_input[0]  # type: ignore[union-attr]
    padded = np.pad(x, 2)  # conv1 of LeNet-5: 5×5, padding 2, stride 1
    assert (panel.row.value(), panel.col.value()) == (0, 0)
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_Down)
    for _ in range(12):
        QTest.keyClick(panel, Qt.Key.Key_Right)
    assert (panel.row.value(), panel.col.value()) == (1, 12)
    window_table = panel.view.window_table
    assert header(window_table, "v") == ["1", "2", "3", "4", "5"]  # rows of the padded input
    assert header(window_table, "h") == ["12", "13", "14", "15", "16"]
    np.testing.assert_allclose(table_numbers(window_table), padded[1:6, 12:17], atol=1e-4)
    before = table_numbers(window_table)
    for _ in range(9):
        QTest.keyClick(panel, Qt.Key.Key_Down)
    assert (panel.row.value(), panel.col.value()) == (10, 12)
    np.testing.assert_allclose(table_numbers(window_table), padded[10:15, 12:17], atol=1e-4)
    assert not np.array_equal(table_numbers(window_table), before)  # the digit's stroke is there
    assert_shows_model_value(window, panel)
    QTest.keyClick(panel, Qt.Key.Key_Up)
    assert panel.row.value() == 9
    panel.row.setValue(0)
    panel.col.setValue(0)
    QTest.keyClick(panel, Qt.Key.Key_Left)  # wraps around to the last position
    assert (panel.row.value(), panel.col.value()) == (27, 27)


def test_every_position_shows_what_the_model_computed(qtbot: QtBot, settings: QSettings) -> None:
    window, panel = open_step(qtbot, settings)
    model: Any = window.session.bundle_module()
    kernel = model.conv1.weight.detach().numpy()
    panel.out_channel.setValue(4)
    np.testing.assert_allclose(table_numbers(panel.view.kernel_table), kernel[4, 0], atol=1e-4)
    panel.setFocus()
    for row in (0, 9, 13, 27):
        panel.row.setValue(row)
        for _ in range(6):
            QTest.keyClick(panel, Qt.Key.Key_Right)
            assert_shows_model_value(window, panel)
    products = table_numbers(panel.view.products_table)
    np.testing.assert_allclose(products, table_numbers(panel.view.window_table) * kernel[4, 0], atol=2e-4)
    assert "⌊(28 + 2·2 − 1·(5−1) − 1)/1⌋ + 1 = 28" in panel.view.formula.text()
    assert "5·5·1·6 + 6 = 156" in panel.view.formula.text()


def test_channel_and_layer_changes_recompute(qtbot: QtBot, settings: QSettings) -> None:
    window, panel = open_step(qtbot, settings)
    panel.layer.setCurrentText("conv2")
    assert window.session.layer == "conv2"  # chosen here, selected everywhere
    wait_for_step(qtbot, window, panel)
    assert panel.io is not None and panel.io.input.shape == (6, 14, 14)
    assert panel.in_channel.maximum() == 5 and panel.row.maximum() == 9
    panel.out_channel.setValue(7)
    panel.row.setValue(3)
    panel.col.setValue(4)
    assert_shows_model_value(window, panel)
    step = panel.step
    assert step is not None
    sums = table_numbers(panel.view.sums_table)[:, 0]
    np.testing.assert_allclose(sums, step.channel_sums, atol=1e-4)
    assert np.isclose(sums.sum() + step.bias, step.value, atol=1e-3)
    panel.in_channel.setValue(3)
    np.testing.assert_allclose(table_numbers(panel.view.window_table), panel.io.input[3, 3:8, 4:9], atol=1e-4)
    window.session.select_layer("relu1")  # not a convolution: the panel stays on conv2
    assert panel.layer.currentText() == "conv2"
    window.session.select_layer("conv1")  # the panel follows a convolution chosen elsewhere
    wait_for_step(qtbot, window, panel)
    assert panel.layer.currentText() == "conv1" and panel.io.input.shape == (1, 28, 28)
    assert_shows_model_value(window, panel)


def test_play_animates_and_the_sandbox_is_the_other_tab(qtbot: QtBot, settings: QSettings) -> None:
    window, panel = open_step(qtbot, settings)
    panel.timer.setInterval(20)
    panel.play.click()
    qtbot.waitUntil(lambda: panel.col.value() >= 3, timeout=3000)
    panel.play.click()
    assert not panel.timer.isActive() and panel.play.text() == "Play"
    assert_shows_model_value(window, panel)
    tabs = window.convolution_panel.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["On the model", "Sandbox"]
    assert window.conv_sandbox is tabs.widget(1).widget()


def test_tinyvgg_colour_input(qtbot: QtBot, settings: QSettings) -> None:
    window, panel = open_step(qtbot, settings, "tinyvgg")
    assert panel.auto and panel.compute.isHidden()  # a small model: followed on every result
    assert panel.io is not None and panel.io.input.shape == (3, 64, 64)
    panel.out_channel.setValue(9)
    panel.row.setValue(30)
    panel.col.setValue(61)  # the last column
    for k in range(3):
        panel.in_channel.setValue(k)
        x = window.session.result.model_input  # type: ignore[union-attr]
        np.testing.assert_allclose(table_numbers(panel.view.window_table), x[k, 30:33, 61:64], atol=1e-4)
    assert_shows_model_value(window, panel)
