"""``cnnviz render --view occlusion``: occlusion sensitivity (Zeiler & Fergus 2014, figure 7) as a PNG.

    cnnviz render MODEL IMAGE --view occlusion [--patch P] [--stride S] [--class K]
                  [--map probability|activation|label] [--layer L --channel C] [--mode exact|approximate]

A square of the data set's mean colour (the image's mean for an input that is not
normalised) slides over the model input; the picture is the input beside the map
laid over it in grey (see :mod:`cnnviz.core.occlusion_picture`): for ``probability``
(default) and ``activation`` (the total of feature map C of layer L) the drop when
the square hides each pixel, red where hiding lowers the value, blue where it raises
it, levels symmetric about zero; for ``label`` the most probable label, one colour
each (named in the printed line). ``exact`` runs incremental inference (equal to
full forward passes); ``approximate`` computes only around the most sensitive coarse
positions. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cnnviz.cli_common import CliError, bounded_int

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.occlusion_grid import Mode, OcclusionMaps
    from cnnviz.core.occlusion_picture import MapKind
    from cnnviz.core.spec import ModelBundle

MODES: dict[str, Mode] = {"exact": "exact", "approximate": "approx"}
OPTIONS = {"patch": "--patch", "stride": "--stride", "occlusion_map": "--map", "occlusion_mode": "--mode"}
PATCH_FRACTION = 7  # default square: about a seventh of the input's shorter side (32 px at 224)
COLOUR_NAMES = ("blue", "orange", "green", "red", "purple", "brown", "pink", "grey", "olive", "cyan")


def add_options(render: argparse.ArgumentParser) -> None:
    """The occlusion view's options (all default to None: given for another view is an error)."""
    render.add_argument(
        "--patch", type=bounded_int(1, 100_000), help="occlusion: the square's side in pixels (≈ side/7)"
    )
    render.add_argument(
        "--stride", type=bounded_int(1, 100_000), help="occlusion: pixels between positions (patch/2)"
    )
    render.add_argument(
        "--map",
        dest="occlusion_map",
        choices=("probability", "activation", "label"),
        help="occlusion: class probability (default), a feature map's total (--layer, --channel) "
        "or the most probable label",
    )
    render.add_argument(
        "--mode",
        dest="occlusion_mode",
        choices=tuple(MODES),
        help="occlusion: exact (default) or approximate",
    )


def foreign_options(args: argparse.Namespace) -> list[str]:
    """The occlusion options given for another view."""
    if args.view == "occlusion":
        return []
    return [flag for dest, flag in OPTIONS.items() if getattr(args, dest) is not None]


def check_options(args: argparse.Namespace) -> None:
    """--layer and --channel go together, and only with --map activation."""
    activation = args.occlusion_map == "activation"
    if not activation and (args.layer is not None or args.channel is not None):
        raise CliError("the occlusion view uses --layer and --channel only with --map activation.")
    if activation and (args.layer is None or args.channel is None):
        raise CliError("--map activation needs --layer L and --channel C (the feature map to total).")


def square_colour(mean: tuple[float, ...]) -> float | None:
    """0 (the data set's mean) for a normalised input, else None (the image's own mean colour)."""
    return 0.0 if any(m != 0 for m in mean) else None


def feature_of(result: InferenceResult, args: argparse.Namespace) -> tuple[str, int] | None:
    """(layer, channel) for --map activation, checked against the layer's output shape."""
    from cnnviz.core.layers import find_layer, layer_names

    if args.occlusion_map != "activation":
        return None
    layer = find_layer(args.layer, layer_names(result.summary))
    shape = next(row.output_shape for row in result.summary.rows if row.name == layer)
    count = int(shape[0]) if shape else 0
    if not 0 <= args.channel < count:
        raise CliError(f"channel {args.channel} does not exist: layer {layer} has channels 0–{count - 1}.")
    return layer, int(args.channel)


def geometry(args: argparse.Namespace, input_hw: tuple[int, int]) -> tuple[int, int]:
    """The square's side and the stride (defaults: about a seventh of the shorter side, half of it)."""
    side = min(input_hw)
    patch = args.patch if args.patch is not None else max(1, round(side / PATCH_FRACTION))
    if patch > side:
        raise CliError(f"a {patch}-pixel square does not fit the {input_hw[0]}×{input_hw[1]} model input.")
    return patch, args.stride if args.stride is not None else max(1, patch // 2)


def run_sweep(bundle: ModelBundle, result: InferenceResult, args: argparse.Namespace) -> OcclusionMaps:
    """The occlusion sweep to its end, a progress bar on stderr."""
    from cnnviz.cli_topk import ScanBar
    from cnnviz.core.occlusion import occlusion_sweep

    x = result.model_input
    patch, stride = geometry(args, (int(x.shape[-2]), int(x.shape[-1])))
    classes = len(result.probabilities)
    if args.target_class is not None and args.target_class >= classes:
        raise CliError(f"class {args.target_class} does not exist: the model has classes 0–{classes - 1}.")
    sweep = occlusion_sweep(
        bundle.module, x, patch, stride, square_colour(bundle.spec.mean), args.target_class,
        feature_of(result, args), MODES[args.occlusion_mode or "exact"], coarse_first=False,
    )  # fmt: skip
    bar, last = ScanBar(sys.stderr.isatty()), None
    try:
        for last in sweep:
            bar.show(f"{last.done:,}/{last.total:,} square positions", last.done / last.total, last.finished)
    finally:
        bar.clear()
    assert last is not None and last.finished
    return last.maps


def occlusion_picture(
    bundle: ModelBundle, image: Any, args: argparse.Namespace, device: str
) -> tuple[np.ndarray, str]:
    """The input beside the chosen occlusion map laid over it, and a description."""
    from cnnviz import cli
    from cnnviz.cli_views import side_by_side, to_uint8
    from cnnviz.core.heatmaps import input_to_rgb
    from cnnviz.core.occlusion_picture import occlusion_overlay

    check_options(args)
    result = cli.infer(bundle, image, args, device)
    maps = run_sweep(bundle, result, args)
    if maps.note:
        print(f"cnnviz: note: full forward passes were used ({maps.note}).", file=sys.stderr)
    base = input_to_rgb(result.model_input, bundle.spec.mean, bundle.spec.std)
    kind: MapKind = args.occlusion_map or "probability"
    picture = side_by_side(to_uint8(base), occlusion_overlay(maps, kind, base))
    return picture, describe(maps, kind, bundle.labels)


def describe(maps: OcclusionMaps, kind: str, labels: list[str]) -> str:
    """One line: the class, the map's extremes or the labels' colours, the grid and the mode."""
    from cnnviz.core.occlusion_picture import label_categories

    def name(k: int) -> str:
        return f"{k} ({labels[k]})" if k < len(labels) and labels[k] != str(k) else str(k)

    text = f"class {name(maps.target_class)}, p = {maps.original_probability:.3f} without the square"
    if kind == "probability":
        text += f", lowest {float(maps.probability.min()):.3f}"
    elif kind == "activation" and maps.feature is not None and maps.activation is not None:
        layer, channel = maps.feature
        text += f"; layer {layer}, channel {channel} totals {maps.original_activation:.4g}"
        text += f" (with the square {float(maps.activation.min()):.4g} to {float(maps.activation.max()):.4g})"
    else:
        colours = [f"{name(k)} {COLOUR_NAMES[i % 10]}" for i, k in enumerate(label_categories(maps))]
        text += "; labels: " + ", ".join(colours)
    rows, cols = maps.probability.shape
    mode = "approximate" if maps.mode == "approx" else maps.mode
    return f"{text}; {rows}×{cols} positions (square {maps.patch}, stride {maps.stride}), {mode} mode"
