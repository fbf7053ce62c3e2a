"""Pictures of attributions: heat-maps coloured, laid over the input, and the input itself.

Non-negative maps (Grad-CAM, saliency, SmoothGrad) use the sequential viridis map
scaled from 0 to the map's maximum, so zero is always the darkest colour. Signed
maps laid over the input (occlusion's drops) use the diverging blue–white–red map
with levels symmetric about zero (:func:`signed_to_rgb`, :func:`overlay_signed`).
Signed results shown alone (deconvnet projections, guided backpropagation) are shown
with :func:`cnnviz.core.deconvnet.projection_to_display` instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnviz.core.grid import VIRIDIS, colorize

DEFAULT_ALPHA = 0.5
DIVERGING_BLUE, DIVERGING_WHITE, DIVERGING_RED = (33, 102, 172), (240, 240, 240), (178, 24, 43)


def diverging_lut(size: int = 256) -> np.ndarray:
    """Blue (negative) → near-white (zero, at the middle) → red (positive), size×3 uint8."""
    t = np.linspace(-1.0, 1.0, size)[:, None]
    blue, white, red = (
        np.array(c, dtype=np.float64) for c in (DIVERGING_BLUE, DIVERGING_WHITE, DIVERGING_RED)
    )
    rgb = np.where(t < 0, white + (blue - white) * (-t), white + (red - white) * t)
    return np.round(rgb).astype(np.uint8)


def signed_to_rgb(values: np.ndarray) -> np.ndarray:
    """An H×W signed map → H×W×3 uint8 through :func:`diverging_lut`, levels ±max|v|.

    Entry ``round(255·(v / max|v| + 1) / 2)``: 0 → entry 128 (near-white), the largest
    magnitude → pure red or blue. NaN counts as 0; an all-zero map is all near-white.
    """
    array = np.nan_to_num(np.asarray(values, dtype=np.float64))
    if array.ndim != 2:
        raise ValueError(f"expected an H×W map, not shape {array.shape}")
    peak = float(np.abs(array).max()) if array.size else 0.0
    scaled = array / peak if peak > 0 else np.zeros_like(array)
    lut = diverging_lut()
    return lut[np.clip(np.round((scaled + 1.0) * (len(lut) - 1) / 2.0), 0, len(lut) - 1).astype(np.intp)]


def grey(picture: np.ndarray) -> np.ndarray:
    """An H×W×3 float picture in [0, 1] as grey (the mean of the channels), still H×W×3."""
    mean = np.asarray(picture, dtype=np.float64)[..., :3].mean(axis=2, keepdims=True)
    return np.repeat(mean, 3, axis=2)


def blend(base: np.ndarray, colour: np.ndarray, alpha: float = DEFAULT_ALPHA) -> np.ndarray:
    """``(1−α)·base + α·colour`` as uint8: base H×W×3 floats in [0, 1], colour H×W×3 uint8."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], not {alpha}")
    if base.shape[:2] != colour.shape[:2]:
        raise ValueError(f"the map {colour.shape[:2]} does not match the picture {base.shape[:2]}")
    mixed = (1.0 - alpha) * np.asarray(base, dtype=np.float64)[..., :3] + alpha * (colour / 255.0)
    return np.clip(np.round(mixed * 255.0), 0, 255).astype(np.uint8)


def overlay_signed(base: np.ndarray, values: np.ndarray, alpha: float = DEFAULT_ALPHA) -> np.ndarray:
    """A signed H×W map in diverging colours over the greyscale picture (H×W×3 in [0, 1]), uint8."""
    return blend(grey(base), signed_to_rgb(values), alpha)


def heat_to_rgb(heat: np.ndarray) -> np.ndarray:
    """An H×W map ≥ 0 → H×W×3 uint8 viridis, 0 darkest and the maximum brightest (all-zero: darkest)."""
    values = np.nan_to_num(np.asarray(heat, dtype=np.float64))
    if values.ndim != 2:
        raise ValueError(f"expected an H×W heat-map, not shape {values.shape}")
    peak = float(values.max()) if values.size else 0.0
    scaled = np.clip(values / peak, 0.0, 1.0) if peak > 0 else np.zeros_like(values)
    return colorize(scaled.astype(np.float32), VIRIDIS)


def input_to_rgb(
    chw: np.ndarray, mean: Sequence[float] = (0.0,), std: Sequence[float] = (1.0,)
) -> np.ndarray:
    """A normalised model input (C×H×W) back to an H×W×3 float picture in [0, 1].

    Undoes ``(x − mean) / std`` per channel (one value applies to all channels);
    one channel becomes grey, any count other than 1 or 3 is averaged to grey.
    """
    values = np.asarray(chw, dtype=np.float64)
    if values.ndim != 3:
        raise ValueError(f"expected a C×H×W input, not shape {values.shape}")
    channels = values.shape[0]
    mean_arr = np.resize(np.asarray(mean, dtype=np.float64), channels)[:, None, None]
    std_arr = np.resize(np.asarray(std, dtype=np.float64), channels)[:, None, None]
    picture = values * std_arr + mean_arr
    if channels != 3:
        picture = np.repeat(picture.mean(axis=0, keepdims=True), 3, axis=0)
    return np.clip(picture, 0.0, 1.0).transpose(1, 2, 0)


def overlay(base: np.ndarray, heat: np.ndarray, alpha: float = DEFAULT_ALPHA) -> np.ndarray:
    """The coloured heat-map over a picture (H×W×3 floats in [0, 1]): ``(1−α)·base + α·heat``, uint8."""
    if base.shape[:2] != heat.shape:
        raise ValueError(f"the heat-map {heat.shape} does not match the picture {base.shape[:2]}")
    return blend(base, heat_to_rgb(heat), alpha)
