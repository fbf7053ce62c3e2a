"""The quiz panel's answer column: "Your answer", a line (or a matrix box), Check, Show solution
and the verdict in colour. Its words are set by the panel, in the quiz's language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.quiz import Verdict
from cnnviz.gui.panels.quiz_views import VERDICT_COLOURS, scaled_font


class QuizAnswer(QWidget):
    """The answer boxes (one shown at a time), Check, Show/Hide solution and the verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_answer = QLineEdit()
        self.matrix_answer = QPlainTextEdit()
        self.matrix_answer.setTabChangesFocus(True)
        for box in (self.line_answer, self.matrix_answer):
            scaled_font(box, 1.2, mono=True)
        self.matrix_answer.setFixedHeight(self.matrix_answer.fontMetrics().height() * 5)
        self.check_button = QPushButton()
        self.solution_button = QPushButton()
        self.solution_button.setCheckable(True)
        self.verdict = QLabel()
        self.verdict.setObjectName("quizVerdict")
        self.verdict.setWordWrap(True)
        scaled_font(self.verdict, 1.2, bold=True)
        self.answer_label = QLabel()
        scaled_font(self.answer_label, 1.0, bold=True)
        self._layout()
        self.setMinimumWidth(230)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.solution_button)
        buttons.addStretch(1)
        answer = QVBoxLayout()
        answer.setContentsMargins(0, 0, 0, 0)
        for part in (self.answer_label, self.line_answer, self.matrix_answer):
            answer.addWidget(part)
        answer.addLayout(buttons)
        answer.addWidget(self.verdict)
        answer.addStretch(1)
        self.setLayout(answer)

    def expect(self, hint: str, matrix: bool) -> None:
        """The box for this kind of answer, with how to type it as placeholder and tooltip."""
        for box in (self.line_answer, self.matrix_answer):
            box.setPlaceholderText(hint)  # how to type the answer, until something is typed
            box.setToolTip(hint)
        self.matrix_answer.setVisible(matrix)
        self.line_answer.setVisible(not matrix)

    def clear(self) -> None:
        """Nothing typed, no verdict."""
        self.line_answer.clear()
        self.matrix_answer.clear()
        self.verdict.clear()

    def text(self, matrix: bool) -> str:
        """What the student typed in the matrix box or the line."""
        return self.matrix_answer.toPlainText() if matrix else self.line_answer.text()

    def show_verdict(self, verdict: Verdict) -> None:
        """The checker's message in the colour of its status."""
        self.verdict.setText(verdict.message)
        self.verdict.setStyleSheet(f"color: {VERDICT_COLOURS[verdict.status]};")
