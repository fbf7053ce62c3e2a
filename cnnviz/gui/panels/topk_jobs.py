"""The Top-9 panel's work, as plain functions run in :class:`AttributionWorker` threads.

``probe``: load the images and look for a kept scan; ``scan_steps``: scan (or resume),
saving every so often and once more when stopped; ``scan_job``: the two as one worker job;
``projection_steps``: the deconvnet projections of one channel's kept units, one at a time,
so they show as they arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # torch-heavy modules load when a job runs, not with the window
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.topk import ScanProgress, TopKState
    from cnnviz.core.topk_cache import CacheKey
    from cnnviz.core.topk_images import ImageSet
    from cnnviz.core.topk_views import TopKViews

SAVE_EVERY_S = 10.0


@dataclass(frozen=True)
class DataChoice:
    """Which images to scan: a data set key (or ``folder:/path``), at most ``limit`` (None: all)."""

    key: str
    limit: int | None
    seed: int = 0


@dataclass(frozen=True)
class Probe:
    """The images of a choice, the cache key of this model and layer, and a kept scan if any."""

    data: DataChoice
    images: ImageSet
    key: CacheKey
    state: TopKState | None
    note: str = ""  # why a kept file was not used


@dataclass(frozen=True)
class ProjectionDone:
    """One kept unit's projection: its whole image (C×H×W) and the crop shown (C×rf×rf)."""

    channel: int
    rank: int
    image: np.ndarray
    crop: np.ndarray


@dataclass(frozen=True)
class ProjectionsSoFar:
    """The projections of one channel computed so far (each progress item holds all of them)."""

    channel: int
    done: tuple[ProjectionDone, ...]
    wanted: int

    @property
    def fraction(self) -> float:
        return len(self.done) / max(self.wanted, 1)


def probe(
    bundle: ModelBundle,
    data: DataChoice,
    layer: str,
    k: int,
    cache_dir: Path,
    images: ImageSet | None,
    cancelled: Callable[[], bool],
) -> Probe:
    """Load the images (unless given) and find the kept scan of this model, data and layer."""
    from cnnviz.core.topk_cache import TopKCacheError
    from cnnviz.core.topk_data import load_scan_images

    if images is None:
        images = load_scan_images(data.key, bundle.spec, data.limit, data.seed, cancelled=cancelled)
    from cnnviz.core.topk_cache import cache_key, find_cache

    key = cache_key(bundle.module, images, layer, k)
    try:
        return Probe(data, images, key, find_cache(cache_dir, key))
    except TopKCacheError as exc:
        again = QCoreApplication.translate("TopKPanel", "{problem} Scanning again.")
        return Probe(data, images, key, None, again.format(problem=exc))


def scan_steps(
    bundle: ModelBundle,
    found: Probe,
    cache_dir: Path,
    resume: TopKState | None,
    cancelled: Callable[[], bool],
    batch_size: int | None = None,
    save_every_s: float = SAVE_EVERY_S,
) -> Iterator[ScanProgress]:
    """:func:`scan_topk` over the probed images, saved every ``save_every_s`` and when it stops."""
    from cnnviz.core.topk import scan_topk
    from cnnviz.core.topk_cache import PeriodicSaver, cache_file

    saver = PeriodicSaver(cache_file(cache_dir, found.key), found.key, save_every_s)
    steps = scan_topk(bundle, found.images, found.key.layer, found.key.k, batch_size, cancelled, resume)
    try:
        for progress in steps:
            saver.offer(progress)
            yield progress
    finally:
        saver.save()


def scan_with_probe(found: Probe, steps: Iterator[ScanProgress]) -> Iterator[object]:
    """The probe first (the panel keeps its images and key), then the scan's progress."""
    yield found
    yield from steps


def scan_job(
    bundle: ModelBundle,
    data: DataChoice,
    layer: str,
    k: int,
    cache_dir: Path,
    images: ImageSet | None,
    resume: TopKState | None,
    scan: bool,
    batch_size: int | None,
) -> Callable[[Callable[[], bool], object], object]:
    """The worker's job: :func:`probe`; with ``scan``, the probe then the progress of :func:`scan_steps`."""

    def compute(should_stop: Callable[[], bool], _report: object) -> object:
        probed = probe(bundle, data, layer, k, cache_dir, images, should_stop)
        return (
            scan_with_probe(probed, scan_steps(bundle, probed, cache_dir, resume, should_stop, batch_size))
            if scan
            else probed
        )

    return compute


def projection_steps(views: TopKViews, channel: int, ranks: list[int]) -> Iterator[ProjectionsSoFar]:
    """The projections of ``channel``'s kept units ``ranks``, one at a time (computed or kept);
    every item holds all done so far, so a progress report the worker skips loses nothing."""
    done: list[ProjectionDone] = []
    for rank in ranks:
        projection = views.projection(channel, rank)
        done.append(ProjectionDone(channel, rank, projection.image, views.projection_crop(channel, rank)))
        yield ProjectionsSoFar(channel, tuple(done), len(ranks))
