"""Start-up: the window paints first, then the model (and torch) load in the background."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from cnnviz import APP_NAME, __version__

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

FIRST_PAINT_ENV = "CNNVIZ_REPORT_FIRST_PAINT"
NO_PAINT_POOL_ENV = "QT_NO_GUI_THREADPOOL"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Options of the GUI command."""
    parser = argparse.ArgumentParser(prog="cnnviz", description="See inside convolutional neural networks.")
    parser.add_argument("image", nargs="?", help="an image to open at start")
    parser.add_argument("--model", help="built-in name (lenet5, tinyvgg) or model file")
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    return parser.parse_args(argv)


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with names used by QSettings, and pyqtgraph configured."""
    from cnnviz.core.allocator import share_one_malloc_arena
    from cnnviz.core.lean_imports import keep_triton_out

    share_one_malloc_arena()  # before the worker threads start: one high-water mark, not three
    keep_triton_out()  # before torch: 70 MiB less for a compiler the app never uses
    paint_in_the_gui_thread()  # before the first paint
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("cnnviz")  # Wayland and docks match the window to cnnviz.desktop
    from PySide6.QtGui import QIcon

    from cnnviz.core.resources import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "cnnviz-256.png")))
    from cnnviz.gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    from cnnviz.gui.gui_gc import collect_in_gui_thread

    collect_in_gui_thread(app)  # never collect Qt objects in a worker thread (a deadlock)
    return app


def paint_in_the_gui_thread() -> None:
    """Qt does its painting work in the GUI thread itself, not in a thread pool of its own.

    Qt 6 cuts a fill of more than ~100 spans, a large image conversion or a smooth
    scaling into segments for its pool and blocks the GUI thread until all are done.
    The panels paint small areas: one new training-curve point woke the pool's
    threads about 28 times for 0.05 ms of work, and those threads run at normal
    priority, so each wake pre-empted a training or inference thread. Qt reads
    the variable once, at its first such fill; a value set by the user is kept.
    """
    os.environ.setdefault(NO_PAINT_POOL_ENV, "1")


def main(argv: list[str] | None = None) -> int:
    """Run the desktop application."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = create_application([])
    from cnnviz.gui.i18n import install_language

    install_language(app, QSettings())  # before any widget: every text is created translated
    window = build_main_window(args)
    code = int(app.exec())
    window.settings.sync()
    return exit_quickly(code)


def exit_quickly(code: int) -> NoReturn:
    """End the process after the window has closed: exit handlers run (workers stop, temporary
    files go), the streams are flushed, and the interpreter's teardown of torch, Qt and their
    modules, which has nothing left to save, is skipped (a second or more of CPU; several
    seconds on a busy machine)."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(code)


def build_main_window(args: argparse.Namespace, settings: QSettings | None = None) -> MainWindow:
    """The real start path: the window shown, the model loaded after the first paint, and the
    welcome on first start."""
    from cnnviz.gui.main_window import MainWindow
    from cnnviz.gui.smoke import SMOKE_ENV, report_when_ready
    from cnnviz.gui.welcome import show_welcome_at_start

    window = MainWindow(settings)
    app = QApplication.instance()
    if os.environ.get(FIRST_PAINT_ENV):
        window.first_paint.connect(lambda: report_first_paint(app))  # type: ignore[arg-type]
    else:
        window.first_paint.connect(lambda: QTimer.singleShot(0, lambda: window.start(args.model)))
    if os.environ.get(SMOKE_ENV):  # packaging test / start-time measurement (see cnnviz/gui/smoke.py)
        report_when_ready(window, expect_prediction=bool(args.image))
    if args.image:

        def open_start_image() -> None:  # a slot must return None (see InputPanel)
            window.open_image(args.image)

        window.first_paint.connect(open_start_image)
    window.show()
    if not os.environ.get(FIRST_PAINT_ENV):
        show_welcome_at_start(window)
    return window


def report_first_paint(app: QApplication) -> None:
    """Benchmark hook: print the wall-clock time of the first paint, then quit."""
    print(f"first-paint {time.time():.6f}", flush=True)
    QTimer.singleShot(0, app.quit)
