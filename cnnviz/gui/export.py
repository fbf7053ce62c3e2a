"""Export panels as they look on screen: PNG, SVG, the clipboard, every visible panel to a folder.

Errors a user can meet (a missing or read-only folder, a full disk) come back as ``ExportError``
with a message in plain words; files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QPoint,
    QSize,
    QThread,
)
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from cnnviz.gui.export_captions import caption_line, default_name, panel_context, translated, visible_titles
from cnnviz.gui.i18n import panel_title

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

SETTLE_S = 5.0  # longest wait for a panel's background work after bringing it to the front
SVG_DPI = 96  # CSS pixels per inch
PRINT_SCALE = 2.0  # "2× for print": twice the on-screen pixels
# Why a file could not be written: translated where shown.
_REASONS: dict[int, object] = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("Export", "the disk is full"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("Export", "the disk quota is exceeded"),
    errno.EACCES: QT_TRANSLATE_NOOP("Export", "permission denied — choose another folder"),
    errno.EPERM: QT_TRANSLATE_NOOP("Export", "permission denied — choose another folder"),
    errno.EROFS: QT_TRANSLATE_NOOP("Export", "the folder is read-only"),
    errno.ENOENT: QT_TRANSLATE_NOOP("Export", "the folder does not exist"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("Export", "part of the path is not a folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("Export", "a folder of that name is in the way"),
}


class ExportError(Exception):
    """An export that could not be made; the message is meant for the user."""


@contextmanager
def panel_in_front(window: MainWindow, title: str) -> Iterator[QWidget]:
    """The panel's widget, its dock raised above its tab group while the block runs.

    A dock behind another tab keeps its last, stale geometry and is never painted: it is raised
    (the layout applies at once), its pending events run, work it starts on appearing is given
    time to finish (``settle``), and afterwards the former front tab comes back.
    """
    dock = window.docks[title]
    if dock.isHidden():
        text = QCoreApplication.translate(
            "Export", "The {panel} panel is hidden: show it first (View ▸ {panel} panel)."
        )
        raise ExportError(text.format(panel=panel_title(title)))
    front = None
    if dock.visibleRegion().isEmpty():
        front = next((d for d in window.tabifiedDockWidgets(dock) if not d.visibleRegion().isEmpty()), None)
        dock.raise_()
        QGuiApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    try:
        widget = dock.widget()
        settle(widget)
        if widget.width() < 1 or widget.height() < 1:
            text = QCoreApplication.translate(
                "Export", "The {panel} panel has no room on screen: make it larger first."
            )
            raise ExportError(text.format(panel=panel_title(title)))
        yield widget
    finally:
        if front is not None:
            front.raise_()


def settle(widget: QWidget, limit_s: float = SETTLE_S) -> bool:
    """Let a panel that computes in the background (``widget.worker.busy()``) finish what it
    started on coming to the front, for at most ``limit_s``; whether it is idle now."""
    worker = getattr(widget, "worker", None)
    busy = getattr(worker, "busy", None)
    if not callable(busy):
        return True
    deadline = time.monotonic() + limit_s
    flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    while busy() and time.monotonic() < deadline:
        QGuiApplication.processEvents(flags, 50)
        QThread.msleep(5)
    QGuiApplication.processEvents(flags)  # deliver the last result
    return not busy()


def render_pixmap(widget: QWidget, scale: float = 1.0) -> QPixmap:
    """The widget as on screen, at the screen's pixel ratio times ``scale`` (2 for print)."""
    if scale == 1.0:
        return widget.grab()
    ratio = widget.devicePixelRatioF() * scale
    size = widget.size()
    pixmap = QPixmap(QSize(round(size.width() * ratio), round(size.height() * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(widget.palette().window().color())
    widget.render(pixmap)
    return pixmap


def panel_pixmap(window: MainWindow, title: str, scale: float = 1.0) -> QPixmap:
    """A panel's picture, brought to the front first if it is a tab behind another."""
    with panel_in_front(window, title) as widget:
        return render_pixmap(widget, scale)


def png_bytes(pixmap: QPixmap | QImage) -> bytes:
    """PNG-encoded pixels (the pixel ratio is kept as the image's dots per inch)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture = pixmap if isinstance(pixmap, QPixmap) else QPixmap.fromImage(pixmap)
    if not picture.save(buffer, "PNG"):
        raise ExportError(QCoreApplication.translate("Export", "Could not encode the picture as PNG."))
    buffer.close()
    return bytes(data.data())


def svg_bytes(widget: QWidget, title: str, description: str = "") -> bytes:
    """The widget painted into an SVG document: vector where Qt draws vectors, images elsewhere."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(SVG_DPI)  # the width in mm shows the panel at its on-screen size
    generator.setSize(widget.size())
    generator.setViewBox(widget.rect())
    generator.setTitle(title)
    generator.setDescription(description)
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def write_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` atomically; an ``OSError`` becomes an ``ExportError`` that says why in words."""
    target = Path(path)
    temporary = ""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        known = _REASONS.get(error.errno or 0)
        reason = translated(known) if known else error.strerror or str(error)
        text = QCoreApplication.translate("Export", "Could not write {name} to {folder}: {reason}.")
        raise ExportError(text.format(name=target.name, folder=target.parent, reason=reason)) from error
    return target


def save_png(window: MainWindow, title: str, path: str | Path, scale: float = 1.0) -> Path:
    """A panel as a PNG file; ``scale=PRINT_SCALE`` for print resolution."""
    return write_file(path, png_bytes(panel_pixmap(window, title, scale)))


def save_svg(window: MainWindow, title: str, path: str | Path) -> Path:
    """A panel as an SVG file, titled with the panel's name and described by its caption."""
    context = panel_context(window, title)
    with panel_in_front(window, title) as widget:
        data = svg_bytes(widget, f"cnnviz — {panel_title(title)}", caption_line(context))
    return write_file(path, data)


def copy_to_clipboard(window: MainWindow, title: str, scale: float = 1.0) -> QImage:
    """Put a panel's picture on the clipboard; return the image."""
    image = panel_pixmap(window, title, scale).toImage()
    QGuiApplication.clipboard().setImage(image)
    return image


def export_all(window: MainWindow, folder: str | Path, svg: bool = False, scale: float = 1.0) -> list[Path]:
    """Every visible panel into ``folder``, one PNG (and SVG) each, named by panel; the files written."""
    written: list[Path] = []
    for title in visible_titles(window):
        base = Path(folder) / default_name(window, title, "")
        try:
            written.append(save_png(window, title, base.with_name(base.name + ".png"), scale))
            if svg:
                written.append(save_svg(window, title, base.with_name(base.name + ".svg")))
        except ExportError as error:
            before = QCoreApplication.translate("Export", "({count} files were written before.)").format(
                count=len(written)
            )
            raise ExportError(f"{error} {before}") from error
    return written
