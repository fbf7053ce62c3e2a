"""Data sets to train and inspect on: a registry, and arrays ready for a model.

Every data set is returned as normalised float32 arrays (N, C, H, W) with int64
labels, split into training and validation parts, together with the
:class:`InputSpec` a model trained on it expects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cnnviz.core.builtins import DIGIT_LABELS, MNIST_SPEC
from cnnviz.core.spec import InputSpec

Progress = Callable[[str, float], None]
Cancelled = Callable[[], bool]


class DatasetUnavailable(RuntimeError):
    """A data set cannot be loaded (offline, missing files, unreadable folder); says why."""


class DatasetCancelled(RuntimeError):
    """Loading was cancelled by the user."""


@dataclass(frozen=True)
class DatasetInfo:
    """What the registry knows about a data set before loading it."""

    key: str
    title: str
    spec: InputSpec
    labels: tuple[str, ...]
    offline: bool
    default_model: str
    default_train_size: int
    default_val_size: int
    description: str = ""


@dataclass
class Dataset:
    """Training and validation arrays with their labels and input spec."""

    info: DatasetInfo
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray

    @property
    def labels(self) -> list[str]:
        """Class names, index = label."""
        return list(self.info.labels)

    @property
    def spec(self) -> InputSpec:
        """What a model trained on this data expects."""
        return self.info.spec


def _load_digits(info: DatasetInfo, train_size: int, val_size: int, seed: int) -> Dataset:
    from cnnviz.core.synthdigits import generate_digits

    train_x, train_y = generate_digits(train_size, seed)
    val_x, val_y = generate_digits(val_size, seed + 1_000_003)
    return Dataset(info, train_x, train_y, val_x, val_y)


DIGITS = DatasetInfo(
    key="digits",
    title="Synthetic digits (offline)",
    spec=MNIST_SPEC,
    labels=tuple(DIGIT_LABELS),
    offline=True,
    default_model="lenet5",
    default_train_size=20_000,
    default_val_size=2_000,
    description="Handwriting rendered as pen strokes, prepared exactly like the drawing canvas.",
)
DATASETS: dict[str, DatasetInfo] = {DIGITS.key: DIGITS}
LOADERS: dict[str, Callable[[DatasetInfo, int, int, int], Dataset]] = {DIGITS.key: _load_digits}


def load_dataset(
    key: str,
    train_size: int | None = None,
    val_size: int | None = None,
    seed: int = 0,
) -> Dataset:
    """Load (or generate) a registered data set; sizes default to the registry's."""
    if key not in DATASETS:
        raise DatasetUnavailable(f"unknown data set '{key}'; available: {', '.join(DATASETS)}")
    info = DATASETS[key]
    train = info.default_train_size if train_size is None else train_size
    val = info.default_val_size if val_size is None else val_size
    if train < 1 or val < 0:
        raise ValueError("the training set needs at least one sample and validation cannot be negative")
    return LOADERS[key](info, train, val, seed)
