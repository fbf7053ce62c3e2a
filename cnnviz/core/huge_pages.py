"""Large weights backed by transparent huge pages (Linux), for faster forward passes on the CPU.

A fully connected layer reads its whole weight matrix on every forward pass: AlexNet's
classifier is 235 MB. Backed by 4 KiB pages, that walk misses the TLB often; backed by
2 MiB pages, AlexNet's forward pass is 6–12% faster on the development machine. The
kernel's ``MADV_COLLAPSE`` (Linux 6.1+) moves memory that is already filled onto huge
pages in place: same addresses, same values, so a forward pass running meanwhile is
unaffected. It marks nothing for the future: memory later reused for other data gets
ordinary pages again. It costs about 0.5 s of kernel time for AlexNet, so it runs in a background
thread after the model has opened. Nothing happens where the system disables transparent
huge pages, on other systems, or for weights outside main memory.
"""

from __future__ import annotations

import ctypes
import errno
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

MADV_HUGEPAGE = 14
MADV_COLLAPSE = 25
THP_SETTINGS = Path("/sys/kernel/mm/transparent_hugepage")


def huge_page_size() -> int:
    """The size of a transparent huge page in bytes; 0 where there are none to have."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        enabled = (THP_SETTINGS / "enabled").read_text()
        size = int((THP_SETTINGS / "hpage_pmd_size").read_text())
    except (OSError, ValueError):
        return 0
    return 0 if "[never]" in enabled else size


def whole_pages(address: int, length: int, page: int) -> tuple[int, int]:
    """(start, length) of the page-aligned range that lies wholly inside [address, address + length)."""
    start = -(-address // page) * page
    end = (address + length) // page * page
    return start, max(end - start, 0)


def large_cpu_storages(module: torch.nn.Module, page: int) -> list[torch.UntypedStorage]:
    """Each distinct main-memory storage of the module's parameters and buffers that holds a
    whole huge page."""
    found: dict[int, torch.UntypedStorage] = {}
    for tensor in [*module.parameters(), *module.buffers()]:
        try:
            storage = tensor.untyped_storage()
        except (RuntimeError, ValueError, NotImplementedError):  # no memory of its own (lazy, sparse)
            continue
        if storage.device.type != "cpu" or storage.data_ptr() in found:
            continue
        if whole_pages(storage.data_ptr(), storage.nbytes(), page)[1]:
            found[storage.data_ptr()] = storage
    return list(found.values())


def collapse(storages: Iterable[torch.UntypedStorage], page: int) -> int:
    """Ask the kernel to back each storage's whole huge pages with huge pages; bytes moved."""
    advise = ctypes.CDLL(None, use_errno=True).madvise  # releases the GIL while the kernel works
    advise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    moved = 0
    for storage in storages:
        start, length = whole_pages(storage.data_ptr(), storage.nbytes(), page)
        if advise(start, length, MADV_COLLAPSE) == 0:
            moved += length
        elif ctypes.get_errno() == errno.EINVAL:  # a kernel before 6.1: khugepaged may do it later
            advise(start, length, MADV_HUGEPAGE)
    return moved


def back_with_huge_pages(module: torch.nn.Module) -> threading.Thread | None:
    """Start moving the module's large weights onto huge pages in the background; the thread,
    or None when there is nothing to do. The thread holds the storages until it is done."""
    page = huge_page_size()
    storages = large_cpu_storages(module, page) if page else []
    if not storages:
        return None
    thread = threading.Thread(target=collapse, args=(storages, page), name="cnnviz-huge-pages", daemon=True)
    thread.start()
    return thread
