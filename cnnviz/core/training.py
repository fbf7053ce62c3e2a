"""The training loop, as a generator the GUI, the CLI and scripts all drive.

``train`` returns a :class:`TrainRun`: a generator yielding a
:class:`TrainProgress` after every optimisation step and once more at each
epoch's end (with validation metrics and the confusion matrix). The consumer
pauses training by not asking for the next item and cancels it by closing the
run (or simply dropping it); either way the model is left in eval mode.
``run.state()`` is a :class:`TrainState` from which ``train(..., resume=state)``
continues exactly: the same weights as training in one go.

Shuffling, augmentation and dropout draw from their own seeded random streams,
so the global torch random state is left alone and every run is reproducible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass, field, fields, replace
from types import TracebackType
from typing import Any, Literal, get_args

import numpy as np
import torch
from torch import nn

from cnnviz.core.metrics import confusion_matrix, per_class_accuracy

Optimizer = Literal["adam", "sgd", "adamw"]
Schedule = Literal["constant", "step", "cosine"]
Phase = Literal["start", "step", "epoch_end"]
ArrayLike = np.ndarray | torch.Tensor
Snapshot = dict[str, torch.Tensor]
AUGMENT_SEED, MODEL_SEED = 0x5EED_A, 0x5EED_D
STATE_VERSION = 1


class TrainingError(RuntimeError):
    """Training stopped; the message says why and what to change."""


class TrainingDiverged(TrainingError):
    """The loss (or a weight) became NaN or infinite; training stopped."""


class TrainingOutOfMemory(TrainingError):
    """The device ran out of memory; a smaller batch size usually helps."""


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


@dataclass
class TrainState:
    """Everything besides the weights needed to continue a run exactly where it stopped."""

    epoch: int  # epochs completed
    step: int  # steps completed in the epoch under way
    global_step: int
    steps_per_epoch: int
    optimizer_name: str
    optimizer: dict[str, Any]
    order_rng: torch.Tensor  # shuffling stream, as at the start of the epoch under way
    augment_rng: torch.Tensor
    model_rng: dict[str, torch.Tensor]  # dropout streams per device type
    seen: int = 0
    loss_sum: float = 0.0
    correct: int = 0
    last_loss: float = math.nan
    epoch_busy: float = 0.0
    elapsed_s: float = 0.0
    history: list[dict[str, Any]] = field(default_factory=list)
    version: int = STATE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Tensors, numbers, strings, lists and dicts only: loads with torch.load(weights_only=True)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainState:
        """Inverse of :meth:`to_dict`; raises ValueError for anything else."""
        known = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError("not a cnnviz training state (or one from another version)")
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as exc:
            raise ValueError(f"incomplete training state: {exc}") from exc


def cpu_copy(obj: Any) -> Any:
    """A deep copy with every tensor detached and cloned to the CPU."""
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: cpu_copy(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(cpu_copy(v) for v in obj)
    return obj


# --- pieces of a step ------------------------------------------------------------------------


def optimizer_for(params: list[nn.Parameter], config: TrainConfig) -> torch.optim.Optimizer:
    """The optimiser named in the config over the given parameters."""
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=config.lr, weight_decay=config.weight_decay)


def make_optimizer(model: nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    """The optimiser named in the config, over the model's trainable parameters."""
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise TrainingError("the model has no trainable parameters (every layer is frozen).")
    return optimizer_for(params, config)


def warm_up_optimizers() -> None:
    """Construct and step every optimiser once on a dummy parameter.

    The first ``torch.optim.Adam`` of a process imports ``torch._dynamo``
    (over a second, holding the interpreter); call this in a loading thread
    at start-up so that starting training later does not stall the GUI.
    """
    param = nn.Parameter(torch.zeros(1))
    for name in get_args(Optimizer):
        optimizer = optimizer_for([param], TrainConfig(optimizer=name))
        param.grad = torch.zeros(1)
        optimizer.step()


def as_tensors(x: ArrayLike, y: ArrayLike, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs as float32 and labels as int64 on the device, after checking they match."""
    xt = torch.as_tensor(x, dtype=torch.float32).to(device)
    yt = torch.as_tensor(y, dtype=torch.int64).to(device)
    if xt.shape[0] != yt.shape[0] or yt.ndim != 1:
        raise ValueError(f"{xt.shape[0]} inputs but labels of shape {tuple(yt.shape)}")
    if xt.shape[0] == 0:
        raise ValueError("there is nothing to train or evaluate on (0 samples)")
    return xt, yt


def predict_all(
    model: nn.Module, xt: torch.Tensor, yt: torch.Tensor, batch_size: int
) -> tuple[float, torch.Tensor, int]:
    """(summed cross-entropy, predicted classes, number of classes) over (xt, yt) without gradients."""
    total_loss, preds, classes = 0.0, [], 0
    with torch.no_grad():
        for i in range(0, len(xt), batch_size):
            logits = model(xt[i : i + batch_size])
            total_loss += float(nn.functional.cross_entropy(logits, yt[i : i + batch_size], reduction="sum"))
            preds.append(logits.argmax(1))
            classes = logits.shape[1]
    return total_loss, torch.cat(preds), classes


def evaluate(
    model: nn.Module, x: ArrayLike, y: ArrayLike, device: str = "cpu", batch_size: int = 1000
) -> tuple[float, float]:
    """Mean cross-entropy loss and accuracy of the model on (x, y); its train/eval mode is kept."""
    xt, yt = as_tensors(x, y, torch.device(device))
    was_training = model.training
    model.eval()
    try:
        total_loss, preds, _ = predict_all(model, xt, yt, batch_size)
    finally:
        model.train(was_training)
    return total_loss / len(xt), int((preds == yt).sum()) / len(xt)


def check_finite(model: nn.Module, where: str) -> None:
    """Raise TrainingDiverged if any weight is NaN or infinite."""
    for name, p in model.named_parameters():
        if not torch.isfinite(p).all():
            raise TrainingDiverged(
                f"weight '{name}' became NaN or infinite {where}; lower the learning rate."
            )


def is_out_of_memory(exc: BaseException) -> bool:
    """True for a device out-of-memory error (CUDA's own class, or a RuntimeError saying so)."""
    return isinstance(exc, torch.cuda.OutOfMemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
    )


def out_of_memory(config: TrainConfig, where: str) -> TrainingOutOfMemory:
    """The error to raise after running out of memory; frees the CUDA cache first."""
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    smaller = max(1, config.batch_size // 2)
    return TrainingOutOfMemory(
        f"{config.device} ran out of memory {where} with batch size {config.batch_size}; "
        f"try a smaller batch size (e.g. {smaller}) or a smaller model or input."
    )


def scheduled_lr(config: TrainConfig, done: int, total: int, steps_per_epoch: int = 1) -> float:
    """The learning rate after `done` of `total` steps (``step`` decays every step_size epochs)."""
    if config.schedule == "constant":
        return config.lr
    if config.schedule == "step":
        return config.lr * config.gamma ** ((done // steps_per_epoch) // config.step_size)
    return 0.5 * config.lr * (1 + math.cos(math.pi * done / total))


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


class ModelRng:
    """The random stream the model itself uses (dropout), swapped in for each step only."""

    def __init__(self, device: torch.device, seed: int) -> None:
        self.cuda = device.type == "cuda"
        self.device = device
        self.states = {"cpu": torch.Generator().manual_seed(seed + MODEL_SEED).get_state()}
        if self.cuda:
            saved = torch.cuda.get_rng_state(device)
            with torch.cuda.device(device):
                torch.cuda.manual_seed(seed + MODEL_SEED)
            self.states["cuda"] = torch.cuda.get_rng_state(device)
            torch.cuda.set_rng_state(saved, device)

    def swap(self) -> None:
        """Exchange the global generators' states with this stream's (call before and after a step)."""
        outside = torch.get_rng_state()
        torch.set_rng_state(self.states["cpu"])
        self.states["cpu"] = outside
        if self.cuda:
            outside = torch.cuda.get_rng_state(self.device)
            torch.cuda.set_rng_state(self.states["cuda"], self.device)
            self.states["cuda"] = outside


def train_step(
    model: nn.Module, optimizer: torch.optim.Optimizer, xb: torch.Tensor, yb: torch.Tensor, l1: float = 0.0
) -> tuple[float, int]:
    """One optimisation step: (batch cross-entropy, correct predictions); raises on a non-finite loss.

    With ``l1`` > 0, ``l1 · Σ|w|`` over the trainable weight matrices and
    kernels (not biases or norm scales) is added to the loss that is minimised;
    the returned loss is the cross-entropy alone, comparable to validation.
    """
    optimizer.zero_grad(set_to_none=True)
    logits = model(xb)
    loss = nn.functional.cross_entropy(logits, yb)
    value = float(loss.detach())
    if not math.isfinite(value):
        raise TrainingDiverged(f"the loss became {value}; lower the learning rate.")
    if l1 > 0:
        loss = loss + l1 * sum(p.abs().sum() for p in model.parameters() if p.requires_grad and p.ndim > 1)
    loss.backward()
    optimizer.step()
    return value, int((logits.detach().argmax(1) == yb).sum())


# --- the loop ----------------------------------------------------------------------------------


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
        self.xt, self.yt = as_tensors(*train_xy, self.device)
        self.val = as_tensors(*val, self.device) if val is not None else None
        self.steps = math.ceil(len(self.xt) / config.batch_size)
        self.total = self.steps * config.epochs
        model.to(self.device)
        self.optimizer = make_optimizer(model, config)
        self.order_gen = torch.Generator().manual_seed(config.seed)
        self.augment_gen = torch.Generator().manual_seed(config.seed + AUGMENT_SEED)
        self.rng = ModelRng(self.device, config.seed)
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

    def restore(self, resume: TrainState) -> None:
        """Continue from a saved state (the model already holds the matching weights)."""
        if resume.optimizer_name != self.config.optimizer:
            raise ValueError(f"the run used {resume.optimizer_name}; resume it with the same optimizer")
        if resume.epoch >= self.config.epochs:
            raise ValueError(f"the run already finished {resume.epoch} epochs; ask for more to continue")
        if resume.step and resume.steps_per_epoch != self.steps:
            raise ValueError("resuming mid-epoch needs the same number of samples and batch size")
        try:
            self.optimizer.load_state_dict(resume.optimizer)
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
            if self.config.snapshot_every and self.s.global_step == 0:
                yield self.progress(1, "start", snapshot=cpu_copy(self.model.state_dict()))
            for epoch in range(self.s.epoch + 1, self.config.epochs + 1):
                self.model.train()
                order = self.order()
                for step in range(self.s.step + 1, self.steps + 1):
                    yield self.one_step(epoch, step, order)
                yield self.epoch_end(epoch)
        finally:
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


class _Slot:
    """Holds the trainer once the run has started (kept apart from TrainRun to avoid a cycle)."""

    trainer: Trainer | None = None


def _drive(slot: _Slot, make: Callable[[], Trainer]) -> Generator[TrainProgress, None, None]:
    slot.trainer = make()
    yield from slot.trainer.run()


class TrainRun(Generator[TrainProgress, None, None]):
    """A training generator that can also report its resumable :meth:`state`."""

    def __init__(self, make: Callable[[], Trainer]) -> None:
        self._slot = _Slot()
        self._gen = _drive(self._slot, make)

    def send(self, value: None) -> TrainProgress:
        """Run to the next progress record."""
        return self._gen.send(value)

    def throw(self, typ: Any, val: Any = None, tb: TracebackType | None = None) -> TrainProgress:
        """Raise an exception inside the loop."""
        return self._gen.throw(typ if val is None else val)

    def close(self) -> None:
        """Stop training; the model is left in eval mode."""
        self._gen.close()

    def state(self) -> TrainState | None:
        """Where the run stands after the latest item (None before the first one)."""
        return None if self._slot.trainer is None else self._slot.trainer.state()

    @property
    def history(self) -> list[dict[str, Any]]:
        """Per-epoch metrics so far (including those of a resumed run)."""
        return [] if self._slot.trainer is None else [dict(h) for h in self._slot.trainer.s.history]


def train(
    model: nn.Module,
    train_x: ArrayLike,
    train_y: ArrayLike,
    config: TrainConfig,
    val: tuple[ArrayLike, ArrayLike] | None = None,
    resume: TrainState | None = None,
) -> TrainRun:
    """Train with cross-entropy, yielding progress after every step and at each epoch's end.

    The model is moved to ``config.device`` when the first item is asked for;
    inputs and ``resume`` are checked then too (ValueError). Raises
    :class:`TrainingDiverged` on a NaN or infinite loss or weight and
    :class:`TrainingOutOfMemory` when the device runs out of memory. However
    the loop ends (finished, closed, failed), the model is left in eval mode.
    ``elapsed_s`` and ``samples_per_s`` exclude the time the consumer held
    training paused. ``resume`` continues a run whose weights the model holds.
    """
    return TrainRun(lambda: Trainer(model, (train_x, train_y), config, val, resume))
