"""Heat-map pictures: colours, the de-normalised input and the overlay."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.grid import VIRIDIS
from cnnviz.core.heatmaps import heat_to_rgb, input_to_rgb, overlay


def test_heat_to_rgb_runs_from_zero_to_the_maximum() -> None:
    # 0 → the first colour, the maximum (4) → the last, 2 → the middle (index 127.5 + 0.5 → 128).
    rgb = heat_to_rgb(np.array([[0.0, 2.0, 4.0]]))
    assert rgb.dtype == np.uint8 and rgb.shape == (1, 3, 3)
    assert rgb[0].tolist() == [VIRIDIS[0].tolist(), VIRIDIS[128].tolist(), VIRIDIS[255].tolist()]
    assert (heat_to_rgb(np.zeros((2, 2))) == VIRIDIS[0]).all()
    with pytest.raises(ValueError):
        heat_to_rgb(np.zeros((1, 2, 2)))


def test_input_to_rgb_undoes_the_normalisation() -> None:
    # (x − 0.5) / 0.5 = 0 is 0.5 again; −1 → 0; 3 → 2, clipped to 1.
    chw = np.array([[[0.0, -1.0]], [[3.0, 0.0]], [[0.0, 0.0]]])
    rgb = input_to_rgb(chw, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
    assert rgb.shape == (1, 2, 3)
    assert rgb.tolist() == [[[0.5, 1.0, 0.5], [0.0, 0.5, 0.5]]]
    grey = input_to_rgb(np.array([[[0.25]]]))  # one channel → grey, mean 0 and std 1 by default
    assert grey.tolist() == [[[0.25, 0.25, 0.25]]]


def test_overlay_mixes_picture_and_colour() -> None:
    base = np.ones((1, 2, 3))
    heat = np.array([[0.0, 1.0]])
    assert (overlay(base, heat, alpha=0.0) == 255).all()
    assert overlay(base, heat, alpha=1.0).tolist() == heat_to_rgb(heat).tolist()
    half = overlay(base, heat, alpha=0.5)
    expected = np.round((255 + heat_to_rgb(heat).astype(float)) / 2)
    assert np.abs(half - expected).max() <= 1
    with pytest.raises(ValueError):
        overlay(np.ones((3, 3, 3)), heat)
