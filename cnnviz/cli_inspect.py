"""``cnnviz summary``, ``predict`` and ``render`` (activation grids): a model looked at, headless.

    cnnviz summary MODEL [--json]
    cnnviz predict MODEL IMAGE [--json] [-k K] [--invert auto|yes|no]
    cnnviz render MODEL IMAGE --layer NAME -o OUT.png [--normalise map|layer] [--scale N]

``render`` with another ``--view`` is :mod:`cnnviz.cli_views`. The model, image and layer
helpers these commands share with the others live in :mod:`cnnviz.cli`; torch is only imported
once a command runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz import cli_views
from cnnviz.cli_common import CliError, add_device_option, bounded_int, pick_device

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult

INSPECT_COMMANDS = ("summary", "predict", "render")
MAX_SCALE = 64


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


def add_parsers(sub: Any) -> None:
    """Add the ``summary``, ``predict`` and ``render`` subcommands."""
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


def print_json(data: dict[str, Any]) -> None:
    """Pretty JSON on stdout."""
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_summary(args: argparse.Namespace) -> int:
    """``cnnviz summary``: the layer table."""
    from cnnviz import cli
    from cnnviz.core.summary import format_table, summarize

    device = pick_device(args.device)
    bundle = cli.open_model(args.model, device, args.trust)
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
    from cnnviz import cli

    image = cli.read_image(args.image)
    device = pick_device(args.device)
    bundle = cli.open_model(args.model, device, args.trust)
    result = cli.infer(bundle, image, args, device)
    top = top_classes(result, bundle.labels, args.top)
    if args.json:
        head = {"model": bundle.name, "trained": bundle.trained, "image": str(args.image)}
        body = {"labels": list(bundle.labels), "probabilities": [float(p) for p in result.probabilities]}
        print_json(head | body | {"top": top})
    else:
        width = max(len(entry["label"]) for entry in top)
        for entry in top:
            print(f"{entry['label']:<{width}}  {entry['probability']:.4f}")
    cli.note_untrained(bundle)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    """``cnnviz render``: one layer's activation grid (or another view, see cli_views) as a PNG."""
    cli_views.check_options(args)
    if args.view != "activations":
        return cli_views.cmd_render_view(args)
    from cnnviz import cli
    from cnnviz.core.grid import render_grid
    from cnnviz.core.layers import auto_scale

    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"'{output}' is a folder; give a file name for the PNG.")
    image = cli.read_image(args.image)
    device = pick_device(args.device)
    bundle = cli.open_model(args.model, device, args.trust)
    layer = cli.pick_layer(bundle, args.layer, device)
    result = cli.infer(bundle, image, args, device, layers=[layer])
    rgb, layout = render_grid(result.activations[layer], args.normalise)
    scale = args.scale or auto_scale(layout)
    picture = cli_views.save_upscaled(rgb, scale, output, f"picture of layer '{layer}'")
    if result.activations[layer].ndim == 1:
        maps = f"{layout.tile_w} values as a strip"
    else:
        maps = f"{layout.count} map{'s' if layout.count != 1 else ''} of {layout.tile_h}×{layout.tile_w}"
    print(f"{output}: layer {layer}, {maps}, {picture.shape[1]}×{picture.shape[0]} px (scale {scale})")
    return 0
