"""Pictures of attributions: heat-maps coloured, laid over the input, and the input itself.

Non-negative maps (Grad-CAM, saliency, SmoothGrad) use the sequential viridis map
scaled from 0 to the map's maximum, so zero is always the darkest colour. Signed
results (deconvnet projections, guided backpropagation) are shown with
:func:`cnnviz.core.deconvnet.projection_to_display` instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnviz.core.grid import VIRIDIS, colorize

DEFAULT_ALPHA = 0.5


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
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], not {alpha}")
    if base.shape[:2] != heat.shape:
        raise ValueError(f"the heat-map {heat.shape} does not match the picture {base.shape[:2]}")
    colour = heat_to_rgb(heat).astype(np.float64) / 255.0
    mixed = (1.0 - alpha) * np.asarray(base, dtype=np.float64)[..., :3] + alpha * colour
    return np.clip(np.round(mixed * 255.0), 0, 255).astype(np.uint8)
