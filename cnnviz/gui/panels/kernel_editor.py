"""An editable kernel: a table of weights and one divisor, so that every number stays exact."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.matrices import format_number

CELL_WIDTH, CELL_HEIGHT, HEADER_WIDTH = 44, 26, 30


def parse_number(text: str) -> float:
    """A finite number typed by a person (accepts − and a decimal comma); ValueError otherwise."""
    value = float(text.strip().replace("−", "-").replace(",", "."))
    if not np.isfinite(value):
        raise ValueError(f"'{text}' is not a finite number")
    return value


class KernelEditor(QWidget):
    """Weights in a table (edit a cell: ``changed``) divided by a number (e.g. 16)."""

    changed = Signal()
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelEditor")
        self.weights = np.zeros((3, 3))
        self.divisor = 1.0
        self.table = QTableWidget()
        self.table.setObjectName("kernelTable")
        self.table.setToolTip(
            self.tr(
                "Edit a weight: the result updates at once. Headers count from the centre cell, "
                "which sits over the output pixel."
            )
        )
        self.table.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)
        self.table.horizontalHeader().setFixedHeight(CELL_HEIGHT)
        self.table.verticalHeader().setDefaultSectionSize(CELL_HEIGHT)
        self.table.verticalHeader().setFixedWidth(HEADER_WIDTH)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.divisor_edit = QLineEdit("1")
        self.divisor_edit.setObjectName("kernelDivisor")
        self.divisor_edit.setMaximumWidth(70)
        self.divisor_edit.setToolTip(
            self.tr("Every weight is divided by this number (16 for the 3×3 Gaussian)")
        )
        self.divide_row = QHBoxLayout()
        self.divide_row.addWidget(QLabel("÷"))
        self.divide_row.addWidget(self.divisor_edit)
        self.divide_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(self.divide_row)
        layout.addStretch(1)
        self.table.itemChanged.connect(self._cell_edited)
        self.divisor_edit.editingFinished.connect(self._divisor_edited)

    def set_kernel(self, weights: np.ndarray, divisor: float) -> None:
        """Show new weights and divisor (no ``changed`` signal)."""
        self.weights, self.divisor = np.array(weights, dtype=np.float64), float(divisor)
        rows, cols = self.weights.shape
        self.table.blockSignals(True)
        self.table.setRowCount(rows)
        self.table.setColumnCount(cols)
        # Offsets from the centre: the centre cell (0, 0) sits over the output pixel.
        self.table.setVerticalHeaderLabels([f"{r - rows // 2:+d}".replace("+0", "0") for r in range(rows)])
        self.table.setHorizontalHeaderLabels([f"{c - cols // 2:+d}".replace("+0", "0") for c in range(cols)])
        self._fit_table(rows, cols)
        for r in range(rows):
            for c in range(cols):
                item = QTableWidgetItem(format_number(self.weights[r, c]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if (r, c) == (rows // 2, cols // 2):  # the anchor, over the output pixel
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.divisor_edit.setText(format_number(self.divisor))

    def _fit_table(self, rows: int, cols: int) -> None:
        """Exactly the room for ``rows``×``cols`` cells and the headers."""
        frame = 2 * self.table.frameWidth()
        self.table.setFixedSize(
            HEADER_WIDTH + cols * CELL_WIDTH + frame, CELL_HEIGHT + rows * CELL_HEIGHT + frame
        )

    def values(self) -> np.ndarray:
        """The kernel as applied: weights / divisor."""
        return self.weights / self.divisor

    def set_cell(self, row: int, col: int, text: str) -> None:
        """Type ``text`` into a cell, as a person would."""
        item = self.table.item(row, col)
        if item is not None:
            item.setText(text)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        try:
            value = parse_number(item.text())
        except ValueError:
            old = format_number(self.weights[item.row(), item.column()])
            message = self.tr("'{text}' is not a number: the weight stays {old}")
            self.problem.emit(message.format(text=item.text(), old=old))
            return
        self.weights[item.row(), item.column()] = value
        self.changed.emit()

    def _divisor_edited(self) -> None:
        try:
            value = parse_number(self.divisor_edit.text())
            if value == 0:
                raise ValueError
        except ValueError:
            message = self.tr("The divisor must be a non-zero number, not '{text}'")
            self.problem.emit(message.format(text=self.divisor_edit.text()))
            return
        if value != self.divisor:
            self.divisor = value
            self.changed.emit()
