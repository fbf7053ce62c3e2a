"""Quiz mode: an exercise of the kind the course asks, a typed answer checked, the worked solution.

Exercises, answers, checking and solutions all come from :mod:`cnnviz.core.quiz`; this panel
lays them out in English or Spanish (the interface's language at first, then as chosen; the
panel's own words follow that choice too), keeps the score, and shows the seed so a teacher
can give the whole class the same exercise (type the seed and press Enter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.quiz import (
    ANY,
    KIND_NAMES,
    KINDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    SEED_LIMIT,
    Exercise,
    Verdict,
    check_answer,
    generate,
    random_seed,
    same_exercise,
    translated,
)
from cnnviz.gui.i18n import current_language
from cnnviz.gui.panels.quiz_answer import QuizAnswer
from cnnviz.gui.panels.quiz_views import (
    matrix_table,
    scaled_font,
    solution_html,
    ui_text,
)

if TYPE_CHECKING:
    from cnnviz.gui.session import Session

NEW_EXERCISE_TRIES = 20  # seeds drawn at most for an exercise unlike the one shown


class QuizPanel(QWidget):
    """Kind and language choosers, the question, an answer box, Check, the verdict, the solution."""

    def __init__(self, session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quizPanel")
        self.session = session  # not needed: the quiz stands alone
        self.exercise: Exercise | None = None
        self.right = 0
        self.tried = 0
        self._counted = False  # this exercise has been attempted (a readable answer was checked)
        self._revealed = False  # the solution was shown before a right answer: it no longer scores
        self._make_widgets()
        self._layout()
        self._connect()
        self.retranslate()
        self.new_exercise()

    # -- construction ------------------------------------------------------------------
    def _make_widgets(self) -> None:
        self.kind_box = QComboBox()
        for kind in (ANY, *KINDS):
            self.kind_box.addItem(KIND_NAMES[kind]["en"], kind)
        self.language_box = QComboBox()
        for language in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[language], language)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(current_language())))
        self.new_button = QPushButton()
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, SEED_LIMIT - 1)
        self.seed_box.setKeyboardTracking(False)
        self.seed_box.setMinimumWidth(100)
        self.score_label = QLabel()
        scaled_font(self.score_label, 1.15, bold=True)
        self.question = QLabel()
        self.question.setObjectName("quizQuestion")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scaled_font(self.question, 1.25)
        self.matrices = QHBoxLayout()
        self.answer = a = QuizAnswer()
        self.line_answer, self.matrix_answer, self.verdict = a.line_answer, a.matrix_answer, a.verdict
        self.answer_label, self.check_button = a.answer_label, a.check_button
        self.solution_button = a.solution_button
        self.solution_title = QLabel()
        scaled_font(self.solution_title, 1.1, bold=True)
        self.solution = QTextBrowser()
        self.solution.setObjectName("quizSolution")
        scaled_font(self.solution, 1.1)

    def _layout(self) -> None:
        self.kind_label, self.language_label, self.seed_label = QLabel(), QLabel(), QLabel()
        bar = QHBoxLayout()
        choosers: list[QWidget] = [self.kind_label, self.kind_box, self.language_label, self.language_box]
        for widget in [*choosers, self.new_button]:
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.seed_label)
        bar.addWidget(self.seed_box)
        bar.addStretch(1)
        bar.addWidget(self.score_label)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 6, 0)
        left.addWidget(self.question)
        left.addLayout(self.matrices)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.solution_title)
        right.addWidget(self.solution, 1)
        self.solution_area = QWidget()
        self.solution_area.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        exercise_area = QWidget()
        exercise_area.setLayout(left)
        scroll = QScrollArea()
        scroll.setWidget(exercise_area)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QHBoxLayout()  # question and matrices | answer | worked solution
        body.addWidget(scroll, 10)
        body.addWidget(self.answer, 3)
        body.addWidget(self.solution_area, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(bar)
        layout.addLayout(body, 1)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_exercise)
        self.kind_box.currentIndexChanged.connect(self.new_exercise)
        self.language_box.currentIndexChanged.connect(self.change_language)
        self.seed_box.valueChanged.connect(self.load_seed)
        self.check_button.clicked.connect(self.check)
        self.line_answer.returnPressed.connect(self.check)
        self.solution_button.toggled.connect(self.show_solution)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+N", self.new_exercise),
            ("Ctrl+Return", self.check),
            ("Ctrl+Enter", self.check),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- state ---------------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The chosen language code ("en" or "es")."""
        return str(self.language_box.currentData())

    @property
    def kind(self) -> str:
        """The chosen kind ("any" or one of KINDS)."""
        return str(self.kind_box.currentData())

    def _ui(self, key: str, **values: object) -> str:
        return ui_text(key, self.language, **values)

    def retranslate(self) -> None:
        """Every label and button in the chosen language."""
        for index in range(self.kind_box.count()):
            self.kind_box.setItemText(index, KIND_NAMES[self.kind_box.itemData(index)][self.language])
        self.kind_label.setText(self._ui("kind"))
        self.language_label.setText(self._ui("language"))
        self.language_box.setToolTip(self._ui("language_tip"))
        self.new_button.setText(self._ui("new"))
        self.new_button.setToolTip(self._ui("new_tip"))
        self.seed_label.setText(self._ui("seed"))
        self.seed_box.setToolTip(self._ui("seed_tip"))
        self.answer_label.setText(self._ui("answer"))
        self.check_button.setText(self._ui("check"))
        self.check_button.setToolTip(self._ui("check_tip"))
        self.solution_button.setText(self._ui("hide" if self.solution_button.isChecked() else "show"))
        self.solution_title.setText(self._ui("solution"))
        self._show_score()

    def _show_score(self) -> None:
        self.score_label.setText(self._ui("score", right=self.right, tried=self.tried))

    # -- actions ---------------------------------------------------------------------------
    def new_exercise(self) -> None:
        """A fresh exercise of the chosen kind with a new random seed, never the one on screen
        (a kind with few numbers to vary gives the same question for some seeds)."""
        shown = self.exercise
        for _ in range(NEW_EXERCISE_TRIES):
            exercise = generate(self.kind, random_seed(), self.language)
            if shown is None or not same_exercise(exercise, shown):
                break
        self.show_exercise(exercise)

    def load_seed(self, seed: int) -> None:
        """The exercise of the chosen kind for ``seed`` (what a teacher types to share one)."""
        self.show_exercise(generate(self.kind, int(seed), self.language))

    def change_language(self) -> None:
        """The same exercise and labels in the other language; the typed answer stays."""
        self.retranslate()
        if self.exercise is not None:
            self.show_exercise(translated(self.exercise, self.language), same=True)

    def show_exercise(self, exercise: Exercise, same: bool = False) -> None:
        """Lay out the question, its matrices and the answer box; a new exercise clears the answer."""
        self.exercise = exercise
        self.seed_box.blockSignals(True)
        self.seed_box.setValue(exercise.seed or 0)
        self.seed_box.blockSignals(False)
        self.question.setText(exercise.question)
        self._show_matrices(exercise)
        matrix = exercise.answer_kind == "matrix"
        self.answer.expect(exercise.hint, matrix)
        self.solution.setHtml(solution_html(exercise.solution))
        if not same:
            self.answer.clear()
            self._counted = self._revealed = False
            self.solution_button.setChecked(False)
        self.show_solution(self.solution_button.isChecked())
        (self.matrix_answer if matrix else self.line_answer).setFocus()

    def _show_matrices(self, exercise: Exercise) -> None:
        while self.matrices.count():
            item = self.matrices.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for label, matrix in exercise.matrices:
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 12, 0)
            title = QLabel(label)
            scaled_font(title, 1.0, bold=True)
            column.addWidget(title)
            column.addWidget(matrix_table(matrix))
            column.addStretch(1)
            holder = QWidget()
            holder.setLayout(column)
            self.matrices.addWidget(holder)
        self.matrices.addSpacing(12)

    def answer_text(self) -> str:
        """What the student typed in the visible answer box."""
        return self.answer.text(self.exercise is not None and self.exercise.answer_kind == "matrix")

    def check(self) -> None:
        """Check the typed answer, show the verdict in colour, and count it once per exercise."""
        if self.exercise is None:
            return
        verdict = check_answer(self.exercise, self.answer_text())
        self._score(verdict)
        self.answer.show_verdict(verdict)

    def _score(self, verdict: Verdict) -> None:
        if verdict.status == "unparsed" or self._revealed:
            return
        if not self._counted:
            self._counted = True
            self.tried += 1
        if verdict.correct:
            self.right += 1
            self._revealed = True  # counted: further checks of this exercise do not score again
        self._show_score()

    def show_solution(self, shown: bool) -> None:
        """Reveal (or hide) the worked steps; revealed before a right answer, the exercise scores no more."""
        self.solution_area.setVisible(shown)
        self._revealed = self._revealed or shown
        self.solution_button.setText(self._ui("hide" if shown else "show"))
