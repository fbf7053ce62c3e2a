"""``cnnviz topk``: the top-k activations of every feature map of a layer over a data set.

    cnnviz topk MODEL DATA --layer L -o CACHE_DIR [--k 9] [--batch-size N] [--limit N] [--seed S]
                [--resume] [--montage OUT.png] [--channels N]

DATA is a data set key (digits, shapes, mnist, fashion-mnist, kmnist, cifar10) or
``folder:/path`` (images prepared for MODEL). The scan is kept in CACHE_DIR under a name
derived from the model's weights, the data and the layer (see
:mod:`cnnviz.core.topk_cache`); a finished one is reused, and it is saved every
``--save-every`` seconds while running. Ctrl+C saves the partial scan and exits with 130;
``--resume`` continues it. A progress bar is drawn on stderr when it is a terminal;
otherwise a line is printed every few seconds. ``--montage`` writes the Zeiler–Fergus
figure (crops beside their deconvnet projections) for the first ``--channels`` maps.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz.cli_common import CliError, add_device_option, bounded_float, bounded_int

if TYPE_CHECKING:
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.topk import ScanProgress, TopKState
    from cnnviz.core.topk_cache import CacheKey
    from cnnviz.core.topk_images import ImageSet

TOPK_COMMANDS = ("topk",)
LINE_EVERY_S = 5.0
BAR_EVERY_S = 0.1


def add_parsers(subparsers: Any) -> None:
    """Add the ``topk`` subcommand (its handler is :func:`run`)."""
    parser = subparsers.add_parser(
        "topk",
        help="scan a data set for the strongest activations of every feature map of a layer",
        description="For every feature map of LAYER keep the k strongest activations over DATA "
        "(Zeiler & Fergus 2014), cached in CACHE_DIR; Ctrl+C saves, --resume continues.",
    )
    parser.add_argument("model", metavar="MODEL", help="built-in name, zoo:NAME[:pretrained] or a model file")
    parser.add_argument("data", metavar="DATA", help="digits, shapes, mnist, …, cifar10 or folder:/path")
    parser.add_argument("--layer", required=True, help="layer name, as listed by 'cnnviz summary'")
    parser.add_argument("-o", "--output", required=True, metavar="CACHE_DIR", help="folder for the cache")
    parser.add_argument("--k", type=bounded_int(1, 1000), default=9, help="activations kept per map (9)")
    parser.add_argument("--batch-size", type=bounded_int(1, 65_536), help="images per forward pass")
    parser.add_argument("--limit", type=bounded_int(1, 10_000_000), help="scan at most N images")
    parser.add_argument("--seed", type=bounded_int(0, 2**31 - 1), default=0, help="data set seed (0)")
    parser.add_argument("--resume", action="store_true", help="continue the interrupted scan in CACHE_DIR")
    parser.add_argument(
        "--save-every", type=bounded_float(0.0, 86_400.0), default=30.0, help="seconds between saves (30)"
    )
    parser.add_argument("--montage", metavar="OUT.png", help="also write the crops-and-projections figure")
    parser.add_argument("--channels", type=bounded_int(1, 4096), default=16, help="maps in the montage (16)")
    parser.add_argument("--trust", action="store_true", help="open a model file that runs code when loaded")
    add_device_option(parser)
    parser.set_defaults(handler=run)


class ScanBar:
    """Progress on stderr: a self-overwriting bar on a terminal, else a line every few seconds."""

    def __init__(self, live: bool) -> None:
        self.live, self.width, self.last = live, 0, 0.0

    def show(self, text: str, fraction: float, final: bool = False) -> None:
        now = time.monotonic()
        if now - self.last < (BAR_EVERY_S if self.live else LINE_EVERY_S) and not final:
            return
        self.last = now
        if not self.live:
            print(f"cnnviz: {100 * fraction:3.0f}%  {text}", file=sys.stderr, flush=True)
            return
        filled = int(20 * min(max(fraction, 0.0), 1.0))
        line = f"[{'#' * filled}{'.' * (20 - filled)}] {100 * fraction:5.1f}%  {text}"
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def scan(self, progress: ScanProgress) -> None:
        left = (progress.total - progress.images_done) / max(progress.images_per_s, 1e-9)
        text = (
            f"{progress.images_done:,}/{progress.total:,} images  {progress.images_per_s:,.0f} images/s  "
            f"ETA {int(left) // 60}:{int(left) % 60:02d}"
        )
        self.show(text, progress.fraction, progress.finished)

    def clear(self) -> None:
        if self.live and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def load_images(args: argparse.Namespace, bundle: ModelBundle, bar: ScanBar) -> ImageSet:
    """The images to scan: the data set (training then validation part), at most ``--limit``."""
    from cnnviz.core.datasets import FOLDER_PREFIX, dataset_info, load_dataset
    from cnnviz.core.imagefolder import load_image_folder
    from cnnviz.core.topk_images import ImageSet

    info = dataset_info(args.data)
    sizes = None if args.limit is None else (args.limit, 0)
    progress = lambda text, fraction: bar.show(text, fraction)  # noqa: E731
    if args.data.startswith(FOLDER_PREFIX):
        path = Path(args.data[len(FOLDER_PREFIX) :])
        dataset = load_image_folder(path, bundle.spec, seed=args.seed, progress=progress, sizes=sizes)
    else:
        if info.spec.shape != bundle.spec.shape:
            have, want = ("×".join(map(str, s)) for s in (info.spec.shape, bundle.spec.shape))
            raise CliError(f"data set '{args.data}' has {have} images but the model takes {want}.")
        train, val = sizes or (None, None)
        dataset = load_dataset(args.data, train, val, args.seed, progress=progress)
    bar.clear()
    images = ImageSet.from_dataset(dataset, args.seed)
    if args.limit is not None and len(images) > args.limit:
        images = ImageSet(images.key, (images.batch(0, args.limit),), args.seed)
    return images


def resume_command(args: argparse.Namespace) -> str:
    """The command line that continues this scan."""
    words = ["cnnviz", "topk", args.model, args.data, "--layer", args.layer, "-o", args.output]
    for flag, value, default in (("--k", args.k, 9), ("--limit", args.limit, None), ("--seed", args.seed, 0)):
        if value != default:
            words += [flag, str(value)]
    return shlex.join([*words, "--resume"])


def previous_state(path: Path, key: CacheKey, resume: bool) -> TopKState | None:
    """A finished scan to reuse, or with ``--resume`` the partial one to continue."""
    from cnnviz.core.topk_cache import TopKCacheError, load_cache

    if not path.exists():
        if resume:
            raise CliError(f"nothing to resume: no scan of this model, data and layer in '{path.parent}'.")
        return None
    try:
        state = load_cache(path, key)
    except TopKCacheError as exc:
        if resume:
            raise CliError(str(exc)) from exc
        print(f"cnnviz: note: {exc} Scanning again.", file=sys.stderr)
        return None
    if not state.complete and not resume:
        print(
            "cnnviz: note: starting afresh over a partial scan (add --resume to continue it).",
            file=sys.stderr,
        )
        return None
    return state


def scan(
    bundle: ModelBundle, images: ImageSet, args: argparse.Namespace, key: CacheKey, path: Path
) -> TopKState | None:
    """Run (or continue) the scan with a progress bar and autosave; the last state, or None if interrupted."""
    from cnnviz.cli_train_run import StopOnInterrupt
    from cnnviz.core.topk import scan_topk
    from cnnviz.core.topk_cache import PeriodicSaver

    resume = previous_state(path, key, args.resume)
    if resume is not None and resume.complete:
        print(f"cached: {path}")
        return resume
    saver = PeriodicSaver(path, key, args.save_every)
    bar = ScanBar(sys.stderr.isatty())
    with StopOnInterrupt() as stop:
        try:
            for progress in scan_topk(bundle, images, key.layer, key.k, args.batch_size, resume_from=resume):
                bar.scan(progress)
                saver.offer(progress)
                if stop.requested:
                    break
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"cannot write '{path}': {exc.strerror or exc}.") from exc
        finally:
            bar.clear()
        if stop.requested:
            saver.save()
            done = saver.latest.images_done if saver.latest is not None else 0
            print(f"cnnviz: interrupted after {done:,} of {len(images):,} images; resume with: "
                  f"{resume_command(args)}", file=sys.stderr)  # fmt: skip
            return None
    return saver.latest


def write_montage(bundle: ModelBundle, state: TopKState, images: ImageSet, args: argparse.Namespace) -> None:
    """The Zeiler–Fergus figure of the first ``--channels`` maps as a PNG."""
    from cnnviz.core.imageio import save_png
    from cnnviz.core.topk_montage import topk_montage
    from cnnviz.core.topk_views import TopKViews

    channels = range(min(args.channels, state.channels))
    picture = topk_montage(TopKViews(bundle, state, images), channels, bundle.spec.mean, bundle.spec.std)
    try:
        save_png(picture, args.montage)
    except OSError as exc:
        raise CliError(f"cannot write '{args.montage}': {exc.strerror or exc}.") from exc
    print(f"{args.montage}: {len(channels)} maps, {picture.shape[1]}×{picture.shape[0]} px")


def run(args: argparse.Namespace) -> int:
    """Scan, save, optionally draw the montage; 130 when interrupted (the partial scan is saved)."""
    from cnnviz import cli
    from cnnviz.core.topk_cache import cache_file, cache_key

    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise CliError(f"'{output}' is a file; -o takes a folder for the cache.")
    if args.montage is not None and Path(args.montage).is_dir():
        raise CliError(f"'{args.montage}' is a folder; give a file name for the montage PNG.")
    device = cli.pick_device(args.device)
    bundle = cli.open_model(args.model, device, args.trust)
    layer = cli.pick_layer(bundle, args.layer, device)
    images = load_images(args, bundle, ScanBar(sys.stderr.isatty()))
    key = cache_key(bundle.module, images, layer, args.k)
    path = cache_file(output, key)
    state = scan(bundle, images, args, key, path)
    if state is None:
        return 130
    print(f"{path}: layer {layer}, {state.channels} maps, top {state.k} of {state.total:,} images")
    if args.montage is not None:
        write_montage(bundle, state, images, args)
    cli.note_untrained(bundle)
    return 0
