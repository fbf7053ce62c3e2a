"""Menus and keyboard shortcuts of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from cnnviz.core.imageio import IMAGE_SUFFIXES
from cnnviz.gui.appearance import add_theme_menu
from cnnviz.gui.export_actions import add_export_menu
from cnnviz.gui.i18n import panel_title
from cnnviz.gui.language_menu import add_language_menu
from cnnviz.gui.open_model_dialog import model_filter
from cnnviz.gui.preferences import add_preferences_action
from cnnviz.gui.session_actions import add_session_menu
from cnnviz.gui.welcome import add_help_items

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

BUILTIN_MODELS = (  # (menu text, translated where shown; model)
    (QT_TRANSLATE_NOOP("Menus", "LeNet-5 (digits, trained)"), "lenet5"),
    (QT_TRANSLATE_NOOP("Menus", "TinyVGG (64×64 RGB)"), "tinyvgg"),
)


Keys = str | QKeySequence | QKeySequence.StandardKey | None


def image_filter() -> str:
    """The file-dialog filter of images, in the interface language."""
    patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
    return QCoreApplication.translate("Menus", "Images ({patterns});;All files (*)").format(patterns=patterns)


def _action(window: MainWindow, text: str, slot: object, keys: Keys = None) -> QAction:
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create File, Edit, Model, View and Help menus; return the actions by key."""
    bar = window.menuBar()
    canvas = window.input_panel.canvas
    actions = {
        "open_image": _action(
            window,
            QCoreApplication.translate("Menus", "&Open image…"),
            lambda: choose_image(window),
            QKeySequence.StandardKey.Open,
        ),
        "quit": _action(
            window, QCoreApplication.translate("Menus", "&Quit"), window.close, QKeySequence.StandardKey.Quit
        ),
        "undo": _action(window, QCoreApplication.translate("Menus", "&Undo"), canvas.undo, "Ctrl+Z"),
        "redo": _action(window, QCoreApplication.translate("Menus", "&Redo"), canvas.redo, "Ctrl+Shift+Z"),
        "paste": _action(
            window,
            QCoreApplication.translate("Menus", "&Paste image"),
            window.input_panel.paste,
            QKeySequence.StandardKey.Paste,
        ),
        "clear": _action(
            window, QCoreApplication.translate("Menus", "&Clear canvas"), canvas.clear, "Delete"
        ),
        "eraser": _action(
            window, QCoreApplication.translate("Menus", "&Eraser"), window.input_panel.eraser.toggle, "E"
        ),
        "open_model": _action(
            window,
            QCoreApplication.translate("Menus", "Open model &file…"),
            lambda: choose_model(window),
            "Ctrl+Shift+O",
        ),
        "open_model_dialog": _action(
            window,
            QCoreApplication.translate("Menus", "Open &model…"),
            lambda: window.model_opener.choose(),
            "Ctrl+M",
        ),
        "model_info": _action(
            window,
            QCoreApplication.translate("Menus", "Model &info…"),
            lambda: window.model_opener.show_info(),
            "Ctrl+I",
        ),
        "reset_layout": _action(
            window, QCoreApplication.translate("Menus", "&Reset layout"), window.reset_layout
        ),
        "large_fonts": _action(  # presenter mode; the key is the older name, kept for session files
            window, QCoreApplication.translate("Menus", "&Presenter mode"), window.set_presenter, "F5"
        ),
        "about": _action(window, QCoreApplication.translate("Menus", "&About cnnviz"), window.show_about),
    }
    file_menu = bar.addMenu(QCoreApplication.translate("Menus", "&File"))
    for key in ("open_image", "open_model_dialog", "open_model"):
        file_menu.addAction(actions[key])
    file_menu.addSeparator()
    add_session_menu(window, file_menu, actions)
    file_menu.addSeparator()
    add_export_menu(window, file_menu, actions)
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])
    edit_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Edit"))
    for key in ("undo", "redo", "paste", "clear", "eraser"):
        edit_menu.addAction(actions[key])
    add_preferences_action(window, edit_menu, actions)
    model_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Model"))
    model_menu.addAction(actions["open_model_dialog"])
    model_menu.addSeparator()
    for text, key in BUILTIN_MODELS:
        shown = QCoreApplication.translate("Menus", str(text))
        actions[f"model_{key}"] = _action(window, shown, lambda _=False, k=key: window.open_model(k))
        model_menu.addAction(actions[f"model_{key}"])
    model_menu.addSeparator()
    model_menu.addAction(actions["open_model"])
    model_menu.addAction(actions["model_info"])
    view_menu = bar.addMenu(QCoreApplication.translate("Menus", "&View"))
    for title, dock in window.docks.items():
        toggle = dock.toggleViewAction()
        toggle.setText(QCoreApplication.translate("Menus", "{panel} panel").format(panel=panel_title(title)))
        view_menu.addAction(toggle)
        actions[f"view_{title.lower()}"] = toggle
    actions["view_training"].setShortcut(QKeySequence("Ctrl+T"))
    view_menu.addSeparator()
    actions["large_fonts"].setCheckable(True)
    view_menu.addAction(actions["large_fonts"])
    add_theme_menu(window, view_menu, actions)
    window.language_menu = add_language_menu(window, view_menu, actions)
    view_menu.addAction(actions["reset_layout"])
    help_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Help"))
    add_help_items(window, help_menu, actions)
    help_menu.addAction(actions["about"])
    return actions


def choose_image(window: MainWindow) -> None:
    """File ▸ Open image…"""
    path, _ = QFileDialog.getOpenFileName(
        window, QCoreApplication.translate("Menus", "Open image"), "", image_filter()
    )
    if path and window.open_image(path):
        window.sessions.remember_image(path)


def choose_model(window: MainWindow) -> None:
    """Model ▸ Open model file…"""
    path, _ = QFileDialog.getOpenFileName(
        window, QCoreApplication.translate("Menus", "Open model file"), "", model_filter()
    )
    if path:
        window.model_opener.open(path)  # a file that needs trust or an architecture choice asks
