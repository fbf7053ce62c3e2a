"""While a run trains, the inference thread holds no OpenMP team and the GUI thread never starts one.

An idle team of threads (one per thread that ever ran a parallel torch operation) makes GNU
OpenMP put every other team's threads to sleep between operations: on 2 cores, the app then
trained at 0.71× the speed of the same loop in a plain script.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
import torch
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.core.test_threads import default_count, threads_named
from tests.gui.conftest import draw_digit, wait_for_latest
from tests.gui.test_training_panel import small_run, wait_idle

INFERENCE_THREAD = "cnnviz-inferenc"  # Qt's thread name, cut to Linux's 15 characters
on_linux = sys.platform.startswith("linux")
needs_threads = pytest.mark.skipif(default_count() < 2, reason="torch runs one thread here")


def inference_thread_has_team(qtbot: QtBot, team: bool) -> None:
    """Wait until the inference thread holds a team of helper threads, or none (Linux; elsewhere
    nothing). The team's size depends on the work and the cores: more than one thread is a team."""
    if on_linux:
        qtbot.waitUntil(lambda: (threads_named(INFERENCE_THREAD) > 1) == team, timeout=10_000)


def test_the_gui_thread_computes_on_one_thread(window: MainWindow) -> None:
    assert window.session.bundle is not None  # a model was loaded and shown here
    assert torch.get_num_threads() == 1


@needs_threads
def test_the_inference_thread_gives_its_team_up_while_training_and_takes_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    session, worker = window.session, window.session._worker
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    assert session.result is not None
    before = session.result.probabilities.copy()
    assert worker.threads_in_use == default_count()
    inference_thread_has_team(qtbot, True)

    session.set_training(True)
    session.request()
    qtbot.waitUntil(lambda: worker.threads_in_use == 1, timeout=10_000)
    wait_for_latest(qtbot, window)
    inference_thread_has_team(qtbot, False)  # the old thread ended, and its team with it
    np.testing.assert_allclose(session.result.probabilities, before, rtol=1e-5, atol=1e-7)

    session.set_training(False)
    session.request()
    qtbot.waitUntil(lambda: worker.threads_in_use == default_count(), timeout=10_000)
    wait_for_latest(qtbot, window)
    inference_thread_has_team(qtbot, True)
    np.testing.assert_allclose(session.result.probabilities, before, rtol=1e-5, atol=1e-7)


@needs_threads
def test_a_run_shows_its_snapshots_computed_on_one_thread(qtbot: QtBot, window: MainWindow) -> None:
    session, worker = window.session, window.session._worker
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    seen: list[tuple[bool, int]] = []
    session.result_ready.connect(lambda _result: seen.append((session.training, worker.threads_in_use)))
    panel = window.training_panel
    small_run(panel, epochs=2, train=1024)
    panel.start_button.click()
    wait_idle(qtbot, panel)
    assert panel.last_summary is not None and panel.last_summary.outcome == "finished"
    assert (True, 1) in seen  # snapshots shown during the run
    session.request()
    wait_for_latest(qtbot, window)
    assert not session.training and worker.threads_in_use == default_count()


def test_a_run_ending_at_once_leaves_the_inference_thread_working(qtbot: QtBot, window: MainWindow) -> None:
    """Training announced and ended before the thread could restart (a run that fails at start)."""
    session, worker = window.session, window.session._worker
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    before = session.result.probabilities.copy()
    session.set_training(True)
    assert worker.wait(10_000)  # the thread ended; its restart waits in the event queue
    session.set_training(False)
    session.request()
    wait_for_latest(qtbot, window)
    qtbot.waitUntil(worker.isRunning, timeout=10_000)
    assert worker.threads_in_use == default_count()
    np.testing.assert_allclose(session.result.probabilities, before, rtol=1e-5, atol=1e-7)
