"""The running top-k of a scan: C×k values, image indices and flat positions, merged batch by batch.

See :mod:`cnnviz.core.topk` for the rules: per channel the k largest map maxima, equal
values to the lower image index, positions the first maximum in reading order.
"""

from __future__ import annotations

import numpy as np
import torch

Best = tuple[torch.Tensor, torch.Tensor, torch.Tensor]


def merge_topk(best: Best, values: torch.Tensor, first: int) -> Best:
    """Running (values, images, positions), C×k, merged with a batch's B×C maxima of images first, ….

    One stable descending sort of the k + B candidates per channel: the kept ones come
    first and hold lower image indices, so equal values keep the lower index. Entries
    new from this batch get position −1 (see :func:`locate`); empty slots image −1.
    """
    kept_values, kept_images, kept_where = best
    channels, k = kept_values.shape
    images = torch.arange(first, first + values.shape[0], dtype=torch.int64).expand(channels, -1)
    all_values = torch.cat([kept_values, values.T], dim=1)
    order = torch.sort(all_values, dim=1, descending=True, stable=True).indices[:, :k]
    new_values = all_values.gather(1, order)
    new_images = torch.cat([kept_images, images], dim=1).gather(1, order)
    new_where = torch.cat([kept_where, torch.full(values.T.shape, -1)], dim=1).gather(1, order)
    new_images[new_values == float("-inf")] = -1
    return new_values, new_images, new_where


def locate(best: Best, positions: torch.Tensor, first: int) -> Best:
    """Fill in the positions of the entries new from this batch from the batch's B×C flat
    positions of each map's maximum (see :func:`cnnviz.core.topk.map_maxima`); 0 for empty slots."""
    values, images, where = best
    channels, ranks = ((where < 0) & (images >= 0)).nonzero(as_tuple=True)
    where[channels, ranks] = positions[images[channels, ranks] - first, channels]
    where[where < 0] = 0
    return values, images, where


def empty_best(channels: int, k: int) -> Best:
    """Running top-k with every slot unfilled."""
    return (
        torch.full((channels, k), float("-inf")),
        torch.full((channels, k), -1, dtype=torch.int64),
        torch.zeros((channels, k), dtype=torch.int64),
    )


def best_of(values: np.ndarray, images: np.ndarray, rows: np.ndarray, cols: np.ndarray, width: int) -> Best:
    """Saved C×k arrays (values, images, rows, columns of maps ``width`` wide) as running top-k tensors."""
    where = rows.astype(np.int64) * width + cols.astype(np.int64)
    return (
        torch.from_numpy(values.astype(np.float32)),
        torch.from_numpy(images.astype(np.int64)),
        torch.from_numpy(where),
    )


def arrays_of(best: Best, width: int) -> tuple[np.ndarray, ...]:
    """Running top-k tensors as copies: values, images, rows and columns (C×k each)."""
    values, images, where = (t.numpy() for t in best)
    rows, cols = (where // width).astype(np.int32), (where % width).astype(np.int32)
    return values.astype(np.float32, copy=True), images.astype(np.int64, copy=True), rows, cols
