"""The views of the real-model step-through: the two maps, the number tables and the arithmetic.

:class:`StepView` lays out one :class:`~cnnviz.core.conv_layer_step.ModelConvStep`: the input
channel with the window outlined, the window, kernel and products of one input channel, the
sum of every input channel, the output channel with the current cell outlined, and the lines
"Σ … + bias = value; activation", "model computed", the channel's products written out, the
output-size formulas and the parameter count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.matrices import format_number
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.conv_sandbox import PADDING, WINDOW, fill, number_table
from cnnviz.gui.panels.conv_words import core_words
from cnnviz.gui.theme import diverging_lut, gray_lut, image_view

if TYPE_CHECKING:  # torch loads with the first model, after the window is on screen
    from cnnviz.core.conv_layer_step import ModelConvStep
    from cnnviz.core.stepthrough import ConvIO

CELL_WIDTH = 56  # room for "-0.1234"
MAX_TABLE = (320, 260)  # 5×5 fits; larger kernels (7×7, 11×11) scroll
MAP_WIDTH = (120, 260)
MAP_HEIGHT = 90  # the maps' smallest height; they grow into what the dock has, never make it scroll
AGREEMENT = 1e-5  # relative to the size of the summed terms (float32 arithmetic in the model)
SUM_HEADER = "Σ"  # a symbol, the same in every language


class MapView(pg.GraphicsLayoutWidget):
    """One feature map with an outlined rectangle (the window, or the current output cell)."""

    def __init__(self, name: str, colour: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(MAP_WIDTH[0], MAP_HEIGHT)
        self.setMaximumWidth(MAP_WIDTH[1])
        self.view, self.item = image_view(self)
        self.box = QGraphicsRectItem()
        self.box.setPen(pg.mkPen(colour, width=2, cosmetic=True))
        self.view.addItem(self.box)

    def sizeHint(self) -> QSize:
        """Short: the scroll area sizes the panel by its preferred height; the maps stretch into the rest."""
        return QSize(MAP_WIDTH[1] - 60, MAP_HEIGHT)

    def show_map(self, values: np.ndarray, signed: bool) -> None:
        """Grey levels for an input, a diverging map with symmetric levels for a signed output."""
        reshaped = self.item.image is None or self.item.image.shape != values.shape
        if signed:
            bound = float(np.abs(values).max()) or 1.0
            self.item.setImage(values, levels=(-bound, bound), lut=diverging_lut(), autoLevels=False)
        else:
            low, high = float(values.min()), float(values.max())
            self.item.setImage(values, levels=(low, max(high, low + 1e-12)), lut=gray_lut(), autoLevels=False)
        if reshaped:
            self.view.autoRange(padding=0.05)

    def outline(self, top: float, left: float, height: float, width: float) -> None:
        """Move the rectangle (map coordinates; it may reach into the padding, outside the map)."""
        self.box.setRect(QRectF(left, top, width, height))


def fit_to_contents(table: QTableWidget) -> None:
    """Size a table to its cells (up to ``MAX_TABLE``, then it scrolls), so no empty rows or columns show."""
    frame = 2 * table.frameWidth()
    width = table.verticalHeader().sizeHint().width() + table.horizontalHeader().length() + frame
    height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length() + frame
    table.setFixedSize(min(width, MAX_TABLE[0]), min(height, MAX_TABLE[1]))


def agrees(step: ModelConvStep, model_value: float) -> bool:
    """True when the rebuilt value equals the model's within float32 rounding."""
    scale = max(abs(model_value), float(np.abs(step.products).sum()) + abs(step.bias))
    return abs(step.value - model_value) <= AGREEMENT * scale


def label(name: str, wrap: bool = True) -> QLabel:
    """An empty label with an object name (tests find it by name)."""
    widget = QLabel("")
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


class StepView(QWidget):
    """Maps, tables and the arithmetic of one output value; clicking a channel's sum picks it."""

    channel_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input_map = MapView("inputMap", "#ffb347")
        self.output_map = MapView("outputMap", "#1a9e1a")
        names = ("modelWindow", "modelKernel", "modelProducts", "channelSums")
        self.window_table, self.kernel_table, self.products_table, self.sums_table = map(number_table, names)
        self.tables = (self.window_table, self.kernel_table, self.products_table, self.sums_table)
        for table in self.tables:
            table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            table.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)
        self.sums_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.sums_table.cellClicked.connect(lambda row, _col: self.channel_clicked.emit(row))
        self.captions = [label(f"caption{index}") for index in range(6)]  # wrapped: never widen the panel
        self.total, self.computed = label("stepTotal"), label("modelComputed")
        for big in (self.total, self.computed):
            set_relative_font(big, 1.2, bold=True)
        self.explain, self.formula = label("channelExplanation"), label("modelFormulas")
        self._layout()

    def _layout(self) -> None:
        maps = QVBoxLayout()
        for caption, view in zip(self.captions[::5], (self.input_map, self.output_map), strict=True):
            maps.addWidget(caption)
            maps.addWidget(view, 1)
        tables = QGridLayout()
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        for column, (caption, table) in enumerate(zip(self.captions[1:5], self.tables, strict=True)):
            tables.addWidget(caption, 0, column)
            tables.addWidget(table, 1, column, top_left)
        tables.setColumnStretch(3, 1)
        result = QHBoxLayout()
        result.addWidget(self.total, 3)  # both wrap rather than widen the panel (long Spanish lines)
        result.addWidget(self.computed, 1)
        numbers = QVBoxLayout()
        numbers.setSpacing(4)
        numbers.addLayout(tables)
        numbers.addLayout(result)
        numbers.addWidget(self.explain)
        numbers.addWidget(self.formula)
        numbers.addStretch(1)
        body = QHBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(maps)
        body.addLayout(numbers, 1)

    def show_step(self, io: ConvIO, step: ModelConvStep, k: int, model_value: float) -> None:
        """Lay out ``step``, showing input channel number ``k`` of those the output reads."""
        from cnnviz.core.conv_layer_step import explain_channel, explain_total

        for table, values in zip(self.tables[:3], (step.window, step.kernel, step.products), strict=True):
            fill(table, values[k])
        self._mark_window(step)
        fill(self.sums_table, step.channel_sums[:, None])
        self.sums_table.setVerticalHeaderLabels([str(c) for c in step.in_channels])
        self.sums_table.setHorizontalHeaderLabels([SUM_HEADER])
        self.sums_table.selectRow(k)
        for table in self.tables:
            fit_to_contents(table)
        self._show_maps(io, step, step.in_channels[k])
        self._caption(io, step, k)
        self.total.setText(core_words(explain_total(step)))
        mark = "✓" if agrees(step, model_value) else self.tr("✗ differs")
        self.computed.setText(
            self.tr("model computed: {value} {mark}").format(value=format_number(model_value), mark=mark)
        )
        self.computed.setToolTip(
            self.tr("the layer's own output at this position: {value}").format(value=repr(model_value))
        )
        self.explain.setText(
            self.tr("input channel {channel}, {sum}").format(
                channel=step.in_channels[k], sum=core_words(explain_channel(step, k))
            )
        )
        self.formula.setText(formulas(io, step))

    def _mark_window(self, step: ModelConvStep) -> None:
        """Padded-input coordinates in the headers of the window tables; padding cells shaded."""
        for table in (self.window_table, self.products_table):
            table.setVerticalHeaderLabels([str(r) for r in step.window_rows])
            table.setHorizontalHeaderLabels([str(c) for c in step.window_cols])
            for r, c in np.ndindex(*step.in_padding.shape):
                item = table.item(r, c)
                if item is not None:
                    item.setBackground(PADDING if step.in_padding[r, c] else WINDOW)

    def _show_maps(self, io: ConvIO, step: ModelConvStep, channel: int) -> None:
        top, _bottom, left, _right = io.layer.padding
        rows, cols = step.window_rows, step.window_cols
        self.input_map.show_map(io.input[channel], signed=False)
        self.input_map.outline(rows[0] - top, cols[0] - left, rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
        self.output_map.show_map(io.output[step.out_channel], signed=True)
        self.output_map.outline(step.out_row, step.out_col, 1, 1)

    def _caption(self, io: ConvIO, step: ModelConvStep, k: int) -> None:
        c, h, w = io.input.shape
        texts = (
            self.tr("Input channel {channel} of {count} ({height}×{width})").format(
                channel=step.in_channels[k], count=c, height=h, width=w
            ),
            self.tr("Window (padded input)"),
            self.tr("Kernel weight[{out}, {k}]").format(out=step.out_channel, k=k),
            self.tr("Products"),
            self.tr("Σ per input channel"),
            self.tr("Output channel {channel}, before activation").format(channel=step.out_channel),
        )
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(text)


def formulas(io: ConvIO, step: ModelConvStep) -> str:
    """Output size per axis, the parameter count, and where the activation comes from."""
    if step.activation_name:
        activation = QCoreApplication.translate("StepView", "activation: {name} ({layer})").format(
            name=step.activation_name, layer=io.consumer
        )
    elif io.consumer:
        activation = QCoreApplication.translate(
            "StepView", "activation: see next layer ({layer}, {type})"
        ).format(layer=io.consumer, type=io.consumer_type)
    else:
        activation = QCoreApplication.translate("StepView", "activation: see next layer")
    return QCoreApplication.translate(
        "StepView",
        "Output size — height: {height}    width: {width}\nParameters: {parameters}    {activation}",
    ).format(
        height=step.height_formula,
        width=step.width_formula,
        parameters=step.parameter_formula,
        activation=activation,
    )
