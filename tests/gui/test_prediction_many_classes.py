"""Prediction panel with ImageNet's 1,000 classes: the ten strongest, strongest first, labelled."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QFontMetrics

from cnnviz.gui.panels.prediction_panel import TOP_BARS, shown_classes
from cnnviz.gui.panels.probability_chart import MIN_NAME_ROOM, NAME_SHARE
from tests.gui.conftest import LayoutRequests, open_window


def test_shown_classes_small_and_large() -> None:
    assert shown_classes(np.array([0.2, 0.5, 0.3])) == [0, 1, 2]
    probabilities = np.linspace(0.0, 1.0, 1000)[::-1].copy()
    probabilities[[7, 500]] = probabilities[[500, 7]]
    assert shown_classes(probabilities)[:TOP_BARS] == [0, 1, 2, 3, 4, 5, 6, 500, 8, 9]


def test_imagenet_model_shows_top_classes_with_their_names(qtbot, settings) -> None:
    window = open_window(qtbot, settings, model="zoo:mobilenet_v3_small")
    panel = window.prediction_panel
    rng = np.random.default_rng(0)
    window.session.set_image(rng.random((224, 224, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: window.session.result is not None, timeout=60_000)
    result = window.session.result
    expected = np.argsort(-result.probabilities, kind="stable")[:TOP_BARS]
    chart = panel.chart
    ticks = chart.drawn_names()
    labels = window.session.bundle.labels
    assert chart.names == [labels[c] for c in expected]
    assert ticks
    for position, text in ticks:  # each named bar: its name whole, or elided to the names' room
        name = chart.names[position]
        assert text == name or (text.endswith("…") and name.startswith(text[:-1]))
    assert np.allclose(chart.values, result.probabilities[expected])
    assert chart.best == 0
    widths = [chart.bar_rect(i).width() for i in range(TOP_BARS)]  # longest bar first, in pixels
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    assert panel.top_texts()[0].startswith(labels[int(expected[0])])


def test_new_top_classes_do_not_lay_the_panel_out_again(qtbot, settings) -> None:
    window = open_window(qtbot, settings, model="zoo:mobilenet_v3_small")
    panel, session = window.prediction_panel, window.session
    rng = np.random.default_rng(1)
    session.set_image(rng.random((224, 224, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: session.result is not None, timeout=60_000)
    qtbot.wait(50)
    chart = panel.chart
    geometry, requests, seen = chart.geometry_, LayoutRequests(), []
    panel.installEventFilter(requests)
    for _ in range(4):
        shown = session.result.request_id  # type: ignore[union-attr]
        session.set_image(rng.random((224, 224, 3)).astype(np.float32))
        qtbot.waitUntil(lambda s=shown: session.result.request_id > s, timeout=60_000)  # type: ignore[union-attr]
        qtbot.wait(20)
        seen.append(chart.names)
    assert len({tuple(names) for names in seen}) > 1  # the names of the bars did change
    assert requests.count == 0 and chart.geometry_ is geometry  # and nothing was laid out again
    metrics = QFontMetrics(chart.font())
    assert 0 < chart.name_room <= max(MIN_NAME_ROOM, NAME_SHARE * chart.width())
    for _bar, text in chart.drawn_names():  # every name fits its room, long ones elided
        assert metrics.horizontalAdvance(text) <= chart.name_room


def test_a_model_without_labels_gets_numbered_bars(qtbot, settings) -> None:
    from dataclasses import replace

    window = open_window(qtbot, settings)
    session = window.session
    qtbot.waitUntil(lambda: session.bundle is not None, timeout=60_000)
    session.show_model(replace(session.bundle, name="unlabelled", labels=[]))
    qtbot.waitUntil(lambda: getattr(session.bundle, "name", "") == "unlabelled", timeout=10_000)
    shown = session.result.request_id if session.result is not None else -1
    session.set_image(np.random.default_rng(2).random((280, 280, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: session.result is not None and session.result.request_id > shown, timeout=10_000)
    chart, result = window.prediction_panel.chart, session.result
    assert chart.rows == 10 and chart.names == [str(c) for c in range(10)]
    assert chart.drawn_names()[0] == (0, "0")
    np.testing.assert_allclose(chart.values, result.probabilities)
    assert chart.best == int(np.argmax(result.probabilities))
    assert window.prediction_panel.top_texts()[0].split()[0] == str(int(np.argmax(result.probabilities)))


def shown_name(label_text: str, number: str) -> str:
    """The name part of a top-k line as painted (maybe elided), without its percentage."""
    assert label_text.endswith(number), (label_text, number)
    return label_text[: -len(number)].rstrip()


def test_runners_up_with_long_names_get_a_line_of_their_own(qtbot, settings) -> None:
    window = open_window(qtbot, settings, model="zoo:mobilenet_v3_small")
    panel, session = window.prediction_panel, window.session
    session.set_image(np.random.default_rng(3).random((224, 224, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: session.result is not None, timeout=60_000)
    qtbot.wait(20)
    first, second, third = panel.top_labels
    assert panel.runners_below
    assert second.geometry().top() > first.geometry().bottom()  # under the top class
    assert second.y() == third.y() and third.x() > second.geometry().right()
    for label, full in zip(panel.top_labels, panel.top_texts(), strict=True):
        name, number = full.rsplit("   ", 1)
        head = shown_name(label.text(), number)
        assert head == name or (len(head) > 1 and head.endswith("…") and name.startswith(head[:-1])), head
    panel.resize(4000, panel.height())  # room for every name beside the top class
    assert not panel.runners_below
    panel.resize(494, panel.height())
    assert panel.runners_below


def test_digit_runners_up_stay_beside_the_top_class_with_their_names(qtbot, settings) -> None:
    window = open_window(qtbot, settings)
    panel, session = window.prediction_panel, window.session
    qtbot.waitUntil(lambda: session.bundle is not None, timeout=60_000)
    session.set_image(np.random.default_rng(4).random((280, 280, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: session.result is not None, timeout=10_000)
    qtbot.wait(20)
    first, second, _third = panel.top_labels
    assert not panel.runners_below
    assert second.x() > first.geometry().right() and second.geometry().top() < first.geometry().bottom()
    for label, full in zip(panel.top_labels, panel.top_texts(), strict=True):
        name, number = full.rsplit("   ", 1)
        assert shown_name(label.text(), number) == name  # one digit always fits with its number


def test_runner_room_beside_the_top_class() -> None:
    from cnnviz.gui.panels.prediction_panel import MARGIN, RUNNER_GAP, SIDE_GAP, runner_room_beside

    width = 2 * MARGIN + SIDE_GAP + 4 * (RUNNER_GAP + 2 * 100)  # a quarter of the row: two lines of 100
    assert runner_room_beside(width, 60) == 100
    assert runner_room_beside(width, 130) == 130  # never less than the room for a percentage


def test_presenter_mode_measures_the_names_in_its_larger_font(qtbot, settings) -> None:
    from cnnviz.gui.panels.prediction_panel import runner_room_beside
    from cnnviz.gui.panels.rank_label import RUNNER_NUMBER

    window = open_window(qtbot, settings, model="zoo:mobilenet_v3_small")
    panel = window.prediction_panel
    qtbot.waitUntil(lambda: len(panel.class_names) == 1000, timeout=60_000)
    runner = panel.top_labels[1]
    longest = max(panel.class_names, key=runner.fontMetrics().horizontalAdvance)
    before = panel.widest_runner
    assert before == runner.room_for(f"{longest} {RUNNER_NUMBER}").width()
    window.set_presenter(True)
    qtbot.wait(50)
    assert panel.widest_runner > before  # measured again, in the new font
    assert panel.widest_runner == runner.room_for(f"{longest} {RUNNER_NUMBER}").width()
    least = runner.minimumSizeHint().width()
    assert panel.runners_below == (panel.widest_runner > runner_room_beside(panel.width(), least))
