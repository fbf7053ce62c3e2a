"""ImageNet-size models: input change → prediction and activation grid repainted, against a bare forward.

For each torchvision model (random weights, 224×224) and layer, a new 280×280 image is
set on the real window's session, as the canvas does; the clock stops when both the
Prediction bars and the Activations grid have painted after the session published the
result of that image (earlier repaints do not count). Right
after each one, a bare ``model(x)`` under ``torch.no_grad`` runs on the same tensor, so
the two are interleaved and see the same machine load. Target: ratio ≤ 1.3×.
Run: python benchmarks/bench_zoo.py [--repeats 40] [--models resnet18 alexnet] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import torch
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.bench_live_update import PaintClock, open_window, wait
from benchmarks.stats import percentile, summary_ms
from cnnviz.gui.app import create_application
from cnnviz.gui.main_window import MainWindow

# The layer the app selects first (the first convolution: the largest maps), then deeper ones
# with more, smaller maps.
LAYERS = {
    "resnet18": ["conv1", "layer1.0.conv1", "layer4.1.conv2"],
    "alexnet": ["features.0", "features.3", "features.10"],
}
WARM_UP = 5


class ResultClock:
    """Remembers when the session published the result of each request."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}

    def on_result(self, result: object) -> None:
        self.arrived[result.request_id] = time.perf_counter()  # type: ignore[attr-defined]


def one_update(
    app: QApplication, window: MainWindow, image: np.ndarray, clocks: list[PaintClock], results: ResultClock
) -> float:
    """Seconds from setting ``image`` until both views painted its result."""
    session = window.session
    start = time.perf_counter()
    session.set_image(image)
    target = session._latest_id
    wait(app, lambda: target in results.arrived)
    shown = results.arrived[target]
    wait(app, lambda: min(c.last for c in clocks) > shown)
    return max(c.last for c in clocks) - start


def bare_forward(window: MainWindow) -> float:
    """Seconds of ``model(x)`` under no_grad on the tensor the app just computed."""
    session = window.session
    x = torch.from_numpy(session.result.model_input)[None]  # type: ignore[union-attr]
    start = time.perf_counter()
    with torch.no_grad():
        session.bundle.module(x)  # type: ignore[union-attr]
    return time.perf_counter() - start


def measure(
    app: QApplication, window: MainWindow, layer: str, repeats: int
) -> tuple[list[float], list[float]]:
    """(app latencies, bare forwards), interleaved one to one, warm-up dropped."""
    window.session.select_layer(layer)
    clocks = [PaintClock(), PaintClock()]
    window.activations_panel.grid_widget.viewport().installEventFilter(clocks[0])
    window.prediction_panel.plot.viewport().installEventFilter(clocks[1])
    results = ResultClock()
    window.session.result_ready.connect(results.on_result)
    rng = np.random.default_rng(0)
    app_samples, bare_samples = [], []
    try:
        for _ in range(WARM_UP + repeats):
            image = rng.random((280, 280, 3), dtype=np.float32)
            app_samples.append(one_update(app, window, image, clocks, results))
            bare_samples.append(bare_forward(window))
    finally:
        window.session.result_ready.disconnect(results.on_result)
        views = (window.activations_panel.grid_widget, window.prediction_panel.plot)
        for clock, widget in zip(clocks, views, strict=True):
            widget.viewport().removeEventFilter(clock)
    return app_samples[WARM_UP:], bare_samples[WARM_UP:]


def row(model: str, layer: str, shape: str, app: list[float], bare: list[float]) -> str:
    """One line of the results table; "paired" is the median of app/bare over neighbouring samples,
    which cancels load that drifts slower than one pair (the machine may be shared)."""
    app_ms, bare_ms = summary_ms(app), summary_ms(bare)
    paired = percentile([a / b for a, b in zip(app, bare, strict=True)], 50)
    return (
        f"{model:<9} {layer:<15} {shape:<12} {bare_ms['p50']:7.1f} {bare_ms['p95']:7.1f} "
        f"{app_ms['p50']:7.1f} {app_ms['p95']:7.1f} {app_ms['p50'] / bare_ms['p50']:6.2f}× "
        f"{app_ms['p95'] / bare_ms['p95']:6.2f}× {paired:6.2f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--models", nargs="+", default=list(LAYERS))
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's own)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    app = create_application([])
    heartbeat = QTimer()  # wakes the waiting loop now and then, like any real event source
    heartbeat.start(20)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores")
    print(
        f"{'model':<9} {'layer':<15} {'maps':<12} {'bare p50':>7} {'p95':>7} {'app p50':>7} {'p95':>7} "
        f"{'ratio p50':>7} {'p95':>7} {'paired':>7}"
    )
    for model in args.models:
        window = open_window(app, f"zoo:{model}", timeout=300)
        for layer in LAYERS[model]:
            app_samples, bare_samples = measure(app, window, layer, args.repeats)
            shape = "×".join(str(n) for n in window.session.result.activations[layer].shape)  # type: ignore[union-attr]
            print(row(model, layer, shape, app_samples, bare_samples), flush=True)
        window.close()


if __name__ == "__main__":
    main()
