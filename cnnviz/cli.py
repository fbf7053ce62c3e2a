"""Headless command line: layer tables, predictions and activation grids without a window.

    cnnviz summary MODEL [--json]
    cnnviz predict MODEL IMAGE [--json] [-k K] [--invert auto|yes|no]
    cnnviz render MODEL IMAGE --layer NAME -o OUT.png [--normalise map|layer] [--scale N]
    cnnviz render MODEL IMAGE --view deconv|gradcam|saliency|guided|smoothgrad|intgrad|featvis -o OUT.png …
    cnnviz render MODEL IMAGE --view occlusion [--patch P] [--stride S] [--class K]
                  [--map probability|activation|label] [--layer L --channel C] [--mode exact|approximate]
    cnnviz render MODEL DATA --view topk --layer L --cache DIR [--channels 0,1,4-7]
                  [--k K] [--limit N] [--seed S]
    cnnviz train --model M --data D -o CHECKPOINT [--epochs N] [--lr LR] ... [--resume CHECKPOINT]
    cnnviz topk MODEL DATA --layer L -o CACHE_DIR [--k 9] [--limit N] [--resume] [--montage OUT.png]

MODEL is a built-in name (lenet5, tinyvgg), a torchvision model (``zoo:resnet18`` with
random weights, ``zoo:resnet18:pretrained`` with ImageNet weights, downloaded once) or a
model file. Every user error (bad arguments, unreadable files, unknown layers, blank
images) ends with exit code 2 and one line on stderr starting with ``cnnviz: error:``; an interrupted
``train`` saves a resumable checkpoint and exits with 130. torch is only
imported once the arguments have been parsed.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cnnviz import __version__, cli_conv, cli_desktop, cli_inspect, cli_shape, cli_topk
from cnnviz.cli_common import (  # noqa: F401 (re-exported: these used to live here)
    USAGE_ERROR,
    USER_ERRORS,
    CliError,
    _Parser,
    add_device_option,
    bounded_float,
    bounded_int,
    fail,
    is_user_error,
    pick_device,
)
from cnnviz.cli_train import (  # noqa: F401 (re-exported)
    TRAIN_FIELDS,
    TrainJob,
    add_train_parser,
    build_model,
    check_fits,
    cmd_train,
    load_data,
    new_job,
    resumed_job,
    train_config,
)
from cnnviz.cli_train_run import (  # noqa: F401 (re-exported)
    ProgressBar,
    StopOnInterrupt,
    duration,
    epoch_line,
    run_training,
    save_run,
)

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

COMMANDS = (
    *cli_inspect.INSPECT_COMMANDS,
    "train",
    *cli_conv.CONV_COMMANDS,
    "shape",
    *cli_desktop.DESKTOP_COMMANDS,
    *cli_topk.TOPK_COMMANDS,
)
MAX_OUTPUT_PIXELS = 64_000_000


def build_parser() -> argparse.ArgumentParser:
    """The ``cnnviz`` parser with one subparser per command."""
    parser = _Parser(prog="cnnviz", description="See inside convolutional neural networks, headless.")
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    cli_inspect.add_parsers(sub)
    add_train_parser(sub)
    cli_conv.add_parsers(sub)
    cli_shape.add_parsers(sub)
    cli_desktop.add_parsers(sub)
    cli_topk.add_parsers(sub)
    return parser


def open_model(name: str, device: str, trust: bool = False) -> ModelBundle:
    """A built-in model or a model file, moved to ``device`` and in eval mode."""
    from cnnviz.core.builtins import canonical_builtin
    from cnnviz.core.sources import NeedsTrust, builtin_names, load_model

    if canonical_builtin(name) is None and not Path(name).exists() and not name.startswith("zoo:"):
        known = ", ".join(builtin_names())
        raise CliError(f"unknown model '{name}': not a built-in model ({known}) and no such file.")
    try:
        bundle = load_model(name, trust=trust)
    except NeedsTrust as exc:
        raise CliError(f"{exc} Add --trust to load it anyway.") from exc
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


def note_untrained(bundle: ModelBundle) -> None:
    """Warn on stderr that a model without trained weights predicts noise."""
    if not bundle.trained:
        print(
            f"cnnviz: note: {bundle.name} has random weights; its predictions mean nothing.", file=sys.stderr
        )


def pick_layer(bundle: ModelBundle, wanted: str, device: str) -> str:
    """The model's layer called ``wanted``, or UnknownLayerError listing the valid names."""
    from cnnviz.core.layers import find_layer, layer_names
    from cnnviz.core.summary import summarize

    return find_layer(wanted, layer_names(summarize(bundle, device)))


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
