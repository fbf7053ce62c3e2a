"""Convolution step-through on the real model: one output value of a real conv layer, number by number.

Pick a conv layer, an output channel and a position; ← → step through the positions row by
row, ↑ ↓ move a row, Play animates. The numbers come from :mod:`cnnviz.core.stepthrough`,
run on the current result's model input with a private twin of the model (its own modules,
the same weights), so its hooks never meet the inference worker's forward pass in the other
thread. The twin runs on the GUI thread, only while the panel is visible, and only up to the
chosen layer (a millisecond or two for LeNet-5 and TinyVGG). Small models (at most
``AUTO_MACS`` multiply-accumulates) are followed on every new result; larger ones when the
layer changes or the Compute button is pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from cnnviz.gui.panels.conv_model_views import StepView
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:  # torch loads with the first model, after the window is on screen
    from torch import nn

    from cnnviz.core.conv_layer_step import ModelConvStep
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.stepthrough import ConvIO

AUTO_MACS = 50_000_000  # LeNet-5 needs 0.4 M, TinyVGG about 6 M
PLAY_INTERVAL_MS = 300
WAITING = QT_TRANSLATE_NOOP(
    "ConvModelStep", "Draw or open an image: the step-through reads the model's real input."
)


class ConvModelStep(QWidget):
    """Pick a conv layer, an output channel and a position; step with the arrow keys or play."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("convModelStep")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = session
        self.twin: nn.Module | None = None
        self.io: ConvIO | None = None
        self.step: ModelConvStep | None = None
        self.auto = True
        self._captured_for: tuple[str, int] | None = None  # (layer, request id) that self.io shows
        self._dirty = True
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.step_by(1))
        self.view = StepView()
        self.view.channel_clicked.connect(lambda k: self.in_channel.setValue(k))
        self._make_controls()
        self._layout()
        session.model_changed.connect(self._on_model)
        session.layer_selected.connect(self._on_layer_selected)
        session.result_ready.connect(self._on_result)
        session.input_problem.connect(self._on_problem)
        if session.bundle is not None:
            self._on_model(session.bundle)

    def _make_controls(self) -> None:
        self.layer = QComboBox()
        self.layer.setObjectName("convLayer")
        self.layer.currentTextChanged.connect(self._on_layer_chosen)
        self.out_channel, self.row, self.col, self.in_channel = (self._spin() for _ in range(4))
        self.back, self.forward, self.play = QPushButton("◀"), QPushButton("▶"), QPushButton(self.tr("Play"))
        for button in (self.back, self.forward):
            button.setMaximumWidth(44)
        self.back.clicked.connect(lambda: self.step_by(-1))
        self.forward.clicked.connect(lambda: self.step_by(1))
        self.play.clicked.connect(self.toggle_play)
        self.compute = QPushButton(self.tr("Compute"))
        self.compute.setToolTip(self.tr("A large model: run it up to this layer for the current image"))
        self.compute.clicked.connect(lambda: self.refresh(force=True))
        self.compute.hide()
        self.banner = MessageBanner()
        self.message = QLabel(self._waiting())
        self.message.setWordWrap(True)

    @staticmethod
    def _waiting() -> str:
        return QCoreApplication.translate("ConvModelStep", str(WAITING))

    def _spin(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 0)
        box.valueChanged.connect(lambda _value: self.show_step())
        return box

    def _layout(self) -> None:
        controls = QHBoxLayout()
        labelled = (
            (self.tr("Layer"), self.layer),
            (self.tr("Output channel"), self.out_channel),
            (self.tr("Row"), self.row),
            (self.tr("Col"), self.col),
        )
        for text, widget in labelled:
            controls.addWidget(QLabel(text))
            controls.addWidget(widget)
        for button in (self.back, self.forward, self.play):
            controls.addWidget(button)
        controls.addWidget(QLabel(self.tr("Input channel")))
        controls.addWidget(self.in_channel)
        controls.addStretch(1)
        controls.addWidget(self.compute)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(controls)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.view.hide()

    # -- following the session -----------------------------------------------------------
    def _on_model(self, bundle: ModelBundle) -> None:
        from cnnviz.core.stepthrough import conv_layers, private_twin

        self.io, self.step, self._captured_for, self._dirty = None, None, None, True
        self.banner.hide()
        try:
            self.twin = private_twin(bundle.module)
            names = conv_layers(self.twin)
        except Exception as exc:  # a user model that cannot be copied: say so, keep the app running
            self.twin, names = None, []
            error = f"{type(exc).__name__}: {exc}"
            self.banner.show_error(
                self.tr("The step-through cannot copy this model: {error}").format(error=error)
            )
        analysis = self.session.analysis
        self.auto = analysis is not None and analysis.flops.total_macs <= AUTO_MACS
        self.compute.setVisible(not self.auto)
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(names)
        self.layer.blockSignals(False)
        if not names and self.twin is not None:
            self.banner.show_error(self.tr("This model has no Conv2d layer to step through."))
        self._on_layer_selected(self.session.layer)

    def _on_layer_selected(self, name: str) -> None:
        if self.layer.findText(name) >= 0 and name != self.layer.currentText():
            self.layer.blockSignals(True)
            self.layer.setCurrentText(name)
            self.layer.blockSignals(False)
        self.refresh()

    def _on_layer_chosen(self, name: str) -> None:
        if name:
            self.session.select_layer(name)  # selecting a layer selects it everywhere
            self.refresh()

    def _on_result(self, _result: InferenceResult) -> None:
        self._dirty = True
        if self.auto:
            self.refresh()

    def _on_problem(self, message: str) -> None:
        """No result for this input (an empty canvas, a model error): say so instead of old numbers."""
        self.timer.stop()
        self.play.setText(self.tr("Play"))
        self.view.hide()
        self.message.setText(f"{message}\n{self._waiting()}")
        self.message.show()
        self._captured_for = None

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with what changed while the panel was hidden."""
        super().showEvent(event)
        if self._dirty and (self.auto or self.io is None):
            QTimer.singleShot(0, self.refresh)  # once the panel is really on screen

    # -- computation -------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Capture the chosen layer for the current result (only while visible), then show the step."""
        result, name = self.session.result, self.layer.currentText()
        if not self.isVisible() or self.twin is None or not name:
            self._dirty = True
            return
        if result is None:
            return
        if force or (name, result.request_id) != self._captured_for:
            from cnnviz.core.stepthrough import capture_conv_io

            try:
                self.io = capture_conv_io(self.twin, name, result.model_input)
            except Exception as exc:  # a user model may raise anything
                error = f"{type(exc).__name__}: {exc}"
                self.banner.show_error(self.tr("The model failed: {error}").format(error=error))
                return
            self.banner.hide()
            self._captured_for, self._dirty = (name, result.request_id), False
            self._set_ranges(self.io)
        self.show_step()

    def _set_ranges(self, io: ConvIO) -> None:
        channels, height, width = io.output.shape
        limits = ((self.out_channel, channels), (self.row, height), (self.col, width))
        for box, count in (*limits, (self.in_channel, io.layer.weight.shape[1])):
            box.blockSignals(True)
            box.setMaximum(count - 1)
            box.blockSignals(False)

    def model_value(self) -> float | None:
        """The layer's own output at the current position (the session's record of it if it has one)."""
        if self.io is None or self.step is None:
            return None
        result = self.session.result
        recorded = result.activations.get(self.io.layer_name) if result is not None else None
        fresh = recorded is not None and recorded.shape == self.io.output.shape
        values = recorded if fresh and recorded is not None else self.io.output
        return float(values[self.step.out_channel, self.step.out_row, self.step.out_col])

    def show_step(self) -> None:
        """Rebuild the current output value and show its numbers."""
        if self.io is None:
            return
        self.step = self.io.step(self.out_channel.value(), self.row.value(), self.col.value())
        k = min(self.in_channel.value(), len(self.step.in_channels) - 1)
        model = self.model_value()
        assert model is not None
        self.view.show_step(self.io, self.step, k, model)
        self.message.hide()
        self.view.show()

    # -- stepping ---------------------------------------------------------------------------
    def step_by(self, delta: int) -> None:
        """Move to the next (or previous) output position, row by row, wrapping around."""
        width, height = self.col.maximum() + 1, self.row.maximum() + 1
        index = (self.row.value() * width + self.col.value() + delta) % (width * height)
        for box, value in ((self.row, index // width), (self.col, index % width)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.show_step()

    def toggle_play(self) -> None:
        """Animate the window across the output."""
        if self.timer.isActive():
            self.timer.stop()
            self.play.setText(self.tr("Play"))
        else:
            self.timer.start()
            self.play.setText(self.tr("Pause"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← → step through the positions; ↑ ↓ move a row."""
        width = self.col.maximum() + 1
        moves = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: width, Qt.Key.Key_Up: -width}
        delta = moves.get(Qt.Key(event.key()))
        if delta is None:
            super().keyPressEvent(event)
        else:
            self.step_by(delta)
