"""The display conversions of big layers: same pictures as the plain formulas, bounded temporaries."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from cnnviz.core.allocator import share_one_malloc_arena
from cnnviz.core.filters import mosaic
from cnnviz.core.grid import (
    COLORIZE_PIXELS,
    COLORIZE_ROWS,
    GAP_COLOUR,
    VIRIDIS,
    colorize,
    colorize_maps,
    layout_for,
    normalise_maps,
    tile,
)

RNG = np.random.default_rng(7)
GREYS = np.stack([np.arange(5) * 60] * 3, axis=1).astype(np.uint8)  # a 5-entry grey ramp


def colorize_reference(mosaic01: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """The formula written out pixel by pixel: round to the nearest entry, gaps grey-blue."""
    out = np.empty((*mosaic01.shape, 3), dtype=np.uint8)
    for index in np.ndindex(mosaic01.shape):
        value = float(mosaic01[index])
        if not np.isfinite(value):
            out[index] = GAP_COLOUR
        else:
            out[index] = lut[int(min(max(value * (len(lut) - 1) + 0.5, 0), len(lut) - 1))]
    return out


def tiles_reference(tiles: np.ndarray, columns: int, gap: int) -> np.ndarray:
    """Tile by tile, as the mosaic was first written."""
    count, h, w = tiles.shape[:3]
    rows = -(-count // columns)
    out = np.full((rows * (h + gap) - gap, columns * (w + gap) - gap, *tiles.shape[3:]), np.nan, np.float32)
    for index in range(count):
        r, c = divmod(index, columns)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[index]
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("lut", [VIRIDIS, GREYS], ids=["viridis", "five greys"])
def test_colorize_matches_the_formula_across_row_blocks(dtype: type, lut: np.ndarray) -> None:
    mosaic01: np.ndarray = RNG.uniform(-0.2, 1.2, size=(COLORIZE_ROWS + 9, 7)).astype(dtype)
    mosaic01[3, :] = np.nan
    mosaic01[COLORIZE_ROWS + 2, 1:3] = (np.inf, -np.inf)
    mosaic01[5, :4] = (0.0, 1.0, 0.5, 0.25)
    rgb = colorize(mosaic01, lut)
    assert rgb.shape == (COLORIZE_ROWS + 9, 7, 3) and rgb.dtype == np.uint8 and rgb.flags.c_contiguous
    np.testing.assert_array_equal(rgb, colorize_reference(mosaic01, lut))
    assert tuple(rgb[COLORIZE_ROWS + 2, 1]) == GAP_COLOUR  # infinities are gaps too


def test_colorize_of_a_big_mosaic_needs_little_besides_its_output() -> None:
    mosaic01 = RNG.random((1904, 1904), dtype=np.float32)  # VGG-16's 64 maps of 224×224
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        rgb = colorize(mosaic01)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert peak < rgb.nbytes + 4 * 2**20  # the 10.9 MB picture plus row blocks of ~2 MB


def test_colorize_maps_by_hand() -> None:
    lut = GREYS  # entries 0, 60, 120, 180, 240
    maps01 = np.array([[[0.0, 1.0]], [[0.5, np.nan]], [[0.3, 0.12]]], dtype=np.float32)
    layout = layout_for(3, 1, 2, gap=1)  # 2 columns: map 2 below map 0, a gap beside it
    rgba = colorize_maps(maps01, layout, lut)
    grey = [(v, v, v, 255) for v in (0, 240, 0, 120, 120, 0)]
    gap = (*GAP_COLOUR, 255)
    expected = [
        [grey[0], grey[1], gap, grey[3], gap],
        [gap] * 5,
        [(60, 60, 60, 255), (0, 0, 0, 255), gap, gap, gap],
    ]
    assert rgba.shape == (3, 5, 4) and rgba.dtype == np.uint8
    assert [[tuple(int(v) for v in pixel) for pixel in row] for row in rgba] == expected


@pytest.mark.parametrize("lut", [VIRIDIS, GREYS], ids=["viridis", "five greys"])
@pytest.mark.parametrize("shape", [(7, 5, 3), (300, 31, 30)], ids=["one block", "two blocks"])
def test_colorize_maps_gives_the_colours_of_colorize_and_tile(lut: np.ndarray, shape: tuple) -> None:
    maps = RNG.normal(size=shape).astype(np.float32)
    maps[1] = 2.0  # a constant map
    maps[2, 0, :2] = (np.inf, np.nan)
    scaled = normalise_maps(maps, "map")
    layout = layout_for(shape[0], shape[1], shape[2], gap=2)
    assert (shape[0] * shape[1] * shape[2] > COLORIZE_PIXELS) == (shape[0] == 300)
    rgba = colorize_maps(scaled, layout, lut)
    np.testing.assert_array_equal(rgba[..., :3], colorize(tile(scaled, layout), lut))
    assert (rgba[..., 3] == 255).all() and rgba.flags.c_contiguous


@pytest.mark.parametrize("mode", ["map", "layer"])
def test_normalise_maps_matches_the_formula(mode: str) -> None:
    maps = RNG.normal(size=(5, 6, 4)).astype(np.float32)
    maps[2] = 3.0  # a constant map
    scaled = normalise_maps(maps, mode)  # type: ignore[arg-type]
    axes = (1, 2) if mode == "map" else None
    low, high = maps.min(axis=axes, keepdims=True), maps.max(axis=axes, keepdims=True)
    expected = np.where(high > low, (maps - low) / np.where(high > low, high - low, 1), 0)
    assert scaled.dtype == np.float32 and scaled is not maps
    np.testing.assert_allclose(scaled, expected, rtol=0, atol=1e-6)
    if mode == "map":
        assert (scaled[2] == 0).all() and scaled[0].min() == 0 and scaled[0].max() == 1


def test_normalise_maps_leaves_its_input_alone() -> None:
    maps = RNG.normal(size=(3, 4, 4)).astype(np.float32)
    kept = maps.copy()
    normalise_maps(maps, "map")
    np.testing.assert_array_equal(maps, kept)


@pytest.mark.parametrize(
    ("shape", "columns", "gap"),
    [((7, 3, 2), 3, 1), ((6, 5, 5, 3), 3, 1), ((9, 2, 2), 3, 0), ((5, 4, 4), 7, 2), ((1, 3, 3), 1, 1)],
)
def test_mosaic_places_every_tile_as_one_by_one_placement_does(
    shape: tuple[int, ...], columns: int, gap: int
) -> None:
    tiles = RNG.random(shape).astype(np.float32)
    np.testing.assert_array_equal(mosaic(tiles, columns, gap), tiles_reference(tiles, columns, gap))


def test_mosaic_by_hand() -> None:
    tiles = np.arange(12, dtype=np.float32).reshape(3, 2, 2)
    out = mosaic(tiles, 2, gap=1, fill=-1.0)
    expected = [
        [0, 1, -1, 4, 5],
        [2, 3, -1, 6, 7],
        [-1, -1, -1, -1, -1],
        [8, 9, -1, -1, -1],
        [10, 11, -1, -1, -1],
    ]
    np.testing.assert_array_equal(out, expected)


def test_one_arena_respects_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert share_one_malloc_arena() is False
