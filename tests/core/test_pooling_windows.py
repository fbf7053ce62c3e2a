"""Ceil mode, adaptive windows, one-window explanations and window look-up (hand-computed, vs torch)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.pooling import (
    adaptive_pool,
    adaptive_spans,
    decided_switches,
    explain_window,
    global_pool,
    input_window,
    padding_note,
    pool,
    pooled_size,
    window_grid,
    windows_containing,
)

X4 = np.array([[3.0, 1.0, 4.0, 1.0], [2.0, 2.0, 2.0, 5.0], [4.0, 8.0, 1.0, 0.0], [0.0, 9.0, 2.0, 6.0]])


def test_ceil_mode_keeps_the_partial_last_window() -> None:
    # 3×3 windows, stride 2 on 4×4: ⌊(4−3)/2⌋+1 = 1 without ceil mode, ⌈(4−3)/2⌉+1 = 2 with it.
    assert pooled_size(4, 3, 0, 2) == 1 and pooled_size(4, 3, 0, 2, ceil_mode=True) == 2
    result = pool(X4, 3, 2, ceil_mode=True)
    assert result.windows == [((0, 2), (0, 2)), ((0, 2), (2, 3)), ((2, 3), (0, 2)), ((2, 3), (2, 3))]
    np.testing.assert_array_equal(result.output, [[8, 5], [9, 6]])
    assert result.switches == [(2, 1), (1, 3), (3, 1), (3, 3)]
    # Only the part inside counts: 27/9, (4+1+2+5+1+0)/6, (4+8+1+0+9+2)/6, (1+0+2+6)/4.
    np.testing.assert_array_equal(pool(X4, 3, 2, "avg", ceil_mode=True).output, [[3, 13 / 6], [4, 2.25]])


def test_ceil_mode_drops_a_window_that_starts_in_the_padding() -> None:
    # n=5, k=2, s=2, p=1: ⌈(5+2−2)/2⌉+1 = 4, but the 4th window would start at (4−1)·2 = 6 ≥ n+p = 6.
    assert pooled_size(5, 2, 1, 2, ceil_mode=True) == 3
    assert pooled_size(6, 3, 1, 2, ceil_mode=True) == 4  # ⌈(6+2−3)/2⌉+1 = 4 and 3·2 = 6 < 7


@pytest.mark.parametrize("op", ["max", "avg", "min"])
def test_ceil_mode_and_padding_match_torch(op: str) -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        x = rng.integers(-9, 10, size=tuple(rng.integers(4, 10, size=2))).astype(np.float64)
        size, stride = int(rng.integers(2, 4)), int(rng.integers(1, 4))
        padding = (int(rng.integers(0, size // 2 + 1)), int(rng.integers(0, size // 2 + 1)))
        t = torch.from_numpy(x)[None, None]
        if op == "avg":
            ref = F.avg_pool2d(t, size, stride, padding, ceil_mode=True)
        else:
            sign = 1.0 if op == "max" else -1.0
            ref = sign * F.max_pool2d(sign * t, size, stride, padding, ceil_mode=True)
        got = pool(x, size, stride, op, padding, ceil_mode=True).output
        np.testing.assert_allclose(got, ref[0, 0].numpy(), rtol=0, atol=1e-12)


def test_adaptive_windows_by_hand() -> None:
    # 4 rows into 3: ⌊0·4/3⌋..⌈4/3⌉−1 = 0..1, ⌊4/3⌋..⌈8/3⌉−1 = 1..2, ⌊8/3⌋..⌈12/3⌉−1 = 2..3.
    assert adaptive_spans(4, 3) == [(0, 1), (1, 2), (2, 3)]
    result = adaptive_pool(X4, 3, "max")
    np.testing.assert_array_equal(result.output, [[3, 4, 5], [8, 8, 5], [9, 9, 6]])
    assert result.switches is not None and result.switches[4] == (2, 1)  # rows 1–2, cols 1–2: 2 2 / 8 1
    np.testing.assert_array_equal(adaptive_pool(X4, 2, "avg").output, pool(X4, 2, op="avg").output)
    assert adaptive_pool(X4, 1, "min").output.tolist() == global_pool(X4, "min").output.tolist()


@pytest.mark.parametrize("out", [(1, 1), (3, 3), (2, 5), (7, 4), (3, 1)])
def test_adaptive_matches_torch(out: tuple[int, int]) -> None:
    x = np.random.default_rng(8).normal(size=(7, 9))
    t = torch.from_numpy(x)[None, None]
    np.testing.assert_allclose(
        adaptive_pool(x, out, "avg").output, F.adaptive_avg_pool2d(t, out)[0, 0], atol=1e-12
    )
    maxed = adaptive_pool(x, out, "max")
    ref, index = F.adaptive_max_pool2d(t, out, return_indices=True)
    np.testing.assert_array_equal(maxed.output, ref[0, 0].numpy())
    assert [r * 9 + c for r, c in maxed.switches or []] == index.flatten().tolist()


def test_explain_one_window() -> None:
    result = pool(X4, 2)
    assert explain_window(result, 1) == "max(4, 1, 2, 5) = 5 at (1, 3)"
    assert explain_window(pool(X4, 2, op="avg"), 2) == "avg(4, 8, 0, 9) = 5.25"
    padded = pool(np.array([[-1.0, -2.0], [-3.0, -4.0]]), 2, padding=1)
    assert explain_window(padded, 0) == "max(-inf, -inf, -inf, -1) = -1 at (0, 0)"


def test_explain_a_large_window_in_words() -> None:
    x = np.arange(25, dtype=np.float64).reshape(5, 5)  # 0..24: sum 300, mean 12
    assert (
        explain_window(global_pool(x, "max"), 0)
        == "max of the 25 values in rows 0–4, cols 0–4 = 24 at (4, 4)"
    )
    assert (
        explain_window(global_pool(x, "avg"), 0)
        == "avg of the 25 values in rows 0–4, cols 0–4 = 300 / 25 = 12"
    )
    assert explain_window(global_pool(x, "avg"), 0, max_values=25).startswith("avg(0, 1, 2, ")


def test_windows_containing_an_input_position() -> None:
    overlapping = pool(X4, 3, stride=1)  # four 3×3 windows at (0,0), (0,1), (1,0), (1,1)
    assert windows_containing(overlapping, 1, 1) == [0, 1, 2, 3]
    assert windows_containing(overlapping, 0, 0) == [0]
    assert windows_containing(overlapping, 3, 3) == [3]
    padded = pool(X4, 2, padding=1)  # windows start at padded 0, 2, 4: input rows −1..0, 1..2, 3..4
    assert windows_containing(padded, 0, 0) == [0]
    assert windows_containing(padded, 1, 2) == [4]  # padded (2, 3): window row 1, col 1 of 3×3
    assert windows_containing(pool(X4, 2), 3, 0) == [2]


def test_window_grid_with_padding_and_switch() -> None:
    result = pool(X4, 3, 2, "max", 1)  # padded windows start at 0 and 2: input rows −1..1 and 1..3
    assert input_window(result, 0) == (-1, 1, -1, 1) and input_window(result, 3) == (1, 3, 1, 3)
    values, inside, switch = window_grid(result, 0)
    np.testing.assert_array_equal(values, [[-np.inf] * 3, [-np.inf, 3, 1], [-np.inf, 2, 2]])
    np.testing.assert_array_equal(inside, [[False] * 3, [False, True, True], [False, True, True]])
    assert switch == (1, 1) and result.switches is not None and result.switches[0] == (0, 0)
    assert padding_note(result, 0) == "rows and columns outside 0–3, 0–3 are padding (−inf: never the max)"
    assert padding_note(result, 3) == ""  # rows 1–3, cols 1–3: all inside
    assert window_grid(pool(X4, 2, op="avg"), 3)[2] is None
    assert padding_note(pool(X4, 2, op="avg", padding=1), 0).endswith("(0, counted in the average)")


def test_decided_switches_leave_out_windows_of_equal_values() -> None:
    x = np.array([[0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]])  # left window all zeros: a tie
    result = pool(x, 2)
    assert result.switches == [(0, 0), (0, 2)]
    assert decided_switches(result) == [(0, 2)]
    assert decided_switches(pool(x, 2, op="avg")) == []
