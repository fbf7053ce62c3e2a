"""Small helpers shared by the benchmarks: percentiles, an interval for a median, a ratio table."""

from __future__ import annotations

import math
import statistics


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median_interval(samples: list[float], confidence: float = 0.95) -> tuple[float, float]:
    """A distribution-free interval for the median: the k-th smallest and k-th largest samples,
    with k the largest rank whose binomial(n, ½) coverage is at least ``confidence``; the whole
    range when even that falls short (n ≤ 5 at 95%)."""
    ordered = sorted(samples)
    n = len(ordered)
    if n == 0:
        return float("nan"), float("nan")
    below = 0.0  # P(B ≤ k − 2) for B ~ binomial(n, ½), built up term by term
    rank = 1
    for k in range(2, n // 2 + 1):
        below += math.comb(n, k - 2) / 2**n
        if 1 - 2 * (below + math.comb(n, k - 1) / 2**n) < confidence:
            break
        rank = k
    return ordered[rank - 1], ordered[n - rank]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50, p95 and mean of samples given in seconds, as milliseconds."""
    return {
        "p50": 1000 * percentile(samples, 50),
        "p95": 1000 * percentile(samples, 95),
        "mean": 1000 * statistics.fmean(samples),
    }
