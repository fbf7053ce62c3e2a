"""The convolution step-through sandbox with real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.gui.panels.conv_sandbox import CURRENT, WINDOW, ConvSandbox


def table_values(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def make(qtbot: QtBot) -> ConvSandbox:
    sandbox = ConvSandbox()
    qtbot.addWidget(sandbox)
    sandbox.show()
    sandbox.input_edit.setText("3 1 4; 2 2 2; 4 8 1")
    sandbox.kernel_edit.setText("0 1; 0 1")
    for box in sandbox.pads:
        box.setValue(0)
    return sandbox


def test_output_equals_the_hand_computation(qtbot: QtBot) -> None:
    sandbox = make(qtbot)
    # The kernel adds the right column of each 2×2 window: 1+2, 4+2 / 2+8, 2+1.
    assert table_values(sandbox.output_table) == [["3", "6"], ["10", "3"]]
    assert sandbox.formula.text().startswith("height: ⌊(3 + 2·0 − 1·(2−1) − 1)/1⌋ + 1 = 2")
    sandbox.flip.setChecked(True)  # true convolution: the kernel becomes [[1 0]; [1 0]] (left column)
    assert table_values(sandbox.kernel_table) == [["1", "0"], ["1", "0"]]
    assert table_values(sandbox.output_table) == [["5", "3"], ["6", "10"]]  # 3+2, 1+2 / 2+4, 2+8


def test_arrow_keys_step_the_window(qtbot: QtBot) -> None:
    sandbox = make(qtbot)
    assert sandbox.index == 0 and sandbox.step_text.text().startswith("output (0, 0)")
    assert sandbox.padded_table.item(0, 0).background() == WINDOW  # type: ignore[union-attr]
    assert sandbox.padded_table.item(0, 2).background() != WINDOW  # type: ignore[union-attr]
    sandbox.setFocus()
    QTest.keyClick(sandbox, Qt.Key.Key_Right)
    assert sandbox.index == 1 and sandbox.step_text.text().startswith("output (0, 1)")
    assert "4·1" in sandbox.step_text.text() and sandbox.step_text.text().endswith("= 6")
    assert sandbox.padded_table.item(0, 2).background() == WINDOW  # type: ignore[union-attr]
    assert sandbox.output_table.item(0, 1).background() == CURRENT  # type: ignore[union-attr]
    QTest.keyClick(sandbox, Qt.Key.Key_Left)
    QTest.keyClick(sandbox, Qt.Key.Key_Left)  # wraps to the last output
    assert sandbox.step_text.text().startswith("output (1, 1)")


def test_padding_modes_stride_and_bad_input(qtbot: QtBot) -> None:
    sandbox = make(qtbot)
    sandbox.mode.setCurrentText("replicate")
    for box in sandbox.pads:
        box.setValue(1)
    assert table_values(sandbox.padded_table)[0] == ["3", "3", "1", "4", "4"]  # top row repeats the edge
    sandbox.stride.setValue(2)
    assert sandbox.output_table.rowCount() == 2 and sandbox.output_table.columnCount() == 2  # ⌊(3+2−1−1)/2⌋+1
    before = table_values(sandbox.output_table)
    sandbox.input_edit.setText("1 2; 3")
    assert not sandbox.banner.isHidden() and "same number of values" in sandbox.banner.text()
    assert table_values(sandbox.output_table) == before  # the last good result stays
    sandbox.input_edit.setText("1 2 3 4 5")
    sandbox.kernel_edit.setText("1 1")
    assert sandbox.banner.isHidden()
    assert sandbox.output_table.rowCount() == 1  # a 1-D signal


def test_play_animates(qtbot: QtBot) -> None:
    sandbox = make(qtbot)
    sandbox.timer.setInterval(20)
    sandbox.play.click()
    qtbot.waitUntil(lambda: sandbox.index >= 2, timeout=3000)
    sandbox.play.click()
    assert not sandbox.timer.isActive() and sandbox.play.text() == "Play"
