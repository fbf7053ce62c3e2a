"""Start cnnviz and draw a digit with simulated mouse strokes (for screenshots and demos).

python scripts/demo_draw.py [--layer conv1] [--model lenet5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnviz.gui.app import create_application
from cnnviz.gui.i18n import install_language
from cnnviz.gui.main_window import MainWindow
from tests.gui.strokes import DIGIT_STROKES, catmull_rom


def draw(window: MainWindow, points: list[tuple[float, float]]) -> None:
    """Press, drag and release along the points on the real canvas."""
    canvas = window.input_panel.canvas
    rect = canvas.target_rect()

    def at(x: float, y: float) -> QPoint:
        return QPoint(round(rect.x() + x * rect.width() / 280), round(rect.y() + y * rect.height() / 280))

    path = catmull_rom(points)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*path[0]))
    for point in path[1:]:
        QTest.mouseMove(canvas, at(*point))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*path[-1]))


def draw_digit(window: MainWindow, digit: int) -> None:
    """Draw a digit along the hand-written test paths."""
    for stroke in DIGIT_STROKES[digit]:
        draw(window, stroke)


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
    parser.add_argument(
        "--raise-panel",
        default="",
        help="show a panel and bring it to the front, e.g. Filters or Convolution",
    )
    parser.add_argument(
        "--train", action="store_true", help="open the Training panel and train a new LeNet-5"
    )
    parser.add_argument("--scan-topk", action="store_true", help="show the Top-9 panel and scan the data set")
    args = parser.parse_args()
    app = create_application([])
    path = args.settings or str(Path(QSettings().fileName()).with_name("demo.ini"))
    settings = QSettings(path, QSettings.Format.IniFormat)
    install_language(app, settings)  # its language setting, as cnnviz's own start does
    window = MainWindow(settings)
    window.showMaximized()

    done: list[bool] = []

    def when_loaded(_bundle: object) -> None:
        if done:
            return
        done.append(True)
        QTimer.singleShot(300, lambda: draw_digit(window, 3))
        if args.layer:
            QTimer.singleShot(600, lambda: window.session.select_layer(args.layer))
        if args.raise_panel:
            window.docks[args.raise_panel].show()  # panels hidden by default (e.g. Convolution) too
            window.docks[args.raise_panel].raise_()
        if args.scan_topk:
            window.docks["Top-9"].show()
            window.docks["Top-9"].raise_()
            QTimer.singleShot(3000, window.topk_panel.scan)
        if args.train:
            QTimer.singleShot(800, lambda: start_training(window))

    window.session.model_changed.connect(when_loaded)
    window.first_paint.connect(lambda: window.start(args.model))
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
