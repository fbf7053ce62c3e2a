"""What a long session must give back: hooks, threads, top-level widgets, resident memory.

:func:`take` counts them all at one moment (after collecting garbage, deleting what Qt
was asked to delete and giving freed heap back to the system); :func:`leaks` compares
two counts the way the soak tests judge them: every count back to its baseline, the
resident memory grown by at most a given fraction.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
import threading
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThread
from PySide6.QtWidgets import QApplication
from torch import nn
from torch.nn.modules import module as torch_module

HOOK_DICTS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")
GLOBAL_HOOK_DICTS = (
    "_global_forward_hooks",
    "_global_forward_pre_hooks",
    "_global_backward_hooks",
    "_global_backward_pre_hooks",
    "_global_module_registration_hooks",
    "_global_parameter_registration_hooks",
    "_global_buffer_registration_hooks",
)


@dataclass(frozen=True)
class Resources:
    """Counts at one moment; ``rss`` in bytes."""

    module_hooks: int  # on every live nn.Module (the model, twins, copies) and their parameters
    global_hooks: int  # torch's process-wide module hooks
    python_threads: int
    native_threads: int  # every thread of the process (torch's pools included)
    running_qthreads: int
    top_level_widgets: int
    rss: int

    def counts(self) -> dict[str, int]:
        """Everything but the memory, by name."""
        return {name: value for name, value in vars(self).items() if name != "rss"}


def module_hooks() -> int:
    """Hooks on every live module and on their parameters (tensor hooks)."""
    total = 0
    for obj in gc.get_objects():
        if issubclass(type(obj), nn.Module):
            total += sum(len(getattr(obj, name, None) or {}) for name in HOOK_DICTS)
            total += sum(len(p._backward_hooks or {}) for p in obj.parameters(recurse=False))
    return total


def global_hooks() -> int:
    """torch's global module hooks (every module would run them)."""
    return sum(len(getattr(torch_module, name)) for name in GLOBAL_HOOK_DICTS)


def running_qthreads() -> int:
    """QThread objects whose thread runs."""
    threads = [obj for obj in gc.get_objects() if issubclass(type(obj), QThread) and shiboken6.isValid(obj)]
    return sum(1 for thread in threads if thread.isRunning())


def native_threads() -> int:
    """Threads of this process as the kernel sees them (Linux; else Python's count)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def rss_bytes() -> int:
    """Resident memory of this process (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def trim() -> None:
    """Collect garbage and hand freed heap back to the system (glibc); safe inside a slot."""
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def settle() -> None:
    """Run deferred deletes (twice: a deletion may post another), then :func:`trim`."""
    if QCoreApplication.instance() is not None:
        for _ in range(2):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QCoreApplication.processEvents()
    trim()


def take() -> Resources:
    """Count everything now, after :func:`settle`."""
    settle()
    return Resources(
        module_hooks=module_hooks(),
        global_hooks=global_hooks(),
        python_threads=threading.active_count(),
        native_threads=native_threads(),
        running_qthreads=running_qthreads(),
        top_level_widgets=len(QApplication.topLevelWidgets()),
        rss=rss_bytes(),
    )


def growth(before: Resources, after: Resources) -> float:
    """Relative growth of resident memory (0.05 = 5 %)."""
    return after.rss / before.rss - 1.0


def leaks(before: Resources, after: Resources, max_growth: float) -> list[str]:
    """Every count that did not return to its baseline, and memory grown beyond ``max_growth``."""
    found = [
        f"{name}: {before.counts()[name]} → {value}"
        for name, value in after.counts().items()
        if value != before.counts()[name]
    ]
    if growth(before, after) > max_growth:
        found.append(f"rss: {before.rss / 2**20:.1f} MiB → {after.rss / 2**20:.1f} MiB")
    return found
