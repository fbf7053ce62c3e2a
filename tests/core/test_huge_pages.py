"""Large weights on transparent huge pages: which memory, unchanged values, the kernel's own account."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core.huge_pages import (
    back_with_huge_pages,
    collapse,
    huge_page_size,
    large_cpu_storages,
    whole_pages,
)

MIB = 1 << 20
PAGE = 2 * MIB


def huge_kib_in(start: int, length: int) -> int:
    """AnonHugePages of every mapping that overlaps [start, start + length) (the kernel's
    /proc/self/smaps). A range may span several mappings: numpy marks its large arrays for
    huge pages, which splits the heap where they lay."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()[0]
        if "-" in head and not head.endswith(":"):
            low, high = (int(part, 16) for part in head.split("-"))
            inside = low < start + length and start < high
        elif inside and head == "AnonHugePages:":
            total += int(line.split()[1])
    return total


def big_net() -> nn.Sequential:
    """A fully connected layer of 16 MiB (several whole huge pages) and small ones that hold none."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2048, 2048), nn.ReLU(), nn.Linear(2048, 10), nn.BatchNorm1d(10))


def test_whole_pages_keeps_only_the_pages_inside_the_range():
    assert whole_pages(0, 3 * PAGE, PAGE) == (0, 3 * PAGE)
    assert whole_pages(100, 3 * PAGE, PAGE) == (PAGE, 2 * PAGE)  # both ends cut
    assert whole_pages(PAGE - 1, PAGE + 1, PAGE) == (PAGE, PAGE)
    assert whole_pages(1, PAGE, PAGE) == (PAGE, 0)  # spans two pages, holds neither


def test_only_storages_that_hold_a_whole_huge_page_are_chosen():
    net = big_net()
    chosen = large_cpu_storages(net, PAGE)
    assert [storage.data_ptr() for storage in chosen] == [net[0].weight.untyped_storage().data_ptr()]


def test_a_storage_shared_by_two_layers_is_chosen_once():
    net = big_net()
    twin = nn.Linear(2048, 2048)
    twin.weight = net[0].weight  # tied weights, as in some language models' heads
    assert len(large_cpu_storages(nn.Sequential(net, twin), PAGE)) == 1


def test_weights_outside_main_memory_are_left_alone():
    on_meta = nn.Linear(2048, 2048, device="meta")
    assert large_cpu_storages(on_meta, PAGE) == []


needs_huge_pages = pytest.mark.skipif(huge_page_size() == 0, reason="no transparent huge pages here")


def collapse_works() -> bool:
    """Whether this kernel moves memory onto huge pages on request (Linux 6.1+, a free huge page)."""
    page = huge_page_size()
    return page > 0 and collapse(large_cpu_storages(big_net(), page), page) > 0


@needs_huge_pages
def test_collapse_moves_the_weights_onto_huge_pages_with_the_same_values():
    net = big_net().eval()
    x = torch.randn(4, 2048)
    with torch.no_grad():
        before = net(x)
    weight = net[0].weight
    start, length = whole_pages(weight.untyped_storage().data_ptr(), weight.untyped_storage().nbytes(), PAGE)
    if not collapse_works():
        pytest.skip("the kernel here has no MADV_COLLAPSE (Linux < 6.1) or no free huge page")
    moved = collapse(large_cpu_storages(net, huge_page_size()), huge_page_size())
    if moved != length:  # best effort: no free huge page at this moment (fragmented memory)
        pytest.skip("the kernel found no free huge page just now")
    # The kernel may split a page again later (compaction); part may have been huge before (numpy's marks).
    assert huge_kib_in(start, length) >= PAGE // 1024
    with torch.no_grad():
        assert torch.equal(net(x), before)


@needs_huge_pages
def test_the_background_thread_ends_and_a_small_model_starts_none():
    assert back_with_huge_pages(nn.Sequential(nn.Conv2d(1, 6, 5), nn.Linear(120, 84))) is None
    thread = back_with_huge_pages(big_net())
    assert isinstance(thread, threading.Thread)
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_nothing_happens_where_the_system_has_no_huge_pages(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("cnnviz.core.huge_pages.THP_SETTINGS", Path("/nonexistent"))
    assert huge_page_size() == 0
    assert back_with_huge_pages(big_net()) is None
