"""Occlusion in the Attribution panel: coarse map first, Captum's and core's numbers, Cancel."""

from __future__ import annotations

import numpy as np
import torch
from captum.attr import Occlusion
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.core.occlusion import occlusion_maps
from cnnviz.gui.attribution_worker import Outcome, Progress
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.attribution_panel import AttributionPanel
from tests.gui.test_attribution_panel import model_and_input, open_panel, wait_idle


def choose_occlusion(panel: AttributionPanel, kind: str, patch: int, stride: int) -> None:
    controls = panel.controls
    controls.set_method("occlusion")
    controls.occlusion_map.setCurrentIndex(controls.occlusion_map.findData(kind))
    controls.patch.setValue(patch)
    controls.stride.setValue(stride)


def run_to_end(qtbot: QtBot, panel: AttributionPanel) -> None:
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.fraction == 1.0, timeout=60_000)
    wait_idle(qtbot, panel)


def test_a_coarse_map_shows_first_and_the_final_one_equals_captum(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    assert (panel.controls.patch.value(), panel.controls.stride.value()) == (10, 2)  # LeNet's defaults
    choose_occlusion(panel, "probability", 10, 2)
    drawn: list[tuple[float, bool]] = []

    def after_panel(progress: Progress) -> None:  # connected after the panel's own slot: sees what it drew
        if panel.shown is not None and progress.request_id == panel.latest_id:
            drawn.append((panel.shown.fraction, panel.shown.coarse))

    panel.worker.progress.connect(after_panel)
    run_to_end(qtbot, panel)
    assert drawn and drawn[0][1] and drawn[0][0] < 1.0  # the coarse grid was on screen first
    assert any(not coarse and fraction < 1.0 for fraction, coarse in drawn) or len(drawn) >= 2
    model, x = model_and_input(window)
    view = panel.shown
    assert view is not None and view.target_class == 3 and view.kind == "probability"

    def probabilities(batch: torch.Tensor) -> torch.Tensor:
        return torch.softmax(model(batch).double(), dim=1)

    captum = Occlusion(probabilities).attribute(
        x, sliding_window_shapes=(1, 10, 10), strides=(1, 2, 2), baselines=float(x.mean()), target=3
    )
    np.testing.assert_allclose(view.overlay, captum[0, 0].numpy(), atol=1e-6)
    assert view.overlay.max() > 0.05  # hiding part of the 3 matters
    core = occlusion_maps(model, x[0], 10, 2)
    np.testing.assert_allclose(view.raw, core.probability.astype(np.float32), atol=1e-6)
    assert view.raw.shape == (10, 10)  # ⌈(28 − 10) / 2⌉ + 1 positions per side
    np.testing.assert_array_equal(panel.overlay_pane.values, view.overlay)
    assert (
        panel.raw_pane.levels == (0.0, 1.0) and panel.overlay_pane.levels[0] == -panel.overlay_pane.levels[1]
    )
    assert "red" in panel.legend.text() and "Occlusion" in panel.info.text()


def test_feature_map_and_label_maps(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    choose_occlusion(panel, "activation", 10, 3)
    panel.controls.layer.setCurrentText("conv2")
    panel.controls.channel.setValue(5)
    assert panel.controls.channel.maximum() == 15
    run_to_end(qtbot, panel)
    model, x = model_and_input(window)
    view = panel.shown
    assert view is not None and view.kind == "activation" and view.layer == "conv2"
    core = occlusion_maps(model, x[0], 10, 3, feature=("conv2", 5))
    assert core.activation is not None
    np.testing.assert_allclose(view.raw, core.activation.astype(np.float32), rtol=1e-5, atol=1e-4)
    occluded = x.clone()  # by hand: the square at the top-left position, in the image's mean colour
    occluded[:, :, 0:10, 0:10] = x.mean()
    assert isinstance(model, torch.nn.Sequential)
    with torch.no_grad():
        total = model[:4](occluded)[0, 5].sum()  # conv1, relu1, pool1, conv2
    assert abs(float(view.raw[0, 0]) - float(total)) < 1e-4
    choose_occlusion(panel, "label", 10, 3)
    run_to_end(qtbot, panel)
    view = panel.shown
    assert view is not None and view.kind == "label"
    labels = np.asarray(view.categories)[view.raw.astype(int)]
    np.testing.assert_array_equal(labels, occlusion_maps(model, x[0], 10, 3).label)
    assert 3 in view.categories and "Most probable label" in panel.legend.text()


def test_cancel_stops_the_sweep_and_leaves_no_hooks(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    wait_idle(qtbot, panel)
    choose_occlusion(panel, "activation", 2, 1)  # 27 × 27 positions, a feature hook on conv2
    panel.controls.layer.setCurrentText("conv2")
    outcomes: list[Outcome] = []
    panel.worker.done.connect(outcomes.append)
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.coarse, timeout=60_000)
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=30_000)  # its answer arrives, queued
    assert outcomes[0].cancelled
    assert panel.shown is None and "Cancelled" in panel.info.text()
    bundle = window.session.bundle
    assert bundle is not None and panel.twin is not None
    assert hook_total(panel.twin) == 0 and hook_total(bundle.module) == 0
