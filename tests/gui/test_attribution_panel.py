"""Attribution panel in the real window: each method's shown map equals Captum's; Run, Cancel, staleness."""

from __future__ import annotations

import numpy as np
import torch
from captum.attr import (
    GuidedBackprop,
    GuidedGradCam,
    IntegratedGradients,
    LayerAttribution,
    LayerGradCam,
    NoiseTunnel,
    Saliency,
)
from pytestqt.qtbot import QtBot

from cnnviz.core.backprop import hook_total
from cnnviz.gui.attribution_worker import Outcome
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.attribution_panel import AttributionPanel
from tests.gui.conftest import draw_digit, wait_for_latest


def open_panel(qtbot: QtBot, window: MainWindow, digit: int = 3) -> AttributionPanel:
    """Show the Attribution dock and draw a digit."""
    window.docks["Attribution"].show()
    window.docks["Attribution"].raise_()
    draw_digit(window.input_panel.canvas, digit)
    wait_for_latest(qtbot, window)
    return window.attribution_panel


def wait_idle(qtbot: QtBot, panel: AttributionPanel) -> None:
    qtbot.waitUntil(lambda: not panel.worker.busy() and not panel.running, timeout=60_000)


def show_method(qtbot: QtBot, panel: AttributionPanel, key: str, target: int | None = None) -> None:
    """Choose a method and class (running it if it is slow) and wait for its map."""
    panel.controls.target.setCurrentIndex(panel.controls.target.findData(target))
    panel.controls.set_method(key)
    if panel.controls.current_method().slow:
        panel.run_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.method == key, timeout=60_000)
    wait_idle(qtbot, panel)


def model_and_input(window: MainWindow) -> tuple[torch.nn.Module, torch.Tensor]:
    bundle, result = window.session.bundle, window.session.result
    assert bundle is not None and result is not None
    return bundle.module.eval(), torch.from_numpy(result.model_input)[None].clone()


def assert_close(shown: np.ndarray, expected: torch.Tensor) -> None:
    """Equal up to float32 rounding: 1e-5 of the map's largest magnitude."""
    reference = expected.detach().numpy()
    assert shown.shape == reference.shape and np.abs(reference).max() > 0
    np.testing.assert_allclose(shown, reference, rtol=1e-4, atol=1e-5 * float(np.abs(reference).max()))


def test_grad_cam_defaults_to_the_last_conv_and_the_top_class(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    assert panel.controls.current_method().key == "gradcam"
    assert panel.controls.layer.currentText() == "conv2" and panel.controls.target.currentData() is None
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=10_000)
    wait_idle(qtbot, panel)
    model, x = model_and_input(window)
    top = int(model(x).argmax())
    assert top == 3 and panel.shown is not None and panel.shown.target_class == top
    cam = LayerGradCam(model, model.conv2).attribute(x, target=top, relu_attributions=True)
    assert_close(panel.shown.raw, cam[0, 0])
    assert_close(panel.shown.overlay, LayerAttribution.interpolate(cam, (28, 28), "bilinear")[0, 0])
    np.testing.assert_array_equal(panel.raw_pane.item.image, panel.shown.raw)  # what is drawn
    np.testing.assert_array_equal(panel.overlay_pane.item.image, panel.shown.overlay)
    assert panel.raw_pane.levels == (0.0, float(panel.shown.raw.max()))
    assert (
        "Grad-CAM" in panel.info.text() and "conv2" in panel.info.text() and "bright" in panel.legend.text()
    )
    panel.controls.layer.setCurrentText("relu1")  # a fast method follows a new choice at once
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.layer == "relu1", timeout=10_000)
    cam = LayerGradCam(model, model.relu1).attribute(x, target=top, relu_attributions=True)
    assert_close(panel.shown.raw, cam[0, 0])


def test_every_gradient_method_shows_captums_map(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    model, x = model_and_input(window)
    k = 8  # not the top class: the class chooser is honoured
    show_method(qtbot, panel, "saliency", k)
    assert panel.shown is not None and not panel.shown.signed and panel.shown.target_class == k
    assert_close(panel.shown.raw, Saliency(model).attribute(x, target=k, abs=True)[0].amax(dim=0))
    show_method(qtbot, panel, "guided", k)
    assert panel.shown is not None and panel.shown.signed
    assert_close(panel.shown.raw, GuidedBackprop(model).attribute(x, target=k)[0].sum(dim=0))
    low, high = panel.raw_pane.levels
    assert low == -high and high == float(np.abs(panel.shown.raw).max())  # zero at the middle colour
    assert "red" in panel.legend.text() and "blue" in panel.legend.text()
    show_method(qtbot, panel, "guided_gradcam", k)
    guided_cam = GuidedGradCam(model, model.conv2).attribute(x, target=k, interpolate_mode="bilinear")
    assert panel.shown is not None
    assert_close(panel.shown.raw, guided_cam[0].sum(dim=0))
    show_method(qtbot, panel, "intgrad", k)
    ig = IntegratedGradients(model).attribute(
        x, baselines=torch.zeros_like(x), target=k, n_steps=50, internal_batch_size=16
    )
    assert panel.shown is not None
    assert_close(panel.shown.raw, ig[0].sum(dim=0))
    assert "completeness error" in panel.info.text()
    show_method(qtbot, panel, "smoothgrad", k)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        smooth = NoiseTunnel(Saliency(model)).attribute(
            x,
            nt_type="smoothgrad",
            nt_samples=25,
            nt_samples_batch_size=8,
            stdevs=float(0.15 * (x.max() - x.min())),
            target=k,
            abs=True,
        )
    assert panel.shown is not None
    assert_close(panel.shown.raw, smooth[0].amax(dim=0))


def test_cancel_stops_a_slow_run_and_leaves_no_hooks(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    wait_idle(qtbot, panel)
    outcomes: list[Outcome] = []
    panel.worker.done.connect(outcomes.append)
    panel.controls.set_method("smoothgrad")
    panel.controls.samples.setValue(2000)  # minutes on this machine: it must be stopped
    assert panel.shown is None and "Press Run" in panel.info.text()
    panel.run_button.click()
    assert panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=30_000)  # a pass or two went through
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=30_000)  # its answer arrives, queued
    assert outcomes[0].cancelled
    assert panel.shown is None and "Cancelled" in panel.info.text() and not panel.cancel_button.isEnabled()
    bundle = window.session.bundle
    assert bundle is not None and panel.twin is not None
    assert hook_total(panel.twin) == 0 and hook_total(bundle.module) == 0
    panel.controls.samples.setValue(10)  # and it runs again afterwards
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.method == "smoothgrad", timeout=60_000)


def test_a_run_for_an_earlier_image_is_not_shown(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    wait_idle(qtbot, panel)
    outcomes: list[Outcome] = []
    panel.worker.done.connect(outcomes.append)
    panel.controls.set_method("intgrad")
    panel.controls.steps.setValue(2000)
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=30_000)
    draw_digit(window.input_panel.canvas, 1)  # the image changes while the run goes on
    wait_for_latest(qtbot, window)
    wait_idle(qtbot, panel)
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=30_000)  # its answer arrives, queued
    assert outcomes[0].request_id < panel.latest_id  # its answer is stale
    assert panel.shown is None and "The input changed" in panel.info.text()


def test_fast_methods_follow_the_newest_image(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window)
    panel.controls.set_method("saliency")
    draw_digit(window.input_panel.canvas, 7)  # many results while drawing; only the newest counts
    wait_for_latest(qtbot, window)
    model, x = model_and_input(window)
    expected = Saliency(model).attribute(x, target=int(model(x).argmax()), abs=True)[0].amax(dim=0)

    def newest_shown() -> bool:
        shown = panel.shown
        return shown is not None and shown.raw.shape == (28, 28) and np.allclose(shown.raw, expected.numpy())

    qtbot.waitUntil(newest_shown, timeout=10_000)
    wait_idle(qtbot, panel)
    assert newest_shown()


def test_a_panel_behind_a_tab_computes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.attribution_panel
    assert not panel.on_screen
    draw_digit(window.input_panel.canvas, 2)
    wait_for_latest(qtbot, window)
    qtbot.wait(100)
    assert panel.shown is None and not panel.worker.busy()
    window.docks["Attribution"].raise_()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.method == "gradcam", timeout=10_000)
