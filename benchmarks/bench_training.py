"""In-app training throughput against a bare PyTorch loop, and GUI responsiveness meanwhile.

LeNet-5 on synthetic digits, batch 128, Adam. The bare loop and the app train
on the same arrays in the same process. The app run is the real main window
(offscreen) with the Training panel, live curves and live activation updates
(a digit is on the canvas, snapshots are shown as they arrive). A 10 ms QTimer
measures how late the GUI thread gets to run, from Start to the end of the run.
Run: python benchmarks/bench_training.py [--train-size 60000] [--epochs 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import torch
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer

from benchmarks.bench_live_update import wait
from benchmarks.stats import percentile
from cnnviz.core import datasets
from cnnviz.core.builtins import lenet5
from cnnviz.gui.app import create_application
from cnnviz.gui.main_window import MainWindow
from tests.gui.strokes import DIGIT_STROKES

BATCH = 128


def bare_loop(x: np.ndarray, y: np.ndarray, epochs: int) -> float:
    """Samples per second of a plain PyTorch training loop."""
    torch.manual_seed(0)
    model = lenet5()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), BATCH):
            idx = order[i : i + BATCH]
            optimiser.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            optimiser.step()
    return epochs * len(xt) / (time.perf_counter() - start)


class Lateness:
    """Records how late a 10 ms repeating timer fires."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(self.timer.timerType().PreciseTimer)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start(10)

    def _tick(self) -> None:
        elapsed = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.samples.append(max(0.0, elapsed - 10.0))

    def stop(self) -> None:
        self.timer.stop()


def register(x: np.ndarray, y: np.ndarray, vx: np.ndarray, vy: np.ndarray) -> str:
    """Make the pre-generated arrays a data set the Training panel can choose."""
    info = datasets.DatasetInfo(
        "bench-digits",
        "Benchmark digits",
        datasets.DIGITS.spec,
        datasets.DIGITS.labels,
        True,
        "lenet5",
        len(x),
        len(vx),
    )
    datasets.DATASETS[info.key] = info
    datasets.LOADERS[info.key] = lambda *_args, **_kw: datasets.Dataset(info, x, y, vx, vy)
    return info.key


def app_run(key: str, epochs: int, train_size: int) -> tuple[float, list[float]]:
    """(samples/s reported by the in-app run, timer lateness samples in ms)."""
    app = create_application([])
    window = MainWindow(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    window.show()
    window.start("lenet5")
    wait(app, lambda: window.session.bundle is not None, timeout=120)
    from tests.gui.conftest import draw_stroke

    for stroke in DIGIT_STROKES[3]:
        draw_stroke(window.input_panel.canvas, stroke)
    window.docks["Training"].show()
    panel = window.training_panel
    form = panel.form
    form.model.setCurrentIndex(form.model.findData("lenet5"))
    form.dataset.setCurrentIndex(form.dataset.findData(key))
    form.train_size.setValue(train_size)
    form.epochs.setValue(epochs)
    form.batch.setValue(BATCH)
    lateness = Lateness()
    lateness.start()
    panel.start_button.click()
    wait(app, lambda: panel.state == "idle" and panel.last_summary is not None, timeout=3600)
    lateness.stop()
    summary = panel.last_summary
    if summary is None or summary.outcome != "finished":
        raise RuntimeError(f"the in-app run did not finish: {summary}")
    rate = panel.last_rate
    window.close()
    return rate, lateness.samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-size", type=int, default=60_000)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    from cnnviz.core.synthdigits import generate_digits

    t0 = time.perf_counter()
    x, y = generate_digits(args.train_size, seed=0)
    vx, vy = generate_digits(1000, seed=1)
    print(f"generated {len(x):,} digits in {time.perf_counter() - t0:.0f} s")
    key = register(x, y, vx, vy)
    bare = bare_loop(x, y, args.epochs)
    in_app, late = app_run(key, args.epochs, args.train_size)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores")
    print(f"bare PyTorch loop:           {bare:9,.0f} samples/s  (1.00)")
    print(f"in-app training (live GUI):  {in_app:9,.0f} samples/s  ({in_app / bare:.3f}×)")
    print(
        f"GUI 10 ms timer lateness:    p50 {percentile(late, 50):.2f} ms, p99 {percentile(late, 99):.2f} ms, "
        f"worst {max(late):.2f} ms over {len(late):,} ticks"
    )


if __name__ == "__main__":
    main()
