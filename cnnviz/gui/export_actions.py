"""Export menus, dialogs and messages: File ▸ Export panel ▸ …, Export all panels…, Export handout,
and the same on a right-click on any panel's title bar.

The ``export_*`` functions never raise: they report in the status bar and return success, so a
failed export (a read-only folder, a full disk) leaves the app running. Menu commands also show
the reason in a dialog. The last folder used is remembered in the window's settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QCursor, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QInputDialog, QMenu, QMessageBox

from cnnviz.gui.export import (
    PRINT_SCALE,
    ExportError,
    copy_to_clipboard,
    default_name,
    export_all,
    save_png,
    save_svg,
    slug,
    visible_titles,
)
from cnnviz.gui.handout import export_handout

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

FOLDER_KEY = "export/folder"
PNG_FILTER, PNG_PRINT_FILTER = "PNG image (*.png)", "PNG image, 2× for print (*.png)"
ALL_CHOICES = ("PNG", "PNG and SVG", "PNG, 2× for print")
MESSAGE_MS = 8000


# -- the commands (no dialogs; used by the menus and by tests) ---------------------------------
def _run(window: MainWindow, work: Callable[[], str], dialog: bool) -> bool:
    """Do ``work``; its message (or the error's) goes to the status bar, and failures to a dialog."""
    try:
        message = work()
    except ExportError as error:
        window.statusBar().showMessage(str(error), 3 * MESSAGE_MS)
        if dialog:
            QMessageBox.warning(window, "Export failed", str(error))
        return False
    window.statusBar().showMessage(message, MESSAGE_MS)
    return True


def export_png(window: MainWindow, title: str, path: str, scale: float = 1.0, dialog: bool = False) -> bool:
    """Save a panel as PNG; report in the status bar."""
    return _run(window, lambda: f"Saved {save_png(window, title, path, scale)}", dialog)


def export_svg(window: MainWindow, title: str, path: str, dialog: bool = False) -> bool:
    """Save a panel as SVG; report in the status bar."""
    return _run(window, lambda: f"Saved {save_svg(window, title, path)}", dialog)


def copy_panel(window: MainWindow, title: str, dialog: bool = False) -> bool:
    """Copy a panel's picture to the clipboard; report in the status bar."""

    def work() -> str:
        image = copy_to_clipboard(window, title)
        return f"Copied the {title} panel ({image.width()}×{image.height()} pixels) to the clipboard"

    return _run(window, work, dialog)


def export_all_panels(
    window: MainWindow, folder: str, svg: bool = False, scale: float = 1.0, dialog: bool = False
) -> bool:
    """Every visible panel into ``folder``; report how many files were written."""

    def work() -> str:
        written = export_all(window, folder, svg, scale)
        return f"Wrote {len(written)} files to {folder}"

    return _run(window, work, dialog)


def export_handout_pdf(window: MainWindow, path: str, dialog: bool = False) -> bool:
    """Write the class handout PDF; report how many pages it has."""
    return _run(window, lambda: f"Saved {path} ({export_handout(window, path)} pages)", dialog)


# -- menus ----------------------------------------------------------------------------------
def add_export_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """File ▸ Export panel ▸ (PNG, SVG, Copy), Export all panels…, Export handout (PDF)…; and the
    title-bar menu of every panel."""
    entries = (
        ("export_panel", "as &PNG…", lambda: choose_png(window), "Ctrl+E"),
        ("export_svg", "as &SVG…", lambda: choose_svg(window), None),
        ("copy_panel", "&Copy to clipboard", lambda: choose_copy(window), "Ctrl+Shift+C"),
        ("export_all", "Export &all panels…", lambda: choose_all(window), "Ctrl+Shift+E"),
        ("export_handout", "Export &handout (PDF)…", lambda: choose_handout(window), "Ctrl+P"),
    )
    for key, text, slot, keys in entries:
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        actions[key] = action
    submenu = menu.addMenu("&Export panel")
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
    menu.addAction(f"Export {title} as PNG…", lambda: choose_png(window, title))
    menu.addAction(f"Export {title} as SVG…", lambda: choose_svg(window, title))
    menu.addAction(f"Copy {title} to clipboard", lambda: choose_copy(window, title))
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
        menu = dock_menu(self.window, watched.windowTitle())
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
        window.statusBar().showMessage("No panel is shown: nothing to export", MESSAGE_MS)
        return None
    focus = focused_panel(window)
    current = titles.index(focus) if focus in titles else 0
    title, ok = QInputDialog.getItem(window, purpose, "Panel:", titles, current, False)
    return title if ok else None


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
    title = title or pick_panel(window, "Export panel as PNG")
    if title:
        filters = f"{PNG_FILTER};;{PNG_PRINT_FILTER}"
        path, chosen = _save_name(window, "Export panel as PNG", default_name(window, title, ".png"), filters)
        if path:
            export_png(window, title, path, PRINT_SCALE if chosen == PNG_PRINT_FILTER else 1.0, dialog=True)


def choose_svg(window: MainWindow, title: str | None = None) -> None:
    """Export panel ▸ as SVG…"""
    title = title or pick_panel(window, "Export panel as SVG")
    if title:
        name = default_name(window, title, ".svg")
        path, _ = _save_name(window, "Export panel as SVG", name, "SVG drawing (*.svg)")
        if path:
            export_svg(window, title, path, dialog=True)


def choose_copy(window: MainWindow, title: str | None = None) -> None:
    """Export panel ▸ Copy to clipboard: the given or focused panel, else the one the user picks."""
    title = title or focused_panel(window) or pick_panel(window, "Copy panel to clipboard")
    if title:
        copy_panel(window, title, dialog=True)


def choose_all(window: MainWindow) -> None:
    """Export all panels…: a folder and the formats."""
    folder = QFileDialog.getExistingDirectory(window, "Export all panels to folder", str(last_folder(window)))
    if not folder:
        return
    remember_folder(window, folder)
    previous = str(window.settings.value("export/all_formats", ALL_CHOICES[0]))
    current = ALL_CHOICES.index(previous) if previous in ALL_CHOICES else 0
    choice, ok = QInputDialog.getItem(
        window, "Export all panels", "Format:", list(ALL_CHOICES), current, False
    )
    if ok:
        window.settings.setValue("export/all_formats", choice)
        svg, scale = choice == ALL_CHOICES[1], PRINT_SCALE if choice == ALL_CHOICES[2] else 1.0
        export_all_panels(window, folder, svg, scale, dialog=True)


def choose_handout(window: MainWindow) -> None:
    """Export handout (PDF)…: one page for the input and prediction, one per other visible panel."""
    bundle = window.session.bundle
    parts = ["cnnviz-handout", slug(bundle.name) if bundle is not None else "", f"{datetime.now():%Y-%m-%d}"]
    name = "-".join(part for part in parts if part) + ".pdf"
    path, _ = _save_name(window, "Export handout (PDF)", name, "PDF document (*.pdf)")
    if path:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            export_handout_pdf(window, path, dialog=True)
        finally:
            QApplication.restoreOverrideCursor()
