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


def collect_full_generations(thresholds: tuple[int, int, int]) -> int:
    """Collect the oldest generation whose count passed its threshold; unreachable objects found."""
    counts = gc.get_count()
    generation = -1
    for level in range(3):
        if counts[level] <= thresholds[level]:
            break
        generation = level
    return gc.collect(generation) if generation >= 0 else 0


def collect_in_gui_thread(app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Disable automatic collection and collect from ``app``'s thread by a timer (idempotent)."""
    existing = app.findChild(QTimer, _TIMER_NAME)
    if isinstance(existing, QTimer):
        return existing
    thresholds = gc.get_threshold()
    timer = QTimer(app)
    timer.setObjectName(_TIMER_NAME)

    def check() -> None:  # a slot must return None
        collect_full_generations((thresholds[0], thresholds[1], thresholds[2]))

    timer.timeout.connect(check)
    gc.disable()
    timer.start(interval_ms)
    return timer


def gui_thread_gc_timer(app: QObject) -> QTimer | None:
    """The timer installed by :func:`collect_in_gui_thread`, if any."""
    timer = app.findChild(QTimer, _TIMER_NAME)
    return timer if isinstance(timer, QTimer) else None
