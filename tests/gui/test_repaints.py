"""A new prediction repaints the views that changed, not the window and docks around them."""

from __future__ import annotations

from collections import Counter

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, wait_for_latest


class Paints(QObject):
    """Counts paint events by the painted widget's object name (or class)."""

    def __init__(self) -> None:
        super().__init__()
        self.count: Counter[str] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.count[watched.objectName() or type(watched).__name__] += 1
        return False


def test_a_new_prediction_repaints_only_what_it_changed(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    draw_digit(canvas, 3)
    wait_for_latest(qtbot, window)
    qtbot.wait(200)  # everything painted once
    paints = Paints()
    app = QApplication.instance()
    app.installEventFilter(paints)
    try:
        draw_digit(canvas, 7)  # a different digit: new bars, maps and model input
        wait_for_latest(qtbot, window)
        qtbot.wait(200)
    finally:
        app.removeEventFilter(paints)
    assert paints.count["probabilityChart"] > 0 and paints.count["actualSizeInput"] > 0
    around = ("cnnvizMainWindow", "inputDock", "predictionDock", "activationsDock", "predictionPanel")
    assert {name: paints.count[name] for name in around} == dict.fromkeys(around, 0)


def test_the_forward_time_shows_at_most_four_times_a_second(qtbot: QtBot, window: MainWindow) -> None:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.summary import ModelSummary
    from cnnviz.gui.status import TIMING_INTERVAL_MS, StatusBar

    bar = window.findChild(StatusBar)
    assert bar is not None
    qtbot.waitUntil(lambda: not bar._timing_hold.isActive(), timeout=3000)  # the first result's hold is over

    def answer(seconds: float) -> None:
        summary = ModelSummary([], 0, 0)
        bar._timing(InferenceResult(1, "m", np.zeros(1), np.ones(1), summary, seconds=seconds))

    answer(0.0123)
    assert bar.timing.text() == "forward 12.3 ms"  # the first shows at once
    answer(0.0456)
    answer(0.0789)
    assert bar.timing.text() == "forward 12.3 ms"  # the next ones wait for the interval
    assert bar._timing_hold.isActive()
    newest = "forward 78.9 ms"
    qtbot.waitUntil(lambda: bar.timing.text() == newest, timeout=TIMING_INTERVAL_MS * 4)
