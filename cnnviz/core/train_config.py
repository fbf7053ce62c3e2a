"""How to train and how training stands: :class:`TrainConfig`, :class:`TrainProgress` and the errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, get_args

import numpy as np
import torch

from cnnviz.core.augment import Augment
from cnnviz.core.metrics import per_class_accuracy

Optimizer = Literal["adam", "sgd", "adamw"]
Schedule = Literal["constant", "step", "cosine"]
Phase = Literal["start", "step", "epoch_end"]
Snapshot = dict[str, torch.Tensor]


class TrainingError(RuntimeError):
    """Training stopped; the message says why and what to change."""


class TrainingDiverged(TrainingError):
    """The loss (or a weight) became NaN or infinite; training stopped."""


class TrainingOutOfMemory(TrainingError):
    """The device ran out of memory; a smaller batch size usually helps."""


@dataclass(frozen=True)
class TrainConfig:
    """How to train: optimiser, learning rate and schedule, regularisation, batches, epochs, device."""

    epochs: int = 5
    batch_size: int = 128
    lr: float = 1e-3
    optimizer: Optimizer = "adam"
    momentum: float = 0.9
    weight_decay: float = 0.0
    seed: int = 0
    device: str = "cpu"
    shuffle: bool = True
    schedule: Schedule = "constant"
    step_size: int = 5
    gamma: float = 0.1
    l1: float = 0.0
    augment: Augment | None = None
    snapshot_every: int = 0

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch_size must be at least 1")
        if not self.lr > 0 or self.weight_decay < 0 or self.l1 < 0:
            raise ValueError("lr must be positive, weight_decay and l1 non-negative")
        if self.optimizer not in get_args(Optimizer):
            raise ValueError(f"unknown optimizer '{self.optimizer}' (use adam, sgd or adamw)")
        if self.schedule not in get_args(Schedule):
            raise ValueError(f"unknown schedule '{self.schedule}' (use constant, step or cosine)")
        if self.step_size < 1 or not 0 < self.gamma <= 1 or self.snapshot_every < 0:
            raise ValueError("step_size must be ≥ 1, gamma in (0, 1] and snapshot_every ≥ 0")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for checkpoints and JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("augment"), dict):
            values["augment"] = Augment(**values["augment"])
        return cls(**values)


@dataclass(frozen=True, eq=False)
class TrainProgress:
    """Where training stands; yielded after every step and once more at each epoch's end.

    With ``snapshot_every`` > 0 the first item is a ``"start"`` record at global
    step 0 (losses NaN) carrying the initial weights as ``snapshot``.
    """

    epoch: int
    epochs: int
    step: int
    steps_per_epoch: int
    global_step: int
    total_steps: int
    loss: float
    train_loss: float
    train_accuracy: float
    samples_per_s: float
    elapsed_s: float
    lr: float
    phase: Phase = "step"
    val_loss: float | None = None
    val_accuracy: float | None = None
    confusion: np.ndarray | None = None
    snapshot: Snapshot | None = None

    @property
    def fraction(self) -> float:
        """Share of all steps done, in [0, 1]."""
        return self.global_step / self.total_steps if self.total_steps else 1.0

    @property
    def class_accuracy(self) -> np.ndarray | None:
        """Validation accuracy per class (NaN for classes without samples), at epoch ends."""
        return None if self.confusion is None else per_class_accuracy(self.confusion)
