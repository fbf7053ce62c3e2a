"""Export menus, dialogs and messages: File ▸ Export panel ▸ …, Export all panels…, Export handout,
and the same on a right-click on any panel's title bar.

The commands themselves (no dialogs) are :mod:`cnnviz.gui.export_commands`: they never raise,
and the menus show a failure's reason in a dialog. The last folder used is remembered in the
window's settings.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QCursor, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QInputDialog, QMenu

from cnnviz.gui.export import PRINT_SCALE
from cnnviz.gui.export_captions import default_name, slug, translated, visible_titles
from cnnviz.gui.export_commands import (
    MESSAGE_MS,
    copy_panel,
    export_all_panels,
    export_handout_pdf,
    export_png,
    export_svg,
)
from cnnviz.gui.i18n import panel_title

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

FOLDER_KEY = "export/folder"
# File-dialog filters and the formats of Export all panels (saved in English, shown translated).
PNG_FILTER = QT_TRANSLATE_NOOP("Export", "PNG image (*.png)")
PNG_PRINT_FILTER = QT_TRANSLATE_NOOP("Export", "PNG image, 2× for print (*.png)")
ALL_CHOICES = (
    "PNG",
    str(QT_TRANSLATE_NOOP("Export", "PNG and SVG")),
    str(QT_TRANSLATE_NOOP("Export", "PNG, 2× for print")),
)


# -- menus ----------------------------------------------------------------------------------
def add_export_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """File ▸ Export panel ▸ (PNG, SVG, Copy), Export all panels…, Export handout (PDF)…; and the
    title-bar menu of every panel."""
    entries = (  # the texts are translated below
        ("export_panel", QT_TRANSLATE_NOOP("Export", "as &PNG…"), lambda: choose_png(window), "Ctrl+E"),
        ("export_svg", QT_TRANSLATE_NOOP("Export", "as &SVG…"), lambda: choose_svg(window), None),
        (
            "copy_panel",
            QT_TRANSLATE_NOOP("Export", "&Copy to clipboard"),
            lambda: choose_copy(window),
            "Ctrl+Shift+C",
        ),
        (
            "export_all",
            QT_TRANSLATE_NOOP("Export", "Export &all panels…"),
            lambda: choose_all(window),
            "Ctrl+Shift+E",
        ),
        (
            "export_handout",
            QT_TRANSLATE_NOOP("Export", "Export &handout (PDF)…"),
            lambda: choose_handout(window),
            "Ctrl+P",
        ),
    )
    for key, text, slot, keys in entries:
        action = QAction(translated(text), window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        actions[key] = action
    submenu = menu.addMenu(QCoreApplication.translate("Export", "&Export panel"))
    for key in ("export_panel", "export_svg", "copy_panel"):
        submenu.addAction(actions[key])
    menu.addAction(actions["export_all"])
    menu.addAction(actions["export_handout"])
    install_dock_menus(window)


def install_dock_menus(window: MainWindow) -> None:
    """Right-click on a panel's title bar: export it, or (as before) show or hide panels."""
    menus = DockTitleMenus(window)
    for dock in window.docks.values():
        dock.installEventFilter(menus)


def dock_menu(window: MainWindow, title: str) -> QMenu:
    """The title-bar menu of one panel, followed by the window's usual list of panels."""
    menu = QMenu(window)
    panel = panel_title(title)
    menu.addAction(
        QCoreApplication.translate("Export", "Export {panel} as PNG…").format(panel=panel),
        lambda: choose_png(window, title),
    )
    menu.addAction(
        QCoreApplication.translate("Export", "Export {panel} as SVG…").format(panel=panel),
        lambda: choose_svg(window, title),
    )
    menu.addAction(
        QCoreApplication.translate("Export", "Copy {panel} to clipboard").format(panel=panel),
        lambda: choose_copy(window, title),
    )
    panels = window.createPopupMenu()
    if panels is not None:
        menu.addSeparator()
        for action in panels.actions():
            menu.addAction(action)
        panels.deleteLater()  # its actions belong to the docks
    return menu


class DockTitleMenus(QObject):
    """Replaces the main window's title-bar context menu with ``dock_menu``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A context-menu event on a dock's title bar opens ``dock_menu``."""
        if event.type() != QEvent.Type.ContextMenu or not isinstance(watched, QDockWidget):
            return False
        assert isinstance(event, QContextMenuEvent)
        if not on_title_bar(watched, event.pos()):
            return False
        key = next((k for k, dock in self.window.docks.items() if dock is watched), None)
        if key is None:
            return False
        menu = dock_menu(self.window, key)
        menu.exec(event.globalPos())
        menu.deleteLater()
        return True


def on_title_bar(dock: QDockWidget, pos: QPoint) -> bool:
    """Whether a point of the dock lies above its content, on the title bar."""
    content = dock.widget()
    return content is None or pos.y() < content.geometry().top()


# -- dialogs --------------------------------------------------------------------------------
def focused_panel(window: MainWindow) -> str | None:
    """The title of the panel holding the keyboard focus, if any."""
    widget = QApplication.focusWidget()
    while widget is not None:
        for title, dock in window.docks.items():
            if widget is dock:
                return title
        widget = widget.parentWidget()
    return None


def pick_panel(window: MainWindow, purpose: str) -> str | None:
    """Ask which visible panel, the focused one preselected."""
    titles = visible_titles(window)
    if not titles:
        window.statusBar().showMessage(
            QCoreApplication.translate("Export", "No panel is shown: nothing to export"), MESSAGE_MS
        )
        return None
    focus = focused_panel(window)
    current = titles.index(focus) if focus in titles else 0
    shown = {panel_title(title): title for title in titles}
    label = QCoreApplication.translate("Export", "Panel:")
    chosen, ok = QInputDialog.getItem(window, purpose, label, list(shown), current, False)
    return shown.get(chosen) if ok else None


def last_folder(window: MainWindow) -> Path:
    """The folder of the last export (the home folder at first)."""
    folder = Path(str(window.settings.value(FOLDER_KEY, str(Path.home()))))
    return folder if folder.is_dir() else Path.home()


def remember_folder(window: MainWindow, path: str) -> None:
    """Remember where the user exported to."""
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    window.settings.setValue(FOLDER_KEY, str(folder))


def _save_name(window: MainWindow, caption: str, name: str, filters: str) -> tuple[str, str]:
    path, chosen = QFileDialog.getSaveFileName(window, caption, str(last_folder(window) / name), filters)
    if path:
        suffix = Path(name).suffix
        path = path if path.lower().endswith(suffix) else path + suffix
        remember_folder(window, path)
    return path, chosen


def choose_png(window: MainWindow, title: str | None = None) -> None:
    """Export panel ▸ as PNG…: pick a panel (unless given) and a file; 2× with the print filter."""
    caption = QCoreApplication.translate("Export", "Export panel as PNG")
    title = title or pick_panel(window, caption)
    if title:
        plain, for_print = translated(PNG_FILTER), translated(PNG_PRINT_FILTER)
        path, chosen = _save_name(
            window, caption, default_name(window, title, ".png"), f"{plain};;{for_print}"
        )
        if path:
            export_png(window, title, path, PRINT_SCALE if chosen == for_print else 1.0, dialog=True)


def choose_svg(window: MainWindow, title: str | None = None) -> None:
    """Export panel ▸ as SVG…"""
    caption = QCoreApplication.translate("Export", "Export panel as SVG")
    title = title or pick_panel(window, caption)
    if title:
        name = default_name(window, title, ".svg")
        path, _ = _save_name(
            window, caption, name, QCoreApplication.translate("Export", "SVG drawing (*.svg)")
        )
        if path:
            export_svg(window, title, path, dialog=True)


def choose_copy(window: MainWindow, title: str | None = None) -> None:
    """Export panel ▸ Copy to clipboard: the given or focused panel, else the one the user picks."""
    title = (
        title
        or focused_panel(window)
        or pick_panel(window, QCoreApplication.translate("Export", "Copy panel to clipboard"))
    )
    if title:
        copy_panel(window, title, dialog=True)


def choose_all(window: MainWindow) -> None:
    """Export all panels…: a folder and the formats."""
    caption = QCoreApplication.translate("Export", "Export all panels to folder")
    folder = QFileDialog.getExistingDirectory(window, caption, str(last_folder(window)))
    if not folder:
        return
    remember_folder(window, folder)
    previous = str(window.settings.value("export/all_formats", ALL_CHOICES[0]))
    current = ALL_CHOICES.index(previous) if previous in ALL_CHOICES else 0
    shown = [translated(choice) for choice in ALL_CHOICES]
    title, label = (
        QCoreApplication.translate("Export", "Export all panels"),
        QCoreApplication.translate("Export", "Format:"),
    )
    picked, ok = QInputDialog.getItem(window, title, label, shown, current, False)
    if ok:
        choice = ALL_CHOICES[shown.index(picked)] if picked in shown else ALL_CHOICES[0]
        window.settings.setValue("export/all_formats", choice)
        svg, scale = choice == ALL_CHOICES[1], PRINT_SCALE if choice == ALL_CHOICES[2] else 1.0
        export_all_panels(window, folder, svg, scale, dialog=True)


def choose_handout(window: MainWindow) -> None:
    """Export handout (PDF)…: one page for the input and prediction, one per other visible panel."""
    bundle = window.session.bundle
    parts = ["cnnviz-handout", slug(bundle.name) if bundle is not None else "", f"{datetime.now():%Y-%m-%d}"]
    name = "-".join(part for part in parts if part) + ".pdf"
    caption, filters = (
        QCoreApplication.translate("Export", "Export handout (PDF)"),
        QCoreApplication.translate("Export", "PDF document (*.pdf)"),
    )
    path, _ = _save_name(window, caption, name, filters)
    if path:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            export_handout_pdf(window, path, dialog=True)
        finally:
            QApplication.restoreOverrideCursor()
