"""Training in a worker thread: load the data, run core's training generator, report.

The worker trains its own copy of the model. It publishes plain data only:
throttled progress records, epoch summaries and weight snapshots (detached
CPU state_dicts) that the session shows on the display model. Pause holds the
generator between steps; Cancel closes it at a step boundary.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.datasets import Dataset
    from cnnviz.core.training import TrainConfig

EMIT_INTERVAL_S = 0.5  # 2 reports a second: live curves, little GUI work beside the training threads
TRAINING_NICE = 10  # Linux: the training thread (and the intra-op threads it starts) yields to the GUI


@dataclass
class TrainingJob:
    """What to train on what, and how."""

    model: nn.Module | None
    dataset_key: str
    train_size: int | None
    val_size: int | None
    config: TrainConfig
    resume: Any = None
    save: Callable[[nn.Module, list[dict[str, Any]], Any, Path], None] | None = None
    autosave: Path | None = None
    prepare: Callable[[], nn.Module] | None = None  # makes the model here (big, or downloaded weights)
    downloads: bool = False  # ``prepare`` downloads pretrained weights (the first time)
    present: Callable[[nn.Module], Any] | None = None  # the panels' copy of a new model, made here


@dataclass
class Snapshot:
    """The weights at one global step."""

    step: int
    epoch: int
    state: dict[str, Any]


@dataclass
class RunSummary:
    """How a run ended."""

    outcome: str  # "finished", "cancelled" or "failed"
    message: str
    history: list[dict[str, Any]] = field(default_factory=list)
    train_state: Any = None


class TrainingWorker(QThread):
    """Runs one training job; signals carry plain data to the GUI thread."""

    status = Signal(str, float)
    dataset_ready = Signal(object)
    model_ready = Signal(object)
    progress = Signal(object)
    epoch_end = Signal(object)
    snapshot = Signal(object)
    done = Signal(object)

    def __init__(self, job: TrainingJob) -> None:
        super().__init__()
        self.setObjectName("cnnviz-training")
        self.job = job
        self._resume = threading.Event()
        self._resume.set()
        self._cancel = threading.Event()
        self._shown = threading.Event()  # the panels show the model presented by ``model_ready``
        self.history: list[dict[str, Any]] = []
        self.train_state: Any = None

    # -- control (GUI thread) -------------------------------------------------------
    def pause(self) -> None:
        """Hold training at the next step boundary."""
        self._resume.clear()

    def resume(self) -> None:
        """Continue after a pause."""
        self._resume.set()

    def cancel(self) -> None:
        """Stop at the next step boundary (also while paused or loading data)."""
        self._cancel.set()
        self._resume.set()
        self._shown.set()

    def model_shown(self) -> None:
        """The panels now show the model of ``model_ready``: training may start."""
        self._shown.set()

    @property
    def paused(self) -> bool:
        """True while held by :meth:`pause`."""
        return not self._resume.is_set()

    # -- thread body -----------------------------------------------------------------
    def start_low(self) -> None:
        """Start the thread below the GUI thread's priority, so that the GUI runs as soon as it has work."""
        self.start(QThread.Priority.LowPriority)

    def run(self) -> None:
        """Load the data set, then train; every ending is reported through ``done``."""
        from cnnviz.core.datasets import DatasetCancelled

        yield_to_gui()
        try:
            self._prepare_model()
            self._present_model()
            self._shown.wait()  # the panels switch to the new model before any other report
            dataset = self._load()
            self.dataset_ready.emit(dataset)
            outcome = self._train(dataset)
            self.done.emit(RunSummary(outcome, self._ending(outcome), self.history, self.train_state))
        except DatasetCancelled:
            self.done.emit(RunSummary("cancelled", self.tr("Cancelled while loading the data set.")))
        except Exception as exc:  # every failure is a message; the app keeps running
            if not isinstance(exc, (ValueError, RuntimeError)):
                traceback.print_exc()
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.done.emit(RunSummary("failed", text, self.history, self.train_state))

    def _prepare_model(self) -> None:
        """Make the model when it is not made on the GUI thread (big models, pretrained downloads)."""
        if self.job.model is None and self.job.prepare is not None:
            if self.job.downloads:
                self.status.emit(self.tr("Preparing the model (downloading pretrained weights once)…"), 0.0)
            else:
                self.status.emit(self.tr("Building the model…"), 0.0)
            self.job.model = self.job.prepare()

    def _present_model(self) -> None:
        """Make the panels' copy of a new model and its description here, off the GUI thread; the
        GUI switches to it (``model_ready``) and says so (:meth:`model_shown`)."""
        if self.job.present is None or self.job.model is None:
            self._shown.set()
            return
        self.model_ready.emit(self.job.present(self.job.model))

    def _load(self) -> Dataset:
        from cnnviz.core.datasets import load_dataset

        job = self.job
        return load_dataset(
            job.dataset_key,
            job.train_size,
            job.val_size,
            seed=job.config.seed,
            progress=lambda text, fraction: self.status.emit(text, fraction),
            cancelled=self._cancel.is_set,
        )

    def _train(self, dataset: Dataset) -> str:
        from cnnviz.core.training import train

        assert self.job.model is not None
        run = train(
            self.job.model,
            dataset.train_x,
            dataset.train_y,
            self.job.config,
            val=(dataset.val_x, dataset.val_y),
            resume=self.job.resume,
        )
        last_emit = 0.0
        try:
            for record in run:
                if record.snapshot is not None:
                    self.snapshot.emit(Snapshot(record.global_step, record.epoch, record.snapshot))
                if record.phase == "epoch_end":
                    self._keep(run)
                    self._autosave()
                    self.epoch_end.emit(record)
                elif record.phase == "step" and (due(last_emit) or record.step == record.steps_per_epoch):
                    last_emit = time.perf_counter()
                    self.progress.emit(record)
                if not self._hold():
                    self._keep(run)
                    return "cancelled"
        finally:
            run.close()
        self._keep(run)
        return "finished"

    def _keep(self, run: Any) -> None:
        """Remember where the run stands (for autosave, Save checkpoint and resume)."""
        self.train_state = run.state()
        self.history = run.history

    def _autosave(self) -> None:
        """Write the epoch's checkpoint (atomic); a failure is reported, training goes on."""
        job = self.job
        if job.save is None or job.autosave is None or job.model is None:
            return
        try:
            job.save(job.model, self.history, self.train_state, job.autosave)
        except Exception as exc:  # a full disk must not end the run; the previous file is intact
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.status.emit(
                self.tr("Autosave failed ({reason}); training continues.").format(reason=reason), -1.0
            )
        else:
            text = self.tr("Autosaved epoch {epoch} to {path}").format(
                epoch=len(self.history), path=job.autosave
            )
            self.status.emit(text, -1.0)

    def _hold(self) -> bool:
        """Wait while paused; False when cancelled."""
        if not self._resume.is_set():
            self.status.emit(self.tr("Paused"), -1.0)
            self._resume.wait()
        return not self._cancel.is_set()

    def _ending(self, outcome: str) -> str:
        if outcome == "cancelled":
            return self.tr("Training cancelled; the weights so far are kept and can be saved or resumed.")
        last = self.history[-1] if self.history else {}
        accuracy = last.get("val_accuracy")
        if not accuracy:
            return self.tr("Training finished.")
        return self.tr("Training finished. Validation accuracy {accuracy}%.").format(
            accuracy=f"{100 * accuracy:.2f}"
        )


def yield_to_gui() -> None:
    """Lower the calling thread's priority (Linux, where QThread priorities leave normal threads alone).

    The intra-op threads torch starts from this thread inherit it. While the
    GUI is idle, training gets the CPU as before; when the GUI has work, it runs
    at once. Against other programs nothing changes where the kernel shares
    the CPU between sessions first (autogroups, the default on most desktops).
    """
    if sys.platform.startswith("linux"):
        tid = threading.get_native_id()
        with contextlib.suppress(OSError):  # a sandbox may forbid it: normal priority then
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + TRAINING_NICE)


def due(last_emit: float) -> bool:
    """True when the GUI has not heard about progress for EMIT_INTERVAL_S."""
    return time.perf_counter() - last_emit >= EMIT_INTERVAL_S
