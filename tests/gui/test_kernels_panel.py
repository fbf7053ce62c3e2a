"""The Image kernels panel on the real window: the shown result is core apply_kernel of the shown input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cnnviz.core.kernels import apply_kernel, explain_pixel, grayscale, library_kernel
from cnnviz.gui.main_window import HIDDEN_BY_DEFAULT, MainWindow
from cnnviz.gui.panels.kernels_panel import KernelsPanel
from cnnviz.gui.panels.model_input_view import tensor_to_display
from tests.gui.conftest import draw_digit, wait_for_latest


def choose(box: QComboBox, data: object) -> None:
    """Pick the entry whose data is ``data``, as a user would."""
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def open_panel(qtbot: QtBot, window: MainWindow) -> KernelsPanel:
    """Draw a 3, wait for its result, show the dock."""
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    window.docks["Image kernels"].show()
    panel = window.kernels_panel
    qtbot.waitUntil(lambda: panel.result is not None, timeout=5000)
    return panel


def shown_input(panel: KernelsPanel) -> np.ndarray:
    return np.asarray(panel.input_item.image)


def shown_result(panel: KernelsPanel) -> np.ndarray:
    return np.asarray(panel.result_item.image)


def assert_result_is_core(panel: KernelsPanel, kernel: np.ndarray, mode: str) -> None:
    expected = apply_kernel(shown_input(panel), kernel, mode)
    np.testing.assert_array_equal(panel.result, expected)
    if panel.display_choice.currentData() == "signed":
        np.testing.assert_array_equal(shown_result(panel), expected)
        bound = np.abs(expected).max()
        assert tuple(panel.result_item.levels) == (-bound, bound)  # symmetric: white is 0
    else:
        np.testing.assert_array_equal(shown_result(panel), np.clip(expected, 0, 1))


def test_hidden_by_default_and_in_the_view_menu(window: MainWindow) -> None:
    assert "Image kernels" in HIDDEN_BY_DEFAULT
    assert not window.docks["Image kernels"].isVisible()
    toggle = window.actions_["view_image kernels"]
    toggle.trigger()
    assert window.docks["Image kernels"].isVisible()


def test_choosing_a_kernel_applies_it_to_the_model_input(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    spec = window.session.bundle.spec  # type: ignore[union-attr]
    model_input = window.session.result.model_input  # type: ignore[union-attr]
    np.testing.assert_array_equal(shown_input(panel), tensor_to_display(model_input, spec.mean, spec.std))
    assert shown_input(panel).shape == (28, 28) and shown_input(panel).max() > 0.5
    assert panel.kernel_choice.currentData() == "Sobel x"
    assert_result_is_core(panel, library_kernel("Sobel x").values, "replicate")
    assert panel.result.min() < 0 < panel.result.max()  # type: ignore[union-attr]  # both sides of the strokes
    choose(panel.kernel_choice, "Gaussian blur")
    assert "Gaussian blur: a weighted average" in panel.description.text()
    assert panel.editor.divisor_edit.text() == "16"
    assert panel.editor.table.item(1, 1).text() == "4"  # type: ignore[union-attr]
    choose(panel.display_choice, "clip")
    assert_result_is_core(panel, library_kernel("Gaussian blur").values, "replicate")
    choose(panel.size_choice, 5)
    assert panel.editor.table.rowCount() == 5 and panel.editor.divisor_edit.text() == "256"
    assert_result_is_core(panel, np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256, "replicate")


def test_editing_a_cell_recomputes_and_reset_restores(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    choose(panel.kernel_choice, "identity")
    np.testing.assert_array_equal(panel.result, shown_input(panel))
    panel.editor.set_cell(1, 2, "-1")
    panel.editor.set_cell(1, 1, "2")
    edited = np.array([[0, 0, 0], [0, 2, -1], [0, 0, 0]], dtype=np.float64)
    np.testing.assert_array_equal(panel.editor.weights, edited)
    assert_result_is_core(panel, edited, "replicate")
    assert "edited" in panel.description.text()
    panel.editor.divisor_edit.setText("4")
    panel.editor.divisor_edit.editingFinished.emit()
    assert_result_is_core(panel, edited / 4, "replicate")
    panel.editor.set_cell(0, 0, "abc")
    assert "'abc' is not a number" in panel.banner.text() and panel.banner.isVisible()
    assert panel.editor.weights[0, 0] == 0
    panel.reset_button.click()
    np.testing.assert_array_equal(panel.editor.weights, library_kernel("identity").weights)
    assert panel.editor.table.item(1, 2).text() == "0"  # type: ignore[union-attr]
    assert panel.editor.divisor_edit.text() == "1" and "edited" not in panel.description.text()
    np.testing.assert_array_equal(panel.result, shown_input(panel))


def light_photo(path: Path) -> Path:
    """A 280×280 colour picture on light paper: its border is bright, so padding shows."""
    image = Image.new("RGB", (280, 280), (235, 230, 220))
    ImageDraw.Draw(image).rectangle([(0, 100), (140, 180)], fill=(200, 40, 40))
    image.save(path)
    return path


def test_padding_mode_change_recomputes(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = open_panel(qtbot, window)
    assert window.open_image(str(light_photo(tmp_path / "photo.png")))
    choose(panel.source_choice, "canvas")
    image = shown_input(panel)
    np.testing.assert_array_equal(image, grayscale(window.session.image))  # type: ignore[arg-type]
    middle = image.shape[0] // 2  # the canvas scales an opened image up to 560×560
    assert image[0, 0] > 0.8 and image[middle, 0] < 0.5  # colour shown as gray (luma)
    choose(panel.kernel_choice, "box blur")
    choose(panel.display_choice, "clip")
    box = np.ones((3, 3)) / 9
    assert_result_is_core(panel, box, "replicate")
    assert panel.result[0, 0] == pytest.approx(image[0, 0])  # type: ignore[index]  # paper goes on
    choose(panel.padding_choice, "zero")
    assert_result_is_core(panel, box, "zero")
    assert panel.result[0, 0] == pytest.approx(image[0, 0] * 4 / 9)  # type: ignore[index]  # 5 of 9 are 0
    for mode in ("reflect", "symmetric", "circular"):
        choose(panel.padding_choice, mode)
        assert_result_is_core(panel, box, mode)
    assert panel.result[middle, 0] != pytest.approx(image[middle, 0])  # type: ignore[index]  # circular: right edge


def test_the_full_canvas_follows_the_drawing(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    choose(panel.kernel_choice, "Laplacian")
    choose(panel.source_choice, "canvas")
    np.testing.assert_array_equal(shown_input(panel), grayscale(window.session.image))  # type: ignore[arg-type]
    assert shown_input(panel).shape == (280, 280)
    assert_result_is_core(panel, library_kernel("Laplacian").values, "replicate")
    window.input_panel.canvas.clear()
    qtbot.waitUntil(lambda: shown_input(panel).max() == 0.0, timeout=5000)
    np.testing.assert_array_equal(panel.result, np.zeros((280, 280)))


def test_hovering_a_result_pixel_explains_it(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    choose(panel.kernel_choice, "Gaussian blur")
    image = shown_input(panel)
    row, col = np.unravel_index(np.argmax(image), image.shape)
    qtbot.wait(50)
    scene = panel.result_item.mapToScene(QPointF(col + 0.5, row + 0.5))
    QTest.mouseMove(panel.plots[1].viewport(), panel.plots[1].mapFromScene(scene))
    qtbot.waitUntil(lambda: panel.readout.text().startswith("output"), timeout=3000)
    expected = explain_pixel(
        image, library_kernel("Gaussian blur").weights, int(row), int(col), "replicate", 16
    )
    assert panel.readout.text() == expected
    assert f"output ({row}, {col}) = (" in expected and " / 16 = " in expected
    assert panel.window_box.isVisible()
    assert panel.window_box.rect().getRect() == (col - 1, row - 1, 3, 3)


def test_the_explanation_follows_a_new_drawing(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    choose(panel.kernel_choice, "sharpen")
    image = shown_input(panel)
    row, col = (int(v) for v in np.unravel_index(np.argmax(image), image.shape))
    before = panel.explain(row, col)
    window.input_panel.canvas.clear()
    draw_digit(window.input_panel.canvas, 7)
    wait_for_latest(qtbot, window)
    qtbot.waitUntil(lambda: not np.array_equal(shown_input(panel), image), timeout=5000)
    weights = library_kernel("sharpen").weights
    assert panel.readout.text() == explain_pixel(shown_input(panel), weights, row, col, "replicate")
    assert panel.readout.text() != before
    choose(panel.source_choice, "canvas")  # the same pixel of the 280×280 canvas
    assert panel.readout.text().startswith(f"output ({row}, {col}) = ")
