"""The Convolution dock: the step-through on the real model, and the sandbox, as two tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from cnnviz.gui.panels.conv_model import ConvModelStep
from cnnviz.gui.panels.conv_sandbox import ConvSandbox
from cnnviz.gui.session import Session


class ConvolutionPanel(QWidget):
    """Tabs "On the model" (a real conv layer on the current input) and "Sandbox" (typed numbers)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("convolutionPanel")
        self.model_step = ConvModelStep(session)
        self.sandbox = ConvSandbox()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("convolutionTabs")
        self.tabs.addTab(scrolled(self.model_step), self.tr("On the model"))
        self.tabs.addTab(scrolled(self.sandbox), self.tr("Sandbox"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area: with large fonts or a small dock it scrolls instead of overlapping."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
