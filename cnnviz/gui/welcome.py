"""The welcome panel: three guided demos that set up the window for a story.

Shown by the real start path (:func:`cnnviz.gui.app.build_main_window`) until the settings
say ``welcome/shown``; Help ▸ Welcome… opens it again. It never blocks (non-modal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from cnnviz.gui.canvas import CANVAS_SIZE, INK, PAPER
from cnnviz.gui.session import default_layer
from cnnviz.gui.shortcuts import show_shortcuts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from cnnviz.gui.main_window import MainWindow

SHOWN_KEY = "welcome/shown"
DEMO_MODEL = "lenet5"
HINT_MS = 30_000
CONTEXT = "WelcomeDialog"
LAYERS_HINT = str(
    QT_TRANSLATE_NOOP(
        "WelcomeDialog",
        "Draw a digit on the canvas and watch every feature map of conv1 respond as you draw.",
    )
)
FILTERS_HINT = str(
    QT_TRANSLATE_NOOP(
        "WelcomeDialog",
        "Each small square is one learned 5×5 kernel; the Convolution panel slides one over your input.",
    )
)
ATTENTION_HINT = str(
    QT_TRANSLATE_NOOP(
        "WelcomeDialog", "The warm areas are the pixels that raised the top class's score the most."
    )
)
DECONV_HINT = str(
    QT_TRANSLATE_NOOP(
        "WelcomeDialog",
        "Click a unit in Activations; Deconvnet projects what it responds to back onto the pixels.",
    )
)
SAMPLE_SEVEN = ((70.0, 70.0), (205.0, 70.0), (185.0, 115.0), (120.0, 225.0))


def with_demo_model(window: MainWindow, then: Callable[[], None]) -> None:
    """Run ``then`` with LeNet-5 loaded: now if it is, else once it has loaded."""
    bundle = window.session.bundle
    if bundle is not None and bundle.source == DEMO_MODEL:
        then()
        return

    def loaded(_bundle: object) -> None:  # a slot must return None
        window.session.model_changed.disconnect(loaded)
        then()

    window.session.model_changed.connect(loaded)
    window.open_model(DEMO_MODEL)


def hint(window: MainWindow, text: str) -> None:
    """One sentence on what to look at (one of the ``*_HINT`` texts), translated, in the status bar."""
    window.statusBar().showMessage(QCoreApplication.translate(CONTEXT, text), HINT_MS)


def show_dock(window: MainWindow, title: str) -> bool:
    """Show and raise a dock if the window has it."""
    dock = window.docks.get(title)
    if dock is None:
        return False
    dock.show()
    dock.raise_()
    return True


def first_conv(window: MainWindow) -> str:
    """The first layer with feature maps (conv1 in LeNet-5)."""
    summary = window.session.summary
    return default_layer(summary) if summary is not None else ""


def sample_digit(size: int = CANVAS_SIZE, width: float = 20.0) -> QImage:
    """A hand-drawn-looking 7 on a blank canvas bitmap."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    path = QPainterPath(QPointF(*SAMPLE_SEVEN[0]))
    path.lineTo(QPointF(*SAMPLE_SEVEN[1]))
    path.quadTo(QPointF(*SAMPLE_SEVEN[2]), QPointF(*SAMPLE_SEVEN[3]))
    pen = QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    painter.drawPath(path)
    painter.end()
    return image


def demo_layers(window: MainWindow) -> None:
    """'Draw a digit and watch the layers': LeNet-5, a clear canvas, Activations on conv1."""

    def set_up() -> None:
        window.input_panel.canvas.clear()
        window.session.select_layer(first_conv(window))
        show_dock(window, "Input")
        show_dock(window, "Activations")
        window.input_panel.canvas.hint = QCoreApplication.translate("WelcomeDialog", "Draw a digit here")
        hint(window, LAYERS_HINT)

    with_demo_model(window, set_up)


def demo_filters(window: MainWindow) -> None:
    """'What does a filter see?': Filters on conv1, Convolution on its "On the model" tab."""

    def set_up() -> None:
        window.session.select_layer(first_conv(window))
        show_dock(window, "Filters")
        show_dock(window, "Convolution")
        window.convolution_panel.tabs.setCurrentIndex(0)
        hint(window, FILTERS_HINT)

    with_demo_model(window, set_up)


def demo_attention(window: MainWindow) -> None:
    """'Where does the network look?': a sample digit, and Grad-CAM (or Deconvnet) beside it."""

    def set_up() -> None:
        window.input_panel.canvas.restore(sample_digit(width=window.input_panel.canvas.brush_size))
        attribution = getattr(window, "attribution_panel", None)
        if attribution is not None and show_dock(window, "Attribution"):
            attribution.controls.set_method("gradcam")
            hint(window, ATTENTION_HINT)
            return
        show_dock(window, "Activations")
        show_dock(window, "Deconvnet")
        hint(window, DECONV_HINT)

    with_demo_model(window, set_up)


# (title, detail, demo); the texts are translated where shown.
DEMOS: tuple[tuple[str, str, Callable[[MainWindow], None]], ...] = (
    (
        str(QT_TRANSLATE_NOOP("WelcomeDialog", "Draw a digit and watch the layers")),
        str(QT_TRANSLATE_NOOP("WelcomeDialog", "LeNet-5 with conv1's feature maps beside the canvas.")),
        demo_layers,
    ),
    (
        str(QT_TRANSLATE_NOOP("WelcomeDialog", "What does a filter see?")),
        str(
            QT_TRANSLATE_NOOP(
                "WelcomeDialog", "The learned kernels, and one of them stepping over your input."
            )
        ),
        demo_filters,
    ),
    (
        str(QT_TRANSLATE_NOOP("WelcomeDialog", "Where does the network look?")),
        str(QT_TRANSLATE_NOOP("WelcomeDialog", "A sample digit and the map of the pixels that decide.")),
        demo_attention,
    ),
)


class WelcomeDialog(QDialog):
    """A short welcome with the three demos and a "Don't show at start" box."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to cnnviz"))
        self.setModal(False)
        self.window_ = window
        title = QLabel("<h2>{}</h2>".format(self.tr("Welcome to cnnviz")))
        intro = QLabel(
            self.tr(
                "See inside a convolutional neural network. Pick a guided start, or close this and explore."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.demo_buttons: list[QPushButton] = []
        for text, detail, demo in DEMOS:
            layout.addWidget(self._demo_button(text, detail, demo))
        self.dont_show = QCheckBox(self.tr("Don't show this at start again"))
        self.dont_show.setChecked(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(self.dont_show)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.finished.connect(self._remember)

    def _demo_button(self, text: str, detail: str, demo: Callable[[MainWindow], None]) -> QWidget:
        text, detail = self.tr(text), self.tr(detail)  # marked in DEMOS
        button = QPushButton(text)
        button.setObjectName("welcomeDemo")
        button.setMinimumHeight(40)
        button.setToolTip(detail)
        button.clicked.connect(lambda: self.run_demo(demo))
        self.demo_buttons.append(button)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 4, 0, 4)
        column.addWidget(button)
        label = QLabel(detail)
        label.setStyleSheet("color: gray;")
        column.addWidget(label)
        return box

    def run_demo(self, demo: Callable[[MainWindow], None]) -> None:
        """Set the window up for a story and close the welcome."""
        demo(self.window_)
        self.accept()

    def _remember(self, _result: int) -> None:
        self.window_.settings.setValue(SHOWN_KEY, self.dont_show.isChecked())
        self.window_.settings.sync()


def show_welcome(window: MainWindow) -> WelcomeDialog:
    """Help ▸ Welcome…: open the welcome (non-modal); returns it."""
    dialog = WelcomeDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_welcome_at_start(window: MainWindow) -> WelcomeDialog | None:
    """The welcome on first start (until its box says not to); None when it is not due."""
    if bool(window.settings.value(SHOWN_KEY, False, type=bool)):
        return None
    return show_welcome(window)


def open_dialog(show: Callable[[MainWindow], QDialog], window: MainWindow) -> None:
    """Open a dialog from a menu (a slot returns None)."""
    show(window)


def add_help_items(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """Help ▸ Welcome… and Help ▸ Keyboard shortcuts… (F1, Ctrl+/)."""
    welcome = QAction(QCoreApplication.translate("WelcomeDialog", "&Welcome…"), window)
    welcome.triggered.connect(lambda: open_dialog(show_welcome, window))
    keys = QAction(QCoreApplication.translate("WelcomeDialog", "&Keyboard shortcuts…"), window)
    keys.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
    keys.triggered.connect(lambda: open_dialog(show_shortcuts, window))
    actions["welcome"], actions["shortcuts"] = welcome, keys
    menu.addAction(welcome)
    menu.addAction(keys)
    menu.addSeparator()
