"""The quiz panel with real widgets: answers checked, score kept, Spanish, solution, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cnnviz.core.quiz import KINDS, generate, same_exercise
from cnnviz.gui.panels import quiz_panel
from cnnviz.gui.panels.quiz_panel import QuizPanel
from cnnviz.gui.panels.quiz_views import VERDICT_COLOURS


def make(qtbot: QtBot, kind: str = "parameters", seed: int = 11) -> QuizPanel:
    panel = QuizPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)  # shortcuts only reach the active window
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(kind))
    panel.load_seed(seed)
    return panel


def type_answer(panel: QuizPanel, text: str) -> None:
    box = panel.matrix_answer if panel.matrix_answer.isVisible() else panel.line_answer
    box.setFocus()
    box.selectAll()
    for i, line in enumerate(text.split("\n")):
        if i:
            QTest.keyClick(box, Qt.Key.Key_Return)
        QTest.keyClicks(box, line)


def test_right_answer_is_accepted_and_scored(qtbot: QtBot) -> None:
    panel = make(qtbot)
    assert panel.exercise is not None and panel.exercise.kind == "parameters" and panel.seed_box.value() == 11
    assert panel.score_label.text() == "Score: 0 / 0"
    type_answer(panel, panel.exercise.answer_text())
    QTest.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert "correct" in panel.verdict.text().lower() and not panel.verdict.text().startswith("Not")
    assert VERDICT_COLOURS["right"] in panel.verdict.styleSheet()
    assert panel.score_label.text() == "Score: 1 / 1"
    panel.check()  # checking the same right answer again does not score twice
    assert panel.score_label.text() == "Score: 1 / 1"


def test_wrong_and_unreadable_answers(qtbot: QtBot) -> None:
    panel = make(qtbot)
    assert panel.exercise is not None and isinstance(panel.exercise.answer, int)
    type_answer(panel, str(panel.exercise.answer + 1))
    QTest.keyClick(panel.line_answer, Qt.Key.Key_Return)
    assert panel.verdict.text().startswith("Not correct")
    assert VERDICT_COLOURS["wrong"] in panel.verdict.styleSheet()
    assert panel.score_label.text() == "Score: 0 / 1"
    type_answer(panel, "lots")
    panel.check()
    assert panel.verdict.text().startswith("Cannot read 'lots' as a number")
    assert VERDICT_COLOURS["unparsed"] in panel.verdict.styleSheet()
    assert panel.score_label.text() == "Score: 0 / 1"  # an unreadable answer is no attempt
    type_answer(panel, panel.exercise.answer_text())
    panel.check()
    assert panel.verdict.text() == "Correct!" and panel.score_label.text() == "Score: 1 / 1"


def test_matrix_answers_in_the_text_box_with_ctrl_return(qtbot: QtBot) -> None:
    panel = make(qtbot, "convolution", 5)
    assert panel.exercise is not None and panel.exercise.answer_kind == "matrix"
    assert panel.matrix_answer.isVisible() and not panel.line_answer.isVisible()
    assert len(panel.exercise.matrices) == 2  # input and kernel shown as grids
    type_answer(panel, panel.exercise.answer_text())
    QTest.keyClick(panel.matrix_answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.verdict.text() == "Correct!"
    assert panel.matrix_answer.toPlainText() == panel.exercise.answer_text()  # Ctrl+Return added no line


def test_spanish_keeps_the_numbers_and_changes_the_words(qtbot: QtBot) -> None:
    panel = make(qtbot, "output_size", 3)
    english = panel.question.text()
    answer = panel.exercise.answer_text() if panel.exercise else ""
    type_answer(panel, "1x2")
    panel.language_box.setCurrentIndex(panel.language_box.findData("es"))
    assert panel.question.text() != english and panel.question.text().startswith("Una entrada de tamaño")
    assert (
        panel.exercise is not None and panel.exercise.answer_text() == answer and panel.seed_box.value() == 3
    )
    assert panel.new_button.text() == "Nuevo ejercicio" and panel.score_label.text() == "Aciertos: 0 / 0"
    assert panel.kind_box.currentText() == "Tamaño de salida"
    assert panel.line_answer.text() == "1x2"  # what was typed stays
    panel.check()
    assert panel.verdict.text().startswith("No se puede leer '1x2' como un tamaño")


def test_show_solution_reveals_the_steps(qtbot: QtBot) -> None:
    panel = make(qtbot, "receptive_field", 3)
    assert panel.exercise is not None
    assert not panel.solution.isVisible()
    QTest.mouseClick(panel.solution_button, Qt.MouseButton.LeftButton)
    assert panel.solution.isVisible() and panel.solution_button.text() == "Hide solution"
    text = panel.solution.toPlainText()
    assert text.splitlines()[0].startswith("1. Start at the input")
    assert "Layer 3: r = 7 + (2 − 1)·2 = 9, j = 2·2 = 4" in text and text.endswith("Answer: 9")
    type_answer(panel, "9")
    panel.check()
    assert panel.verdict.text() == "Correct!"
    assert panel.score_label.text() == "Score: 0 / 0"  # solution seen first: no score


def test_new_exercise_shortcut_seed_and_every_kind(qtbot: QtBot) -> None:
    panel = make(qtbot)
    first = panel.question.text()
    panel.line_answer.setFocus()
    QTest.keyClick(panel.line_answer, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.question.text() != first and panel.line_answer.text() == ""
    panel.seed_box.setValue(11)  # a teacher types the seed to share the exercise
    assert panel.question.text() == first
    for kind in KINDS:
        panel.kind_box.setCurrentIndex(panel.kind_box.findData(kind))
        assert panel.exercise is not None and panel.exercise.kind == kind
        assert panel.seed_box.value() == panel.exercise.seed
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("any"))
    assert panel.kind_box.currentText() == "Any" and panel.exercise is not None


def test_new_exercise_is_never_the_one_shown(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = make(qtbot)  # seed 11; seed 1575 draws the very same numbers
    assert same_exercise(generate("parameters", 1575), panel.exercise)
    seeds = iter([11, 1575, 12])
    monkeypatch.setattr(quiz_panel, "random_seed", lambda: next(seeds))
    panel.new_exercise()
    assert panel.seed_box.value() == 12 and not same_exercise(panel.exercise, generate("parameters", 11))


def test_exercises_with_the_same_question_differ_by_their_matrices() -> None:
    first, other = generate("convolution", 3), generate("convolution", 1)
    assert first.question == other.question  # "convolve this input with this kernel"
    assert same_exercise(first, generate("convolution", 3)) and not same_exercise(first, other)


def test_quiz_dock_in_the_main_window(qtbot: QtBot, window) -> None:
    dock = window.docks["Quiz"]
    assert not dock.isVisible() and dock.widget() is window.quiz_panel
    window.actions_["view_quiz"].trigger()
    qtbot.waitUntil(dock.isVisible)
    panel = window.quiz_panel
    assert panel.exercise is not None and panel.session is window.session
    type_answer(panel, panel.exercise.answer_text())
    panel.check()
    assert panel.verdict.text() == "Correct!"
