"""The Attribution panel's run bar: Run (or Recompute), Cancel (or Stop), the progress bar and
the opacity of the map over the input.

Its texts keep the panel's translation context ("AttributionPanel").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSlider, QWidget


class AttributionRunBar(QWidget):
    """Run/Cancel with progress for the slow methods, and the map's opacity slider."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_button = QPushButton(QCoreApplication.translate("AttributionPanel", "Run"))
        self.run_button.setObjectName("attributionRun")
        self.cancel_button = QPushButton(QCoreApplication.translate("AttributionPanel", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.alpha = QSlider(Qt.Orientation.Horizontal)
        self.alpha.setRange(0, 100)
        self.alpha.setValue(50)
        self.alpha.setToolTip(
            QCoreApplication.translate("AttributionPanel", "Opacity of the map over the input")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.run_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress, 1)
        row.addWidget(QLabel(QCoreApplication.translate("AttributionPanel", "Opacity")))
        row.addWidget(self.alpha)

    def opacity(self) -> float:
        """The map's opacity over the input, 0–1."""
        return self.alpha.value() / 100.0

    def set_running(self, running: bool) -> None:
        """Cancel only while a method runs; the progress starts again from zero."""
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)

    def show_method(self, can_run: bool, slow: bool, featvis: bool) -> None:
        """Run for a slow method (with progress), Recompute for a fast one; Stop for feature visualisation."""
        self.run_button.setEnabled(can_run)
        self.run_button.setText(
            QCoreApplication.translate("AttributionPanel", "Run")
            if slow
            else QCoreApplication.translate("AttributionPanel", "Recompute")
        )
        self.cancel_button.setText(
            QCoreApplication.translate("AttributionPanel", "Stop")
            if featvis
            else QCoreApplication.translate("AttributionPanel", "Cancel")
        )
        self.progress.setVisible(slow)
