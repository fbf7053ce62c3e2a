"""Races, forced: an answer computed for an earlier model, layer or device, or for an earlier
image in a long task, arrives after the user moved on; it must never reach the screen.

The user's model (:class:`tests.reliability.user_models.UserNet`) waits in its forward pass
at a gate the test holds closed: request A is in flight, the test changes what is on screen
(request B), then opens the gate; A's answer arrives late, after B was asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.core.inference import InferenceResult
from cnnviz.core.sources import load_builtin
from cnnviz.gui.attribution_worker import Outcome, Progress
from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, draw_stroke, open_window
from tests.reliability import user_models
from tests.reliability.long_tasks import start_training
from tests.reliability.soak import open_model, wait_until

STROKE = [(100.0, 140.0), (140.0, 142.0), (190.0, 140.0)]
TIMEOUT_MS = 60_000


@pytest.fixture
def gate() -> Iterator[user_models.Gate]:
    """A closed gate for :class:`UserNet`'s forward passes; opened (and removed) at the end."""
    user_models.FAULT.clear()
    held = user_models.Gate()
    yield held
    held.opened.set()
    user_models.GATE.clear()


def user_window(qtbot: QtBot, settings: QSettings, folder: Path) -> MainWindow:
    """The window with :class:`UserNet` open and a digit's answer on screen (the gate not yet set)."""
    window = open_window(qtbot, settings)
    path = user_models.save_user_model(folder / "user-net.pt")
    window.open_model(str(path), trust=True)
    qtbot.waitUntil(
        lambda: window.session.bundle is not None and window.session.bundle.source == str(path),
        timeout=TIMEOUT_MS,
    )
    draw_digit(window.input_panel.canvas, 4)
    wait_answered(qtbot, window)
    return window


def wait_answered(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    qtbot.waitUntil(lambda: session._shown_id == session._latest_id, timeout=TIMEOUT_MS)


class Shown:
    """Every result the session publishes, with what was selected when it arrived."""

    def __init__(self, window: MainWindow) -> None:
        self.session = window.session
        self.results: list[tuple[InferenceResult, str, object]] = []
        window.session.result_ready.connect(self._record)

    def _record(self, result: InferenceResult) -> None:
        self.results.append((result, self.session.layer, self.session.bundle))

    def ids(self) -> list[int]:
        return [result.request_id for result, _layer, _bundle in self.results]


def hold_request(window: MainWindow, gate: user_models.Gate) -> range:
    """Request A: an input of a stroke whose forward pass is held at the gate (the stroke's later
    inputs wait behind it, coalesced); returns the ids of the stroke's requests (A is one)."""
    first = window.session._latest_id + 1
    user_models.GATE.append(gate)
    draw_stroke(window.input_panel.canvas, STROKE)
    assert gate.wait_for_arrival()
    return range(first, window.session._latest_id + 1)


def test_an_answer_for_an_earlier_model_is_dropped(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    shown = Shown(window)
    hold_request(window, gate)
    open_model(window, "lenet5")  # request B, for another model, while A is in flight
    gate.opened.set()  # A's answer arrives now, late
    wait_answered(qtbot, window)
    assert shown.ids() == [window.session._latest_id]  # A never, B alone
    result, _layer, bundle = shown.results[-1]
    assert window.session.bundle is not None and bundle is window.session.bundle
    assert result.model_name == window.session.bundle.name


def test_an_answer_for_an_earlier_layer_or_device_is_dropped(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    shown = Shown(window)
    filters: list[object] = []
    window.session.filters_changed.connect(filters.append)
    session = window.session
    held = hold_request(window, gate)
    assert session.layer == "conv"
    session.select_layer("pool")  # request B while A (for "conv") is in flight
    gate.opened.set()
    wait_answered(qtbot, window)
    assert not set(held) & set(shown.ids())
    assert all(layer in result.activations for result, layer, _ in shown.results)
    assert filters == [None]  # the pooling layer has no filters; conv's were never announced again
    user_models.GATE.clear()
    gate2 = user_models.Gate()
    held = hold_request(window, gate2)
    session.set_device("cpu:0")  # another device (a second name for the CPU on a machine without GPU)
    gate2.opened.set()
    wait_answered(qtbot, window)
    assert not set(held) & set(shown.ids()) and shown.ids()[-1] == session._latest_id


def test_answers_while_drawing_never_go_back_in_time(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    shown = Shown(window)
    held = hold_request(window, gate)
    draw_digit(window.input_panel.canvas, 7)  # many newer inputs while A is held: they coalesce
    newest = window.session._latest_id
    gate.opened.set()
    wait_answered(qtbot, window)
    ids = shown.ids()
    assert ids == sorted(ids) and ids[-1] == newest and len(ids) <= 2  # A (live feedback), then the newest
    assert len(ids) == 1 or ids[0] in held
    result = window.session.result
    assert result is not None and result.request_id == newest


@pytest.mark.parametrize("method", ["occlusion", "featvis"])
def test_a_long_attribution_for_an_earlier_model_is_dropped(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate, method: str
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    panel = window.attribution_panel
    window.docks["Attribution"].raise_()
    qtbot.waitUntil(lambda: panel.twin is not None and not panel.worker.busy(), timeout=TIMEOUT_MS)
    panel.controls.set_method(method)
    if method == "occlusion":
        panel.controls.patch.setValue(4)
        panel.controls.stride.setValue(1)
    user_models.GATE.append(gate)
    panel.run_button.click()
    assert gate.wait_for_arrival()  # the long task's forward pass is held
    user_twin = panel.twin
    drawn: list[object] = []

    def after_panel(_event: Progress | Outcome) -> None:  # connected after the panel's own slots
        drawn.append(panel.shown if method == "occlusion" else panel.featvis_shown)

    panel.worker.progress.connect(after_panel)
    panel.worker.done.connect(after_panel)
    outcomes: list[Outcome] = []
    panel.worker.done.connect(outcomes.append)
    open_model(window, "lenet5")  # the model changes while the long task runs
    assert panel.shown is None and panel.featvis_shown is None and not panel.running
    gate.opened.set()
    qtbot.waitUntil(lambda: len(outcomes) == 1 and not panel.worker.busy(), timeout=TIMEOUT_MS)
    assert outcomes[0].request_id < panel.latest_id  # its answer was stale, and is dropped
    assert all(view is None for view in drawn)
    assert panel.shown is None and panel.featvis_shown is None
    assert user_twin is not None and hook_total(user_twin) == 0


def test_a_cancelled_forward_pass_stops_at_its_next_layer(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    panel = window.attribution_panel
    window.docks["Attribution"].raise_()
    qtbot.waitUntil(lambda: panel.twin is not None and not panel.worker.busy(), timeout=TIMEOUT_MS)
    panel.controls.set_method("occlusion")
    user_models.GATE.append(gate)
    panel.run_button.click()
    assert gate.wait_for_arrival()  # a batch of occluded images is in the forward pass
    finished = user_models.FINISHED[0]
    outcomes: list[Outcome] = []
    panel.worker.done.connect(outcomes.append)
    panel.cancel_button.click()
    gate.opened.set()
    qtbot.waitUntil(lambda: len(outcomes) == 1 and not panel.worker.busy(), timeout=TIMEOUT_MS)
    assert outcomes[0].cancelled
    assert user_models.FINISHED[0] == finished  # the batch stopped at its first layer, not at its end
    assert panel.twin is not None and hook_total(panel.twin) == 0


def test_a_scan_for_an_earlier_layer_is_dropped(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, gate: user_models.Gate
) -> None:
    window = user_window(qtbot, settings, tmp_path)
    panel = window.topk_panel
    window.docks["Top-9"].show()
    window.docks["Top-9"].raise_()
    panel.limit_box.setValue(200)
    panel.data_box.setCurrentIndex(panel.data_box.findData("digits"))
    panel.refresh()
    qtbot.waitUntil(lambda: panel.found is not None and not panel.scan_worker.busy(), timeout=TIMEOUT_MS)
    assert panel.layer_box.currentText() == "conv"
    user_models.GATE.append(gate)
    panel.scan_button.click()
    assert gate.wait_for_arrival()  # the scan's first batch is held
    outcomes: list[Outcome] = []
    panel.scan_worker.done.connect(outcomes.append)
    window.session.select_layer("pool")  # another layer while the scan runs
    gate.opened.set()
    latest = panel.request_id  # the pool probe; the panel's old conv probe stays until its answer comes
    qtbot.waitUntil(lambda: any(o.request_id == latest for o in outcomes), timeout=TIMEOUT_MS)
    found = panel.found
    assert found is not None and found.key.layer == "pool" and panel.layer_box.currentText() == "pool"
    assert panel.state is None or panel.state.layer == "pool"  # conv's scan is not shown for pool
    assert any(o.cancelled for o in outcomes)


def test_opening_another_model_while_training_stops_the_run(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    panel = window.training_panel
    start_training(window)
    try:
        open_model(window, "lenet5")  # the shipped LeNet-5 replaces the model being trained on screen
        wait_until(lambda: panel.state == "idle" and panel.last_summary is not None, 120)
    finally:
        panel.stop_and_wait()  # whatever happened, no question about a running training at teardown
    shipped = load_builtin("lenet5").module.state_dict()
    assert panel.last_summary is not None and panel.last_summary.outcome == "cancelled"
    assert not window.session.training
    draw_stroke(window.input_panel.canvas, STROKE)
    wait_answered(qtbot, window)
    bundle = window.session.bundle
    assert bundle is not None and bundle.source == "lenet5"
    for name, value in bundle.module.state_dict().items():  # no snapshot of the run reached it
        assert torch.equal(value, shipped[name]), name
    assert np.isfinite(window.session.result.probabilities).all()  # type: ignore[union-attr]
