"""The soak scenarios, shared by the tests and ``benchmarks/soak.py``.

:class:`StrokeDriver` draws the test digits on the real canvas one mouse event at a
time and waits after each until the session shows the answer to the newest input: one
*live update* per event, every one computed and displayed. Between digits it presses
Clear. A callback every few updates switches layers (or anything else).
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, QTimer
from PySide6.QtTest import QTest

from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import canvas_point
from tests.gui.strokes import DIGIT_STROKES, catmull_rom
from tests.reliability import probes

NO_MOD = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton
WAKE_MS = 5
QUIET_ROUNDS = 5  # spells of quiet in a row before giving up on the app settling


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Run the event loop until ``condition()`` holds (TimeoutError after ``timeout_s``).

    The loop sleeps in ``processEvents(WaitForMoreEvents)``, which lets other threads have
    the GIL, as the app's own event loop does (``QTest.qWait`` keeps it while it sleeps: the
    workers would crawl); a timer wakes it every few milliseconds to look again.
    """
    app = QCoreApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout_s
    waker = QTimer()
    waker.start(WAKE_MS)
    try:
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"not reached within {timeout_s} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        waker.stop()


def mouse_events(window: MainWindow) -> Iterator[Callable[[], None]]:
    """Endless mouse events drawing the digits 0–9 in turn, a Clear click after each digit."""
    canvas = window.input_panel.canvas
    for digit in itertools.cycle(range(10)):
        for stroke in DIGIT_STROKES[digit]:
            points = [canvas_point(canvas, x, y) for x, y in catmull_rom(stroke)]
            yield partial(QTest.mousePress, canvas, LEFT, NO_MOD, points[0])
            for point in points[1:]:
                yield partial(QTest.mouseMove, canvas, point)
            yield partial(QTest.mouseRelease, canvas, LEFT, NO_MOD, points[-1])
        yield window.input_panel.clear_button.click


@dataclass
class StrokeDriver:
    """Live updates on a window: each mouse event, then its answer on screen."""

    window: MainWindow
    timeout_s: float = 60.0

    def __post_init__(self) -> None:
        self._events = mouse_events(self.window)
        self.updates = 0

    def wait_shown(self) -> None:
        """Until the answer to the newest request is on screen."""
        session = self.window.session
        wait_until(lambda: session._shown_id == session._latest_id, self.timeout_s)

    def run(self, count: int, every: int = 0, between: Callable[[int], None] | None = None) -> None:
        """``count`` live updates; ``between(n)`` after every ``every`` of them (layer switches),
        counted over all runs of this driver (``n``: the updates so far)."""
        session = self.window.session
        for _ in range(count):
            before = session._latest_id
            while session._latest_id == before:  # a release without a move asks nothing
                next(self._events)()
            self.wait_shown()
            self.updates += 1
            if between is not None and every and self.updates % every == 0:
                between(self.updates)
                self.wait_shown()

    def finish_stroke(self) -> None:
        """Let go of the mouse (so the next count starts from a clean state)."""
        canvas = self.window.input_panel.canvas
        QTest.mouseRelease(canvas, LEFT, NO_MOD, canvas_point(canvas, 140, 140))
        self.wait_shown()


def layer_cycler(window: MainWindow, layers: list[str]) -> Callable[[int], None]:
    """A ``between`` callback that selects the next of ``layers`` each time."""
    names = itertools.cycle(layers)

    def switch(_done: int) -> None:
        window.session.select_layer(next(names))

    return switch


def map_layers(window: MainWindow, limit: int | None = None) -> list[str]:
    """Layers with spatial maps (what the Activations grid shows), in order."""
    summary = window.session.summary
    assert summary is not None
    names = [row.name for row in summary.rows if len(row.output_shape) == 3]
    return names if limit is None else names[:: max(1, len(names) // limit)][:limit]


@dataclass(frozen=True)
class SoakFigures:
    """One soak: how many updates, how long, and the resources before and after."""

    label: str
    updates: int
    seconds: float
    before: probes.Resources
    after: probes.Resources
    rss_trend: list[int]  # resident memory after each equal part of the soak

    @property
    def growth(self) -> float:
        return probes.growth(self.before, self.after)

    def line(self) -> str:
        b, a = self.before, self.after
        return (
            f"{self.label}: {self.updates} updates in {self.seconds:.0f} s "
            f"({1000 * self.seconds / max(self.updates, 1):.1f} ms each); "
            f"RSS {b.rss / 2**20:.1f} → {a.rss / 2**20:.1f} MiB ({100 * self.growth:+.2f} %; "
            f"along the way {' '.join(f'{rss / 2**20:.0f}' for rss in self.rss_trend)}); "
            f"hooks {b.module_hooks}+{b.global_hooks} → {a.module_hooks}+{a.global_hooks}; "
            f"threads {b.python_threads}/{b.native_threads}/{b.running_qthreads} → "
            f"{a.python_threads}/{a.native_threads}/{a.running_qthreads}; "
            f"top-level widgets {b.top_level_widgets} → {a.top_level_widgets}"
        )


def quiet(window: MainWindow | None = None, timeout_s: float = 120.0) -> None:
    """Until no thread but the inference worker runs (a probe or a load started on the side ends),
    ``window``'s newest request is answered (its recording hooks are gone), and running the events
    still pending starts nothing new (a panel copies a new model one event-loop turn late, then
    refreshes on another thread)."""

    def others() -> int:
        threads = [o for o in gc.get_objects() if issubclass(type(o), QThread) and shiboken6.isValid(o)]
        return sum(1 for t in threads if t.isRunning() and t.objectName() != "cnnviz-inference")

    def calm() -> bool:
        session = window.session if window is not None else None
        answered = session is None or session.result is None or session._shown_id == session._latest_id
        return others() == 0 and answered

    for _ in range(QUIET_ROUNDS):
        wait_until(calm, timeout_s)
        probes.settle()  # the pending events run now, not while the resources are counted
        if calm():
            return
    raise TimeoutError(f"the app kept starting work after {QUIET_ROUNDS} quiet spells")


def soak(
    driver: StrokeDriver,
    label: str,
    count: int,
    warm_up: int,
    every: int = 0,
    between: Callable[[int], None] | None = None,
    parts: int = 0,
) -> SoakFigures:
    """``warm_up`` updates, a baseline, ``count`` more updates in ``parts`` (the resident memory
    after each; default 5 from 1,000 updates, else 1), the resources again."""
    parts = parts or (5 if count >= 1000 else 1)
    driver.run(warm_up, every, between)
    driver.finish_stroke()
    quiet(driver.window)
    before = probes.take()
    seconds, trend = 0.0, []
    for part in range(parts):
        start = time.perf_counter()
        driver.run(count // parts + (count % parts if part == parts - 1 else 0), every, between)
        seconds += time.perf_counter() - start
        driver.finish_stroke()
        probes.settle()
        trend.append(probes.rss_bytes())
    quiet(driver.window)
    return SoakFigures(label, count, seconds, before, probes.take(), trend)


def open_model(window: MainWindow, source: str, timeout_s: float = 120.0) -> None:
    """Open a model the way File ▸ Open does and wait until it is shown."""
    window.open_model(source)
    wait_until(
        lambda: window.session.bundle is not None and window.session.bundle.source == source, timeout_s
    )


@dataclass(frozen=True)
class TrainingFigures:
    """A training run with the live panels on: resident memory at each epoch's end, resources."""

    epochs: int
    seconds: float
    rss_at_epoch: list[int]
    before: probes.Resources
    after: probes.Resources
    warm_up_epochs: int
    snapshots: int  # weight snapshots the timeline keeps (by design: scrubbing back through the run)
    snapshot_bytes: int

    @property
    def growth(self) -> float:
        """Largest resident memory after the warm-up epochs, relative to the end of the warm-up."""
        base = self.rss_at_epoch[self.warm_up_epochs - 1]
        return max(self.rss_at_epoch[self.warm_up_epochs - 1 :]) / base - 1.0

    @property
    def growth_besides_snapshots(self) -> float:
        """:attr:`growth` less the snapshots kept after the warm-up (their share of the total)."""
        base = self.rss_at_epoch[self.warm_up_epochs - 1]
        kept_after = self.snapshot_bytes * (1 - self.warm_up_epochs / self.epochs)
        return (max(self.rss_at_epoch[self.warm_up_epochs - 1 :]) - kept_after) / base - 1.0

    def line(self) -> str:
        mib = [f"{rss / 2**20:.0f}" for rss in self.rss_at_epoch]
        b, a = self.before, self.after
        return (
            f"training: {self.epochs} epochs in {self.seconds:.0f} s; RSS at each epoch's end (MiB) "
            f"{' '.join(mib)}; growth after epoch {self.warm_up_epochs}: {100 * self.growth:+.2f} %, "
            f"{100 * self.growth_besides_snapshots:+.2f} % besides the timeline's {self.snapshots} "
            f"snapshots ({self.snapshot_bytes / 2**20:.1f} MiB); "
            f"hooks {b.module_hooks} → {a.module_hooks}; threads {b.native_threads} → {a.native_threads}; "
            f"top-level widgets {b.top_level_widgets} → {a.top_level_widgets}"
        )


def show_live_panels(window: MainWindow) -> None:
    """Training, Activations and Filters on screen, a digit on the canvas."""
    window.docks["Training"].show()
    window.docks["Filters"].raise_()
    driver = StrokeDriver(window)
    driver.run(20)
    driver.finish_stroke()


def train(
    window: MainWindow, epochs: int, train_size: int, timeout_s: float = 3600.0
) -> tuple[float, list[int]]:
    """Train a new LeNet-5 on the synthetic digits from the Training panel; (seconds, RSS at
    each epoch's end)."""
    panel, form = window.training_panel, window.training_panel.form
    for combo, key in ((form.model, "lenet5"), (form.dataset, "digits")):
        combo.setCurrentIndex(combo.findData(key))
    form.train_size.setValue(train_size)
    form.val_size.setValue(100)
    form.epochs.setValue(epochs)
    form.batch.setValue(32)
    rss: list[int] = []

    def epoch_end(_record: object) -> None:
        probes.trim()
        rss.append(probes.rss_bytes())

    start = time.perf_counter()
    assert panel.start()
    assert panel.worker is not None
    panel.worker.epoch_end.connect(epoch_end)
    wait_until(lambda: panel.state == "idle" and panel.last_summary is not None, timeout_s)
    seconds = time.perf_counter() - start
    assert panel.last_summary is not None and panel.last_summary.outcome == "finished"
    panel.worker.wait()
    return seconds, rss


def train_soak(window: MainWindow, epochs: int, train_size: int, warm_up_epochs: int = 2) -> TrainingFigures:
    """A one-epoch warm-up run (torch's thread pools reach their size), a baseline, then a run of
    ``epochs`` with the live panels on, and the resources again."""
    show_live_panels(window)
    train(window, 1, 64)
    quiet(window)
    before = probes.take()
    seconds, rss = train(window, epochs, train_size)
    quiet(window)
    snapshots = window.training_panel.timeline.snapshots
    size = sum(
        t.numel() * t.element_size() for s in snapshots for t in s.state.values() if hasattr(t, "numel")
    )
    return TrainingFigures(epochs, seconds, rss, before, probes.take(), warm_up_epochs, len(snapshots), size)
