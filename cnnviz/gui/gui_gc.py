"""Python's cyclic garbage collector, run from the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate when a
generation fills up: a model loader, an inference or training worker. When the
garbage it finds holds Qt widgets (a closed window, a menu in a reference cycle),
their C++ destructors then run in that worker thread, take Qt's locks there and
wait for the GIL that the GUI thread holds while it waits for those locks: the
application freezes for good (seen in CI: a loader thread collecting a QMenu).
So automatic collection is switched off and a timer in the GUI thread collects
the generations that have filled up, as often as the collector would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
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


def collect_in_gui_thread(app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Disable automatic collection and collect from ``app``'s thread by a timer (idempotent)."""
    existing = app.findChild(QTimer, _TIMER_NAME)
    if isinstance(existing, QTimer):
        return existing
    collector = GenerationalCollector()
    timer = QTimer(app)
    timer.setObjectName(_TIMER_NAME)

    def check() -> None:  # a slot must return None
        collector.check()

    timer.timeout.connect(check)
    gc.disable()
    timer.start(interval_ms)
    return timer


def gui_thread_gc_timer(app: QObject) -> QTimer | None:
    """The timer installed by :func:`collect_in_gui_thread`, if any."""
    timer = app.findChild(QTimer, _TIMER_NAME)
    return timer if isinstance(timer, QTimer) else None
