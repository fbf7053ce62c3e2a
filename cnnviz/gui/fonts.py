"""Font sizes that follow one scale: normal, or large for a projector (View ▸ Large fonts).

Widgets that want a bigger or smaller font than the default declare it *relative*
with :func:`set_relative_font`; :func:`apply_font_scale` then resizes the
application font, every relative font, the axes of the plots and the rows and
columns of number tables together, so nothing is left small or clipped.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget

LARGE_SCALE = 1.5
FACTOR = "cnnvizFontFactor"
BASE_POINT_SIZE = "cnnvizBasePointSize"
BASE_SECTION = "cnnvizBaseSection"
SCALE = "cnnvizFontScale"
# Widget classes the platform theme may give a font of their own (menus, tool tips, headers, ...).
THEMED_CLASSES = (
    "QMenuBar",
    "QMenu",
    "QToolTip",
    "QStatusBar",
    "QHeaderView",
    "QDockWidget",
    "QTabBar",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QComboBox",
    "QAbstractItemView",
    "QLabel",
    "QLineEdit",
    "QAbstractSpinBox",
    "QGroupBox",
    "QMessageBox",
)
_class_base_sizes: dict[str, float] = {}


def base_point_size() -> float:
    """The application's point size at scale 1 (remembered the first time it is asked for)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    stored = app.property(BASE_POINT_SIZE)
    if stored is None:
        stored = app.font().pointSizeF()
        app.setProperty(BASE_POINT_SIZE, stored)
    return float(stored)


def current_scale() -> float:
    """The scale in effect: 1.0, or LARGE_SCALE in large-font mode."""
    app = QApplication.instance()
    value = app.property(SCALE) if app is not None else None
    return float(value) if value is not None else 1.0


def set_relative_font(widget: QWidget, factor: float, bold: bool = False, family: str | None = None) -> None:
    """Give ``widget`` a font ``factor`` times the default size, now and after any rescale."""
    widget.setProperty(FACTOR, factor)
    font = QFont(widget.font())
    if family is not None:
        font.setFamily(family)
        font.setStyleHint(QFont.StyleHint.Monospace if family == "monospace" else QFont.StyleHint.AnyStyle)
    font.setBold(bold)
    font.setPointSizeF(base_point_size() * current_scale() * factor)
    widget.setFont(font)


def apply_font_scale(roots: Iterable[QWidget], scale: float) -> None:
    """Resize every font under ``roots`` (and the application default) to ``scale``."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = base_point_size()
    if not _class_base_sizes:
        _class_base_sizes.update({name: QApplication.font(name).pointSizeF() for name in THEMED_CLASSES})  # type: ignore[call-overload]
    font = app.font()
    font.setPointSizeF(base * scale)
    app.setFont(font)
    for name, size in _class_base_sizes.items():
        themed = QApplication.font(name)  # type: ignore[call-overload]  # the stubs say bytes; str works
        themed.setPointSizeF(size * scale)
        app.setFont(themed, name)  # type: ignore[arg-type]
    app.setProperty(SCALE, scale)
    # Widgets learn the new application font from posted events: deliver them now, so that
    # header minimum sizes and layouts below see the new size.
    QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            _rescale_widget(widget, base * scale)


def _rescale_widget(widget: QWidget, point_size: float) -> None:
    factor = widget.property(FACTOR)
    if factor is not None:
        font = QFont(widget.font())
        font.setPointSizeF(point_size * float(factor))
        widget.setFont(font)
    if isinstance(widget, QHeaderView):
        if factor is None and not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            widget.setFont(QFont())  # re-inherit: a header can miss the application font change
        _rescale_header(widget, point_size / base_point_size())
    if isinstance(widget, pg.GraphicsView):
        _rescale_axes(widget, point_size)


def _rescale_header(header: QHeaderView, scale: float) -> None:
    base = header.property(BASE_SECTION)
    if base is None:
        base = header.defaultSectionSize()
        header.setProperty(BASE_SECTION, base)
    size = round(int(base) * scale)
    header.setDefaultSectionSize(size)
    if header.count() and header.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive:
        for section in range(header.count()):
            header.resizeSection(section, size)


def _rescale_axes(view: pg.GraphicsView, point_size: float) -> None:
    scene = view.scene()
    if scene is None:
        return
    for item in scene.items():
        if isinstance(item, pg.AxisItem):
            factor = item.property(FACTOR)
            font = QFont()
            font.setPointSizeF(point_size * (float(factor) if factor is not None else 1.0))
            item.setStyle(tickFont=font)
            if item.labelText:  # keep the label's colour and other style, change only its size
                style = {**item.labelStyle, "font-size": f"{font.pointSizeF()}pt"}
                item.setLabel(item.labelText, units=item.labelUnits, **style)
