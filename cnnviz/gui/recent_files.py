"""File ▸ Recent: the last sessions, models and images opened, kept in the settings.

Up to :data:`PER_KIND` of each, newest first. Entries whose file has gone are shown
greyed with "(missing)"; *Remove missing files* and *Clear recent* tidy the list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu

KEY = "recent/entries"
PER_KIND = 8
KINDS = {  # kind → section title (translated where shown)
    "session": QT_TRANSLATE_NOOP("RecentFiles", "Sessions"),
    "model": QT_TRANSLATE_NOOP("RecentFiles", "Models"),
    "image": QT_TRANSLATE_NOOP("RecentFiles", "Images"),
}

Entry = tuple[str, str]  # (kind, path or source such as zoo:resnet18)


class RecentFiles:
    """The recent list in a QSettings, as JSON (a settings file edited by hand cannot break it)."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def entries(self) -> list[Entry]:
        """Every entry, newest first within each kind."""
        try:
            data = json.loads(str(self.settings.value(KEY, "[]")))
        except ValueError:
            return []
        if not isinstance(data, list):
            return []
        return [
            (kind, target)
            for item in data
            if isinstance(item, list) and len(item) == 2
            for kind, target in [item]
            if kind in KINDS and isinstance(target, str) and target
        ]

    def _store(self, entries: list[Entry]) -> None:
        self.settings.setValue(KEY, json.dumps([list(entry) for entry in entries]))

    def add(self, kind: str, target: str | Path) -> None:
        """Put ``target`` first among its kind (a file by its absolute path)."""
        text = str(target) if is_source(str(target)) else str(Path(target).resolve())
        others = [e for e in self.entries() if e != (kind, text)]
        same = [e for e in others if e[0] == kind][: PER_KIND - 1]
        self._store([(kind, text), *same, *(e for e in others if e[0] != kind)])

    def remove(self, entry: Entry) -> None:
        """Forget one entry."""
        self._store([e for e in self.entries() if e != entry])

    def remove_missing(self) -> int:
        """Forget every entry whose file is gone; how many were removed."""
        entries = self.entries()
        kept = [e for e in entries if exists(e)]
        self._store(kept)
        return len(entries) - len(kept)

    def clear(self) -> None:
        """Forget everything."""
        self._store([])


def is_source(target: str) -> bool:
    """A model named rather than a file (``zoo:…``)."""
    return target.startswith("zoo:")


def exists(entry: Entry) -> bool:
    """True for a named model or a file that is still there."""
    return is_source(entry[1]) or Path(entry[1]).is_file()


def entry_text(entry: Entry) -> str:
    """What the menu shows: the file's name and its folder, or the model's name."""
    target = entry[1]
    if is_source(target):
        name, _, weights = target.removeprefix("zoo:").partition(":")
        if weights:
            return QCoreApplication.translate("RecentFiles", "{name} (torchvision, pretrained)").format(
                name=name
            )
        return f"{name} (torchvision)"
    path = Path(target)
    folder = path.parent.name or str(path.parent)
    if exists(entry):
        return f"{path.name}   —   {folder}"
    return QCoreApplication.translate("RecentFiles", "{name}   (missing)").format(name=path.name)


def forget_missing(recent: RecentFiles) -> None:
    """Remove missing files (a slot: returns None)."""
    recent.remove_missing()


def fill_recent_menu(menu: QMenu, recent: RecentFiles, open_entry: Callable[[Entry], None]) -> None:
    """(Re)build the Recent menu: one section per kind, missing files greyed, then the tidying actions."""
    menu.clear()
    entries = recent.entries()
    for kind, title in KINDS.items():
        mine = [e for e in entries if e[0] == kind]
        if not mine:
            continue
        menu.addSection(QCoreApplication.translate("RecentFiles", str(title)))
        for entry in mine:
            action = menu.addAction(entry_text(entry))
            action.setToolTip(entry[1])
            action.setStatusTip(entry[1])
            action.setEnabled(exists(entry))
            action.triggered.connect(lambda _=False, e=entry: open_entry(e))
    if not entries:
        menu.addAction(QCoreApplication.translate("RecentFiles", "No recent files")).setEnabled(False)
    menu.addSeparator()
    if any(not exists(e) for e in entries):
        menu.addAction(
            QCoreApplication.translate("RecentFiles", "Remove missing files"), lambda: forget_missing(recent)
        )
    clear = menu.addAction(QCoreApplication.translate("RecentFiles", "Clear recent"), recent.clear)
    clear.setEnabled(bool(entries))
