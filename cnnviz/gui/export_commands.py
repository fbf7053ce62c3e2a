"""Export commands without dialogs, used by the menus (:mod:`cnnviz.gui.export_actions`) and tests.

The ``export_*`` functions never raise: they report in the status bar and return success, so a
failed export (a read-only folder, a full disk) leaves the app running. With ``dialog=True`` (the
menu commands) a failure also shows its reason in a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from cnnviz.gui.export import ExportError, copy_to_clipboard, export_all, save_png, save_svg
from cnnviz.gui.handout import export_handout
from cnnviz.gui.i18n import panel_title

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

MESSAGE_MS = 8000


def _run(window: MainWindow, work: Callable[[], str], dialog: bool) -> bool:
    """Do ``work``; its message (or the error's) goes to the status bar, and failures to a dialog."""
    try:
        message = work()
    except ExportError as error:
        window.statusBar().showMessage(str(error), 3 * MESSAGE_MS)
        if dialog:
            QMessageBox.warning(window, QCoreApplication.translate("Export", "Export failed"), str(error))
        return False
    window.statusBar().showMessage(message, MESSAGE_MS)
    return True


def export_png(window: MainWindow, title: str, path: str, scale: float = 1.0, dialog: bool = False) -> bool:
    """Save a panel as PNG; report in the status bar."""
    return _run(window, lambda: saved(save_png(window, title, path, scale)), dialog)


def export_svg(window: MainWindow, title: str, path: str, dialog: bool = False) -> bool:
    """Save a panel as SVG; report in the status bar."""
    return _run(window, lambda: saved(save_svg(window, title, path)), dialog)


def copy_panel(window: MainWindow, title: str, dialog: bool = False) -> bool:
    """Copy a panel's picture to the clipboard; report in the status bar."""

    def work() -> str:
        image = copy_to_clipboard(window, title)
        text = QCoreApplication.translate(
            "Export", "Copied the {panel} panel ({width}×{height} pixels) to the clipboard"
        )
        return text.format(panel=panel_title(title), width=image.width(), height=image.height())

    return _run(window, work, dialog)


def export_all_panels(
    window: MainWindow, folder: str, svg: bool = False, scale: float = 1.0, dialog: bool = False
) -> bool:
    """Every visible panel into ``folder``; report how many files were written."""

    def work() -> str:
        written = export_all(window, folder, svg, scale)
        text = QCoreApplication.translate("Export", "Wrote {count} files to {folder}")
        return text.format(count=len(written), folder=folder)

    return _run(window, work, dialog)


def export_handout_pdf(window: MainWindow, path: str, dialog: bool = False) -> bool:
    """Write the class handout PDF; report how many pages it has."""

    def work() -> str:
        pages = export_handout(window, path)
        return QCoreApplication.translate("Export", "Saved {path} ({pages} pages)").format(
            path=path, pages=pages
        )

    return _run(window, work, dialog)


def saved(path: object) -> str:
    """'Saved /path/file.png' in the interface language."""
    return QCoreApplication.translate("Export", "Saved {path}").format(path=path)
