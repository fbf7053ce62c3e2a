"""``cnnviz render --view topk``: the Zeiler–Fergus figure of a layer from a ``cnnviz topk`` scan.

    cnnviz render MODEL DATA --view topk --layer L --cache DIR [--channels 0,1,4-7]
                  [--k 9] [--limit N] [--seed S]

DATA takes IMAGE's place: the data set the scan went through (as for ``cnnviz topk``).
The scan is looked up in DIR (the folder ``cnnviz topk -o`` wrote) by the model's
weights, the data, the layer and k, so ``--k``, ``--limit`` and ``--seed`` must be the
scan's. Per feature map the picture holds the k receptive-field crops in a grid and,
beside them, their deconvnet projections (Zeiler & Fergus 2014, figure 2; see
:mod:`cnnviz.core.topk_montage`); projections are computed for the chosen maps only.
Default: the first 16 maps. A partial (interrupted) scan is drawn with a note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cnnviz.cli_common import CliError, bounded_int

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.topk import TopKState
    from cnnviz.core.topk_cache import CacheKey
    from cnnviz.core.topk_images import ImageSet

OPTIONS = {"cache": "--cache", "channels": "--channels", "k": "--k", "limit": "--limit", "seed": "--seed"}
DEFAULT_CHANNELS = 16
MAX_CHANNELS = 4096


def channel_list(text: str) -> list[int]:
    """An argparse type for ``0,1,4-7``: channels and ranges, in the order given, without repeats."""
    channels: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise argparse.ArgumentTypeError(f"must be channels like 0,1,4-7, not '{text}'")
        low, high = int(first), int(last) if dash else int(first)
        if high < low or high - low >= MAX_CHANNELS:
            raise argparse.ArgumentTypeError(f"'{part}' is not a range from low to high")
        channels += [c for c in range(low, high + 1) if c not in channels]
    if len(channels) > MAX_CHANNELS:
        raise argparse.ArgumentTypeError(f"at most {MAX_CHANNELS} channels at a time")
    return channels


def add_options(render: argparse.ArgumentParser) -> None:
    """The topk view's options (all default to None: given for another view is an error)."""
    render.add_argument("--cache", metavar="DIR", help="topk: the folder 'cnnviz topk -o' wrote")
    render.add_argument(
        "--channels", type=channel_list, help=f"topk: maps to draw, e.g. 0,1,4-7 (first {DEFAULT_CHANNELS})"
    )
    render.add_argument("--k", type=bounded_int(1, 1000), help="topk: the scan's --k (9)")
    render.add_argument("--limit", type=bounded_int(1, 10_000_000), help="topk: the scan's --limit")
    render.add_argument("--seed", type=bounded_int(0, 2**31 - 1), help="topk: the scan's --seed (0)")


def foreign_options(args: argparse.Namespace) -> list[str]:
    """The topk options given for another view."""
    if args.view == "topk":
        return []
    return [flag for dest, flag in OPTIONS.items() if getattr(args, dest) is not None]


def check_options(args: argparse.Namespace) -> None:
    """The topk view needs --layer and --cache (a folder)."""
    if args.layer is None or args.cache is None:
        raise CliError("the topk view needs --layer L and --cache DIR (the folder 'cnnviz topk -o' wrote).")
    cache = Path(args.cache)
    if not cache.is_dir():
        what = "a file" if cache.exists() else "not a folder"
        raise CliError(f"--cache '{cache}' is {what}; give the folder 'cnnviz topk -o' wrote.")


def kept_keys(cache: Path, layer: str, model_sha256: str) -> list[CacheKey]:
    """The keys of the readable scans of ``layer`` by this model in ``cache``."""
    from cnnviz.core.topk_cache import TopKCacheError, read_key

    keys = []
    for path in sorted(cache.glob("topk-*.npz")):
        try:
            key = read_key(path)
        except TopKCacheError:
            continue
        if key.layer == layer and key.model_sha256 == model_sha256:
            keys.append(key)
    return keys


def missing(args: argparse.Namespace, layer: str, kept: list[CacheKey], size: str = "") -> CliError:
    """The error for a scan not found, naming the settings of those that are there."""
    wanted = f"top-{args.k or 9} scan of layer {layer} over {args.image} ({size}seed {args.seed or 0})"
    text = f"'{args.cache}' holds no {wanted} of this model; make one with 'cnnviz topk'."
    if kept:
        found = "; ".join(
            f"{key.data_key}, {key.data_size:,} images, --seed {key.data_seed}, --k {key.k}" for key in kept
        )
        text += f" Its scans of {layer}: {found} (give the scan's --limit, --seed and --k)."
    return CliError(text)


def could_match(key: CacheKey, args: argparse.Namespace, data_key: str) -> bool:
    """Whether a kept scan can be the one asked for (checked before the data are loaded)."""
    same = (key.data_key, key.data_seed, key.k) == (data_key, args.seed or 0, args.k or 9)
    return same and (args.limit is None or key.data_size <= args.limit)


def load_state(bundle: ModelBundle, args: argparse.Namespace, layer: str) -> tuple[ImageSet, TopKState]:
    """The images and the kept scan of this model, data, layer and k (CliError when there is none)."""
    from cnnviz.cli_topk import ScanBar, load_images
    from cnnviz.core.datasets import dataset_info
    from cnnviz.core.fingerprints import data_fingerprint, model_fingerprint
    from cnnviz.core.topk_cache import CacheKey, TopKCacheError, cache_file, load_cache

    model_sha = model_fingerprint(bundle.module)
    kept = kept_keys(Path(args.cache), layer, model_sha)
    if not any(could_match(key, args, dataset_info(args.image).key) for key in kept):
        raise missing(args, layer, kept)
    data = argparse.Namespace(data=args.image, limit=args.limit, seed=args.seed or 0)
    images = load_images(data, bundle, ScanBar(sys.stderr.isatty()))
    key = CacheKey(
        model_sha, images.key, len(images), images.seed, data_fingerprint(images), layer, args.k or 9
    )
    path = cache_file(args.cache, key)
    if not path.exists():
        raise missing(args, layer, kept, f"{len(images):,} images, ")
    try:
        return images, load_cache(path, key)
    except TopKCacheError as exc:
        raise CliError(str(exc)) from exc


def topk_picture(bundle: ModelBundle, args: argparse.Namespace, device: str) -> tuple[np.ndarray, str]:
    """The crops-and-projections figure of the chosen maps, and a description."""
    from cnnviz import cli
    from cnnviz.core.topk_montage import topk_montage
    from cnnviz.core.topk_views import TopKViews

    check_options(args)
    layer = cli.pick_layer(bundle, args.layer, device)
    images, state = load_state(bundle, args, layer)
    channels = args.channels or list(range(min(DEFAULT_CHANNELS, state.channels)))
    wrong = [c for c in channels if c >= state.channels]
    if wrong:
        raise CliError(
            f"channel {wrong[0]} does not exist: layer {layer} has channels 0–{state.channels - 1}."
        )
    if not state.complete:
        print(
            f"cnnviz: note: the scan is partial ({state.images_done:,} of {state.total:,} images); "
            "continue it with 'cnnviz topk … --resume'.",
            file=sys.stderr,
        )
    views = TopKViews(bundle, state, images)
    picture = topk_montage(views, channels, bundle.spec.mean, bundle.spec.std)
    maps = f"{len(channels)} map{'s' if len(channels) != 1 else ''}"
    return picture, f"layer {layer}, {maps}, top {state.k} of {state.images_done:,} images"
