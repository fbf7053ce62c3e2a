"""Deconvnet panel in the real window: the shown projection is core's, for the unit the user chose."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.core.deconvnet import (
    Position,
    Projection,
    crop_box,
    deconv_projection,
    projection_to_display,
)
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.deconv_panel import DeconvPanel
from tests.gui.conftest import draw_digit, wait_for_latest


def open_panel(qtbot: QtBot, window: MainWindow, layer: str) -> DeconvPanel:
    """Show the Deconvnet dock, draw a 3 and select ``layer``."""
    window.docks["Deconvnet"].show()
    window.docks["Deconvnet"].raise_()
    draw_digit(window.input_panel.canvas, 3)
    window.session.select_layer(layer)
    wait_for_latest(qtbot, window)
    return window.deconv_panel


def wait_for_unit(qtbot: QtBot, panel: DeconvPanel, channel: int, position: object) -> None:
    def shown() -> bool:
        view = panel.shown
        return view is not None and (view.projection.channel, view.projection.position) == (channel, position)

    qtbot.waitUntil(shown, timeout=10_000)
    qtbot.waitUntil(lambda: not panel.worker.busy(), timeout=10_000)


def reference(window: MainWindow, layer: str, channel: int, position: Position) -> Projection:
    """Core's projection on the real model for the input on screen."""
    result, bundle = window.session.result, window.session.bundle
    assert result is not None and bundle is not None
    return deconv_projection(bundle.module, result.model_input, layer, channel, position)


def test_clicking_a_unit_shows_its_projection(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window, "conv2")
    activations = window.activations_panel
    qtbot.waitUntil(lambda: activations.maps is not None and len(activations.maps) == 16)
    activations.enlarge(3)
    qtbot.wait(50)
    scene = activations.grid_item.mapToScene(QPointF(4.5, 2.5))  # unit row 2, col 4 of map 3
    viewport = activations.grid_widget.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=activations.grid_widget.mapFromScene(scene))
    wait_for_unit(qtbot, panel, 3, (2, 4))
    view = panel.shown
    assert view is not None
    expected = reference(window, "conv2", 3, (2, 4))
    np.testing.assert_allclose(view.projection.image, expected.image, rtol=1e-5, atol=1e-7)
    assert np.abs(expected.image).max() > 0
    result = window.session.result
    assert result is not None
    assert view.projection.activation == np.float32(result.activations["conv2"][3, 2, 4])
    # By hand (see test_clicking_a_unit_outlines_the_input_it_sees): unit (2, 4) sees rows 2–15, cols 6–19.
    assert view.projection.box == (2, 6, 16, 20)
    shown_projection = panel.projection_pane.item.image
    np.testing.assert_array_equal(
        shown_projection, projection_to_display(crop_box(expected.image, expected.box))
    )
    crop = panel.input_pane.item.image
    assert crop.shape == (14, 14, 3)
    np.testing.assert_array_equal(
        crop[..., 0], np.round(255 * crop_box(result.model_input, (2, 6, 16, 20))[0])
    )
    text = panel.info.text()
    assert "channel 3, row 2, col 4" in text and "rows 2–15, cols 6–19" in text
    assert f"{expected.activation:.4g}" in text and panel.channel_box.value() == 3


def test_strongest_in_this_map_picks_the_argmax(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window, "conv1")
    result = window.session.result
    assert result is not None
    maps = result.activations["conv1"]
    most_active = int(np.argmax(maps.reshape(6, -1).max(axis=1)))
    wait_for_unit(qtbot, panel, most_active, np.unravel_index(maps[most_active].argmax(), (28, 28)))
    panel.channel_box.setValue(4)
    panel.strongest.click()
    row, col = (int(i) for i in np.unravel_index(int(np.argmax(maps[4])), maps[4].shape))
    wait_for_unit(qtbot, panel, 4, (row, col))
    view = panel.shown
    assert view is not None and view.strongest and "strongest in this map" in panel.info.text()
    assert view.projection.activation == np.float32(maps[4].max())
    np.testing.assert_allclose(
        view.projection.image, reference(window, "conv1", 4, (row, col)).image, atol=1e-7
    )


def test_a_vector_layer_projects_one_unit_from_the_whole_input(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window, "fc1")
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.projection.layer == "fc1", timeout=10_000)
    panel.channel_box.setValue(7)
    wait_for_unit(qtbot, panel, 7, None)
    view = panel.shown
    assert view is not None and view.projection.box == (0, 0, 28, 28)
    assert not panel.strongest.isEnabled() and panel.channel_box.maximum() == 119
    np.testing.assert_allclose(view.projection.image, reference(window, "fc1", 7, None).image, atol=1e-7)


def test_a_new_image_recomputes_the_newest_only(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window, "conv2")
    panel.channel_box.setValue(5)
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.projection.channel == 5, timeout=10_000)
    answered: list[int] = []
    panel.worker.done.connect(lambda outcome: answered.append(outcome.request_id))
    first = window.session.result
    assert first is not None
    draw_digit(window.input_panel.canvas, 7)  # many strokes: many new results while drawing
    wait_for_latest(qtbot, window)
    result = window.session.result
    assert result is not None and not np.array_equal(result.model_input, first.model_input)
    qtbot.waitUntil(
        lambda: panel.shown is not None and np.array_equal(panel.shown.model_input, result.model_input),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: not panel.worker.busy(), timeout=10_000)
    assert answered[-1] == panel.latest_id
    view = panel.shown
    assert view is not None and view.projection.channel == 5 and view.strongest
    strongest = np.unravel_index(int(np.argmax(result.activations["conv2"][5])), (10, 10))
    assert view.projection.position == tuple(int(i) for i in strongest)
    np.testing.assert_allclose(
        view.projection.image, reference(window, "conv2", 5, "strongest").image, atol=1e-7
    )
    bundle = window.session.bundle
    assert bundle is not None and panel.twin is not None
    assert hook_total(bundle.module) == 0 and hook_total(panel.twin) == 0


def test_a_hidden_panel_computes_nothing_until_shown(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.deconv_panel
    assert not panel.on_screen  # its dock is tabbed behind the Architecture panel
    draw_digit(window.input_panel.canvas, 1)
    wait_for_latest(qtbot, window)
    qtbot.wait(100)
    assert panel.shown is None and not panel.worker.busy()
    window.docks["Deconvnet"].raise_()
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=10_000)
    assert panel.shown is not None and panel.shown.projection.layer == window.session.layer
