"""Help ▸ Keyboard shortcuts…: every action with a shortcut, grouped by menu.

The list is read from the menu bar when the dialog opens (so it never goes stale); an action
in ``window.actions_`` that no menu holds is listed under "Other".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

Row = tuple[str, str]  # (action text, shortcut text)


def plain(text: str) -> str:
    """Menu text without mnemonics and a trailing ellipsis kept readable."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_text(action: QAction) -> str:
    """All shortcuts of ``action`` as the platform writes them, or "" when it has none."""
    return ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()
    )


def menu_rows(menu: QMenu, seen: set[QAction]) -> list[Row]:
    """Shortcut rows of a menu and its sub-menus (sub-menu names prefix their actions)."""
    rows: list[Row] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += [(f"{plain(submenu.title())} ▸ {text}", keys) for text, keys in menu_rows(submenu, seen)]
            continue
        seen.add(action)
        if keys_text(action):
            rows.append((plain(action.text()), keys_text(action)))
    return rows


def shortcut_groups(window: MainWindow) -> dict[str, list[Row]]:
    """Menu title → (action, shortcut) rows, in menu-bar order; "Other" for unlisted actions."""
    groups: dict[str, list[Row]] = {}
    seen: set[QAction] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows = menu_rows(menu, seen)
            if rows:
                groups[plain(menu.title())] = rows
    others = [
        (plain(a.text()), keys_text(a)) for a in window.actions_.values() if a not in seen and keys_text(a)
    ]
    if others:
        groups[QCoreApplication.translate("ShortcutsDialog", "Other")] = others
    return groups


class ShortcutsDialog(QDialog):
    """A two-column tree: menus as groups, actions with their keys."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutsTree")
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.tree.setRootIsDecorated(False)
        self.groups = shortcut_groups(window)
        for title, rows in self.groups.items():
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in rows:
                QTreeWidgetItem(group, [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(460, 560)

    def rows(self) -> list[Row]:
        """Every (action, shortcut) row shown, in order."""
        return [row for rows in self.groups.values() for row in rows]


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    """Open the list without blocking; returns it."""
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
