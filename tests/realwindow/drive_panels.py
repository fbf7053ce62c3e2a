"""Drive the real cnnviz window on an X display and screenshot every panel from the X server.

DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/realwindow/drive_panels.py OUT_DIR --settings INI

Builds the window the way ``cnnviz`` does (create_application, the settings' language,
build_main_window), closes the welcome, draws a 3 with mouse events on the canvas, waits for the
prediction, then shows and raises every dock and saves the X screen's pixels under it
(``grabWindow(0, …)`` reads the server's framebuffer, unlike ``QWidget.grab``). Writes
``<panel>.png`` per dock, ``window.png`` and ``manifest.json`` to OUT_DIR; exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cnnviz.gui.app import build_main_window, create_application, parse_args
from cnnviz.gui.i18n import install_language
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.welcome import WelcomeDialog
from tests.gui.strokes import DIGIT_STROKES, catmull_rom

LOAD_TIMEOUT_S = 60.0
RESULT_TIMEOUT_S = 15.0
SETTLE_S = 1.0  # per panel: workers answer, plots repaint
DIGIT = 3


def pump(seconds: float) -> None:
    """Run an event loop for a while (this script drives, so there is no app.exec()); objects
    given to deleteLater() are deleted too, as the application's own loop would."""
    loop = QEventLoop()
    QTimer.singleShot(max(1, round(seconds * 1000)), loop.quit)
    loop.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Pump events until ``condition`` holds; exit with a message when it never does."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"drive_panels: timed out waiting for {what}")
        pump(0.02)


def result_is_current(window: MainWindow) -> bool:
    """The newest inference request's answer is the one on screen."""
    session = window.session
    return session.result is not None and session._shown_id == session._latest_id


def draw_digit(window: MainWindow, digit: int) -> None:
    """Press, drag and release along the hand-written test paths on the real canvas."""
    canvas = window.input_panel.canvas
    rect = canvas.target_rect()
    no_mod = Qt.KeyboardModifier.NoModifier

    def at(x: float, y: float) -> QPoint:
        return QPoint(round(rect.x() + x * rect.width() / 280), round(rect.y() + y * rect.height() / 280))

    for stroke in DIGIT_STROKES[digit]:
        path = catmull_rom(stroke)
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, no_mod, at(*path[0]))
        for point in path[1:]:
            QTest.mouseMove(canvas, at(*point))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, no_mod, at(*path[-1]))


def close_welcome() -> bool:
    """Close the first-start welcome (a separate top-level window that would cover the docks)."""
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, WelcomeDialog) and w.isVisible()]
    for dialog in dialogs:
        dialog.reject()
    return bool(dialogs)


def global_rect(widget: QWidget) -> QRect:
    """The widget's rectangle in screen coordinates."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def screenshot(rect: QRect, path: Path) -> dict[str, object]:
    """Save the X screen's pixels inside ``rect``; returns what was saved."""
    QApplication.processEvents()
    QGuiApplication.sync()  # every paint has reached the X server
    screen = QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height())
    if not pixmap.save(str(path)):
        raise SystemExit(f"drive_panels: could not write {path}")
    return {"file": path.name, "x": rect.x(), "y": rect.y(), "width": rect.width(), "height": rect.height()}


def shoot_panels(window: MainWindow, out: Path) -> list[dict[str, object]]:
    """Show and raise each dock in turn, let it draw, and save its screen region."""
    shots = []
    for title, dock in window.docks.items():
        was_visible = dock.isVisible()
        dock.show()
        dock.raise_()
        pump(SETTLE_S)
        wait_until(lambda: result_is_current(window), RESULT_TIMEOUT_S, f"the result with {title} shown")
        pump(0.2)
        name = title.lower().replace(" ", "-") + ".png"
        shots.append({"title": title, **screenshot(global_rect(dock), out / name)})
        if not was_visible:
            dock.hide()  # the next panel gets the default layout's room
    return shots


def run(out: Path, settings_path: str) -> dict[str, object]:
    """Start the app, draw, shoot every panel and the window; returns the manifest."""
    app = create_application([])
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    install_language(app, settings)
    window = build_main_window(parse_args([]), settings)
    window.setGeometry(window.screen().availableGeometry())  # no window manager: place it ourselves
    wait_until(lambda: window.session.bundle is not None, LOAD_TIMEOUT_S, "the model to load")
    welcome_closed = close_welcome()
    pump(0.3)
    draw_digit(window, DIGIT)
    wait_until(lambda: result_is_current(window), RESULT_TIMEOUT_S, "the prediction")
    panels = shoot_panels(window, out)
    whole = screenshot(window.frameGeometry(), out / "window.png")
    manifest = {
        "panels": panels,
        "window": whole,
        "top": window.prediction_panel.top_texts(),
        "welcome_closed": welcome_closed,
        "platform": QGuiApplication.platformName(),
    }
    window.close()
    pump(0.3)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder for the screenshots and manifest.json")
    parser.add_argument("--settings", required=True, help="INI file for the app's settings")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = run(out, args.settings)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
