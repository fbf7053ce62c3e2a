"""An opened model's large weights move onto huge pages soon after it shows (Linux)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from cnnviz.core.huge_pages import huge_page_size, whole_pages
from tests.core.test_huge_pages import collapse_works, huge_kib_in, needs_huge_pages
from tests.gui.conftest import open_window


@needs_huge_pages
def test_alexnets_classifier_is_on_huge_pages_after_opening(qtbot: QtBot, settings):
    if not collapse_works():
        pytest.skip("the kernel here has no MADV_COLLAPSE (Linux < 6.1) or no free huge page")
    window = open_window(qtbot, settings, "zoo:alexnet")
    storage = window.session.bundle.module.classifier[1].weight.untyped_storage()  # 9216×4096: 144 MiB
    start, length = whole_pages(storage.data_ptr(), storage.nbytes(), huge_page_size())
    qtbot.waitUntil(lambda: huge_kib_in(start, length) >= length // 1024 // 2, timeout=30_000)
