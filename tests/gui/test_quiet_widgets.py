"""The one-line label of the training status, the timeline and the status bar: a new text repaints
it alone (no layout request up the window), a long one is elided with the whole text in the tooltip.
The training progress bar paints a new value with the window's next paint, not at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QProgressBar
from pytestqt.qtbot import QtBot

from cnnviz.gui.quiet_widgets import LineLabel, QuietProgressBar
from tests.gui.conftest import EventCount
from tests.gui.test_widgets import shown_in_panel

STEP = "epoch 1/5 · step 12/469 · loss 2.2931 · accuracy 11.2% · 9,876 samples/s · ETA 0:41"


def test_new_texts_neither_resize_it_nor_re_lay_out_the_panel(qtbot: QtBot) -> None:
    label = LineLabel("Choose a model and a data set, then Start.")
    panel, requests = shown_in_panel(qtbot, label)
    size, hint = label.size(), label.sizeHint()
    for text in (STEP, "Paused: drawing and inspecting work as usual.", "", "x"):
        label.setText(text)
        QCoreApplication.processEvents()
        assert label.text() == text
    assert label.size() == size and label.sizeHint() == hint and requests.count == 0
    plain = QLabel("Choose a model")  # the control: a QLabel's new text asks the panel for a layout
    panel.layout().addWidget(plain)  # type: ignore[union-attr]
    QCoreApplication.processEvents()
    requests.count = 0
    plain.setText(STEP)
    QCoreApplication.processEvents()
    assert requests.count > 0


def test_it_asks_for_the_template_width_and_one_line(qtbot: QtBot) -> None:
    label = LineLabel("No snapshots yet", template="step 88,888 · epoch 888")
    qtbot.addWidget(label)
    metrics = label.fontMetrics()
    assert label.sizeHint().width() >= metrics.horizontalAdvance("step 88,888 · epoch 888")
    assert label.sizeHint().height() == metrics.height()
    label.setText("step 1 · epoch 1")
    assert label.sizeHint().width() >= metrics.horizontalAdvance("step 88,888 · epoch 888")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)  # presenter mode
    label.setFont(font)
    assert label.sizeHint().height() == label.fontMetrics().height() > metrics.height()


def test_a_text_too_long_is_elided_and_whole_in_the_tooltip(qtbot: QtBot) -> None:
    label = LineLabel(STEP)
    qtbot.addWidget(label)
    label.resize(label.sizeHint())
    label.show()
    qtbot.waitExposed(label)
    assert label.shown_text() == STEP and label.toolTip() == ""
    label.resize(120, label.height())
    shown = label.shown_text()
    assert shown.endswith("…") and STEP.startswith(shown[:-1]) and label.toolTip() == STEP
    label.setText("short")
    assert label.shown_text() == "short" and label.toolTip() == ""
    assert label.accessibleName() == "short"


def test_it_paints_its_background_and_the_text(qtbot: QtBot) -> None:
    label = LineLabel("▮▮▮▮")
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#102030"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0e0d0"))
    label.setPalette(palette)
    _panel, _requests = shown_in_panel(qtbot, label)  # the panel must outlive the test's reads
    image = label.grab().toImage()
    colours = {QColor(image.pixel(x, y)).name() for x in range(image.width()) for y in range(image.height())}
    assert "#102030" in colours and "#f0e0d0" in colours
    label.setText("")
    assert {QColor(label.grab().toImage().pixel(x, 2)).name() for x in range(20)} == {"#102030"}


def test_the_progress_bar_paints_a_new_value_with_the_next_paint_not_at_once(qtbot: QtBot) -> None:
    bars = {"quiet": QuietProgressBar(), "plain": QProgressBar()}  # the plain one: the control
    painted_at_once, panels = {}, []
    for name, bar in bars.items():
        bar.setRange(0, 1000)
        panels.append(shown_in_panel(qtbot, bar))
        paints = EventCount(QEvent.Type.Paint)
        bar.installEventFilter(paints)
        with qtbot.waitSignal(bar.valueChanged):
            bar.setValue(500)
        painted_at_once[name] = paints.count
        assert bar.value() == 500
        qtbot.waitUntil(lambda paints=paints: paints.count > 0)  # the value is painted after all
    assert painted_at_once == {"quiet": 0, "plain": 1}
    assert bars["quiet"].autoFillBackground()  # opaque: its parents are not repainted under it
