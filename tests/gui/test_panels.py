"""Architecture and Activations panels on the real LeNet-5."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.core.grid import layout_for
from cnnviz.core.sources import load_builtin
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.model_input_view import display_bytes, tensor_to_display
from tests.gui.conftest import draw_digit, wait_for_latest

LENET_LAYERS = [
    "conv1",
    "relu1",
    "pool1",
    "conv2",
    "relu2",
    "pool2",
    "flatten",
    "fc1",
    "relu3",
    "fc2",
    "relu4",
    "fc3",
]


def test_architecture_lists_every_layer(window: MainWindow) -> None:
    panel = window.architecture_panel
    assert panel.layer_names() == LENET_LAYERS
    shapes = [panel.table.item(i, 2).text() for i in range(panel.table.rowCount())]
    assert shapes[0] == "6×28×28" and shapes[3] == "16×10×10" and shapes[5] == "16×5×5"
    assert shapes[-1] == "10"
    params = [int(panel.table.item(i, 3).text().replace(",", "")) for i in range(panel.table.rowCount())]
    assert sum(params) == 61_706
    assert "61,706 parameters" in panel.totals.text()


def test_selecting_a_layer_changes_the_activations(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    activations = window.activations_panel
    assert window.session.layer == "conv1"
    conv1_image = activations.grid_item.image.copy()
    table = window.architecture_panel.table
    table.selectRow(LENET_LAYERS.index("conv2"))
    assert window.session.layer == "conv2"
    qtbot.waitUntil(lambda: activations.maps is not None and len(activations.maps) == 16, timeout=5000)
    assert activations.grid_item.image.shape != conv1_image.shape
    assert activations.title.text().startswith("conv2: 16 maps, 10×10")
    expected = window.session.result.activations["conv2"]  # type: ignore[union-attr]
    np.testing.assert_array_equal(activations.maps, expected)
    table.selectRow(LENET_LAYERS.index("fc1"))
    qtbot.waitUntil(lambda: activations.stack.currentWidget() is activations.bar_plot, timeout=5000)
    assert activations.vector is not None and activations.vector.shape == (120,)


def test_normalisation_toggle_changes_the_picture(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 8)
    wait_for_latest(qtbot, window)
    panel = window.activations_panel
    per_map = panel.grid_item.image.copy()
    panel.per_layer.click()
    assert panel.mode == "layer"
    per_layer = panel.grid_item.image
    assert per_map.shape == per_layer.shape and not np.array_equal(per_map, per_layer)


def grid_widget_point(window: MainWindow, index: int, row: int, col: int) -> QPoint:
    panel = window.activations_panel
    assert panel.layout_ is not None
    y0, x0 = panel.layout_.origin(index)
    scene = panel.grid_item.mapToScene(x0 + col + 0.5, y0 + row + 0.5)
    return panel.grid_widget.mapFromScene(scene)


def test_hover_shows_the_value_and_click_enlarges(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 2)
    wait_for_latest(qtbot, window)
    panel = window.activations_panel
    maps = panel.maps
    assert maps is not None and panel.layout_ == layout_for(6, 28, 28, gap=panel.layout_.gap)
    row, col = np.unravel_index(np.argmax(maps[4]), maps[4].shape)
    settled: list[QPoint] = []

    def mapping_is_stable() -> bool:  # the view's transform settles after the docks are laid out
        settled.append(grid_widget_point(window, 4, int(row), int(col)))
        qtbot.wait(30)
        return len(settled) > 1 and settled[-1] == settled[-2]

    qtbot.waitUntil(mapping_is_stable, timeout=3000)
    point = settled[-1]
    QTest.mouseMove(panel.grid_widget.viewport(), point)
    qtbot.waitUntil(lambda: panel.readout.text().startswith("map 4"), timeout=3000)
    match = re.fullmatch(r"map 4, row (\d+), col (\d+): (-?[\d.]+)", panel.readout.text())
    assert match is not None, panel.readout.text()
    shown_row, shown_col, shown = int(match[1]), int(match[2]), float(match[3])
    assert abs(shown_row - row) <= 1 and abs(shown_col - col) <= 1
    assert shown == pytest.approx(float(maps[4, shown_row, shown_col]), abs=5e-5)
    QTest.mouseClick(panel.grid_widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: panel.enlarged == 4, timeout=3000)
    assert panel.grid_item.image.shape[:2] == (28, 28)
    assert panel.back.isVisible()
    panel.grid_widget.setFocus()
    QTest.keyClick(panel.grid_widget, Qt.Key.Key_Escape)
    assert panel.enlarged is None
    panel.enlarge(4)
    panel.back.click()
    assert panel.enlarged is None and panel.grid_item.image.shape[:2] == panel.layout_.shape


def test_model_input_view_shows_the_tensor(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 7)
    wait_for_latest(qtbot, window)
    view = window.input_panel.model_view
    result = window.session.result
    assert result is not None
    np.testing.assert_array_equal(view.tensor, result.model_input)
    pixmap = view.actual.pixmap()
    assert (pixmap.width(), pixmap.height()) == (28, 28)
    spec = window.session.bundle.spec  # type: ignore[union-attr]
    expected = tensor_to_display(result.model_input, spec.mean, spec.std) * 255  # rounding may differ by 1
    shown = view.pixels
    assert shown is not None and shown.dtype == np.uint8
    assert np.abs(shown.astype(np.float32) - expected).max() <= 0.5 + 1e-3
    assert pixmap.toImage().pixelColor(14, 14).red() == int(shown[14, 14])


def test_display_bytes_undo_the_normalisation_by_hand() -> None:
    planes = [[[0.0, 1.0], [-1.0, 3.0]], [[0.5, 0.5], [0.5, 0.5]], [[2.0, -3.0], [0.0, 0.0]]]
    chw = np.array(planes, np.float32)
    mean, std = (0.5, 0.2, 0.4), (0.25, 0.5, 0.2)
    # channel 0: 0.5 + 0.25·v → 0.5, 0.75, 0.25, 1.25 (clipped to 1); ·255 rounded: 128, 191, 64, 255
    pixels = display_bytes(chw, mean, std)
    assert pixels.shape == (2, 2, 3) and pixels.flags.c_contiguous
    assert pixels[..., 0].tolist() == [[128, 191], [64, 255]]
    assert pixels[..., 1].tolist() == [[115, 115], [115, 115]]  # 0.2 + 0.25 = 0.45 → 114.75 → 115
    assert pixels[..., 2].tolist() == [[204, 0], [102, 102]]  # 0.8, −0.2 (clipped to 0), 0.4
    gray = display_bytes(chw[:1], (0.5,), (0.25,))
    assert gray.shape == (2, 2) and gray.tolist() == [[128, 191], [64, 255]]
    two = display_bytes(chw[:2], mean[:2], std[:2])  # two channels: the first in grey
    assert two.shape == (2, 2) and two.tolist() == [[128, 191], [64, 255]]
    assert np.abs(pixels - tensor_to_display(chw, mean, std) * 255).max() <= 0.5 + 1e-3


def test_receptive_fields_and_flops_in_the_layer_table(window: MainWindow) -> None:
    table = window.architecture_panel.table
    names = window.architecture_panel.layer_names()
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    rf, jump, flops = headers.index("RF"), headers.index("Jump"), headers.index("FLOPs")

    def cell(layer: str, column: int) -> str:
        return table.item(names.index(layer), column).text()  # type: ignore[union-attr]

    # By hand: conv1 5×5 jump 1; pool1 5+1 = 6, jump 2; conv2 6+4·2 = 14; pool2 14+1·2 = 16, jump 4.
    assert [cell(n, rf) for n in ("conv1", "pool1", "conv2", "pool2")] == ["5×5", "6×6", "14×14", "16×16"]
    assert [cell(n, jump) for n in ("conv1", "pool1", "conv2", "pool2")] == ["1", "2", "2", "4"]
    assert cell("fc1", rf) == "all"
    assert cell("conv1", flops) == "235.2 K"  # 2·1·5·5·6·28·28 = 235,200


def test_clicking_a_unit_outlines_the_input_it_sees(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 0)
    window.session.select_layer("conv2")
    qtbot.waitUntil(
        lambda: window.activations_panel.maps is not None and len(window.activations_panel.maps) == 16
    )
    panel = window.activations_panel
    panel.enlarge(3)
    qtbot.wait(50)
    scene = panel.grid_item.mapToScene(QPointF(4.5, 2.5))  # unit row 2, col 4 of map 3
    QTest.mouseClick(
        panel.grid_widget.viewport(), Qt.MouseButton.LeftButton, pos=panel.grid_widget.mapFromScene(scene)
    )
    qtbot.waitUntil(lambda: window.session.unit is not None, timeout=3000)
    assert window.session.unit == ("conv2", 2, 4)
    enlarged = window.input_panel.model_view.plot
    assert enlarged.outline is not None
    # By hand: conv1 (k5, p2) centres unit 0 on pixel 0; pool1 (k2, s2) at 0.5, jump 2; conv2 (k5)
    # at 0.5 + 2·2 = 4.5, field 14. Unit (2, 4) is centred at (4.5 + 2·2, 4.5 + 4·2) = (8.5, 12.5)
    # and spans ±6.5: rows 2–15, cols 6–19.
    rect = enlarged.outline
    assert (rect.top(), rect.left(), rect.height(), rect.width()) == (2, 6, 14, 14)
    assert "rows 2–15, cols 6–19" in window.input_panel.model_view.readout.text()
    window.session.select_layer("conv1")
    assert enlarged.outline is None


def test_a_model_shown_while_a_run_trains_has_its_freeze_toggles_locked(window: MainWindow) -> None:
    from cnnviz.gui.panels.architecture_panel import TRAIN_COLUMN

    table, session = window.architecture_panel.table, window.session

    def toggles_enabled() -> list[bool]:
        items = [table.item(row, TRAIN_COLUMN) for row in range(table.rowCount())]
        checkable = [i for i in items if i is not None and i.flags() & Qt.ItemFlag.ItemIsUserCheckable]
        assert len(checkable) == 5  # conv1, conv2, fc1, fc2, fc3
        return [bool(i.flags() & Qt.ItemFlag.ItemIsEnabled) for i in checkable]

    assert all(toggles_enabled())
    session.set_training(True)
    try:
        assert not any(toggles_enabled())
        session.show_model(load_builtin("lenet5"))  # the run's copy, shown after the run started
        assert not any(toggles_enabled())
    finally:
        session.set_training(False)
    assert all(toggles_enabled())


def test_locking_the_freeze_toggles_is_one_quiet_pass(window: MainWindow) -> None:
    """Locking and unlocking re-announce no toggle: each announcement re-applied a freeze and
    re-counted the parameters (DenseNet-121: 4 s of a frozen window at each start and end of a run)."""
    panel, session = window.architecture_panel, window.session
    bundle = session.bundle
    assert bundle is not None
    bundle.module.get_submodule("conv2").weight.requires_grad_(False)  # frozen behind the table's back
    totals = panel.totals.text()
    announced: list[object] = []
    panel.table.itemChanged.connect(announced.append)
    try:
        session.set_training(True)
        session.set_training(False)
    finally:
        panel.table.itemChanged.disconnect(announced.append)
        bundle.module.get_submodule("conv2").weight.requires_grad_(True)
    assert announced == []
    assert panel.totals.text() == totals  # not re-counted (it would now count conv2's weight as frozen)


@pytest.mark.parametrize("name", ["alexnet", "inception_v3"])
def test_the_crop_bytes_preprocessing_makes_are_the_display_of_the_tensor(name: str) -> None:
    """The 8-bit crop the ImageNet preprocessing passes on (so the view need not undo the
    normalisation) is exactly :func:`display_bytes` of the tensor the model receives."""
    from cnnviz.core.preprocess import normalise, prepare_with_display
    from cnnviz.core.zoo import zoo_spec

    spec = zoo_spec(name)
    rng = np.random.default_rng(3)
    for shape in ((280, 280, 3), (300, 410, 3), (350, 420)):
        chw, pixels = prepare_with_display(rng.random(shape, dtype=np.float32), spec)
        assert pixels is not None and pixels.dtype == np.uint8 and pixels.flags.c_contiguous
        np.testing.assert_array_equal(pixels, display_bytes(chw, spec.mean, spec.std))
        plain = normalise(pixels.transpose(2, 0, 1).astype(np.float32) / 255.0, spec)
        np.testing.assert_array_equal(chw, plain)  # the table gives the very same float32 values
    digit = rng.random((280, 280, 3), dtype=np.float32)
    assert prepare_with_display(digit, load_builtin("lenet5").spec)[1] is None  # the view computes it


def test_the_model_input_view_shows_the_crop_of_a_zoo_model(qtbot: QtBot) -> None:
    """A zoo model's result carries the crop; the enlarged view and the 1:1 pixmap show it."""
    from cnnviz.core.inference import InferenceRequest, run_inference
    from cnnviz.core.sources import load_model
    from cnnviz.gui.panels.model_input_view import ModelInputView

    bundle = load_model("zoo:alexnet")
    image = np.random.default_rng(4).random((260, 300, 3), dtype=np.float32)
    result = run_inference(bundle, InferenceRequest(1, image))
    assert result.display is not None
    view = ModelInputView()
    qtbot.addWidget(view)
    view.show_tensor(result.model_input, bundle.spec.mean, bundle.spec.std, result.display)
    np.testing.assert_array_equal(
        view.pixels, display_bytes(result.model_input, bundle.spec.mean, bundle.spec.std)
    )
    shown = view.actual.pixmap().toImage().pixelColor(100, 50)
    assert (shown.red(), shown.green(), shown.blue()) == tuple(int(v) for v in result.display[50, 100])
