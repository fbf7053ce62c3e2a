"""Pooling panel: a pooling layer's input map and its pooled map for the current image.

The input map is what the layer really received (recorded by the inference worker, see
:meth:`Session.want_inputs`); every number shown comes from :mod:`cnnviz.core.pooling`, which
is checked here against the model's own output ("As in the model"). The same input can be
pooled with max, average and min over the layer's windows, or globally. Hover a map or use the
arrow keys to move the window; the explanation below the maps has the numbers filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from cnnviz.core.pool_layers import (
    LayerPooling,
    UnsupportedPooling,
    layer_pooling,
    pool_like_layer,
    pooling_layer_names,
)
from cnnviz.core.pooling import (
    PoolResult,
    decided_switches,
    input_window,
    windows_containing,
)
from cnnviz.gui.panels.pool_words import about_text, problem_text
from cnnviz.gui.panels.pooling_choosers import PoolingChoosers
from cnnviz.gui.panels.pooling_views import CELL_COLOUR, WINDOW_COLOUR, PoolingMaps, WindowWords
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import CenteredMessage, MessageBanner

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult

OWNER = "pooling panel"
NO_POOLING = str(
    QT_TRANSLATE_NOOP(
        "PoolingPanel", "This model has no pooling layer (max, average or adaptive pooling of 2-D maps)."
    )
)
NO_IMAGE = str(
    QT_TRANSLATE_NOOP(
        "PoolingPanel", "Draw on the canvas (or open an image) to see the pooling of a real input."
    )
)
FALLBACK = LayerPooling("?", "max", (2, 2), (2, 2))
MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}


class PoolingPanel(QWidget):
    """Layer, channel and operation choosers; the input and pooled maps; the current window."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolingPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = session
        self.layer_name = ""
        self.layer = FALLBACK
        self.problem = ""  # why the layer's own pooling is not explained, if it is not
        self.maps_in: np.ndarray | None = None
        self.maps_out: np.ndarray | None = None
        self.result: PoolResult | None = None
        self.cell = 0
        self.follow_strongest = True  # until the user moves the window, show the strongest response
        self.highlighted: list[int] = []
        self.dots: list[tuple[int, int]] = []
        self._build()
        self._connect()

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.choosers = c = PoolingChoosers()
        self.layer_box, self.channel = c.layer_box, c.channel
        self.operation, self.about = c.operation, c.about
        self.banner = MessageBanner()
        self.message = CenteredMessage(self.tr("Loading model…"))
        self.maps = PoolingMaps()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.maps)
        self.words = WindowWords()
        self.explanation, self.window_text = self.words.explanation, self.words.window_text
        layout = QVBoxLayout(self)
        layout.addWidget(self.choosers)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.words)

    def _connect(self) -> None:
        self.layer_box.activated.connect(self._layer_chosen)
        self.channel.valueChanged.connect(self._channel_changed)
        self.operation.currentIndexChanged.connect(lambda _index: self.recompute())
        self.maps.output_hovered.connect(self.set_cell)
        self.maps.input_hovered.connect(self.hover_input)
        self.maps.clicked.connect(self.setFocus)
        s = self.session
        s.model_loading.connect(lambda _source: self.show_message(self.tr("Loading model…")))
        s.model_changed.connect(lambda _bundle: self._model_changed())
        s.layer_selected.connect(self._follow_layer)
        s.result_ready.connect(self.show_result)
        s.input_problem.connect(
            lambda text: self.show_message(self.tr(NO_IMAGE) if s.image is None else text)
        )

    # -- model, layer and visibility -----------------------------------------------------
    def layer_names(self) -> list[str]:
        """The pooling layers listed, in call order."""
        return self.choosers.layer_names()

    def _model_changed(self) -> None:
        names = pooling_layer_names(self.session.summary) if self.session.summary is not None else []
        self.choosers.set_layers(names)
        self.layer_name, self.maps_in, self.maps_out, self.result = "", None, None, None
        if not names:
            self._want_inputs(self.isVisible())
            self.show_message(self.tr(NO_POOLING))
            return
        self.choose_layer(self.session.layer if self.session.layer in names else names[0])

    def _follow_layer(self, name: str) -> None:
        if name in self.layer_names() and name != self.layer_name:
            self.choose_layer(name)

    def _layer_chosen(self, index: int) -> None:
        self.choose_layer(self.layer_box.itemText(index))
        self.session.select_layer(self.layer_name)  # selecting a layer selects it everywhere

    def choose_layer(self, name: str) -> None:
        """Show pooling layer ``name`` (a recorded name such as ``pool1``)."""
        bundle, summary = self.session.bundle, self.session.summary
        if bundle is None or summary is None:
            return
        self.layer_name = name
        self.layer_box.setCurrentText(name)
        try:
            self.layer, self.problem = (
                layer_pooling(dict(bundle.module.named_modules())[name.split("#")[0]]),
                "",
            )
        except UnsupportedPooling as exc:
            self.layer, self.problem = FALLBACK, str(exc)
        shape = next((row.output_shape for row in summary.rows if row.name == name), (1,))
        self.channel.setMaximum(max(0, shape[0] - 1))
        self.maps_in = self.maps_out = self.result = None
        self.follow_strongest = True
        self.recompute()
        computing = self.tr("Computing the input of {layer}…").format(layer=name)
        self.show_message(self.tr(NO_IMAGE) if self.session.image is None else computing)
        self._want_inputs(self.isVisible())
        if self.session.result is not None:
            self.show_result(self.session.result)

    def _want_inputs(self, visible: bool) -> None:
        """Ask the worker for the layer's input only while the panel is on screen."""
        wanted = frozenset({self.layer_name}) if visible and self.layer_name else frozenset()
        self.session.want_inputs(OWNER, wanted)

    def showEvent(self, event: QShowEvent) -> None:
        """Start receiving the layer's input."""
        super().showEvent(event)
        self._want_inputs(True)

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop asking for the layer's input."""
        super().hideEvent(event)
        self._want_inputs(False)

    # -- results -------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """A message instead of the maps."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.words.clear()

    def show_result(self, result: InferenceResult) -> None:
        """Take the layer's input and output from a new result."""
        if self.layer_name not in result.inputs or self.layer_name not in result.activations:
            return  # an answer to an earlier request; the one with the input follows
        if self.session.image is None:
            self.show_message(self.tr(NO_IMAGE))
            return
        self.maps_in, self.maps_out = result.inputs[self.layer_name], result.activations[self.layer_name]
        self.recompute()

    def _channel_changed(self, _channel: int) -> None:
        self.follow_strongest = True
        self.recompute()

    def sizeHint(self) -> QSize:
        """Room for two maps side by side and the explanation."""
        return QSize(900, 400)

    def choice(self) -> str:
        """The operation chosen: ``model``, ``max``, ``avg``, ``min``, ``global max`` or ``global avg``."""
        return self.choosers.choice()

    def recompute(self) -> None:
        """Pool the chosen channel with the chosen operation and redraw."""
        self.banner.hide()
        self.about.setText(about_text(self.layer, self.choice()))
        if self.maps_in is None or self.maps_in.ndim != 3:
            return
        choice, channel = self.choice(), min(self.channel.value(), self.maps_in.shape[0] - 1)
        if choice == "model" and self.problem:
            explore = self.tr("{problem}. Choose another operation to explore the input.")
            self.show_message(explore.format(problem=problem_text(self.problem)))
            return
        self.result = pool_like_layer(self.maps_in[channel].astype(np.float64), self.layer, choice)
        if choice == "model":
            self._check_against_model(channel)
        elif self.problem:
            others = self.tr("{problem}. The other operations use 2×2 windows, stride 2.")
            self.banner.show_error(others.format(problem=problem_text(self.problem)))
        if self.follow_strongest:
            self.cell = int(np.argmax(self.result.output))
        self.cell = min(self.cell, self.result.output.size - 1)
        self.highlighted = [self.cell]
        self.dots = decided_switches(self.result)
        self._draw(channel)

    def _check_against_model(self, channel: int) -> None:
        """Warn if the arithmetic does not reproduce what the layer computed."""
        assert self.result is not None and self.maps_out is not None
        model = self.maps_out[channel]
        scale = max(1.0, float(np.abs(model).max()))
        if model.shape != self.result.output.shape or not np.allclose(
            self.result.output, model, atol=1e-5 * scale
        ):
            self.banner.show_error(
                self.tr("The layer's own output differs from this arithmetic: the numbers are not explained.")
            )

    def _draw(self, channel: int) -> None:
        assert self.result is not None and self.maps_in is not None
        x, out = self.maps_in[channel], self.result.output
        levels = (float(min(x.min(), out.min())), float(max(x.max(), out.max())))
        self.maps.input.show(x, levels, self.result.padding)
        self.maps.output.show(out, levels)
        self.maps.set_titles(self.layer_name, self.choice(), channel, x.shape, out.shape)
        self.stack.setCurrentWidget(self.maps)
        self._highlight()

    # -- the current window ------------------------------------------------------------------
    def set_cell(self, row: int, col: int) -> None:
        """Make output (row, col) the current cell: its window is outlined and explained."""
        if self.result is None:
            return
        h, w = self.result.output.shape
        self.cell = min(max(row, 0), h - 1) * w + min(max(col, 0), w - 1)
        self.follow_strongest = False
        self.highlighted = [self.cell]
        self._highlight()

    def hover_input(self, row: int, col: int) -> None:
        """Outline every window that contains input (row, col); explain the first."""
        if self.result is None:
            return
        containing = windows_containing(self.result, row, col)
        if containing:
            self.cell, self.highlighted = containing[0], containing
            self.follow_strongest = False
            self._highlight()

    def _highlight(self) -> None:
        result = self.result
        if result is None:
            return
        w = result.output.shape[1]
        self.maps.input.outline([input_window(result, i) for i in self.highlighted], WINDOW_COLOUR)
        self.maps.output.outline([(i // w, i // w, i % w, i % w) for i in self.highlighted], CELL_COLOUR)
        self.maps.input.mark_switches(self.dots, result.switches[self.cell] if result.switches else None)
        self.words.show_window(result, self.cell)
        self.maps.show_window(result, self.cell)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys move the current output cell."""
        move = MOVES.get(Qt.Key(event.key()))
        if move is None or self.result is None:
            super().keyPressEvent(event)
            return
        row, col = divmod(self.cell, self.result.output.shape[1])
        self.set_cell(row + move[0], col + move[1])
