"""Fixtures for GUI tests: a real main window with the shipped LeNet-5, and mouse drawing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cnnviz.gui.app import create_application
from cnnviz.gui.canvas import DrawingCanvas
from cnnviz.gui.i18n import install_translators, remove_translators
from cnnviz.gui.main_window import MainWindow
from tests.gui.strokes import DIGIT_STROKES, Point, catmull_rom

LOAD_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session", autouse=True)
def configured_app(qapp):
    """pytest-qt's application, set up the way cnnviz sets up its own."""
    return create_application([])


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """Autosaves and caches go to a temporary folder, never the user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "data"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Stop every window's training run before pytest-qt closes the windows.

    A window closed while training asks what to do with the run, in a modal box
    that nobody answers in a test: a test that failed mid-run would then hang
    until the whole session's timeout instead of failing on its own.
    """
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.training_panel.stop_and_wait()
    QApplication.processEvents()  # the run's end reaches the window: it is no longer training
    return (yield)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """Settings in a temporary INI file, so tests never touch the user's."""
    return QSettings(str(tmp_path / "cnnviz.ini"), QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, settings: QSettings, model: str = "lenet5") -> MainWindow:
    """A shown main window whose model has finished loading."""
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start(model)
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=LOAD_TIMEOUT_MS)
    return window


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings) -> Iterator[MainWindow]:
    """The main window with LeNet-5 loaded."""
    yield open_window(qtbot, settings)


class EventCount(QObject):
    """Counts the events of one type a widget receives (install it as an event filter)."""

    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind = kind
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == self.kind
        return False


class LayoutRequests(EventCount):
    """Counts the layout requests a widget receives."""

    def __init__(self) -> None:
        super().__init__(QEvent.Type.LayoutRequest)


def canvas_point(canvas: DrawingCanvas, x: float, y: float) -> QPoint:
    """Canvas bitmap coordinates → widget coordinates."""
    rect = canvas.target_rect()
    return QPoint(round(rect.x() + x * rect.width() / 280), round(rect.y() + y * rect.height() / 280))


def draw_stroke(canvas: DrawingCanvas, keypoints: list[Point]) -> None:
    """Press, move along a smoothed path, release — as a mouse would."""
    path = catmull_rom(keypoints)
    no_mod = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, no_mod, canvas_point(canvas, *path[0]))
    for x, y in path[1:]:
        QTest.mouseMove(canvas, canvas_point(canvas, x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, no_mod, canvas_point(canvas, *path[-1]))


def draw_digit(canvas: DrawingCanvas, digit: int) -> None:
    """Draw all strokes of a digit."""
    for stroke in DIGIT_STROKES[digit]:
        draw_stroke(canvas, stroke)


def wait_for_latest(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the result of the newest request is displayed."""
    session = window.session
    qtbot.waitUntil(
        lambda: session._shown_id == session._latest_id and session.result is not None,
        timeout=10_000,
    )


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    """The Spanish translators installed for one test (English again afterwards)."""
    loaded = install_translators(qapp, "es")
    try:
        assert loaded, "resources/i18n/cnnviz_es.qm did not load"
        yield
    finally:
        remove_translators(qapp)


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The English translators (plural forms only) installed for one test."""
    loaded = install_translators(qapp, "en")
    try:
        assert loaded, "resources/i18n/cnnviz_en.qm did not load"
        yield
    finally:
        remove_translators(qapp)


@pytest.fixture
def spanish_window(qtbot: QtBot, settings: QSettings, spanish: None) -> MainWindow:
    """The main window built in Spanish, LeNet-5 loaded and a 3 drawn."""
    window = open_window(qtbot, settings)
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    return window
