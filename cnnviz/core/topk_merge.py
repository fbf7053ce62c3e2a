"""The running top-k of a scan: C×k values, image indices and flat positions, merged batch by batch.

See :mod:`cnnviz.core.topk` for the rules: per channel the k largest map maxima, equal
values to the lower image index, positions the first maximum in reading order,
searched for only in the maps whose maximum enters the top-k. The bookkeeping is
numpy on small C×(k + B) arrays: a few microseconds an operation, where torch's
per-call overhead would add up to a noticeable share of a shallow layer's batch.
"""

from __future__ import annotations

import numpy as np
import torch

Best = tuple[np.ndarray, np.ndarray, np.ndarray]


def map_values(output: torch.Tensor) -> np.ndarray:
    """Per image and channel the largest value of the map (the value itself for a vector), B×C
    float32; NaN (a map holding one) becomes −∞. Positions are found later, only for the
    values that enter the top-k (:func:`locate`)."""
    values = output.flatten(2).amax(dim=2) if output.ndim == 4 else output
    array = values.float().cpu().numpy()
    return np.nan_to_num(array, nan=-np.inf, posinf=np.inf, neginf=-np.inf)


def changes(best: Best, values: np.ndarray) -> bool:
    """True when some value of the batch beats a channel's k-th kept one (equal ones lose:
    they come from higher image indices), so the top-k changes."""
    return bool((values > best[0][:, -1]).any())


def merge_topk(best: Best, values: np.ndarray, first: int) -> Best:
    """Running (values, images, positions), C×k, merged with a batch's B×C maxima of images first, ….

    One stable descending sort of the k + B candidates per channel: the kept ones come
    first and hold lower image indices, so equal values keep the lower index. Entries
    new from this batch get position −1 (see :func:`locate`); empty slots image −1.
    """
    kept_values, kept_images, kept_where = best
    channels, k = kept_values.shape
    batch = values.shape[0]
    all_values = np.concatenate([kept_values, values.T], axis=1)
    order = np.argsort(-all_values, axis=1, kind="stable")[:, :k]
    images = np.broadcast_to(np.arange(first, first + batch, dtype=np.int64), (channels, batch))
    unknown = np.full((channels, batch), -1, dtype=np.int64)
    new_values = np.take_along_axis(all_values, order, axis=1)
    new_images = np.take_along_axis(np.concatenate([kept_images, images], axis=1), order, axis=1)
    new_where = np.take_along_axis(np.concatenate([kept_where, unknown], axis=1), order, axis=1)
    new_images[new_values == -np.inf] = -1
    return new_values, new_images, new_where


def locate(best: Best, output: torch.Tensor, first: int) -> Best:
    """Fill in the positions of the entries new from this batch: the flat index of the first
    maximum, in reading order, of each such map of the batch's ``output`` (B×C×H×W; 0 for a
    B×C vector). Only the maps that entered the top-k are searched; empty slots get 0."""
    values, images, where = best
    channels, ranks = np.nonzero((where < 0) & (images >= 0))
    if len(channels) and output.ndim == 4:
        picked = torch.from_numpy(images[channels, ranks] - first).to(output.device)
        maps = output[picked, torch.from_numpy(channels).to(output.device)].flatten(1)
        where[channels, ranks] = maps.argmax(dim=1).cpu().numpy()
    where[where < 0] = 0
    return values, images, where


def empty_best(channels: int, k: int) -> Best:
    """Running top-k with every slot unfilled."""
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
    """The running top-k as copies: values, images, rows and columns (C×k each)."""
    values, images, where = best
    rows, cols = (where // width).astype(np.int32), (where % width).astype(np.int32)
    return values.astype(np.float32, copy=True), images.astype(np.int64, copy=True), rows, cols
