"""Feature-map mosaics: layout geometry, normalisation and colours, against hand values."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.grid import (
    GAP_COLOUR,
    VIRIDIS,
    GridLayout,
    as_maps,
    colorize,
    layout_for,
    normalise_maps,
    render_grid,
    tile,
    upscale,
    viridis_lut,
)

# Reference colours of matplotlib's viridis (its published 256-entry table).
VIRIDIS_REFERENCE = {
    0: (68, 1, 84),  # #440154
    64: (59, 82, 139),  # #3b528b
    128: (33, 145, 140),  # #21918c
    191: (94, 201, 98),  # #5ec962
    255: (253, 231, 37),  # #fde725
}


@pytest.mark.parametrize(
    ("args", "rows_cols", "shape"),
    [
        ((6, 28, 28), (2, 3), (2 * 28 + 1, 3 * 28 + 2)),  # LeNet conv1: 57 × 86
        ((16, 5, 5), (4, 4), (4 * 5 + 3, 4 * 5 + 3)),
        ((10, 62, 62), (3, 4), (3 * 62 + 2, 4 * 62 + 3)),
        ((1, 1, 120), (1, 1), (1, 120)),  # a fully connected layer: one strip
        ((4, 10, 40), (4, 1), (4 * 10 + 3, 40)),  # wide tiles stack vertically
        ((4, 40, 10), (1, 4), (40, 4 * 10 + 3)),  # tall tiles line up
    ],
)
def test_layout_for_by_hand(
    args: tuple[int, int, int], rows_cols: tuple[int, int], shape: tuple[int, int]
) -> None:
    layout = layout_for(*args)
    assert (layout.rows, layout.cols) == rows_cols
    assert layout.shape == shape
    assert layout.rows * layout.cols >= layout.count


def test_layout_without_gap() -> None:
    assert layout_for(6, 28, 28, gap=0).shape == (56, 84)


def test_origin_by_hand() -> None:
    layout = GridLayout(count=6, rows=2, cols=3, tile_h=28, tile_w=28, gap=1)
    assert layout.origin(0) == (0, 0)
    assert layout.origin(2) == (0, 58)
    assert layout.origin(4) == (29, 29)
    assert layout.origin(5) == (29, 58)


def test_locate_by_hand() -> None:
    layout = GridLayout(count=5, rows=2, cols=3, tile_h=28, tile_w=28, gap=1)
    assert layout.locate(0, 0) == (0, 0, 0)
    assert layout.locate(27.9, 27.2) == (0, 27, 27)
    assert layout.locate(29, 30) == (4, 0, 1)
    assert layout.locate(10, 60.5) == (2, 10, 2)
    assert layout.locate(28, 5) is None  # horizontal gap
    assert layout.locate(5, 28) is None  # vertical gap
    assert layout.locate(30, 60) is None  # cell 5 is empty: only 5 maps
    assert layout.locate(-1, 3) is None
    assert layout.locate(57, 3) is None  # below the grid
    assert layout.locate(3, 200) is None


def test_origin_and_locate_agree() -> None:
    layout = layout_for(7, 3, 5, gap=2)
    for index in range(7):
        y, x = layout.origin(index)
        assert layout.locate(y + 2, x + 4) == (index, 2, 4)


MAPS = np.array(
    [
        [[0.0, 2.0], [4.0, 8.0]],
        [[1.0, 1.0], [1.0, 1.0]],
        [[-1.0, 1.0], [3.0, 3.0]],
    ]
)


def test_normalise_per_map_by_hand() -> None:
    out = normalise_maps(MAPS, "map")
    np.testing.assert_allclose(out[0], [[0, 0.25], [0.5, 1]])
    np.testing.assert_allclose(out[1], 0.0)  # constant map
    np.testing.assert_allclose(out[2], [[0, 0.5], [1, 1]])
    assert out.dtype == np.float32


def test_normalise_per_layer_by_hand() -> None:
    out = normalise_maps(MAPS, "layer")  # min −1, max 8: (x + 1) / 9
    np.testing.assert_allclose(out[0], np.array([[1, 3], [5, 9]]) / 9, rtol=1e-6)
    np.testing.assert_allclose(out[1], 2 / 9, rtol=1e-6)
    np.testing.assert_allclose(out[2], np.array([[0, 2], [4, 4]]) / 9, rtol=1e-6)


def test_constant_layer_is_all_zero() -> None:
    assert not normalise_maps(np.full((2, 3, 3), 7.0), "map").any()
    assert not normalise_maps(np.full((2, 3, 3), 7.0), "layer").any()


def test_as_maps_shapes() -> None:
    assert as_maps(np.zeros((4, 5, 6))).shape == (4, 5, 6)
    assert as_maps(np.zeros((5, 6))).shape == (1, 5, 6)
    assert as_maps(np.zeros((2, 3, 5, 6))).shape == (6, 5, 6)
    assert as_maps(np.zeros(10)) is None


def test_tile_places_maps_and_leaves_gaps_nan() -> None:
    layout = layout_for(3, 2, 2)  # 2 × 2 cells, one empty
    maps = np.stack([np.full((2, 2), v) for v in (0.1, 0.2, 0.3)])
    mosaic = tile(maps, layout)
    assert mosaic.shape == (5, 5)
    np.testing.assert_allclose(mosaic[0:2, 0:2], 0.1)
    np.testing.assert_allclose(mosaic[0:2, 3:5], 0.2)
    np.testing.assert_allclose(mosaic[3:5, 0:2], 0.3)
    assert np.isnan(mosaic[2]).all() and np.isnan(mosaic[:, 2]).all()
    assert np.isnan(mosaic[3:5, 3:5]).all()  # the empty cell


def test_colorize_by_hand() -> None:
    mosaic = np.array([[0.0, 0.5, 1.0, np.nan]], dtype=np.float32)
    rgb = colorize(mosaic)
    assert rgb.shape == (1, 4, 3) and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, 0], VIRIDIS[0])
    np.testing.assert_array_equal(rgb[0, 1], VIRIDIS[128])  # 0.5 · 255 rounds to 128
    np.testing.assert_array_equal(rgb[0, 2], VIRIDIS[255])
    np.testing.assert_array_equal(rgb[0, 3], GAP_COLOUR)


def test_colorize_with_a_custom_lut() -> None:
    lut = np.array([[0, 0, 0], [100, 100, 100], [200, 200, 200]], dtype=np.uint8)
    rgb = colorize(np.array([[0.0, 0.3, 0.5, 0.8, 1.0]]), lut)
    np.testing.assert_array_equal(rgb[0, :, 0], [0, 100, 100, 200, 200])


@pytest.mark.parametrize(("index", "expected"), sorted(VIRIDIS_REFERENCE.items()))
def test_viridis_matches_the_published_table(index: int, expected: tuple[int, int, int]) -> None:
    assert np.abs(VIRIDIS[index].astype(int) - np.array(expected)).max() <= 5


def test_viridis_gets_steadily_lighter() -> None:
    lut = viridis_lut(256).astype(float)
    assert lut.shape == (256, 3)
    luminance = lut @ np.array([0.299, 0.587, 0.114])
    assert np.all(np.diff(luminance[::8]) > 0)


def test_render_grid_layer_mode_by_hand() -> None:
    activation = np.array([[[0.0, 1.0]], [[2.0, 3.0]]])  # 2 maps of 1 × 2
    rgb, layout = render_grid(activation, "layer")
    assert (layout.rows, layout.cols) == (2, 1)  # wide tiles stack
    assert rgb.shape == (3, 2, 3)
    expected = [VIRIDIS[0], VIRIDIS[85], VIRIDIS[170], VIRIDIS[255]]  # 0, 1/3, 2/3, 1
    np.testing.assert_array_equal([rgb[0, 0], rgb[0, 1], rgb[2, 0], rgb[2, 1]], expected)
    np.testing.assert_array_equal(rgb[1], [GAP_COLOUR, GAP_COLOUR])
    rgb_map, _ = render_grid(activation, "map")
    np.testing.assert_array_equal([rgb_map[0, 0], rgb_map[2, 1]], [VIRIDIS[0], VIRIDIS[255]])
    np.testing.assert_array_equal(rgb_map[2, 0], VIRIDIS[0])


def test_render_grid_vector_is_a_strip() -> None:
    rgb, layout = render_grid(np.arange(120, dtype=np.float32))
    assert rgb.shape == (1, 120, 3) and layout.count == 1
    np.testing.assert_array_equal(rgb[0, 0], VIRIDIS[0])
    np.testing.assert_array_equal(rgb[0, -1], VIRIDIS[255])


def test_upscale_repeats_each_pixel() -> None:
    rgb = np.arange(2 * 2 * 3, dtype=np.uint8).reshape(2, 2, 3)
    big = upscale(rgb, 3)
    assert big.shape == (6, 6, 3)
    np.testing.assert_array_equal(big[0:3, 3:6], np.broadcast_to(rgb[0, 1], (3, 3, 3)))
    np.testing.assert_array_equal(big[5, 5], rgb[1, 1])
    np.testing.assert_array_equal(upscale(rgb, 1), rgb)


def test_display_stride_by_hand() -> None:
    from cnnviz.core.grid import display_stride

    assert display_stride((952, 952), (670, 320)) == 2  # 952 / 320 = 2.98 pixels a screen pixel
    assert display_stride((100, 100), (400, 300)) == 1  # room to spare
    assert display_stride((300, 90), (100, 100)) == 3  # the taller side decides
    assert display_stride((300, 90), (0, 100)) == 1  # not laid out yet


@pytest.mark.parametrize("mode", ["map", "layer"])
@pytest.mark.parametrize("stride", [2, 3])
def test_strided_normalisation_scales_the_samples_on_the_whole_maps_scale(mode: str, stride: int) -> None:
    from cnnviz.core.grid import sampled

    maps = np.random.default_rng(stride).normal(size=(3, 10, 11)).astype(np.float32)
    maps[1] = 2.5  # a constant map
    whole = normalise_maps(maps, mode)  # type: ignore[arg-type]
    strided = normalise_maps(maps, mode, stride)  # type: ignore[arg-type]
    first = stride // 2
    np.testing.assert_array_equal(strided, whole[:, first::stride, first::stride])
    np.testing.assert_array_equal(sampled(maps, stride)[0, 1, 2], maps[0, first + stride, first + 2 * stride])
    assert strided.shape == (3, len(range(first, 10, stride)), len(range(first, 11, stride)))
