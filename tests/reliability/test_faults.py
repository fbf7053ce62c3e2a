"""Faults in the app: a user model that raises, NaN weights, running out of (GPU) memory, a full
disk while saving. Each gives a message, the app stays usable, the previous file stays intact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from cnnviz.core.checkpoint import load_checkpoint, save_checkpoint
from cnnviz.core.recording import hook_count
from cnnviz.core.session_file import read_session
from cnnviz.core.sources import load_builtin
from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, draw_stroke, open_window
from tests.reliability import user_models
from tests.reliability.faults import folder_listing, full_disk_fdopen, full_disk_open
from tests.reliability.soak import open_model, train

STROKE = [(140.0, 60.0), (138.0, 150.0), (136.0, 240.0)]


@pytest.fixture
def faults() -> Iterator[None]:
    """The user model's switches are off before and after each test."""
    user_models.FAULT.clear()
    user_models.GATE.clear()
    yield
    user_models.FAULT.clear()
    user_models.GATE.clear()


def open_user_model(window: MainWindow, folder: Path) -> Path:
    """Save a :class:`UserNet` and open it as the user would (trusted: its code runs)."""
    path = user_models.save_user_model(folder / "user-net.pt")
    window.open_model(str(path), trust=True)
    from tests.reliability.soak import wait_until

    wait_until(lambda: window.session.bundle is not None and window.session.bundle.source == str(path), 60)
    return path


def wait_answered(qtbot: QtBot, window: MainWindow) -> None:
    """Until the newest request's answer (a result or a message) is on screen."""
    session = window.session
    qtbot.waitUntil(lambda: session._shown_id == session._latest_id, timeout=30_000)


def prediction_message(window: MainWindow) -> str:
    panel = window.prediction_panel
    return panel.message.text() if panel.stack.currentWidget() is panel.message else ""


def predicts(window: MainWindow) -> bool:
    """Bars on screen, a top label, every probability finite."""
    result, panel = window.session.result, window.prediction_panel
    return (
        result is not None
        and panel.stack.currentWidget() is panel.chart
        and bool(panel.top_texts()[0])
        and bool(np.isfinite(result.probabilities).all())
    )


def test_a_forward_that_raises_is_a_message_and_the_app_goes_on(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, faults: None
) -> None:
    window = open_window(qtbot, settings)
    open_user_model(window, tmp_path)
    draw_digit(window.input_panel.canvas, 3)
    wait_answered(qtbot, window)
    assert predicts(window)
    user_models.FAULT.append(ValueError("shapes do not match in my_layer"))
    draw_stroke(window.input_panel.canvas, STROKE)
    wait_answered(qtbot, window)
    message = prediction_message(window)
    assert "failed" in message and "ValueError: shapes do not match in my_layer" in message
    assert window.activations_panel.message.text() == message
    bundle = window.session.bundle
    assert bundle is not None and hook_count(bundle.module) == 0  # removed although forward raised
    user_models.FAULT.clear()
    draw_stroke(window.input_panel.canvas, STROKE)  # the same model works again once it stops raising
    wait_answered(qtbot, window)
    assert predicts(window)
    user_models.FAULT.append(RuntimeError("still broken"))
    open_model(window, "lenet5")  # another model: the app predicts again
    draw_stroke(window.input_panel.canvas, STROKE)
    wait_answered(qtbot, window)
    assert predicts(window) and window.session.bundle.name.startswith("LeNet")  # type: ignore[union-attr]


def test_nan_weights_are_a_message_not_a_crash(qtbot: QtBot, settings: QSettings, tmp_path: Path) -> None:
    bundle = load_builtin("lenet5")
    conv1 = dict(bundle.module.named_modules())["conv1"]
    assert isinstance(conv1, torch.nn.Conv2d)
    with torch.no_grad():
        conv1.weight[0, 0, 0, 0] = float("nan")
    path = tmp_path / "diverged.pt"
    save_checkpoint(bundle, path)
    window = open_window(qtbot, settings)
    open_model(window, str(path))
    draw_digit(window.input_panel.canvas, 5)
    wait_answered(qtbot, window)
    message = prediction_message(window)
    assert "NaN" in message and "weights" in message
    assert window.activations_panel.message.text() == message
    open_model(window, "lenet5")
    draw_stroke(window.input_panel.canvas, STROKE)
    wait_answered(qtbot, window)
    assert predicts(window)


def test_out_of_memory_suggests_the_cpu(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, faults: None
) -> None:
    window = open_window(qtbot, settings)
    open_user_model(window, tmp_path)
    window.docks["Attribution"].raise_()  # Grad-CAM follows the input too
    user_models.FAULT.append(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    draw_digit(window.input_panel.canvas, 1)
    wait_answered(qtbot, window)
    message = prediction_message(window)
    assert "out of memory" in message.lower() and "CPU" in message
    user_models.FAULT.clear()
    draw_stroke(window.input_panel.canvas, STROKE)
    wait_answered(qtbot, window)
    assert predicts(window)


def test_out_of_memory_in_an_attribution_suggests_the_cpu(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, faults: None
) -> None:
    window = open_window(qtbot, settings)
    open_user_model(window, tmp_path)
    panel = window.attribution_panel
    window.docks["Attribution"].raise_()
    draw_digit(window.input_panel.canvas, 1)
    wait_answered(qtbot, window)
    qtbot.waitUntil(lambda: panel.shown is not None and not panel.running, timeout=30_000)
    user_models.FAULT.append(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    panel.run_button.click()  # Recompute: the twin's forward pass runs out of memory
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    assert not panel.banner.isHidden()
    assert "out of memory" in panel.banner.text().lower() and "CPU" in panel.banner.text()


def test_a_full_disk_while_saving_a_checkpoint_keeps_the_previous_file(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, settings)
    panel = window.training_panel
    train(window, epochs=1, train_size=64)
    folder = tmp_path / "saves"
    folder.mkdir()
    path = folder / "model.pt"
    assert panel.save_to(str(path))
    before = path.read_bytes()
    monkeypatch.setattr("cnnviz.core.checkpoint.open", full_disk_open(room=50_000), raising=False)
    assert not panel.save_to(str(path))
    assert not panel.banner.isHidden() and "No space left on device" in panel.banner.text()
    assert path.read_bytes() == before and folder_listing(folder) == ["model.pt"]  # no temporary file left
    monkeypatch.undo()
    load_checkpoint(path)  # the previous file still loads
    draw_stroke(window.input_panel.canvas, STROKE)  # and the app goes on
    wait_answered(qtbot, window)
    assert predicts(window)


def test_a_full_disk_while_saving_a_session_keeps_the_previous_file(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, settings)
    draw_digit(window.input_panel.canvas, 2)
    wait_answered(qtbot, window)
    folder = tmp_path / "saves"
    folder.mkdir()
    path = folder / "lesson.cnnviz"
    assert window.sessions.save(path)
    before = path.read_bytes()
    window.session.select_layer("conv2")
    draw_stroke(window.input_panel.canvas, STROKE)
    monkeypatch.setattr("os.fdopen", full_disk_fdopen(room=1000))
    assert not window.sessions.save(path, dialog=True)
    monkeypatch.undo()
    dialog = window.sessions.dialog
    assert dialog is not None and "No space left on device" in dialog.text()  # type: ignore[attr-defined]
    assert "No space left on device" in window.statusBar().currentMessage()
    dialog.done(0)
    assert path.read_bytes() == before and folder_listing(folder) == ["lesson.cnnviz"]
    assert read_session(path).layer == "conv1"
