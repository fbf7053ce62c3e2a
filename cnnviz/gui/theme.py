"""pyqtgraph configuration and shared look, set once at start-up."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from cnnviz.core.grid import VIRIDIS

BACKGROUND = "#1e1e24"
FOREGROUND = "#d8d8e0"
ACCENT = "#4fa3ff"


def configure_pyqtgraph() -> None:
    """Row-major images, dark background, antialiasing."""
    pg.setConfigOptions(imageAxisOrder="row-major", background=BACKGROUND, foreground=FOREGROUND)
    pg.setConfigOptions(antialias=True)


def gray_lut() -> np.ndarray:
    """A 256×3 grayscale lookup table."""
    ramp = np.arange(256, dtype=np.uint8)
    return np.stack([ramp, ramp, ramp], axis=1)


def diverging_lut(size: int = 256) -> np.ndarray:
    """Blue (negative) → near-white (zero, at the middle) → red (positive), for signed maps."""
    t = np.linspace(-1.0, 1.0, size)[:, None]
    blue, white, red = np.array([33, 102, 172]), np.array([240, 240, 240]), np.array([178, 24, 43])
    rgb = np.where(t < 0, white + (blue - white) * (-t), white + (red - white) * t)
    return np.round(rgb).astype(np.uint8)


def viridis_lut() -> np.ndarray:
    """The sequential map used for activations."""
    return VIRIDIS


def image_view(parent_layout: pg.GraphicsLayoutWidget) -> tuple[pg.ViewBox, pg.ImageItem]:
    """A locked-aspect, y-down view box with one image item, inside a layout widget."""
    view = parent_layout.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
    view.setMenuEnabled(False)
    item = pg.ImageItem()
    view.addItem(item)
    return view, item
