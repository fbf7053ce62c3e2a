"""Generating data sets in chunks: progress metering, cancellation and worker processes.

:func:`generate_chunked` makes images a chunk at a time (in worker processes
for large sets, with the same result) while a :class:`Meter` reports progress
and polls for cancellation (then :class:`DatasetCancelled`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np

Progress = Callable[[str, float], None]
Cancelled = Callable[[], bool]
PARALLEL_FROM = 4000  # from this many samples on, digits are drawn in worker processes


class DatasetCancelled(RuntimeError):
    """Loading was cancelled by the user."""


@dataclass
class Meter:
    """Progress over a known number of steps, with a cancel check."""

    message: str
    total: int
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    done: int = 0
    _shown: int = field(default=-1, init=False, repr=False)

    def check(self) -> None:
        """Raise :class:`DatasetCancelled` when the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise DatasetCancelled("Cancelled.")

    def advance(self, steps: int) -> None:
        """Count `steps` more and report (at most once per 0.5 %)."""
        self.done += steps
        fraction = min(1.0, self.done / max(1, self.total))
        if self.progress is not None and int(fraction * 200) != self._shown:
            self._shown = int(fraction * 200)
            self.progress(self.message, fraction)


ChunkWork = Callable[[np.ndarray, int, int], np.ndarray]


def _in_processes(work: ChunkWork, pieces: list[np.ndarray], seed: int, meter: Meter) -> list[np.ndarray]:
    """Run chunks in worker processes, collecting in order; cancel is checked every 0.2 s."""
    workers = min(os.cpu_count() or 1, len(pieces))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = [pool.submit(work, piece, seed, i) for i, piece in enumerate(pieces)]
        parts = []
        for future, piece in zip(futures, pieces, strict=True):
            meter.check()
            while not future.done():
                wait([future], timeout=0.2)
                meter.check()
            parts.append(future.result())
            meter.advance(len(piece))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return parts


def generate_chunked(
    work: ChunkWork,
    labels: np.ndarray,
    seed: int,
    chunk: int,
    shape: Sequence[int],
    meter: Meter,
    parallel_from: int = PARALLEL_FROM,
) -> np.ndarray:
    """Images for `labels`, made `chunk` at a time by `work(labels, seed, chunk_index)`.

    From `parallel_from` labels on, chunks run in worker processes (same result).
    """
    pieces = [labels[i : i + chunk] for i in range(0, len(labels), chunk)]
    if len(labels) >= parallel_from and len(pieces) > 1 and (os.cpu_count() or 1) > 1:
        parts = _in_processes(work, pieces, seed, meter)
    else:
        parts = []
        for index, piece in enumerate(pieces):
            meter.check()
            parts.append(work(piece, seed, index))
            meter.advance(len(piece))
    images = np.concatenate(parts) if parts else np.zeros((0, *shape), dtype=np.float32)
    return images.astype(np.float32, copy=False)
