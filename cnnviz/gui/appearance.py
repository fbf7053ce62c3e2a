"""Window themes: the system's colours, or a dark or a light theme for the whole window.

A theme is a Qt palette (window, base, text, buttons, highlight, tool tips, disabled text) on
the Fusion style, which draws every control from the palette on every platform, plus the
background and axis colours of the pyqtgraph plots. "system" keeps the platform's look with
dark plots (the look before themes existed). Chosen in Edit ▸ Preferences… and View ▸ Theme,
applied at once, stored under ``prefs/theme``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from cnnviz.gui.panels.pixel_view import PixelImageView
from cnnviz.gui.panels.probability_chart import ProbabilityChart
from cnnviz.gui.theme import BACKGROUND, FOREGROUND

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from cnnviz.gui.main_window import MainWindow

THEME_NAMES = ("system", "dark", "light")
DEFAULT_THEME = "system"
THEME_KEY = "prefs/theme"
THEMED_STYLE = "Fusion"  # the one style that paints every control from the palette
PLOT_COLOURS = {
    "system": (BACKGROUND, FOREGROUND),
    "dark": (BACKGROUND, FOREGROUND),
    "light": ("#ffffff", "#202028"),
}
Role = QPalette.ColorRole
# Active colours of each theme; disabled text and the 3-D edge shades follow below.
PALETTES: dict[str, dict[QPalette.ColorRole, str]] = {
    "dark": {
        Role.Window: "#2b2b31",
        Role.WindowText: "#e8e8ee",
        Role.Base: "#1e1e24",
        Role.AlternateBase: "#27272e",
        Role.Text: "#e8e8ee",
        Role.PlaceholderText: "#8c8c96",
        Role.Button: "#3a3a42",
        Role.ButtonText: "#e8e8ee",
        Role.BrightText: "#ff6b6b",
        Role.Highlight: "#2f6fc8",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#79b8ff",
        Role.LinkVisited: "#c49bff",
        Role.ToolTipBase: "#3a3a42",
        Role.ToolTipText: "#f2f2f6",
        Role.Light: "#55555e",
        Role.Midlight: "#45454d",
        Role.Mid: "#303036",
        Role.Dark: "#18181c",
        Role.Shadow: "#0c0c0e",
    },
    "light": {
        Role.Window: "#f2f2f5",
        Role.WindowText: "#18181e",
        Role.Base: "#ffffff",
        Role.AlternateBase: "#eef0f5",
        Role.Text: "#18181e",
        Role.PlaceholderText: "#80808a",
        Role.Button: "#e6e6eb",
        Role.ButtonText: "#18181e",
        Role.BrightText: "#c01c28",
        Role.Highlight: "#2a62c0",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#1a56b0",
        Role.LinkVisited: "#6a3db0",
        Role.ToolTipBase: "#fffff0",
        Role.ToolTipText: "#18181e",
        Role.Light: "#ffffff",
        Role.Midlight: "#ececf0",
        Role.Mid: "#b4b4bc",
        Role.Dark: "#8c8c96",
        Role.Shadow: "#505058",
    },
}
DISABLED_TEXT = {"dark": "#7c7c86", "light": "#9a9aa4"}
_system_look: list[tuple[str, QPalette]] = []  # the platform's style and palette, before any theme


def theme_titles() -> dict[str, str]:
    """Each theme's name as the menus and Preferences show it."""
    return {
        "system": QCoreApplication.translate("Appearance", "System colours (dark plots)"),
        "dark": QCoreApplication.translate("Appearance", "Dark"),
        "light": QCoreApplication.translate("Appearance", "Light"),
    }


def palette_for(name: str) -> QPalette:
    """The palette of the dark or light theme."""
    palette = QPalette()
    for role, colour in PALETTES[name].items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    disabled = QColor(DISABLED_TEXT[name])
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.HighlightedText, Role.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Highlight, QColor(PALETTES[name][Role.Mid]))
    return palette


def current_theme() -> str:
    """The theme in effect for the application."""
    app = QApplication.instance()
    value = app.property("cnnvizTheme") if app is not None else None
    return str(value) if value in THEME_NAMES else DEFAULT_THEME


def apply_window_theme(name: str) -> None:
    """Style and palette of the whole application (every window and dialog)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style = app.style()
    if not _system_look:
        _system_look.append((style.name() if style is not None else THEMED_STYLE, QPalette(app.palette())))
    system_style, system_palette = _system_look[0]
    wanted_style = system_style if name == "system" else THEMED_STYLE
    if style is None or style.name().lower() != wanted_style.lower():
        QApplication.setStyle(wanted_style)
    palette = system_palette if name == "system" else palette_for(name)
    QApplication.setPalette(palette)
    QToolTip.setPalette(palette)
    QApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)  # every widget now
    app.setProperty("cnnvizTheme", name)


def apply_plot_theme(root: QWidget, name: str) -> None:
    """Background and axis colours of every pyqtgraph view under ``root``, and of new ones."""
    background, foreground = PLOT_COLOURS.get(name, PLOT_COLOURS[DEFAULT_THEME])
    pg.setConfigOptions(background=background, foreground=foreground)
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(background)
        scene = view.scene()
        for item in scene.items() if scene is not None else []:
            if isinstance(item, pg.AxisItem):
                item.setPen(foreground)
                item.setTextPen(foreground)  # the axis label takes this colour too
    for chart in root.findChildren(ProbabilityChart):
        chart.set_colours(background, foreground)
    for picture in root.findChildren(PixelImageView):
        picture.set_colours(background)


def apply_theme(window: MainWindow, name: str) -> None:
    """Window colours, plot colours and the View ▸ Theme check mark, now."""
    name = name if name in THEME_NAMES else DEFAULT_THEME
    apply_window_theme(name)
    apply_plot_theme(window, name)
    action = window.actions_.get(f"theme_{name}")
    if action is not None:
        action.setChecked(True)


def choose_theme(window: MainWindow, name: str) -> None:
    """View ▸ Theme: apply ``name`` and remember it for the next start (a slot returns None)."""
    apply_theme(window, name)
    window.settings.setValue(THEME_KEY, name)


def add_theme_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """View ▸ Theme ▸ System colours / Dark / Light, one of them checked."""
    submenu = menu.addMenu(QCoreApplication.translate("Appearance", "&Theme"))
    group = QActionGroup(submenu)
    group.setExclusive(True)
    for name, title in theme_titles().items():
        action = QAction(title, group)
        action.setCheckable(True)
        action.setChecked(name == current_theme())
        action.triggered.connect(lambda _checked=False, n=name: choose_theme(window, n))
        submenu.addAction(action)
        actions[f"theme_{name}"] = action
