"""Deconvnet projection: cnnviz's deconv_projection against Captum's NeuronDeconvolution.

Same model, input and unit for both (random weights, a 1×3×224×224 input, the
strongest unit of channel 0), timed alternately in the same run; the median of the
repeats is compared. Ours stops the forward pass at the chosen layer; Captum runs the
whole model. The receptive fields (for the unit's box) are computed once per model
beforehand, as the GUI caches them. Target: ratio ≤ 0.8.
Run: python benchmarks/bench_deconv.py [--runs 15] [--device cpu|cuda] [--threads N]
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

from cnnviz.core.deconvnet import deconv_projection
from cnnviz.core.receptive import receptive_fields

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


def compare(model: torch.nn.Module, x: torch.Tensor, layer: str, runs: int) -> tuple[float, float, float]:
    """(our median, Captum's median, largest difference relative to Captum's largest value)."""
    fields = receptive_fields(model, tuple(x.shape[1:]))
    position = deconv_projection(model, x, layer, 0, "strongest", fields).position
    assert position is not None
    module = dict(model.named_modules())[layer]

    def ours() -> torch.Tensor:
        return torch.from_numpy(deconv_projection(model, x, layer, 0, position, fields).image)

    def captum() -> torch.Tensor:
        leaf = x.clone().requires_grad_(True)
        return NeuronDeconvolution(model, module).attribute(leaf, (0, *position))[0].detach().cpu()

    reference = captum()
    error = float((ours() - reference).abs().max() / reference.abs().max())
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(seconds(ours, x.device))
        theirs.append(seconds(captum, x.device))
    return statistics.median(mine), statistics.median(theirs), error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
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
    print(f"{'model':<9} {'layer':<15} {'cnnviz ms':>10} {'Captum ms':>10} {'ratio':>6} {'max rel diff':>13}")
    for model_name, (factory, layers) in CASES.items():
        torch.manual_seed(0)
        model = factory().to(device).eval()
        x = torch.randn(1, 3, 224, 224, device=device)
        for layer in layers:
            mine, theirs, error = compare(model, x, layer, args.runs)
            row = f"{model_name:<9} {layer:<15} {1000 * mine:10.1f} {1000 * theirs:10.1f}"
            print(f"{row} {mine / theirs:6.2f} {error:13.1e}")


if __name__ == "__main__":
    main()
