"""Picture panes shared by the Deconvnet and Attribution panels: captioned images, overlays, colour bars.

An :class:`ImagePane` is a caption above a locked-aspect image. It shows an RGB
picture (:meth:`ImagePane.show_rgb`), a float map through a lookup table
(:meth:`ImagePane.show_map`), or a map laid over a greyscale picture with some
opacity (:meth:`ImagePane.show_overlay`); with ``colour_bar`` a bar beside the image
gives the map's scale. The float map handed in is kept as :attr:`ImagePane.values`,
exactly what is coloured, so tests can compare it with a reference.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.theme import diverging_lut, high_contrast, sequential_lut

Levels = tuple[float, float]


def signed_levels(values: np.ndarray) -> Levels:
    """Symmetric levels (−m, m) with m the largest magnitude, so zero sits at the middle colour."""
    peak = float(np.nanmax(np.abs(values))) if values.size else 0.0
    peak = peak if peak > 0 else 1.0
    return -peak, peak


def positive_levels(values: np.ndarray) -> Levels:
    """Levels (0, max): zero is the darkest colour."""
    peak = float(np.nanmax(values)) if values.size else 0.0
    return 0.0, peak if peak > 0 else 1.0


def colour_map(lut: np.ndarray) -> pg.ColorMap:
    """A pyqtgraph colour map from a 256×3 lookup table."""
    return pg.ColorMap(np.linspace(0.0, 1.0, len(lut)), lut)


def grey_picture(rgb: np.ndarray) -> np.ndarray:
    """An H×W×3 picture (float [0, 1] or uint8) as an H×W×3 uint8 grey picture, for overlays."""
    values = np.asarray(rgb, dtype=np.float64)
    if values.max(initial=0.0) > 1.0:
        values = values / 255.0
    grey = values[..., :3].mean(axis=2)
    grey8 = np.clip(np.round(grey * 255.0), 0, 255).astype(np.uint8)
    return np.repeat(grey8[..., None], 3, axis=2)


def to_uint8(picture: np.ndarray) -> np.ndarray:
    """An H×W×3 float picture in [0, 1] as uint8."""
    return np.clip(np.round(np.asarray(picture) * 255.0), 0, 255).astype(np.uint8)


class ImagePane(QWidget):
    """A caption above an image (with an optional overlay and colour bar)."""

    def __init__(self, caption: str, colour_bar: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        set_relative_font(self.caption, 1.0, bold=True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setMinimumSize(120, 120)
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view = self.graphics.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.view.setMenuEnabled(False)
        self.base = pg.ImageItem()
        self.item = pg.ImageItem()
        self.view.addItem(self.base)
        self.view.addItem(self.item)
        self.bar: pg.ColorBarItem | None = None
        if colour_bar:
            self.bar = pg.ColorBarItem(
                values=(0.0, 1.0),
                colorMap=colour_map(sequential_lut()),
                interactive=False,
                colorMapMenu=False,
                width=12,
                orientation="horizontal",
            )
            self.graphics.addItem(self.bar, row=1, col=0)  # below: the image keeps the pane's width
        self.values: np.ndarray | None = None
        self.levels: Levels = (0.0, 1.0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.graphics, 1)

    def show_rgb(self, rgb: np.ndarray) -> None:
        """An H×W×3 uint8 picture as it is."""
        self.base.clear()
        self.base.hide()
        self.item.setOpacity(1.0)
        self.item.setLookupTable(None)
        self.item.setImage(np.ascontiguousarray(rgb), autoLevels=False, levels=(0, 255))
        self.values = None
        self._fit(rgb.shape[:2])

    def show_map(self, values: np.ndarray, lut: np.ndarray, levels: Levels) -> None:
        """An H×W float map coloured with ``lut`` between ``levels``."""
        self.base.clear()
        self.base.hide()
        self._set_map(values, lut, levels, 1.0)

    def show_overlay(
        self, picture: np.ndarray, values: np.ndarray, lut: np.ndarray, levels: Levels, alpha: float
    ) -> None:
        """The map coloured with ``lut`` over the greyscale ``picture`` (H×W×3), with opacity ``alpha``."""
        self.base.setImage(grey_picture(picture), autoLevels=False, levels=(0, 255))
        self.base.show()
        self._set_map(values, lut, levels, alpha)

    def set_alpha(self, alpha: float) -> None:
        """The overlay's opacity (0 transparent, 1 opaque)."""
        if self.base.isVisible():
            self.item.setOpacity(alpha)

    def _set_map(self, values: np.ndarray, lut: np.ndarray, levels: Levels, alpha: float) -> None:
        self.values, self.levels = np.asarray(values, dtype=np.float32), levels
        self.item.setOpacity(alpha)
        self.item.setLookupTable(lut)
        self.item.setImage(self.values, autoLevels=False, levels=levels)
        if self.bar is not None:
            self.bar.setColorMap(colour_map(lut))
            self.bar.setLevels(values=levels)
            self.bar.show()
        self._fit(self.values.shape[:2])

    def _fit(self, shape: tuple[int, ...]) -> None:
        height, width = int(shape[0]), int(shape[1])
        self.view.setRange(xRange=(0, width), yRange=(0, height), padding=0.02)

    def clear(self) -> None:
        """Nothing shown."""
        self.base.clear()
        self.item.clear()
        self.values = None
        if self.bar is not None:
            self.bar.hide()


SIGNED_LEGEND = QT_TRANSLATE_NOOP(
    "AttributionViews",
    "<span style='color:#d33'>■ red</span>: raises the score · "
    "<span style='color:#48c'>■ blue</span>: lowers it · near-white: no effect",
)
POSITIVE_LEGEND = QT_TRANSLATE_NOOP("AttributionViews", "bright yellow: strongest · dark blue: none")
HIGH_CONTRAST_LEGEND = QT_TRANSLATE_NOOP("AttributionViews", "pale yellow: strongest · black: none")


def legend_text(signed: bool) -> str:
    """The colour legend of a signed map or of a map ≥ 0, in the interface language."""
    positive = HIGH_CONTRAST_LEGEND if high_contrast() else POSITIVE_LEGEND  # presenter mode: inferno
    return QCoreApplication.translate("AttributionViews", str(SIGNED_LEGEND if signed else positive))


def lut_for(signed: bool) -> np.ndarray:
    """The diverging map for signed values, the sequential one (viridis; inferno for presenters) for ≥ 0."""
    return diverging_lut() if signed else sequential_lut()


class OnScreen(QObject):
    """Whether a panel can be seen: shown and, inside a dock, not behind another dock's tab.

    A dock tabbed behind another stays "visible" to Qt; its ``visibilityChanged`` says
    when its tab is selected. ``appeared`` is emitted (on the next turn of the event
    loop) each time the panel comes on screen.
    """

    appeared = Signal()

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self.panel = panel
        self.dock: QDockWidget | None = None
        self._dock_visible = True
        panel.installEventFilter(self)

    def __bool__(self) -> bool:
        return self.panel.isVisible() and self._dock_visible

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Find the dock when the panel is put into one; announce showing."""
        if watched is self.panel:
            if event.type() == QEvent.Type.ParentChange:
                self._attach(self.panel.parentWidget())
            elif event.type() == QEvent.Type.Show:
                QTimer.singleShot(0, self._announce)
        return False

    def _attach(self, parent: QWidget | None) -> None:
        if self.dock is not None:
            self.dock.visibilityChanged.disconnect(self._on_dock_visibility)
        self.dock = parent if isinstance(parent, QDockWidget) else None
        self._dock_visible = self.dock is None or not self.dock.visibleRegion().isEmpty()
        if self.dock is not None:
            self.dock.visibilityChanged.connect(self._on_dock_visibility)

    def _on_dock_visibility(self, visible: bool) -> None:
        self._dock_visible = visible
        if visible:
            QTimer.singleShot(0, self._announce)

    def _announce(self) -> None:
        if self:
            self.appeared.emit()
