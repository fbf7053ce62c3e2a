"""Pieces of the quiz panel: its words in English and Spanish, fonts, matrix grids, the solution text."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from cnnviz.core.matrices import format_number

VERDICT_COLOURS = {"right": "#2e8b57", "wrong": "#c0392b", "unparsed": "#b7791f"}
UI = {
    "kind": {"en": "Exercise", "es": "Ejercicio"},
    "language": {"en": "Language", "es": "Idioma"},
    "new": {"en": "New exercise", "es": "Nuevo ejercicio"},
    "seed": {"en": "Seed", "es": "Semilla"},
    "score": {"en": "Score: {right} / {tried}", "es": "Aciertos: {right} / {tried}"},
    "answer": {"en": "Your answer", "es": "Tu respuesta"},
    "check": {"en": "Check", "es": "Comprobar"},
    "show": {"en": "Show solution", "es": "Mostrar solución"},
    "hide": {"en": "Hide solution", "es": "Ocultar solución"},
    "solution": {"en": "Solution", "es": "Solución"},
}


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
