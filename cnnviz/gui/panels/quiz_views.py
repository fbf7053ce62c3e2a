"""Pieces of the quiz panel: its words in the quiz's language, fonts, matrix grids, the solution text."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from cnnviz.core.matrices import format_number
from cnnviz.gui.i18n import current_language, translations_dir

VERDICT_COLOURS = {"right": "#2e8b57", "wrong": "#c0392b", "unparsed": "#b7791f"}
CONTEXT = "QuizPanel"
# The panel's own words, in the quiz's language (which starts as the interface language,
# cnnviz.gui.i18n.current_language, and may then differ from it).
UI: dict[str, str] = {
    "kind": str(QT_TRANSLATE_NOOP("QuizPanel", "Exercise")),
    "language": str(QT_TRANSLATE_NOOP("QuizPanel", "Language")),
    "new": str(QT_TRANSLATE_NOOP("QuizPanel", "New exercise")),
    "new_tip": str(QT_TRANSLATE_NOOP("QuizPanel", "New exercise (Ctrl+N)")),
    "seed": str(QT_TRANSLATE_NOOP("QuizPanel", "Seed")),
    "seed_tip": str(
        QT_TRANSLATE_NOOP(
            "QuizPanel", "Type a seed and press Enter: the same seed gives everyone the same exercise"
        )
    ),
    "score": str(QT_TRANSLATE_NOOP("QuizPanel", "Score: {right} / {tried}")),
    "answer": str(QT_TRANSLATE_NOOP("QuizPanel", "Your answer")),
    "check": str(QT_TRANSLATE_NOOP("QuizPanel", "Check")),
    "check_tip": str(QT_TRANSLATE_NOOP("QuizPanel", "Check (Ctrl+Return)")),
    "show": str(QT_TRANSLATE_NOOP("QuizPanel", "Show solution")),
    "hide": str(QT_TRANSLATE_NOOP("QuizPanel", "Hide solution")),
    "solution": str(QT_TRANSLATE_NOOP("QuizPanel", "Solution")),
    "language_tip": str(
        QT_TRANSLATE_NOOP(
            "QuizPanel", "The language of the exercises, answers and solutions (the interface's at start)"
        )
    ),
}
_TRANSLATORS: dict[str, QTranslator | None] = {}  # language → its compiled translation (None: missing)


def _translator(language: str) -> QTranslator | None:
    """The compiled translation of ``language`` (resources/i18n/cnnviz_<language>.qm), or None."""
    if language not in _TRANSLATORS:
        translator = QTranslator()
        path = translations_dir() / f"cnnviz_{language}.qm"
        _TRANSLATORS[language] = translator if translator.load(str(path)) else None
    return _TRANSLATORS[language]


def ui_text(key: str, language: str, **values: object) -> str:
    """The panel's word ``key`` in ``language`` (may differ from the interface's), values filled in."""
    source = UI[key]
    if language == current_language():
        text = QCoreApplication.translate(CONTEXT, source)
    elif language == "en":
        text = source
    else:
        translator = _translator(language)
        text = (translator.translate(CONTEXT, source) if translator is not None else "") or source
    return text.format(**values)


def scaled_font(widget: QWidget, factor: float = 1.0, bold: bool = False, mono: bool = False) -> None:
    """A font ``factor`` times the widget's default, optionally bold or monospace."""
    font = QFont(widget.font())
    if mono:
        font.setFamily("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setBold(bold)
    font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)
    widget.setProperty("cnnvizFontFactor", factor)  # View ▸ Large fonts rescales relative fonts


def matrix_table(matrix: np.ndarray) -> QTableWidget:
    """A read-only grid of the numbers, rows and columns counted from 0, sized to fit."""
    grid = matrix if matrix.ndim == 2 else matrix.reshape(1, -1)
    table = QTableWidget(grid.shape[0], grid.shape[1])
    table.setObjectName("quizMatrix")
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scaled_font(table, 1.15, mono=True)
    table.setVerticalHeaderLabels([str(i) for i in range(grid.shape[0])])
    table.setHorizontalHeaderLabels([str(i) for i in range(grid.shape[1])])
    table.verticalHeader().setMinimumWidth(table.fontMetrics().horizontalAdvance("00") + 10)
    table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    side = table.fontMetrics().height() + 4
    table.horizontalHeader().setDefaultSectionSize(
        max(side + 6, table.fontMetrics().horizontalAdvance("-00") + 16)
    )
    table.verticalHeader().setDefaultSectionSize(side)
    for r in range(grid.shape[0]):
        for c in range(grid.shape[1]):
            item = QTableWidgetItem(format_number(float(grid[r, c])))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    width = (
        max(table.verticalHeader().sizeHint().width(), table.verticalHeader().minimumWidth())
        + grid.shape[1] * table.horizontalHeader().defaultSectionSize()
    )
    height = table.horizontalHeader().sizeHint().height() + grid.shape[0] * side
    table.setFixedSize(width + 2 * table.frameWidth(), height + 2 * table.frameWidth())
    return table


def solution_html(steps: list[str]) -> str:
    """The steps numbered, one paragraph each; continuation lines (matrices) in an aligned block."""
    parts = []
    for i, step in enumerate(steps, start=1):
        first, *rest = step.split("\n")
        parts.append(f"<p style='margin: 0 0 6px 0'><b>{i}.</b> {html.escape(first)}</p>")
        if rest:
            block = html.escape("\n".join(rest))
            parts.append(f"<pre style='margin: 0 0 8px 24px; font-size: large'>{block}</pre>")
    return "".join(parts)
