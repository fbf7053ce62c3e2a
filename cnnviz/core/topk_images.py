"""The images a top-k scan goes through: a data set's arrays, indexed as one sequence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from cnnviz.core.datasets import Dataset


@dataclass(frozen=True, eq=False)
class ImageSet:
    """The images a scan goes through: normalised N×C×H×W float32 parts, indexed as one sequence.

    ``key`` and ``seed`` name where they came from (a data set key and the seed it was
    loaded with); a :class:`Dataset` gives its training images, then its validation images.
    """

    key: str
    parts: tuple[np.ndarray, ...]
    seed: int = 0

    @classmethod
    def from_dataset(cls, dataset: Dataset, seed: int = 0) -> ImageSet:
        """The training then the validation images of a loaded data set."""
        return cls(dataset.info.key, (dataset.train_x, dataset.val_x), seed)

    def __post_init__(self) -> None:
        shapes = {tuple(p.shape[1:]) for p in self.parts if len(p)}
        if len(shapes) > 1 or any(p.ndim != 4 for p in self.parts):
            raise ValueError(f"images must be N×C×H×W arrays of one shape, not {sorted(shapes)}")
        starts = np.cumsum([0] + [len(p) for p in self.parts])
        object.__setattr__(self, "_starts", starts)

    def __len__(self) -> int:
        return int(self._starts[-1])  # type: ignore[attr-defined]

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(C, H, W) of one image."""
        c, h, w = next(p.shape[1:] for p in self.parts if len(p))
        return int(c), int(h), int(w)

    def batch(self, start: int, stop: int) -> np.ndarray:
        """Images ``start`` … ``stop − 1`` as float32 (a view when they lie in one part)."""
        starts: np.ndarray = self._starts  # type: ignore[attr-defined]
        pieces = []
        for part, first in zip(self.parts, starts[:-1], strict=True):
            low, high = max(start - first, 0), min(stop - first, len(part))
            if low < high:
                pieces.append(part[low:high])
        joined = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
        return np.ascontiguousarray(joined, dtype=np.float32)

    def image(self, index: int) -> np.ndarray:
        """Image ``index`` (C×H×W)."""
        if not 0 <= index < len(self):
            raise IndexError(f"image {index} is outside the {len(self)} images")
        return self.batch(index, index + 1)[0]


def as_image_set(data: ImageSet | Dataset | np.ndarray) -> ImageSet:
    """An :class:`ImageSet` of a loaded data set or an N×C×H×W array (key ``"array"``)."""
    if isinstance(data, ImageSet):
        return data
    if isinstance(data, np.ndarray):
        return ImageSet("array", (data,))
    return ImageSet.from_dataset(data)
