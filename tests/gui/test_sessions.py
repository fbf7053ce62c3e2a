"""Sessions on real windows: save → open restores the state field by field; bad files, moved and
changed model files, and File ▸ Recent."""

from __future__ import annotations

import copy
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from cnnviz.core.checkpoint import save_checkpoint
from cnnviz.core.session_file import ModelSource, SessionState, read_session, save_session
from cnnviz.core.sources import load_builtin
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panel_states import collect_panel_states
from cnnviz.gui.recent_files import fill_recent_menu
from cnnviz.gui.session_io import qimage_pixels
from tests.gui.conftest import LOAD_TIMEOUT_MS, draw_digit, open_window, wait_for_latest


def fresh_settings(tmp_path: Path, name: str) -> QSettings:
    return QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)


def canvas_pixels(window: MainWindow) -> np.ndarray:
    return qimage_pixels(window.input_panel.canvas.image())


def open_session(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a session and wait until all of it, model included, is back."""
    with qtbot.waitSignal(window.sessions.keeper.restored, timeout=LOAD_TIMEOUT_MS):
        assert window.sessions.open(path)


def snapshot(window: MainWindow) -> dict[str, Any]:
    """Every field a session restores, as comparable values."""
    s = window.session
    chooser = window.findChild(QComboBox, "attributionClass")
    return {
        "model": s.bundle.source if s.bundle is not None else None,
        "layer": s.layer,
        "unit": s.unit,
        "unit_channel": s.unit_channel,
        "invert": s.invert,
        "class": chooser.currentData() if chooser is not None else None,
        "panels": collect_panel_states({t: d.widget() for t, d in window.docks.items()}),
        "large_fonts": window.actions_["large_fonts"].isChecked(),
        "docks": {title: not dock.isHidden() for title, dock in window.docks.items()},
        "enlarged": window.activations_panel.enlarged,
        "pooling_layer": window.pooling_panel.layer_name,
        "quiz_question": window.quiz_panel.question.text(),
        "kernel": window.kernels_panel.editor.values().tolist(),
    }


def change_everything(window: MainWindow) -> None:
    """A teacher's lesson: a layer and unit, and options changed in many panels."""
    s = window.session
    s.select_layer("conv2")
    window.activations_panel.enlarge(3)
    s.select_unit(2, 5, channel=3)
    window.input_panel.polarity.setCurrentIndex(2)  # Keep
    window.input_panel.brush.setValue(31)
    window.filters_panel.sort_norm.setChecked(True)
    window.filters_panel.show_norm.setChecked(False)
    window.activations_panel.per_layer.setChecked(True)
    window.pooling_panel.operation.setCurrentIndex(window.pooling_panel.operation.findData("avg"))
    window.pooling_panel.choose_layer("pool2")
    window.pooling_panel.channel.setValue(9)
    sandbox = window.conv_sandbox
    sandbox.input_edit.setText("1 2 3; 4 5 6; 7 8 9")
    sandbox.kernel_edit.setText("0 1; 1 0")
    sandbox.stride.setValue(2)
    sandbox.pads[3].setValue(0)
    sandbox.mode.setCurrentText("reflect")
    window.convolution_panel.tabs.setCurrentIndex(1)
    kernels = window.kernels_panel
    kernels.size_choice.setCurrentIndex(kernels.size_choice.findData(5))
    kernels.editor.set_cell(0, 0, "7")
    quiz = window.quiz_panel
    quiz.kind_box.setCurrentIndex(quiz.kind_box.findData("pooling"))
    quiz.language_box.setCurrentIndex(quiz.language_box.findData("es"))
    quiz.seed_box.setValue(31337)
    window.training_panel.form.epochs.setValue(7)
    window.training_panel.form.lr.setValue(0.05)
    chooser = window.findChild(QComboBox, "attributionClass")
    if chooser is not None:
        chooser.setCurrentIndex(chooser.findData(7))
    window.docks["Pooling"].show()
    window.docks["Prediction"].hide()
    window.set_large_fonts(True)


def test_save_then_open_restores_the_same_state(qtbot: QtBot, tmp_path: Path) -> None:
    first = open_window(qtbot, fresh_settings(tmp_path, "a"))
    second = None
    try:
        draw_digit(first.input_panel.canvas, 3)
        wait_for_latest(qtbot, first)
        change_everything(first)
        before, pixels = snapshot(first), canvas_pixels(first)
        assert pixels.max() == 255 and before["enlarged"] == 3 and before["class"] == 7
        path = tmp_path / "lesson.cnnviz"
        assert first.sessions.save(path)
        assert first.windowTitle() == "lesson.cnnviz[*] — cnnviz" and not first.isWindowModified()

        second = open_window(qtbot, fresh_settings(tmp_path, "b"), model="tinyvgg")
        fresh = snapshot(second)
        assert all(fresh[key] != value for key, value in before.items() if key != "unit_channel")
        assert all(fresh["panels"][t] != options for t, options in before["panels"].items())
        open_session(qtbot, second, path)
        after = snapshot(second)
        for key, value in before.items():
            assert after[key] == value, key
        assert np.array_equal(canvas_pixels(second), pixels)
        assert second.session.image is not None and first.session.image is not None
        assert np.array_equal(second.session.image, first.session.image)  # what the model receives
        assert second.windowTitle() == "lesson.cnnviz[*] — cnnviz" and not second.isWindowModified()
        second.input_panel.canvas.clear()
        assert second.isWindowModified()  # a change after opening marks the title
    finally:
        for window in (first, second):
            if window is not None:
                window.set_large_fonts(False)


def test_a_file_that_is_not_a_session_is_refused_and_nothing_changes(
    window: MainWindow, qtbot, tmp_path
) -> None:
    draw_digit(window.input_panel.canvas, 1)
    wait_for_latest(qtbot, window)
    window.session.select_layer("pool1")
    before, pixels = snapshot(window), canvas_pixels(window)
    bogus = tmp_path / "notes.cnnviz"
    bogus.write_text("these are not the droids you are looking for")
    assert not window.sessions.open(bogus)
    box = window.sessions.dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "'notes.cnnviz' is not a cnnviz session (not a ZIP archive)"
    box.reject()
    assert snapshot(window) == before and np.array_equal(canvas_pixels(window), pixels)
    assert window.windowTitle() == "cnnviz"


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    """LeNet-5 as a cnnviz checkpoint in its own folder."""
    path = tmp_path / "models" / "digits.pt"
    path.parent.mkdir()
    save_checkpoint(load_builtin("lenet5"), path)
    return path


def session_with_model_file(qtbot: QtBot, tmp_path: Path, model_file: Path) -> tuple[Path, np.ndarray]:
    """Save a session whose model is ``model_file`` (from a window that is then closed)."""
    window = open_window(qtbot, fresh_settings(tmp_path, "saver"), model=str(model_file))
    draw_digit(window.input_panel.canvas, 7)
    window.session.select_layer("conv2")
    path = tmp_path / "sessions" / "with-file.cnnviz"
    path.parent.mkdir()
    assert window.sessions.save(path)
    pixels = canvas_pixels(window)
    window.close()
    return path, pixels


def test_a_moved_model_file_is_asked_for(qtbot: QtBot, tmp_path: Path, model_file: Path) -> None:
    path, pixels = session_with_model_file(qtbot, tmp_path, model_file)
    moved = tmp_path / "elsewhere" / "digits-renamed.pt"
    moved.parent.mkdir()
    shutil.move(model_file, moved)
    window = open_window(qtbot, fresh_settings(tmp_path, "opener"), model="tinyvgg")
    before = canvas_pixels(window)

    assert window.sessions.open(path)  # Cancel: nothing changes
    dialog = window.sessions.dialog
    assert isinstance(dialog, QFileDialog) and "digits.pt" in dialog.windowTitle()
    dialog.reject()
    assert window.session.bundle is not None and window.session.bundle.source == "tinyvgg"
    assert np.array_equal(canvas_pixels(window), before) and window.windowTitle() == "cnnviz"

    assert window.sessions.open(path)  # pick the new place: it loads
    dialog = window.sessions.dialog
    assert isinstance(dialog, QFileDialog)
    with qtbot.waitSignal(window.sessions.keeper.restored, timeout=LOAD_TIMEOUT_MS):
        dialog.selectFile(str(moved))
        dialog.accept()
    assert window.session.bundle is not None and Path(window.session.bundle.source) == moved
    assert window.session.layer == "conv2" and np.array_equal(canvas_pixels(window), pixels)


def test_a_changed_model_file_is_warned_about(qtbot: QtBot, tmp_path: Path, model_file: Path) -> None:
    path, _pixels = session_with_model_file(qtbot, tmp_path, model_file)
    other = load_builtin("lenet5")
    with torch.no_grad():
        next(other.module.parameters()).add_(1.0)  # retrained, say
    save_checkpoint(other, model_file)
    window = open_window(qtbot, fresh_settings(tmp_path, "opener"), model="tinyvgg")
    assert window.sessions.open(path)
    box = window.sessions.dialog
    assert isinstance(box, QMessageBox) and "SHA-256 differs" in box.text()
    box.reject()  # Cancel
    assert window.session.bundle is not None and window.session.bundle.source == "tinyvgg"
    assert window.sessions.open(path)
    box = window.sessions.dialog
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(window.sessions.keeper.restored, timeout=LOAD_TIMEOUT_MS):
        box.open_anyway.click()  # type: ignore[attr-defined]
    assert window.session.bundle is not None and Path(window.session.bundle.source) == model_file


def test_recent_menu_lists_opens_and_tidies(window: MainWindow, qtbot, tmp_path: Path) -> None:
    draw_digit(window.input_panel.canvas, 2)
    session = tmp_path / "recent.cnnviz"
    assert window.sessions.save(session)
    image = tmp_path / "photo.png"
    assert window.input_panel.canvas.image().save(str(image))
    window.sessions.remember_image(image)
    menu = window.findChild(QMenu, "recentMenu")
    assert isinstance(menu, QMenu) and window.actions_["recent_menu"].menu() is menu
    fill_recent_menu(menu, window.sessions.recent, window.sessions.open_recent)
    texts = [a.text() for a in menu.actions()]
    assert texts[:2] == ["Sessions", "recent.cnnviz   —   " + tmp_path.name]
    assert "Images" in texts and "photo.png   —   " + tmp_path.name in texts
    assert not any(t.startswith("digits") for t in texts)  # built-in models are not listed

    window.input_panel.canvas.clear()
    session_action = next(a for a in menu.actions() if a.text().startswith("recent.cnnviz"))
    with qtbot.waitSignal(window.sessions.keeper.restored, timeout=LOAD_TIMEOUT_MS):
        session_action.trigger()
    assert not window.input_panel.canvas.is_blank()

    image.unlink()
    fill_recent_menu(menu, window.sessions.recent, window.sessions.open_recent)
    missing = next(a for a in menu.actions() if a.text().startswith("photo.png"))
    assert missing.text() == "photo.png   (missing)" and not missing.isEnabled()
    next(a for a in menu.actions() if a.text() == "Remove missing files").trigger()
    assert window.sessions.recent.entries() == [("session", str(session.resolve()))]
    next(a for a in menu.actions() if a.text() == "Clear recent").trigger()
    assert window.sessions.recent.entries() == []


def test_session_shortcuts(window: MainWindow) -> None:
    keys = {key: window.actions_[key].shortcut().toString() for key in ("open_session", "save_session")}
    assert keys == {"open_session": "Ctrl+Alt+O", "save_session": "Ctrl+S"}
    assert window.actions_["save_session_as"].shortcut().toString() == "Ctrl+Shift+S"


def test_a_model_in_memory_is_not_recorded_as_its_namesake(window: MainWindow, tmp_path: Path) -> None:
    """A model being trained is shown as a copy whose source names its architecture: saving it as
    'lenet5' would reopen the shipped weights, so the session records no model and says so."""
    bundle = window.session.bundle
    assert bundle is not None and window.sessions.keeper.model(tmp_path / "s.cnnviz") is not None
    window.session.show_model(replace(bundle, module=copy.deepcopy(bundle.module)))
    assert window.sessions.save(tmp_path / "s.cnnviz")
    assert read_session(tmp_path / "s.cnnviz").model is None
    assert "exists only in memory" in window.statusBar().currentMessage()


def test_nonsense_options_in_a_session_are_skipped(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """A session edited by hand (or damaged) with values of the wrong type or range: those are
    skipped, the rest is restored, nothing raises."""
    seed = window.quiz_panel.seed_box.value()
    panels: dict[str, dict[str, Any]] = {
        "Pooling": {"layer": 5, "channel": "x", "operation": [1]},
        "Image kernels": {"weights": [[1, "a"]], "divisor": 0, "size_choice": 4},
        "Quiz": {"kind_box": [1], "seed_box": 1e300, "language_box": "xx"},
        "Convolution": {"tabs": 99, "model.row": -5, "sandbox.stride": True, "sandbox.input_edit": 3},
        "Activations": {"enlarged": 10**9, "per_layer": "yes"},
        "Filters": {"sort_norm": True},
        "No such panel": {"x": 1},
    }
    state = SessionState(
        image=np.full((40, 30, 3), 90, np.uint8),
        model=ModelSource("builtin", "lenet5"),
        layer="no.such.layer",
        unit=(10**6, 3),
        panels=panels,
        dock_state=b"\x00garbage" * 10,
    )
    path = tmp_path / "odd.cnnviz"
    save_session(path, state)
    open_session(qtbot, window, path)
    assert window.session.layer == "conv1" and window.session.unit is None
    assert window.quiz_panel.seed_box.value() == seed and window.convolution_panel.tabs.currentIndex() == 0
    assert window.filters_panel.sort_norm.isChecked()  # the one sensible option is taken
    assert np.array_equal(canvas_pixels(window), state.image)
