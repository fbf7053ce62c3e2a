"""Patch states and window arithmetic for incremental occlusion inference.

A *patch state* is what an occluded batch changes in one layer's map: for each of
B occluding positions, a block of recomputed values (all blocks the same size)
at its own place in the map, plus the true changed region (which may be smaller
than the block: blocks are enlarged to a common size and shifted to stay
inside the map). Everything outside a block equals the cached map of the
unoccluded image. Regions are half-open ``(top, left, bottom, right)`` rows of an
int64 array, one row per position.

A window layer (kernel k_eff = d·(k−1)+1, stride s, padding p) whose input
changed in rows [a, b) changes the output rows o whose window
[o·s − p, o·s − p + k_eff) meets [a, b):

    first = ⌊(a + p − k_eff) / s⌋ + 1,   end = ⌊(b − 1 + p) / s⌋ + 1,

clipped to the map (Nakandala et al., "Incremental and Approximate Inference for
Faster Occlusion-based Deep CNN Explanations", SIGMOD 2019).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

Pair = tuple[int, int]


@dataclass
class Patch:
    """Recomputed blocks (B×C×h×w) at ``top``/``left`` (B, int64) and the true changed ``regions`` (B×4)."""

    values: torch.Tensor
    top: torch.Tensor
    left: torch.Tensor
    regions: np.ndarray


@dataclass(frozen=True)
class WindowOp:
    """A sliding-window layer run without padding on a pre-padded slice."""

    kernel: Pair
    stride: Pair
    padding: Pair
    pad_value: float
    apply: Callable[[torch.Tensor], torch.Tensor]


def pair(value: object) -> Pair:
    """An int or a 1- or 2-tuple as (rows, columns)."""
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[-1])
    return int(value), int(value)  # type: ignore[call-overload]


def window_op(
    module: nn.Module,
    in_hw: Pair,
    out_hw: Pair,
    weights: tuple[torch.Tensor, torch.Tensor | None] | None = None,
) -> WindowOp | None:
    """The window description of a Conv2d / pooling module, or None if it cannot run on slices.

    ``weights`` replace a convolution's own (weight, bias), e.g. with a BatchNorm folded in.
    """
    if isinstance(module, nn.Conv2d):
        weight, bias = weights if weights is not None else (module.weight, module.bias)
        return conv_op(module, weight, bias)
    if isinstance(module, nn.MaxPool2d) and not module.return_indices:
        kernel, stride, dilation = pair(module.kernel_size), pair(module.stride), pair(module.dilation)
        k_eff = (dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1)

        def max_pool(t: torch.Tensor) -> torch.Tensor:
            return F.max_pool2d(t, kernel, stride, 0, dilation)

        return WindowOp(k_eff, stride, pair(module.padding), -math.inf, max_pool)
    if isinstance(module, nn.AvgPool2d):
        padding = pair(module.padding)
        if module.ceil_mode or (padding != (0, 0) and not module.count_include_pad):
            return None
        kernel, stride = pair(module.kernel_size), pair(module.stride)
        divisor = module.divisor_override

        def avg_pool(t: torch.Tensor) -> torch.Tensor:
            return F.avg_pool2d(t, kernel, stride, 0, divisor_override=divisor)

        return WindowOp(kernel, stride, padding, 0.0, avg_pool)
    if isinstance(module, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        return adaptive_op(module, in_hw, out_hw)
    return None


def conv_op(conv: nn.Conv2d, weight: torch.Tensor, bias: torch.Tensor | None) -> WindowOp | None:
    """A zero-padded 2-D convolution as a window op ('same' and 'valid' padding included)."""
    if conv.padding_mode != "zeros":
        return None
    kernel, stride, dilation = pair(conv.kernel_size), pair(conv.stride), pair(conv.dilation)
    k_eff = (dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1)
    if conv.padding == "valid":
        padding: Pair = (0, 0)
    elif conv.padding == "same":
        padding = ((k_eff[0] - 1) // 2, (k_eff[1] - 1) // 2)
    else:
        padding = pair(conv.padding)

    def convolve(t: torch.Tensor) -> torch.Tensor:
        return F.conv2d(t, weight, bias, stride, 0, dilation, conv.groups)

    return WindowOp(k_eff, stride, padding, 0.0, convolve)


def adaptive_op(module: nn.Module, in_hw: Pair, out_hw: Pair) -> WindowOp | None:
    """Adaptive pooling whose output size divides its input size: a plain pooling window."""
    if in_hw[0] % out_hw[0] or in_hw[1] % out_hw[1]:
        return None
    kernel = (in_hw[0] // out_hw[0], in_hw[1] // out_hw[1])
    if isinstance(module, nn.AdaptiveMaxPool2d):
        if module.return_indices:
            return None
        return WindowOp(kernel, kernel, (0, 0), -math.inf, lambda t: F.max_pool2d(t, kernel, kernel))
    return WindowOp(kernel, kernel, (0, 0), 0.0, lambda t: F.avg_pool2d(t, kernel, kernel))


def window_regions(regions: np.ndarray, op: WindowOp, out_hw: Pair) -> np.ndarray:
    """The output regions a window layer changes, given the changed input regions (at least one unit)."""
    out = np.empty_like(regions)
    for axis in range(2):
        k, s, p, size = op.kernel[axis], op.stride[axis], op.padding[axis], out_hw[axis]
        first = np.floor_divide(regions[:, axis] + p - k, s) + 1
        end = np.floor_divide(regions[:, axis + 2] - 1 + p, s) + 1
        first = np.clip(first, 0, size - 1)
        out[:, axis], out[:, axis + 2] = first, np.clip(end, first + 1, size)
    return out


def capped_regions(regions: np.ndarray, fraction: float, hw: Pair) -> np.ndarray:
    """Regions shrunk about their centres to at most ``fraction`` of the map (the approximate mode)."""
    out = regions.copy()
    for axis in range(2):
        cap = max(1, math.ceil(fraction * hw[axis]))
        size = out[:, axis + 2] - out[:, axis]
        excess = np.maximum(size - cap, 0)
        out[:, axis] += excess // 2
        out[:, axis + 2] = out[:, axis] + np.minimum(size, cap)
    return out


def block_places(extents: np.ndarray, hw: Pair) -> tuple[Pair, torch.Tensor, torch.Tensor]:
    """One block size covering every extent, and each block's top/left shifted to stay in the map."""
    height = int((extents[:, 2] - extents[:, 0]).max())
    width = int((extents[:, 3] - extents[:, 1]).max())
    top = np.clip(np.minimum(extents[:, 0], hw[0] - height), 0, None)
    left = np.clip(np.minimum(extents[:, 1], hw[1] - width), 0, None)
    return (height, width), torch.from_numpy(top), torch.from_numpy(left)


class SourceTable:
    """A cached 1×C×H×W map (maybe padded) as an (H·W)×C table with room for the patch blocks after it.

    :func:`gather` picks table rows by index; keeping one buffer per map saves
    copying the cached map for every batch.
    """

    def __init__(self, value: torch.Tensor) -> None:
        self.hw: Pair = (int(value.shape[-2]), int(value.shape[-1]))
        self.rows = self.hw[0] * self.hw[1]
        self.buffer = value[0].permute(1, 2, 0).reshape(self.rows, value.shape[1]).clone()

    def with_blocks(self, patch: Patch) -> torch.Tensor:
        """The table followed by the blocks' pixels (position-major, then row, column)."""
        blocks = patch.values.permute(0, 2, 3, 1).reshape(-1, patch.values.shape[1])
        needed = self.rows + blocks.shape[0]
        if needed > self.buffer.shape[0]:
            grown = self.buffer.new_empty((needed, self.buffer.shape[1]))
            grown[: self.rows] = self.buffer[: self.rows]
            self.buffer = grown
        self.buffer[self.rows : needed] = blocks
        return self.buffer[:needed]


def padded_table(value: torch.Tensor, op: WindowOp, out_hw: Pair) -> SourceTable:
    """The cached map padded as ``op`` pads it (and on the far sides as far as its windows reach)."""
    height, width = value.shape[-2:]
    pads = []
    for axis, extent in ((1, width), (0, height)):
        reach = (out_hw[axis] - 1) * op.stride[axis] + op.kernel[axis]
        pads += [op.padding[axis], max(0, reach - extent - op.padding[axis])]
    return SourceTable(F.pad(value, pads, value=op.pad_value) if any(pads) else value)


def gather(
    table: SourceTable,
    offset: Pair,
    map_hw: Pair,
    patch: Patch,
    top: torch.Tensor,
    left: torch.Tensor,
    size: Pair,
) -> torch.Tensor:
    """B×C×h×w slices of the cached map (``table``, padded by ``offset``) with the patch blocks pasted.

    ``top``/``left`` place each slice in padded coordinates; block pixels outside the
    unpadded map (an occluding square past the border) are ignored.
    """
    batch, channels = patch.values.shape[:2]
    block_h, block_w = patch.values.shape[-2:]
    rows = top[:, None] + torch.arange(size[0])
    cols = left[:, None] + torch.arange(size[1])
    cached_index = rows[:, :, None] * table.hw[1] + cols[:, None, :]
    in_rows, in_cols = rows - offset[0], cols - offset[1]
    block_rows, block_cols = in_rows - patch.top[:, None], in_cols - patch.left[:, None]
    row_inside = (block_rows >= 0) & (block_rows < block_h) & (in_rows >= 0) & (in_rows < map_hw[0])
    col_inside = (block_cols >= 0) & (block_cols < block_w) & (in_cols >= 0) & (in_cols < map_hw[1])
    block_index = (
        table.rows
        + torch.arange(batch)[:, None, None] * (block_h * block_w)
        + block_rows.clamp(0, block_h - 1)[:, :, None] * block_w
        + block_cols.clamp(0, block_w - 1)[:, None, :]
    )
    index = torch.where(row_inside[:, :, None] & col_inside[:, None, :], block_index, cached_index)
    source = table.with_blocks(patch)
    picked = source.index_select(0, index.reshape(-1).to(source.device))
    return picked.view(batch, size[0], size[1], channels).permute(0, 3, 1, 2)


def materialize(table: SourceTable, patch: Patch) -> torch.Tensor:
    """The whole B×C×H×W map: the cached map (unpadded ``table``) with every position's block pasted."""
    zeros = torch.zeros(len(patch.top), dtype=torch.int64)
    return gather(table, (0, 0), table.hw, patch, zeros, zeros, table.hw)


def slice_blocks(
    table: SourceTable, patch: Patch, top: torch.Tensor, left: torch.Tensor, size: Pair
) -> torch.Tensor:
    """B×C×h×w blocks of the cached map at ``top``/``left`` (unpadded ``table``), the patch pasted in."""
    return gather(table, (0, 0), table.hw, patch, top, left, size)


def extents(patch: Patch) -> np.ndarray:
    """Each position's block as a (top, left, bottom, right) row."""
    top, left = patch.top.numpy(), patch.left.numpy()
    height, width = patch.values.shape[-2:]
    return np.stack([top, left, top + height, left + width], axis=1)


def bounding(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Row-wise bounding boxes of two sets of regions."""
    return np.concatenate(
        [np.minimum(first[:, :2], second[:, :2]), np.maximum(first[:, 2:], second[:, 2:])], 1
    )
