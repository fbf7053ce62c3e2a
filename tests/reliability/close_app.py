"""Start the app, start long work, close the window: run as a process by test_close_during_work.

python -m tests.reliability.close_app SETTINGS.ini TASK[,TASK...] [fast|teardown]

TASK is a key of :data:`tests.reliability.long_tasks.STARTERS`. Once every task is under
way it prints ``closing <time>``, closes the window as the user does (answering "Discard
and quit" when training asks) and runs the event loop until the app quits; then
``quit <time>``, the exit handlers run and ``running <QThreads still running>``. It ends
the way the app does (``fast``: :func:`cnnviz.gui.app.exit_quickly`) or through the
interpreter's full teardown (``teardown``), where a QThread object destroyed while its
thread runs would say so on stderr. The test measures from ``closing`` until the process
has ended.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtCore import QSettings, QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cnnviz.gui.app import create_application, exit_quickly
from cnnviz.gui.main_window import MainWindow
from tests.reliability.long_tasks import STARTERS, draw_something, running
from tests.reliability.soak import wait_until

ANSWER = "Discard and quit"


def answer_when_asked() -> None:
    """Click "Discard and quit" in the question the window asks while training runs."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        for button in box.buttons():
            if button.text() == ANSWER:
                button.click()
                return
    QTimer.singleShot(20, answer_when_asked)


def running_qthreads() -> list[str]:
    """Names of the QThreads whose thread still runs."""
    threads = [o for o in gc.get_objects() if issubclass(type(o), QThread) and shiboken6.isValid(o)]
    return [thread.objectName() for thread in threads if thread.isRunning()]


def main(settings_path: str, tasks: list[str], ending: str) -> int:
    app = create_application([])
    window = MainWindow(settings=QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    window.start("lenet5")
    wait_until(lambda: window.session.bundle is not None, 120)
    draw_something(window)
    for task in tasks:
        STARTERS[task](window)
        print(f"started {task} {time.time():.3f}", flush=True)
    still = [task for task in tasks if running(window, task)]
    print(f"running-at-close {','.join(still) or '-'}", flush=True)
    print(f"closing {time.time():.6f}", flush=True)
    if window.session.training:
        QTimer.singleShot(0, answer_when_asked)
    QTimer.singleShot(0, window.close)
    code = int(app.exec())
    print(f"quit {time.time():.6f}", flush=True)
    window.settings.sync()
    atexit._run_exitfuncs()  # as exit_quickly does first (workers stop); it runs them once only
    print(f"running {','.join(running_qthreads()) or '-'}", flush=True)
    if ending == "fast":
        exit_quickly(code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2].split(","), sys.argv[3] if len(sys.argv) > 3 else "fast"))
