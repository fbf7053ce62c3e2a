"""Qt paints in the GUI thread: its own thread pool never wakes (cnnviz.gui.app.paint_in_the_gui_thread)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cnnviz.gui.app import NO_PAINT_POOL_ENV
from cnnviz.gui.main_window import MainWindow

POOL_THREAD = "Thread (pooled)"  # how Qt names a QThreadPool's threads


def pool_thread_wakes() -> int:
    """Context switches of this process's Qt pool threads so far (0 when there are none)."""
    wakes = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            if (task / "comm").read_text().strip() != POOL_THREAD:
                continue
            status = (task / "status").read_text().splitlines()
        except FileNotFoundError:  # the thread ended meanwhile
            continue
        wakes += sum(int(line.split()[1]) for line in status if line.split(":")[0].endswith("ctxt_switches"))
    return wakes


def test_the_application_asks_qt_to_paint_without_its_pool() -> None:
    assert os.environ.get(NO_PAINT_POOL_ENV) == "1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
def test_training_curves_and_progress_repaint_without_qt_threads(qtbot: QtBot, window: MainWindow) -> None:
    window.docks["Training"].show()
    panel = window.training_panel
    panel.plots.show_steps(400)
    qtbot.wait(50)
    before = pool_thread_wakes()
    for step in range(1, 40):
        panel.plots.add_step(step, 2.3 - step / 40, step / 40)
        panel.progress_bar.setValue(25 * step)
        qtbot.wait(5)
    painted = panel.plots.curves["train_loss"].item.getData()[0]
    assert painted is not None and len(painted) == 39  # the curves did change
    assert pool_thread_wakes() == before
