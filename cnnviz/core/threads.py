"""How many intra-op threads one thread's torch operations use, the other threads left alone.

OpenMP gives every thread that starts a parallel operation a team of its own, and the
team's threads live as long as that thread. GNU OpenMP (libgomp, shipped with torch on
Linux) counts every team's threads; once they outnumber the cores, each thread that
waits between two parallel operations sleeps at once instead of spinning, and every
operation then wakes it again. On 2 cores, one idle team (the GUI thread's, or the
inference worker's) made a LeNet-5 training loop take 1.3–1.4× as long.

``torch.set_num_threads`` would also change the count that threads started later begin
with; ``omp_set_num_threads`` of the OpenMP runtime changes the calling thread's only.
"""

from __future__ import annotations

import ctypes
import threading
from functools import cache
from pathlib import Path

OPENMP_NAMES = ("libgomp", "libomp", "libiomp5")
_limited = threading.local()


def limit_this_thread(count: int) -> bool:
    """Make torch operations started from the calling thread use at most ``count`` threads;
    True when that holds afterwards (False where no OpenMP runtime could be reached).

    Call it before the thread's first parallel operation: a team already started stays
    until the thread ends.
    """
    if getattr(_limited, "count", None) == count:
        return True
    import torch

    torch.get_num_threads()  # torch's own per-thread set-up first: it would reset the count later
    runtime = openmp_runtime()
    if runtime is None:
        return False
    runtime.omp_set_num_threads(count)
    _limited.count = count
    return torch.get_num_threads() == count


@cache
def openmp_runtime() -> ctypes.CDLL | None:
    """The OpenMP library torch runs on (the one already loaded in this process), or None."""
    for path in loaded_openmp_paths() + bundled_openmp_paths():
        try:
            library = ctypes.CDLL(str(path))
        except OSError:
            continue
        if hasattr(library, "omp_set_num_threads"):
            return library
    return None


def loaded_openmp_paths() -> list[Path]:
    """OpenMP libraries mapped into this process (Linux: /proc/self/maps)."""
    try:
        text = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    found = {Path(field) for field in text.split() if field.startswith("/") and is_openmp(Path(field))}
    return sorted(found)


def bundled_openmp_paths() -> list[Path]:
    """OpenMP libraries shipped inside torch's package (macOS, Windows)."""
    import torch

    folder = Path(torch.__file__).parent / "lib"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if is_openmp(path))


def is_openmp(path: Path) -> bool:
    """True for an OpenMP runtime's shared library file name."""
    name = path.name.lower()
    return name.startswith(OPENMP_NAMES) and (".so" in name or name.endswith((".dylib", ".dll")))
