"""Smoke-test start ($CNNVIZ_SMOKE_TEST=1): report once the model is loaded and its first
prediction shown, then quit.

Used by the packaging test and the start-time measurement of the stand-alone app
(``packaging/build_app.py --measure``). One line goes to stdout::

    ready 1718000000.123456 model=lenet5 trained=True top1=3

(the wall-clock time, so the caller can subtract its own spawn time). The exit status is 0
when a prediction was shown, 1 when the model failed to load or nothing came within
``TIMEOUT_S``. Without a start image the report comes when the model is loaded (``top1=-``).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.main_window import MainWindow

SMOKE_ENV = "CNNVIZ_SMOKE_TEST"
TIMEOUT_S = 120


def report_when_ready(window: MainWindow, expect_prediction: bool) -> None:
    """Print the ready line after the first prediction (or the model, without an image); quit."""
    done: list[bool] = []

    def finish(top1: str, code: int) -> None:
        if done:
            return
        done.append(True)
        bundle = window.session.bundle
        model = bundle.arch if bundle is not None else "-"
        trained = bundle.trained if bundle is not None else False
        say(f"ready {time.time():.6f} model={model} trained={trained} top1={top1 or '-'}")
        QTimer.singleShot(0, lambda: QApplication.exit(code))

    def on_result(_result: InferenceResult) -> None:  # after the Prediction panel has drawn it
        top1 = window.prediction_panel.top_labels[0].text().split()
        finish(top1[0] if top1 else "", 0 if top1 else 1)

    def on_model(_bundle: ModelBundle) -> None:
        if not expect_prediction:
            finish("", 0)

    def on_failure(text: str) -> None:
        say(f"failed: {text}")
        finish("", 1)

    def on_timeout() -> None:
        on_failure(f"no prediction within {TIMEOUT_S} s")

    window.session.result_ready.connect(on_result)
    window.session.model_changed.connect(on_model)
    window.session.model_failed.connect(on_failure)
    QTimer.singleShot(TIMEOUT_S * 1000, on_timeout)


def say(line: str) -> None:
    """One line on stdout, where there is one (a windowed Windows app has none)."""
    if sys.stdout is not None:
        print(line, flush=True)
