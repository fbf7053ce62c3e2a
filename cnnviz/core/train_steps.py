"""The pieces of a training step: optimisers, the step itself, evaluation, schedules and error checks."""

from __future__ import annotations

import ctypes
import math
import os
import sys
from typing import Any, get_args

import numpy as np
import torch
from torch import nn

from cnnviz.core.train_config import (
    Optimizer,
    TrainConfig,
    TrainingDiverged,
    TrainingError,
    TrainingOutOfMemory,
)

ArrayLike = np.ndarray | torch.Tensor

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameter numbers in glibc's malloc.h
KEEP_FREED_BYTES = 64 << 20
HEAP_BELOW_BYTES = 32 << 20  # glibc's own ceiling for its moving mmap threshold
FUSED_DEVICES = frozenset({"cpu", "cuda", "mps", "xpu"})  # torch checks this only at the first step
MALLOC_ENV = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES")


def optimizer_for(params: list[nn.Parameter], config: TrainConfig) -> torch.optim.Optimizer:
    """The optimiser named in the config over the given parameters, fused where torch can.

    A fused optimiser updates every parameter in one kernel per state tensor
    instead of about ten small operations per parameter: the same algorithm,
    rounded differently. For LeNet-5 on the CPU, Adam's update went from 1 ms
    to 0.6 ms of a 9–10 ms step, and an epoch got 1–5% faster. Where fusing is
    refused (a device or dtype without fused kernels), the plain implementation is used.
    """
    if all(p.is_floating_point() and p.device.type in FUSED_DEVICES for p in params):
        try:
            return _optimizer(params, config, fused=True)
        except (RuntimeError, TypeError, ValueError):
            pass
    return _optimizer(params, config, fused=None)


def _optimizer(params: list[nn.Parameter], config: TrainConfig, fused: bool | None) -> torch.optim.Optimizer:
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay, fused=fused
        )
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=config.lr, weight_decay=config.weight_decay, fused=fused)


def load_optimizer_state(optimizer: torch.optim.Optimizer, state: dict[str, Any]) -> None:
    """Load a saved optimiser state, keeping this optimiser's own choice of implementation.

    ``load_state_dict`` takes every group setting from the file, ``fused`` too:
    a run saved unfused (or on a device without fused kernels) would otherwise
    resume unfused, and one saved fused could fail where fusing is refused.
    Step counts go where each implementation keeps them: a fused one on the
    parameters' device, a plain one on the CPU.
    """
    fused = [group.get("fused") for group in optimizer.param_groups]
    optimizer.load_state_dict(state)
    for group, own in zip(optimizer.param_groups, fused, strict=True):
        if "fused" in group:
            group["fused"] = own
        for param in group["params"]:
            step = optimizer.state.get(param, {}).get("step")
            if isinstance(step, torch.Tensor):
                device = param.device if own else torch.device("cpu")
                optimizer.state[param]["step"] = step.to(device=device, dtype=torch.float32)


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


def keep_freed_memory() -> bool:
    """Let glibc keep freed memory for the next step instead of handing it back; True when applied.

    Each step frees its activations and gradients (tens of MB) and the next
    allocates them again. By default glibc returns the free top of the heap to
    the kernel and the next step faults it back in: 500–3,500 page faults per
    LeNet-5 step (batch 128; the most in a worker thread), which made a step
    take 30–60% more CPU time. Keeping up to 64 MiB free, and serving blocks
    below 32 MiB from the heap, avoids that. Process-wide, idempotent; settings
    from the environment win, and other C libraries (macOS, Windows, musl) are left alone.
    """
    if not sys.platform.startswith("linux") or any(name in os.environ for name in MALLOC_ENV):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_BELOW_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, KEEP_FREED_BYTES)
    )


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
