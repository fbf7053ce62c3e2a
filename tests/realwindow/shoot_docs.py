"""Screenshots for the README and the user guides: the real app on a private Xvfb screen.

python tests/realwindow/shoot_docs.py main filters training -o docs [--language es] [--prefix guia-]

Each scene starts the app the way ``cnnviz`` does (fresh settings, the chosen language), draws a
3, sets the scene up as a user would (select a layer, open a panel, drag its splitter, press
Start …), waits for the work to finish and saves the window's pixels as read from the X server.
The screen is the window's size, so there are no margins. Scenes: see ``SCENES``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cnnviz.gui.app import build_main_window, create_application, parse_args  # noqa: E402
from cnnviz.gui.i18n import LANGUAGE_KEY, install_language  # noqa: E402
from cnnviz.gui.main_window import MainWindow  # noqa: E402
from tests.realwindow.drive_panels import (  # noqa: E402
    DIGIT,
    LOAD_TIMEOUT_S,
    RESULT_TIMEOUT_S,
    close_welcome,
    draw_digit,
    pump,
    result_is_current,
    screenshot,
    wait_until,
)
from tests.realwindow.xserver import app_environment, xvfb  # noqa: E402

SETTLE_S = 3.0
LONG_WORK_S = 300.0  # training and scans on a busy machine


def raise_dock(window: MainWindow, title: str, height_share: float = 0.0) -> None:
    """Show and raise a dock; a bottom dock is dragged to ``height_share`` of the window."""
    dock = window.docks[title]
    dock.show()
    dock.raise_()
    for _drag in range(3 if height_share else 0):  # Qt moves the splitter part of the way each time
        pump(0.2)
        window.resizeDocks([dock], [int(window.height() * height_share)], Qt.Orientation.Vertical)


def scene_filters(window: MainWindow) -> None:
    window.session.select_layer("conv2")
    raise_dock(window, "Filters")


def scene_conv_model(window: MainWindow) -> None:
    window.session.select_layer("conv2")
    window.docks["Prediction"].hide()  # the step-through needs the height (closed with its ×)
    raise_dock(window, "Convolution", 0.62)
    window.convolution_panel.tabs.setCurrentIndex(0)
    pump(SETTLE_S)
    step = window.convolution_panel.model_step
    for box, value in ((step.out_channel, 3), (step.row, 4), (step.col, 4), (step.in_channel, 2)):
        box.setValue(value)


def scene_quiz(window: MainWindow) -> None:
    raise_dock(window, "Quiz", 0.5)
    quiz = window.quiz_panel
    quiz.kind_box.setCurrentIndex(quiz.kind_box.findData("convolution"))
    quiz.load_seed(4)
    pump(0.3)
    assert quiz.exercise is not None
    answer = quiz.exercise.answer_text()
    if quiz.matrix_answer.isVisible():
        quiz.matrix_answer.setPlainText(answer)
    else:
        quiz.line_answer.setText(answer)
    quiz.check()
    quiz.solution_button.setChecked(True)


def scene_deconvnet(window: MainWindow) -> None:
    window.session.select_layer("conv2")
    raise_dock(window, "Deconvnet")


def scene_training(window: MainWindow) -> None:
    raise_dock(window, "Training", 0.45)
    form = window.training_panel.form
    form.model.setCurrentIndex(form.model.findData("lenet5"))
    form.dataset.setCurrentIndex(form.dataset.findData("digits"))
    form.train_size.setValue(6000)
    form.epochs.setValue(3)
    window.training_panel.start()
    wait_until(lambda: window.session.training, 60, "training to start")
    wait_until(lambda: not window.session.training, LONG_WORK_S, "training to finish")


def scene_topk(window: MainWindow) -> None:
    window.session.select_layer("conv2")
    raise_dock(window, "Top-9", 0.55)
    panel = window.topk_panel
    wait_until(lambda: panel.found is not None, LONG_WORK_S, "the Top-9 images")
    panel.scan()
    wait_until(
        lambda: not panel.scanning and panel.state is not None and panel.state.complete,
        LONG_WORK_S,
        "the Top-9 scan",
    )


def scene_attribution(window: MainWindow, method: str = "gradcam") -> None:
    raise_dock(window, "Attribution")
    panel = window.attribution_panel
    panel.controls.set_method(method)
    pump(0.5)
    panel.run()
    wait_until(lambda: not panel.running, LONG_WORK_S, f"{method} to finish")


def scene_presenter(window: MainWindow) -> None:
    window.actions_["large_fonts"].trigger()  # View ▸ Presenter mode (F5)


SCENES: dict[str, Callable[[MainWindow], None]] = {
    "main": lambda window: None,
    "presenter": scene_presenter,
    "filters": scene_filters,
    "conv-model": scene_conv_model,
    "pooling": lambda window: raise_dock(window, "Pooling", 0.45),
    "kernels": lambda window: raise_dock(window, "Image kernels", 0.45),
    "quiz": scene_quiz,
    "deconvnet": scene_deconvnet,
    "attribution": scene_attribution,
    "occlusion": lambda window: scene_attribution(window, "occlusion"),
    "topk": scene_topk,
    "training": scene_training,
}


def shoot(scene: str, out: Path, settings_path: str) -> None:
    """In the app's process: start, draw, set the scene up and save the window."""
    app = create_application([])
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    install_language(app, settings)
    window = build_main_window(parse_args([]), settings)
    window.setGeometry(window.screen().availableGeometry())
    wait_until(lambda: window.session.bundle is not None, LOAD_TIMEOUT_S, "the model to load")
    close_welcome()
    pump(0.3)
    draw_digit(window, DIGIT)
    wait_until(lambda: result_is_current(window), RESULT_TIMEOUT_S, "the prediction")
    SCENES[scene](window)
    pump(SETTLE_S)
    wait_until(lambda: result_is_current(window), RESULT_TIMEOUT_S, "the last result")
    pump(0.5)
    screenshot(window.frameGeometry(), out)
    window.close()
    QApplication.processEvents()


def run_scenes(scenes: list[str], folder: Path, prefix: str, language: str, size: str) -> int:
    """Each scene in its own app process on one private X screen of ``size``."""
    failures = 0
    with tempfile.TemporaryDirectory() as home, xvfb(f"{size}x24") as display:
        for scene in scenes:
            settings = Path(home) / f"{scene}.ini"
            ini = QSettings(str(settings), QSettings.Format.IniFormat)
            ini.setValue(LANGUAGE_KEY, language)
            ini.sync()
            out = folder / f"{prefix}{scene}.png"
            command = [
                sys.executable,
                __file__,
                "--child",
                scene,
                "-o",
                str(out),
                "--settings",
                str(settings),
            ]
            env = app_environment(display, Path(home), REPO)
            done = subprocess.run(command, env=env, cwd=REPO, check=False, timeout=LONG_WORK_S + 120)
            print(f"{scene}: {'saved ' + str(out) if done.returncode == 0 else 'FAILED'}", flush=True)
            failures += done.returncode != 0
    return int(failures > 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="+", choices=sorted(SCENES))
    parser.add_argument("-o", "--out", required=True, help="folder (or, with --child, the PNG file)")
    parser.add_argument("--language", default="en", choices=("en", "es"))
    parser.add_argument("--prefix", default="screenshot-")
    parser.add_argument("--size", default="1280x900")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--settings", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        shoot(args.scenes[0], Path(args.out), args.settings)
        return 0
    return run_scenes(args.scenes, Path(args.out), args.prefix, args.language, args.size)


if __name__ == "__main__":
    sys.exit(main())
