"""ImageNet-size models: input change → prediction and activation grid repainted, against a bare forward.

For each torchvision model (random weights, 224×224) and layer, a new 280×280 image is
set on the real window's session, as the canvas does; the clock stops when both the
Prediction bars and the Activations grid have painted after the session published the
result of that image (earlier repaints do not count). Right
after each one, a bare ``model(x)`` under ``torch.no_grad`` runs on the same tensor with
the same weights, so the two are interleaved and see the same machine load. Target: ratio ≤ 1.3×.

Two bare forwards are timed after each update, in turn:

- ``worker``: on the app's own inference thread (its OpenMP team, the same weights in the
  same memory), between two updates, so nothing of the app runs meanwhile. The ratio is
  then the app's own cost: preprocessing, recording, the handlers and the painting.
- ``child``: in a child process holding a copy of the weights, as a plain PyTorch script
  would. Identical processes differ here: ``bench_process_spread.py`` runs the same
  AlexNet forwards in three children in turn, and the slowest child's median was
  1.05–1.11× the fastest's in three runs (ResNet-18: 1.01×); which child is slow varies
  from run to run and holds through a run. AlexNet's forward reads its 235 MB of
  fully connected weights each time, so where a process's memory lies shows. This ratio
  carries that difference between the app's process and the child's. The app moves large
  weights onto huge pages after opening a model (``cnnviz/core/huge_pages.py``); the child
  keeps ordinary pages, as a plain script does. Each model's last line says how much of the
  app's memory is on huge pages.

A baseline in the app's GUI thread is not used: each thread that runs parallel torch ops
owns an OpenMP team, and once a process holds more team threads than cores, libgomp stops
spinning between ops in every team, slowing the app's inference thread (and itself) by
10–20 % on AlexNet.
Run: python benchmarks/bench_zoo.py [--repeats 40] [--models resnet18 alexnet] [--threads N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.as_shipped  # noqa: F401  (first: the process leaves Triton out, as the app does)

# isort: split

import numpy as np
import torch
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.bench_live_update import PaintClock, open_window, wait
from benchmarks.stats import percentile, summary_ms
from cnnviz.gui.app import create_application
from cnnviz.gui.inference_worker import InferenceWorker, Job
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


def model_input(window: MainWindow) -> np.ndarray:
    """The tensor the app just computed for the model, as an array."""
    return window.session.result.model_input  # type: ignore[union-attr]


@dataclass
class BareProbe:
    """A job for the inference thread: time a bare forward on ``x`` and publish nothing."""

    request_id: int
    x: np.ndarray


class WorkerBaseline:
    """``model(x)`` under no_grad on the app's inference thread, between two updates.

    The worker's job handler is wrapped for the benchmark's life: a :class:`BareProbe` job
    is timed and answered through a queue; every other job runs as in the app.
    """

    def __init__(self, window: MainWindow) -> None:
        self.session = window.session
        self.answers: queue.Queue[float] = queue.Queue()
        self.original = InferenceWorker._compute
        original, answers = self.original, self.answers

        def compute(worker: InferenceWorker, job: Job) -> None:
            if isinstance(job.request, BareProbe):
                answers.put(timed_forward(job.bundle.module, job.request.x))
            else:
                original(worker, job)

        InferenceWorker._compute = compute  # type: ignore[method-assign,assignment]

    def forward(self, x: np.ndarray) -> float:
        """Seconds of one forward pass on ``x``, timed on the inference thread."""
        session = self.session
        probe = BareProbe(-1, x)
        session._worker.submit(Job(session.bundle, probe, session.device))  # type: ignore[arg-type]
        return self.answers.get(timeout=60)

    def close(self) -> None:
        """Give the worker its own job handler back."""
        InferenceWorker._compute = self.original  # type: ignore[method-assign]


class ProcessBaseline:
    """``model(x)`` under no_grad in a child process holding the same model and weights."""

    def __init__(self, window: MainWindow, threads: int | None) -> None:
        bundle = window.session.bundle
        with tempfile.NamedTemporaryFile(suffix=".pt", delete=False) as file:
            torch.save(bundle.module.state_dict(), file)  # type: ignore[union-attr]
        self.weights = Path(file.name)
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        arguments = (child, bundle.source, str(self.weights), threads)  # type: ignore[union-attr]
        self.process = context.Process(target=serve_forwards, args=arguments)
        self.process.start()
        if self.connection.recv() != "ready":
            raise RuntimeError("the baseline process could not load the model")

    def forward(self, x: np.ndarray) -> float:
        """Seconds of one forward pass on ``x``, timed in the child."""
        self.connection.send(x)
        return float(self.connection.recv())

    def close(self) -> None:
        """End the child and delete the weights file."""
        self.connection.send(None)
        self.process.join()
        self.weights.unlink(missing_ok=True)


def serve_forwards(connection: Connection, source: str, weights: str, threads: int | None) -> None:
    """Child process: load the model, then time a forward pass for each array received."""
    from cnnviz.core.zoo import load_zoo_source

    if threads:
        torch.set_num_threads(threads)
    module = load_zoo_source(source).module
    module.load_state_dict(torch.load(weights, weights_only=True))
    connection.send("ready")
    while (x := connection.recv()) is not None:
        connection.send(timed_forward(module, x))


def timed_forward(module: torch.nn.Module, x: np.ndarray) -> float:
    """Seconds of ``module(x)`` under ``torch.no_grad`` (a batch of one)."""
    tensor = torch.from_numpy(x)[None]
    start = time.perf_counter()
    with torch.no_grad():
        module(tensor)
    return time.perf_counter() - start


Baseline = WorkerBaseline | ProcessBaseline


def measure(
    app: QApplication, window: MainWindow, layer: str, repeats: int, baselines: list[Baseline]
) -> tuple[list[float], list[list[float]]]:
    """(app latencies, bare forwards of each baseline), interleaved, warm-up dropped.

    After each update every baseline times one forward on the same input; which goes first
    alternates, so neither gains from its place in the turn.
    """
    window.session.select_layer(layer)
    clocks = [PaintClock(), PaintClock()]
    painted = (window.activations_panel.grid_widget.viewport(), window.prediction_panel.chart)
    for clock, widget in zip(clocks, painted, strict=True):
        widget.installEventFilter(clock)
    results = ResultClock()
    window.session.result_ready.connect(results.on_result)
    rng = np.random.default_rng(0)
    app_samples: list[float] = []
    bare_samples: list[list[float]] = [[] for _ in baselines]
    try:
        for index in range(WARM_UP + repeats):
            image = rng.random((280, 280, 3), dtype=np.float32)
            app_samples.append(one_update(app, window, image, clocks, results))
            order = range(len(baselines)) if index % 2 == 0 else reversed(range(len(baselines)))
            for which in order:
                bare_samples[which].append(baselines[which].forward(model_input(window)))
    finally:
        window.session.result_ready.disconnect(results.on_result)
        for clock, widget in zip(clocks, painted, strict=True):
            widget.removeEventFilter(clock)
    return app_samples[WARM_UP:], [samples[WARM_UP:] for samples in bare_samples]


def ratios(app: list[float], bare: list[float]) -> str:
    """Bare p50, and app/bare at p50 and paired: the median of app/bare over the samples taken
    together, which cancels load that drifts slower than one turn (the machine may be shared)."""
    app_ms, bare_ms = summary_ms(app), summary_ms(bare)
    paired = percentile([a / b for a, b in zip(app, bare, strict=True)], 50)
    return f"{bare_ms['p50']:7.1f} {app_ms['p50'] / bare_ms['p50']:6.2f}× {paired:6.2f}×"


def row(model: str, layer: str, shape: str, app: list[float], bares: list[list[float]]) -> str:
    """One line of the results table: the app's latency, then each baseline and its ratios."""
    app_ms = summary_ms(app)
    columns = "   ".join(ratios(app, bare) for bare in bares)
    return f"{model:<9} {layer:<15} {shape:<12} {app_ms['p50']:7.1f} {app_ms['p95']:7.1f}   {columns}"


def huge_pages_mib() -> str:
    """The process's memory on transparent huge pages (Linux), for the report."""
    try:
        lines = Path("/proc/self/smaps_rollup").read_text().splitlines()
    except OSError:
        return "unknown"
    kib = next((int(line.split()[1]) for line in lines if line.startswith("AnonHugePages:")), 0)
    return f"{kib / 1024:.0f} MiB"


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
    print("bare forward: on the app's inference thread (worker), and in a child process (child)")
    print(
        f"{'model':<9} {'layer':<15} {'maps':<12} {'app p50':>7} {'p95':>7}   "
        f"{'worker':>7} {'p50':>7} {'paired':>7}   {'child':>7} {'p50':>7} {'paired':>7}"
    )
    for model in args.models:
        window = open_window(app, f"zoo:{model}", timeout=300)
        baselines: list[Baseline] = [WorkerBaseline(window), ProcessBaseline(window, args.threads)]
        try:
            for layer in LAYERS[model]:
                app_samples, bare_samples = measure(app, window, layer, args.repeats, baselines)
                shape = "×".join(str(n) for n in window.session.result.activations[layer].shape)  # type: ignore[union-attr]
                print(row(model, layer, shape, app_samples, bare_samples), flush=True)
            print(f"{model}: the app's memory on huge pages: {huge_pages_mib()}")
        finally:
            for baseline in baselines:
                baseline.close()
        window.close()


if __name__ == "__main__":
    main()
