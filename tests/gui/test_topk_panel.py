"""The Top-9 panel on a real window: LeNet-5 scanning 200 generated digits."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.core.topk import scan_topk
from cnnviz.core.topk_data import load_scan_images
from cnnviz.core.topk_views import TopKViews
from cnnviz.gui import attribution_worker
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.topk_panel import TopKPanel
from tests.gui.conftest import open_window

LIMIT = 200
TIMEOUT_MS = 60_000


def ready_panel(qtbot: QtBot, window: MainWindow, layer: str = "conv2") -> TopKPanel:
    """The panel on ``layer`` of the 'digits' set, 200 images, with the images loaded."""
    panel = window.topk_panel
    window.docks["Top-9"].show()
    window.session.select_layer(layer)
    panel.limit_box.setValue(LIMIT)
    panel.data_box.setCurrentIndex(panel.data_box.findData("digits"))
    panel.refresh()
    qtbot.waitUntil(lambda: panel.found is not None and not panel.scan_worker.busy(), timeout=TIMEOUT_MS)
    return panel


def full_scan(window: MainWindow, panel: TopKPanel):  # type: ignore[no-untyped-def]
    assert panel.found is not None
    bundle = window.session.bundle
    images = load_scan_images("digits", bundle.spec, LIMIT)
    *_, last = scan_topk(bundle, images, panel.found.key.layer)
    return last.state, images


def test_scan_shows_crops_and_projections(qtbot: QtBot, settings) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    panel = ready_panel(qtbot, window)
    assert panel.layer_box.currentText() == "conv2"
    panel.scan_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.complete, timeout=TIMEOUT_MS)
    expected, images = full_scan(window, panel)
    assert panel.state.same_result(expected)
    views = TopKViews(window.session.bundle, expected, images)
    panel.channel_box.setValue(3)
    assert [c.channel for c in panel.shown_crops] == [3] * 9
    for rank, crop in enumerate(panel.shown_crops):
        np.testing.assert_array_equal(crop.image, views.crop(3, rank).image)
        assert panel.grids.crops.labels[rank].text == f"{crop.value:.3g}"
    qtbot.waitUntil(lambda: len(panel.shown_projections) == 9, timeout=TIMEOUT_MS)
    for rank, image in panel.shown_projections.items():
        np.testing.assert_allclose(image, views.projection(3, rank).image, rtol=1e-5, atol=1e-6)
    qtbot.waitUntil(lambda: not panel.projection_worker.busy(), timeout=TIMEOUT_MS)
    assert hook_total(window.session.bundle.module) == 0
    assert "Scanned" in panel.status.text()


def test_cancel_then_resume_equals_full_scan_and_reopen_loads_cache(qtbot: QtBot, settings) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    panel = ready_panel(qtbot, window, "conv1")
    assert panel.found is not None
    from cnnviz.core.topk_cache import cache_file, save_cache

    # A partial scan, as Cancel leaves it: the first batch of 64 images only.
    *_, first = scan_topk(window.session.bundle, panel.found.images, "conv1", batch_size=64, cancelled=None)
    partial_steps = scan_topk(window.session.bundle, panel.found.images, "conv1", batch_size=64)
    partial = next(iter(partial_steps)).state
    save_cache(cache_file(panel.cache_dir, panel.found.key), partial, panel.found.key)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.state is not None and not panel.state.complete, timeout=TIMEOUT_MS)
    assert panel.resume_button.isEnabled()
    panel.resume_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.complete, timeout=TIMEOUT_MS)
    assert panel.state.same_result(first.state)
    qtbot.waitUntil(lambda: not panel.projection_worker.busy(), timeout=TIMEOUT_MS)
    window.close()

    second = open_window(qtbot, settings)
    again = ready_panel(qtbot, second, "conv1")
    qtbot.waitUntil(lambda: again.state is not None, timeout=TIMEOUT_MS)
    assert again.state.same_result(first.state)
    assert again.status.text().startswith("Loaded from cache")
    qtbot.waitUntil(lambda: not again.projection_worker.busy(), timeout=TIMEOUT_MS)
    assert hook_total(second.session.bundle.module) == 0


def test_cancel_mid_scan_then_resume_equals_full_scan(qtbot: QtBot, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(attribution_worker, "PROGRESS_INTERVAL_S", 0.0)  # every batch reports
    window = open_window(qtbot, settings)
    panel = ready_panel(qtbot, window, "conv1")
    panel.batch_size = 10
    seen: list[int] = []

    def cancel_once(progress) -> None:  # type: ignore[no-untyped-def]
        """In the worker thread (direct connection): cancel after the first batch, before the next."""
        done = getattr(progress.partial, "images_done", None)
        if done is not None and not seen:
            seen.append(done)
            panel.scan_worker.cancel()  # thread-safe; the scan stops at its next check

    panel.scan_worker.progress.connect(cancel_once, Qt.ConnectionType.DirectConnection)
    panel.scan_button.click()
    qtbot.waitUntil(lambda: panel.status.text().startswith("A partial scan"), timeout=TIMEOUT_MS)
    assert panel.state is not None and 0 < panel.state.images_done < LIMIT
    assert panel.resume_button.isEnabled()
    panel.resume_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.complete, timeout=TIMEOUT_MS)
    expected, _ = full_scan(window, panel)
    assert panel.state.same_result(expected)
    qtbot.waitUntil(lambda: not panel.projection_worker.busy(), timeout=TIMEOUT_MS)
    assert hook_total(window.session.bundle.module) == 0


def test_panel_constants_follow_the_core() -> None:
    """The panel repeats two core constants so that importing it does not load torch."""
    from cnnviz.core.datasets import FOLDER_PREFIX
    from cnnviz.core.topk import DEFAULT_K
    from cnnviz.core.topk_cache import default_cache_dir
    from cnnviz.gui.panels import topk_controls, topk_panel

    assert (topk_controls.FOLDER_PREFIX, topk_panel.DEFAULT_K) == (FOLDER_PREFIX, DEFAULT_K)
    assert default_cache_dir().parts[-2:] == ("cnnviz", "topk")
