"""Edit ▸ Preferences…: device, default model, language, theme, canvas and brush, presenter mode.

Values live in the QSettings under ``prefs/`` (presenter mode under ``view/presenter``, shared
with View ▸ Presenter mode) and are applied when the window starts and when the dialog is accepted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from cnnviz.gui.appearance import DEFAULT_THEME, THEME_NAMES, apply_theme, theme_titles
from cnnviz.gui.i18n import LANGUAGE_CHOICES, SYSTEM, language_name
from cnnviz.gui.presenter import PRESENTER_KEY, is_presenter, presenter_setting, set_presenter_mode
from cnnviz.gui.recent_files import RecentFiles

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from cnnviz.gui.main_window import MainWindow

BUILTIN_CHOICES = (  # (text, translated where shown; model)
    (QT_TRANSLATE_NOOP("PreferencesDialog", "LeNet-5 (digits, trained)"), "lenet5"),
    (QT_TRANSLATE_NOOP("PreferencesDialog", "TinyVGG (64×64 RGB)"), "tinyvgg"),
)
LAST_USED = ""  # default model: whichever model was open when the app last closed
CANVAS_SIDES = (140, 800)
BRUSH_WIDTHS = (2, 60)


@dataclass
class Preferences:
    """What Edit ▸ Preferences… sets."""

    device: str = "cpu"
    default_model: str = LAST_USED
    language: str = SYSTEM  # "system", "en" or "es" (cnnviz.gui.i18n)
    theme: str = DEFAULT_THEME
    canvas_size: int = 140  # smallest on-screen side of the drawing area, in pixels (it grows with the panel)
    brush_width: int = 18
    presenter: bool = False


def load_preferences(settings: QSettings) -> Preferences:
    """The saved preferences (defaults where unset or unreadable)."""
    defaults = Preferences()
    presenter_setting(settings)  # moves an older View ▸ Large fonts value to view/presenter
    values: dict[str, object] = {}
    for key, default in asdict(defaults).items():
        name = PRESENTER_KEY if key == "presenter" else f"prefs/{key}"
        try:
            values[key] = settings.value(name, default, type=type(default))
        except (TypeError, ValueError):
            values[key] = default
    prefs = Preferences(**values)  # type: ignore[arg-type]
    prefs.canvas_size = min(max(prefs.canvas_size, CANVAS_SIDES[0]), CANVAS_SIDES[1])
    prefs.brush_width = min(max(prefs.brush_width, BRUSH_WIDTHS[0]), BRUSH_WIDTHS[1])
    prefs.language = prefs.language if prefs.language in LANGUAGE_CHOICES else SYSTEM
    prefs.theme = prefs.theme if prefs.theme in THEME_NAMES else defaults.theme
    return prefs


def save_preferences(settings: QSettings, prefs: Preferences) -> None:
    """Write every preference to the settings."""
    for key, value in asdict(prefs).items():
        settings.setValue(PRESENTER_KEY if key == "presenter" else f"prefs/{key}", value)
    settings.sync()


def start_model(settings: QSettings, fallback: str) -> str:
    """The model to open at start: the preferred one, else the last one used, else ``fallback``."""
    preferred = str(settings.value("prefs/default_model", LAST_USED) or "")
    return preferred or str(settings.value("model/last", fallback) or fallback)


def apply_preferences(window: MainWindow, prefs: Preferences) -> None:
    """Device, brush, canvas size, theme and presenter mode now (the language after a restart)."""
    if prefs.device in window.session.devices or window.session.bundle is None:
        window.session.set_device(prefs.device)  # before a model loads: kept if that model allows it
    window.input_panel.brush.setValue(prefs.brush_width)
    window.input_panel.canvas.setMinimumSize(prefs.canvas_size, prefs.canvas_size)
    apply_theme(window, prefs.theme)
    if is_presenter(window) != prefs.presenter:
        set_presenter_mode(window, prefs.presenter)


class PreferencesDialog(QDialog):
    """The form; OK saves and applies, Cancel leaves everything, Restore defaults fills defaults."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.window_ = window
        self.device = QComboBox()
        self.device.addItems(window.session.devices)
        self.default_model = QComboBox()
        self.default_model.setEditable(False)
        self.language = QComboBox()
        for choice in LANGUAGE_CHOICES:
            self.language.addItem(language_name(choice), choice)
        self.theme = QComboBox()
        for name, title in theme_titles().items():
            self.theme.addItem(title, name)
        self.canvas_size = self._spin(
            *CANVAS_SIDES, " px", self.tr("Smallest side of the drawing area on screen")
        )
        self.brush_width = self._spin(*BRUSH_WIDTHS, " px", self.tr("Brush width on the 280×280 canvas"))
        self.presenter = QCheckBox(self.tr("Presenter mode (projector)"))
        self.presenter.setToolTip(
            self.tr("Large fonts, a thicker brush, high-contrast colour maps, advanced controls hidden (F5)")
        )
        self._fill_models(window)
        self._layout()
        self.show_values(load_preferences(window.settings))

    @staticmethod
    def _spin(low: int, high: int, suffix: str, tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setSuffix(suffix)
        box.setToolTip(tip)
        return box

    def _fill_models(self, window: MainWindow) -> None:
        self.default_model.addItem(self.tr("The model used last"), LAST_USED)
        for text, key in BUILTIN_CHOICES:
            self.default_model.addItem(self.tr(str(text)), key)
        for kind, target in RecentFiles(window.settings).entries():
            if kind == "model" and self.default_model.findData(target) < 0:
                self.default_model.addItem(target, target)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Device:"), self.device)
        form.addRow(self.tr("Model at start:"), self.default_model)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", note(self.tr("The language takes effect after a restart.")))
        form.addRow(self.tr("Theme:"), self.theme)
        form.addRow(self.tr("Canvas size:"), self.canvas_size)
        form.addRow(self.tr("Brush width:"), self.brush_width)
        form.addRow("", self.presenter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def show_values(self, prefs: Preferences) -> None:
        """Put ``prefs`` into the form (a value not offered is added, so it is never lost)."""
        for combo, value in ((self.device, prefs.device), (self.default_model, prefs.default_model)):
            if combo.findData(value) < 0 and combo.findText(value) < 0:
                combo.addItem(value, value)
            index = combo.findData(value)
            combo.setCurrentIndex(index if index >= 0 else combo.findText(value))
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        self.canvas_size.setValue(prefs.canvas_size)
        self.brush_width.setValue(prefs.brush_width)
        self.presenter.setChecked(prefs.presenter)

    def values(self) -> Preferences:
        """The preferences as the form shows them."""
        return Preferences(
            device=self.device.currentText(),
            default_model=str(self.default_model.currentData() or ""),
            language=str(self.language.currentData()),
            theme=str(self.theme.currentData()),
            canvas_size=self.canvas_size.value(),
            brush_width=self.brush_width.value(),
            presenter=self.presenter.isChecked(),
        )

    def restore_defaults(self) -> None:
        """Fill the form with the defaults (saved only with OK)."""
        self.show_values(Preferences())

    def accept(self) -> None:
        """Save, apply and close; a new language is offered a restart (View ▸ Language's message)."""
        prefs = self.values()
        new_language = prefs.language != load_preferences(self.window_.settings).language
        save_preferences(self.window_.settings, prefs)
        apply_preferences(self.window_, prefs)
        super().accept()
        languages = getattr(self.window_, "language_menu", None)
        if languages is not None:
            languages.sync()
            if new_language:
                languages.offer_if_needed()


def note(text: str) -> QLabel:
    """A small grey remark under a form row."""
    label = QLabel(text)
    label.setStyleSheet("color: gray;")
    label.setWordWrap(True)
    return label


def show_preferences(window: MainWindow) -> PreferencesDialog:
    """Open the dialog window-modally without blocking; returns it (tests drive it)."""
    dialog = PreferencesDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_preferences(window: MainWindow) -> None:
    """Edit ▸ Preferences… (a slot returns None)."""
    show_preferences(window)


def add_preferences_action(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """Edit ▸ Preferences… (Ctrl+,)."""
    action = QAction(QCoreApplication.translate("PreferencesDialog", "Pre&ferences…"), window)
    action.setShortcut(QKeySequence("Ctrl+,"))
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda: open_preferences(window))
    actions["preferences"] = action
    menu.addSeparator()
    menu.addAction(action)
