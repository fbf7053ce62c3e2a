"""Peak memory of a VGG-16 session, and whether switching models frees the previous one.

A fresh process (so nothing else is counted) starts the real main window offscreen,
opens ``zoo:vgg16`` (random weights, 224×224), shows a few inputs with the
Activations grid on the largest early layers, switches layers, then switches to
LeNet-5. It prints the resident memory after each step and the process's peak
(``VmHWM``: torch + Qt + weights + one input's recorded activations), in GiB, after a
floor measured the same way: a process with the same libraries and weights and one
bare forward pass, no app (both leave Triton out, as the app does). Target: peak ≤ 1.6 GB
(1.49 GiB); after the switch the weights' memory is returned and the old model is collected.
Run: python benchmarks/bench_memory.py [--model vgg16]
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.as_shipped  # noqa: F401  (first: the process leaves Triton out, as the app does)

LAYERS = {  # the default first convolution, the other 224×224 layer, then smaller and deeper ones
    "vgg16": ["features.0", "features.2", "features.5", "features.17", "features.28", "classifier.0"],
}
INPUTS = 4
TARGET_GB = 1.6  # the "1.6 GB", in decimal gigabytes (RSS is counted in KiB)


def status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def report(step: str) -> None:
    """One line: the step, current and peak resident memory."""
    rss, peak = status_kb("VmRSS") / 1024**2, status_kb("VmHWM") / 1024**2
    print(f"{step:<44} {rss:5.2f} GiB   peak {peak:5.2f} GiB", flush=True)


def show(app: object, window: object, image: object) -> None:
    """Set ``image`` and wait until the Activations grid has painted its result."""
    from benchmarks.bench_live_update import wait

    session = window.session  # type: ignore[attr-defined]
    session.set_image(image)
    target = session._latest_id
    wait(app, lambda: session._shown_id >= target, timeout=120)  # type: ignore[arg-type]
    window.activations_panel.grid_widget.viewport().repaint()  # type: ignore[attr-defined]


def session_run(model: str) -> None:
    """The measured session (runs in the child process)."""
    import numpy as np
    from PySide6.QtCore import QTimer

    from benchmarks.bench_live_update import open_window, wait
    from cnnviz.gui.app import create_application

    app = create_application([])
    heartbeat = QTimer()
    heartbeat.start(20)
    report("Qt and torch started")
    window = open_window(app, f"zoo:{model}", timeout=300)
    old = weakref.ref(window.session.bundle.module)  # type: ignore[union-attr]
    report(f"{model} loaded")
    rng = np.random.default_rng(0)
    for _ in range(INPUTS):
        show(app, window, rng.random((280, 280, 3), dtype=np.float32))
    shape = window.session.result.activations[window.session.layer].shape  # type: ignore[union-attr]
    report(f"{INPUTS} inputs, {window.session.layer} {'×'.join(map(str, shape))}")
    for layer in LAYERS[model][1:]:
        window.session.select_layer(layer)
        show(app, window, rng.random((280, 280, 3), dtype=np.float32))
        report(f"layer {layer}")
    peak = status_kb("VmHWM") / 1024**2
    window.open_model("lenet5")
    wait(app, lambda: window.session.bundle.module is not old(), timeout=120)  # type: ignore[union-attr]
    show(app, window, rng.random((280, 280, 3), dtype=np.float32))
    gc.collect()
    report("switched to lenet5")
    gigabytes = peak * 1024**3 / 1e9
    verdict = "met" if gigabytes <= TARGET_GB else "not met"
    print(f"session peak {peak:.2f} GiB = {gigabytes:.2f} GB (target ≤ {TARGET_GB} GB: {verdict}); ", end="")
    print(f"old model collected: {old() is None}")
    window.close()


def floor_run(model: str) -> None:
    """The floor (child process): the same libraries and weights, one bare forward, no app."""
    import pyqtgraph  # noqa: F401
    import torch
    import torchvision
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # noqa: F841
    module = torchvision.models.get_model(model).eval()
    with torch.no_grad():
        module(torch.rand(1, 3, 224, 224))
    report(f"floor: torch + Qt + {model} weights + a forward")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="vgg16", choices=sorted(LAYERS))
    parser.add_argument("--child", choices=["floor", "session"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        (floor_run if args.child == "floor" else session_run)(args.model)
        return
    for child in ("floor", "session"):
        command = [sys.executable, __file__, "--child", child, "--model", args.model]
        subprocess.run(command, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


if __name__ == "__main__":
    main()
