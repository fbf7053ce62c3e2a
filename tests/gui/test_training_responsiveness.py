"""What keeps the GUI responsive while training: a lower-priority worker, few reports, cheap curves."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGraphicsItem
from pytestqt.qtbot import QtBot

from cnnviz.core.builtins import lenet5
from cnnviz.core.training import TrainConfig
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.training_worker import (
    EMIT_INTERVAL_S,
    TRAINING_NICE,
    RunSummary,
    TrainingJob,
    TrainingWorker,
)
from tests.gui.test_training_panel import small_run, wait_idle

RUN_TIMEOUT_MS = 120_000


def thread_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_the_training_thread_runs_below_the_gui(qtbot: QtBot) -> None:
    seen: list[int] = []
    job = TrainingJob(None, "digits", 0, 10, TrainConfig())  # 0 samples: fails at once, in the thread
    worker = TrainingWorker(job)
    worker.done.connect(lambda _summary: seen.append(thread_nice()), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(worker.done, timeout=RUN_TIMEOUT_MS) as blocker:
        worker.start_low()
    worker.wait()
    summary = blocker.args[0]
    assert isinstance(summary, RunSummary) and summary.outcome == "failed"
    assert seen == [min(19, thread_nice() + TRAINING_NICE)]
    assert thread_nice() < seen[0]  # the GUI thread itself is left alone


@pytest.mark.parametrize("snapshot_every", [0, 5])
def test_progress_reaches_the_gui_at_most_four_times_a_second(qtbot: QtBot, snapshot_every: int) -> None:
    sent: list[tuple[float, int, int]] = []
    config = TrainConfig(batch_size=8, epochs=1, snapshot_every=snapshot_every)  # 5: a record before step 1
    worker = TrainingWorker(TrainingJob(lenet5(), "digits", 400, 20, config))
    worker.progress.connect(
        lambda r: sent.append((time.perf_counter(), r.step, r.steps_per_epoch)),
        Qt.ConnectionType.DirectConnection,
    )
    with qtbot.waitSignal(worker.done, timeout=RUN_TIMEOUT_MS) as blocker:
        worker.start_low()
    worker.wait()
    assert blocker.args[0].outcome == "finished", blocker.args[0].message
    assert sent[0][1] == 1 and sent[-1][1] == sent[-1][2] == 50  # the first and the epoch's last step
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(sent) if b[1] != b[2]]
    assert all(gap >= EMIT_INTERVAL_S - 0.01 for gap in gaps)  # timed in the slot, just after each report
    assert len(sent) < 50  # 50 steps, far fewer reports


def test_a_new_model_is_presented_from_the_thread_and_training_waits_for_the_switch(qtbot: QtBot) -> None:
    """The panels' copy and its description are made in the worker; the run goes on once the GUI
    has switched to that copy (model_shown), so every report comes after the model it is about."""
    presenting: list[int] = []
    reports: list[int] = []
    loaded: list[object] = []

    def present(module: object) -> tuple[str, object]:
        presenting.append(threading.get_ident())
        return ("the panels' copy", module)

    job = TrainingJob(lenet5(), "digits", 64, 10, TrainConfig(batch_size=32, epochs=1))
    job.present = present
    worker = TrainingWorker(job)
    worker.progress.connect(lambda r: reports.append(r.step), Qt.ConnectionType.DirectConnection)
    presented: list[object] = []
    worker.model_ready.connect(presented.append)
    worker.dataset_ready.connect(loaded.append)
    try:
        with qtbot.waitSignal(worker.model_ready, timeout=RUN_TIMEOUT_MS):
            worker.start_low()
        assert presenting and presenting[0] != threading.get_ident()
        assert presented == [("the panels' copy", job.model)]
        qtbot.wait(300)
        assert worker.isRunning() and reports == [] and loaded == []  # all waits for the switch
        with qtbot.waitSignal(worker.done, timeout=RUN_TIMEOUT_MS) as blocker:
            worker.model_shown()
    finally:
        worker.cancel()
        worker.wait()
    assert blocker.args[0].outcome == "finished", blocker.args[0].message
    assert reports[-1] == 2 and len(loaded) == 1


def test_curves_span_the_whole_run_and_axes_repaint_from_a_cache(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    plots = panel.plots
    for plot in (plots.loss_plot, plots.acc_plot):
        for name in ("left", "bottom"):
            assert plot.getAxis(name).cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    small_run(panel, epochs=2, train=512)  # batch 32: 16 steps an epoch
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(plots.curves["train_loss"].x) >= 1, timeout=RUN_TIMEOUT_MS)
    assert plots.total_steps == 32
    wait_idle(qtbot, panel)
    for plot in (plots.loss_plot, plots.acc_plot):
        low, high = plot.viewRange()[0]
        assert -1 < low <= 0 and 32 <= high < 33  # the whole run, with a 2% margin
        assert not plot.getViewBox().autoRangeEnabled()[0]
    assert plots.curves["train_loss"].x[-1] == 32
    plots.clear()
    assert plots.total_steps is None
    assert all(plot.getViewBox().autoRangeEnabled()[0] for plot in (plots.loss_plot, plots.acc_plot))


def test_the_window_timers_run_between_the_steps_of_the_start(qtbot: QtBot, window: MainWindow) -> None:
    """The click only starts the thread; the copy and its description are made there, and the
    switch is a turn of its own: a due timer runs between the click and the switch."""
    panel = window.training_panel
    small_run(panel, epochs=1, train=256)
    ticks, at_switch = [0], []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    window.session.model_changed.connect(lambda _bundle: at_switch.append(ticks[0]))
    timer.start()
    panel.start_button.click()
    qtbot.waitUntil(lambda: bool(at_switch), timeout=RUN_TIMEOUT_MS)
    timer.stop()
    assert at_switch[0] >= 1  # the timer ran after the click's turn, before the switch's
    wait_idle(qtbot, panel)
