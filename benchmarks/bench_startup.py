"""Time to first window paint: cnnviz against a bare PySide6 window with one ImageView.

Each run starts a fresh Python process and measures wall-clock time from just
before the process is spawned to the first paint event of its main window.
Both are measured in the same run, alternating, so the ratio is fair.
Run: python benchmarks/bench_startup.py  (uses the offscreen platform unless
DISPLAY is set, e.g. under xvfb-run)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            app.quit()
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(pg.ImageView())
spy = FirstPaint()
window.installEventFilter(spy)
window.resize(1280, 800)
window.show()
app.exec()
"""

APP = "import sys; from cnnviz.__main__ import main; sys.exit(main([]))"


def first_paint_seconds(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning ``python -c code`` to its reported first paint."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no paint reported:\n{out.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, CNNVIZ_REPORT_FIRST_PAINT="1", XDG_CONFIG_HOME=tempfile.mkdtemp())
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    first_paint_seconds(BASELINE, env)  # warm the file cache for both
    first_paint_seconds(APP, env)
    base, app = [], []
    for _ in range(args.runs):
        base.append(first_paint_seconds(BASELINE, env))
        app.append(first_paint_seconds(APP, env))
    b, a = statistics.median(base), statistics.median(app)
    platform = env.get("QT_QPA_PLATFORM") or f"xcb on DISPLAY {env.get('DISPLAY')}"
    print(f"platform: {platform}, runs: {args.runs}")
    print(f"bare PySide6 + pyqtgraph ImageView: median {1000 * b:7.1f} ms  (1.00)")
    print(f"cnnviz main window:                 median {1000 * a:7.1f} ms  ({a / b:.2f}×)")


if __name__ == "__main__":
    main()
