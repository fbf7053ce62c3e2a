"""The welcome panel and its demos, Edit ▸ Preferences… and Help ▸ Keyboard shortcuts…"""

from __future__ import annotations

from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QKeySequence
from pytestqt.qtbot import QtBot

from cnnviz.gui.app import build_main_window, parse_args
from cnnviz.gui.appearance import apply_window_theme
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.preferences import (
    Preferences,
    PreferencesDialog,
    load_preferences,
    show_preferences,
)
from cnnviz.gui.shortcuts import show_shortcuts
from cnnviz.gui.theme import configure_pyqtgraph
from cnnviz.gui.welcome import (
    SHOWN_KEY,
    WelcomeDialog,
    demo_attention,
    demo_filters,
    demo_layers,
    sample_digit,
)
from tests.gui.conftest import LOAD_TIMEOUT_MS, draw_digit, open_window, wait_for_latest


def start_app(qtbot: QtBot, settings: QSettings) -> MainWindow:
    """The real start path, the model loaded."""
    window = build_main_window(parse_args([]), settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=LOAD_TIMEOUT_MS)
    return window


def welcome_of(window: MainWindow) -> WelcomeDialog | None:
    dialogs = [d for d in window.findChildren(WelcomeDialog) if d.isVisible()]
    return dialogs[0] if dialogs else None


def test_welcome_on_first_start_only(qtbot: QtBot, settings: QSettings) -> None:
    first = start_app(qtbot, settings)
    dialog = welcome_of(first)
    assert dialog is not None and not dialog.isModal()
    assert [b.text() for b in dialog.demo_buttons] == [
        "Draw a digit and watch the layers",
        "What does a filter see?",
        "Where does the network look?",
    ]
    dialog.reject()
    assert settings.value(SHOWN_KEY, type=bool) is True
    first.close()
    second = start_app(qtbot, settings)
    assert welcome_of(second) is None
    second.actions_["welcome"].trigger()  # Help ▸ Welcome… reopens it
    reopened = welcome_of(second)
    assert reopened is not None
    reopened.dont_show.setChecked(False)
    reopened.reject()
    assert settings.value(SHOWN_KEY, type=bool) is False


def test_tests_constructing_the_window_get_no_welcome(window: MainWindow) -> None:
    assert welcome_of(window) is None


def test_demo_layers(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 3)
    window.session.select_layer("fc1")
    demo_layers(window)
    assert window.input_panel.canvas.is_blank()
    assert window.session.layer == "conv1"
    assert window.docks["Activations"].isVisible()
    assert "conv1" in window.statusBar().currentMessage()


def test_demo_filters_loads_lenet_first(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings, model="tinyvgg")
    demo_filters(window)
    qtbot.waitUntil(lambda: getattr(window.session.bundle, "source", "") == "lenet5", timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.docks["Convolution"].isVisible())
    assert window.session.layer == "conv1"
    assert not window.docks["Filters"].visibleRegion().isEmpty()  # raised over Architecture
    tabs = window.convolution_panel.tabs
    assert tabs.tabText(tabs.currentIndex()) == "On the model"


def test_demo_attention_shows_gradcam_of_a_seven(qtbot: QtBot, window: MainWindow) -> None:
    demo_attention(window)
    assert not window.input_panel.canvas.is_blank()
    wait_for_latest(qtbot, window)
    result = window.session.result
    assert result is not None and int(result.probabilities.argmax()) == 7
    assert window.docks["Attribution"].isVisible()
    assert window.attribution_panel.controls.current_method().key == "gradcam"


def test_sample_digit_is_white_on_black() -> None:
    image = sample_digit()
    assert image.pixelColor(0, 0) == QColor(0, 0, 0)
    assert image.pixelColor(130, 70) == QColor(255, 255, 255)


@pytest.fixture
def dark_plots_after() -> Iterator[None]:
    """Later tests get the default (system) window colours and dark pyqtgraph colours back."""
    yield
    apply_window_theme("system")
    configure_pyqtgraph()


def test_preferences_persist_and_apply(
    qtbot: QtBot, window: MainWindow, settings: QSettings, dark_plots_after: None
) -> None:
    window.actions_["preferences"].trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    assert window.actions_["preferences"].shortcut() == QKeySequence("Ctrl+,")
    dialog.brush_width.setValue(33)
    dialog.canvas_size.setValue(320)
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.default_model.setCurrentIndex(dialog.default_model.findData("tinyvgg"))
    dialog.device.setCurrentText("cpu")
    dialog.accept()
    assert window.input_panel.canvas.brush_size == 33
    assert window.input_panel.brush.value() == 33
    assert window.input_panel.canvas.minimumWidth() == 320
    view = window.findChildren(pg.GraphicsView)[0]
    assert view.backgroundBrush().color() == QColor("#ffffff")
    saved = load_preferences(settings)
    assert (saved.brush_width, saved.language, saved.theme) == (33, "es", "light")
    assert saved.default_model == "tinyvgg"
    window.close()
    again = open_window(qtbot, settings, model="")  # no model named: the preferred one
    assert again.session.bundle is not None and again.session.bundle.source == "tinyvgg"
    assert again.input_panel.canvas.brush_size == 33
    assert again.session.device == "cpu"


def test_cancel_changes_nothing_and_restore_defaults(window: MainWindow, settings: QSettings) -> None:
    dialog = show_preferences(window)
    dialog.brush_width.setValue(50)
    dialog.reject()
    assert window.input_panel.canvas.brush_size == 18
    assert load_preferences(settings) == Preferences()
    dialog = show_preferences(window)
    dialog.brush_width.setValue(44)
    dialog.presenter.setChecked(True)
    dialog.restore_defaults()
    assert dialog.values() == Preferences()
    dialog.accept()
    assert load_preferences(settings) == Preferences()
    assert not window.actions_["large_fonts"].isChecked()


def test_presenter_preference_applies(window: MainWindow, settings: QSettings) -> None:
    dialog = show_preferences(window)
    dialog.presenter.setChecked(True)
    dialog.accept()
    assert window.actions_["large_fonts"].isChecked()
    assert settings.value("view/presenter", type=bool) is True
    window.set_presenter(False)


def test_shortcuts_dialog_matches_the_actions(window: MainWindow) -> None:
    window.actions_["shortcuts"].trigger()
    dialog = show_shortcuts(window)
    shown = dict(dialog.rows())
    assert shown["Undo"] == "Ctrl+Z"
    assert shown["Presenter mode"] == "F5"
    assert shown["Keyboard shortcuts…"] == "F1, Ctrl+/"
    assert shown["Training panel"] == "Ctrl+T"  # a dock toggle
    native = QKeySequence.SequenceFormat.NativeText
    expected = {a.shortcut().toString(native) for a in window.actions_.values() if not a.shortcut().isEmpty()}
    listed = {keys.split(", ")[0] for keys in shown.values()}
    assert expected <= listed
    assert "Edit" in dialog.groups and "Help" in dialog.groups
    assert ("Undo", "Ctrl+Z") in dialog.groups["Edit"]
    assert dialog.tree.topLevelItemCount() == len(dialog.groups)
