"""Presenter mode (View ▸ Presenter mode, F5) and the dark and light window themes."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.core.grid import GAP_COLOUR, VIRIDIS
from cnnviz.gui.appearance import PALETTES, apply_window_theme
from cnnviz.gui.fonts import LARGE_SCALE, base_point_size
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.preferences import show_preferences
from cnnviz.gui.presenter import BRUSH_FACTOR, mark_advanced, presenter_setting, tuck_advanced
from cnnviz.gui.theme import BACKGROUND, configure_pyqtgraph, inferno_lut
from tests.gui.conftest import draw_digit, draw_stroke, open_window, wait_for_latest

Role = QPalette.ColorRole


Colour = tuple[int, ...]


def grid_colours(window: MainWindow) -> set[Colour]:
    """The distinct colours of the activation grid on screen."""
    image = window.activations_panel.grid_item.image
    assert image is not None and image.ndim == 3
    return {tuple(int(v) for v in c) for c in np.unique(image[..., :3].reshape(-1, 3), axis=0)}


def lut_colours(lut: np.ndarray) -> set[Colour]:
    return {tuple(int(v) for v in c) for c in lut} | {GAP_COLOUR}


def advanced_controls(window: MainWindow) -> list[QWidget]:
    """Controls presenter mode must tuck away (a sample from several panels)."""
    controls = window.attribution_panel.controls
    form = window.training_panel.form
    regularisation = form.dropout.parentWidget()
    functional = window.architecture_panel.findChild(QWidget, "functionalToggle")
    assert regularisation is not None and functional is not None
    return [
        window.activations_panel.per_map,
        window.activations_panel.per_layer,
        controls.samples,
        controls.noise,
        controls.steps,
        form.weight_decay,
        form.l1,
        regularisation,  # the group box
        functional,
        window.input_panel.polarity,
    ]


def label_of(widget: QWidget) -> QLabel:
    """The label whose buddy ``widget`` is."""
    window = widget.window()
    labels = [label for label in window.findChildren(QLabel) if label.buddy() is widget]
    assert len(labels) == 1
    return labels[0]


def inked_pixels(window: MainWindow, qtbot: QtBot) -> int:
    """Pixels inked by one horizontal stroke from (40, 140) to (240, 140) on a clear canvas."""
    canvas = window.input_panel.canvas
    canvas.clear()
    draw_stroke(canvas, [(40.0, 140.0), (140.0, 140.0), (240.0, 140.0)])
    return int((canvas.array()[..., 0] > 0.5).sum())


def stroke_area(width: float) -> float:
    """A 200-pixel line of ``width`` with round caps."""
    return 200 * width + math.pi * (width / 2) ** 2


@pytest.fixture
def window_drawn(qtbot: QtBot, settings: QSettings) -> Iterator[MainWindow]:
    """LeNet-5 with a drawn 3 and conv1's maps on screen; presenter mode off afterwards."""
    window = open_window(qtbot, settings)
    try:
        draw_digit(window.input_panel.canvas, 3)
        wait_for_latest(qtbot, window)
        window.session.select_layer("conv1")
        qtbot.waitUntil(lambda: window.activations_panel.grid_item.image is not None, timeout=5000)
        yield window
    finally:
        window.set_presenter(False)


def test_f5_switches_presenter_mode_on_and_exactly_back(qtbot: QtBot, window_drawn: MainWindow) -> None:
    window = window_drawn
    action = window.actions_["large_fonts"]
    assert action.shortcut() == QKeySequence("F5") and action.text() == "&Presenter mode"
    base = base_point_size()
    before_image = window.activations_panel.grid_item.image.copy()
    assert grid_colours(window) <= lut_colours(VIRIDIS)
    hidden_before = [w.isHidden() for w in advanced_controls(window)]
    assert not any(hidden_before)
    samples_label = label_of(window.attribution_panel.controls.samples)
    assert samples_label.text() == "Samples" and not samples_label.isHidden()
    brush = window.input_panel.brush.value()

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert action.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(base * LARGE_SCALE)
    assert window.input_panel.canvas.brush_scale == BRUSH_FACTOR
    assert window.input_panel.brush.value() == brush  # the user's size is untouched
    colours = grid_colours(window)
    assert colours <= lut_colours(inferno_lut()) and not colours <= lut_colours(VIRIDIS)
    assert all(w.isHidden() for w in advanced_controls(window))
    assert samples_label.isHidden()
    assert not window.attribution_panel.controls.method.isHidden()  # the essentials stay
    assert window.settings.value("view/presenter", type=bool) is True

    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not action.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    assert window.input_panel.canvas.brush_scale == 1.0
    assert np.array_equal(window.activations_panel.grid_item.image, before_image)
    assert [w.isHidden() for w in advanced_controls(window)] == hidden_before
    assert not samples_label.isHidden()
    assert window.settings.value("view/presenter", type=bool) is False


def test_presenter_brush_is_thicker_by_the_factor(qtbot: QtBot, window_drawn: MainWindow) -> None:
    window = window_drawn
    width = window.input_panel.brush.value()
    normal = inked_pixels(window, qtbot)
    assert normal == pytest.approx(stroke_area(width), rel=0.05)
    window.set_presenter(True)
    thick = inked_pixels(window, qtbot)
    assert thick == pytest.approx(stroke_area(width * BRUSH_FACTOR), rel=0.05)
    window.set_presenter(False)
    assert inked_pixels(window, qtbot) == pytest.approx(normal, rel=0.02)  # the canvas size may differ


def test_signed_maps_switch_to_the_saturated_diverging_map(qtbot: QtBot, window_drawn: MainWindow) -> None:
    window = window_drawn
    filters = window.filters_panel
    window.docks["Filters"].show()
    window.docks["Filters"].raise_()
    qtbot.waitUntil(lambda: filters.item.image is not None, timeout=5000)
    normal = filters.item.image.copy()
    assert (33, 102, 172) in {tuple(c) for c in normal.reshape(-1, 3)}  # the most negative weight
    window.set_presenter(True)
    presented = {tuple(c) for c in filters.item.image.reshape(-1, 3)}
    assert (0, 40, 230) in presented and (33, 102, 172) not in presented
    window.set_presenter(False)
    assert np.array_equal(filters.item.image, normal)


def test_attribution_map_and_legend_follow_the_colour_map(qtbot: QtBot, window_drawn: MainWindow) -> None:
    window = window_drawn
    panel = window.attribution_panel
    window.docks["Attribution"].raise_()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.method == "gradcam", timeout=30_000)
    raw = panel.raw_pane.item
    assert np.array_equal(raw.lut, VIRIDIS) and "dark blue" in panel.legend.text()
    window.set_presenter(True)
    assert np.array_equal(raw.lut, inferno_lut()) and "black: none" in panel.legend.text()
    window.set_presenter(False)
    assert np.array_equal(raw.lut, VIRIDIS) and "dark blue" in panel.legend.text()


def test_presenter_remembered_in_a_new_window(qtbot: QtBot, settings: QSettings) -> None:
    settings.setValue("view/presenter", True)
    window = open_window(qtbot, settings)
    try:
        assert window.actions_["large_fonts"].isChecked()
        assert window.input_panel.canvas.brush_scale == BRUSH_FACTOR
        assert window.activations_panel.per_map.isHidden()
        assert QApplication.font().pointSizeF() == pytest.approx(base_point_size() * LARGE_SCALE)
    finally:
        window.set_presenter(False)
    assert not window.activations_panel.per_map.isHidden()


def test_an_old_large_fonts_setting_moves_to_presenter(settings: QSettings) -> None:
    settings.setValue("view/large_fonts", True)
    assert presenter_setting(settings) is True
    assert settings.value("view/presenter", type=bool) is True
    assert not settings.contains("view/large_fonts")
    settings.setValue("view/presenter", False)  # once moved, the new key decides
    assert presenter_setting(settings) is False


def test_tucking_leaves_controls_the_panel_had_hidden(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    shown, hidden_by_panel, plain = QWidget(), QWidget(), QWidget()
    label = QLabel("Steps")
    label.setBuddy(shown)
    for widget in (label, shown, hidden_by_panel, plain):
        layout.addWidget(widget)
    mark_advanced(shown, hidden_by_panel)
    hidden_by_panel.hide()
    root.show()
    tuck_advanced(root, True)
    assert shown.isHidden() and label.isHidden() and hidden_by_panel.isHidden() and not plain.isHidden()
    tuck_advanced(root, True)  # twice changes nothing
    tuck_advanced(root, False)
    assert not shown.isHidden() and not label.isHidden() and hidden_by_panel.isHidden()


@pytest.fixture
def system_theme_after() -> Iterator[None]:
    """Later tests get the platform's colours and the dark plots back."""
    yield
    apply_window_theme("system")
    configure_pyqtgraph()


def contrast(palette: QPalette, text: Role, background: Role) -> int:
    return abs(palette.color(text).lightness() - palette.color(background).lightness())


def test_view_theme_menu_switches_the_whole_window(
    qtbot: QtBot, window: MainWindow, settings: QSettings, system_theme_after: None
) -> None:
    system_window = QApplication.palette().color(Role.Window)
    view = window.activations_panel.grid_widget
    window.actions_["theme_dark"].trigger()
    palette = window.palette()
    assert palette.color(Role.Window) == QColor(PALETTES["dark"][Role.Window])
    assert palette.color(Role.Window).lightness() < 70 and palette.color(Role.Base).lightness() < 70
    assert view.backgroundBrush().color() == QColor(BACKGROUND)
    assert window.actions_["theme_dark"].isChecked() and settings.value("prefs/theme") == "dark"

    window.actions_["theme_light"].trigger()
    palette = window.palette()
    assert palette.color(Role.Window).lightness() > 220 and palette.color(Role.Base) == QColor("#ffffff")
    assert view.backgroundBrush().color() == QColor("#ffffff")
    chart = window.prediction_panel.chart
    assert chart.colours[0] == QColor("#ffffff")
    assert chart.colours[1].lightness() < 60  # dark names and numbers on the white plot
    assert window.input_panel.model_view.plot.background == QColor("#ffffff")  # the enlarged input too
    assert settings.value("prefs/theme") == "light" and not window.actions_["theme_dark"].isChecked()
    assert QApplication.style().name().lower() == "fusion"

    window.actions_["theme_system"].trigger()
    assert QApplication.palette().color(Role.Window) == system_window


@pytest.mark.parametrize("name", ["dark", "light"])
def test_both_themes_are_readable(name: str, qtbot: QtBot, system_theme_after: None) -> None:
    apply_window_theme(name)
    palette = QApplication.palette()
    for text, background in (
        (Role.WindowText, Role.Window),
        (Role.Text, Role.Base),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.ToolTipText, Role.ToolTipBase),
    ):
        assert contrast(palette, text, background) >= 120, (text, background)
    disabled = palette.color(QPalette.ColorGroup.Disabled, Role.Text)
    assert disabled != palette.color(Role.Text)
    assert abs(disabled.lightness() - palette.color(Role.Base).lightness()) >= 50  # dimmed, still legible


def test_preferences_theme_applies_to_the_window(
    qtbot: QtBot, window: MainWindow, system_theme_after: None
) -> None:
    dialog = show_preferences(window)
    assert [dialog.theme.itemData(i) for i in range(dialog.theme.count())] == ["system", "dark", "light"]
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert window.palette().color(Role.Window).lightness() < 70
    assert window.actions_["theme_dark"].isChecked()
    view = window.findChildren(pg.GraphicsView)[0]
    assert view.backgroundBrush().color() == QColor(BACKGROUND)
