"""The Pooling panel on a real window: LeNet-5's pooling layers, the window stepped with the
keyboard, the numbers against the model's own pooled output, other operations, messages."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from torch import nn

from cnnviz.core.inference import InferenceResult
from cnnviz.core.matrices import format_number
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.pooling_panel import NO_IMAGE, NO_POOLING, PoolingPanel
from cnnviz.gui.panels.pooling_views import MapView
from tests.gui.conftest import draw_digit, open_window, wait_for_latest


def latest(window: MainWindow) -> InferenceResult:
    """The result on screen (there is one)."""
    result = window.session.result
    assert result is not None
    return result


def shown_panel(qtbot: QtBot, window: MainWindow) -> PoolingPanel:
    window.docks["Pooling"].show()
    panel = window.pooling_panel
    qtbot.waitUntil(panel.isVisible)
    return panel


def drawn(qtbot: QtBot, window: MainWindow, layer: str = "pool1") -> PoolingPanel:
    """The panel on ``layer`` once the result for a drawn 3 carries that layer's input."""
    panel = shown_panel(qtbot, window)
    if layer != panel.layer_name:
        window.session.select_layer(layer)
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    qtbot.waitUntil(lambda: panel.result is not None and layer in latest(window).inputs, timeout=10_000)
    return panel


def step_to(panel: PoolingPanel, row: int, col: int) -> None:
    """Arrow keys from wherever the current cell is to (row, col)."""
    panel.setFocus()
    assert panel.result is not None
    width = panel.result.output.shape[1]
    while panel.cell != row * width + col:
        r, c = divmod(panel.cell, width)
        key = (
            Qt.Key.Key_Down
            if r < row
            else Qt.Key.Key_Up
            if r > row
            else Qt.Key.Key_Right
            if c < col
            else Qt.Key.Key_Left
        )
        QTest.keyClick(panel, key)


def test_lists_lenets_pooling_layers_and_follows_the_selection(window: MainWindow, qtbot: QtBot) -> None:
    panel = shown_panel(qtbot, window)
    assert panel.layer_names() == ["pool1", "pool2"] and panel.layer_name == "pool1"
    assert panel.about.text() == "MaxPool2d: max over 2×2 windows, stride 2"
    window.session.select_layer("pool2")
    assert panel.layer_name == "pool2" and panel.channel.maximum() == 15
    window.session.select_layer("conv1")  # not a pooling layer: the panel stays on pool2
    assert panel.layer_name == "pool2"
    panel.layer_box.setCurrentIndex(0)
    panel.layer_box.activated.emit(0)  # the user picks pool1: selected everywhere
    assert window.session.layer == "pool1" and panel.layer_name == "pool1"


def test_keyboard_steps_the_window_and_the_numbers_are_the_models(window: MainWindow, qtbot: QtBot) -> None:
    panel = drawn(qtbot, window)
    panel.channel.setValue(2)
    maps_in, model_out = latest(window).inputs["pool1"][2], latest(window).activations["pool1"][2]
    assert maps_in.shape == (28, 28) and model_out.shape == (14, 14)
    row, col = np.unravel_index(int(np.argmax(model_out)), model_out.shape)
    assert panel.cell == row * 14 + col  # the strongest response is shown first
    step_to(panel, 0, 0)
    assert panel.explanation.text().startswith("output (0, 0) = max(")
    step_to(panel, int(row), int(col))
    assert panel.cell == row * 14 + col
    window_values = maps_in[2 * row : 2 * row + 2, 2 * col : 2 * col + 2]
    switch = np.unravel_index(int(np.argmax(window_values)), (2, 2))
    at = (2 * row + switch[0], 2 * col + switch[1])
    numbers = ", ".join(format_number(v) for v in window_values.ravel())
    value = format_number(model_out[row, col])
    assert (
        panel.explanation.text() == f"output ({row}, {col}) = max({numbers}) = {value} at ({at[0]}, {at[1]})"
    )
    assert maps_in[at] == model_out[row, col] > 0
    assert panel.result is not None and panel.result.switches is not None
    assert panel.result.switches[panel.cell] == at
    assert panel.maps.input.outlines[0].rect().getRect() == (2 * col, 2 * row, 2, 2)
    assert panel.maps.output.outlines[0].rect().getRect() == (col, row, 1, 1)
    QTest.keyClick(panel, Qt.Key.Key_Left)
    assert panel.cell == row * 14 + col - 1
    assert panel.explanation.text().startswith(f"output ({row}, {col - 1}) = max(")
    table = panel.maps.window_table.text()  # the window's four numbers between the maps, switch on red
    assert all(
        format_number(v) in table for v in maps_in[2 * row : 2 * row + 2, 2 * col - 2 : 2 * col].ravel()
    )
    np.testing.assert_array_equal(panel.result.output, model_out)  # max pooling: exactly the model's
    assert not panel.banner.isVisibleTo(panel)


@pytest.mark.parametrize("op", ["min", "avg"])
def test_other_operations_recompute_over_the_same_windows(window: MainWindow, qtbot: QtBot, op: str) -> None:
    panel = drawn(qtbot, window, "pool2")
    panel.channel.setValue(5)
    panel.operation.setCurrentIndex(panel.operation.findData(op))
    maps_in = latest(window).inputs["pool2"][5]
    step_to(panel, 2, 3)
    window_values = maps_in[4:6, 6:8]
    expected = window_values.min() if op == "min" else window_values.astype(np.float64).mean()
    text = panel.explanation.text()
    assert text.startswith(
        f"output (2, 3) = {op}(" + ", ".join(format_number(v) for v in window_values.ravel())
    )
    assert text.split(" = ")[2].split(" at ")[0] == format_number(expected)
    if op == "min":
        switch = np.unravel_index(int(np.argmin(window_values)), (2, 2))
        assert text.endswith(f" at ({4 + switch[0]}, {6 + switch[1]})")
    else:
        assert " at " not in text and panel.maps.input.switch.data.size == 0  # no switch for average
    assert panel.maps.output.title.text.startswith(
        {"min": "min pooling: 5×5", "avg": "average pooling: 5×5"}[op]
    )


def test_global_pooling_explained_with_the_same_view(window: MainWindow, qtbot: QtBot) -> None:
    panel = drawn(qtbot, window, "pool2")
    panel.operation.setCurrentIndex(panel.operation.findData("global max"))
    maps_in = latest(window).inputs["pool2"][0]
    assert panel.result is not None and panel.result.output.shape == (1, 1)
    at = tuple(int(i) for i in np.unravel_index(int(np.argmax(maps_in)), maps_in.shape))
    where = "of the 100 values in rows 0–9, cols 0–9"
    assert panel.explanation.text() == f"output (0, 0) = max {where} = {format_number(maps_in.max())} at {at}"
    assert panel.maps.input.outlines[0].rect().getRect() == (0, 0, 10, 10)
    panel.operation.setCurrentIndex(panel.operation.findData("global avg"))
    assert panel.explanation.text().endswith(f"/ 100 = {format_number(maps_in.astype(np.float64).mean())}")


def hover(qtbot: QtBot, view: MapView, x: float, y: float, reached: Callable[[], bool]) -> None:
    """Move the mouse over map position (x, y) until ``reached`` (the layout may still be settling)."""

    def move() -> bool:
        scene = view.item.mapToScene(QPointF(x, y))
        QTest.mouseMove(view.widget.viewport(), view.widget.mapFromScene(scene))
        return reached()

    qtbot.waitUntil(move)


def test_hovering_the_input_outlines_the_window_containing_it(window: MainWindow, qtbot: QtBot) -> None:
    panel = drawn(qtbot, window, "pool2")
    hover(qtbot, panel.maps.input, 7.5, 5.5, lambda: panel.cell == 2 * 5 + 3)  # row 5, col 7: window (2, 3)
    assert panel.maps.input.outlines[0].rect().getRect() == (6, 4, 2, 2)
    hover(qtbot, panel.maps.output, 0.5, 4.5, lambda: panel.cell == 4 * 5)  # output row 4, col 0
    assert panel.explanation.text().startswith("output (4, 0) = max(")
    assert panel.maps.output.outlines[0].rect().getRect() == (0, 4, 1, 1)


def test_small_maps_show_their_numbers(window: MainWindow, qtbot: QtBot) -> None:
    panel = drawn(qtbot, window, "pool2")
    window.docks["Pooling"].setFloating(True)
    window.docks["Pooling"].resize(1100, 650)
    panel.operation.setCurrentIndex(panel.operation.findData("model"))
    out = latest(window).activations["pool2"][0]
    qtbot.waitUntil(lambda: len(panel.maps.output.number_texts()) == 25)
    assert panel.maps.output.number_texts() == [format_number(v) for v in out.ravel()]


def test_messages_before_drawing_and_for_a_model_without_pooling(window: MainWindow, qtbot: QtBot) -> None:
    panel = shown_panel(qtbot, window)
    assert panel.stack.currentWidget() is panel.message and panel.result is None
    assert panel.message.text() == NO_IMAGE
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 26 * 26, 10))
    window.session.show_model(
        ModelBundle("no pooling", net, InputSpec(1, 28, 28), [str(i) for i in range(10)])
    )
    assert panel.layer_names() == [] and panel.message.text() == NO_POOLING
    assert panel.stack.currentWidget() is panel.message


def test_tinyvgg_pooling_equals_the_model(qtbot: QtBot, settings: QSettings) -> None:
    torch.manual_seed(0)
    window = open_window(qtbot, settings, "tinyvgg")
    panel = shown_panel(qtbot, window)
    assert panel.layer_names() == ["max_pool_1", "max_pool_2"]
    panel = drawn(qtbot, window, "max_pool_2")
    result = latest(window)
    for channel in (0, 9):
        panel.channel.setValue(channel)
        assert panel.result is not None
        np.testing.assert_array_equal(panel.result.output, result.activations["max_pool_2"][channel])
    assert not panel.banner.isVisibleTo(panel)


def show_net(window: MainWindow, *layers: nn.Module) -> None:
    """A small untrained net on 28×28 digits: conv (2 maps), ReLU, the given pooling, a classifier."""
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), *layers, nn.Flatten(), nn.LazyLinear(10))
    net(torch.zeros(1, 1, 28, 28))  # materialise the lazy layer
    window.session.show_model(ModelBundle("net", net, InputSpec(1, 28, 28), [str(i) for i in range(10)]))


def test_a_padded_window_hangs_over_the_edge(window: MainWindow, qtbot: QtBot) -> None:
    show_net(window, nn.MaxPool2d(3, 2, 1))  # ResNet's stem pooling: 28×28 → 14×14
    panel = drawn(qtbot, window, "2")
    assert panel.about.text() == "MaxPool2d: max over 3×3 windows, stride 2, padding 1"
    step_to(panel, 0, 0)
    assert panel.maps.input.outlines[0].rect().getRect() == (-1, -1, 3, 3)  # rows and cols −1..1
    assert panel.explanation.text().startswith("output (0, 0) = max(-inf, -inf, -inf, -inf, ")
    assert "outside 0–27, 0–27 are padding (−inf: never the max)" in panel.window_text.text()
    assert panel.result is not None
    np.testing.assert_array_equal(panel.result.output, latest(window).activations["2"][0])
    assert not panel.banner.isVisibleTo(panel)


def test_a_layer_that_is_not_explained_says_why(window: MainWindow, qtbot: QtBot) -> None:
    show_net(window, nn.MaxPool2d(2, dilation=2))
    panel = shown_panel(qtbot, window)
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    qtbot.waitUntil(lambda: "2" in latest(window).inputs, timeout=10_000)
    assert panel.stack.currentWidget() is panel.message and "dilation" in panel.message.text()
    panel.operation.setCurrentIndex(panel.operation.findData("max"))
    assert panel.result is not None and panel.result.size == (2, 2)
    assert panel.banner.isVisibleTo(panel) and "dilation" in panel.banner.text()
