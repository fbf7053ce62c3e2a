"""Activations panel: every feature map of the selected layer, or bars for a vector."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.grid import GridLayout, as_maps, colorize_maps, display_stride, layout_for, normalise_maps
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.presenter import mark_advanced
from cnnviz.gui.session import Session
from cnnviz.gui.theme import ACCENT, image_view, sequential_lut
from cnnviz.gui.widgets import CenteredMessage

if TYPE_CHECKING:
    from cnnviz.core.grid import Normalisation
    from cnnviz.core.inference import InferenceResult

ACTIVATIONS = "Activations"  # its name among cnnviz.core.capabilities' panels
POSITIVE = pg.mkBrush(ACCENT)
NEGATIVE = pg.mkBrush("#ff6b6b")


class ActivationsPanel(QWidget):
    """A grid of feature maps (click one to enlarge, hover for values) or bars."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationsPanel")
        self.session = session
        self.mode: Normalisation = "map"
        self.enlarged: int | None = None
        self.maps: np.ndarray | None = None
        self.vector: np.ndarray | None = None
        self.layout_: GridLayout | None = None  # of the picture shown
        self.stride = 1  # the picture shows every stride-th map pixel (a mosaic larger than the screen)
        self.shown_request = -1
        self._build()
        self._connect()

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel("")
        self.title.setObjectName("layerTitle")
        set_relative_font(self.title, 1.3, bold=True)
        self.title.setMinimumWidth(60)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.per_map = QRadioButton(self.tr("Per map"))
        self.per_map.setToolTip(self.tr("Scale each map to its own minimum and maximum"))
        self.per_layer = QRadioButton(self.tr("Per layer"))
        self.per_layer.setToolTip(self.tr("One scale for the whole layer: maps are comparable"))
        self.per_map.setChecked(True)
        self.norm_group = QButtonGroup(self)
        self.norm_group.addButton(self.per_map)
        self.norm_group.addButton(self.per_layer)
        self.back = QToolButton()
        self.back.setText(self.tr("◀ All maps"))
        self.back.setToolTip(self.tr("Back to the grid (Esc)"))
        self.back.hide()
        self.readout = QLabel("")
        self.readout.setObjectName("valueReadout")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back)
        footer = QHBoxLayout()
        footer.addWidget(self.readout, 1)
        scale_label = QLabel(self.tr("Scale:"))
        mark_advanced(scale_label, self.per_map, self.per_layer)  # hidden in presenter mode
        footer.addWidget(scale_label)
        footer.addWidget(self.per_map)
        footer.addWidget(self.per_layer)
        self.message = CenteredMessage(self.tr("Loading model…"))
        self.grid_widget = pg.GraphicsLayoutWidget()
        self.grid_widget.setObjectName("activationGrid")
        self.grid_view, self.grid_item = image_view(self.grid_widget)
        self.bar_plot = pg.PlotWidget()
        self.bar_plot.setMenuEnabled(False)
        self.bar_plot.hideButtons()
        self.bar_plot.getAxis("bottom").setLabel(self.tr("unit"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=ACCENT)
        self.bar_plot.addItem(self.bars)
        self.stack = QStackedWidget()
        for widget in (self.message, self.grid_widget, self.bar_plot):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        self.per_layer.toggled.connect(self._set_mode)
        self.back.clicked.connect(lambda: self.enlarge(None))
        self.grid_widget.scene().sigMouseMoved.connect(self._hover_grid)
        self.grid_widget.scene().sigMouseClicked.connect(self._click_grid)
        self.grid_view.sigResized.connect(lambda _view: self._resized())
        self.bar_plot.scene().sigMouseMoved.connect(self._hover_bars)
        s = self.session
        s.model_loading.connect(lambda _source: self.show_message(self.tr("Loading model…")))
        s.model_failed.connect(self._model_failed)
        s.load_cancelled.connect(self._load_cancelled)
        s.model_changed.connect(self._model_changed)
        s.layer_selected.connect(self._layer_selected)
        s.result_ready.connect(self.show_result)
        s.input_problem.connect(self.show_message)

    # -- state changes -------------------------------------------------------------
    def _model_failed(self, text: str) -> None:
        if self.session.bundle is None:  # otherwise the previous model stays on screen
            self.show_message(self.tr("Could not load the model: {reason}").format(reason=text))

    def _load_cancelled(self, source: str) -> None:
        self._model_failed(self.tr("loading {source} was cancelled").format(source=source))

    def _model_changed(self, _bundle: object) -> None:
        why = self.session.unavailable(ACTIVATIONS)
        self.show_message(
            self.tr("No activations for this model: {reason}").format(reason=why)
            if why
            else self.tr("Draw on the canvas to see activations")
        )

    def show_message(self, text: str) -> None:
        """Show a message instead of maps."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.readout.setText("")

    def _layer_selected(self, name: str) -> None:
        self.enlarged = None
        self.back.hide()
        self.title.setText(name)
        if self.session.result is not None and name in self.session.result.activations:
            self.show_result(self.session.result)

    def _set_mode(self, per_layer: bool) -> None:
        self.mode = "layer" if per_layer else "map"
        self.redraw()

    def enlarge(self, index: int | None) -> None:
        """Show one map large (``None``: back to the grid)."""
        self.enlarged = index
        self.back.setVisible(index is not None)
        self.redraw()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc leaves the enlarged view."""
        if event.key() == Qt.Key.Key_Escape and self.enlarged is not None:
            self.enlarge(None)
        else:
            super().keyPressEvent(event)

    # -- rendering ---------------------------------------------------------------
    def show_result(self, result: InferenceResult) -> None:
        """Render the selected layer of a new result."""
        activation = result.activations.get(self.session.layer)
        if activation is None or self.session.unavailable(ACTIVATIONS):
            return
        self.shown_request = result.request_id
        self.maps = as_maps(activation)
        self.vector = activation.ravel() if self.maps is None else None
        if self.maps is not None and self.enlarged is not None and self.enlarged >= len(self.maps):
            self.enlarge(None)
            return
        self.redraw()

    def redraw(self) -> None:
        """Re-render the current activation with the current options."""
        if self.maps is not None:
            self._draw_maps(self.maps)
        elif self.vector is not None:
            self._draw_bars(self.vector)

    def _draw_maps(self, maps: np.ndarray) -> None:
        full = self._full_layout(maps)
        self.stride = self._stride_for(full)
        scaled = normalise_maps(maps, self.mode, self.stride)
        if self.enlarged is not None:
            scaled = scaled[self.enlarged : self.enlarged + 1]
        gap = max(1, full.gap // self.stride)
        layout = layout_for(len(scaled), scaled.shape[1], scaled.shape[2], gap=gap)
        changed = layout != self.layout_
        self.layout_ = layout
        # 8-bit colours without levels go to the screen as they are (levels would rescale every pixel)
        picture = colorize_maps(scaled, layout, sequential_lut())  # the map in use (presenter mode)
        self.grid_item.setImage(picture, autoLevels=False, levels=None)
        if changed:
            self.grid_view.autoRange(padding=0.01)
        if self.enlarged is not None:
            count_text = self.tr("map {index} of {count}").format(index=self.enlarged, count=len(maps))
        else:
            count_text = self.tr("%n maps", "", len(maps))
        self.title.setText(f"{self.session.layer}: {count_text}, {maps.shape[1]}×{maps.shape[2]}")
        self.stack.setCurrentWidget(self.grid_widget)

    def _full_layout(self, maps: np.ndarray) -> GridLayout:
        """The mosaic of what is shown (all maps, or the enlarged one) at full resolution."""
        count, (height, width) = (1 if self.enlarged is not None else len(maps)), maps.shape[1:]
        return layout_for(count, height, width, gap=max(1, height // 14))

    def _stride_for(self, layout: GridLayout) -> int:
        """How many map pixels, each way, share one pixel of the grid on the screen (at least 1)."""
        if not self.grid_widget.isVisible():
            return 1
        ratio = self.grid_widget.devicePixelRatioF()
        room = self.grid_view.size()
        return display_stride(layout.shape, (room.height() * ratio, room.width() * ratio))

    def _resized(self) -> None:
        """A larger or smaller grid on the screen: draw it again when it shows another share of the pixels."""
        if self.maps is not None and self._stride_for(self._full_layout(self.maps)) != self.stride:
            self.redraw()

    def _draw_bars(self, vector: np.ndarray) -> None:
        colours = [POSITIVE if v >= 0 else NEGATIVE for v in vector]
        self.bars.setOpts(x=np.arange(len(vector)), height=vector, width=0.8, brushes=colours)
        self.bar_plot.setXRange(-1, len(vector), padding=0)
        low, high = min(0.0, float(vector.min())), max(0.0, float(vector.max()))
        self.bar_plot.setYRange(low, high if high > low else low + 1, padding=0.05)
        units = self.tr("%n units", "", len(vector))
        self.title.setText(f"{self.session.layer}: {units}")
        self.stack.setCurrentWidget(self.bar_plot)

    # -- mouse -------------------------------------------------------------------
    def map_at(self, scene_pos: QPointF) -> tuple[int, int, int] | None:
        """(map index, row, col) under a scene position of the grid."""
        if self.layout_ is None or self.maps is None:
            return None
        point = self.grid_item.mapFromScene(scene_pos)
        found = self.layout_.locate(point.y(), point.x())
        if found is None:
            return None
        index, row, col = found
        first = self.stride // 2  # the map pixel the picture shows (see grid.sampled)
        row, col = row * self.stride + first, col * self.stride + first
        return (self.enlarged if self.enlarged is not None else index), row, col

    def _hover_grid(self, pos: QPointF) -> None:
        found = self.map_at(pos)
        if found is not None and self.maps is not None:
            index, row, col = found
            value = float(self.maps[index, row, col])
            text = self.tr("map {index}, row {row}, col {col}: {value}")
            self.readout.setText(text.format(index=index, row=row, col=col, value=f"{value:.4f}"))

    def _click_grid(self, event: object) -> None:
        found = self.map_at(event.scenePos())  # type: ignore[attr-defined]
        if found is None:
            return
        if self.enlarged is None:
            self.enlarge(found[0])
        else:  # a unit of the enlarged map: outline the input region it sees
            self.session.select_unit(found[1], found[2], channel=found[0])

    def _hover_bars(self, pos: QPointF) -> None:
        if self.vector is None:
            return
        unit = round(self.bar_plot.getPlotItem().vb.mapSceneToView(pos).x())
        if 0 <= unit < len(self.vector):
            text = self.tr("unit {unit}: {value}")
            self.readout.setText(text.format(unit=unit, value=f"{float(self.vector[unit]):.4f}"))
