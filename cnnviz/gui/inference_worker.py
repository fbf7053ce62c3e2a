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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QThread, Signal

if TYPE_CHECKING:
    from cnnviz.core.filters import FilterBank
    from cnnviz.core.inference import InferenceRequest, InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary_cache import SummaryCache

# cnnviz.core.preprocess's EmptyInputError messages (core has no Qt): translated when reported.
# A test checks that they match core's words.
EMPTY_INPUT = (
    QT_TRANSLATE_NOOP("InferenceWorker", "There is no ink to classify: draw something first."),
    QT_TRANSLATE_NOOP("InferenceWorker", "The image is empty (zero width or height)."),
)


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
        self._filters = FiltersCache()
        self._summaries: SummaryCache | None = None  # made in the thread (it imports torch)
        self._stopping = False
        self._threads: int | None = None  # torch's intra-op threads for this thread; None: torch's default
        self._restart = False
        self.threads_in_use = 0  # torch's intra-op threads in the last job
        self.finished.connect(self._restart_if_asked)
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

    def set_threads(self, count: int | None) -> None:
        """Compute with ``count`` torch threads from the next job on (None: torch's default).

        The thread ends after its current job and starts again: an OpenMP team lives as long
        as the thread that started it, and an idle team slows every other team (see
        :mod:`cnnviz.core.threads`). A job that arrives meanwhile waits for the new thread.
        """
        with self._cond:
            if count == self._threads:
                return
            self._threads = count
            self._restart = self._restart or self.isRunning()  # a restart already asked for still holds
            self._cond.notify()

    def _restart_if_asked(self) -> None:
        """The thread ended (GUI thread): start it again when :meth:`set_threads` asked."""
        with self._cond:
            restart, self._restart = self._restart and not self._stopping, False
        if restart:
            self.wait()  # the thread has emitted ``finished``: it is at its last line
            self.start()

    def stop(self) -> None:
        """Ask the loop to end and wait for it."""
        with self._cond:
            self._stopping = True
            self._pending = None
            self._cond.notify()
        self.wait()

    def _next_job(self) -> Job | None:
        with self._cond:
            while self._pending is None and not self._stopping and not self._restart:
                self._cond.wait()
            if self._stopping or self._restart:
                return None  # a restart keeps the pending job for the new thread
            job, self._pending = self._pending, None
            return job

    def run(self) -> None:
        """Thread body: wait for a job, compute it, publish plain data."""
        self._use_threads()
        while (job := self._next_job()) is not None:
            self._compute(job)

    def _use_threads(self) -> None:
        """Apply :meth:`set_threads`'s count in this new thread (importing torch only when one is set)."""
        with self._cond:
            count = self._threads
        if count is not None:
            from cnnviz.core.threads import limit_this_thread

            limit_this_thread(count)

    def _compute(self, job: Job) -> None:
        import torch

        from cnnviz.core.inference import run_inference
        from cnnviz.core.preprocess import EmptyInputError
        from cnnviz.core.summary_cache import SummaryCache

        self._summaries = self._summaries or SummaryCache()
        self.threads_in_use = torch.get_num_threads()
        filters = None
        try:
            weights = self._take_weights()
            if weights is not None and weights[0] is job.bundle.module:
                job.bundle.module.load_state_dict(weights[1])
            filters = self._filters.bank(job.bundle.module, next(iter(job.request.layers), ""))
            move_to(job.bundle, job.device)
            result = run_inference(job.bundle, job.request, job.device, self._summaries)
            result.filters = filters
        except EmptyInputError as exc:
            message = QCoreApplication.translate("InferenceWorker", str(exc))  # core's words, see EMPTY_INPUT
            self.failed.emit(Failure(job.request.request_id, message, empty_input=True, filters=filters))
        except Exception as exc:  # a user model may raise anything; report, keep running
            traceback.print_exc()
            text = QCoreApplication.translate("InferenceWorker", "The model failed on this input: {error}")
            message = text.format(error=f"{type(exc).__name__}: {exc}")
            message = out_of_memory_message(exc) or message
            self.failed.emit(Failure(job.request.request_id, message.splitlines()[0]))
        else:
            self._publish(job, result)

    def _publish(self, job: Job, result: InferenceResult) -> None:
        """Send the result; an output that is not a number (NaN weights) is a message instead."""
        import numpy as np

        if np.isfinite(result.probabilities).all():
            self.result_ready.emit(result)
        else:
            message = not_a_number_message(job.bundle.module)
            self.failed.emit(Failure(job.request.request_id, message, filters=result.filters))


def out_of_memory_message(exc: BaseException) -> str:
    """What to do after running out of memory ("" for any other error); CUDA's error suggests the CPU."""
    from cnnviz.core.train_steps import is_out_of_memory

    if not is_out_of_memory(exc):
        return ""
    if "cuda" in f"{type(exc).__name__} {exc}".lower():
        return QCoreApplication.translate(
            "InferenceWorker",
            "The GPU ran out of memory for this model and input. Choose the CPU as the device "
            "(Device, in the status bar), or a smaller model or input.",
        )
    return QCoreApplication.translate(
        "InferenceWorker",
        "The computer ran out of memory for this model and input: close other programs, or choose "
        "a smaller model or input.",
    )


def not_a_number_message(module: object) -> str:
    """Why the output is NaN or infinite: the weights (training diverged) or this input."""
    import torch

    parameters = module.parameters() if isinstance(module, torch.nn.Module) else ()
    if any(not bool(torch.isfinite(p).all()) for p in parameters):
        return QCoreApplication.translate(
            "InferenceWorker",
            "The model's weights contain NaN or infinite values (did its training diverge?), so its "
            "output is not a number. Open or train other weights.",
        )
    return QCoreApplication.translate(
        "InferenceWorker", "The model's output for this input is not a number (NaN or infinity)."
    )


class FiltersCache:
    """The selected layer's filter bank, copied again only when the layer or its weights change.

    Parameters count in-place writes (``_version``: optimiser steps, ``load_state_dict``) and
    a move to another device gives new storage, so the key sees every change of the weights;
    the same :class:`FilterBank` object is returned while they stay as they were.
    """

    def __init__(self) -> None:
        self._module: weakref.ref[object] | None = None
        self._key: tuple[object, ...] = ()
        self._bank: FilterBank | None = None

    def bank(self, module: object, layer: str) -> FilterBank | None:
        """The filter bank of ``layer`` in ``module`` (None if it is no convolution)."""
        from cnnviz.core.filters import filter_bank

        key = (layer, *weights_key(module, layer))
        if self._module is None or self._module() is not module or key != self._key:
            self._module, self._key = weakref.ref(module), key
            self._bank = filter_bank(module, layer) if layer else None
        return self._bank


def weights_key(module: object, layer: str) -> tuple[object, ...]:
    """(storage, version) of each parameter of ``layer``: changes whenever its weights do."""
    from torch import nn

    if not isinstance(module, nn.Module) or not layer:
        return ()
    found = dict(module.named_modules()).get(layer.split("#")[0])
    if found is None:
        return ()
    return tuple((p.data_ptr(), p._version) for p in found.parameters(recurse=False))


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
