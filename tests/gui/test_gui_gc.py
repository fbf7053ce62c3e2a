"""Cyclic garbage is collected in the GUI thread only (a Qt widget destroyed in a worker deadlocks)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.gui_gc import collect_full_generations, gui_thread_gc_timer


class Cycle:
    """An object in a reference cycle, holding a widget, noting the thread that finalises it."""

    def __init__(self, seen: list[bool]) -> None:
        self.me = self
        self.widget = QWidget()
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(QThread.currentThread() is QApplication.instance().thread())


def allocate_in_worker(count: int) -> list[list[int]]:
    """Allocate (and keep) many container objects in a plain thread."""
    kept: list[list[int]] = []

    def churn() -> None:
        kept.extend([] for _ in range(count))

    thread = threading.Thread(target=churn)
    thread.start()
    thread.join()
    return kept


def test_the_app_collects_from_a_gui_thread_timer(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert not gc.isenabled()  # create_application switched automatic collection off
    timer = gui_thread_gc_timer(app)
    assert timer is not None and timer.isActive()
    seen: list[bool] = []
    ref = weakref.ref(Cycle(seen))
    kept = allocate_in_worker(50_000)  # far beyond the gen-0 threshold: the collector would run there
    assert ref() is not None and seen == []
    qtbot.waitUntil(lambda: ref() is None, timeout=10_000)  # the timer's collection, in this thread
    assert seen == [True] and len(kept) == 50_000


def test_only_generations_past_their_threshold_are_collected() -> None:
    gc.collect()
    assert collect_full_generations((10**9, 10**9, 10**9)) == 0
    seen: list[bool] = []
    ref = weakref.ref(Cycle(seen))
    assert ref() is not None
    found = collect_full_generations((0, 10**9, 10**9))  # gen 0 has passed a threshold of 0
    assert found >= 1 and ref() is None and seen == [True]
