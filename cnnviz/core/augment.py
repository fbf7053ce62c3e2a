"""Random augmentation of training batches: shifts, rotations and flips, per sample.

The random draws come from a generator of the caller's (the trainer seeds its
own from the run's seed), so augmentation never touches the global torch state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

AUGMENT_SEED = 0x5EED_A


@dataclass(frozen=True)
class Augment:
    """Random per-sample changes of each batch: shift (fraction of the size), rotation (±degrees), flip."""

    shift: float = 0.0
    rotation: float = 0.0
    hflip: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.shift < 1.0 or not 0.0 <= self.rotation <= 180.0:
            raise ValueError("augment shift must be in [0, 1) and rotation in [0, 180] degrees")

    @property
    def active(self) -> bool:
        """True when it changes anything."""
        return self.shift > 0 or self.rotation > 0 or self.hflip


def affine_batch(
    x: torch.Tensor, angles: torch.Tensor, shifts: torch.Tensor, flips: torch.Tensor
) -> torch.Tensor:
    """Rotate (radians, counter-clockwise), mirror (flips = −1) and shift (fractions of W, H) each image.

    Rotation is in pixel space (non-square images are not sheared); uncovered
    pixels become 0. Bilinear sampling via ``affine_grid``/``grid_sample``.
    """
    h, w = x.shape[-2:]
    cos, sin = torch.cos(angles), torch.sin(angles)
    row0 = torch.stack([flips * cos, -sin * h / w, -2 * shifts[:, 0]], 1)
    row1 = torch.stack([flips * sin * w / h, cos, -2 * shifts[:, 1]], 1)
    theta = torch.stack([row0, row1], 1).to(x.device, x.dtype)
    grid = nn.functional.affine_grid(theta, list(x.shape), align_corners=False)
    return nn.functional.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def augment_batch(x: torch.Tensor, augment: Augment, generator: torch.Generator) -> torch.Tensor:
    """A randomly shifted, rotated and flipped copy of the batch (4 draws per sample from `generator`)."""
    u = torch.rand(x.shape[0], 4, generator=generator, dtype=torch.float64)
    angles = (2 * u[:, 0] - 1) * math.radians(augment.rotation)
    shifts = (2 * u[:, 1:3] - 1) * augment.shift
    flips = torch.where((u[:, 3] < 0.5) & augment.hflip, -1.0, 1.0).to(torch.float64)
    return affine_batch(x, angles, shifts, flips)
