"""In-app training throughput against a bare PyTorch loop, and GUI responsiveness meanwhile.

LeNet-5 on synthetic digits, batch 128, Adam. The bare loop and the app train
on the same arrays in the same process, with the same allocator settings and
torch threads. The app run is the real main window (offscreen) with the
Training panel, live curves and live activation updates (a digit is on the
canvas, snapshots are shown as they arrive). A 10 ms QTimer measures how late
the GUI thread gets to run, from the Start click to the end of the run; the
same timer with the app idle is the control for the machine's own load.

The reference is the bare loop in a child process, as a plain PyTorch script runs
it, with ``torch.optim.Adam`` as constructed by default (one small operation per
parameter and state tensor) and torch's default memory layout. The app trains with
torch's fused Adam (the same algorithm in one kernel per state tensor;
cnnviz/core/train_steps.py) and, on the CPU, channels-last (cnnviz/core/channels_last.py),
so the same bare loop is measured with ``fused=True`` and with both: the app's run
against the latter is what the worker thread, the counters, the snapshots and the
live GUI cost.
No bare loop runs in the app's own process: an idle OpenMP team of another thread
(the app's inference thread) slows every other team (see cnnviz/core/threads.py),
and one in the main thread (the GUI thread) would keep a team for the whole run.
The rounds interleave the bare loops with the app run, and medians are reported:
on a shared machine the throughput of identical runs varies by ±25%. The paired
ratio sets each in-app run against the bare runs just before and after it.
Run: python benchmarks/bench_training.py [--train-size 60000] [--rounds 3] [--digits-cache FILE.npz]
[--probe-off-too]: every second in-app round runs without the timer; the summary then compares
both kinds of rounds, and the figures after it are those of the rounds with the timer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.as_shipped  # noqa: F401  (first: the process leaves Triton out, as the app does)

# isort: split

import numpy as np
import torch
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.bench_live_update import exec_until, wait
from benchmarks.stats import median_interval, percentile
from cnnviz.core import datasets
from cnnviz.core.builtins import lenet5
from cnnviz.core.training import keep_freed_memory
from cnnviz.gui.app import create_application
from cnnviz.gui.main_window import MainWindow
from tests.gui.strokes import DIGIT_STROKES

BATCH = 128
PLAIN, FUSED, FUSED_CL = "Adam", "fused Adam", "fused Adam, channels-last"
REFERENCES = {PLAIN: (), FUSED: ("--fused",), FUSED_CL: ("--fused", "--channels-last")}  # the child's flags
IDLE_S = 10.0


def bare_loop(x: np.ndarray, y: np.ndarray, fused: bool, channels_last: bool) -> float:
    """Samples per second of one epoch of a plain PyTorch training loop (Adam, torch's default or
    fused; torch's default memory layout or channels-last)."""
    torch.manual_seed(0)
    layout = torch.channels_last if channels_last else torch.contiguous_format
    model = lenet5().to(memory_format=layout)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused or None)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    start = time.perf_counter()
    order = torch.randperm(len(xt))
    for i in range(0, len(xt), BATCH):
        idx = order[i : i + BATCH]
        optimiser.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(xt[idx].contiguous(memory_format=layout)), yt[idx])
        loss.backward()
        optimiser.step()
    return len(xt) / (time.perf_counter() - start)


def bare_in_child(arrays: Path, reference: str) -> float:
    """The bare loop in a new process (this script, ``--bare-child``) on the arrays saved in ``arrays``."""
    command = [sys.executable, __file__, "--bare-child", str(arrays), *REFERENCES[reference]]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def run_bare_child(arrays: Path, fused: bool, channels_last: bool) -> None:
    """Child process: one epoch of the bare loop, with the allocator settings of training."""
    with np.load(arrays) as saved:
        x, y = saved["x"], saved["y"]
    keep_freed_memory()
    print(bare_loop(x, y, fused, channels_last))


class Lateness:
    """Records how late a 10 ms repeating timer fires (its slot is kept to a few microseconds:
    it runs 100 times a second on the GUI thread it measures)."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.last = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(self.timer.timerType().PreciseTimer)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start(10)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.samples.append(max(0.0, (now - self.last) * 1e3 - 10.0))
        self.last = now

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


def open_app(key: str, train_size: int) -> tuple[QApplication, MainWindow]:
    """The main window with LeNet-5 loaded, a digit drawn and the Training panel set up."""
    app = create_application([])
    window = MainWindow(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    window.show()
    window.start("lenet5")
    wait(app, lambda: window.session.bundle is not None, timeout=120)
    from tests.gui.conftest import draw_stroke

    for stroke in DIGIT_STROKES[3]:
        draw_stroke(window.input_panel.canvas, stroke)
    window.docks["Training"].show()
    form = window.training_panel.form
    form.model.setCurrentIndex(form.model.findData("lenet5"))
    form.dataset.setCurrentIndex(form.dataset.findData(key))
    form.train_size.setValue(train_size)
    form.epochs.setValue(1)
    form.batch.setValue(BATCH)
    return app, window


def idle_lateness(app: QApplication) -> list[float]:
    """The timer's lateness while the app is idle (the machine's own load)."""
    lateness = Lateness()
    lateness.start()
    end = time.perf_counter() + IDLE_S
    exec_until(lambda: time.perf_counter() > end, timeout=IDLE_S + 60)
    lateness.stop()
    return lateness.samples


def app_run(app: QApplication, window: MainWindow, probe: bool = True) -> tuple[float, list[float], float]:
    """(samples/s of the in-app run, timer lateness samples in ms, ms the Start click took);
    without ``probe`` the 10 ms timer does not run (no lateness samples then)."""
    panel = window.training_panel
    panel.last_summary = None
    lateness = Lateness()
    if probe:
        lateness.start()
    clicked = time.perf_counter()
    panel.start_button.click()
    click_ms = (time.perf_counter() - clicked) * 1e3
    exec_until(lambda: panel.state == "idle" and panel.last_summary is not None, timeout=3600)
    lateness.stop()
    summary = panel.last_summary
    if summary is None or summary.outcome != "finished":
        raise RuntimeError(f"the in-app run did not finish: {summary}")
    return panel.last_rate, lateness.samples, click_ms


def lateness_text(samples: list[float]) -> str:
    return (
        f"p50 {percentile(samples, 50):.2f}, p99 {percentile(samples, 99):.2f}, "
        f"worst {max(samples):.1f} ms over {len(samples):,} ticks"
    )


def digits(n: int, cache: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """n training and 1,000 validation digits, generated (minutes) or read from the cache."""
    if cache is not None and cache.exists():
        with np.load(cache) as saved:
            if len(saved["x"]) >= n:
                return saved["x"][:n], saved["y"][:n], saved["vx"], saved["vy"]
    from cnnviz.core.synthdigits import generate_digits

    t0 = time.perf_counter()
    x, y = generate_digits(n, seed=0)
    vx, vy = generate_digits(1000, seed=1)
    print(f"generated {len(x):,} digits in {time.perf_counter() - t0:.0f} s")
    if cache is not None:
        np.savez(cache, x=x, y=y, vx=vx, vy=vy)
    return x, y, vx, vy


def paired_ratios(in_app: list[float], bare: list[float]) -> list[float]:
    """Each in-app rate over the mean of the bare rates measured just before and just after it:
    the machine's speed drifts by ±25% over minutes, far less within one round."""
    return [rate / ((bare[i] + bare[i + 1]) / 2) for i, rate in enumerate(in_app)]


def print_probe_comparison(in_app: list[float], paired: list[float], probed: list[bool]) -> None:
    """The in-app rounds with and without the 10 ms timer, as paired ratios."""
    for on, words in ((True, "with the 10 ms timer   "), (False, "without the 10 ms timer")):
        ratios = [ratio for ratio, p in zip(paired, probed, strict=True) if p == on]
        print(
            f"in-app rounds {words}: paired median {statistics.median(ratios):.3f}× "
            f"(runs: {', '.join(f'{r:.3f}' for r in ratios)})"
        )


def print_ratio(name: str, in_app: list[float], bare: list[float], kept: list[int]) -> None:
    """The in-app median over the bare median, and the paired ratios with their interval,
    over the in-app rounds ``kept``."""
    all_paired = paired_ratios(in_app, bare)
    paired, in_app = [all_paired[i] for i in kept], [in_app[i] for i in kept]
    low, high = median_interval(paired)
    of_medians = statistics.median(in_app) / statistics.median(bare)
    print(
        f"in-app against the bare loop with {name}: {of_medians:.3f}× "
        f"(medians); paired with the runs just before and after: median {statistics.median(paired):.3f}×, "
        f"95% interval {low:.3f}–{high:.3f}× (runs: {', '.join(f'{r:.3f}' for r in paired)})"
    )


def print_setting() -> None:
    """torch's version and the thread count a new thread gets (the GUI thread here runs on one)."""
    threads: list[int] = []
    counter = threading.Thread(target=lambda: threads.append(torch.get_num_threads()))
    counter.start()
    counter.join()
    print(f"torch {torch.__version__}, {threads[0]} threads, {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-size", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--digits-cache", type=Path, help="keep the generated digits in this .npz")
    parser.add_argument(
        "--probe-off-too",
        action="store_true",
        help="every second in-app round without the 10 ms timer: what the measuring costs the training",
    )
    parser.add_argument("--bare-child", type=Path, help=argparse.SUPPRESS)  # internal: the child's part
    parser.add_argument("--fused", action="store_true", help=argparse.SUPPRESS)  # the child's optimiser
    parser.add_argument("--channels-last", action="store_true", help=argparse.SUPPRESS)  # the child's layout
    args = parser.parse_args()
    if args.bare_child is not None:
        run_bare_child(args.bare_child, args.fused, args.channels_last)
        return
    x, y, vx, vy = digits(args.train_size, args.digits_cache)
    arrays = Path(tempfile.mkdtemp()) / "train.npz"
    np.savez(arrays, x=x, y=y)
    app, window = open_app(register(x, y, vx, vy), args.train_size)
    keep_freed_memory()  # what training sets up, for the bare loop too
    load_before = os.getloadavg()[0]
    idle = idle_lateness(app)
    bare: dict[str, list[float]] = {name: [] for name in REFERENCES}
    in_app: list[float] = []
    probed: list[bool] = []
    late_all: list[float] = []
    late_after_click: list[float] = []
    clicks: list[float] = []
    for round_ in range(args.rounds + 1):
        for name, rates in bare.items():
            rates.append(bare_in_child(arrays, name))
        if round_ == args.rounds:
            break
        probe = not (args.probe_off_too and round_ % 2)
        rate, late, click_ms = app_run(app, window, probe)
        in_app.append(rate)
        probed.append(probe)
        late_all += late
        late_after_click += late[1:]  # the first tick waits for the Start click's own work
        clicks.append(click_ms)
        print(
            f"round {round_ + 1}: bare {' / '.join(f'{r[-1]:,.0f} ({n})' for n, r in bare.items())}, "
            f"in-app {rate:,.0f} samples/s; "
            f"GUI lateness {lateness_text(late) if late else 'not measured (timer off)'}",
            flush=True,
        )
    window.close()
    arrays.unlink()
    if args.probe_off_too:
        print_probe_comparison(in_app, paired_ratios(in_app, bare[PLAIN]), probed)
    kept = [i for i, on in enumerate(probed) if on]  # the figures: the rounds with the timer
    print_setting()
    print(f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    for name, rates in bare.items():
        print(f"bare PyTorch loop, {name:26s} median {statistics.median(rates):9,.0f} samples/s")
    in_app_median = statistics.median(in_app[i] for i in kept)
    print(f"in-app training (live GUI):                  median {in_app_median:9,.0f} samples/s")
    for name, rates in bare.items():
        print_ratio(name, in_app, rates, kept)
    print(f"GUI 10 ms timer lateness, from the Start click:   {lateness_text(late_all)}")
    print(f"GUI 10 ms timer lateness, after the click's tick: {lateness_text(late_after_click)}")
    print(f"the Start click itself took {', '.join(f'{c:.0f}' for c in clicks)} ms")
    print(f"control, the app idle for {IDLE_S:.0f} s:               {lateness_text(idle)}")


if __name__ == "__main__":
    main()
