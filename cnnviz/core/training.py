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

The parts live in :mod:`~cnnviz.core.train_config` (config, progress, errors),
:mod:`~cnnviz.core.train_steps`, :mod:`~cnnviz.core.augment`,
:mod:`~cnnviz.core.train_state` and :mod:`~cnnviz.core.trainer`; their public
names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any

from torch import nn

from cnnviz.core.augment import AUGMENT_SEED, Augment, affine_batch, augment_batch  # noqa: F401
from cnnviz.core.train_config import (  # noqa: F401 (re-exported: these used to live here)
    Optimizer,
    Phase,
    Schedule,
    Snapshot,
    TrainConfig,
    TrainingDiverged,
    TrainingError,
    TrainingOutOfMemory,
    TrainProgress,
)
from cnnviz.core.train_state import MODEL_SEED, STATE_VERSION, ModelRng, TrainState, cpu_copy  # noqa: F401
from cnnviz.core.train_steps import (  # noqa: F401 (re-exported)
    ArrayLike,
    as_tensors,
    check_finite,
    evaluate,
    is_out_of_memory,
    keep_freed_memory,
    make_optimizer,
    optimizer_for,
    out_of_memory,
    predict_all,
    scheduled_lr,
    train_step,
    warm_up_optimizers,
)
from cnnviz.core.trainer import Trainer


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
