"""Running a resolved ``cnnviz train`` job: progress bar, epoch lines, autosave and Ctrl+C."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from cnnviz.cli_common import CliError

if TYPE_CHECKING:
    from cnnviz.cli_train import TrainJob
    from cnnviz.core.training import TrainProgress, TrainRun


class StopOnInterrupt:
    """Turns the first Ctrl+C into a request to stop after the current step; a second one quits."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: Any = None

    def __enter__(self) -> StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self.handle)
        return self

    def handle(self, _signum: int, _frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print(
            "\ncnnviz: stopping after this step to save (Ctrl+C again quits without saving)", file=sys.stderr
        )

    def __exit__(self, *_exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def duration(seconds: float) -> str:
    """'1:02:03' or '2:03'."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def epoch_line(p: TrainProgress) -> str:
    """One line summarising a finished epoch."""
    val = f"  val_loss {p.val_loss:.4f}  val_acc {p.val_accuracy:.4f}" if p.val_loss is not None else ""
    return (
        f"epoch {p.epoch}/{p.epochs}  loss {p.train_loss:.4f}  acc {p.train_accuracy:.4f}{val}  "
        f"{p.samples_per_s:,.0f} samples/s  {duration(p.elapsed_s)}"
    )


class ProgressBar:
    """A single self-overwriting status line on a terminal (nothing when not a terminal)."""

    def __init__(self, live: bool) -> None:
        self.live, self.width, self.last = live, 0, 0.0
        self.start, self.first_step = time.perf_counter(), -1

    def update(self, p: TrainProgress) -> None:
        now = time.perf_counter()
        if self.first_step < 0:
            self.first_step, self.start = p.global_step - 1, now
        if not self.live or (now - self.last < 0.1 and p.step != p.steps_per_epoch):
            return
        self.last = now
        done = p.global_step - self.first_step
        eta = (p.total_steps - p.global_step) * (now - self.start) / done if done > 0 else 0.0
        filled = int(20 * p.fraction)
        line = (
            f"epoch {p.epoch}/{p.epochs} [{'#' * filled}{'.' * (20 - filled)}] {100 * p.fraction:5.1f}%  "
            f"loss {p.train_loss:.4f}  acc {p.train_accuracy:.3f}  {p.samples_per_s:,.0f} samples/s  "
            f"ETA {duration(eta)}"
        )
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def save_run(job: TrainJob, run: TrainRun) -> None:
    """Write the checkpoint with the run's state (atomic); a write failure is a user error."""
    from cnnviz.core.checkpoint import save_checkpoint

    state = run.state()
    job.bundle.trained = state is not None and state.global_step > 0
    history = job.meta | {"config": job.config.to_dict(), "epochs": run.history}
    try:
        save_checkpoint(job.bundle, job.output, history=history, arch_spec=job.spec, train_state=state)
    except OSError as exc:
        raise CliError(f"cannot write '{job.output}': {exc.strerror or exc}.") from exc


def run_training(job: TrainJob) -> int:
    """Train with a progress bar, autosaving at each epoch's end; Ctrl+C saves and returns 130."""
    from cnnviz.core.training import train

    data = job.dataset
    val = (data.val_x, data.val_y) if len(data.val_y) else None
    run = train(job.bundle.module, data.train_x, data.train_y, job.config, val=val, resume=job.state)
    bar = ProgressBar(sys.stderr.isatty())
    with StopOnInterrupt() as stop:
        try:
            for progress in run:
                if progress.phase == "epoch_end":
                    bar.clear()
                    print(epoch_line(progress), flush=True)
                    save_run(job, run)
                else:
                    bar.update(progress)
                if stop.requested:
                    break
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        finally:
            bar.clear()
        if stop.requested:
            save_run(job, run)
    run.close()
    if stop.requested:
        print(f"cnnviz: interrupted; resume with: cnnviz train --resume {job.output}", file=sys.stderr)
        return 130
    print(f"saved {job.output}")
    return 0
