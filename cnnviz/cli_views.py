"""``cnnviz render --view …``: deconvnet projections and gradient attributions as PNGs.

    cnnviz render MODEL IMAGE --view deconv [--layer L] [--channel C] [--unit ROW,COL]
    cnnviz render MODEL IMAGE --view gradcam [--layer L] [--class K]
    cnnviz render MODEL IMAGE --view saliency|guided|smoothgrad|intgrad [--class K]
    cnnviz render MODEL IMAGE --view featvis (--class K | --layer L --channel C [--unit ROW,COL]) [--steps N]
    cnnviz render MODEL IMAGE --view occlusion [--patch P] [--stride S] [--class K] [--map …] [--mode …]
    cnnviz render MODEL DATA --view topk --layer L --cache DIR [--channels LIST] [--k K] [--limit N] [...]

The picture is the model input on the left and the method's picture on the right:
for ``deconv`` both cropped to the unit's receptive field (the Zeiler–Fergus
figure); Grad-CAM laid over the input; saliency, SmoothGrad and integrated
gradients as heat-maps; guided backpropagation as a signed image, grey at zero.
``featvis`` draws one picture, the input the class or channel responds to most
(activation maximisation from noise); it uses the model, not IMAGE's content.
``occlusion`` (:mod:`cnnviz.cli_occlusion`) draws the input beside the occlusion map
over it; ``topk`` (:mod:`cnnviz.cli_topk_view`) the Zeiler–Fergus figure of a layer
from a ``cnnviz topk`` scan of DATA.
Defaults: the last layer with feature maps, its most active channel and unit, the
predicted class. torch is imported only when a view runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz import cli_occlusion, cli_topk_view
from cnnviz.cli_common import CliError, bounded_int

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import ModelSummary

VIEWS = (
    "activations", "deconv", "gradcam", "saliency", "guided", "smoothgrad", "intgrad", "featvis",
    "occlusion", "topk",
)  # fmt: skip
LAYER_VIEWS = ("activations", "deconv", "gradcam")
TARGET_SIDE = 1024
MAX_SCALE = 32
GAP = 4
INTGRAD_STEPS = 50
FEATVIS_STEPS = 256


def unit_position(text: str) -> tuple[int, int]:
    """An argparse type for ``ROW,COL`` (two whole numbers ≥ 0)."""
    parts = text.replace(" ", "").split(",")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return int(parts[0]), int(parts[1])
    raise argparse.ArgumentTypeError(f"must be ROW,COL (two whole numbers from 0), not '{text}'")


def add_view_options(render: argparse.ArgumentParser) -> None:
    """The ``--view`` option and the unit, class and sampling options of the views."""
    render.add_argument(
        "--view",
        choices=VIEWS,
        default="activations",
        help="what to draw (default: the activation grid); featvis ignores IMAGE's content; "
        "for topk IMAGE is the scanned data set (DATA)",
    )
    render.add_argument(
        "--channel",
        type=bounded_int(0, 1_000_000),
        help="deconv, featvis, occlusion --map activation: feature map (deconv default: most active)",
    )
    render.add_argument("--unit", type=unit_position, help="deconv, featvis: ROW,COL in the map")
    render.add_argument(
        "--class",
        dest="target_class",
        type=bounded_int(0, 1_000_000),
        help="class index (default: predicted)",
    )
    render.add_argument("--samples", type=bounded_int(1, 1000), default=25, help="smoothgrad: noisy samples")
    render.add_argument(
        "--steps",
        type=bounded_int(1, 10_000),
        help=f"intgrad: integration steps (default {INTGRAD_STEPS}); "
        f"featvis: ascent steps (default {FEATVIS_STEPS})",
    )
    cli_occlusion.add_options(render)
    cli_topk_view.add_options(render)


def check_options(args: argparse.Namespace) -> None:
    """Options the chosen view does not use are errors, not silently ignored."""
    unused = []
    if args.view not in (*LAYER_VIEWS, "featvis", "occlusion", "topk") and args.layer is not None:
        unused.append("--layer")
    if args.view not in ("deconv", "featvis", "occlusion") and args.channel is not None:
        unused.append("--channel")
    if args.view not in ("deconv", "featvis") and args.unit is not None:
        unused.append("--unit")
    if args.view in ("activations", "deconv", "topk") and args.target_class is not None:
        unused.append("--class")
    unused += cli_occlusion.foreign_options(args) + cli_topk_view.foreign_options(args)
    if unused:
        raise CliError(f"the {args.view} view does not use {', '.join(unused)}.")
    if args.view == "activations" and args.layer is None:
        raise CliError("the activation view needs --layer NAME (the names: 'cnnviz summary MODEL').")
    if args.view == "featvis":
        check_featvis_options(args)


def check_featvis_options(args: argparse.Namespace) -> None:
    """featvis: either --class, or --layer with --channel (and optionally --unit)."""
    unit_options = (args.layer, args.channel, args.unit)
    if args.target_class is not None and any(v is not None for v in unit_options):
        raise CliError("the featvis view takes --class K or --layer L --channel C, not both.")
    if args.target_class is None and (args.layer is None or args.channel is None):
        raise CliError("the featvis view needs --class K, or --layer L --channel C [--unit ROW,COL].")


def default_layer(summary: ModelSummary) -> str:
    """The last layer with C×H×W feature maps."""
    rows = [row.name for row in summary.rows if len(row.output_shape) == 3]
    if not rows:
        raise CliError("this model has no layer with feature maps to show.")
    return rows[-1]


def deconv_picture(
    bundle: ModelBundle, result: InferenceResult, layer: str, args: argparse.Namespace
) -> tuple[np.ndarray, str]:
    """Input crop and projection side by side, and a description."""
    import numpy as np

    from cnnviz.core.deconvnet import crop_box, deconv_projection, projection_to_display
    from cnnviz.core.heatmaps import input_to_rgb

    maps = result.activations[layer]
    channel = args.channel
    if channel is None:
        channel = (
            int(np.argmax(maps.reshape(maps.shape[0], -1).max(axis=1)))
            if maps.ndim == 3
            else int(np.argmax(maps))
        )
    projection = deconv_projection(bundle.module, result.model_input, layer, channel, args.unit)
    picture = input_to_rgb(crop_box(result.model_input, projection.box), bundle.spec.mean, bundle.spec.std)
    shown = projection_to_display(crop_box(projection.image, projection.box))
    unit = "" if projection.position is None else f", unit {projection.position[0]},{projection.position[1]}"
    text = f"layer {layer}, channel {channel}{unit}, activation {projection.activation:.4g}"
    return side_by_side(to_uint8(picture), shown), text


def attribution_picture(
    bundle: ModelBundle, result: InferenceResult, layer: str | None, args: argparse.Namespace
) -> tuple[np.ndarray, str]:
    """Input and the method's picture side by side, and a description."""
    from cnnviz.core import gradcam, gradients
    from cnnviz.core.deconvnet import projection_to_display
    from cnnviz.core.heatmaps import heat_to_rgb, input_to_rgb, overlay

    x, k, view = result.model_input, args.target_class, args.view
    methods: dict[str, Any] = {
        "saliency": lambda: gradients.saliency(bundle.module, x, k),
        "guided": lambda: gradients.guided_backprop(bundle.module, x, k),
        "smoothgrad": lambda: gradients.smoothgrad(bundle.module, x, k, n_samples=args.samples),
        "intgrad": lambda: gradients.integrated_gradients(
            bundle.module, x, k, steps=args.steps or INTGRAD_STEPS
        ),
        "gradcam": lambda: gradcam.grad_cam(bundle.module, x, str(layer), k),
    }
    attribution = methods[view]()
    base = input_to_rgb(x, bundle.spec.mean, bundle.spec.std)
    if view == "gradcam":
        shown = overlay(base, attribution.heatmap)
    elif attribution.signed:
        shown = projection_to_display(attribution.attribution)
    else:
        shown = heat_to_rgb(attribution.heatmap)
    labels = bundle.labels
    name = labels[attribution.target_class] if attribution.target_class < len(labels) else ""
    where = f"layer {layer}, " if view == "gradcam" else ""
    text = f"{where}class {attribution.target_class}{f' ({name})' if name else ''}"
    return side_by_side(to_uint8(base), shown), text


def featvis_picture(bundle: ModelBundle, args: argparse.Namespace) -> tuple[np.ndarray, str]:
    """The feature visualisation of --class or --layer/--channel, and a description."""
    from cnnviz.core.featvis import ClassTarget, Target, UnitTarget, to_display, visualise

    spec, steps = bundle.spec, args.steps or FEATVIS_STEPS
    target: Target = (
        ClassTarget(args.target_class)
        if args.target_class is not None
        else UnitTarget(args.layer, args.channel, args.unit)
    )
    jitter = max(1, min(8, min(spec.height, spec.width) // 14))  # 8 px for 112 px and up, 2 for MNIST
    *_, last = visualise(bundle.module, spec, target, steps=steps, jitter=jitter, report_every=steps)
    if isinstance(target, ClassTarget):
        labels = bundle.labels
        name = f" ({labels[target.class_index]})" if target.class_index < len(labels) else ""
        what = f"class {target.class_index}{name}"
    else:
        unit = "" if args.unit is None else f", unit {args.unit[0]},{args.unit[1]}"
        what = f"layer {args.layer}, channel {args.channel}{unit}"
    return to_display(
        last.image, spec.mean, spec.std
    ), f"{what}, objective {last.objective:.4g} after {steps} steps"


def to_uint8(picture: np.ndarray) -> np.ndarray:
    """An H×W×3 float picture in [0, 1] as uint8."""
    import numpy as np

    return np.clip(np.round(picture * 255.0), 0, 255).astype(np.uint8)


def side_by_side(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Two H×W×3 uint8 pictures of equal height next to each other, with a gap."""
    import numpy as np

    from cnnviz.core.grid import GAP_COLOUR

    gap = np.empty((left.shape[0], GAP, 3), dtype=np.uint8)
    gap[...] = GAP_COLOUR
    return np.concatenate([left, gap, right], axis=1)


def cmd_render_view(args: argparse.Namespace) -> int:
    """``cnnviz render --view deconv|gradcam|saliency|guided|smoothgrad|intgrad|featvis|occlusion|topk``."""
    from cnnviz import cli
    from cnnviz.core.backprop import SelectionError

    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"'{output}' is a folder; give a file name for the PNG.")
    image = None if args.view in ("featvis", "topk") else cli.read_image(args.image)
    device = cli.pick_device(args.device)
    trust = getattr(args, "trust", None)  # --trust: files that run code when loaded
    bundle = (
        cli.open_model(args.model, device) if trust is None else cli.open_model(args.model, device, trust)
    )
    try:
        if args.view == "featvis":
            picture, text = featvis_picture(bundle, args)
        elif args.view == "topk":
            picture, text = cli_topk_view.topk_picture(bundle, args, device)
        elif args.view == "occlusion":
            picture, text = cli_occlusion.occlusion_picture(bundle, image, args, device)
        else:
            picture, text = input_view_picture(bundle, image, args, device)
    except SelectionError as exc:
        raise CliError(str(exc)) from exc
    picture, scale = save_view(picture, output, args)
    print(f"{output}: {args.view}, {text}, {picture.shape[1]}×{picture.shape[0]} px (scale {scale})")
    cli.note_untrained(bundle)
    return 0


def input_view_picture(
    bundle: ModelBundle, image: Any, args: argparse.Namespace, device: str
) -> tuple[np.ndarray, str]:
    """The picture of a view that explains the model's answer for IMAGE."""
    from cnnviz import cli

    layer = None
    if args.layer is not None:
        layer = cli.pick_layer(bundle, args.layer, device)
    elif args.view in LAYER_VIEWS:
        from cnnviz.core.summary import summarize

        layer = default_layer(summarize(bundle, device))
    result = cli.infer(bundle, image, args, device, layers=[layer] if layer else [])
    if args.view == "deconv":
        return deconv_picture(bundle, result, str(layer), args)
    return attribution_picture(bundle, result, layer, args)


def save_view(picture: np.ndarray, output: Path, args: argparse.Namespace) -> tuple[np.ndarray, int]:
    """The picture upscaled (by --scale, or to about TARGET_SIDE pixels) and written as a PNG."""
    scale = args.scale or max(1, min(MAX_SCALE, TARGET_SIDE // max(picture.shape[:2])))
    return save_upscaled(picture, scale, output), scale


def save_upscaled(picture: np.ndarray, scale: int, output: Path, what: str = "picture") -> np.ndarray:
    """``picture`` upscaled ``scale`` times and written as a PNG; CliError when it would be too
    large or cannot be written."""
    from cnnviz import cli
    from cnnviz.core.grid import upscale
    from cnnviz.core.imageio import save_png

    if picture.shape[0] * picture.shape[1] * scale**2 > cli.MAX_OUTPUT_PIXELS:
        raise CliError(f"a {scale}× {what} would be too large; use a smaller --scale.")
    picture = upscale(picture, scale)
    try:
        save_png(picture, output)
    except OSError as exc:
        raise CliError(f"cannot write '{output}': {exc.strerror or exc}.") from exc
    return picture
