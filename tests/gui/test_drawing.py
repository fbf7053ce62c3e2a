"""Drawing digits with simulated mouse strokes; the shipped LeNet-5 must read them."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, draw_stroke, wait_for_latest


def predicted_label(window: MainWindow) -> str:
    result = window.session.result
    assert result is not None
    return window.session.bundle.labels[int(np.argmax(result.probabilities))]  # type: ignore[union-attr]


def test_shipped_model_reads_hand_drawn_digits(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session.bundle is not None and window.session.bundle.trained
    canvas = window.input_panel.canvas
    correct = []
    for digit in range(10):
        canvas.clear()
        draw_digit(canvas, digit)
        wait_for_latest(qtbot, window)
        guess = predicted_label(window)
        correct.append(guess == str(digit))
        assert window.prediction_panel.top_texts()[0].startswith(guess)
    print(f"hand-drawn digits read correctly: {sum(correct)}/10")
    assert sum(correct) >= 9, f"correct per digit: {correct}"


def test_prediction_updates_while_the_stroke_is_drawn(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.conftest import canvas_point

    canvas = window.input_panel.canvas
    seen: list[int] = []
    window.session.result_ready.connect(lambda r: seen.append(r.request_id))
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, canvas_point(canvas, 140, 40)
    )
    for y in range(50, 240, 10):
        QTest.mouseMove(canvas, canvas_point(canvas, 140, y))
        qtbot.wait(5)
    # Still holding the button: results have already arrived for the unfinished stroke.
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=5000)
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, canvas_point(canvas, 140, 240)
    )
    wait_for_latest(qtbot, window)
    assert window.activations_panel.shown_request == window.session.result.request_id  # type: ignore[union-attr]


def test_model_input_is_mnist_style(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    draw_stroke(canvas, [(40, 30), (60, 90), (80, 130)])  # small, off-centre
    wait_for_latest(qtbot, window)
    tensor = window.input_panel.model_view.tensor
    assert tensor is not None and tensor.shape == (1, 28, 28)
    ys, xs = np.nonzero(tensor[0] > 0.05)
    assert max(ys.max() - ys.min(), xs.max() - xs.min()) + 1 in (20, 21, 22)
    total = tensor[0].sum()
    cy = (tensor[0].sum(axis=1) * np.arange(28)).sum() / total
    cx = (tensor[0].sum(axis=0) * np.arange(28)).sum() / total
    assert abs(cy - 13.5) <= 0.5 and abs(cx - 13.5) <= 0.5


def test_undo_redo_and_clear(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    assert canvas.is_blank()
    draw_stroke(canvas, [(100, 100), (180, 180)])
    drawn = canvas.array()
    assert not canvas.is_blank()
    window.actions_["undo"].trigger()
    assert canvas.is_blank()
    window.actions_["redo"].trigger()
    assert np.array_equal(canvas.array(), drawn)
    window.input_panel.clear_button.click()
    assert canvas.is_blank()
    window.actions_["undo"].trigger()
    assert np.array_equal(canvas.array(), drawn)


def test_eraser_removes_ink(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    draw_stroke(canvas, [(60, 140), (220, 140)])
    ink_before = canvas.array().sum()
    window.input_panel.eraser.setChecked(True)
    window.input_panel.brush.setValue(40)
    draw_stroke(canvas, [(60, 140), (220, 140)])
    assert canvas.array().sum() < 0.05 * ink_before


def test_empty_canvas_says_so(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    draw_stroke(canvas, [(140, 60), (140, 200)])
    wait_for_latest(qtbot, window)
    panel = window.prediction_panel
    assert panel.stack.currentWidget() is panel.chart
    with qtbot.waitSignal(window.session.input_problem, timeout=5000):
        canvas.clear()
    assert panel.stack.currentWidget() is panel.message
    assert "no ink" in panel.message.text().lower()
    assert panel.top_texts() == ["", "", ""]


def test_a_click_paints_a_dot(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.conftest import canvas_point

    canvas = window.input_panel.canvas
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas_point(canvas, 140, 140))
    pixels = canvas.array()[..., 0]
    ys, xs = (pixels > 0.5).nonzero()
    assert len(ys) > 0
    assert abs(ys.mean() - 140) < 2 and abs(xs.mean() - 140) < 2
    assert ys.max() - ys.min() + 1 >= canvas.brush_size - 2  # a round dot of the brush's width


def tablet_event(kind: object, canvas: object, x: float, y: float, pressure: float) -> object:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QPointingDevice, QTabletEvent

    from tests.gui.conftest import canvas_point

    pos = QPointF(canvas_point(canvas, x, y))  # type: ignore[arg-type]
    released = kind == QTabletEvent.Type.TabletRelease
    buttons = Qt.MouseButton.NoButton if released else Qt.MouseButton.LeftButton
    return QTabletEvent(
        kind,  # type: ignore[arg-type]
        QPointingDevice.primaryPointingDevice(),
        pos,
        pos,
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        buttons,
    )


def test_tablet_pressure_scales_the_stroke(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QTabletEvent
    from PySide6.QtWidgets import QApplication

    canvas = window.input_panel.canvas
    kinds = QTabletEvent.Type
    widths = []
    for pressure, y in ((1.0, 80), (0.3, 200)):
        QApplication.sendEvent(canvas, tablet_event(kinds.TabletPress, canvas, 40, y, pressure))
        for x in range(50, 241, 10):
            QApplication.sendEvent(canvas, tablet_event(kinds.TabletMove, canvas, x, y, pressure))
        QApplication.sendEvent(canvas, tablet_event(kinds.TabletRelease, canvas, 240, y, pressure))
        column = canvas.array()[:, 140, 0]
        band = column[y - 40 : y + 40]
        widths.append(int((band > 0.5).sum()))
    assert widths[0] >= canvas.brush_size - 2
    assert widths[1] < 0.6 * widths[0]
    wait_for_latest(qtbot, window)
    assert window.session.result is not None
