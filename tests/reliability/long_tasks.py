"""Long work started the way a user starts it, on a real window: training, a top-9 scan, an
occlusion sweep, feature visualisation. Each starter returns once the work is under way
(training and the scan: their first progress on screen; an attribution method: its job
taken by the worker thread); :func:`running` says whether it still is."""

from __future__ import annotations

from collections.abc import Callable

from cnnviz.gui.main_window import MainWindow
from tests.reliability.soak import StrokeDriver, wait_until

TIMEOUT_S = 120.0


def draw_something(window: MainWindow) -> None:
    """A digit on the canvas, its answer on screen."""
    driver = StrokeDriver(window)
    driver.run(12)
    driver.finish_stroke()


def start_training(window: MainWindow) -> None:
    """A long run (50 epochs of 3,000 synthetic digits) of a new LeNet-5, first steps plotted."""
    panel, form = window.training_panel, window.training_panel.form
    window.docks["Training"].show()
    for combo, key in ((form.model, "lenet5"), (form.dataset, "digits")):
        combo.setCurrentIndex(combo.findData(key))
    form.train_size.setValue(3000)  # made in this process (from 4,000 digits a process pool helps)
    form.val_size.setValue(100)
    form.epochs.setValue(50)
    assert panel.start()
    wait_until(lambda: len(panel.plots.curves["train_loss"].x) >= 1, TIMEOUT_S)


def start_topk_scan(window: MainWindow, limit: int = 3_000, batch: int = 2) -> None:
    """Scan ``limit`` synthetic digits at conv2 in batches of ``batch`` (LeNet-5 scans 3,000 in
    0.1 s in its default batches: too quick to be caught running), the progress on screen."""
    panel = window.topk_panel
    panel.batch_size = batch
    window.docks["Top-9"].show()
    window.docks["Top-9"].raise_()
    window.session.select_layer("conv2")
    panel.limit_box.setValue(limit)
    panel.data_box.setCurrentIndex(panel.data_box.findData("digits"))
    panel.refresh()
    wait_until(lambda: panel.found is not None and not panel.scan_worker.busy(), TIMEOUT_S)
    panel.scan_button.click()
    wait_until(lambda: panel.progress_bar.value() > 0, TIMEOUT_S)


def attribution_run(window: MainWindow, method: str, setup: Callable[[], None]) -> None:
    """Choose ``method`` in the Attribution dock, set it up, Run, wait until its thread has taken it."""
    panel = window.attribution_panel
    window.docks["Attribution"].show()
    window.docks["Attribution"].raise_()
    wait_until(lambda: panel.twin is not None and window.session.result is not None, TIMEOUT_S)
    panel.controls.set_method(method)
    setup()
    panel.run_button.click()
    wait_until(lambda: panel.worker.running_id() == panel.latest_id, TIMEOUT_S)


def start_occlusion(window: MainWindow) -> None:
    """An occlusion sweep with a 1-pixel square at every position."""
    controls = window.attribution_panel.controls

    def setup() -> None:
        controls.patch.setValue(1)
        controls.stride.setValue(1)

    attribution_run(window, "occlusion", setup)


def start_resnet_occlusion(window: MainWindow) -> None:
    """ResNet-18 (random weights) opened, an occlusion sweep with its default square (batches of
    16 images of 224×224: the slowest step between two checks for a stop)."""
    from tests.reliability.soak import open_model

    open_model(window, "zoo:resnet18")
    draw_something(window)
    attribution_run(window, "occlusion", lambda: None)


def start_featvis(window: MainWindow) -> None:
    """Feature visualisation of the top class with 2,000 steps (a picture every 62)."""
    steps = window.attribution_panel.controls.featvis_steps
    attribution_run(window, "featvis", lambda: steps.setValue(2000))


STARTERS: dict[str, Callable[[MainWindow], None]] = {
    "training": start_training,
    "topk": start_topk_scan,
    "occlusion": start_occlusion,
    "featvis": start_featvis,
    "resnet-occlusion": start_resnet_occlusion,
}


def running(window: MainWindow, task: str) -> bool:
    """Whether ``task`` (a key of :data:`STARTERS`) is still under way."""
    if task == "training":
        return window.session.training
    if task == "topk":
        return window.topk_panel.scanning and window.topk_panel.scan_worker.busy()
    return window.attribution_panel.running and window.attribution_panel.worker.busy()


def idle(window: MainWindow) -> bool:
    """No training, scan, projection or attribution work runs."""
    training = window.training_panel.worker
    return (
        (training is None or not training.isRunning())
        and not window.topk_panel.scan_worker.busy()
        and not window.topk_panel.projection_worker.busy()
        and not window.attribution_panel.worker.busy()
    )
