"""The status bar: model state, a busy indicator while loading, and the device switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QStatusBar, QWidget

from cnnviz.gui.session import Session

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle


class StatusBar(QStatusBar):
    """Shows what is loaded, how long a forward pass took, and where it runs."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model_label = QLabel("Starting…")
        self.model_label.setObjectName("modelStatus")
        self.timing = QLabel("")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.device = QComboBox()
        self.device.setObjectName("deviceChooser")
        self.device.setToolTip("Where the model runs")
        self.device.addItem("cpu")
        self.addWidget(self.model_label, 1)
        self.addPermanentWidget(self.timing)
        self.addPermanentWidget(self.busy)
        self.addPermanentWidget(QLabel("Device:"))
        self.addPermanentWidget(self.device)
        session.model_loading.connect(self._loading)
        session.model_failed.connect(self._failed)
        session.model_changed.connect(self._loaded)
        session.devices_changed.connect(self._devices)
        session.device_changed.connect(self._device)
        session.result_ready.connect(self._timing)
        session.weights_changed.connect(self._weights)
        self.device.currentTextChanged.connect(self._choose)

    def _loading(self, source: str) -> None:
        self.model_label.setText(f"Loading model {source}…")
        self.busy.show()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.model_label.setText(f"Could not load the model: {message}")

    def _loaded(self, bundle: ModelBundle) -> None:
        self.busy.hide()
        self.model_label.setText(bundle.description)

    def _weights(self, label: str) -> None:
        bundle = self.session.bundle
        if bundle is not None:
            self.model_label.setText(f"{bundle.description} — showing weights {label}")

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
        self.timing.setText(f"forward {1000 * result.seconds:.1f} ms")
