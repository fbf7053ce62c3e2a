"""The Training panel with real widgets: start, live curves, pause, cancel, timeline, checkpoints."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.training.panel import TrainingPanel
from tests.gui.conftest import draw_digit, wait_for_latest

RUN_TIMEOUT_MS = 120_000


def set_combo(combo, key: str) -> None:
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)


def small_run(panel: TrainingPanel, model: str = "lenet5", epochs: int = 1, train: int = 512) -> None:
    form = panel.form
    set_combo(form.model, model)
    set_combo(form.dataset, "digits")
    form.train_size.setValue(train)
    form.val_size.setValue(100)
    form.epochs.setValue(epochs)
    form.batch.setValue(32)


def wait_idle(qtbot: QtBot, panel: TrainingPanel) -> None:
    qtbot.waitUntil(lambda: panel.state == "idle" and panel.last_summary is not None, timeout=RUN_TIMEOUT_MS)


def test_start_shows_live_curves_and_cancel_stops(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    window.actions_["view_training"].trigger()
    assert window.docks["Training"].isVisible()
    small_run(panel, epochs=20, train=2000)
    panel.start_button.click()
    assert window.session.training and panel.state == "running"
    assert not panel.form.epochs.isEnabled()
    qtbot.waitUntil(lambda: len(panel.plots.curves["train_loss"].x) >= 3, timeout=RUN_TIMEOUT_MS)
    assert "samples/s" in panel.progress_text.text() and "ETA" in panel.progress_text.text()
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "cancelled"  # type: ignore[union-attr]
    assert not window.session.training and panel.form.epochs.isEnabled()
    losses = panel.plots.curves["train_loss"].y
    assert all(np.isfinite(losses)) and len(losses) < 20 * 63


def test_a_run_still_going_when_a_test_ends_is_stopped_before_its_window_closes(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The teardown hook of tests/gui/conftest.py: without it, closing asks and this test hangs."""
    panel = window.training_panel
    small_run(panel, epochs=50, train=2000)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.plots.curves["train_loss"].x) >= 1, timeout=RUN_TIMEOUT_MS)
    assert window.session.training and panel.state == "running"  # left running on purpose


def test_start_right_after_a_run_ends_starts_even_while_its_thread_returns(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The run's end reaches the panel before its thread has returned; Start then waits for it."""
    panel = window.training_panel
    small_run(panel, train=256)
    panel.start_button.click()
    worker = panel.worker
    assert worker is not None
    worker.done.connect(lambda _summary: time.sleep(0.5), Qt.ConnectionType.DirectConnection)  # in the thread
    wait_idle(qtbot, panel)
    assert worker.isRunning()  # the end is reported, the thread not yet returned
    panel.start_button.click()
    assert panel.state == "running" and panel.worker is not worker and not worker.isRunning()
    wait_idle(qtbot, panel)
    assert panel.last_summary is not None and panel.last_summary.outcome == "finished"


def test_the_run_starts_once_the_panels_follow_the_new_model(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=RUN_TIMEOUT_MS)
    shipped = window.session.bundle
    small_run(panel, train=256)
    reports: list[object] = []
    panel.start_button.click()  # returns at once: the thread makes the panels' copy, the switch comes later
    assert panel.worker is not None and window.session.bundle is shipped
    panel.worker.status.connect(lambda *_args: reports.append(window.session.bundle))
    qtbot.waitUntil(lambda: window.session.bundle is not shipped, timeout=RUN_TIMEOUT_MS)
    assert window.session.bundle is panel.trained
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "finished"  # type: ignore[union-attr]
    assert reports and all(bundle is panel.trained for bundle in reports)  # every report after the switch


def test_a_run_cancelled_before_its_thread_starts_says_so(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=RUN_TIMEOUT_MS)
    small_run(panel, train=256)
    panel.start_button.click()
    panel.cancel_button.click()  # in the same event-loop turn as the click
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "cancelled"  # type: ignore[union-attr]
    assert not window.session.training and panel.start_button.isEnabled()


def test_pause_holds_and_resume_continues(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    small_run(panel, epochs=20, train=2000)
    panel.start_button.click()
    curve = panel.plots.curves["train_loss"]
    qtbot.waitUntil(lambda: len(curve.x) >= 2, timeout=RUN_TIMEOUT_MS)
    panel.pause_button.click()
    assert panel.state == "paused" and panel.pause_button.text() == "Resume"
    qtbot.wait(300)
    held = len(curve.x)
    qtbot.wait(500)
    assert len(curve.x) == held
    draw_digit(window.input_panel.canvas, 4)  # the app stays usable while training is paused
    wait_for_latest(qtbot, window)
    panel.pause_button.click()
    qtbot.waitUntil(lambda: len(curve.x) > held, timeout=RUN_TIMEOUT_MS)
    panel.cancel_button.click()
    wait_idle(qtbot, panel)


def test_a_finished_run_has_validation_confusion_and_a_timeline(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    small_run(panel, model="lenet5", epochs=1, train=640)
    draw_digit(window.input_panel.canvas, 7)
    wait_for_latest(qtbot, window)
    panel.start_button.click()
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "finished", panel.last_summary  # type: ignore[union-attr]
    assert len(panel.plots.curves["val_accuracy"].y) == 1
    confusion = panel.plots.confusion
    assert confusion is not None and confusion.shape == (10, 10) and confusion.sum() == 100
    snapshots = panel.timeline.snapshots
    assert len(snapshots) >= 3 and snapshots[0].step == 0
    activations = window.activations_panel

    def maps_at(index: int) -> np.ndarray:
        before = window.session._latest_id
        panel.timeline.select(index)
        qtbot.waitUntil(lambda: window.session._shown_id > before, timeout=10_000)
        wait_for_latest(qtbot, window)
        assert activations.maps is not None
        return activations.maps.copy()

    first, last = maps_at(0), maps_at(len(snapshots) - 1)
    assert first.shape == last.shape and not np.allclose(first, last)
    assert not panel.timeline.follow.isChecked() or panel.timeline.slider.value() == len(snapshots) - 1
    assert "step" in window.session.weights_label


def test_sample_from_the_data_set(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    assert not window.input_panel.sample_button.isEnabled()
    small_run(panel, epochs=1, train=200)
    panel.start_button.click()
    qtbot.waitUntil(lambda: window.input_panel.sample_button.isEnabled(), timeout=RUN_TIMEOUT_MS)
    index = window.input_panel.pick_sample(3)
    assert index == 3 and not window.input_panel.canvas.is_blank()
    truth = window.session.dataset.labels[int(window.session.dataset.val_y[3])]  # type: ignore[union-attr]
    assert window.input_panel.sample_label.text().endswith(f"true class {truth}")
    wait_idle(qtbot, panel)


def test_freezing_a_layer_in_the_architecture_table(window: MainWindow) -> None:
    table = window.architecture_panel.table
    conv1 = window.architecture_panel.layer_names().index("conv1")
    item = table.item(conv1, 4)
    assert item is not None and item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)
    module = window.session.bundle.module  # type: ignore[union-attr]
    assert not module.conv1.weight.requires_grad and not module.conv1.bias.requires_grad
    assert module.conv2.weight.requires_grad
    assert "61,550 trainable" in window.architecture_panel.totals.text()
    relu = table.item(window.architecture_panel.layer_names().index("relu1"), 4)
    assert relu is not None and not (relu.flags() & Qt.ItemFlag.ItemIsUserCheckable)


def test_frozen_layers_stay_frozen_when_training_the_current_model(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    conv1 = window.architecture_panel.layer_names().index("conv1")
    window.architecture_panel.table.item(conv1, 4).setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    before = window.session.bundle.module.conv1.weight.detach().clone()  # type: ignore[union-attr]
    fc1_before = window.session.bundle.module.fc1.weight.detach().clone()  # type: ignore[union-attr]
    small_run(panel, model="current", epochs=1, train=320)
    panel.start_button.click()
    wait_idle(qtbot, panel)
    trained = panel.worker.job.model  # type: ignore[union-attr]
    assert torch_equal(trained.conv1.weight, before)
    assert not torch_equal(trained.fc1.weight, fc1_before)


def torch_equal(a, b) -> bool:
    import torch

    return bool(torch.equal(a.detach().cpu(), b.detach().cpu()))


def test_an_impossible_choice_is_a_message(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    if panel.form.dataset.findData("shapes") < 0:
        pytest.skip("shapes data set not registered")
    set_combo(panel.form.model, "lenet5")
    set_combo(panel.form.dataset, "shapes")
    assert not panel.start()
    assert not panel.banner.isHidden() and "LeNet-5" in panel.banner.text()
    assert panel.state == "idle" and not window.session.training


def test_closing_during_training_asks_and_stops_cleanly(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    small_run(panel, epochs=50, train=2000)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.plots.curves["train_loss"].x) >= 1, timeout=RUN_TIMEOUT_MS)

    def answer(button_text: str) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
        QTimer.singleShot(50, lambda: answer(button_text))

    QTimer.singleShot(50, lambda: answer("Cancel"))
    assert not window.close()
    assert window.isVisible() and window.session.training
    QTimer.singleShot(50, lambda: answer("Discard and quit"))
    assert window.close()
    assert panel.worker is not None and not panel.worker.isRunning()


def test_a_diverging_run_stops_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    import torch

    panel = window.training_panel
    with torch.no_grad():
        window.session.bundle.module.fc1.weight[0, 0] = float("nan")  # type: ignore[union-attr]
    small_run(panel, model="current", epochs=3, train=640)
    panel.start_button.click()
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "failed"  # type: ignore[union-attr]
    assert not panel.banner.isHidden() and "learning rate" in panel.banner.text()
    assert not window.session.training and panel.start_button.isEnabled()
    draw_digit(window.input_panel.canvas, 1)  # the app stays usable; it names the NaN weights shown
    session = window.session
    qtbot.waitUntil(lambda: session._shown_id == session._latest_id, timeout=10_000)
    assert "NaN" in window.prediction_panel.message.text()
