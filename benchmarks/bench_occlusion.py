"""Occlusion sensitivity: Captum's Occlusion against cnnviz's incremental inference, same inputs.

Cases (random weights, the last layer scaled so the class probabilities spread):
ResNet-18 and VGG-16 at 224×224 with a 32-pixel square and stride 16 (13×13
positions), TinyVGG at 64×64 with an 8-pixel square and stride 2 (29×29). The
square is the image's mean colour; the target is the top class. Timed: Captum
(``perturbations_per_eval`` 1, its default, and the same batch as ours), cnnviz
exact (incremental) and approx (regions capped at half of each map, and fine
positions computed only around the most sensitive quarter of the coarse grid).
Runs are interleaved (the order rotates every run); medians are reported, and the
median of the per-run ratios, so a load change on a shared machine hits every
method alike. The exact pixel map is checked against Captum's attribution (max
difference / Captum's range); the approximate mode's error on the per-position
drop is reported next to its speed.
Run: python benchmarks/bench_occlusion.py [--runs 3] [--threads N] [--cases resnet18,vgg16,tinyvgg]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torchvision
from captum.attr import Occlusion
from torch import nn

from cnnviz.core.occlusion import occlusion_maps
from cnnviz.core.occlusion_grid import OcclusionMaps
from cnnviz.core.sources import load_builtin


@dataclass(frozen=True)
class Case:
    """One model, input size, square and stride."""

    name: str
    size: int
    patch: int
    stride: int
    repeat: int = 1  # runs multiplier for the quick cases


CASES = {
    "resnet18": Case("resnet18", 224, 32, 16),
    "vgg16": Case("vgg16", 224, 32, 16),
    "tinyvgg": Case("tinyvgg", 64, 8, 2, repeat=3),
}


def build(case: Case) -> tuple[nn.Module, torch.Tensor]:
    """The model with seeded random weights (logits scaled to std 4) and a seeded random image."""
    torch.manual_seed(0)
    if case.name == "tinyvgg":
        model = load_builtin("tinyvgg", weights=False).module
    else:
        model = getattr(torchvision.models, case.name)(weights=None)
    model.eval()
    x = torch.rand(3, case.size, case.size)
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        scale = 4 / model(x[None]).std()
        last.weight.mul_(scale)
        last.bias.mul_(scale)
    return model, x


def batch_size(x: torch.Tensor) -> int:
    """The batch cnnviz picks by default (also given to Captum's batched run)."""
    from cnnviz.core.occlusion import BATCH_VALUES

    return int(np.clip(BATCH_VALUES // x.numel(), 4, 256))


def captum_map(model: nn.Module, x: torch.Tensor, case: Case, target: int, per_eval: int) -> np.ndarray:
    """Captum's attribution of the target class probability (channel 0; all channels are equal)."""

    def probability(batch: torch.Tensor) -> torch.Tensor:
        return torch.softmax(model(batch), dim=1)

    with torch.no_grad():
        attribution = Occlusion(probability).attribute(
            x[None],
            sliding_window_shapes=(3, case.patch, case.patch),
            strides=(3, case.stride, case.stride),
            baselines=x.mean(dim=(1, 2)).reshape(1, 3, 1, 1),
            target=target,
            perturbations_per_eval=per_eval,
        )
    return attribution[0, 0].numpy()


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds of one call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run_case(case: Case, runs: int) -> None:
    """Time every method ``runs`` times, interleaved, and print medians, ratios and errors."""
    model, x = build(case)
    exact: OcclusionMaps = occlusion_maps(model, x, case.patch, case.stride)
    target, batch = exact.target_class, batch_size(x)
    methods: dict[str, Callable[[], object]] = {
        "captum (per_eval 1)": lambda: captum_map(model, x, case, target, 1),
        f"captum (per_eval {batch})": lambda: captum_map(model, x, case, target, batch),
        "cnnviz exact": lambda: occlusion_maps(model, x, case.patch, case.stride),
        "cnnviz approx": lambda: occlusion_maps(model, x, case.patch, case.stride, mode="approx"),
    }
    seconds: dict[str, list[float]] = {name: [] for name in methods}
    results: dict[str, object] = {}
    names = list(methods)
    for run in range(runs * case.repeat):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            elapsed, results[name] = timed(methods[name])
            seconds[name].append(elapsed)
    report(case, seconds, results, exact)


def report(
    case: Case, seconds: dict[str, list[float]], results: dict[str, object], exact: OcclusionMaps
) -> None:
    """Medians, ratios against both Captum runs, and the agreement checks."""
    rows, cols = exact.probability.shape
    size, square = f"{case.size}×{case.size}", f"square {case.patch}, stride {case.stride}"
    print(f"\n{case.name} {size}, {square}: {rows}×{cols} positions, {len(seconds['cnnviz exact'])} runs")
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    captum_names = [name for name in medians if name.startswith("captum")]
    for name, median in medians.items():
        ratios = "  ".join(f"{medians[c] / median:5.2f}× vs {c}" for c in captum_names)
        spread = f"[{min(seconds[name]):.2f}–{max(seconds[name]):.2f}]"
        print(f"  {name:22s} median {median:8.2f} s {spread:>16s}  {ratios}")
    for name in ("cnnviz exact", "cnnviz approx"):
        paired = [
            f"{statistics.median(a / b for a, b in zip(seconds[c], seconds[name], strict=True)):5.2f}× vs {c}"
            for c in captum_names
        ]
        print(f"  {name:22s} median of per-run ratios: {'  '.join(paired)}")
    captum = results[captum_names[0]]
    ours = results["cnnviz exact"]
    approx = results["cnnviz approx"]
    assert isinstance(captum, np.ndarray) and isinstance(ours, OcclusionMaps)
    assert isinstance(approx, OcclusionMaps)
    span = float(captum.max() - captum.min())
    difference = float(np.abs(ours.pixel_map() - captum).max())
    print(
        f"  exact pixel map vs Captum: max difference {difference:.2e} = {difference / span:.1e} of its range"
    )
    drop_span = float(np.ptp(ours.drop))
    error = np.abs(approx.drop - ours.drop) / drop_span
    computed = 1 - approx.estimated.mean()
    print(f"  approx drop map ({computed:.0%} of positions computed): error max {error.max():.1e},", end="")
    print(f" mean {error.mean():.1e} of the exact map's range; correlation {correlation(approx, ours):.3f}")


def correlation(first: OcclusionMaps, second: OcclusionMaps) -> float:
    """Pearson correlation of two drop maps."""
    return float(np.corrcoef(first.drop.ravel(), second.drop.ravel())[0, 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = f"{args.threads} thread(s), {os.cpu_count()} CPUs, load average {load:.1f}"
    print(f"torch {torch.__version__}, {machine}, runs {args.runs}")
    for name in args.cases.split(","):
        run_case(CASES[name], args.runs)


if __name__ == "__main__":
    main()
