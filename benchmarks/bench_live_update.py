"""Stroke event → prediction and activation grid repainted, against a bare forward pass.

For each model, a mouse-move event is sent to the real canvas of the real main
window (offscreen); the clock stops when both the Prediction bars and the
Activations grid have painted the result of that event. The baseline, measured
in the same process, is a bare forward pass with activation capture on the
already-preprocessed tensor. Run: python benchmarks/bench_live_update.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.as_shipped  # noqa: F401  (first: the process leaves Triton out, as the app does)

# isort: split

import torch
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.stats import summary_ms
from cnnviz.core.recording import recording
from cnnviz.gui.app import create_application
from cnnviz.gui.main_window import MainWindow


class PaintClock(QObject):
    """Remembers when a widget last painted."""

    def __init__(self) -> None:
        super().__init__()
        self.last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.last = time.perf_counter()
        return False


def wait(app: QApplication, condition, timeout: float = 30.0) -> None:
    """Run the event loop as the app would (sleeping while idle) until condition holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not answer in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def exec_until(condition: Callable[[], bool], timeout: float, check_ms: int = 100) -> None:
    """Run a real event loop, as ``app.exec()`` does in the app, until condition holds.

    Unlike :func:`wait`, Python runs only for the events' own slots and a check every
    ``check_ms``, not after every batch of events: for measuring what the app costs beside
    another thread's work (the training benchmark), the waiting must not add its own.
    """
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    checker = QTimer()
    checker.timeout.connect(check)
    checker.start(check_ms)
    try:
        if not condition():
            loop.exec()
    finally:
        checker.stop()
    if not condition():
        raise TimeoutError("the app did not answer in time")


def open_window(app: QApplication, model: str, timeout: float = 30.0) -> MainWindow:
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.show()
    window.start(model)
    wait(app, lambda: window.session.bundle is not None, timeout)
    return window


def canvas_point(window: MainWindow, x: float, y: float) -> QPoint:
    rect = window.input_panel.canvas.target_rect()
    return QPoint(round(rect.x() + x * rect.width() / 280), round(rect.y() + y * rect.height() / 280))


def measure_app(app: QApplication, window: MainWindow, events: int) -> list[float]:
    """Latency of each mouse-move event until both views have repainted its result."""
    canvas, session = window.input_panel.canvas, window.session
    clocks = [PaintClock(), PaintClock()]
    window.activations_panel.grid_widget.viewport().installEventFilter(clocks[0])
    window.prediction_panel.chart.installEventFilter(clocks[1])
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, canvas_point(window, 60, 60)
    )
    samples = []
    for i in range(events):
        angle = i * 0.21
        x, y = (
            140 + 70 * torch.cos(torch.tensor(angle)).item(),
            140 + 90 * torch.sin(torch.tensor(angle)).item(),
        )
        start = time.perf_counter()
        QTest.mouseMove(canvas, canvas_point(window, x, y))
        target = session._latest_id
        wait(app, lambda t=target: session._shown_id >= t)
        wait(app, lambda s=start: min(c.last for c in clocks) > s)
        samples.append(max(c.last for c in clocks) - start)
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, canvas_point(window, 60, 60)
    )
    return samples


def measure_bare(window: MainWindow, repeats: int) -> list[float]:
    """A forward pass with capture of the same layer, on the tensor the app computed."""
    session = window.session
    model, layer = session.bundle.module, session.layer  # type: ignore[union-attr]
    x = torch.from_numpy(session.result.model_input)[None]  # type: ignore[union-attr]
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        with torch.no_grad(), recording(model, capture={layer}.__contains__):
            model(x)
        samples.append(time.perf_counter() - start)
    return samples


def row(model: str, what: str, stats: dict[str, float], ratio: float) -> str:
    """One line of the results table."""
    return f"{model:<8} {what:<28} {stats['p50']:8.2f} {stats['p95']:8.2f} {ratio:10.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--models", nargs="+", default=["lenet5", "tinyvgg"])
    args = parser.parse_args()
    app = create_application([])
    heartbeat = QTimer()  # wakes the waiting loop now and then, like any real event source
    heartbeat.start(20)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores")
    print(f"{'model':<8} {'what':<28} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10}")
    for model in args.models:
        window = open_window(app, model)
        measure_app(app, window, 30)  # warm-up
        app_stats = summary_ms(measure_app(app, window, args.events))
        bare_stats = summary_ms(measure_bare(window, args.events))
        print(row(model, "bare forward + capture", bare_stats, 1.0))
        print(row(model, "stroke → repainted (app)", app_stats, app_stats["p95"] / bare_stats["p95"]))
        window.close()


if __name__ == "__main__":
    main()
