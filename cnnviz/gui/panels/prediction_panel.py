"""Prediction panel: class probabilities as bars and the top-3 labels, live."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from cnnviz.gui.class_names import display_names
from cnnviz.gui.fonts import FACTOR, axis_font, set_relative_font
from cnnviz.gui.session import Session
from cnnviz.gui.theme import ACCENT
from cnnviz.gui.widgets import CenteredMessage

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

MAX_BARS = 20  # up to this many classes every class has a bar, in class order
TOP_BARS = 10  # beyond it (ImageNet's 1,000) the strongest classes, strongest first
TOP_K = 3
BAR_BRUSH = pg.mkBrush(ACCENT)
BEST_BRUSH = pg.mkBrush("#ffb347")


class PredictionPanel(QWidget):
    """Bars for every class (up to 20) and the three most probable labels."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self.session = session
        self.top_labels = [QLabel() for _ in range(TOP_K)]
        self.class_names: list[str] = []  # the model's labels as shown (built-in sets translated)
        self.message = CenteredMessage(self.tr("Loading model…"))
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.getAxis("bottom").setLabel(self.tr("probability"))
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush=ACCENT)
        self.plot.addItem(self.bars)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.plot)
        self._build()
        session.model_loading.connect(lambda _source: self.show_message(self.tr("Loading model…")))
        session.model_failed.connect(self._model_failed)
        session.model_changed.connect(self._model_changed)
        session.result_ready.connect(self.show_result)
        session.input_problem.connect(self.show_message)

    def _build(self) -> None:
        for label in self.top_labels:  # a longer class name must not re-lay out the whole window
            label.setMinimumWidth(60)
        first, *others = self.top_labels
        first.setObjectName("top1")
        set_relative_font(first, 2.4, bold=True)
        runners = QHBoxLayout()
        runners.setSpacing(28)
        for rank, label in enumerate(others, start=2):
            label.setObjectName(f"top{rank}")
            set_relative_font(label, 1.3)
            runners.addWidget(label)
        runners.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(first)
        top.addSpacing(24)
        top.addLayout(runners, 1)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setProperty(FACTOR, 1.15)
            axis.setStyle(tickFont=axis_font(1.15))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def _model_changed(self, bundle: ModelBundle) -> None:
        self.class_names = display_names(bundle.labels)
        count = len(bundle.labels) if len(bundle.labels) <= MAX_BARS else TOP_BARS
        self._set_ticks(list(range(count)))
        self.plot.setYRange(-0.6, count - 0.4, padding=0)
        self.plot.invertY(True)
        self.plot.getAxis("bottom").setLabel(
            self.tr("probability")
            if len(bundle.labels) <= MAX_BARS
            else self.tr("probability (top {count})").format(count=TOP_BARS)
        )
        self.show_message(
            self.tr("Draw a digit on the canvas")
            if bundle.spec.preprocess == "mnist"
            else self.tr("Open an image")
        )

    def _model_failed(self, text: str) -> None:
        if self.session.bundle is None:  # otherwise the previous model stays on screen
            self.show_message(self.tr("Could not load the model: {error}").format(error=text))

    def show_message(self, text: str) -> None:
        """Replace the bars with a message (loading, empty canvas, error)."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        for label in self.top_labels:
            label.setText("")

    def show_result(self, result: InferenceResult) -> None:
        """Update the bars and the top-3 labels."""
        bundle = self.session.bundle
        if bundle is None:
            return
        if len(self.class_names) != len(bundle.labels):  # built after the model was loaded
            self.class_names = display_names(bundle.labels)
        probs = result.probabilities
        classes = shown_classes(probs)
        if len(probs) > MAX_BARS:
            self._set_ticks(classes)
        best = int(np.argmax(probs))
        brushes = [BEST_BRUSH if c == best else BAR_BRUSH for c in classes]
        shown = probs[classes]
        self.bars.setOpts(x0=np.zeros(len(shown)), y=np.arange(len(shown)), width=shown, brushes=brushes)
        for label, (name, p) in zip(self.top_labels, result.top_k(self.class_names, TOP_K), strict=False):
            label.setText(f"{name}   {100 * p:.1f}%")
        self.stack.setCurrentWidget(self.plot)

    def _set_ticks(self, classes: list[int]) -> None:
        labels = self.class_names
        names = [labels[c] if c < len(labels) else str(c) for c in classes]
        self.plot.getAxis("left").setTicks([list(enumerate(names))])

    def top_texts(self) -> list[str]:
        """The top-k lines as shown (for tests and export captions)."""
        return [label.text() for label in self.top_labels]


def shown_classes(probabilities: np.ndarray) -> list[int]:
    """Every class in order for small label sets; otherwise the TOP_BARS strongest, strongest first."""
    if len(probabilities) <= MAX_BARS:
        return list(range(len(probabilities)))
    return [int(c) for c in np.argsort(-probabilities, kind="stable")[:TOP_BARS]]
