"""Filter pictures: hand-computed scaling, norms, ordering and layout."""

from __future__ import annotations

import numpy as np

from cnnviz.core.filters import FilterBank, channel_tiles, colour_tiles, kernel_grid, mosaic


def bank() -> FilterBank:
    weight = np.zeros((3, 2, 2, 2), dtype=np.float32)
    weight[0, 0] = [[1, -1], [0, 0]]  # norm sqrt(2)
    weight[1, 1] = [[3, 0], [0, 4]]  # norm 5
    weight[2, 0] = [[0, 0], [0, 2]]  # norm 2
    return FilterBank(weight, np.array([0.1, 0.2, 0.3], dtype=np.float32))


def test_norms_and_order() -> None:
    b = bank()
    np.testing.assert_allclose(b.norms(), [np.sqrt(2), 5.0, 2.0])
    assert b.order("norm").tolist() == [1, 2, 0]
    assert b.order("index").tolist() == [0, 1, 2]
    assert b.count == 3 and b.in_channels == 2 and not b.is_colour


def test_channel_tiles_keep_zero_at_grey_and_sign() -> None:
    tiles = channel_tiles(bank(), np.array([0, 1]))
    # filter 0: peak |w| = 1 → 1 ↦ 1.0, −1 ↦ 0.0, 0 ↦ 0.5
    np.testing.assert_allclose(tiles[0, 0], [[1.0, 0.0], [0.5, 0.5]])
    # filter 1: peak 4 → 3 ↦ 0.5 + 0.5·3/4 = 0.875, 4 ↦ 1.0
    np.testing.assert_allclose(tiles[1, 1], [[0.875, 0.5], [0.5, 1.0]])
    np.testing.assert_allclose(tiles[1, 0], 0.5)


def test_colour_tiles_put_channels_last() -> None:
    weight = np.zeros((1, 3, 1, 2), dtype=np.float32)
    weight[0, :, 0, 0] = [2.0, 0.0, -2.0]  # a red-minus-blue pixel
    weight[0, :, 0, 1] = [0.0, 1.0, 0.0]
    tiles = colour_tiles(FilterBank(weight, None), np.array([0]))
    assert tiles.shape == (1, 1, 2, 3)
    np.testing.assert_allclose(tiles[0, 0, 0], [1.0, 0.5, 0.0])
    np.testing.assert_allclose(tiles[0, 0, 1], [0.5, 0.75, 0.5])


def test_an_all_zero_filter_is_flat_grey() -> None:
    weight = np.zeros((1, 1, 3, 3), dtype=np.float32)
    np.testing.assert_allclose(channel_tiles(FilterBank(weight, None), np.array([0])), 0.5)


def test_mosaic_and_kernel_grid_geometry() -> None:
    tiles = np.ones((5, 2, 3), dtype=np.float32)
    out = mosaic(tiles, columns=2, gap=1)
    assert out.shape == (3 * 3 - 1, 2 * 4 - 1)
    assert np.isnan(out[2, 0]) and np.isnan(out[0, 3]) and out[0, 0] == 1.0
    assert np.isnan(out[6, 4])  # the 6th slot is empty
    grid = kernel_grid(bank(), np.array([0, 1, 2]))
    assert grid.shape == (3 * 3 - 1, 2 * 3 - 1)  # rows = filters, columns = input channels
