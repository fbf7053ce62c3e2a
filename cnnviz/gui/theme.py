"""pyqtgraph configuration and shared look, set once at start-up; the colour maps in use.

Panels ask :func:`sequential_lut` and :func:`diverging_lut` each time they draw, so the
high-contrast maps of presenter mode (:func:`set_high_contrast`) reach them on the next repaint.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyqtgraph as pg

from cnnviz.core.grid import VIRIDIS

BACKGROUND = "#1e1e24"
FOREGROUND = "#d8d8e0"
ACCENT = "#4fa3ff"
# Diverging map ends (negative, zero, positive): normal, and saturated for a projector.
DIVERGING_ENDS = ((33, 102, 172), (240, 240, 240), (178, 24, 43))
HIGH_CONTRAST_ENDS = ((0, 40, 230), (255, 255, 255), (230, 0, 0))
_high_contrast = [False]  # one switch for the whole application (presenter mode)


def configure_pyqtgraph() -> None:
    """Row-major images, dark background, antialiasing."""
    pg.setConfigOptions(imageAxisOrder="row-major", background=BACKGROUND, foreground=FOREGROUND)
    pg.setConfigOptions(antialias=True)


def gray_lut() -> np.ndarray:
    """A 256×3 grayscale lookup table."""
    ramp = np.arange(256, dtype=np.uint8)
    return np.stack([ramp, ramp, ramp], axis=1)


def set_high_contrast(on: bool) -> None:
    """Use the high-contrast maps (presenter mode) or the normal ones from now on."""
    _high_contrast[0] = on


def high_contrast() -> bool:
    """Whether the high-contrast maps are in use."""
    return _high_contrast[0]


def diverging_lut(size: int = 256) -> np.ndarray:
    """Blue (negative) → near-white (zero, at the middle) → red (positive), for signed maps.

    In high-contrast mode the ends are saturated and the middle pure white.
    """
    ends = HIGH_CONTRAST_ENDS if high_contrast() else DIVERGING_ENDS
    return _diverging(size, ends)


@cache
def _diverging(size: int, ends: tuple[tuple[int, int, int], ...]) -> np.ndarray:
    t = np.linspace(-1.0, 1.0, size)[:, None]
    blue, white, red = (np.array(colour, dtype=np.float64) for colour in ends)
    rgb = np.where(t < 0, white + (blue - white) * (-t), white + (red - white) * t)
    lut = np.round(rgb).astype(np.uint8)
    lut.flags.writeable = False  # shared between callers
    return lut


def viridis_lut() -> np.ndarray:
    """The normal sequential map (viridis)."""
    return VIRIDIS


@cache
def inferno_lut() -> np.ndarray:
    """Inferno: black → purple → orange → pale yellow, a wider lightness range than viridis."""
    lut = pg.colormap.get("inferno").getLookupTable(nPts=256, mode=pg.ColorMap.BYTE)
    lut = np.ascontiguousarray(lut[:, :3], dtype=np.uint8)
    lut.flags.writeable = False
    return lut


def sequential_lut() -> np.ndarray:
    """The sequential map for activations and unsigned heat maps: viridis, or inferno in high contrast."""
    return inferno_lut() if high_contrast() else VIRIDIS


def image_view(parent_layout: pg.GraphicsLayoutWidget) -> tuple[pg.ViewBox, pg.ImageItem]:
    """A locked-aspect, y-down view box with one image item, inside a layout widget."""
    view = parent_layout.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
    view.setMenuEnabled(False)
    item = pg.ImageItem()
    view.addItem(item)
    return view, item
