"""``cnnviz train``: its arguments, and the run they describe (fresh, or resumed from a checkpoint).

The data set, model and :class:`~cnnviz.core.training.TrainConfig` are resolved
and checked here; :func:`cnnviz.cli_train_run.run_training` then trains, with a
progress bar, per-epoch autosave and Ctrl+C handling. torch is imported only
when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz.cli_common import CliError, add_device_option, bounded_float, bounded_int, pick_device
from cnnviz.cli_train_run import run_training

if TYPE_CHECKING:
    from cnnviz.core.datasets import Dataset
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.training import TrainConfig, TrainState

TRAIN_FIELDS = (
    "epochs",
    "lr",
    "batch_size",
    "optimizer",
    "weight_decay",
    "l1",
    "schedule",
    "step_size",
    "gamma",
    "seed",
)


def add_train_parser(sub: Any) -> None:
    """The ``train`` subcommand's arguments (all optional when resuming)."""
    train = sub.add_parser("train", help="train a model on a data set; autosaves a resumable checkpoint")
    train.add_argument(
        "-m", "--model", help="built-in name (lenet5, tinyvgg), zoo:NAME (torchvision) or a builder JSON"
    )
    train.add_argument("-d", "--data", help="data set key (digits, shapes, mnist, …) or folder:PATH")
    train.add_argument(
        "-o", "--output", help="checkpoint to write at every epoch's end (default: the --resume file)"
    )
    train.add_argument("--resume", metavar="CHECKPOINT", help="continue the run saved in a checkpoint")
    number = bounded_int(1, 10_000_000)
    train.add_argument("--epochs", type=number, help="total epochs (default 5, or the resumed run's)")
    train.add_argument(
        "--lr", type=bounded_float(0.0, 1e6, open_low=True), help="learning rate (default 0.001)"
    )
    train.add_argument("--batch-size", type=number, help="samples per step (default 128)")
    train.add_argument("--optimizer", choices=("adam", "sgd", "adamw"), help="default adam")
    train.add_argument("--weight-decay", type=bounded_float(0.0, 1e6), help="L2 penalty (default 0)")
    train.add_argument("--l1", type=bounded_float(0.0, 1e6), help="L1 penalty on the weights (default 0)")
    train.add_argument("--schedule", choices=("constant", "step", "cosine"), help="learning-rate schedule")
    train.add_argument(
        "--step-size", type=number, help="epochs between decays of the step schedule (default 5)"
    )
    train.add_argument(
        "--gamma", type=bounded_float(0.0, 1.0, open_low=True), help="step schedule factor (0.1)"
    )
    train.add_argument("--dropout", type=bounded_float(0.0, 0.99), help="dropout before the FC layers")
    train.add_argument("--batchnorm", action="store_true", default=None, help="batch norm after each conv")
    train.add_argument(
        "--augment-shift", type=bounded_float(0.0, 0.99), help="random shift, fraction of the size"
    )
    train.add_argument(
        "--augment-rotation", type=bounded_float(0.0, 180.0), help="random rotation, ± degrees"
    )
    train.add_argument("--hflip", action="store_true", default=None, help="random horizontal flips")
    train.add_argument("--pretrained", action="store_true", help="zoo models: start from ImageNet weights")
    train.add_argument("--freeze-backbone", action="store_true", help="zoo models: train the new head only")
    train.add_argument("--train-size", type=number, help="training samples (default: the data set's)")
    train.add_argument("--val-size", type=bounded_int(0, 10_000_000), help="validation samples")
    train.add_argument(
        "--seed", type=bounded_int(0, 2**31 - 1), help="data, shuffling and initialisation seed"
    )
    add_device_option(train)
    train.set_defaults(handler=cmd_train)


@dataclass
class TrainJob:
    """Everything a training run needs, resolved from the arguments (and a resumed checkpoint)."""

    bundle: ModelBundle
    spec: dict[str, Any]
    dataset: Dataset
    config: TrainConfig
    state: TrainState | None
    meta: dict[str, Any]
    output: Path


def train_config(args: argparse.Namespace, base: TrainConfig, device: str) -> TrainConfig:
    """``base`` with every option given on the command line applied."""
    from cnnviz.core.training import Augment

    changes = {name: getattr(args, name) for name in TRAIN_FIELDS if getattr(args, name) is not None}
    given = {"shift": args.augment_shift, "rotation": args.augment_rotation, "hflip": args.hflip}
    augment = replace(base.augment or Augment(), **{k: v for k, v in given.items() if v is not None})
    try:
        return replace(base, **changes, augment=augment, device=device, snapshot_every=0)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def load_data(key: str, train_size: int | None, val_size: int | None, seed: int) -> Dataset:
    """The data set, with a self-overwriting progress line on a terminal."""
    from cnnviz.core.datasets import load_dataset

    live = sys.stderr.isatty()

    def report(message: str, fraction: float) -> None:
        percent = f" {100 * max(fraction, 0.0):.0f}%" if fraction < 1.0 else ""
        print(f"\r\x1b[K{message}{percent}", end="", file=sys.stderr, flush=True)

    data = load_dataset(key, train_size, val_size, seed, progress=report if live else None)
    if live:
        print(file=sys.stderr)
    return data


def check_fits(module: Any, shape: tuple[int, int, int], classes: int) -> None:
    """A dry forward pass on the CPU: the data must go through and give one output per class."""
    import torch

    module.eval()
    try:
        with torch.no_grad():
            outputs = module(torch.zeros(1, *shape)).reshape(1, -1).shape[1]
    except RuntimeError as exc:
        size = "×".join(map(str, shape))
        raise CliError(f"the model cannot read {size} inputs: {str(exc).splitlines()[0]}") from exc
    if outputs != classes:
        raise CliError(f"the model has {outputs} outputs but the data set has {classes} classes.")


def build_model(spec: dict[str, Any], pretrained: bool, seed: int) -> Any:
    """A fresh module for the spec; zoo models may start from their downloaded ImageNet weights."""
    import torch

    from cnnviz.core.architectures import build_from_spec
    from cnnviz.core.transfer import zoo_classifier

    if not pretrained:
        return build_from_spec(spec, seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        module, note = zoo_classifier(
            spec["name"], spec["num_classes"], True, spec["freeze_backbone"], spec["in_channels"]
        )
    print(f"cnnviz: {note}", file=sys.stderr)
    return module


def new_job(args: argparse.Namespace, device: str, output: Path) -> TrainJob:
    """A fresh run: data set, architecture and config from the arguments (checked before loading data)."""
    from cnnviz.core.architectures import arch_key, check_input_shape, spec_for_model
    from cnnviz.core.datasets import DATASETS
    from cnnviz.core.sources import title_of
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.training import TrainConfig

    if not args.model or not args.data:
        raise CliError("train needs --model and --data (or --resume CHECKPOINT).")
    if (args.pretrained or args.freeze_backbone) and not args.model.startswith("zoo:"):
        raise CliError("--pretrained and --freeze-backbone apply to torchvision models (zoo:NAME) only.")
    config = train_config(args, TrainConfig(), device)
    info, data = DATASETS.get(args.data), None
    if info is None:  # not a registered set (e.g. folder:PATH): its classes are known once it is read
        data = load_data(args.data, args.train_size, args.val_size, config.seed)
        spec_in, labels = data.spec, data.labels
    else:
        spec_in, labels = info.spec, list(info.labels)
    options = (args.dropout, args.batchnorm, args.freeze_backbone)
    spec = spec_for_model(args.model, len(labels), spec_in.channels, *options)
    check_input_shape(spec, spec_in.shape)
    module = build_model(spec, args.pretrained, config.seed)
    check_fits(module, spec_in.shape, len(labels))
    data = data or load_data(args.data, args.train_size, args.val_size, config.seed)
    bundle = ModelBundle(title_of(spec), module, data.spec, data.labels, False, str(output), arch_key(spec))
    meta = {"model": args.model, "dataset": args.data, "train_size": len(data.train_y)}
    meta["val_size"] = len(data.val_y)
    return TrainJob(bundle, spec, data, config, None, meta, output)


def resumed_job(args: argparse.Namespace, device: str, output: Path) -> TrainJob:
    """A run continued from a checkpoint: its architecture, data set and config unless overridden."""
    from cnnviz.core.checkpoint import load_checkpoint
    from cnnviz.core.training import TrainConfig

    if args.model or args.dropout is not None or args.batchnorm or args.pretrained or args.freeze_backbone:
        raise CliError(
            "the checkpoint fixes the model: --model and architecture options cannot change on --resume."
        )
    bundle, state = load_checkpoint(args.resume)
    name = Path(args.resume).name
    if state is None:
        raise CliError(f"'{name}' holds no resumable training state.")
    meta = {k: v for k, v in (bundle.extra.get("history") or {}).items() if k != "epochs"}
    key = args.data or meta.get("dataset")
    if not key:
        raise CliError(f"'{name}' does not say which data set it was trained on; give --data.")
    try:
        base = TrainConfig.from_dict(meta.get("config") or {})
    except (TypeError, ValueError) as exc:
        raise CliError(f"'{name}' has an unreadable training configuration ({exc}).") from exc
    config = train_config(args, base, device)
    if state.epoch >= config.epochs:
        raise CliError(
            f"'{name}' already trained {state.epoch} epochs; pass --epochs {state.epoch + 1} or more."
        )
    train_size = args.train_size or meta.get("train_size")
    val_size = args.val_size if args.val_size is not None else meta.get("val_size")
    data = load_data(key, train_size, val_size, config.seed)
    check_fits(bundle.module, data.spec.shape, len(data.labels))
    meta |= {"dataset": key, "train_size": len(data.train_y), "val_size": len(data.val_y)}
    return TrainJob(bundle, bundle.extra["arch_spec"], data, config, state, meta, output)


def cmd_train(args: argparse.Namespace) -> int:
    """``cnnviz train``: train a model, autosaving a resumable checkpoint."""
    output = Path(args.output or args.resume or "")
    if not (args.output or args.resume):
        raise CliError("give the checkpoint to write with -o/--output.")
    if output.is_dir():
        raise CliError(f"'{output}' is a folder; give a file name for the checkpoint.")
    device = pick_device(args.device)
    job = resumed_job(args, device, output) if args.resume else new_job(args, device, output)
    return run_training(job)
