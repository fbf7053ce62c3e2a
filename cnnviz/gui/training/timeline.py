"""The training timeline: a slider over weight snapshots; every panel shows that step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QWidget

from cnnviz.gui.quiet_widgets import LineLabel
from cnnviz.gui.training_worker import Snapshot

MAX_SNAPSHOTS = 400


class Timeline(QWidget):
    """Scrub through training history; "Follow training" shows the newest weights."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshots: list[Snapshot] = []
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timelineSlider")
        self.slider.setEnabled(False)
        self.slider.setToolTip(self.tr("Scrub through training: every panel shows the model as it was"))
        self.follow = QCheckBox(self.tr("Follow training"))
        self.follow.setChecked(True)
        widest = self.tr("step {step} · epoch {epoch}").format(step="88,888", epoch="888")
        self.label = LineLabel(self.tr("No snapshots yet"), template=widest)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Timeline")))
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.follow)
        self.slider.valueChanged.connect(self._moved)

    def clear(self) -> None:
        """Forget the snapshots of an earlier run."""
        self.snapshots = []
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self.label.setText(self.tr("No snapshots yet"))
        self.follow.setChecked(True)

    def add(self, snapshot: Snapshot) -> bool:
        """Keep a snapshot; True when the display should follow it."""
        self.snapshots.append(snapshot)
        if len(self.snapshots) > MAX_SNAPSHOTS:  # thin out, keep the first and the newest
            self.snapshots = [self.snapshots[0], *self.snapshots[1:-1:2], self.snapshots[-1]]
        follow = self.follow.isChecked()
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self.snapshots) - 1)
        if follow:
            self.slider.setValue(len(self.snapshots) - 1)
        self.slider.blockSignals(False)
        self.slider.setEnabled(True)
        self._describe(self.snapshots[self.slider.value()])
        return follow

    def _moved(self, index: int) -> None:
        if not self.snapshots:
            return
        self.follow.setChecked(index == len(self.snapshots) - 1)
        snapshot = self.snapshots[index]
        self._describe(snapshot)
        self.chosen.emit(snapshot)

    def _describe(self, snapshot: Snapshot) -> None:
        text = self.tr("step {step} · epoch {epoch}")
        self.label.setText(text.format(step=f"{snapshot.step:,}", epoch=snapshot.epoch))

    def select(self, index: int) -> None:
        """Move the slider (as a user would)."""
        self.slider.setValue(index)
