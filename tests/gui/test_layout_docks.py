"""Dock layout at a real window size: a bottom teaching panel gets room, the top panels degrade gracefully.

Found in screenshots of a 1216–1280 × 800 window: the Convolution dock opened about 190 px
tall (its input map out of view), the Prediction bars became a strip with overlapping names,
presenter mode cut the top-3 percentages and the dock tab titles, and Spanish lines widened the
Convolution panel past the window.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.i18n import install_translators, remove_translators
from cnnviz.gui.main_window import BOTTOM_SHARE, CRAMPED, MainWindow
from cnnviz.gui.panels.probability_chart import MIN_PLOT_HEIGHT, tick_step
from cnnviz.gui.panels.rank_label import elide_keeping_number
from tests.gui.conftest import draw_digit, open_window, wait_for_latest

SIZE = (1280, 800)


@pytest.fixture
def drawn(qtbot: QtBot, settings: QSettings) -> Iterator[MainWindow]:
    """LeNet-5 in a 1280×800 window with a drawn 3; presenter mode off afterwards."""
    window = open_window(qtbot, settings)
    try:
        window.resize(*SIZE)
        draw_digit(window.input_panel.canvas, 3)
        wait_for_latest(qtbot, window)
        yield window
    finally:
        window.set_presenter(False)


def open_convolution(qtbot: QtBot, window: MainWindow) -> None:
    """View ▸ Convolution panel, as a user opens it; wait for its room and its numbers."""
    window.actions_["view_convolution"].trigger()
    dock = window.docks["Convolution"]
    qtbot.waitUntil(lambda: dock.height() >= 0.4 * window.height(), timeout=3000)
    step = window.convolution_panel.model_step
    if window.session.result is not None:  # a drawn digit: its numbers
        qtbot.waitUntil(lambda: step.view.isVisible(), timeout=10_000)
    qtbot.wait(50)  # the layout settles


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    """``widget``'s rectangle in ``ancestor``'s coordinates."""
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def test_showing_the_convolution_dock_gives_it_a_useful_share(qtbot: QtBot, drawn: MainWindow) -> None:
    window = drawn
    dock = window.docks["Convolution"]
    assert not dock.isVisible()
    open_convolution(qtbot, window)
    assert dock.height() >= 0.4 * window.height()
    assert dock.height() <= (BOTTOM_SHARE + 0.02) * window.dock_area_height()  # the top panels stay
    for title in ("Input", "Prediction", "Activations", "Architecture"):
        top = window.docks[title]
        assert top.isVisible() and top.height() >= top.minimumSizeHint().height()
    # the input channel's picture is on screen in the panel, not scrolled out of view
    step = window.convolution_panel.model_step
    area = window.convolution_panel.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    viewport = area.viewport()
    picture = rect_in(step.view.input_map, viewport)
    assert viewport.rect().contains(picture), (picture, viewport.rect())
    assert area.horizontalScrollBar().maximum() == 0  # nothing cut off at the right


def test_a_larger_bottom_dock_the_user_chose_is_kept(qtbot: QtBot, drawn: MainWindow) -> None:
    window = drawn
    window.resize(1280, 1000)  # room above for the user to drag the bottom dock past the half
    open_convolution(qtbot, window)
    dock = window.docks["Convolution"]
    share = BOTTOM_SHARE * window.dock_area_height()
    assert CRAMPED * share <= dock.height() <= share + 4
    for _drag in range(3):  # Qt moves part of the way
        window.resizeDocks([dock], [int(1.3 * share)], Qt.Orientation.Vertical)
        qtbot.wait(50)
    chosen = dock.height()
    assert chosen > 1.15 * share
    window.actions_["view_convolution"].trigger()
    assert not dock.isVisible()
    window.actions_["view_convolution"].trigger()
    qtbot.wait(100)
    assert dock.isVisible() and abs(dock.height() - chosen) <= 2  # never shrunk back to the half


def test_a_saved_layout_keeps_its_bottom_dock_size(qtbot: QtBot, settings: QSettings) -> None:
    first = open_window(qtbot, settings)
    first.resize(*SIZE)
    dock = first.docks["Convolution"]
    open_convolution(qtbot, first)
    prediction = first.docks["Prediction"]
    for _drag in range(3):  # the user gives the top more room again
        first.resizeDocks([prediction], [prediction.height() + 60], Qt.Orientation.Vertical)
        qtbot.wait(50)
    saved = dock.height()
    assert saved < CRAMPED * BOTTOM_SHARE * first.dock_area_height()  # small enough to be grown if opened now
    first.close()
    second = open_window(qtbot, settings)
    qtbot.wait(100)
    restored = second.docks["Convolution"]
    assert restored.isVisible() and restored.height() <= saved + 2  # not grown (the screen may be smaller)
    assert restored.height() < CRAMPED * BOTTOM_SHARE * second.dock_area_height()


def test_prediction_keeps_a_readable_plot_and_names_fewer_bars(qtbot: QtBot, drawn: MainWindow) -> None:
    window = drawn
    panel = window.prediction_panel
    chart = panel.chart
    assert chart.tick_step == 1 and chart.caption_visible  # room for all ten names and "probability"
    open_convolution(qtbot, window)
    assert chart.height() >= MIN_PLOT_HEIGHT
    assert not chart.caption_visible  # its room goes to the bars
    box = chart.geometry_.plot.height()
    text = QFontMetrics(chart.font()).height()
    assert chart.tick_step == tick_step(box, 10, text) > 1
    named = [bar for bar, _name in chart.drawn_names()]
    assert named == list(range(0, 10, chart.tick_step))
    assert box / 10 * chart.tick_step >= text  # the names shown never overlap
    window.docks["Convolution"].hide()
    qtbot.waitUntil(lambda: chart.tick_step == 1, timeout=3000)


def test_tick_step_by_hand() -> None:
    assert tick_step(300, 10, 15) == 1  # 30 px a bar
    assert tick_step(100, 10, 15) == 2  # 10 px a bar: every 2nd name
    assert tick_step(50, 10, 16) == 4  # 5 px a bar
    assert tick_step(0, 10, 16) == 1 and tick_step(80, 1, 16) == 1


def test_eliding_keeps_the_number(qapp: QApplication) -> None:
    metrics = QFontMetrics(QFont())
    name, number = "Greater Swiss Mountain dog", "99.9%"
    whole = f"{name}   {number}"
    assert elide_keeping_number(metrics, name, number, metrics.horizontalAdvance(whole)) == whole
    narrow = metrics.horizontalAdvance(f"{name} {number}")
    assert elide_keeping_number(metrics, name, number, narrow) == f"{name} {number}"  # the gap goes first
    room = metrics.horizontalAdvance("Greater Swi 99.9%")
    short = elide_keeping_number(metrics, name, number, room)
    assert short.endswith("… 99.9%") and short.startswith("Great")
    assert metrics.horizontalAdvance(short) <= room
    assert elide_keeping_number(metrics, name, number, metrics.horizontalAdvance("99.9%") + 3) == number


def test_input_caption_never_overlaps_the_picture(qtbot: QtBot, drawn: MainWindow) -> None:
    window = drawn
    view = window.input_panel.model_view
    for presenter in (False, True):
        window.set_presenter(presenter)
        open_convolution(qtbot, window) if not window.docks["Convolution"].isVisible() else qtbot.wait(100)
        shown = [w for w in (view.title, view.actual, view.plot, view.readout) if w.isVisible()]
        assert len(shown) == 4

        def stacked(shown: list[QWidget] = shown) -> None:
            for above, below in itertools.pairwise(shown):
                assert above.geometry().bottom() < below.geometry().top(), (above, below)

        qtbot.waitUntil(stacked, timeout=3000)  # the new font's layout may take more than one pass
        assert view.readout.geometry().bottom() <= view.height()
        wrapped = view.title.heightForWidth(view.title.width())
        assert view.title.height() >= wrapped  # all of its lines


def test_presenter_top3_show_their_percentages_and_tabs_whole_titles(qtbot: QtBot, drawn: MainWindow) -> None:
    window = drawn
    window.resize(1216, 800)
    window.set_presenter(True)
    qtbot.wait(100)
    panel = window.prediction_panel
    for label, full in zip(panel.top_labels, panel.top_texts(), strict=True):
        number = full.rsplit("   ", 1)[1]
        assert number.endswith("%") and label.text().endswith(number), (label.text(), full)
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.isVisible() and b.count()]
    assert bars
    for bar in bars:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone
        current = bar.currentIndex()
        assert bar.tabRect(current).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(current))


def test_spanish_convolution_panel_fits_a_1280_window(qtbot: QtBot, settings: QSettings, qapp) -> None:
    assert install_translators(qapp, "es")
    try:
        window = open_window(qtbot, settings)
        window.resize(*SIZE)
        draw_digit(window.input_panel.canvas, 3)
        wait_for_latest(qtbot, window)
        open_convolution(qtbot, window)
        view = window.convolution_panel.model_step.view
        assert view.computed.text().startswith("el modelo calculó")
        area = window.convolution_panel.tabs.currentWidget()
        assert isinstance(area, QScrollArea) and area.horizontalScrollBar().maximum() == 0
        for label in (view.computed, view.total, *view.captions):
            assert label.height() >= label.heightForWidth(label.width()), label.text()  # every line shown
            assert rect_in(label, area.viewport()).right() <= area.viewport().width(), label.text()
    finally:
        remove_translators(qapp)
