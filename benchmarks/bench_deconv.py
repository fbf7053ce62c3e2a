"""Deconvnet projection: cnnviz against Captum's NeuronDeconvolution, same model, input and units.

Random weights (seeded), a 1×3×224×224 input. Per layer, timed in the same run and
interleaved (the order rotates every round, so a load change on a shared machine hits
all alike):

- ``captum``: ``NeuronDeconvolution(model, layer).attribute(x, unit)`` — the whole
  forward pass, then the backward from the unit;
- ``single``: ``deconv_projection`` of the same unit — forward stopped at the layer, on
  the CPU through the cut, batch-norm-folded, channels-last twin
  (:mod:`cnnviz.core.deconv_fast`, built on the first call and cached: its one-time cost
  is printed as ``first call``);
- ``per unit``: a :class:`DeconvProjector` projecting ``--units`` units of one input
  (one forward pass, a backward per unit), the time divided by the number of units —
  what the GUI pays for each further unit of the same image.

Reported: medians and the median of the per-round ratios to Captum (target: single ≤ 0.8),
and the largest difference from Captum's projection relative to its largest magnitude.
The receptive fields (for the unit's box) are computed once per model beforehand, as the
GUI caches them.
Run: python benchmarks/bench_deconv.py [--runs 15] [--units 8] [--device cpu|cuda] [--threads N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import torch
import torchvision
from captum.attr import NeuronDeconvolution

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cnnviz.core.deconv_fast import CACHE
from cnnviz.core.deconvnet import DeconvProjector, deconv_projection
from cnnviz.core.receptive import ReceptiveFields, receptive_fields

CASES = {
    "alexnet": (torchvision.models.alexnet, ["features.6", "features.10"]),
    "resnet18": (torchvision.models.resnet18, ["layer2.1.conv2", "layer3.1.conv2", "layer4.1.conv2"]),
}


def seconds(run: Callable[[], object], device: torch.device) -> float:
    """Wall-clock seconds of one call (the GPU synchronised before and after)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    run()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter() - start


def methods(
    model: torch.nn.Module, x: torch.Tensor, layer: str, fields: ReceptiveFields, units: int
) -> tuple[dict[str, Callable[[], object]], float]:
    """The timed calls, and our largest difference from Captum relative to its largest magnitude."""
    position = deconv_projection(model, x, layer, 0, "strongest", fields).position
    assert position is not None
    module = dict(model.named_modules())[layer]

    def captum(channel: int = 0) -> torch.Tensor:
        leaf = x.clone().requires_grad_(True)
        return NeuronDeconvolution(model, module).attribute(leaf, (channel, *position))[0].detach().cpu()

    def per_unit() -> None:
        projector = DeconvProjector(model, x, layer, fields)
        for channel in range(units):
            projector.project(channel, position)

    reference = captum()
    ours = torch.from_numpy(deconv_projection(model, x, layer, 0, position, fields).image)
    error = float((ours - reference).abs().max() / reference.abs().max())
    projector = DeconvProjector(model, x, layer, fields)
    for channel in range(1, 3):  # the projector's units equal Captum's too
        mine = torch.from_numpy(projector.project(channel, position).image)
        other = captum(channel)
        error = max(error, float((mine - other).abs().max() / other.abs().max().clamp_min(1e-30)))
    calls: dict[str, Callable[[], object]] = {
        "captum": captum,
        "single": lambda: deconv_projection(model, x, layer, 0, position, fields),
        "per unit": per_unit,
    }
    return calls, error


def compare(
    model: torch.nn.Module, x: torch.Tensor, layer: str, runs: int, units: int
) -> tuple[dict[str, float], dict[str, float], float, float]:
    """Medians (s), median per-round ratios to Captum, the first call's time and the error."""
    fields = receptive_fields(model, tuple(x.shape[1:]))
    CACHE.twins.clear()
    first = seconds(lambda: deconv_projection(model, x, layer, 0, (0, 0), fields), x.device)
    calls, error = methods(model, x, layer, fields, units)
    names = list(calls)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            times[name].append(seconds(calls[name], x.device) / (units if name == "per unit" else 1))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratios = {
        name: statistics.median(a / b for a, b in zip(values, times["captum"], strict=True))
        for name, values in times.items()
    }
    return medians, ratios, first, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    name = (
        torch.cuda.get_device_name(device) if device.type == "cuda" else f"{torch.get_num_threads()} threads"
    )
    print(f"device: {device} ({name}), torch {torch.__version__}, runs: {args.runs}, input 1×3×224×224")
    print(
        f"{'model':<9} {'layer':<15} {'Captum ms':>9} {'single ms':>9} {'ratio':>6} "
        f"{'per unit ms':>11} {'ratio':>6} {'first call ms':>13} {'max rel diff':>12}"
    )
    for model_name, (factory, layers) in CASES.items():
        torch.manual_seed(0)
        model = factory().to(device).eval()
        x = torch.randn(1, 3, 224, 224, device=device)
        for layer in layers:
            medians, ratios, first, error = compare(model, x, layer, args.runs, args.units)
            ms = {key: 1000 * value for key, value in medians.items()}
            print(
                f"{model_name:<9} {layer:<15} {ms['captum']:9.1f} "
                f"{ms['single']:9.1f} {ratios['single']:6.2f} "
                f"{ms['per unit']:11.1f} {ratios['per unit']:6.2f} {1000 * first:13.1f} {error:12.1e}",
                flush=True,
            )


if __name__ == "__main__":
    main()
