"""File ▸ Open session…, Save session, Save session as…, and File ▸ Recent.

Opening reads and checks the whole file before anything changes: a file that is not a
session is a message and the window stays as it was. A session whose model file has
moved (not where it was, nor where it was beside the session) asks where it is now;
Cancel leaves everything as it was. A model file whose SHA-256 differs from the one
recorded is named in a warning before it is used. Every question opens without
blocking and is kept in :attr:`SessionActions.dialog` while it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from cnnviz.core.session_file import (
    SUFFIX,
    SessionError,
    SessionState,
    file_sha256,
    find_model_file,
    read_session,
)
from cnnviz.gui.open_model_dialog import model_filter
from cnnviz.gui.recent_files import Entry, RecentFiles, exists, fill_recent_menu
from cnnviz.gui.session_io import SessionKeeper

if TYPE_CHECKING:
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.main_window import MainWindow

SESSION_FILTER = QT_TRANSLATE_NOOP("SessionActions", "cnnviz session (*{suffix});;All files (*)")
FOLDER_KEY = "session/folder"
MESSAGE_MS = 8000


def session_filter() -> str:
    """The file-dialog filter of session files, in the interface language."""
    return QCoreApplication.translate("SessionActions", str(SESSION_FILTER)).format(suffix=SUFFIX)


class SessionActions(QObject):
    """The session commands of one window, its recent files, and the questions they ask."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.keeper = SessionKeeper(window)
        self.recent = RecentFiles(window.settings)
        self.dialog: QDialog | None = None  # the question on screen, if any
        window.session.model_changed.connect(self._remember_model)

    # -- saving ---------------------------------------------------------------------------------
    def save(self, path: str | Path, dialog: bool = False) -> bool:
        """Save the session to ``path`` (``.cnnviz`` added if it has no suffix); report how it went."""
        path = Path(path)
        path = path if path.suffix else path.with_suffix(SUFFIX)
        try:
            state = self.keeper.save(path)
        except SessionError as error:
            self._report(str(error), self.tr("Session not saved"), dialog)
            return False
        self.recent.add("session", path)
        self.window.settings.setValue(FOLDER_KEY, str(path.parent))
        if state.model is not None:
            text = self.tr("Saved the session to {path}")
        else:
            text = self.tr(
                "Saved the session to {path} (the model exists only in memory: save a checkpoint too)"
            )
        self.window.statusBar().showMessage(text.format(path=path), MESSAGE_MS)
        return True

    def save_current(self) -> None:
        """File ▸ Save session: to the session's own file, or ask where."""
        if self.keeper.path is not None:
            self.save(self.keeper.path, dialog=True)
        else:
            self.choose_save_path()

    def choose_save_path(self) -> None:
        """File ▸ Save session as…"""
        start = str(self.keeper.path or Path(self.folder()) / f"session{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save session"), start, session_filter())
        if path:
            self.save(path, dialog=True)

    # -- opening ----------------------------------------------------------------------------------
    def choose_open_path(self) -> None:
        """File ▸ Open session…"""
        caption = self.tr("Open session")
        path, _ = QFileDialog.getOpenFileName(self.window, caption, self.folder(), session_filter())
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        """Open a session file; False (and a message, nothing changed) if it cannot be used.

        True also when a question about its model file is still on screen.
        """
        path = Path(path)
        try:
            state = read_session(path)
        except SessionError as error:
            self._report(str(error), self.tr("Session not opened"), dialog=True)
            return False
        self.window.settings.setValue(FOLDER_KEY, str(path.parent))
        model = state.model
        if model is None or model.kind != "file":
            self._apply(state, path, None)
            return True
        found = find_model_file(model, path)
        if found is None:
            self._ask_for_model(state, path)
        else:
            self._check_model(state, path, found)
        return True

    def _ask_for_model(self, state: SessionState, path: Path) -> None:
        """The model file moved: where is it now? (Cancel: nothing changes.)"""
        assert state.model is not None
        question = self.tr("Where is the model file {name} now?").format(name=state.model.name)
        dialog = QFileDialog(self.window, question, str(path.parent))
        dialog.setNameFilter(model_filter())
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)

        def chosen() -> None:
            files = dialog.selectedFiles()
            if files:
                self._check_model(state, path, Path(files[0]))

        dialog.accepted.connect(chosen)
        missing = self.tr("Session not opened: {name} was not found").format(name=state.model.name)
        dialog.rejected.connect(lambda: self._status(missing))
        self._show(dialog)

    def _check_model(self, state: SessionState, path: Path, model_file: Path) -> None:
        """Warn (and let the user stop) when the model file is not the one the session was saved with."""
        assert state.model is not None
        try:
            same = not state.model.sha256 or file_sha256(model_file) == state.model.sha256
        except OSError as error:
            text = self.tr("Cannot read '{name}': {reason}").format(
                name=model_file.name, reason=error.strerror or error
            )
            self._report(text, self.tr("Session not opened"), True)
            return
        if same:
            self._apply(state, path, model_file)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Different model file"), "", parent=self.window)
        box.setText(
            self.tr(
                "'{name}' is not the file this session was saved with (its SHA-256 differs): "
                "it may have been retrained or replaced. Open the session with it anyway?"
            ).format(name=model_file.name)
        )
        saved_with = self.tr("Saved with: {saved}\nNow: {now}").format(saved=state.model.path, now=model_file)
        box.setInformativeText(saved_with)
        open_anyway = box.addButton(self.tr("Open anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.open_anyway = open_anyway  # type: ignore[attr-defined]
        box.addButton(QMessageBox.StandardButton.Cancel)

        def finished(_code: int) -> None:
            if box.clickedButton() is box.open_anyway:  # type: ignore[attr-defined]
                self._apply(state, path, model_file)

        box.finished.connect(finished)
        self._show(box)

    def _apply(self, state: SessionState, path: Path, model_file: Path | None) -> None:
        self.keeper.apply(state, path, model_file)
        self.recent.add("session", path)
        self._status(self.tr("Opened the session {name}").format(name=path.name))

    # -- recent files ---------------------------------------------------------------------------------
    def _remember_model(self, bundle: ModelBundle) -> None:
        source = bundle.source
        if source.startswith("zoo:") or (source and Path(source).is_file()):
            self.recent.add("model", source)

    def remember_image(self, path: str | Path) -> None:
        """An image file was opened (File ▸ Open image…)."""
        self.recent.add("image", path)

    def open_recent(self, entry: Entry) -> None:
        """Open a File ▸ Recent entry; one that has gone is removed, with a message."""
        kind, target = entry
        if not exists(entry):
            self.recent.remove(entry)
            text = self.tr("'{target}' is no longer there: removed from Recent").format(target=target)
            self._report(text, self.tr("File not found"), True)
        elif kind == "session":
            self.open(target)
        elif kind == "model":
            self.window.model_opener.open(target)
        elif self.window.open_image(target):
            self.remember_image(target)

    # -- helpers --------------------------------------------------------------------------------------
    def folder(self) -> str:
        """Where the session dialogs start."""
        return str(self.window.settings.value(FOLDER_KEY, str(Path.home())))

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _report(self, text: str, title: str, dialog: bool) -> None:
        """A problem in the status bar, and (for a menu command) in a message box."""
        self.window.statusBar().showMessage(text, 3 * MESSAGE_MS)
        if dialog:
            self._show(QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window))

    def _show(self, dialog: QDialog) -> None:
        """Open ``dialog`` window-modal without blocking; forget it once it closes."""
        self.dialog = dialog

        def closed(_code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()


def add_session_menu(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> None:
    """File ▸ Open session… (Ctrl+Alt+O), Save session (Ctrl+S), Save session as… (Ctrl+Shift+S), Recent ▸."""
    sessions = window.sessions
    entries: tuple[tuple[str, str, Callable[[], None], str], ...] = (
        (
            "open_session",
            QCoreApplication.translate("SessionActions", "Open &session…"),
            sessions.choose_open_path,
            "Ctrl+Alt+O",
        ),
        (
            "save_session",
            QCoreApplication.translate("SessionActions", "&Save session"),
            sessions.save_current,
            "Ctrl+S",
        ),
        (
            "save_session_as",
            QCoreApplication.translate("SessionActions", "Save session &as…"),
            sessions.choose_save_path,
            "Ctrl+Shift+S",
        ),
    )
    for key, text, slot, keys in entries:
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False, run=slot: run())
        actions[key] = action
        menu.addAction(action)
    recent = menu.addMenu(QCoreApplication.translate("SessionActions", "&Recent"))
    recent.setObjectName("recentMenu")
    recent.setToolTipsVisible(True)
    recent.aboutToShow.connect(lambda: fill_recent_menu(recent, sessions.recent, sessions.open_recent))
    fill_recent_menu(recent, sessions.recent, sessions.open_recent)
    actions["recent_menu"] = recent.menuAction()
