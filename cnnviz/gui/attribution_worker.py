"""A worker thread for the projection and attribution panels: newest job wins, cancellable.

A panel hands the worker a :class:`Job`: a request id and a ``compute(should_stop,
report)`` callable that does the work with core functions (passing ``should_stop`` to
their hooks) and returns plain data, or a generator whose items are progress
(partial results, e.g. a coarse occlusion map). The worker answers with
:class:`Progress` records and one :class:`Outcome` per job, each carrying the job's
request id; the panel drops any whose id is not its newest. Only the newest pending
job is kept; submitting with ``supersede`` also stops the running one at its next
check. The thread runs only while there is work, so nothing needs stopping when a
window closes; at interpreter exit running jobs are cancelled and waited for.

The computations run on a *private twin* of the model (:func:`make_twin`): its own
modules sharing the parameters, so the forward hooks and eval-mode switches of the
backprop methods never meet the inference worker's forward pass in the other thread,
while weights loaded in place (training snapshots) show in the twin at once.
"""

from __future__ import annotations

import atexit
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from torch import nn

StopCheck = Callable[[], bool]
Report = Callable[[float, object], None]
Compute = Callable[[StopCheck, Report], object]
PROGRESS_INTERVAL_S = 0.05


@dataclass(frozen=True)
class Job:
    """One computation: ``compute(should_stop, report)`` returns the result (or yields progress)."""

    request_id: int
    compute: Compute
    supersede: bool = False  # cancel the running job when this one arrives
    model: object = None  # the module ``compute`` runs, if any: once stopped, its next layer stops it


@dataclass(frozen=True)
class Progress:
    """How far a job is (0–1) and, optionally, a partial result to show meanwhile."""

    request_id: int
    fraction: float
    partial: object = None


@dataclass(frozen=True)
class Outcome:
    """How a job ended: ``value`` when it finished, else ``cancelled`` or an ``error`` message."""

    request_id: int
    value: object = None
    error: str = ""
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when the job finished with a value."""
        return not self.error and not self.cancelled


class AttributionWorker(QThread):
    """Runs jobs one at a time, newest first, in its own thread; signals carry plain data."""

    progress = Signal(object)
    done = Signal(object)

    def __init__(self, name: str = "cnnviz-attribution") -> None:
        super().__init__()
        self.setObjectName(name)
        self._cond = threading.Condition()
        self._pending: Job | None = None
        self._running: tuple[Job, threading.Event] | None = None
        self._alive = False
        self.finished.connect(self._release)

    # -- control (GUI thread) ------------------------------------------------------------
    def submit(self, job: Job) -> None:
        """Replace any pending job with ``job``; start the thread if it is idle."""
        with self._cond:
            self._pending = job
            if job.supersede and self._running is not None:
                self._running[1].set()
            restart = not self._alive
            self._alive = True
        if restart:
            self.wait()  # a thread that has just found no work finishes its last line
            _RUNNING.add(self)
            self.start()

    def cancel(self) -> None:
        """Drop the pending job and stop the running one at its next check."""
        with self._cond:
            self._pending = None
            if self._running is not None:
                self._running[1].set()

    def busy(self) -> bool:
        """True while a job runs or waits."""
        with self._cond:
            return self._alive

    def running_id(self) -> int | None:
        """The request id of the job being computed, if any."""
        with self._cond:
            return self._running[0].request_id if self._running is not None else None

    def stop(self) -> None:
        """Cancel everything and wait for the thread to end."""
        self.cancel()
        self.wait()

    def _release(self) -> None:
        """The thread ended: drop the strong reference unless a new job restarted it."""
        if not self.busy():
            self.wait()
            _RUNNING.discard(self)

    # -- thread body ---------------------------------------------------------------------
    def _take(self) -> tuple[Job, threading.Event] | None:
        with self._cond:
            job, self._pending = self._pending, None
            self._running = None if job is None else (job, threading.Event())
            if job is None:
                self._alive = False
            return self._running

    def run(self) -> None:
        """Compute jobs until none is pending, then end."""
        while (taken := self._take()) is not None:
            job, stop = taken
            self.done.emit(self._compute(job, stop))

    def _compute(self, job: Job, stop: threading.Event) -> Outcome:
        from cnnviz.core.backprop import Cancelled

        last = [-1.0]

        def report(fraction: float, partial: object = None) -> None:
            now = time.perf_counter()
            if last[0] < 0 or now - last[0] >= PROGRESS_INTERVAL_S or fraction >= 1.0:
                last[0] = now
                self.progress.emit(Progress(job.request_id, float(fraction), partial))

        try:
            with stop_between_layers(job.model, stop.is_set):
                value = job.compute(stop.is_set, report)
                if isinstance(value, Iterator):
                    value = drive(value, stop.is_set, report)
        except Cancelled:
            return Outcome(job.request_id, cancelled=True)
        except Exception as exc:  # a user model may raise anything: a message, the app goes on
            if not isinstance(exc, (ValueError, RuntimeError, LookupError)):
                traceback.print_exc()
            from cnnviz.gui.inference_worker import out_of_memory_message

            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return Outcome(job.request_id, error=out_of_memory_message(exc) or text)
        if stop.is_set():
            return Outcome(job.request_id, cancelled=True)
        return Outcome(job.request_id, value=value)


def drive(steps: Iterator[Any], should_stop: StopCheck, report: Report) -> object:
    """Run a progress generator to its end, reporting each item; the last item is the result.

    Items with a ``fraction`` attribute give the progress (otherwise it is unknown, 0).
    The generator is closed when ``should_stop()`` turns true (its ``finally`` runs,
    its hooks are removed) and :class:`Cancelled` is raised.
    """
    from cnnviz.core.backprop import Cancelled

    last: object = None
    try:
        for item in steps:
            last = item
            report(float(getattr(item, "fraction", 0.0)), item)
            if should_stop():
                raise Cancelled("stopped on request")
    finally:
        close = getattr(steps, "close", None)
        if close is not None:
            close()
    return last


@contextmanager
def stop_between_layers(model: object, should_stop: StopCheck) -> Iterator[None]:
    """Every layer of ``model`` (a private twin) checks ``should_stop`` before it runs, so a long
    forward pass (a batch of occluded images through a big model) ends at its next layer with
    :class:`Cancelled` rather than at its end: closing the window or Cancel wait milliseconds."""
    from torch import nn

    from cnnviz.core.backprop import Cancelled

    def check(_module: nn.Module, _inputs: object) -> None:
        if should_stop():
            raise Cancelled("stopped on request")

    modules = list(model.modules()) if isinstance(model, nn.Module) else []
    handles = [module.register_forward_pre_hook(check) for module in modules]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def counting(should_stop: StopCheck, report: Report, expected_passes: int) -> StopCheck:
    """A stop check that also reports progress: core calls it once per forward pass."""
    calls = [0]

    def check() -> bool:
        calls[0] += 1
        report(min(calls[0] / max(expected_passes, 1), 0.99), None)
        return should_stop()

    return check


def make_twin(module: nn.Module) -> nn.Module:
    """A private twin of ``module`` (own modules, shared weights, eval mode) without copied hooks.

    Hooks another thread had on the model while it was copied (the inference worker's
    recording) must not fire in the twin.
    """
    from cnnviz.core.stepthrough import private_twin

    twin = private_twin(module)
    for part in twin.modules():
        for hooks in (
            part._forward_hooks,
            part._forward_pre_hooks,
            part._backward_hooks,
            part._backward_pre_hooks,
        ):
            hooks.clear()
    return twin


def twin_is_current(twin: nn.Module) -> bool:
    """False when the original was moved to another device (its buffers were replaced, not shared)."""
    devices = {t.device for t in (*twin.parameters(), *twin.buffers())}
    return len(devices) <= 1


_RUNNING: set[AttributionWorker] = set()  # strong references while a thread runs


@atexit.register
def _stop_running_workers() -> None:
    """At interpreter exit, cancel jobs still running and wait for their threads."""
    for worker in list(_RUNNING):
        worker.stop()
