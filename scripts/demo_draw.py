"""Start cnnviz and draw a digit with simulated mouse strokes (for screenshots and demos).

python scripts/demo_draw.py [--layer conv1] [--model lenet5]
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnviz.gui.app import create_application
from cnnviz.gui.main_window import MainWindow

THREE = [
    (86, 66),
    (138, 40),
    (188, 70),
    (176, 116),
    (134, 136),
    (184, 160),
    (196, 208),
    (150, 244),
    (84, 222),
]


def smooth(points: list[tuple[float, float]], spacing: float = 6.0) -> list[tuple[float, float]]:
    """Linear resampling of a polyline every ``spacing`` pixels."""
    out = [points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        steps = max(1, math.ceil(math.dist((x0, y0), (x1, y1)) / spacing))
        out += [(x0 + (x1 - x0) * s / steps, y0 + (y1 - y0) * s / steps) for s in range(1, steps + 1)]
    return out


def draw(window: MainWindow, points: list[tuple[float, float]]) -> None:
    """Press, drag and release along the points on the real canvas."""
    canvas = window.input_panel.canvas
    rect = canvas.target_rect()

    def at(x: float, y: float) -> QPoint:
        return QPoint(round(rect.x() + x * rect.width() / 280), round(rect.y() + y * rect.height() / 280))

    path = smooth(points)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*path[0]))
    for point in path[1:]:
        QTest.mouseMove(canvas, at(*point))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*path[-1]))


def start_training(window: MainWindow) -> None:
    """A short run of a new LeNet-5 on synthetic digits, with the Training panel open."""
    window.docks["Training"].show()
    form = window.training_panel.form
    form.model.setCurrentIndex(form.model.findData("lenet5"))
    form.dataset.setCurrentIndex(form.dataset.findData("digits"))
    form.train_size.setValue(6000)
    form.epochs.setValue(3)
    window.training_panel.start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", default="")
    parser.add_argument("--model", default="lenet5")
    parser.add_argument("--settings", default="", help="INI file for the window layout (default: fresh)")
    parser.add_argument("--raise-panel", default="", help="bring a tabbed panel to the front, e.g. Filters")
    parser.add_argument(
        "--train", action="store_true", help="open the Training panel and train a new LeNet-5"
    )
    args = parser.parse_args()
    app = create_application([])
    path = args.settings or str(Path(QSettings().fileName()).with_name("demo.ini"))
    window = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    window.showMaximized()

    done = []

    def when_loaded(_bundle: object) -> None:
        if done:
            return
        done.append(True)
        QTimer.singleShot(300, lambda: draw(window, THREE))
        if args.layer:
            QTimer.singleShot(600, lambda: window.session.select_layer(args.layer))
        if args.raise_panel:
            window.docks[args.raise_panel].raise_()
        if args.train:
            QTimer.singleShot(800, lambda: start_training(window))

    window.session.model_changed.connect(when_loaded)
    window.first_paint.connect(lambda: window.start(args.model))
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
