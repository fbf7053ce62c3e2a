"""Python's cyclic garbage collector, run from the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate when a
generation fills up: a model loader, an inference or training worker. When the
garbage it finds holds Qt widgets (a closed window, a menu in a reference cycle),
their C++ destructors then run in that worker thread, take Qt's locks there and
wait for the GIL that the GUI thread holds while it waits for those locks: the
application freezes for good (seen in CI: a loader thread collecting a QMenu).
So automatic collection is switched off and a timer in the GUI thread collects
the generations that have filled up, as often as the collector would have.

Once the heavy imports are done (torch, torchvision, Qt and the app: about 400,000
objects that live as long as the process), the first model's loader asks for them
to be frozen (``gc.freeze``) before it builds the model: every later full collection
walked them all, 0.2 s of a frozen window at any moment, a training run included;
afterwards it walks only what the session made.
"""

from __future__ import annotations

import gc
import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

INTERVAL_MS = 500
FREEZE_WAIT_S = 3.0  # the most a loader waits for the GUI thread to freeze the start-up objects
_TIMER_NAME = "cnnvizGuiThreadGc"


class GenerationalCollector:
    """CPython's collection policy, run on demand: generation 0 when its count passes its
    threshold, 1 when that has happened often enough, and the full, slow collection (≈0.2 s
    with torch and Qt loaded) only once the objects promoted to the oldest generation since the
    last one exceed a quarter of it — the rule that keeps the interpreter's own full
    collections rare."""

    def __init__(self, thresholds: tuple[int, int, int] | None = None) -> None:
        t = thresholds or gc.get_threshold()
        self.thresholds = (t[0], t[1], t[2])
        self.pending = 0  # objects promoted to generation 2 since the last full collection
        self.long_lived = len(gc.get_objects(generation=2))

    def full_collection_due(self) -> bool:
        """Whether enough objects reached generation 2 for a full collection to pay off."""
        return gc.get_count()[2] > self.thresholds[2] and self.pending > self.long_lived // 4

    def collect_and_freeze(self) -> None:
        """Collect everything, then keep every object alive now out of later collections."""
        gc.collect(2)
        gc.freeze()
        self.pending, self.long_lived = 0, len(gc.get_objects(generation=2))

    def check(self) -> int:
        """Collect what is due; the oldest generation collected (-1: none)."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return -1
        if counts[1] <= self.thresholds[1]:
            gc.collect(0)
            return 0
        if self.full_collection_due():
            gc.collect(2)
            self.pending, self.long_lived = 0, len(gc.get_objects(generation=2))
            return 2
        young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
        self.pending += max(0, young - gc.collect(1))
        return 1


class StartUpFreezer(QObject):
    """Freezes the start-up objects in the GUI thread when a loader thread asks, once per process."""

    _wanted = Signal()

    def __init__(self, collector: GenerationalCollector, parent: QObject) -> None:
        super().__init__(parent)
        self.collector = collector
        self.frozen = threading.Event()
        self._asked = threading.Lock()
        self._wanted.connect(self._freeze, Qt.ConnectionType.QueuedConnection)

    def request(self, stop: threading.Event | None = None, timeout_s: float = FREEZE_WAIT_S) -> bool:
        """From a worker thread: ask for the freeze and wait until it is done (True), the
        timeout passes or ``stop`` is set (False: the load goes on unfrozen)."""
        if not self.frozen.is_set() and self._asked.acquire(blocking=False):
            self._wanted.emit()  # the first caller asks; later ones only wait
        deadline = time.monotonic() + timeout_s
        while not self.frozen.wait(0.05):
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                return False
        return True

    def _freeze(self) -> None:
        if not self.frozen.is_set():
            self.collector.collect_and_freeze()
            self.frozen.set()


_FREEZER: StartUpFreezer | None = None


def collect_in_gui_thread(app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Disable automatic collection and collect from ``app``'s thread by a timer (idempotent)."""
    global _FREEZER
    existing = app.findChild(QTimer, _TIMER_NAME)
    if isinstance(existing, QTimer):
        return existing
    collector = GenerationalCollector()
    timer = QTimer(app)
    timer.setObjectName(_TIMER_NAME)

    def check() -> None:  # a slot must return None
        collector.check()

    timer.timeout.connect(check)
    _FREEZER = StartUpFreezer(collector, app)
    gc.disable()
    timer.start(interval_ms)
    return timer


def freeze_start_up_objects(stop: threading.Event | None = None) -> bool:
    """From a loader thread, before it builds a model: have the GUI thread collect and freeze
    everything alive (the imports); False when no GUI-thread collector runs or it did not answer."""
    freezer = _FREEZER
    try:
        return freezer is not None and freezer.request(stop)
    except RuntimeError:  # the application, and the freezer with it, is gone
        return False


def gui_thread_gc_timer(app: QObject) -> QTimer | None:
    """The timer installed by :func:`collect_in_gui_thread`, if any."""
    timer = app.findChild(QTimer, _TIMER_NAME)
    return timer if isinstance(timer, QTimer) else None
