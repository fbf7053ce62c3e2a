"""A class handout as one PDF: a title page with the input and the prediction, then one captioned
page per other visible panel (A4, each page portrait or landscape to suit its panel).

The page count is exact: ``1 + len(handout_titles(window))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QPixmap

from cnnviz.gui.class_names import display_names
from cnnviz.gui.export import PRINT_SCALE, ExportError, panel_pixmap, write_file
from cnnviz.gui.export_captions import caption_line, panel_context, visible_titles
from cnnviz.gui.i18n import current_language, panel_title
from cnnviz.gui.status import describe_model

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

FIRST_PAGE = ("Input", "Prediction")  # shown together on the title page
RESOLUTION = 300  # dots per inch of the page's coordinate system
MARGIN_MM = 15.0
GREY = QColor(90, 90, 90)
Orientation = QPageLayout.Orientation


@dataclass(frozen=True)
class Handout:
    """What every page shares: the model line, the date and the number of pages."""

    name: str
    model: str
    date: str
    pages: int


def handout_titles(window: MainWindow) -> list[str]:
    """The panels that get a page of their own after the title page, in window order."""
    return [title for title in visible_titles(window) if title not in FIRST_PAGE]


def export_handout(window: MainWindow, path: str | Path, when: datetime | None = None) -> int:
    """Write the handout PDF to ``path``; the number of pages (raises ``ExportError``)."""
    data, pages = handout_bytes(window, when or datetime.now())
    write_file(path, data)
    return pages


def handout_bytes(window: MainWindow, when: datetime) -> tuple[bytes, int]:
    """The PDF document and its page count."""
    titles = handout_titles(window)
    bundle = window.session.bundle
    none = QCoreApplication.translate("Handout", "no model")
    name, model = (bundle.name, describe_model(bundle)) if bundle is not None else (none, none)
    handout = Handout(name, model, _date(when), 1 + len(titles))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(
        QCoreApplication.translate("Handout", "cnnviz handout — {model}").format(model=handout.model)
    )
    writer.setCreator("cnnviz")
    writer.setPageLayout(_layout(Orientation.Portrait))
    painter = QPainter(writer)
    if not painter.isActive():
        raise ExportError(QCoreApplication.translate("Handout", "Could not start the PDF document."))
    try:
        _title_page(painter, writer, window, handout)
        for number, title in enumerate(titles, start=2):
            pixmap = _picture(window, title)
            landscape = pixmap.width() > pixmap.height()
            writer.setPageLayout(_layout(Orientation.Landscape if landscape else Orientation.Portrait))
            writer.newPage()
            area = _page_area(painter, writer, handout, number)
            _panel_block(painter, area, pixmap, window, title, heading_pt=20, facts=True)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data()), handout.pages


def _picture(window: MainWindow, title: str) -> QPixmap:
    """The panel at print resolution; an empty pixmap (page without picture) if it cannot be taken."""
    try:
        return panel_pixmap(window, title, PRINT_SCALE)
    except ExportError:
        return QPixmap()


def _date(when: datetime) -> str:
    """'22 November 2026' (Spanish: '22 de noviembre de 2026'), month named in the interface language."""
    locale = QLocale(QLocale.Language.Spanish if current_language() == "es" else QLocale.Language.English)
    return locale.toString(
        QDate(when.year, when.month, when.day), QCoreApplication.translate("Handout", "d MMMM yyyy")
    )


def _layout(orientation: QPageLayout.Orientation) -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Millimeter)


def _points(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _text(painter: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor | None = None) -> float:
    """Word-wrapped text at the top of ``rect``; the height it took."""
    painter.setFont(font)
    painter.setPen(colour or QColor(Qt.GlobalColor.black))
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    used = painter.boundingRect(rect, flags, text)
    painter.drawText(rect, flags, text)
    return used.height()


def _page_area(painter: QPainter, writer: QPdfWriter, handout: Handout, number: int) -> QRectF:
    """Draw the footer; the rectangle left for the page's content."""
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    page.moveTo(0, 0)
    footer = QCoreApplication.translate(
        "Handout", "cnnviz · {model} · {date} · page {number} of {pages}"
    ).format(model=handout.model, date=handout.date, number=number, pages=handout.pages)
    painter.setFont(_points(8))
    height = painter.fontMetrics().height()
    painter.setPen(GREY)
    painter.drawText(
        QRectF(page.left(), page.bottom() - height, page.width(), height),
        Qt.AlignmentFlag.AlignCenter,
        footer,
    )
    return page.adjusted(0, 0, 0, -2 * height)


def _title_page(painter: QPainter, writer: QPdfWriter, window: MainWindow, handout: Handout) -> None:
    """Title, model and date, the prediction in words, then the Input and Prediction panels."""
    area = _page_area(painter, writer, handout, 1)
    top = area.top()

    def line(text: str, font: QFont, colour: QColor | None = None) -> None:
        nonlocal top
        top += _text(painter, QRectF(area.left(), top, area.width(), area.bottom() - top), text, font, colour)

    line(
        QCoreApplication.translate("Handout", "cnnviz handout: {name}").format(name=handout.name),
        _points(24, bold=True),
    )
    line(f"{handout.model} · {handout.date}", _points(11), GREY)
    line(" ", _points(6))
    line(_prediction(window), _points(14))
    shown = [title for title in FIRST_PAGE if title in visible_titles(window)]
    if not shown:
        return
    gap = area.height() * 0.03
    height = (area.bottom() - top - gap * len(shown)) / len(shown)
    for index, title in enumerate(shown):
        block = QRectF(area.left(), top + gap + index * (height + gap), area.width(), height)
        pixmap = _picture(window, title)
        _panel_block(painter, block, pixmap, window, title, heading_pt=14, facts=False)


def _prediction(window: MainWindow) -> str:
    """'Prediction: 3 (97.2 %); next: 8 (1.5 %), 5 (0.6 %)' — or why there is none."""
    session = window.session
    if session.result is None or session.bundle is None:
        return QCoreApplication.translate("Handout", "Prediction: none yet (draw or open an image).")
    ranked = session.result.top_k(display_names(session.bundle.labels), 3)
    (label, probability), rest = ranked[0], ranked[1:]
    text = QCoreApplication.translate("Handout", "Prediction: {label} ({percent})").format(
        label=label, percent=_percent(probability)
    )
    if rest:
        others = ", ".join(f"{name} ({_percent(p)})" for name, p in rest)
        text += QCoreApplication.translate("Handout", "; next: {others}").format(others=others)
    return text


def _percent(probability: float) -> str:
    return "<0.1%" if probability < 0.0005 else f"{probability:.1%}"


def _panel_block(
    painter: QPainter,
    area: QRectF,
    pixmap: QPixmap,
    window: MainWindow,
    title: str,
    heading_pt: float,
    facts: bool,
) -> None:
    """Heading, what the panel shows, (with ``facts``) model and layer, and the panel's picture
    scaled to fit the rest of ``area``."""
    context = panel_context(window, title)
    top = area.top()
    top += _text(painter, area, panel_title(title), _points(heading_pt, bold=True))
    lines: list[tuple[str, QFont, QColor | None]] = [
        (context.description, _points(max(heading_pt * 0.6, 10)), None)
    ]
    if facts:
        lines.append((caption_line(context), _points(max(heading_pt * 0.5, 9)), GREY))
    for text, font, colour in lines:
        if text:
            top += _text(
                painter, QRectF(area.left(), top, area.width(), area.bottom() - top), text, font, colour
            )
    top += painter.fontMetrics().height() * 0.5
    room = QRectF(area.left(), top, area.width(), area.bottom() - top)
    if pixmap.isNull():
        _text(
            painter,
            room,
            QCoreApplication.translate(
                "Handout", "(The panel had no room on screen: enlarge it and export again.)"
            ),
            _points(10),
            GREY,
        )
    if room.height() <= 0 or pixmap.isNull():
        return
    scale = min(room.width() / pixmap.width(), room.height() / pixmap.height())
    width, height = pixmap.width() * scale, pixmap.height() * scale
    target = QRectF(room.left() + (room.width() - width) / 2, room.top(), width, height)
    painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
    painter.setPen(QPen(QColor(200, 200, 200), 2))
    painter.drawRect(target)
