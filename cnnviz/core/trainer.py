"""The training loop itself: :class:`Trainer` holds one run's data, optimiser, random streams and counters.

Shuffling, augmentation and dropout draw from their own seeded random streams,
so the global torch random state is left alone and every run is reproducible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator
from dataclasses import replace
from typing import Any

import numpy as np
import torch
from torch import nn

from cnnviz.core.augment import AUGMENT_SEED, augment_batch
from cnnviz.core.channels_last import CHANNELS_LAST, CONTIGUOUS, convert, training_layout
from cnnviz.core.metrics import confusion_matrix
from cnnviz.core.train_config import Phase, TrainConfig, TrainingDiverged, TrainingOutOfMemory, TrainProgress
from cnnviz.core.train_state import ModelRng, TrainState, cpu_copy
from cnnviz.core.train_steps import (
    ArrayLike,
    as_tensors,
    check_finite,
    is_out_of_memory,
    keep_freed_memory,
    load_optimizer_state,
    make_optimizer,
    out_of_memory,
    predict_all,
    scheduled_lr,
    train_step,
)


class Trainer:
    """One run: data on the device, optimiser, random streams and counters; :meth:`run` drives it."""

    def __init__(
        self,
        model: nn.Module,
        train_xy: tuple[ArrayLike, ArrayLike],
        config: TrainConfig,
        val: tuple[ArrayLike, ArrayLike] | None,
        resume: TrainState | None,
    ) -> None:
        self.model, self.config, self.device = model, config, torch.device(config.device)
        keep_freed_memory()
        self.place(model, train_xy, val)
        self.steps = math.ceil(len(self.xt) / config.batch_size)
        self.total = self.steps * config.epochs
        self.optimizer = make_optimizer(model, config)
        self.order_gen = torch.Generator().manual_seed(config.seed)
        self.augment_gen = torch.Generator().manual_seed(config.seed + AUGMENT_SEED)
        self.rng = ModelRng(self.device, config.seed)
        self.layout = CONTIGUOUS
        self.s = TrainState(
            epoch=0,
            step=0,
            global_step=0,
            steps_per_epoch=self.steps,
            optimizer_name=config.optimizer,
            optimizer={},
            order_rng=self.order_gen.get_state(),
            augment_rng=self.augment_gen.get_state(),
            model_rng={},
        )
        if resume is not None:
            self.restore(resume)

    def place(
        self, model: nn.Module, train_xy: tuple[ArrayLike, ArrayLike], val: tuple[ArrayLike, ArrayLike] | None
    ) -> None:
        """Move the data and the model to the device; TrainingOutOfMemory when they do not fit."""
        try:
            self.xt, self.yt = as_tensors(*train_xy, self.device)
            self.val = as_tensors(*val, self.device) if val is not None else None
            model.to(self.device)
        except RuntimeError as exc:
            if not is_out_of_memory(exc):
                raise
            torch.cuda.empty_cache()
            count = len(train_xy[1]) + (0 if val is None else len(val[1]))
            raise TrainingOutOfMemory(
                f"{self.config.device} has too little memory for the model and its {count:,} training "
                "samples; train on the CPU or on fewer samples."
            ) from exc

    def restore(self, resume: TrainState) -> None:
        """Continue from a saved state (the model already holds the matching weights)."""
        if resume.optimizer_name != self.config.optimizer:
            raise ValueError(f"the run used {resume.optimizer_name}; resume it with the same optimizer")
        if resume.epoch >= self.config.epochs:
            raise ValueError(f"the run already finished {resume.epoch} epochs; ask for more to continue")
        if resume.step and resume.steps_per_epoch != self.steps:
            raise ValueError("resuming mid-epoch needs the same number of samples and batch size")
        try:
            load_optimizer_state(self.optimizer, resume.optimizer)
        except (ValueError, KeyError, RuntimeError) as exc:
            raise ValueError(f"the saved optimizer state does not fit this model ({exc})") from exc
        self.augment_gen.set_state(resume.augment_rng)
        self.rng.states.update({k: v for k, v in resume.model_rng.items() if k in self.rng.states})
        global_step = resume.epoch * self.steps + resume.step
        self.s = replace(
            resume, global_step=global_step, steps_per_epoch=self.steps, history=list(resume.history)
        )

    def state(self) -> TrainState:
        """A detached CPU copy of where the run stands."""
        return replace(
            self.s,
            optimizer=cpu_copy(self.optimizer.state_dict()),
            augment_rng=self.augment_gen.get_state(),
            model_rng=cpu_copy(self.rng.states),
            history=[dict(h) for h in self.s.history],
        )

    def run(self) -> Generator[TrainProgress, None, None]:
        """The generator behind :class:`TrainRun`."""
        try:
            self.layout = training_layout(self.model, self.optimizer, self.xt[:2], self.device)
            if self.config.snapshot_every and self.s.global_step == 0:
                yield self.progress(1, "start", snapshot=cpu_copy(self.model.state_dict()))
            for epoch in range(self.s.epoch + 1, self.config.epochs + 1):
                self.model.train()
                order = self.order()
                for step in range(self.s.step + 1, self.steps + 1):
                    yield self.one_step(epoch, step, order)
                yield self.epoch_end(epoch)
        finally:
            if self.layout is CHANNELS_LAST:
                convert(self.model, self.optimizer, CONTIGUOUS)
            self.model.eval()

    def order(self) -> torch.Tensor:
        """This epoch's sample order, from the shuffling stream as it was when the epoch began."""
        self.order_gen.set_state(self.s.order_rng)
        n = len(self.xt)
        return (torch.randperm(n, generator=self.order_gen) if self.config.shuffle else torch.arange(n)).to(
            self.device
        )

    def lr_at(self, epoch: int, step: int) -> float:
        """The learning rate of a step (1-based within its epoch)."""
        return scheduled_lr(self.config, (epoch - 1) * self.steps + step - 1, self.total, self.steps)

    def one_step(self, epoch: int, step: int, order: torch.Tensor) -> TrainProgress:
        """Train on one batch and update the counters."""
        start, size, s = time.perf_counter(), self.config.batch_size, self.s
        lr = self.lr_at(epoch, step)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        idx = order[(step - 1) * size : step * size]
        xb = self.xt[idx]
        if self.config.augment is not None and self.config.augment.active:
            xb = augment_batch(xb, self.config.augment, self.augment_gen)
        xb = xb.contiguous(memory_format=self.layout)
        value, hits = self.guarded_step(xb, self.yt[idx], f"epoch {epoch}, step {step}")
        s.step, s.global_step, s.last_loss = step, (epoch - 1) * self.steps + step, value
        s.seen, s.loss_sum, s.correct = s.seen + len(idx), s.loss_sum + value * len(idx), s.correct + hits
        took = time.perf_counter() - start
        s.epoch_busy, s.elapsed_s = s.epoch_busy + took, s.elapsed_s + took
        every = self.config.snapshot_every
        due = every > 0 and (s.global_step % every == 0 or s.global_step == self.total)
        return self.progress(epoch, "step", snapshot=cpu_copy(self.model.state_dict()) if due else None)

    def guarded_step(self, xb: torch.Tensor, yb: torch.Tensor, where: str) -> tuple[float, int]:
        """train_step with the run's own dropout stream, naming the step in errors."""
        self.rng.swap()
        try:
            return train_step(self.model, self.optimizer, xb, yb, self.config.l1)
        except TrainingDiverged as exc:
            raise TrainingDiverged(f"{where}: {exc}") from None
        except RuntimeError as exc:
            if is_out_of_memory(exc):
                raise out_of_memory(self.config, f"in {where}") from exc
            raise
        finally:
            self.rng.swap()

    def validate(self) -> tuple[float | None, float | None, np.ndarray | None]:
        """Validation loss, accuracy and confusion matrix (None without validation data)."""
        if self.val is None:
            return None, None, None
        xt, yt = self.val
        self.model.eval()
        try:
            total, preds, classes = self.predict_val(xt, yt)
        finally:
            self.model.train()
        cm = confusion_matrix(preds.cpu().numpy(), yt.cpu().numpy(), classes)
        return total / len(xt), int((preds == yt).sum()) / len(xt), cm

    def predict_val(self, xt: torch.Tensor, yt: torch.Tensor) -> tuple[float, torch.Tensor, int]:
        """predict_all in batches of ≥ 500, retried at the training batch size when memory runs out."""
        sizes = dict.fromkeys([max(self.config.batch_size, 500), self.config.batch_size])
        for size in sizes:
            try:
                return predict_all(self.model, xt, yt, size)
            except RuntimeError as exc:
                if not is_out_of_memory(exc):
                    raise
        raise out_of_memory(self.config, "during validation")

    def epoch_end(self, epoch: int) -> TrainProgress:
        """Check the weights, validate, record the epoch in the history and reset the counters."""
        start = time.perf_counter()
        check_finite(self.model, f"in epoch {epoch}")
        val_loss, val_acc, cm = self.validate()
        s = self.s
        s.elapsed_s += time.perf_counter() - start
        progress = self.progress(epoch, "epoch_end", val_loss=val_loss, val_accuracy=val_acc, confusion=cm)
        s.history.append(
            {
                "epoch": epoch,
                "train_loss": progress.train_loss,
                "train_accuracy": progress.train_accuracy,
                "val_loss": val_loss,
                "val_accuracy": val_acc,
                "lr": progress.lr,
                "seconds": s.elapsed_s,
            }
        )
        s.epoch, s.step, s.seen, s.loss_sum, s.correct, s.epoch_busy = epoch, 0, 0, 0.0, 0, 0.0
        s.order_rng = self.order_gen.get_state()
        return progress

    def progress(self, epoch: int, phase: Phase, **extra: Any) -> TrainProgress:
        """A progress record from the counters."""
        s = self.s
        step = s.step if phase != "epoch_end" else self.steps
        return TrainProgress(
            epoch=epoch,
            epochs=self.config.epochs,
            step=step,
            steps_per_epoch=self.steps,
            global_step=(epoch - 1) * self.steps + step,
            total_steps=self.total,
            loss=s.last_loss,
            train_loss=s.loss_sum / s.seen if s.seen else math.nan,
            train_accuracy=s.correct / s.seen if s.seen else math.nan,
            samples_per_s=s.seen / s.epoch_busy if s.epoch_busy > 0 else 0.0,
            elapsed_s=s.elapsed_s,
            lr=self.lr_at(epoch, max(step, 1)),
            phase=phase,
            **extra,
        )
