"""The running top-k of a scan: C×k values, image indices and flat positions, merged batch by batch.

See :mod:`cnnviz.core.topk` for the rules: per channel the k largest map maxima, equal
values to the lower image index, positions the first maximum in reading order.

Only a batch's *candidates* take part in the merge: the maps whose maximum beats their
channel's k-th kept value (an equal value loses, its image index being higher; NaN beats
nothing). After the first batches they are few, so the merge sorts C·k + a few entries
instead of C·(k + B), and a position is searched for only in the maps that enter the top-k. The bookkeeping
is numpy on these small arrays; torch's per-call overhead would add up to a noticeable
share of a shallow layer's batch.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import torch

Best = tuple[np.ndarray, np.ndarray, np.ndarray]
NUMPY_FLOATS = (torch.float32, torch.float64, torch.float16)  # bfloat16 has no numpy view


def map_values(output: torch.Tensor) -> np.ndarray:
    """Per image and channel the largest value of the map (the value itself for a vector), B×C
    float32 (NaN where a map holds one: it is never a candidate)."""
    values = output.flatten(2).amax(dim=2) if output.ndim == 4 else output
    return values.float().cpu().numpy()


def candidates(best: Best, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(images within the batch, channels) of the maps whose maximum beats the channel's k-th
    kept value, in image order; empty when the batch changes nothing.

    When that leaves more than C·k (the first batches), only the maps at or above the
    channel's k-th largest value *in the batch* stay (ties included: the sort decides).
    """
    kept = best[0]
    above = values > kept[:, -1]
    k = kept.shape[1]
    if len(values) > k and np.count_nonzero(above) > kept.size:
        ranked = np.where(np.isnan(values), -np.inf, values) if np.isnan(values).any() else values
        above &= values >= np.partition(ranked, len(values) - k, axis=0)[len(values) - k]
    images, channels = np.nonzero(above)
    return images, channels


def positions(output: torch.Tensor, images: np.ndarray, channels: np.ndarray) -> np.ndarray:
    """Flat index of the first maximum, in reading order, of each map (image, channel) of the
    batch's ``output`` (B×C×H×W); 0 for a B×C vector. On the CPU through a numpy view of the
    output (a few numpy calls instead of a dozen torch ones)."""
    if output.ndim != 4:
        return np.zeros(len(images), dtype=np.int64)
    if output.device.type == "cpu" and output.dtype in NUMPY_FLOATS:
        maps = output.numpy()[images, channels]
        return maps.reshape(len(maps), -1).argmax(axis=1)
    device = output.device
    picked = output[torch.from_numpy(images).to(device), torch.from_numpy(channels).to(device)]
    return picked.flatten(1).argmax(dim=1).cpu().numpy()


@cache
def slot_channels(channels: int, k: int) -> np.ndarray:
    """The channel of each of the C·k kept slots, row by row (read-only, shared)."""
    owners = np.repeat(np.arange(channels), k)
    owners.setflags(write=False)
    return owners


def merge_topk(best: Best, values: np.ndarray, output: torch.Tensor, first: int) -> Best | None:
    """The running (values, images, positions), C×k, merged with a batch's B×C maxima of
    images ``first``, …; None when no candidate beats a kept value (nothing changes).

    One sort by channel, then value (descending), then image index of the kept entries
    and the candidates; per channel the first k are kept.
    """
    kept_values, kept_images, kept_where = best
    batch_images, channels = candidates(best, values)
    if len(channels) == 0:
        return None
    count, k = kept_values.shape
    all_channels = np.concatenate([slot_channels(count, k), channels])
    all_values = np.concatenate([kept_values.ravel(), values[batch_images, channels]])
    all_images = np.concatenate([kept_images.ravel(), batch_images + first])
    all_where = np.concatenate([kept_where.ravel(), np.full(len(channels), -1, dtype=np.int64)])
    order = np.lexsort((all_images, -all_values, all_channels))
    sizes = k + np.bincount(channels, minlength=count)
    take = order[(np.cumsum(sizes) - sizes)[:, None] + np.arange(k)]
    new_values, new_images, new_where = all_values[take], all_images[take], all_where[take]
    entered = np.nonzero(new_where < 0)  # searched only in the maps that made it into the top-k
    new_where[entered] = positions(output, new_images[entered] - first, entered[0])
    return new_values, new_images, new_where


def empty_best(channels: int, k: int) -> Best:
    """Running top-k with every slot unfilled (value −∞, image −1)."""
    return (
        np.full((channels, k), -np.inf, dtype=np.float32),
        np.full((channels, k), -1, dtype=np.int64),
        np.zeros((channels, k), dtype=np.int64),
    )


def best_of(values: np.ndarray, images: np.ndarray, rows: np.ndarray, cols: np.ndarray, width: int) -> Best:
    """Saved C×k arrays (values, images, rows, columns of maps ``width`` wide) as a running top-k."""
    where = rows.astype(np.int64) * width + cols.astype(np.int64)
    return values.astype(np.float32), images.astype(np.int64), where


def arrays_of(best: Best, width: int) -> tuple[np.ndarray, ...]:
    """The running top-k as fresh arrays: values, images, rows and columns (C×k each)."""
    values, images, where = best
    rows, cols = (where // width).astype(np.int32), (where % width).astype(np.int32)
    return values.astype(np.float32, copy=True), images.astype(np.int64, copy=True), rows, cols
