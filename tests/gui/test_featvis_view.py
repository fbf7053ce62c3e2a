"""Feature visualisation in the Attribution dock: live pictures, the same result as the core, Stop, units."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.core.featvis import ClassTarget, Target, UnitTarget, to_display, visualise
from cnnviz.gui.attribution_worker import Progress
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.attribution_panel import AttributionPanel
from tests.gui.conftest import draw_digit, wait_for_latest

STEPS = 32


def open_featvis(qtbot: QtBot, window: MainWindow, steps: int = STEPS) -> AttributionPanel:
    """The Attribution dock on screen with feature visualisation chosen."""
    window.docks["Attribution"].show()
    window.docks["Attribution"].raise_()
    panel = window.attribution_panel
    qtbot.waitUntil(lambda: panel.twin is not None, timeout=60_000)
    panel.controls.set_method("featvis")
    panel.controls.featvis_steps.setValue(steps)
    return panel


def wait_idle(qtbot: QtBot, panel: AttributionPanel) -> None:
    qtbot.waitUntil(lambda: not panel.worker.busy() and not panel.running, timeout=60_000)


def core_picture(window: MainWindow, target: Target, steps: int = STEPS) -> np.ndarray:
    """The core's last picture for the same target, steps, jitter (2 px for 28 px) and seed."""
    bundle = window.session.bundle
    assert bundle is not None
    spec = bundle.spec
    *_, last = visualise(bundle.module, spec, target, steps=steps, jitter=2, seed=0)
    assert last.step == steps
    return to_display(last.image, spec.mean, spec.std)


def shown_picture(panel: AttributionPanel) -> np.ndarray:
    """What the picture pane draws."""
    image = panel.raw_pane.item.image
    assert image is not None
    return np.asarray(image)


def test_run_shows_live_pictures_and_ends_with_the_cores(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_featvis(qtbot, window)
    panel.controls.target.setCurrentIndex(panel.controls.target.findData(3))
    seen: list[tuple[int, np.ndarray]] = []

    def record(progress: Progress) -> None:  # connected after the panel's slot: sees what it drew
        if panel.featvis_shown is not None:
            seen.append((panel.featvis_shown.step, shown_picture(panel).copy()))

    panel.worker.progress.connect(record)
    panel.run_button.click()
    assert panel.running and panel.cancel_button.text() == "Stop"
    qtbot.waitUntil(
        lambda: panel.featvis_shown is not None and panel.featvis_shown.step == STEPS, timeout=60_000
    )
    wait_idle(qtbot, panel)
    assert seen and seen[0][0] < STEPS  # an intermediate picture came first
    expected = core_picture(window, ClassTarget(3))
    assert expected.shape == (28, 28, 3) and expected.dtype == np.uint8
    assert not np.array_equal(seen[0][1], expected)
    np.testing.assert_array_equal(shown_picture(panel), expected)
    assert not panel.overlay_pane.isVisible()  # on its own, not over the input
    assert "class <b>3</b>" in panel.info.text() and f"step {STEPS} of {STEPS}" in panel.info.text()
    bundle = window.session.bundle
    assert (
        bundle is not None
        and panel.twin is not None
        and hook_total(panel.twin) == 0
        and hook_total(bundle.module) == 0
    )


def test_a_new_image_neither_starts_nor_clears_it(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_featvis(qtbot, window, steps=8)
    panel.run_button.click()
    wait_idle(qtbot, panel)
    shown = panel.featvis_shown
    assert shown is not None and shown.step == 8
    draw_digit(window.input_panel.canvas, 7)
    wait_for_latest(qtbot, window)
    qtbot.wait(100)
    assert not panel.worker.busy() and not panel.running
    assert panel.featvis_shown is shown
    np.testing.assert_array_equal(shown_picture(panel), shown.picture)


def test_stop_keeps_the_last_picture_and_leaves_no_hooks(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_featvis(qtbot, window, steps=20_000)
    panel.controls.target.setCurrentIndex(panel.controls.target.findData(5))
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.featvis_shown is not None and panel.featvis_shown.step > 1, timeout=60_000)
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    kept = panel.featvis_shown
    assert kept is not None and kept.step < 20_000
    qtbot.wait(200)  # a late report of the stopped run is not drawn
    assert panel.featvis_shown is kept
    np.testing.assert_array_equal(shown_picture(panel), kept.picture)
    assert "stopped" in panel.info.text() and panel.banner.isHidden()
    bundle = window.session.bundle
    assert (
        bundle is not None
        and panel.twin is not None
        and hook_total(panel.twin) == 0
        and hook_total(bundle.module) == 0
    )
    assert not any(p.grad is not None for p in bundle.module.parameters())


def test_a_unit_target_follows_the_selected_unit(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_featvis(qtbot, window)
    window.session.select_layer("conv2")
    window.session.select_unit(2, 3, channel=5)
    panel.controls.featvis_target.setCurrentIndex(panel.controls.featvis_target.findData(True))
    assert panel.controls.layer.currentText() == "conv2" and panel.controls.channel.value() == 5
    assert panel.controls.layer.isVisibleTo(panel) and panel.controls.channel.isVisibleTo(panel)
    window.session.select_unit(1, 1, channel=7)  # a new selection is followed while idle
    assert panel.controls.channel.value() == 7
    panel.run_button.click()
    qtbot.waitUntil(
        lambda: panel.featvis_shown is not None and panel.featvis_shown.step == STEPS, timeout=60_000
    )
    wait_idle(qtbot, panel)
    target = UnitTarget("conv2", 7)
    assert panel.featvis_shown is not None and panel.featvis_shown.target == target
    np.testing.assert_array_equal(shown_picture(panel), core_picture(window, target))
    assert "channel <b>7</b> of layer <b>conv2</b>" in panel.info.text()
