"""The main window: dockable panels, menus, status bar, saved layout."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QChildEvent, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QTabBar, QWidget

from cnnviz import __version__
from cnnviz.gui.i18n import panel_title
from cnnviz.gui.menus import build_menus
from cnnviz.gui.model_opening import ModelOpener
from cnnviz.gui.panels.activations_panel import ActivationsPanel
from cnnviz.gui.panels.architecture_panel import ArchitecturePanel
from cnnviz.gui.panels.attribution_panel import AttributionPanel
from cnnviz.gui.panels.convolution_panel import ConvolutionPanel
from cnnviz.gui.panels.deconv_panel import DeconvPanel
from cnnviz.gui.panels.filters_panel import FiltersPanel
from cnnviz.gui.panels.input_panel import InputPanel
from cnnviz.gui.panels.kernels_panel import KernelsPanel
from cnnviz.gui.panels.pooling_panel import PoolingPanel
from cnnviz.gui.panels.prediction_panel import PredictionPanel
from cnnviz.gui.panels.quiz_panel import QuizPanel
from cnnviz.gui.panels.topk_panel import TopKPanel
from cnnviz.gui.panels.webcam_panel import WebcamPanel
from cnnviz.gui.preferences import apply_preferences, load_preferences, start_model
from cnnviz.gui.presenter import restore_presenter, set_presenter_mode
from cnnviz.gui.session import Session
from cnnviz.gui.session_actions import SessionActions
from cnnviz.gui.status import StatusBar
from cnnviz.gui.training.panel import TrainingPanel

if TYPE_CHECKING:
    from cnnviz.gui.language_menu import LanguageMenu

DEFAULT_MODEL = "lenet5"
HIDDEN_BY_DEFAULT = ("Training", "Convolution", "Image kernels", "Pooling", "Quiz", "Top-9", "Camera")
BOTTOM_SHARE = 0.5  # a bottom panel opens with about half the height between the menus and the status bar
CRAMPED = 0.9  # ... when it has less than this part of that (a larger size the user chose is kept)


class MainWindow(QMainWindow):
    """Input, Prediction, Architecture and Activations as docks around one session."""

    first_paint = Signal()
    language_menu: LanguageMenu  # View ▸ Language (set by build_menus)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cnnvizMainWindow")
        self.setWindowTitle("cnnviz")
        self.settings = settings if settings is not None else QSettings()
        self.session = Session(self)
        self.input_panel = InputPanel(self.session)
        self.prediction_panel = PredictionPanel(self.session)
        self.architecture_panel = ArchitecturePanel(self.session)
        self.activations_panel = ActivationsPanel(self.session)
        self.training_panel = TrainingPanel(self.session)
        self.filters_panel = FiltersPanel(self.session)
        self.convolution_panel = ConvolutionPanel(self.session)
        self.conv_sandbox = self.convolution_panel.sandbox
        self.kernels_panel = KernelsPanel(self.session)
        self.pooling_panel = PoolingPanel(self.session)
        self.quiz_panel = QuizPanel(self.session)
        self.deconv_panel = DeconvPanel(self.session)
        self.attribution_panel = AttributionPanel(self.session)
        self.topk_panel = TopKPanel(self.session)
        self.webcam_panel = WebcamPanel(self.session)
        self.docks: dict[str, QDockWidget] = {}
        self._painted = False
        self._restoring = False  # a saved layout keeps the sizes it was saved with
        self._build_docks()
        self.status = StatusBar(self.session, self)
        self.model_opener = ModelOpener(self)  # File ▸ Open model…, and the questions a failed load asks
        self.sessions = SessionActions(self)  # File ▸ Open/Save session, Recent
        self.setStatusBar(self.status)
        self.actions_: dict[str, QAction] = build_menus(self)
        self._default_state = self.saveState()
        self._fit_to_screen(1280, 800)
        self.restore_layout()
        restore_presenter(self)  # View ▸ Presenter mode (F5)
        apply_preferences(self, load_preferences(self.settings))  # Edit ▸ Preferences…
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            whole_tab_titles(bar)  # the dock tab bars made so far; later ones when they are polished
        self.installEventFilter(self)

    # -- docks and layout ------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """A dock found as ``self.docks[title]`` (English) and shown with its translated title."""
        dock = QDockWidget(panel_title(title), self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[title] = dock
        return dock

    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        inputs = self._dock("Input", self.input_panel, left)
        prediction = self._dock("Prediction", self.prediction_panel, left)
        activations = self._dock("Activations", self.activations_panel, right)
        architecture = self._dock("Architecture", self.architecture_panel, right)
        self.splitDockWidget(inputs, prediction, Qt.Orientation.Vertical)
        self.splitDockWidget(activations, architecture, Qt.Orientation.Horizontal)
        filters = self._dock("Filters", self.filters_panel, right)
        self.tabifyDockWidget(architecture, filters)
        self.tabifyDockWidget(filters, self._dock("Deconvnet", self.deconv_panel, right))
        self.tabifyDockWidget(filters, self._dock("Attribution", self.attribution_panel, right))
        architecture.raise_()
        training = self._dock("Training", self.training_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        convolution = self._dock("Convolution", self.convolution_panel, bottom)
        training.hide()  # View ▸ Training panel (Ctrl+T); the teaching view stays uncluttered
        convolution.hide()  # View ▸ Convolution panel
        kernels = self._dock("Image kernels", self.kernels_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        kernels.hide()  # View ▸ Image kernels panel (hidden before tabifying: no room kept for it)
        self.tabifyDockWidget(convolution, kernels)
        pooling = self._dock("Pooling", self.pooling_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        pooling.hide()  # View ▸ Pooling panel (hidden before tabifying: no room kept for it)
        self.tabifyDockWidget(convolution, pooling)
        quiz = self._dock("Quiz", self.quiz_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        quiz.hide()  # View ▸ Quiz panel
        topk = self._dock("Top-9", self.topk_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        topk.hide()  # hidden before tabifying: no room kept for it
        self.tabifyDockWidget(convolution, topk)
        camera = self._dock("Camera", self.webcam_panel, left)
        camera.hide()  # View ▸ Camera panel; its own place (never tabbed into a visible group)
        camera.visibilityChanged.connect(self.webcam_panel.visibility_changed)  # hidden: camera off
        self.webcam_panel.frozen.connect(self._put_on_canvas)
        self.resizeDocks([inputs, prediction], [430, 370], Qt.Orientation.Vertical)
        self.resizeDocks([inputs, activations, architecture], [500, 430, 350], Qt.Orientation.Horizontal)
        for dock in self.docks.values():  # View menu, raise, welcome demos: whatever shows a dock
            dock.toggleViewAction().toggled.connect(lambda shown, d=dock: self._dock_shown(d, shown))

    def _dock_shown(self, dock: QDockWidget, shown: bool) -> None:
        if shown and self._painted and not self._restoring:  # not the docks a saved layout shows at start
            QTimer.singleShot(0, lambda: self.give_room_below(dock))  # once the dock has its place

    def give_room_below(self, dock: QDockWidget) -> None:
        """A bottom dock opened cramped: about half the height for it (the top docks' minimums permitting)."""
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        if dock.isFloating() or not dock.isVisible() or self.dockWidgetArea(dock) != bottom:
            return
        target = int(BOTTOM_SHARE * self.dock_area_height())
        if dock.height() >= CRAMPED * target:
            return
        layout = self.layout()
        for _step in range(6):  # Qt moves the splitter part of the way at a time
            before = dock.height()
            self.resizeDocks([dock], [target], Qt.Orientation.Vertical)
            if layout is not None:
                layout.activate()  # now, not at the next event-loop pass: one settled layout
            if dock.height() <= before or dock.height() >= target - 2:
                return  # there (or the top docks are at their minimum heights)

    def dock_area_height(self) -> int:
        """The height between the menu bar and the status bar, which the docks share."""
        bars = [bar for bar in (self.menuBar(), self.statusBar()) if bar.isVisible()]
        return self.height() - sum(bar.height() for bar in bars)

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    def restore_layout(self) -> bool:
        """Window geometry and dock layout from the settings, if saved."""
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        restored = False
        self._restoring = True
        try:
            if isinstance(state, QByteArray):  # docks first: their sizes must not override the geometry
                restored = self.restoreState(state)
            if isinstance(geometry, QByteArray):
                restored = self.restoreGeometry(geometry) and restored
        finally:
            self._restoring = False
        return restored

    def save_layout(self) -> None:
        """Write window geometry and dock layout to the settings."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def reset_layout(self) -> None:
        """Back to the layout the window started with (the Training panel hidden until asked for)."""
        self._restoring = True
        try:
            self.restoreState(self._default_state)
            for title, dock in self.docks.items():
                dock.setFloating(False)
                dock.setVisible(title not in HIDDEN_BY_DEFAULT)
        finally:
            self._restoring = False
        self.docks["Architecture"].raise_()

    def set_presenter(self, on: bool) -> None:
        """View ▸ Presenter mode (F5): large fonts, thicker brush, high-contrast maps, fewer controls."""
        set_presenter_mode(self, on)

    set_large_fonts = set_presenter  # the name before presenter mode (session files, scripts)

    # -- start-up and shutdown -----------------------------------------------------------
    def start(self, model: str | None = None) -> None:
        """Load the model (in the background) once the window is on screen."""
        self.session.load_model(model or start_model(self.settings, DEFAULT_MODEL))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Announce the first paint once (start-up measurement, deferred loading); whole dock tab titles."""
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_paint.emit()
        if watched is self and isinstance(event, QChildEvent) and event.type() == QEvent.Type.ChildPolished:
            whole_tab_titles(event.child())
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask while training runs; then save the layout and stop every worker."""
        if self.session.training and not self.confirm_close_during_training():
            event.ignore()
            return
        self.training_panel.stop_and_wait()
        self.webcam_panel.stop()
        self.save_layout()
        self.session.shutdown()
        super().closeEvent(event)

    def confirm_close_during_training(self) -> bool:
        """Training is running: save the weights, discard them, or stay."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Training is running"))
        box.setText(self.tr("A training run is in progress. Stop it and quit?"))
        save = box.addButton(self.tr("Save checkpoint and quit"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard and quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is save:
            return self.training_panel.save_checkpoint_dialog(stop_first=True)
        return box.clickedButton() is discard

    # -- actions -----------------------------------------------------------------------
    def open_image(self, path: str) -> bool:
        """Open an image file onto the canvas."""
        return self.input_panel.open_file(path)

    def _put_on_canvas(self, image: QImage) -> None:
        """A frozen camera frame goes onto the Input canvas (a slot: returns None)."""
        self.input_panel.set_qimage(image)

    def open_model(self, source: str, trust: bool = False, arch_spec: dict[str, Any] | None = None) -> None:
        """Open a built-in model, zoo:NAME[:pretrained] or a model file; remembered for the next start."""
        self.session.load_model(source, trust=trust, arch_spec=arch_spec)
        if not Path(source).exists():
            self.settings.setValue("model/last", source)

    def panel_widget(self, title: str) -> QWidget:
        """The widget inside the dock titled ``title``."""
        return self.docks[title].widget()

    def export_panel(self, title: str, path: str) -> bool:
        """Save a panel as it looks on screen to a PNG file."""
        return self.panel_widget(title).grab().save(path, "PNG")

    def show_about(self) -> None:
        """Help ▸ About."""
        QMessageBox.about(
            self,
            self.tr("About cnnviz"),
            self.tr(
                "<b>cnnviz {version}</b><p>See inside convolutional neural networks: draw a digit "
                "and watch every layer respond.</p><p>PySide6 · PyTorch · pyqtgraph</p>"
            ).format(version=__version__),
        )


def whole_tab_titles(bar: QObject) -> None:
    """Tabbed docks show whole titles, with scroll arrows when they do not fit ("Architect…" read badly)."""
    if isinstance(bar, QTabBar):
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)


def shortcut(text: str) -> QKeySequence:
    """A key sequence from portable text."""
    return QKeySequence(text)
