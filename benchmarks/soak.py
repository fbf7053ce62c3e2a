"""Soak figures for the README: live updates and training in one long session.

Starts the real main window offscreen and, as ``tests/reliability/test_soak.py`` does,
draws the test digits on the canvas one mouse event at a time, waiting for each answer
on screen: LeNet-5 (default 10,000 updates), then ResNet-18 with random weights
(default 500 updates, another layer every 10), then a LeNet-5 training run with the
Training, Activations and Filters panels on (default 20 epochs of 1,000 synthetic
digits). After a warm-up it counts hooks, threads, top-level widgets and resident
memory, and again at the end; it prints one line per scenario and exits with 1 when a
count did not come back or memory grew by more than 5 %.
Run: python benchmarks/soak.py [--lenet 10000] [--resnet 500] [--epochs 20] [--train-size 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.as_shipped  # noqa: F401  (first: the process leaves Triton out, as the app does)

# isort: split

MAX_GROWTH = 0.05


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lenet", type=int, default=10_000)
    parser.add_argument("--resnet", type=int, default=500)
    parser.add_argument("--every", type=int, default=10, help="ResNet-18 updates between layer switches")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--train-size", type=int, default=1000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cnnviz-soak-")
    os.environ["XDG_DATA_HOME"], os.environ["XDG_CACHE_HOME"] = f"{folder}/data", f"{folder}/cache"

    from PySide6.QtCore import QSettings

    from cnnviz.gui.app import create_application
    from cnnviz.gui.main_window import MainWindow
    from tests.reliability.soak import (
        SoakFigures,
        StrokeDriver,
        TrainingFigures,
        layer_cycler,
        map_layers,
        open_model,
        soak,
        train_soak,
        wait_until,
    )

    app = create_application([])
    window = MainWindow(settings=QSettings(f"{folder}/cnnviz.ini", QSettings.Format.IniFormat))
    window.show()
    window.start("lenet5")
    wait_until(lambda: window.session.bundle is not None, 120)
    driver = StrokeDriver(window)
    results: list[SoakFigures | TrainingFigures] = [
        soak(driver, "LeNet-5", args.lenet, warm_up=max(40, args.lenet // 50))
    ]
    print(results[-1].line(), flush=True)
    open_model(window, "zoo:resnet18")
    switch = layer_cycler(window, map_layers(window))
    results.append(soak(driver, "ResNet-18", args.resnet, max(6, 2 * args.every), args.every, switch))
    print(results[-1].line(), flush=True)
    open_model(window, "lenet5")
    results.append(train_soak(window, args.epochs, args.train_size, warm_up_epochs=min(2, args.epochs)))
    print(results[-1].line(), flush=True)
    window.close()
    app.processEvents()
    bad = [r for r in results if r.after.counts() != r.before.counts() or r.growth > MAX_GROWTH]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
