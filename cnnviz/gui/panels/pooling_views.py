"""The two maps of the Pooling panel: a layer's input map and the pooled map, side by side.

One :class:`MapView` per map draws the colour-mapped values, outlines (windows on the input,
cells on the output), the max/min positions ("switches") and, where the cells are large enough
on screen, the numbers themselves. :class:`PoolingMaps` puts the current window's numbers
between the two maps and reports which cell the mouse is over.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.core.grid import colorize
from cnnviz.core.matrices import format_number
from cnnviz.core.pooling import PoolResult, input_window, window_grid
from cnnviz.gui.fonts import base_point_size, current_scale, set_relative_font
from cnnviz.gui.panels.pool_words import computation_text, padding_text
from cnnviz.gui.theme import image_view, sequential_lut

WINDOW_COLOUR = "#ffb347"
CELL_COLOUR = "#ff5c5c"
SWITCH_COLOUR = "#ff3b3b"
NUMBER_FACTOR = 0.8  # numbers in the cells, relative to the application font
MAX_TABLE_SIDE = 6  # windows up to 6×6 are listed number by number between the maps
Cell = tuple[int, int]
Box = tuple[int, int, int, int]  # first row, last row, first col, last col
# Mirrors cnnviz.core.pool_layers.POOL_CHOICES (a test checks that they agree): the shown names.
POOL_LABELS: dict[str, str] = {
    "model": str(QT_TRANSLATE_NOOP("PoolingPanel", "As in the model")),
    "max": str(QT_TRANSLATE_NOOP("PoolingPanel", "Max")),
    "avg": str(QT_TRANSLATE_NOOP("PoolingPanel", "Average")),
    "min": str(QT_TRANSLATE_NOOP("PoolingPanel", "Min")),
    "global max": str(QT_TRANSLATE_NOOP("PoolingPanel", "Global max")),
    "global avg": str(QT_TRANSLATE_NOOP("PoolingPanel", "Global average")),
}


def pool_label(choice: str) -> str:
    """A pooling choice (``max``, ``global avg``, …) as shown, in the interface language."""
    return QCoreApplication.translate("PoolingPanel", POOL_LABELS.get(choice, choice))


def luminance_dark(rgb: np.ndarray) -> bool:
    """True when white text reads better than black on this colour."""
    r, g, b = (float(v) for v in rgb[:3])
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


class MapView:
    """One map with its title: image, outlines, switch markers and numbers."""

    def __init__(self) -> None:
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.widget.setMinimumSize(160, 200)
        self.title = self.widget.addLabel("", color="#d8d8e0")
        self.widget.nextRow()
        self.view, self.item = image_view(self.widget)
        self.values: np.ndarray | None = None
        self.rgb: np.ndarray | None = None
        self.margin = (0, 0)
        self.outlines: list[QGraphicsRectItem] = []
        # Sizes in cells, so the markers scale with the map.
        self.all_switches = pg.ScatterPlotItem(
            size=0.28, pen=None, brush=pg.mkBrush(255, 255, 255, 150), symbol="o", pxMode=False
        )
        self.switch = pg.ScatterPlotItem(
            size=1.25,
            pen=pg.mkPen("w", width=1.5, cosmetic=True),
            brush=pg.mkBrush(SWITCH_COLOUR),
            symbol="star",
            pxMode=False,
        )
        for marker in (self.all_switches, self.switch):
            marker.setZValue(20)
            self.view.addItem(marker)
        self.numbers: list[pg.TextItem] = []
        self.font = QFont()
        self.view.sigResized.connect(self.update_numbers)
        self.view.sigRangeChanged.connect(lambda *_args: self.update_numbers())

    def show(self, values: np.ndarray, levels: tuple[float, float], margin: Cell = (0, 0)) -> None:
        """A new H×W map coloured with shared ``levels``; ``margin`` rows/cols around it stay visible."""
        reshaped = self.values is None or self.values.shape != values.shape or margin != self.margin
        self.values, self.margin = values, margin
        low, high = levels
        scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
        self.rgb = colorize(scaled, sequential_lut())
        self.item.setImage(self.rgb, autoLevels=False, levels=(0, 255))
        if reshaped:
            h, w = values.shape
            self.view.setRange(
                QRectF(-margin[1], -margin[0], w + 2 * margin[1], h + 2 * margin[0]), padding=0.02
            )
        self._clear_numbers()
        self.update_numbers()

    def clear(self) -> None:
        """Nothing to show."""
        self.values = self.rgb = None
        self.item.clear()
        self.outline([], "")
        self.mark_switches([], None)
        self._clear_numbers()

    def outline(self, boxes: list[Box], colour: str) -> None:
        """Draw a rectangle around each (first row, last row, first col, last col) box."""
        while len(self.outlines) < len(boxes):
            rect = QGraphicsRectItem()
            rect.setZValue(10)
            self.view.addItem(rect)
            self.outlines.append(rect)
        for rect, (r0, r1, c0, c1) in zip(self.outlines, boxes, strict=False):
            rect.setPen(pg.mkPen(colour, width=3, cosmetic=True))
            rect.setRect(QRectF(c0, r0, c1 - c0 + 1, r1 - r0 + 1))
            rect.show()
        for rect in self.outlines[len(boxes) :]:
            rect.hide()

    def mark_switches(self, everywhere: list[Cell], current: Cell | None) -> None:
        """Small dots on every switch; a star on the current one."""
        self.all_switches.setData([c + 0.5 for _r, c in everywhere], [r + 0.5 for r, _c in everywhere])
        spots = [] if current is None else [current]
        self.switch.setData([c + 0.5 for _r, c in spots], [r + 0.5 for r, _c in spots])

    def cell_at(self, scene_pos: QPointF) -> Cell | None:
        """(row, col) of the map under a scene position."""
        if self.values is None or not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.item.mapFromScene(scene_pos)
        row, col = int(np.floor(point.y())), int(np.floor(point.x()))
        h, w = self.values.shape
        return (row, col) if 0 <= row < h and 0 <= col < w else None

    # -- numbers in the cells --------------------------------------------------------
    def numbers_fit(self) -> bool:
        """True when every cell is wide and tall enough on screen for its number."""
        if self.values is None:
            return False
        self.font.setPointSizeF(base_point_size() * current_scale() * NUMBER_FACTOR)
        pixel_w, pixel_h = self.view.viewPixelSize()
        if pixel_w <= 0 or pixel_h <= 0:
            return False
        metrics = QFontMetricsF(self.font)
        widest = max(metrics.horizontalAdvance(format_number(v)) for v in self.values.ravel())
        return 1 / pixel_w >= widest + 4 and 1 / pixel_h >= metrics.height() + 2

    def update_numbers(self) -> None:
        """Show the numbers when they fit, hide them when they do not."""
        if not self.numbers_fit():
            self._clear_numbers()
            return
        if self.numbers or self.values is None or self.rgb is None:
            return
        for (row, col), value in np.ndenumerate(self.values):
            colour = "w" if luminance_dark(self.rgb[row, col]) else "k"
            text = pg.TextItem(format_number(value), color=colour, anchor=(0.5, 0.5))
            text.setFont(self.font)
            text.setPos(col + 0.5, row + 0.5)
            text.setZValue(5)
            self.view.addItem(text)
            self.numbers.append(text)

    def number_texts(self) -> list[str]:
        """The numbers shown, in reading order (empty when they do not fit)."""
        return [item.toPlainText() for item in self.numbers]

    def _clear_numbers(self) -> None:
        for text in self.numbers:
            self.view.removeItem(text)
        self.numbers = []


class PoolingMaps(QWidget):
    """Input map (left), the current window's numbers (middle) and the pooled map (right)."""

    input_hovered = Signal(int, int)
    output_hovered = Signal(int, int)
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolingMaps")
        self.input = MapView()
        self.output = MapView()
        self.window_table = QLabel("")
        self.window_table.setObjectName("poolingWindowTable")
        self.window_table.setTextFormat(Qt.TextFormat.RichText)
        self.window_table.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_relative_font(self.window_table, 1.2)
        self.window_table.setMinimumWidth(200)  # the maps keep their place as windows come and go
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.input.widget, 1)
        layout.addWidget(self.window_table)
        layout.addWidget(self.output.widget, 1)
        self.input.widget.scene().sigMouseMoved.connect(lambda pos: self._hover(self.input, pos, True))
        self.output.widget.scene().sigMouseMoved.connect(lambda pos: self._hover(self.output, pos, False))
        for view in (self.input, self.output):
            view.widget.scene().sigMouseClicked.connect(lambda _event: self.clicked.emit())

    def set_titles(
        self, layer: str, choice: str, channel: int, size_in: tuple[int, ...], size_out: tuple[int, ...]
    ) -> None:
        """The captions above the maps, e.g. ``input of pool1, channel 0: 28×28``, ``max pooling: 14×14``."""
        what = self.tr("output of {layer}") if choice == "model" else self.tr("{operation} pooling")
        what = what.format(layer=layer, operation=pool_label(choice).lower())
        shown_in = self.tr("input of {layer}, channel {channel}: {size}")
        self.input.title.setText(
            shown_in.format(layer=layer, channel=channel, size="×".join(map(str, size_in)))
        )
        self.output.title.setText(f"{what}: {'×'.join(map(str, size_out))}")

    def _hover(self, view: MapView, pos: QPointF, is_input: bool) -> None:
        cell = view.cell_at(pos)
        if cell is not None:
            (self.input_hovered if is_input else self.output_hovered).emit(*cell)

    def show_window(self, result: PoolResult, index: int) -> None:
        """Output ``index``'s window as a table of numbers and its result (not for large windows)."""
        values, inside, switch = window_grid(result, index)
        if max(values.shape) > MAX_TABLE_SIDE:
            self.window_table.setText("")
            return
        value = format_number(result.output.ravel()[index])
        caption = f"{pool_label(result.op).lower()} → <b>{value}</b>"
        self.window_table.setText(window_html(values, inside, switch, caption))


def window_html(values: np.ndarray, inside: np.ndarray, switch: Cell | None, result: str) -> str:
    """An HTML table of a window's values: the switch on red, padding in grey; the result below."""
    rows = []
    for r in range(values.shape[0]):
        cells = []
        for c in range(values.shape[1]):
            style = "color:#9a9aa6;font-style:italic;" if not inside[r, c] else "color:#f0f0f5;"
            if switch == (r, c):
                style = f"background-color:{SWITCH_COLOUR};color:white;font-weight:bold;"
            cells.append(f'<td align="center" style="{style}">{format_number(values[r, c])}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    table = (
        f'<table cellspacing="2" cellpadding="6" style="background-color:#2c2c34;">{"".join(rows)}</table>'
    )
    return f'<div align="center">{table}<p>{result}</p></div>'


class WindowWords(QWidget):
    """The current window in words, with the numbers filled in (selectable, to copy)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation = QLabel("")
        self.explanation.setObjectName("poolingExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_relative_font(self.explanation, 1.25, bold=True)
        self.window_text = QLabel("")
        self.window_text.setObjectName("poolingWindow")
        self.window_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explanation)
        layout.addWidget(self.window_text)

    def show_window(self, result: PoolResult, index: int) -> None:
        """E.g. ``output (7, 7) = max(1.85, 1.99, 1.04, 1.49) = 1.99 at (14, 15)`` and where it is."""
        row, col = divmod(index, result.output.shape[1])
        output = self.tr("output ({row}, {col})").format(row=row, col=col)
        computation = computation_text(result, index)  # core's words
        self.explanation.setText(f"{output} = {computation}")
        r0, r1, c0, c1 = input_window(result, index)
        text = self.tr("Window: input rows {r0}–{r1}, cols {c0}–{c1}").format(r0=r0, r1=r1, c0=c0, c1=c1)
        note = padding_text(result, index)
        text += f"; {note}" if note else ""
        if result.switches is not None:
            where = self.tr("★ where its {op} is (the switch); dots: the other windows' switches")
            text += ". " + where.format(op=pool_label(result.op).lower())
        moving = self.tr("Rows and columns count from 0; ← → ↑ ↓ or the mouse move the window.")
        self.window_text.setText(f"{text}. {moving}")

    def clear(self) -> None:
        """No window to explain."""
        self.explanation.setText("")
        self.window_text.setText("")
