"""Prediction panel: class probabilities as bars and the top-3 labels, live."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from cnnviz.gui.class_names import display_names
from cnnviz.gui.fonts import FACTOR, axis_font, set_relative_font
from cnnviz.gui.panels.rank_label import RankLabel
from cnnviz.gui.session import Session
from cnnviz.gui.theme import ACCENT
from cnnviz.gui.widgets import CenteredMessage

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

MAX_BARS = 20  # up to this many classes every class has a bar, in class order
TOP_BARS = 10  # beyond it (ImageNet's 1,000) the strongest classes, strongest first
TOP_K = 3
MIN_PLOT_HEIGHT = 96  # ten bars stay readable (every other class named) when a bottom panel is open
AXIS_LABEL_HEIGHT = 170  # below this plot height the "probability" caption gives its room to the bars
NAME_SHARE = 0.4  # the class names take at most this share of the plot's width (longer ones are elided)
MIN_NAME_ROOM = 48
BAR_BRUSH = pg.mkBrush(ACCENT)
BEST_BRUSH = pg.mkBrush("#ffb347")


class PredictionPanel(QWidget):
    """Bars for every class (up to 20) and the three most probable labels."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self.session = session
        self.top_labels = [RankLabel("0 ")] + [RankLabel() for _ in range(TOP_K - 1)]
        self.class_names: list[str] = []  # the model's labels as shown (built-in sets translated)
        self.message = CenteredMessage(self.tr("Loading model…"))
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setMinimumHeight(MIN_PLOT_HEIGHT)
        self.plot.getAxis("bottom").setLabel(self.tr("probability"))
        self.tick_names: list[str] = []  # the names of the bars, top to bottom
        self.tick_step = 1  # every tick_step-th bar is named (a short plot names fewer)
        self.name_room = 0  # pixels for the names: fixed, so new top classes never re-lay out the plot
        self._widest: tuple[object, str, int] = (None, "", 0)  # (names, tick font, widest name's pixels)
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
        first, *others = self.top_labels
        first.setObjectName("top1")
        set_relative_font(first, 2.4, bold=True)
        runners = QHBoxLayout()
        runners.setSpacing(28)
        for rank, label in enumerate(others, start=2):
            label.setObjectName(f"top{rank}")
            set_relative_font(label, 1.3)
            runners.addWidget(label, 1)
        top = QHBoxLayout()  # fixed shares, most for the top class: a new prediction never moves the lines
        top.addWidget(first, 3)
        top.addSpacing(24)
        top.addLayout(runners, 1)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setProperty(FACTOR, 1.15)
            axis.setStyle(tickFont=axis_font(1.15))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.plot.getViewBox().sigResized.connect(lambda _box: self._fit_axes())

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
        self._fit_axes()  # setLabel showed the caption
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
            label.set_parts("", "")

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
            label.set_parts(name, f"{100 * p:.1f}%")
        self.stack.setCurrentWidget(self.plot)
        self._fit_axes()

    def _set_ticks(self, classes: list[int]) -> None:
        labels = self.class_names
        names = [labels[c] if c < len(labels) else str(c) for c in classes]
        if names != self.tick_names:  # unchanged names keep the axis as drawn (no re-layout, no repaint)
            self.tick_names = names
            self._show_ticks()

    def _show_ticks(self) -> None:
        step, metrics, room = self.tick_step, self._tick_metrics(), self.name_room
        elide = Qt.TextElideMode.ElideRight
        named = [
            (i, metrics.elidedText(name, elide, room) if room else name)
            for i, name in enumerate(self.tick_names)
            if i % step == 0
        ]
        self.plot.getAxis("left").setTicks([named])

    def _fit_axes(self) -> None:
        """A short plot: name every 2nd or 3rd bar (no overlapping names) and drop the axis caption."""
        caption, roomy = self.plot.getAxis("bottom"), self.plot.height() >= AXIS_LABEL_HEIGHT
        if caption.label.isVisible() != roomy:
            caption.showLabel(roomy)
        step = tick_step(self.plot.getViewBox().height(), len(self.tick_names), self._tick_metrics().height())
        room = self._name_room()
        if step != self.tick_step or room != self.name_room:
            self.tick_step, self.name_room = step, room
            axis = self.plot.getAxis("left")
            axis.setWidth(room + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"]))
            self._show_ticks()

    def _name_room(self) -> int:
        """Pixels for the names: the model's widest name, or NAME_SHARE of the plot when that is less."""
        names, metrics = self.class_names or self.tick_names, self._tick_metrics()
        font = self._tick_font().toString()
        if self._widest[0] is not names or self._widest[1] != font:
            widest = max((metrics.horizontalAdvance(name) for name in names), default=0) + 1
            self._widest = (names, font, widest)
        return min(self._widest[2], max(MIN_NAME_ROOM, int(NAME_SHARE * self.plot.width())))

    def _tick_font(self) -> QFont:
        font = self.plot.getAxis("left").style.get("tickFont")
        return font if font is not None else self.font()

    def _tick_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._tick_font())

    def changeEvent(self, event: QEvent) -> None:
        """Measure the names again in a new font (presenter mode)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_axes()

    def top_texts(self) -> list[str]:
        """The top-k lines in full (for tests and export captions; the labels may elide the names)."""
        return [label.full_text() for label in self.top_labels]


def shown_classes(probabilities: np.ndarray) -> list[int]:
    """Every class in order for small label sets; otherwise the TOP_BARS strongest, strongest first."""
    if len(probabilities) <= MAX_BARS:
        return list(range(len(probabilities)))
    return [int(c) for c in np.argsort(-probabilities, kind="stable")[:TOP_BARS]]


def tick_step(height: float, count: int, text_height: int) -> int:
    """Name every n-th of ``count`` bars in ``height`` pixels: names ``text_height`` high never overlap."""
    if count <= 1 or height <= 0:
        return 1
    return max(1, math.ceil(text_height / (height / count)))
