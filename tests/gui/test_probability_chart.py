"""The Prediction panel's bar chart: geometry by hand, pixels painted, names, tool tips and colours."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFontMetrics
from pytestqt.qtbot import QtBot

from cnnviz.gui.panels.probability_chart import (
    AXIS_LABEL_HEIGHT,
    BAR_HEIGHT,
    BEST,
    MIN_NAME_ROOM,
    X_PADDING,
    ProbabilityChart,
)
from cnnviz.gui.theme import ACCENT


@pytest.fixture
def chart(qtbot: QtBot) -> ProbabilityChart:
    widget = ProbabilityChart()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.set_classes(["cat", "dog", "bird"], 3, "probability")
    widget.set_bars(["cat", "dog", "bird"], np.array([0.25, 0.75, 0.0]), best=1)
    return widget


def test_bars_by_hand(chart: ProbabilityChart) -> None:
    plot = chart.geometry_.plot
    unit = plot.width() / (1 + 2 * X_PADDING)  # pixels for a probability of 1
    row = plot.height() / 3
    for index, value in enumerate([0.25, 0.75, 0.0]):
        rect = chart.bar_rect(index)
        assert rect.left() == pytest.approx(plot.left() + X_PADDING * unit)
        assert rect.width() == pytest.approx(value * unit)
        assert rect.height() == pytest.approx(BAR_HEIGHT * row)
        assert rect.center().y() == pytest.approx(plot.top() + (index + 0.5) * row)


def test_the_painted_pixels(chart: ProbabilityChart) -> None:
    image = chart.grab().toImage()
    background = chart.colours[0]

    def colour_at(point: QPointF) -> QColor:
        return image.pixelColor(round(point.x()), round(point.y()))

    assert colour_at(chart.bar_rect(0).center()) == QColor(ACCENT)
    assert colour_at(chart.bar_rect(1).center()) == QColor(BEST)  # the best class stands out
    right_of_first = chart.bar_rect(0).center() + QPointF(chart.bar_rect(0).width(), 0)
    assert colour_at(right_of_first) == background
    assert colour_at(chart.bar_rect(2).center() + QPointF(5, 0)) == background  # 0 %: no bar


def test_tool_tip_bar_and_names(chart: ProbabilityChart) -> None:
    assert chart.bar_at(chart.bar_rect(1).center()) == 1
    assert chart.bar_at(QPointF(1, 1)) is None  # the name column
    assert chart.drawn_names() == [(0, "cat"), (1, "dog"), (2, "bird")]
    assert chart.name_room == QFontMetrics(chart.font()).horizontalAdvance("bird") + 1  # the widest


def test_long_names_are_elided_to_their_room(chart: ProbabilityChart) -> None:
    long_name = "a very long class name " * 4
    chart.set_classes([long_name, "b"], 2, "")
    chart.set_bars([long_name, "b"], np.array([0.5, 0.5]), best=0)
    assert chart.name_room == max(MIN_NAME_ROOM, int(0.4 * chart.width()))
    (_, shown), _ = chart.drawn_names()
    assert shown.endswith("…") and long_name.startswith(shown[:-1])
    assert QFontMetrics(chart.font()).horizontalAdvance(shown) <= chart.name_room


def test_a_short_chart_drops_its_caption_and_names_fewer_bars(qtbot: QtBot) -> None:
    chart = ProbabilityChart()
    qtbot.addWidget(chart)
    names = [str(digit) for digit in range(10)]
    chart.set_classes(names, 10, "probability")
    chart.set_bars(names, np.full(10, 0.1), best=None)
    chart.resize(300, AXIS_LABEL_HEIGHT + 60)
    assert chart.caption_visible and chart.tick_step == 1
    chart.resize(300, 100)
    assert not chart.caption_visible and chart.tick_step > 1
    assert [bar for bar, _ in chart.drawn_names()] == list(range(0, 10, chart.tick_step))


def test_theme_colours(chart: ProbabilityChart) -> None:
    chart.set_colours("#ffffff", "#202028")
    image = chart.grab().toImage()
    assert image.pixelColor(2, 2) == QColor("#ffffff")
