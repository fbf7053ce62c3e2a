"""Per-thread intra-op thread counts: a limited thread starts no OpenMP team, the others keep theirs."""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core.threads import is_openmp, limit_this_thread, openmp_runtime

PR_SET_NAME = 15
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/task")


def in_new_thread(body: Callable[[], object]) -> object:
    """``body``'s result, run in a new thread that has ended when this returns."""
    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(body()))
    thread.start()
    thread.join()
    return results[0]


def default_count() -> int:
    return int(in_new_thread(torch.get_num_threads))  # type: ignore[call-overload]


def threads_named(name: str) -> int:
    """Threads of this process whose name is ``name`` (threads started by a thread inherit its name)."""
    found = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            found += (task / "comm").read_text().strip() == name
        except OSError:
            continue  # the thread ended meanwhile
    return found


def threads_after_a_convolution(name: str, limit: int | None) -> int:
    """In a new thread called ``name``: optionally limit it, run a convolution, count its namesakes."""

    def body() -> int:
        ctypes.CDLL(None).prctl(PR_SET_NAME, name.encode(), 0, 0, 0)
        if limit is not None:
            assert limit_this_thread(limit)
        with torch.no_grad():
            nn.Conv2d(3, 64, 11, stride=4)(torch.randn(2, 3, 224, 224))
        return threads_named(name)

    return int(in_new_thread(body))  # type: ignore[call-overload]


def test_the_limit_holds_in_the_calling_thread_only() -> None:
    before, mine = default_count(), torch.get_num_threads()
    if before < 2:
        pytest.skip("torch runs one thread here: nothing to limit")

    def limited() -> int:
        assert limit_this_thread(1)
        return torch.get_num_threads()

    assert in_new_thread(limited) == 1
    assert default_count() == before  # threads started later begin as before
    assert torch.get_num_threads() == mine  # and this one was left alone


@linux_only
def test_a_limited_thread_starts_no_team_of_threads() -> None:
    if default_count() < 2:
        pytest.skip("torch runs one thread here: no team to start")
    assert openmp_runtime() is not None  # torch's Linux wheels run on libgomp
    assert threads_after_a_convolution("cnnviz-t-free", limit=None) > 1  # its team, named after it
    assert threads_after_a_convolution("cnnviz-t-one", limit=1) == 1


def test_openmp_library_names() -> None:
    for name in ("libgomp.so.1", "libgomp-a34b3233.so.1", "libomp.dylib", "libiomp5md.dll", "libiomp5.so"):
        assert is_openmp(Path(name)), name
    for name in ("libgomp.txt", "libtorch_cpu.so", "libomp.lib", "gomp.so"):
        assert not is_openmp(Path(name)), name


@linux_only
def test_the_runtime_found_is_the_one_torch_loaded() -> None:
    runtime = openmp_runtime()
    assert runtime is not None
    loaded = Path("/proc/self/maps").read_text()
    assert runtime._name in loaded and os.path.basename(runtime._name).startswith("libgomp")
