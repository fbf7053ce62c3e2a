"""Horizontal probability bars with the class names, painted in one pass.

A pyqtgraph plot rebuilt its names axis in Python for each new top-10 and repainted in a
paint pass of its own (its scene's update is queued); this widget keeps its geometry
(name column, plot area, which bars are named) until its size, font or class set changes,
so a new prediction only repaints it, in the same pass as the rest of the panel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.theme import ACCENT

BEST = "#ffb347"  # the most probable class
BEST_COLOUR, BAR_COLOUR = QColor(BEST), QColor(ACCENT)
FONT_FACTOR = 1.15
MIN_PLOT_HEIGHT = 96  # ten bars stay readable (every other class named) when a bottom panel is open
AXIS_LABEL_HEIGHT = 170  # below this height the caption gives its room to the bars
NAME_SHARE = 0.4  # the class names take at most this share of the width (longer ones are elided)
MIN_NAME_ROOM = 48
TICK = 5  # pixels of a tick mark
PAD = 6  # pixels between a tick and its text, and around the plot
BAR_HEIGHT = 0.7  # of a row
X_TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
X_PADDING = 0.02  # of the 0..1 range, each side


@dataclass(frozen=True)
class ChartGeometry:
    """Where everything goes for one size, font and class set."""

    plot: QRectF  # the bars' area, x = 0 at left() and 1 at right() (less padding)
    name_room: int  # pixels for a name
    tick_step: int  # every tick_step-th bar is named
    caption: bool  # room for the caption under the axis

    def x_at(self, value: float) -> float:
        """The pixel column of probability ``value``."""
        span = 1 + 2 * X_PADDING
        return self.plot.left() + (value + X_PADDING) / span * self.plot.width()

    def row_rect(self, row: int, rows: int) -> QRectF:
        """The horizontal band of bar ``row`` (top to bottom) out of ``rows``."""
        height = self.plot.height() / max(rows, 1)
        return QRectF(self.plot.left(), self.plot.top() + row * height, self.plot.width(), height)


class ProbabilityChart(QWidget):
    """One bar per shown class, top to bottom, its name at the left; the best bar highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityChart")
        self.setMinimumHeight(MIN_PLOT_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills every pixel itself
        set_relative_font(self, FONT_FACTOR)
        self.caption = ""
        self.names: list[str] = []  # the names of the bars, top to bottom
        self.values = np.zeros(0)
        self.best: int | None = None
        self.rows = 0  # bars the chart has room for (fixed per model)
        self._pool: Sequence[str] = ()  # every name a bar may get: the name column fits the widest
        self._widest: int | None = None  # the widest name's pixels in this font
        self._geometry: ChartGeometry | None = None
        self._geometry_size = QSize()  # a hidden widget is resized without a resize event
        self._elided: dict[str, QStaticText] = {}  # each name as drawn, by name
        self._frame_pixmap: QPixmap | None = None
        self.colours = (QColor(), QColor())
        self.set_colours(pg.getConfigOption("background"), pg.getConfigOption("foreground"))

    def set_colours(self, background: object, foreground: object) -> None:
        """The plot theme's background and text colours (any colour pyqtgraph accepts)."""
        self.colours = (pg.mkColor(background), pg.mkColor(foreground))
        self._frame_pixmap = None
        self.update()

    # -- data ------------------------------------------------------------------
    def set_classes(self, pool: Sequence[str], rows: int, caption: str) -> None:
        """A new class set: ``rows`` bars at most, named from ``pool``; no bars yet."""
        self._pool, self.rows, self.caption = pool, rows, caption
        self.names, self.values, self.best = [], np.zeros(0), None
        self._widest = None
        self._relayout()

    def set_bars(self, names: Sequence[str], values: np.ndarray, best: int | None) -> None:
        """Show ``values`` (probabilities) as bars named ``names``; bar ``best`` highlighted."""
        self.names, self.values, self.best = list(names), np.asarray(values, dtype=float), best
        self.update()

    # -- geometry --------------------------------------------------------------
    @property
    def geometry_(self) -> ChartGeometry:
        """The layout for the current size and font (computed once, then kept)."""
        if self._geometry is None or self._geometry_size != self.size():
            self._geometry, self._geometry_size = self._compute_geometry(), self.size()
            self._elided, self._frame_pixmap = {}, None  # a new room for the names, new axes
        return self._geometry

    @property
    def tick_step(self) -> int:
        """Every n-th bar is named."""
        return self.geometry_.tick_step

    @property
    def name_room(self) -> int:
        """Pixels for a name (longer names are elided)."""
        return self.geometry_.name_room

    @property
    def caption_visible(self) -> bool:
        """Whether the caption under the axis is drawn."""
        return bool(self.caption) and self.geometry_.caption

    def _compute_geometry(self) -> ChartGeometry:
        metrics = self.fontMetrics()
        room = min(self._widest_name(metrics), max(MIN_NAME_ROOM, int(NAME_SHARE * self.width())))
        caption = self.height() >= AXIS_LABEL_HEIGHT
        bottom = TICK + PAD // 2 + metrics.height() + (metrics.height() if caption else 0) + PAD // 2
        right_label = metrics.horizontalAdvance(tick_text(1.0)) / 2
        left = PAD + room + PAD + TICK
        plot = QRectF(
            left, PAD, max(1.0, self.width() - left - PAD - right_label), self.height() - PAD - bottom
        )
        plot.setHeight(max(1.0, plot.height()))
        step = tick_step(plot.height(), self.rows, metrics.height())
        return ChartGeometry(plot, room, step, caption)

    def _widest_name(self, metrics: QFontMetrics) -> int:
        if self._widest is None:
            pool = self._pool or self.names
            self._widest = max((metrics.horizontalAdvance(name) for name in pool), default=0) + 1
        return self._widest

    def _relayout(self) -> None:
        self._geometry, self._elided, self._frame_pixmap = None, {}, None
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (presenter mode): a new layout."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._widest = None
            self._relayout()

    def sizeHint(self) -> QSize:
        """Wide enough for names and bars, tall enough for ten named bars."""
        return QSize(360, 240)

    # -- what is drawn (also for tests) ----------------------------------------
    def drawn_names(self) -> list[tuple[int, str]]:
        """(bar, text) of the names drawn: every tick_step-th bar, elided to the room."""
        step = self.tick_step
        return [(i, self._static_name(name).text()) for i, name in enumerate(self.names) if i % step == 0]

    def _static_name(self, name: str) -> QStaticText:
        """``name`` elided to the room, laid out once for drawing again and again."""
        shown = self._elided.get(name)
        if shown is None:
            elided = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, self.name_room)
            shown = QStaticText(elided)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.prepare(font=self.font())
            self._elided[name] = shown
        return shown

    def bar_rect(self, index: int) -> QRectF:
        """The rectangle of bar ``index`` in widget pixels (zero width for probability 0)."""
        geometry = self.geometry_
        row = geometry.row_rect(index, self.rows)
        thickness = row.height() * BAR_HEIGHT
        left, right = geometry.x_at(0.0), geometry.x_at(float(self.values[index]))
        return QRectF(left, row.center().y() - thickness / 2, right - left, thickness)

    def bar_at(self, point: QPointF) -> int | None:
        """The bar whose row holds ``point`` (None outside the plot or below the last bar)."""
        plot = self.geometry_.plot
        if not plot.contains(point) or not len(self.values):
            return None
        row = int((point.y() - plot.top()) / (plot.height() / max(self.rows, 1)))
        return row if row < len(self.values) else None

    def event(self, event: QEvent) -> bool:
        """Tool tip: the whole name and probability of the bar under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                text = f"{self.names[index]}: {100 * float(self.values[index]):.1f}%"
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)

    # -- painting --------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The axes (kept as a picture until the layout changes), the bars and the names."""
        painter = QPainter(self)
        try:
            painter.drawPixmap(0, 0, self._frame())
            for index in range(len(self.values)):
                painter.fillRect(self.bar_rect(index), BEST_COLOUR if index == self.best else BAR_COLOUR)
            painter.setPen(self.colours[1])
            self._paint_names(painter)
        finally:
            painter.end()

    def _paint_names(self, painter: QPainter) -> None:
        geometry = self.geometry_
        right = round(geometry.plot.left()) - 1 - TICK - PAD // 2
        for index, name in enumerate(self.names):
            if index % geometry.tick_step == 0:
                text = self._static_name(name)
                y = geometry.row_rect(index, self.rows).center().y() - text.size().height() / 2
                painter.drawStaticText(QPointF(right - text.size().width(), y), text)

    def _frame(self) -> QPixmap:
        """Background and both axes for the current layout, font and colours."""
        ratio = self.devicePixelRatioF()
        if self._frame_pixmap is None or self._frame_pixmap.size() != self.size() * ratio:
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self.colours[0])
            painter = QPainter(pixmap)
            try:
                painter.setFont(self.font())
                painter.setPen(self.colours[1])
                self._paint_name_axis(painter)
                self._paint_x_axis(painter)
            finally:
                painter.end()
            self._frame_pixmap = pixmap
        return self._frame_pixmap

    def _paint_name_axis(self, painter: QPainter) -> None:
        geometry = self.geometry_
        plot = geometry.plot
        axis_x = round(plot.left()) - 1
        painter.drawLine(axis_x, round(plot.top()), axis_x, round(plot.bottom()))
        for index in range(0, self.rows, geometry.tick_step):
            y = round(geometry.row_rect(index, self.rows).center().y())
            painter.drawLine(axis_x - TICK, y, axis_x, y)

    def _paint_x_axis(self, painter: QPainter) -> None:
        geometry = self.geometry_
        plot, metrics = geometry.plot, self.fontMetrics()
        axis_y = round(plot.bottom()) + 1
        painter.drawLine(round(plot.left()) - 1, axis_y, round(plot.right()), axis_y)
        for minor in range(21):
            x = round(geometry.x_at(minor / 20))
            painter.drawLine(x, axis_y, x, axis_y + (TICK if minor % 4 == 0 else TICK // 2))
        top = axis_y + TICK + PAD // 2
        for value in X_TICKS:
            text = tick_text(value)
            x = round(geometry.x_at(value) - metrics.horizontalAdvance(text) / 2)
            painter.drawText(QPoint(x, top + metrics.ascent()), text)
        if self.caption_visible:
            box = QRect(round(plot.left()), top + metrics.height(), round(plot.width()), metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.caption)


def tick_text(value: float) -> str:
    """An axis label: ``0``, ``0.2`` … ``1``."""
    return f"{value:g}"


def tick_step(height: float, count: int, text_height: int) -> int:
    """Name every n-th of ``count`` bars in ``height`` pixels: names ``text_height`` high never overlap."""
    if count <= 1 or height <= 0:
        return 1
    return max(1, math.ceil(text_height / (height / count)))
