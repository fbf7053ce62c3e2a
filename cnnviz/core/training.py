"""The training loop, as a generator the GUI, the CLI and scripts all drive.

``train`` yields a :class:`TrainProgress` after every optimisation step. The
consumer pauses training by not asking for the next item and cancels it by
closing the generator (or simply dropping it); either way the model is left in
eval mode. Shuffling uses its own seeded generator, so the global torch random
state is left alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import torch
from torch import nn

Optimizer = Literal["adam", "sgd", "adamw"]
Schedule = Literal["constant", "cosine"]
Phase = Literal["step", "epoch_end"]
ArrayLike = np.ndarray | torch.Tensor


class TrainingDiverged(RuntimeError):
    """The loss (or a weight) became NaN or infinite; training stopped."""


@dataclass(frozen=True)
class TrainConfig:
    """How to train: optimiser, learning rate, batches, epochs and device."""

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

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch_size must be at least 1")
        if not self.lr > 0 or self.weight_decay < 0:
            raise ValueError("lr must be positive and weight_decay non-negative")
        if self.optimizer not in ("adam", "sgd", "adamw"):
            raise ValueError(f"unknown optimizer '{self.optimizer}' (use adam, sgd or adamw)")
        if self.schedule not in ("constant", "cosine"):
            raise ValueError(f"unknown schedule '{self.schedule}' (use constant or cosine)")


@dataclass(frozen=True)
class TrainProgress:
    """Where training stands; yielded after every step and once more at each epoch's end."""

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

    @property
    def fraction(self) -> float:
        """Share of all steps done, in [0, 1]."""
        return self.global_step / self.total_steps if self.total_steps else 1.0


def make_optimizer(model: nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    """The optimiser named in the config, over the model's trainable parameters."""
    params = [p for p in model.parameters() if p.requires_grad]
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=config.lr, weight_decay=config.weight_decay)


def as_tensors(x: ArrayLike, y: ArrayLike, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs as float32 and labels as int64 on the device, after checking they match."""
    xt = torch.as_tensor(x, dtype=torch.float32).to(device)
    yt = torch.as_tensor(y, dtype=torch.int64).to(device)
    if xt.shape[0] != yt.shape[0] or yt.ndim != 1:
        raise ValueError(f"{xt.shape[0]} inputs but labels of shape {tuple(yt.shape)}")
    if xt.shape[0] == 0:
        raise ValueError("there is nothing to train or evaluate on (0 samples)")
    return xt, yt


def evaluate(
    model: nn.Module, x: ArrayLike, y: ArrayLike, device: str = "cpu", batch_size: int = 1000
) -> tuple[float, float]:
    """Mean cross-entropy loss and accuracy of the model on (x, y); its train/eval mode is kept."""
    dev = torch.device(device)
    xt, yt = as_tensors(x, y, dev)
    was_training = model.training
    model.eval()
    total_loss, correct = 0.0, 0
    try:
        with torch.no_grad():
            for i in range(0, len(xt), batch_size):
                logits = model(xt[i : i + batch_size])
                target = yt[i : i + batch_size]
                total_loss += float(nn.functional.cross_entropy(logits, target, reduction="sum"))
                correct += int((logits.argmax(1) == target).sum())
    finally:
        model.train(was_training)
    return total_loss / len(xt), correct / len(xt)


def check_finite(model: nn.Module, where: str) -> None:
    """Raise TrainingDiverged if any weight is NaN or infinite."""
    for name, p in model.named_parameters():
        if not torch.isfinite(p).all():
            raise TrainingDiverged(
                f"weight '{name}' became NaN or infinite {where}; lower the learning rate."
            )


def scheduled_lr(config: TrainConfig, done: int, total: int) -> float:
    """The learning rate after `done` of `total` steps."""
    if config.schedule == "constant":
        return config.lr
    return 0.5 * config.lr * (1 + math.cos(math.pi * done / total))


def _step(
    model: nn.Module, optimizer: torch.optim.Optimizer, xb: torch.Tensor, yb: torch.Tensor
) -> tuple[float, int]:
    """One optimisation step: (batch loss, correct predictions); raises on a non-finite loss."""
    optimizer.zero_grad(set_to_none=True)
    logits = model(xb)
    loss = nn.functional.cross_entropy(logits, yb)
    value = float(loss.detach())
    if not math.isfinite(value):
        raise TrainingDiverged(f"the loss became {value}; lower the learning rate.")
    loss.backward()
    optimizer.step()
    return value, int((logits.detach().argmax(1) == yb).sum())


def train(
    model: nn.Module,
    train_x: ArrayLike,
    train_y: ArrayLike,
    config: TrainConfig,
    val: tuple[ArrayLike, ArrayLike] | None = None,
) -> Generator[TrainProgress, None, None]:
    """Train with cross-entropy, yielding progress after every step and at each epoch's end.

    The model is moved to ``config.device``. Inputs are checked when the first
    item is asked for. Raises :class:`TrainingDiverged` on a NaN or infinite
    loss or weight. However the loop ends (finished, closed, failed), the model
    is left in eval mode. ``elapsed_s`` and ``samples_per_s`` exclude the time
    the consumer held training paused.
    """
    device = torch.device(config.device)
    xt, yt = as_tensors(train_x, train_y, device)
    val_t = as_tensors(val[0], val[1], device) if val is not None else None
    n, size = len(xt), config.batch_size
    steps = math.ceil(n / size)
    total = steps * config.epochs
    order_gen = torch.Generator().manual_seed(config.seed)
    model.to(device)
    optimizer = make_optimizer(model, config)
    busy = 0.0
    try:
        for epoch in range(1, config.epochs + 1):
            model.train()
            order = (torch.randperm(n, generator=order_gen) if config.shuffle else torch.arange(n)).to(device)
            seen, loss_sum, correct, epoch_busy = 0, 0.0, 0, 0.0
            for step in range(1, steps + 1):
                start = time.perf_counter()
                done = (epoch - 1) * steps + step - 1
                lr = scheduled_lr(config, done, total)
                for group in optimizer.param_groups:
                    group["lr"] = lr
                idx = order[(step - 1) * size : step * size]
                try:
                    value, hits = _step(model, optimizer, xt[idx], yt[idx])
                except TrainingDiverged as exc:
                    raise TrainingDiverged(f"epoch {epoch}, step {step}: {exc}") from None
                seen, loss_sum, correct = seen + len(idx), loss_sum + value * len(idx), correct + hits
                took = time.perf_counter() - start
                epoch_busy, busy = epoch_busy + took, busy + took
                progress = TrainProgress(
                    epoch=epoch,
                    epochs=config.epochs,
                    step=step,
                    steps_per_epoch=steps,
                    global_step=done + 1,
                    total_steps=total,
                    loss=value,
                    train_loss=loss_sum / seen,
                    train_accuracy=correct / seen,
                    samples_per_s=seen / epoch_busy if epoch_busy > 0 else 0.0,
                    elapsed_s=busy,
                    lr=lr,
                )
                yield progress
            start = time.perf_counter()
            check_finite(model, f"in epoch {epoch}")
            metrics = evaluate(model, *val_t, config.device, max(size, 500)) if val_t else (None, None)
            busy += time.perf_counter() - start
            yield replace(
                progress, phase="epoch_end", elapsed_s=busy, val_loss=metrics[0], val_accuracy=metrics[1]
            )
    finally:
        model.eval()
