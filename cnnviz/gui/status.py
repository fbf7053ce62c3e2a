"""The status bar: model state, a busy indicator (download progress) and Cancel while loading, the device."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from cnnviz.gui.numbers import grouped
from cnnviz.gui.quiet_widgets import LineLabel
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import SteadyLabel

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

TIMING_INTERVAL_MS = 250  # the forward time shows at most this often: a faster changing number cannot be read


def describe_model(bundle: ModelBundle) -> str:
    """'LeNet-5 (trained, 61,706 parameters)' in the interface language (Spanish: '61 706')."""
    count = grouped(bundle.parameter_count)  # the interface language's separators
    if bundle.trained:
        text = QCoreApplication.translate("StatusBar", "{name} (trained, {count} parameters)")
    else:
        text = QCoreApplication.translate("StatusBar", "{name} (random weights, {count} parameters)")
    return text.format(name=bundle.name, count=count)


class StatusBar(QStatusBar):
    """Shows what is loaded, how long a forward pass took, and where it runs."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model_label = LineLabel(self.tr("Starting…"))
        self.model_label.setObjectName("modelStatus")
        self.timing = SteadyLabel(self.tr("forward {ms} ms").format(ms="88,888.8"))
        self._latest_seconds: float | None = None  # a forward time not shown yet
        self._timing_hold = QTimer(self)
        self._timing_hold.setSingleShot(True)
        self._timing_hold.setInterval(TIMING_INTERVAL_MS)
        self._timing_hold.timeout.connect(self._show_timing)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.cancel = QToolButton()
        self.cancel.setObjectName("cancelLoading")
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop loading (a download stops at once); the current model stays"))
        self.cancel.hide()
        self.device = QComboBox()
        self.device.setObjectName("deviceChooser")
        self.device.setToolTip(self.tr("Where the model runs"))
        self.device.addItems(session.devices)
        self.addWidget(self.model_label, 1)
        self.addPermanentWidget(self.timing)
        self.addPermanentWidget(self.busy)
        self.addPermanentWidget(self.cancel)
        self.addPermanentWidget(QLabel(self.tr("Device:")))
        self.addPermanentWidget(self.device)
        session.model_loading.connect(self._loading)
        session.model_failed.connect(self._failed)
        session.load_progress.connect(self._progress)
        session.load_cancelled.connect(self._cancelled)
        self.cancel.clicked.connect(session.cancel_loading)
        session.model_changed.connect(self._loaded)
        session.devices_changed.connect(self._devices)
        session.device_changed.connect(self._device)
        session.result_ready.connect(self._timing)
        session.weights_changed.connect(self._weights)
        self.device.currentTextChanged.connect(self._choose)

    def _loading(self, source: str) -> None:
        self.model_label.setText(self.tr("Loading model {source}…").format(source=source))
        self.busy.setRange(0, 0)
        self.busy.show()
        self.cancel.show()

    def _progress(self, message: str, fraction: float) -> None:
        """A download's bytes so far: a filling bar and the message."""
        self.busy.setRange(0, 1000)
        self.busy.setValue(round(1000 * min(max(fraction, 0.0), 1.0)))
        self.model_label.setText(message)

    def _done(self) -> None:
        self.busy.hide()
        self.cancel.hide()

    def _failed(self, message: str) -> None:
        self._done()
        self.model_label.setText(self.tr("Could not load the model: {message}").format(message=message))

    def _cancelled(self, source: str) -> None:
        self._done()
        bundle = self.session.bundle
        if bundle is None:
            text = self.tr("Cancelled loading {source}").format(source=source)
        else:
            text = self.tr("Cancelled loading {source}; still showing {model}")
            text = text.format(source=source, model=describe_model(bundle))
        self.model_label.setText(text)

    def _loaded(self, bundle: ModelBundle) -> None:
        self._done()
        self.model_label.setText(describe_model(bundle))

    def _weights(self, label: str) -> None:
        bundle = self.session.bundle
        if bundle is not None:
            self.model_label.setText(
                self.tr("{model} — showing weights {label}").format(model=describe_model(bundle), label=label)
            )

    def _devices(self, devices: list[str]) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItems(devices)
        self.device.setCurrentText(self.session.device)
        self.device.blockSignals(False)

    def _device(self, device: str) -> None:
        self.device.blockSignals(True)
        self.device.setCurrentText(device)
        self.device.blockSignals(False)

    def _choose(self, device: str) -> None:
        if device:
            self.session.set_device(device)

    def _timing(self, result: InferenceResult) -> None:
        """The forward time, at most every TIMING_INTERVAL_MS (while drawing, results come faster than
        a changing number can be read); the newest one always shows in the end."""
        self._latest_seconds = result.seconds
        if not self._timing_hold.isActive():
            self._show_timing()

    def _show_timing(self) -> None:
        if self._latest_seconds is not None:
            text = self.tr("forward {ms} ms").format(ms=f"{1000 * self._latest_seconds:.1f}")
            self._latest_seconds = None
            self.timing.setText(text)
            self._timing_hold.start()
