"""Headless command line: layer tables, predictions and activation grids without a window.

    cnnviz summary MODEL [--json]
    cnnviz predict MODEL IMAGE [--json] [-k K] [--invert auto|yes|no]
    cnnviz render MODEL IMAGE --layer NAME -o OUT.png [--normalise map|layer] [--scale N]
    cnnviz train --model M --data D -o CHECKPOINT [--epochs N] [--lr LR] ... [--resume CHECKPOINT]

MODEL is a built-in name (lenet5, tinyvgg) or a model file. Every user error
(bad arguments, unreadable files, unknown layers, blank images) ends with exit
code 2 and one line on stderr starting with ``cnnviz: error:``; an interrupted
``train`` saves a resumable checkpoint and exits with 130. torch is only
imported once the arguments have been parsed.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cnnviz import __version__

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.core.datasets import Dataset
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.training import TrainConfig, TrainProgress, TrainRun, TrainState

COMMANDS = ("summary", "predict", "render", "train")
USAGE_ERROR = 2
MAX_SCALE = 64
MAX_OUTPUT_PIXELS = 64_000_000
USER_ERRORS = (
    "cnnviz.core.imageio.ImageLoadError",
    "cnnviz.core.sources.ModelLoadError",
    "cnnviz.core.preprocess.EmptyInputError",
    "cnnviz.core.layers.UnknownLayerError",
    "cnnviz.core.datasets.DatasetUnavailable",
    "cnnviz.core.architectures.ArchitectureError",
    "cnnviz.core.transfer.PretrainedUnavailable",
    "cnnviz.core.training.TrainingError",
)


class CliError(Exception):
    """A user error, reported as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become :class:`CliError` instead of usage spam."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type accepting whole numbers from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not '{text}'")
        return value

    return parse


def add_common(parser: argparse.ArgumentParser, image: bool) -> None:
    """The arguments every command shares: MODEL, IMAGE and --invert where needed, --device."""
    parser.add_argument("model", metavar="MODEL", help="built-in name (lenet5, tinyvgg) or a model file")
    if image:
        parser.add_argument("image", metavar="IMAGE", help="image file (PNG, JPEG, BMP, GIF, WebP)")
        parser.add_argument(
            "--invert",
            choices=("auto", "yes", "no"),
            default="auto",
            help="auto (default): invert dark ink on light paper; yes or no: force it",
        )
    parser.add_argument("--device", help="cpu, cuda, cuda:N or mps (default: the best available)")


def build_parser() -> argparse.ArgumentParser:
    """The ``cnnviz`` parser with one subparser per command."""
    parser = _Parser(prog="cnnviz", description="See inside convolutional neural networks, headless.")
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    summary = sub.add_parser("summary", help="print the layer table of a model")
    add_common(summary, image=False)
    summary.add_argument("--json", action="store_true", help="print JSON instead of a table")
    summary.set_defaults(handler=cmd_summary)
    predict = sub.add_parser("predict", help="classify an image: the top classes and their probabilities")
    add_common(predict, image=True)
    predict.add_argument("--json", action="store_true", help="print JSON instead of text")
    predict.add_argument(
        "-k", "--top", type=bounded_int(1, 1_000_000), default=3, help="how many classes to show"
    )
    predict.set_defaults(handler=cmd_predict)
    render = sub.add_parser("render", help="save the activation grid of one layer as a PNG")
    add_common(render, image=True)
    render.add_argument("--layer", required=True, help="layer name, as listed by 'cnnviz summary'")
    render.add_argument("-o", "--output", required=True, help="PNG file to write")
    render.add_argument(
        "--normalise",
        "--normalize",
        choices=("map", "layer"),
        default="map",
        help="stretch the colours per feature map (default) or over the whole layer",
    )
    render.add_argument(
        "--scale", type=bounded_int(1, MAX_SCALE), help="pixel zoom (default: longer side about 1024 px)"
    )
    render.set_defaults(handler=cmd_render)
    add_train_parser(sub)
    return parser


def pick_device(requested: str | None) -> str:
    """The device to run on: the one asked for if this machine has it, else the best one."""
    from cnnviz.core.device import available_devices, default_device

    if requested is None:
        return default_device()
    available = available_devices()
    name = requested.strip().lower()
    if name == "cuda" and "cuda:0" in available:
        return "cuda:0"
    if name in available:
        return name
    raise CliError(f"device '{requested}' is not available here (available: {', '.join(available)}).")


def open_model(name: str, device: str) -> ModelBundle:
    """A built-in model or a model file, moved to ``device`` and in eval mode."""
    from cnnviz.core.builtins import canonical_builtin
    from cnnviz.core.sources import builtin_names, load_model

    if canonical_builtin(name) is None and not Path(name).exists():
        known = ", ".join(builtin_names())
        raise CliError(f"unknown model '{name}': not a built-in model ({known}) and no such file.")
    bundle = load_model(name)
    bundle.module.to(device).eval()
    return bundle


def read_image(path: str) -> np.ndarray:
    """The image file as float RGB (checked before any model is loaded: torch is not needed)."""
    from cnnviz.core.imageio import load_image

    return load_image(path)


def infer(
    bundle: ModelBundle, image: np.ndarray, args: argparse.Namespace, device: str, layers: Iterable[str] = ()
) -> InferenceResult:
    """Run the model on the image, recording ``layers``; a blank image is a user error."""
    from cnnviz.core.inference import InferenceRequest, run_inference
    from cnnviz.core.preprocess import EmptyInputError

    request = InferenceRequest(0, image, frozenset(layers), args.invert)
    try:
        return run_inference(bundle, request, device)
    except EmptyInputError as exc:
        name = Path(args.image).name
        raise CliError(f"'{name}' looks blank: there is no ink to classify (see --invert).") from exc


def print_json(data: dict[str, Any]) -> None:
    """Pretty JSON on stdout."""
    print(json.dumps(data, indent=2, ensure_ascii=False))


def note_untrained(bundle: ModelBundle) -> None:
    """Warn on stderr that a model without trained weights predicts noise."""
    if not bundle.trained:
        print(
            f"cnnviz: note: {bundle.name} has random weights; its predictions mean nothing.", file=sys.stderr
        )


def cmd_summary(args: argparse.Namespace) -> int:
    """``cnnviz summary``: the layer table."""
    from cnnviz.core.summary import format_table, summarize

    device = pick_device(args.device)
    bundle = open_model(args.model, device)
    summary = summarize(bundle, device)
    if args.json:
        head = {"model": bundle.name, "trained": bundle.trained, "input_shape": list(bundle.spec.shape)}
        print_json(head | {"labels": list(bundle.labels)} | summary.to_dict())
    else:
        print(bundle.description)
        print(format_table(summary))
    return 0


def top_classes(result: InferenceResult, labels: list[str], k: int) -> list[dict[str, Any]]:
    """The k most probable classes, most probable first."""
    probs = result.probabilities
    order = sorted(range(len(probs)), key=lambda i: -probs[i])[:k]
    return [
        {"index": i, "label": labels[i] if i < len(labels) else str(i), "probability": float(probs[i])}
        for i in order
    ]


def cmd_predict(args: argparse.Namespace) -> int:
    """``cnnviz predict``: top-k classes with probabilities."""
    image = read_image(args.image)
    device = pick_device(args.device)
    bundle = open_model(args.model, device)
    result = infer(bundle, image, args, device)
    top = top_classes(result, bundle.labels, args.top)
    if args.json:
        head = {"model": bundle.name, "trained": bundle.trained, "image": str(args.image)}
        body = {"labels": list(bundle.labels), "probabilities": [float(p) for p in result.probabilities]}
        print_json(head | body | {"top": top})
    else:
        width = max(len(entry["label"]) for entry in top)
        for entry in top:
            print(f"{entry['label']:<{width}}  {entry['probability']:.4f}")
    note_untrained(bundle)
    return 0


def pick_layer(bundle: ModelBundle, wanted: str, device: str) -> str:
    """The model's layer called ``wanted``, or UnknownLayerError listing the valid names."""
    from cnnviz.core.layers import find_layer, layer_names
    from cnnviz.core.summary import summarize

    return find_layer(wanted, layer_names(summarize(bundle, device)))


def cmd_render(args: argparse.Namespace) -> int:
    """``cnnviz render``: one layer's activation grid as a PNG."""
    from cnnviz.core.grid import render_grid, upscale
    from cnnviz.core.imageio import save_png
    from cnnviz.core.layers import auto_scale

    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"'{output}' is a folder; give a file name for the PNG.")
    image = read_image(args.image)
    device = pick_device(args.device)
    bundle = open_model(args.model, device)
    layer = pick_layer(bundle, args.layer, device)
    result = infer(bundle, image, args, device, layers=[layer])
    rgb, layout = render_grid(result.activations[layer], args.normalise)
    scale = args.scale or auto_scale(layout)
    if rgb.shape[0] * rgb.shape[1] * scale**2 > MAX_OUTPUT_PIXELS:
        raise CliError(f"a {scale}× picture of layer '{layer}' would be too large; use a smaller --scale.")
    picture = upscale(rgb, scale)
    try:
        save_png(picture, output)
    except OSError as exc:
        raise CliError(f"cannot write '{output}': {exc.strerror or exc}.") from exc
    if result.activations[layer].ndim == 1:
        maps = f"{layout.tile_w} values as a strip"
    else:
        maps = f"{layout.count} map{'s' if layout.count != 1 else ''} of {layout.tile_h}×{layout.tile_w}"
    print(f"{output}: layer {layer}, {maps}, {picture.shape[1]}×{picture.shape[0]} px (scale {scale})")
    return 0


# --- cnnviz train --------------------------------------------------------------------------------

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


def bounded_float(low: float, high: float, open_low: bool = False) -> Callable[[str], float]:
    """An argparse type accepting numbers in [low, high] (or (low, high] with open_low)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (low < value if open_low else low <= value) or not value <= high:
            bracket = "(" if open_low else "["
            raise argparse.ArgumentTypeError(f"must be a number in {bracket}{low:g}, {high:g}], not '{text}'")
        return value

    return parse


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
    train.add_argument("--device", help="cpu, cuda, cuda:N or mps (default: the best available)")
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


class StopOnInterrupt:
    """Turns the first Ctrl+C into a request to stop after the current step; a second one quits."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: Any = None

    def __enter__(self) -> StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self.handle)
        return self

    def handle(self, _signum: int, _frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print(
            "\ncnnviz: stopping after this step to save (Ctrl+C again quits without saving)", file=sys.stderr
        )

    def __exit__(self, *_exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def duration(seconds: float) -> str:
    """'1:02:03' or '2:03'."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def epoch_line(p: TrainProgress) -> str:
    """One line summarising a finished epoch."""
    val = f"  val_loss {p.val_loss:.4f}  val_acc {p.val_accuracy:.4f}" if p.val_loss is not None else ""
    return (
        f"epoch {p.epoch}/{p.epochs}  loss {p.train_loss:.4f}  acc {p.train_accuracy:.4f}{val}  "
        f"{p.samples_per_s:,.0f} samples/s  {duration(p.elapsed_s)}"
    )


class ProgressBar:
    """A single self-overwriting status line on a terminal (nothing when not a terminal)."""

    def __init__(self, live: bool) -> None:
        self.live, self.width, self.last = live, 0, 0.0
        self.start, self.first_step = time.perf_counter(), -1

    def update(self, p: TrainProgress) -> None:
        now = time.perf_counter()
        if self.first_step < 0:
            self.first_step, self.start = p.global_step - 1, now
        if not self.live or (now - self.last < 0.1 and p.step != p.steps_per_epoch):
            return
        self.last = now
        done = p.global_step - self.first_step
        eta = (p.total_steps - p.global_step) * (now - self.start) / done if done > 0 else 0.0
        filled = int(20 * p.fraction)
        line = (
            f"epoch {p.epoch}/{p.epochs} [{'#' * filled}{'.' * (20 - filled)}] {100 * p.fraction:5.1f}%  "
            f"loss {p.train_loss:.4f}  acc {p.train_accuracy:.3f}  {p.samples_per_s:,.0f} samples/s  "
            f"ETA {duration(eta)}"
        )
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def save_run(job: TrainJob, run: TrainRun) -> None:
    """Write the checkpoint with the run's state (atomic); a write failure is a user error."""
    from cnnviz.core.checkpoint import save_checkpoint

    state = run.state()
    job.bundle.trained = state is not None and state.global_step > 0
    history = job.meta | {"config": job.config.to_dict(), "epochs": run.history}
    try:
        save_checkpoint(job.bundle, job.output, history=history, arch_spec=job.spec, train_state=state)
    except OSError as exc:
        raise CliError(f"cannot write '{job.output}': {exc.strerror or exc}.") from exc


def run_training(job: TrainJob) -> int:
    """Train with a progress bar, autosaving at each epoch's end; Ctrl+C saves and returns 130."""
    from cnnviz.core.training import train

    data = job.dataset
    val = (data.val_x, data.val_y) if len(data.val_y) else None
    run = train(job.bundle.module, data.train_x, data.train_y, job.config, val=val, resume=job.state)
    bar = ProgressBar(sys.stderr.isatty())
    with StopOnInterrupt() as stop:
        try:
            for progress in run:
                if progress.phase == "epoch_end":
                    bar.clear()
                    print(epoch_line(progress), flush=True)
                    save_run(job, run)
                else:
                    bar.update(progress)
                if stop.requested:
                    break
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        finally:
            bar.clear()
        if stop.requested:
            save_run(job, run)
    run.close()
    if stop.requested:
        print(f"cnnviz: interrupted; resume with: cnnviz train --resume {job.output}", file=sys.stderr)
        return 130
    print(f"saved {job.output}")
    return 0


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


def is_user_error(exc: BaseException) -> bool:
    """True for the exceptions that mean "bad input", not "bug".

    Looked up in ``sys.modules`` so that checking never imports torch: an error
    class whose module was never loaded cannot have been raised.
    """
    if isinstance(exc, CliError):
        return True
    for qualified in USER_ERRORS:
        module, _, name = qualified.rpartition(".")
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(exc, cls):
            return True
    return False


def fail(message: object) -> int:
    """Report one error line on stderr and return the usage-error exit code."""
    text = " ".join(str(message).split()) or "unknown error"
    print(f"cnnviz: error: {text}", file=sys.stderr)
    return USAGE_ERROR


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 success, 2 user error, 130 interrupted)."""
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        return fail(exc)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if is_user_error(exc):
            return fail(exc)
        raise


if __name__ == "__main__":
    sys.exit(main())
