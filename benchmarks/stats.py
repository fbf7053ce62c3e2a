"""Small helpers shared by the benchmarks: percentiles and a ratio table."""

from __future__ import annotations

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


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50, p95 and mean of samples given in seconds, as milliseconds."""
    return {
        "p50": 1000 * percentile(samples, 50),
        "p95": 1000 * percentile(samples, 95),
        "mean": 1000 * statistics.fmean(samples),
    }
