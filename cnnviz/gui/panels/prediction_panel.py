"""Prediction panel: class probabilities as bars and the top-3 labels, live."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
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
MIN_PLOT_HEIGHT = 96  # ten bars stay readable (every other class named) when a bottom panel is open
AXIS_LABEL_HEIGHT = 170  # below this plot height the "probability" caption gives its room to the bars
WIDEST_NUMBER = "100.0%"  # a top-k label always has room for its percentage
BAR_BRUSH = pg.mkBrush(ACCENT)
BEST_BRUSH = pg.mkBrush("#ffb347")


class RankLabel(QLabel):
    """One top-k line, "name   12.3%": when it is too narrow the name is elided, never the number."""

    def __init__(self, name_room: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.number = "", ""
        self.name_room = name_room  # text as wide as the least room kept for the name (the top class: "0 ")

    def set_parts(self, name: str, number: str) -> None:
        """Show ``name`` and ``number`` (the number always whole)."""
        self.name, self.number = name, number
        self._fit()

    def full_text(self) -> str:
        """The line before any eliding."""
        return f"{self.name}   {self.number}" if self.number else self.name

    def sizeHint(self) -> QSize:
        """The whole line's width: the layout gives it that much when there is room."""
        hint = super().sizeHint()
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        return QSize(self.fontMetrics().horizontalAdvance(self.full_text()) + margins + 2, hint.height())

    def minimumSizeHint(self) -> QSize:
        """Room for the widest percentage in this font, whatever the text (no re-layout per input)."""
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        width = self.fontMetrics().horizontalAdvance(self.name_room + WIDEST_NUMBER) + margins + 2
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """Elide again for a new font (presenter mode)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        self.setText(elide_keeping_number(self.fontMetrics(), self.name, self.number, width))
        self.setToolTip(self.full_text() if self.text() != self.full_text() else "")


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
        step = self.tick_step
        named = [(i, name) for i, name in enumerate(self.tick_names) if i % step == 0]
        self.plot.getAxis("left").setTicks([named])

    def _fit_axes(self) -> None:
        """A short plot: name every 2nd or 3rd bar (no overlapping names) and drop the axis caption."""
        caption, roomy = self.plot.getAxis("bottom"), self.plot.height() >= AXIS_LABEL_HEIGHT
        if caption.label.isVisible() != roomy:
            caption.showLabel(roomy)
        step = tick_step(self.plot.getViewBox().height(), len(self.tick_names), self._tick_height())
        if step != self.tick_step:
            self.tick_step = step
            self._show_ticks()

    def _tick_height(self) -> int:
        font = self.plot.getAxis("left").style.get("tickFont")
        return QFontMetrics(font).height() if font is not None else self.fontMetrics().height()

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


def elide_keeping_number(metrics: QFontMetrics, name: str, number: str, width: int) -> str:
    """``name   number`` in ``width`` pixels: a narrow gap, the name elided or dropped; never the number."""
    if not number:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    for gap in ("   ", " "):
        if metrics.horizontalAdvance(f"{name}{gap}{number}") <= width:
            return f"{name}{gap}{number}"
    room = width - metrics.horizontalAdvance(f" {number}")
    short = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
    line = f"{short} {number}"
    return line if short not in ("", "…") and metrics.horizontalAdvance(line) <= width else number
