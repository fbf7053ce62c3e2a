"""View ▸ Language: System language / English / Español, and the offer to restart.

The choice is the same setting as Edit ▸ Preferences… ▸ Language (the menu's checks are
read from it whenever the menu opens). Choosing another language saves it and, unless it is
the one on screen, says that it applies at a restart, with "Restart now" and "Later"; the
message never blocks. "Restart now" closes the window the usual way (the close can still be
refused, e.g. while training runs) and only then starts cnnviz again with the same arguments.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QProcess
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMessageBox

from cnnviz.gui.i18n import (
    LANGUAGE_CHOICES,
    current_language,
    language_name,
    resolve_language,
    save_choice,
    saved_choice,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from cnnviz.gui.main_window import MainWindow

Starter = Callable[[str, list[str], str], object]  # (program, arguments, working folder)


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that started this process (``python -m cnnviz …``, the
    ``cnnviz`` script, or a frozen app)."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    original = getattr(sys, "orig_argv", None)
    return sys.executable, list(original[1:]) if original else list(sys.argv)


def start_detached(program: str, arguments: list[str], folder: str) -> object:
    """Start a process that outlives this one."""
    return QProcess.startDetached(program, arguments, folder)


def restart(window: MainWindow, start: Starter = start_detached) -> bool:
    """Close the window normally; if it closed, start cnnviz again. Whether it restarted."""
    if not window.close():
        return False  # the close was refused (e.g. training runs and the user stayed)
    program, arguments = restart_command()
    start(program, arguments, os.getcwd())
    return True


class LanguageMenu:
    """The View ▸ Language submenu of one window and the message its choice shows."""

    def __init__(self, window: MainWindow, menu: QMenu, start: Starter = start_detached) -> None:
        self.window = window
        self.start = start
        self.message: QMessageBox | None = None  # the restart offer while on screen
        self.menu = menu.addMenu(QCoreApplication.translate("LanguageMenu", "&Language"))
        self.menu.setObjectName("languageMenu")
        group = QActionGroup(self.menu)
        group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for choice in LANGUAGE_CHOICES:
            action = QAction(language_name(choice), self.menu)
            action.setCheckable(True)
            action.setData(choice)
            action.triggered.connect(lambda _=False, c=choice: self.choose(c))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[choice] = action
        self.menu.aboutToShow.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Check the saved choice (Edit ▸ Preferences… may have changed it)."""
        self.actions[saved_choice(self.window.settings)].setChecked(True)

    def choose(self, choice: str) -> None:
        """Save ``choice``; if that changes the language, offer to restart."""
        changed = choice != saved_choice(self.window.settings)
        save_choice(self.window.settings, choice)
        self.sync()
        if changed:
            self.offer_if_needed()

    def offer_if_needed(self) -> QMessageBox | None:
        """Offer a restart when the saved language is not the one on screen (else None)."""
        if resolve_language(saved_choice(self.window.settings)) == current_language():
            return None  # e.g. Español, then back to English before restarting
        return self.offer_restart()

    def offer_restart(self) -> QMessageBox:
        """'The language changes when cnnviz restarts.' — Restart now / Later (window-modal, non-blocking)."""
        if self.message is not None:
            self.message.close()
        box = QMessageBox(self.window)
        box.setObjectName("restartMessage")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("LanguageMenu", "Language"))
        box.setText(QCoreApplication.translate("LanguageMenu", "The language changes when cnnviz restarts."))
        box.restart_button = box.addButton(  # type: ignore[attr-defined]
            QCoreApplication.translate("LanguageMenu", "Restart now"), QMessageBox.ButtonRole.AcceptRole
        )
        later = box.addButton(
            QCoreApplication.translate("LanguageMenu", "Later"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        box.finished.connect(lambda _code: self._answered(box))
        self.message = box
        box.open()
        return box

    def _answered(self, box: QMessageBox) -> None:
        """Restart now → restart; Later → nothing (a slot: returns None)."""
        if self.message is box:
            self.message = None
        box.deleteLater()
        if box.clickedButton() is getattr(box, "restart_button", None):
            restart(self.window, self.start)


def add_language_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> LanguageMenu:
    """View ▸ Language ▸ (System language, English, Español); its actions as ``language_<choice>``."""
    languages = LanguageMenu(window, menu)
    for choice, action in languages.actions.items():
        actions[f"language_{choice}"] = action
    return languages
