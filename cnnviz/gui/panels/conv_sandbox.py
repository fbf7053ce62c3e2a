"""Convolution step-through (sandbox): type a small input and kernel, slide the window step by step.

Every number comes from ``cnnviz.core.convolution`` (checked against hand-computed
examples and PyTorch); this panel only lays it out: the padded input with the
window highlighted, the kernel as applied, the products and their sum, the
output with the current cell highlighted, and the output-size formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.convolution import convolve, explain_step, output_formulas
from cnnviz.core.matrices import format_number, parse_matrix
from cnnviz.core.padding import PADDING_MODES
from cnnviz.gui.panels.conv_words import core_words, correlation_note, mode_name
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from cnnviz.core.convolution import ConvResult

WINDOW = QBrush(QColor("#ffd27f"))
PADDING = QBrush(QColor("#d9d9e3"))
CURRENT = QBrush(QColor("#8fd18f"))
PLAY_INTERVAL_MS = 700
DEFAULT_INPUT = "3 1 4 1 5; 9 2 6 5 3; 5 8 9 7 9; 3 2 3 8 4; 6 2 6 4 3"
DEFAULT_KERNEL = "1 0 -1; 1 0 -1; 1 0 -1"


def number_table(name: str) -> QTableWidget:
    """A read-only grid of numbers with compact cells."""
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setDefaultSectionSize(40)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setMinimumHeight(150)
    return table


def fill(table: QTableWidget, values: np.ndarray) -> None:
    """Show a matrix (or a 1-D signal as one row)."""
    grid = values if values.ndim == 2 else values[None]
    table.setRowCount(grid.shape[0])
    table.setColumnCount(grid.shape[1])
    # Rows and columns count from 0, as in the explanations (and in NumPy and PyTorch).
    table.setVerticalHeaderLabels([str(i) for i in range(grid.shape[0])])
    table.setHorizontalHeaderLabels([str(i) for i in range(grid.shape[1])])
    for r in range(grid.shape[0]):
        for c in range(grid.shape[1]):
            item = QTableWidgetItem(format_number(float(grid[r, c])))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)


class ConvSandbox(QWidget):
    """The sandbox: edit, then step with ← → (or play as an animation)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("convSandbox")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.result: ConvResult | None = None
        self.index = 0
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self._make_controls()
        self._make_views()
        self._layout()
        self.recompute()

    # -- construction ------------------------------------------------------------------
    def _make_controls(self) -> None:
        self.input_edit = QLineEdit(DEFAULT_INPUT)
        self.input_edit.setToolTip(
            self.tr("Rows separated by ';', numbers by spaces. One row is a 1-D signal.")
        )
        self.kernel_edit = QLineEdit(DEFAULT_KERNEL)
        self.stride = self._spin(1, 8, 1)
        self.dilation = self._spin(1, 8, 1)
        self.pads = [self._spin(0, 8, 1) for _ in range(4)]
        self.mode = QComboBox()
        for mode in PADDING_MODES:
            self.mode.addItem(mode_name(mode), mode)
        self.flip = QCheckBox(self.tr("True convolution (flip the kernel)"))
        self.bias = QDoubleSpinBox()
        self.bias.setRange(-1000, 1000)
        self.banner = MessageBanner()
        for signal in (
            self.input_edit.textChanged,
            self.kernel_edit.textChanged,
            self.mode.currentIndexChanged,
        ):
            signal.connect(self.recompute)
        self.flip.toggled.connect(self.recompute)
        self.bias.valueChanged.connect(self.recompute)

    def _spin(self, low: int, high: int, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setValue(value)
        box.setMaximumWidth(64)
        box.valueChanged.connect(self.recompute)
        return box

    def _make_views(self) -> None:
        self.padded_table = number_table("paddedInput")
        self.kernel_table = number_table("kernelApplied")
        self.output_table = number_table("convOutput")
        self.step_text = QLabel("")
        self.step_text.setObjectName("stepText")
        self.step_text.setWordWrap(True)
        self.formula = QLabel("")
        self.formula.setObjectName("sizeFormula")
        self.which = QLabel(correlation_note())
        self.which.setWordWrap(True)
        self.back = QPushButton("◀")
        self.forward = QPushButton("▶")
        self.play = QPushButton(self.tr("Play"))
        self.back.clicked.connect(lambda: self.step_by(-1))
        self.forward.clicked.connect(lambda: self.step_by(1))
        self.play.clicked.connect(self.toggle_play)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Input"), self.input_edit)
        form.addRow(self.tr("Kernel"), self.kernel_edit)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Padding")))
        sides = (self.tr("top"), self.tr("bottom"), self.tr("left"), self.tr("right"))
        for label, box in zip(sides, self.pads, strict=True):
            row.addWidget(QLabel(label))
            row.addWidget(box)
        others = (
            (self.tr("mode"), self.mode),
            (self.tr("stride"), self.stride),
            (self.tr("dilation"), self.dilation),
        )
        for label, widget in others:
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        self.bias.setMaximumWidth(80)
        row.addWidget(QLabel(self.tr("bias")))
        row.addWidget(self.bias)
        row.addWidget(self.flip)
        row.addStretch(1)
        form.addRow(row)
        grids = QGridLayout()
        for column, (title, table) in enumerate(
            (
                (self.tr("Padded input"), self.padded_table),
                (self.tr("Kernel as applied"), self.kernel_table),
                (self.tr("Output"), self.output_table),
            )
        ):
            grids.addWidget(QLabel(title), 0, column)
            grids.addWidget(table, 1, column)
        controls = QHBoxLayout()
        for button in (self.back, self.forward, self.play):
            controls.addWidget(button)
        controls.addWidget(self.step_text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addLayout(grids, 1)
        layout.addLayout(controls)
        layout.addWidget(self.formula)
        layout.addWidget(self.which)

    # -- computation -------------------------------------------------------------------------
    def recompute(self) -> None:
        """Parse the matrices and convolve; a problem is a message and the old result stays."""
        try:
            x = parse_matrix(self.input_edit.text(), "input")
            kernel = parse_matrix(self.kernel_edit.text(), "kernel")
            padding = tuple(box.value() for box in self.pads)
            if x.ndim == 1:
                padding = (padding[2], padding[3])
            result = convolve(
                x,
                kernel,
                self.stride.value(),
                padding,
                str(self.mode.currentData()),
                self.dilation.value(),
                self.flip.isChecked(),
                self.bias.value(),
            )
        except ValueError as exc:
            self.banner.show_error(str(exc))
            return
        self.banner.hide()
        self.result = result
        fill(self.padded_table, result.padded)
        fill(self.kernel_table, result.weights)
        fill(self.output_table, result.output)
        self._mark_padding(result)
        axes = {"height": self.tr("height"), "width": self.tr("width")}
        formulas = output_formulas(result).items()
        self.formula.setText("   ".join(f"{axes.get(axis, axis)}: {text}" for axis, text in formulas))
        self.show_step(min(self.index, len(result.steps) - 1))

    def _mark_padding(self, result: ConvResult) -> None:
        top, _bottom, left, _right = result.padding if len(result.padding) == 4 else (0, 0, *result.padding)
        rows, cols = result.input.shape if result.input.ndim == 2 else (1, result.input.shape[0])
        for r in range(self.padded_table.rowCount()):
            for c in range(self.padded_table.columnCount()):
                inside = top <= r < top + rows and left <= c < left + cols
                item = self.padded_table.item(r, c)
                if item is not None and not inside:
                    item.setBackground(PADDING)

    def show_step(self, index: int) -> None:
        """Highlight one output position, its window, and explain the arithmetic."""
        if self.result is None or not self.result.steps:
            return
        self.index = index % len(self.result.steps)
        self._mark_padding(self.result)
        for table in (self.padded_table, self.output_table):
            for r in range(table.rowCount()):
                for c in range(table.columnCount()):
                    item = table.item(r, c)
                    if item is not None and item.background() != PADDING:
                        item.setBackground(QBrush())
        step = self.result.steps[self.index]
        for r in step.window_rows:
            for c in step.window_cols:
                item = self.padded_table.item(r if self.result.padded.ndim == 2 else 0, c)
                if item is not None:
                    item.setBackground(WINDOW)
        current = self.output_table.item(step.out_row, step.out_col)
        if current is not None:
            current.setBackground(CURRENT)
        text = self.tr("output ({row}, {col}): {sum}")
        self.step_text.setText(
            text.format(row=step.out_row, col=step.out_col, sum=core_words(explain_step(step)))
        )

    def step_by(self, delta: int) -> None:
        """Move the window forward or back (wrapping around)."""
        self.show_step(self.index + delta)

    def toggle_play(self) -> None:
        """Animate the window across the output."""
        if self.timer.isActive():
            self.timer.stop()
            self.play.setText(self.tr("Play"))
        else:
            self.timer.start()
            self.play.setText(self.tr("Pause"))

    def _tick(self) -> None:
        self.step_by(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← and → step through the output positions."""
        if event.key() == Qt.Key.Key_Right:
            self.step_by(1)
        elif event.key() == Qt.Key.Key_Left:
            self.step_by(-1)
        else:
            super().keyPressEvent(event)
