"""The benchmarks' statistics: the interval for a median, against binomial coverage worked by hand."""

from __future__ import annotations

import math

import pytest

from benchmarks.stats import median_interval


def coverage(n: int, rank: int) -> float:
    """P(rank ≤ B ≤ n − rank) for B ~ binomial(n, ½): how often the ranks enclose the median."""
    return sum(math.comb(n, b) for b in range(rank, n - rank + 1)) / 2**n


@pytest.mark.parametrize(("n", "rank"), [(6, 1), (15, 4), (20, 6), (60, 22)])
def test_the_interval_uses_the_tightest_ranks_that_cover_95_percent(n: int, rank: int) -> None:
    low, high = median_interval([float(v) for v in range(1, n + 1)][::-1])  # any order
    assert (low, high) == (rank, n + 1 - rank)
    assert coverage(n, rank) >= 0.95 > coverage(n, rank + 1)


def test_too_few_samples_give_the_whole_range_and_none_give_nan() -> None:
    assert median_interval([3.0, 1.0, 2.0]) == (1.0, 3.0)
    assert all(math.isnan(v) for v in median_interval([]))
    assert median_interval([0.9] * 15, confidence=0.5) == (0.9, 0.9)
