"""Prediction panel: class probabilities as bars and the top-3 labels, live."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from cnnviz.core.ranking import strongest_first
from cnnviz.gui.class_names import display_names
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.probability_chart import ProbabilityChart
from cnnviz.gui.panels.rank_label import RUNNER_NUMBER, RankLabel
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import CenteredMessage

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

MAX_BARS = 20  # up to this many classes every class has a bar, in class order
TOP_BARS = 10  # beyond it (ImageNet's 1,000) the strongest classes, strongest first
TOP_K = 3
SIDE_GAP = 24  # between the top class and the runners-up on one row
RUNNER_GAP = 28  # between the two runners-up
MARGIN = 6


class PredictionPanel(QWidget):
    """Bars for every class (up to 20) and the three most probable labels."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self.session = session
        self.top_labels = [RankLabel("0 ") for _ in range(TOP_K)]  # room for a digit and its percentage
        self.class_names: list[str] = []  # the model's labels as shown (built-in sets translated)
        self.widest_runner = 0  # pixels for the longest class name and a runner-up's percentage
        self.message = CenteredMessage(self.tr("Loading model…"))
        self.chart = ProbabilityChart()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.chart)
        self._build()
        session.model_loading.connect(lambda _source: self.show_message(self.tr("Loading model…")))
        session.model_failed.connect(self._model_failed)
        session.model_changed.connect(self._model_changed)
        session.result_ready.connect(self.show_result)
        session.input_problem.connect(self.show_message)

    def _build(self) -> None:
        first, *others = self.top_labels
        first.setObjectName("top1")
        set_relative_font(first, 2.4, bold=True)
        runners = QHBoxLayout()
        runners.setSpacing(RUNNER_GAP)
        for rank, label in enumerate(others, start=2):
            label.setObjectName(f"top{rank}")
            set_relative_font(label, 1.3)
            runners.addWidget(label, 1)
        others[0].font_changed.connect(self._measure_names)  # its font sets where the runners-up go
        # fixed shares, most for the top class: a new prediction never moves the lines
        self.heading = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.heading.setSpacing(SIDE_GAP)
        self.heading.addWidget(first, 3)
        self.heading.addLayout(runners, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 2, MARGIN, 4)
        layout.setSpacing(2)
        layout.addLayout(self.heading)
        layout.addWidget(self.stack, 1)

    @property
    def runners_below(self) -> bool:
        """True when the runners-up have a line of their own under the top class."""
        return self.heading.direction() == QBoxLayout.Direction.TopToBottom

    def _arrange(self) -> None:
        """Runners-up beside the top class where their names fit there, else on a line below it.

        Decided per model, font and width, never per prediction: a new prediction moves no line.
        """
        least = self.top_labels[1].minimumSizeHint().width()
        beside = self.widest_runner <= runner_room_beside(self.width(), least)
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if direction != self.heading.direction():
            self.heading.setDirection(direction)
            self.heading.setSpacing(SIDE_GAP if beside else 0)

    def _measure_names(self) -> None:
        """The width a runner-up line needs for the longest class name, in the runners' font."""
        runner = self.top_labels[1]
        longest = max(self.class_names, key=runner.fontMetrics().horizontalAdvance, default="")
        self.widest_runner = runner.room_for(f"{longest} {RUNNER_NUMBER}").width()
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Arrange the top-3 lines for the new width."""
        super().resizeEvent(event)
        self._arrange()

    def _model_changed(self, bundle: ModelBundle) -> None:
        self._set_classes(bundle.labels, len(bundle.labels))
        self.show_message(
            self.tr("Draw a digit on the canvas")
            if bundle.spec.preprocess == "mnist"
            else self.tr("Open an image")
        )

    def _set_classes(self, labels: list[str], count: int) -> None:
        """``count`` classes named by ``labels`` (built-in sets translated), numbered where none is given."""
        names = display_names(labels)[:count]
        self.class_names = names + [str(c) for c in range(len(names), count)]
        self._measure_names()
        many = count > MAX_BARS
        caption = (
            self.tr("probability (top {count})").format(count=TOP_BARS) if many else self.tr("probability")
        )
        self.chart.set_classes(self.class_names, TOP_BARS if many else count, caption)

    def _model_failed(self, text: str) -> None:
        if self.session.bundle is None:  # otherwise the previous model stays on screen
            self.show_message(self.tr("Could not load the model: {error}").format(error=text))

    def show_message(self, text: str) -> None:
        """Replace the bars with a message (loading, empty canvas, error)."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        for label in self.top_labels:
            label.set_parts("", "")

    def show_result(self, result: InferenceResult) -> None:
        """Update the bars and the top-3 labels."""
        bundle = self.session.bundle
        if bundle is None:
            return
        probs = result.probabilities
        if len(self.class_names) != len(probs):  # a model without (enough) labels: its output says
            self._set_classes(bundle.labels, len(probs))
        ranking = strongest_first(probs)  # one sort for the bars and the top-3
        classes = shown_classes(probs, ranking)
        shown = probs[classes]
        self.chart.set_bars([self.class_names[c] for c in classes], shown, int(np.argmax(shown)))
        best = result.top_k(self.class_names, TOP_K, ranking)
        for label, (name, p) in zip(self.top_labels, best, strict=False):
            label.set_parts(name, f"{100 * p:.1f}%")
        self.stack.setCurrentWidget(self.chart)

    def top_texts(self) -> list[str]:
        """The top-k lines in full (for tests and export captions; the labels may elide the names)."""
        return [label.full_text() for label in self.top_labels]


def runner_room_beside(panel_width: int, least: int) -> int:
    """The width each runner-up gets on the top class's line: a quarter of the row for both, at
    least ``least`` (the room for a percentage)."""
    share = ((panel_width - 2 * MARGIN - SIDE_GAP) / 4 - RUNNER_GAP) / 2
    return max(least, int(share))


def shown_classes(probabilities: np.ndarray, ranking: np.ndarray | None = None) -> list[int]:
    """Every class in order for small label sets; otherwise the TOP_BARS strongest, strongest first
    (``ranking``: :func:`strongest_first` of the probabilities, when already known)."""
    if len(probabilities) <= MAX_BARS:
        return list(range(len(probabilities)))
    ranking = strongest_first(probabilities) if ranking is None else ranking
    return ranking[:TOP_BARS].tolist()
