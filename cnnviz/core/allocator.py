"""The C allocator set up for a long session with big arrays (glibc; elsewhere nothing changes).

glibc gives every thread that allocates concurrently its own arena, and memory freed
in one arena is reused only by the threads allocating there. The GUI thread (maps
coloured for display), the inference worker (a forward pass) and the loader (the
layer table's and the probes' forward passes) would each keep their own high-water
mark: with VGG-16 that is about 0.1 GB more resident memory than the same work in
one shared arena, at no measurable cost in speed (a few threads, large blocks).
"""

from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8  # mallopt parameter number in glibc's malloc.h


def share_one_malloc_arena() -> bool:
    """Let all threads allocate from one glibc arena; True when applied.

    Call it early, before worker threads start. A ``MALLOC_ARENA_MAX`` set in the
    environment wins; other C libraries (macOS, Windows, musl) are left alone.
    """
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, 1))
