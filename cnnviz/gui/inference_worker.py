"""A worker thread that runs the newest inference request and drops older ones.

While the user draws, requests arrive faster than they can be computed; only
the latest pending request is kept, so the display never lags behind a queue.
"""

from __future__ import annotations

import atexit
import threading
import traceback
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from cnnviz.core.filters import FilterBank
    from cnnviz.core.inference import InferenceRequest
    from cnnviz.core.spec import ModelBundle


@dataclass
class Job:
    """One request bound to the model and device it must run on."""

    bundle: ModelBundle
    request: InferenceRequest
    device: str


@dataclass(frozen=True)
class Failure:
    """Why a request produced no result (the selected layer's filters still travel)."""

    request_id: int
    message: str
    empty_input: bool = False
    filters: FilterBank | None = None


class InferenceWorker(QThread):
    """Computes :class:`Job` objects one at a time, newest first, off the GUI thread."""

    result_ready = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cnnviz-inference")
        self._cond = threading.Condition()
        self._pending: Job | None = None
        self._weights: tuple[object, dict[str, Any]] | None = None
        self._stopping = False
        _LIVE_WORKERS.add(self)

    def submit(self, job: Job) -> None:
        """Replace any pending job with this one and wake the worker."""
        with self._cond:
            self._pending = job
            self._cond.notify()

    def set_weights(self, module: object, state: dict[str, Any]) -> None:
        """Load ``state`` into ``module`` before the next computation (newest wins)."""
        with self._cond:
            self._weights = (module, state)

    def _take_weights(self) -> tuple[object, dict[str, Any]] | None:
        with self._cond:
            weights, self._weights = self._weights, None
            return weights

    def stop(self) -> None:
        """Ask the loop to end and wait for it."""
        with self._cond:
            self._stopping = True
            self._pending = None
            self._cond.notify()
        self.wait()

    def _next_job(self) -> Job | None:
        with self._cond:
            while self._pending is None and not self._stopping:
                self._cond.wait()
            job, self._pending = self._pending, None
            return None if self._stopping else job

    def run(self) -> None:
        """Thread body: wait for a job, compute it, publish plain data."""
        while (job := self._next_job()) is not None:
            self._compute(job)

    def _compute(self, job: Job) -> None:
        from cnnviz.core.filters import filter_bank
        from cnnviz.core.inference import run_inference
        from cnnviz.core.preprocess import EmptyInputError

        filters = None
        try:
            weights = self._take_weights()
            if weights is not None and weights[0] is job.bundle.module:
                job.bundle.module.load_state_dict(weights[1])
            filters = next((filter_bank(job.bundle.module, n) for n in job.request.layers), None)
            move_to(job.bundle, job.device)
            result = run_inference(job.bundle, job.request, job.device)
            result.filters = filters
        except EmptyInputError as exc:
            self.failed.emit(Failure(job.request.request_id, str(exc), empty_input=True, filters=filters))
        except Exception as exc:  # a user model may raise anything; report, keep running
            traceback.print_exc()
            message = f"The model failed on this input: {type(exc).__name__}: {exc}"
            self.failed.emit(Failure(job.request.request_id, message.splitlines()[0]))
        else:
            self.result_ready.emit(result)


_LIVE_WORKERS: weakref.WeakSet[InferenceWorker] = weakref.WeakSet()


@atexit.register
def _stop_live_workers() -> None:
    """At interpreter exit, end worker threads a window did not get to stop."""
    for worker in list(_LIVE_WORKERS):
        worker.stop()


def move_to(bundle: ModelBundle, device: str) -> None:
    """Move the model to ``device`` if its parameters live elsewhere."""
    first = next(bundle.module.parameters(), None)
    if (
        first is not None
        and str(first.device) != device
        and not (device == "cuda:0" and str(first.device) == "cuda")
    ):
        bundle.module.to(device)
