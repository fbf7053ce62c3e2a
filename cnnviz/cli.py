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
import json
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz import __version__, cli_conv, cli_desktop, cli_shape, cli_topk, cli_views
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
    "summary",
    "predict",
    "render",
    "train",
    *cli_conv.CONV_COMMANDS,
    "shape",
    *cli_desktop.DESKTOP_COMMANDS,
    *cli_topk.TOPK_COMMANDS,
)
MAX_SCALE = 64
MAX_OUTPUT_PIXELS = 64_000_000


def add_common(parser: argparse.ArgumentParser, image: bool) -> None:
    """The arguments every command shares: MODEL, IMAGE and --invert where needed, --device."""
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="built-in name (lenet5, tinyvgg), zoo:NAME[:pretrained] (torchvision) or a model file",
    )
    if image:
        parser.add_argument("image", metavar="IMAGE", help="image file (PNG, JPEG, BMP, GIF, WebP)")
        parser.add_argument(
            "--invert",
            choices=("auto", "yes", "no"),
            default="auto",
            help="auto (default): invert dark ink on light paper; yes or no: force it",
        )
    parser.add_argument(
        "--trust",
        action="store_true",
        help="open a model file that runs code when loaded (a pickled model): only files you trust",
    )
    add_device_option(parser)


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
    render = sub.add_parser(
        "render", help="save the activation grid of one layer (or another --view) as a PNG"
    )
    add_common(render, image=True)
    render.add_argument("--layer", help="layer name, as listed by 'cnnviz summary'")
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
    cli_views.add_view_options(render)
    render.set_defaults(handler=cmd_render)
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
    bundle = open_model(args.model, device, args.trust)
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
    bundle = open_model(args.model, device, args.trust)
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
    """``cnnviz render``: one layer's activation grid (or another view, see cli_views) as a PNG."""
    cli_views.check_options(args)
    if args.view != "activations":
        return cli_views.cmd_render_view(args)
    from cnnviz.core.grid import render_grid, upscale
    from cnnviz.core.imageio import save_png
    from cnnviz.core.layers import auto_scale

    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"'{output}' is a folder; give a file name for the PNG.")
    image = read_image(args.image)
    device = pick_device(args.device)
    bundle = open_model(args.model, device, args.trust)
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
