"""Top-k scan throughput against a plain batched forward pass to the same layer.

For each case the same images, batches and device are used by both: the scan is
:func:`cnnviz.core.topk.scan_topk` run to the end, set-up included (private twin, receptive
field), with the batches it chooses itself (``default_batch_size``: 256 for these images) or
``--batch N``; the baseline runs the model truncated
after the layer (``model[: i + 1]``, no_grad) over exactly the same batches and keeps
nothing. On a shared machine the load changes from one second to the next, so the two are
interleaved batch by batch (the scan's next batch, then the same batch through the baseline,
the order flipping every batch) and each round gives a ratio of the totals; the medians over
``--rounds`` rounds are reported. Target: the scan at ≥ 0.9× the baseline's images/s.
Run: python benchmarks/bench_topk.py [--rounds 7] [--digits 4096] [--shapes 1024] [--batch N]
     [--device cpu] [--threads N]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch
from torch import nn

from benchmarks.stats import percentile
from cnnviz.core.datasets import load_dataset
from cnnviz.core.sources import load_builtin
from cnnviz.core.topk import ImageSet, scan_topk

CASES = (("lenet5", "digits", "conv2"), ("tinyvgg", "shapes", "conv_1_1"), ("tinyvgg", "shapes", "conv_2_2"))


def synchronise(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def scan_batches(model: nn.Module, images: ImageSet, layer: str, batch: int | None) -> list[tuple[int, int]]:
    """(begin, stop) of every batch the scan runs (a dry run; the choice depends only on the model)."""
    done = [0, *(p.images_done for p in scan_topk(model, images, layer, batch_size=batch))]
    return list(itertools.pairwise(done))


def paired_round(
    model: nn.Module,
    truncated: nn.Module,
    images: ImageSet,
    layer: str,
    device: torch.device,
    batches: list[tuple[int, int]],
    batch: int | None,
) -> tuple[float, float, float]:
    """One round, batch by batch: the scan's next batch and the same batch through the truncated
    model, in alternating order. Seconds: baseline total, scan total (set-up included), set-up."""
    start = time.perf_counter()
    steps = iter(scan_topk(model, images, layer, batch_size=batch))
    synchronise(device)
    setup = time.perf_counter() - start
    base = scan = 0.0
    for index, (begin, stop) in enumerate(batches):
        for which in (0, 1) if index % 2 == 0 else (1, 0):
            start = time.perf_counter()
            if which == 0:
                with torch.no_grad():
                    truncated(torch.from_numpy(images.batch(begin, stop)).to(device))
            else:
                next(steps)
            synchronise(device)
            if which == 0:
                base += time.perf_counter() - start
            else:
                scan += time.perf_counter() - start
    return base, scan + setup, setup


def run_case(
    model_name: str, data: str, layer: str, count: int, rounds: int, device: torch.device, batch: int | None
) -> None:
    model = load_builtin(model_name).module.to(device).eval()
    assert isinstance(model, nn.Sequential)
    names = [name for name, _ in model.named_children()]
    truncated = model[: names.index(layer) + 1]
    images = ImageSet(data, (load_dataset(data, count, 0, seed=0).train_x,))
    batches = scan_batches(model, images, layer, batch)
    paired_round(model, truncated, images, layer, device, batches, batch)  # warm up
    results = [paired_round(model, truncated, images, layer, device, batches, batch) for _ in range(rounds)]
    base = statistics.median(count / r[0] for r in results)
    scan = statistics.median(count / r[1] for r in results)
    ratios = [r[0] / r[1] for r in results]
    setup = 1000 * statistics.median(r[2] for r in results)
    sizes = ", ".join(f"{stop - begin:,}" for begin, stop in batches)
    print(f"{model_name} {layer} on {count:,} {data} images (batches: {sizes}):")
    print(f"  plain forward to {layer}: median {base:9,.0f} images/s")
    print(f"  scan_topk (set-up incl.): median {scan:9,.0f} images/s; set-up {setup:.0f} ms")
    print(f"  ratio per round: median {statistics.median(ratios):.2f}×, "
          f"p10–p90 {percentile(ratios, 10):.2f}–{percentile(ratios, 90):.2f}×")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--digits", type=int, default=4096)
    parser.add_argument("--shapes", type=int, default=1024)
    parser.add_argument("--batch", type=int, help="one batch size for every batch (default: the scan's own)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{os.cpu_count()} CPUs, load average before: {load}; {args.rounds} rounds")  # fmt: skip
    for model_name, data, layer in CASES:
        count = args.digits if data == "digits" else args.shapes
        run_case(model_name, data, layer, count, args.rounds, device, args.batch)
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
