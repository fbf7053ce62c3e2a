"""The Pooling panel's choosers row: the pooling layer, the channel, the operation (as in the model,
max, average, min, global) and a line about the layer's pooling.

Its texts keep the panel's translation context ("PoolingPanel").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from cnnviz.core.pool_layers import POOL_CHOICES
from cnnviz.gui.panels.pooling_views import pool_label


class PoolingChoosers(QWidget):
    """Layer, Channel and Operation choosers, then what the layer does (``about``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("poolingLayer")
        self.channel = QSpinBox()
        self.channel.setObjectName("poolingChannel")
        self.operation = QComboBox()
        self.operation.setObjectName("poolingOperation")
        for key in POOL_CHOICES:
            self.operation.addItem(pool_label(key), key)
        self.about = QLabel("")
        self.about.setObjectName("poolingAbout")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (QCoreApplication.translate("PoolingPanel", "Layer"), self.layer_box),
            (QCoreApplication.translate("PoolingPanel", "Channel"), self.channel),
            (QCoreApplication.translate("PoolingPanel", "Operation"), self.operation),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.about, 1)

    def set_layers(self, names: list[str]) -> None:
        """List these pooling layers (quietly: nothing is chosen by it)."""
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItems(names)
        self.layer_box.blockSignals(False)

    def layer_names(self) -> list[str]:
        """The pooling layers listed, in call order."""
        return [self.layer_box.itemText(i) for i in range(self.layer_box.count())]

    def choice(self) -> str:
        """The operation chosen: ``model``, ``max``, ``avg``, ``min``, ``global max`` or ``global avg``."""
        return str(self.operation.currentData())
