"""The Training panel's status line while a run goes on: epoch, step, loss, accuracy, rate and ETA,
and the wall-clock rate between the first and the latest step report."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication


def eta_text(seconds: float) -> str:
    """0:42 or 1:02:03."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def step_line(record: Any) -> str:
    """A step report (:class:`cnnviz.core.train_config.TrainProgress`) as the panel's status line."""
    remaining = record.total_steps - record.global_step
    per_step = record.elapsed_s / max(1, record.global_step)
    text = QCoreApplication.translate(
        "TrainingPanel",
        "epoch {epoch}/{epochs} · step {step}/{steps} · loss {loss} · accuracy {accuracy}% · "
        "{rate} samples/s · ETA {eta}",
    )
    return text.format(
        epoch=record.epoch,
        epochs=record.epochs,
        step=record.step,
        steps=record.steps_per_epoch,
        loss=f"{record.train_loss:.4f}",
        accuracy=f"{100 * record.train_accuracy:.1f}",
        rate=f"{record.samples_per_s:,.0f}",
        eta=eta_text(remaining * per_step),
    )


class StepClock:
    """When the first and the latest step of a run were reported: (time, global step, batch size)."""

    def __init__(self) -> None:
        self.first: tuple[float, int, int] | None = None
        self.last: tuple[float, int, int] | None = None

    def reset(self) -> None:
        """A new run: nothing reported yet."""
        self.first = self.last = None

    def note(self, global_step: int, batch_size: int) -> None:
        """A step report arrived now."""
        now = (time.perf_counter(), global_step, batch_size)
        self.first = self.first or now
        self.last = now

    @property
    def rate(self) -> float:
        """Wall-clock samples/s between the first and the latest step report (0 before two)."""
        if self.first is None or self.last is None or self.last[0] <= self.first[0]:
            return 0.0
        (t0, s0, b), (t1, s1, _) = self.first, self.last
        return (s1 - s0) * b / (t1 - t0)
