"""Cyclic garbage is collected in the GUI thread only (a Qt widget destroyed in a worker deadlocks)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.gui_gc import (
    GenerationalCollector,
    StartUpFreezer,
    freeze_start_up_objects,
    gui_thread_gc_timer,
)
from cnnviz.gui.main_window import MainWindow


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


def test_generation_0_is_collected_when_its_count_passes_the_threshold() -> None:
    gc.collect()
    assert GenerationalCollector((10**9, 10**9, 10**9)).check() == -1  # nothing due
    seen: list[bool] = []
    ref = weakref.ref(Cycle(seen))
    assert ref() is not None
    assert GenerationalCollector((0, 10**9, 10**9)).check() == 0  # gen 0 passed a threshold of 0
    assert ref() is None and seen == [True]


def checks_until(collector: GenerationalCollector, level: int, kept: list[list[int]]) -> list[int]:
    """Allocate and check until ``level`` is collected (at most 20 rounds); the levels seen."""
    seen: list[int] = []
    while level not in seen and len(seen) < 20:
        kept += allocate_in_worker(10)
        seen.append(collector.check())
    return seen


def test_the_full_collection_waits_for_a_quarter_of_the_oldest_generation() -> None:
    collector = GenerationalCollector((0, 0, 0))
    collector.long_lived, collector.pending = 1_000_000, 0
    kept = allocate_in_worker(5_000)  # young objects that survive: promoted, counted as pending
    levels = checks_until(collector, 1, kept) + checks_until(collector, 1, kept)
    assert levels.count(1) == 2 and 2 not in levels  # generation 2's count is past 0, few are new
    assert collector.pending >= 5_000
    collector.pending = 250_001
    assert checks_until(collector, 2, kept)[-1] == 2 and collector.pending == 0
    assert abs(collector.long_lived - len(gc.get_objects(generation=2))) < 100 and len(kept) > 5_000


def request_in_thread(freezer: StartUpFreezer, **kwargs: object) -> tuple[threading.Thread, list[bool]]:
    """A loader-like thread asking ``freezer`` for the freeze; its answer lands in the list."""
    answers: list[bool] = []
    thread = threading.Thread(target=lambda: answers.append(freezer.request(**kwargs)))  # type: ignore[arg-type]
    thread.start()
    return thread, answers


def test_a_loader_thread_has_the_gui_thread_collect_and_freeze(qtbot: QtBot) -> None:
    freezer = StartUpFreezer(GenerationalCollector(), QApplication.instance())
    seen: list[bool] = []
    garbage = weakref.ref(Cycle(seen))  # cyclic garbage from the imports: collected, not frozen
    alive = Cycle([])
    frozen_before = gc.get_freeze_count()
    thread, answers = request_in_thread(freezer)
    qtbot.waitUntil(lambda: answers == [True], timeout=10_000)  # the queued call ran in this thread
    thread.join()
    assert garbage() is None and seen == [True]
    assert gc.get_freeze_count() > frozen_before and alive not in gc.get_objects()  # out of sight
    later = weakref.ref(Cycle([]))  # what the session makes afterwards stays collectable
    gc.collect()
    assert later() is None
    assert freezer.request(timeout_s=0.0)  # done once: later loads do not wait


def test_a_loader_goes_on_unfrozen_when_the_gui_thread_cannot_answer() -> None:
    freezer = StartUpFreezer(GenerationalCollector(), QApplication.instance())
    frozen_before = gc.get_freeze_count()
    assert not freezer.request(timeout_s=0.2)  # asked from the GUI thread itself: nothing runs the call
    stop = threading.Event()
    thread, answers = request_in_thread(freezer, stop=stop, timeout_s=60.0)
    stop.set()  # the load was cancelled
    thread.join(5.0)
    # nothing was frozen (frozen objects may still die meanwhile: another test's thread ending)
    assert answers == [False] and not freezer.frozen.is_set() and gc.get_freeze_count() <= frozen_before
    QApplication.processEvents()  # the one queued request runs
    assert freezer.frozen.is_set() and gc.get_freeze_count() > frozen_before


def test_the_apps_first_load_froze_the_start_up_objects(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=60_000)
    assert freeze_start_up_objects(threading.Event())  # already done by the first loader
    module = window.session.bundle.module
    assert any(module is o for o in gc.get_objects())  # the model itself was built after: collectable
