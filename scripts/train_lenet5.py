"""Train the shipped LeNet-5 weights on synthetic pen-stroke digits, reproducibly.

    .venv/bin/python scripts/train_lenet5.py            # writes resources/weights/lenet5.pt

The training and held-out test sets come from :mod:`cnnviz.core.synthdigits`
with different seeds; every image goes through the same preprocessing as a
drawing on the app's canvas. Training uses :func:`cnnviz.core.training.train`.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch

from cnnviz.core.builtins import DIGIT_LABELS, MNIST_SPEC, build_builtin
from cnnviz.core.checkpoint import save_checkpoint
from cnnviz.core.resources import weights_path
from cnnviz.core.spec import ModelBundle
from cnnviz.core.synthdigits import generate_digits
from cnnviz.core.training import TrainConfig, TrainProgress, evaluate, train

TEST_SEED_OFFSET = 1_000_003


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--train-size", type=int, default=60_000)
    parser.add_argument("--test-size", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for torch")
    parser.add_argument("-o", "--output", type=Path, default=weights_path("lenet5"))
    return parser.parse_args(argv)


def epoch_line(p: TrainProgress) -> str:
    """One terminal line summarising a finished epoch."""
    return (
        f"epoch {p.epoch:2d}/{p.epochs}  loss {p.train_loss:.4f}  acc {p.train_accuracy:.4f}  "
        f"val_loss {p.val_loss:.4f}  val_acc {p.val_accuracy:.4f}  "
        f"{p.samples_per_s:,.0f} samples/s  {p.elapsed_s:.0f} s"
    )


def epoch_record(p: TrainProgress) -> dict[str, float]:
    """The per-epoch metrics stored in the checkpoint's history."""
    return {
        "epoch": p.epoch,
        "train_loss": p.train_loss,
        "train_accuracy": p.train_accuracy,
        "val_loss": float(p.val_loss or 0.0),
        "val_accuracy": float(p.val_accuracy or 0.0),
        "lr": p.lr,
        "seconds": p.elapsed_s,
    }


def main(argv: list[str] | None = None) -> int:
    """Generate data, train, report held-out accuracy and save the checkpoint."""
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    train_x, train_y = generate_digits(args.train_size, args.seed)
    test_seed = args.seed + TEST_SEED_OFFSET
    test_x, test_y = generate_digits(args.test_size, test_seed)
    data_s = time.perf_counter() - start
    print(
        f"generated {len(train_x):,} training and {len(test_x):,} test digits in {data_s:.0f} s", flush=True
    )

    config = TrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer="adam",
        seed=args.seed,
        device=args.device,
        schedule="cosine",
    )
    model = build_builtin("lenet5", seed=args.seed)
    epochs = []
    for progress in train(model, train_x, train_y, config, val=(test_x, test_y)):
        if progress.phase == "epoch_end":
            epochs.append(epoch_record(progress))
            print(epoch_line(progress), flush=True)
    test_loss, test_acc = evaluate(model.cpu(), test_x, test_y)
    total_s = time.perf_counter() - start
    print(
        f"held-out accuracy {test_acc:.4f} (loss {test_loss:.4f}) on {len(test_x):,} digits; {total_s:.0f} s"
    )

    bundle = ModelBundle("LeNet-5", model, MNIST_SPEC, list(DIGIT_LABELS), trained=True, arch="lenet5")
    history = {
        "data": "cnnviz.core.synthdigits",
        "train_size": len(train_x),
        "test_size": len(test_x),
        "seed": args.seed,
        "test_seed": test_seed,
        "config": asdict(config),
        "epochs": epochs,
        "test_loss": test_loss,
        "test_accuracy": test_acc,
        "seconds": total_s,
        "torch": str(torch.__version__),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(bundle, args.output, history)
    print(f"saved {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
