"""Small reusable widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from cnnviz.gui.fonts import set_relative_font


class MessageBanner(QWidget):
    """An inline, dismissable message strip (errors never block with a modal box)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a plain QWidget ignores
        self.setStyleSheet("#messageBanner { background: #5a1e1e; } QLabel { color: #ffe0e0; }")
        self.hide()

    def show_error(self, message: str) -> None:
        """Show a message and make the strip visible."""
        self.label.setText(message)
        self.show()

    def text(self) -> str:
        """The message shown."""
        return self.label.text()


class CenteredMessage(QLabel):
    """A large, centred, wrapped message for an empty or waiting panel."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setObjectName("centeredMessage")
        set_relative_font(self, 1.3)


class SteadyLabel(QLabel):
    """A label as large as ``template`` in its font, whatever it shows: a new text (a timing
    each forward pass) repaints it without re-laying out the window (a fixed-size widget's
    geometry change stops at itself). Refitted when the font changes (presenter mode)."""

    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.setAutoFillBackground(True)  # opaque: a new text repaints the label alone, not its parents
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.template) + margins.left() + margins.right() + 4
        self.setFixedSize(width, self.fontMetrics().height() + margins.top() + margins.bottom())
