"""Max, average and min pooling with switches (hand-computed, cross-checked against torch)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.pooling import explain_pool, global_pool, pool

X4 = np.array([[3.0, 1.0, 4.0, 1.0], [2.0, 2.0, 2.0, 5.0], [4.0, 8.0, 1.0, 0.0], [0.0, 9.0, 2.0, 6.0]])


def test_max_pool_with_switches() -> None:
    result = pool(X4, 2)
    np.testing.assert_array_equal(result.output, [[3, 5], [9, 6]])
    assert result.switches == [(0, 0), (1, 3), (3, 1), (3, 3)]
    assert explain_pool(result)[1] == "window rows 0–1, cols 2–3: max(4, 1, 2, 5) = 5 at (1, 3)"


def test_avg_and_min_pool() -> None:
    avg = pool(X4, 2, op="avg")
    np.testing.assert_array_equal(avg.output, [[2, 3], [5.25, 2.25]])
    assert avg.switches is None
    low = pool(X4, 2, op="min")
    np.testing.assert_array_equal(low.output, [[1, 1], [0, 0]])
    assert low.switches == [(0, 1), (0, 3), (3, 0), (2, 3)]


def test_stride_one_overlapping_windows() -> None:
    result = pool(X4, 3, stride=1)
    np.testing.assert_array_equal(result.output, [[8, 8], [9, 9]])
    assert result.switches == [(2, 1), (2, 1), (3, 1), (3, 1)]


def test_ties_go_to_the_first_position() -> None:
    assert pool(np.ones((2, 2)), 2).switches == [(0, 0)]


def test_padding_never_wins_for_max_but_counts_for_avg() -> None:
    x = np.array([[-1.0, -2.0], [-3.0, -4.0]])
    result = pool(x, 2, padding=1)
    np.testing.assert_array_equal(result.output, [[-1, -2], [-3, -4]])
    assert result.switches == [(0, 0), (0, 1), (1, 0), (1, 1)]
    np.testing.assert_array_equal(pool(x, 2, op="avg", padding=1).output, [[-0.25, -0.5], [-0.75, -1]])


def test_pool_1d_signal() -> None:
    signal = np.array([1.0, 5.0, 2.0, 7.0, 3.0])
    result = pool(signal, 2, stride=1)
    np.testing.assert_array_equal(result.output, [5, 5, 7, 7])
    assert result.switches == [(0, 1), (0, 1), (0, 3), (0, 3)]
    assert explain_pool(result)[2] == "window cols 2–3: max(2, 7) = 7 at (3)"
    np.testing.assert_array_equal(pool(signal, 2).output, [5, 7])


def test_global_pool() -> None:
    top = global_pool(X4, "max")
    assert top.output.tolist() == [[9.0]] and top.switches == [(3, 1)]
    assert global_pool(X4, "avg").output[0, 0] == 3.125
    assert global_pool(X4, "min").switches == [(2, 3)]
    assert global_pool(np.array([1.0, 5.0, 2.0]), "min").output.tolist() == [1.0]


def test_pool_errors() -> None:
    with pytest.raises(ValueError, match="half the window"):
        pool(X4, 2, padding=2)
    with pytest.raises(ValueError, match="unknown pooling"):
        pool(X4, 2, op="median")
    with pytest.raises(ValueError, match="covers 5 positions"):
        pool(X4, 5)


@pytest.mark.parametrize("op", ["max", "avg", "min"])
def test_pool_matches_torch(op: str) -> None:
    rng = np.random.default_rng(5)
    for _ in range(15):
        x = rng.integers(-9, 10, size=tuple(rng.integers(4, 9, size=2))).astype(np.float64)
        size, stride = int(rng.integers(2, 4)), int(rng.integers(1, 4))
        padding = int(rng.integers(0, size // 2 + 1))
        t = torch.from_numpy(x)[None, None]
        if op == "avg":
            ref = F.avg_pool2d(t, size, stride, padding)
        else:
            sign = 1.0 if op == "max" else -1.0
            ref = sign * F.max_pool2d(sign * t, size, stride, padding)
        np.testing.assert_allclose(
            pool(x, size, stride, op, padding).output, ref[0, 0].numpy(), rtol=0, atol=1e-12
        )


def test_switches_match_torch_indices() -> None:
    rng = np.random.default_rng(11)
    x = rng.permutation(49).reshape(7, 7).astype(np.float64)  # no ties
    result = pool(x, 3, 2, "max", 1)
    _, index = F.max_pool2d(torch.from_numpy(x)[None, None], 3, 2, 1, return_indices=True)
    assert [r * 7 + c for r, c in result.switches or []] == index.flatten().tolist()
