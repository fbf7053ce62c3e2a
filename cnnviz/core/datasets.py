"""Data sets to train and inspect on: a registry, and arrays ready for a model.

Every data set is returned as normalised float32 arrays (N, C, H, W) with int64
labels, split into training and validation parts, together with the
:class:`InputSpec` a model trained on it expects.

Keys: ``digits`` and ``shapes`` are generated offline; ``mnist``,
``fashion-mnist``, ``kmnist`` and ``cifar10`` are downloaded once into
``<root>/`` (default :func:`default_root`) in torchvision's layout, and their
official test split is the validation set; ``folder:/abs/path`` reads a folder
with one sub-folder of images per class (:mod:`cnnviz.core.imagefolder`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from cnnviz.core.builtins import DIGIT_LABELS, MNIST_SPEC, TINYVGG_SPEC
from cnnviz.core.shapes import SHAPE_LABELS
from cnnviz.core.spec import InputSpec, Preprocess
from cnnviz.core.synthetic import (  # noqa: F401 (re-exported: these used to live here)
    PARALLEL_FROM,
    Cancelled,
    ChunkWork,
    DatasetCancelled,
    Meter,
    Progress,
    generate_chunked,
)

FOLDER_PREFIX = "folder:"


class DatasetUnavailable(RuntimeError):
    """A data set cannot be loaded (offline, missing files, unreadable folder); says why."""


@dataclass(frozen=True)
class DatasetInfo:
    """What the registry knows about a data set before loading it."""

    key: str
    title: str
    spec: InputSpec
    labels: tuple[str, ...]
    offline: bool
    default_model: str
    default_train_size: int
    default_val_size: int
    description: str = ""
    download_mb: float = 0.0

    @property
    def needs_download(self) -> bool:
        """True for sets fetched from the internet (once; see :func:`is_downloaded`)."""
        return not self.offline


@dataclass
class Dataset:
    """Training and validation arrays with their labels and input spec.

    `skipped` lists files that could not be read (image folders only), as
    paths relative to the folder.
    """

    info: DatasetInfo
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    skipped: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        """Class names, index = label."""
        return list(self.info.labels)

    @property
    def spec(self) -> InputSpec:
        """What a model trained on this data expects."""
        return self.info.spec


def default_root() -> Path:
    """Where downloaded data sets are kept: the user's cache folder, ``.../cnnviz/datasets``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("cnnviz")) / "datasets"


def subsample(
    x: np.ndarray, y: np.ndarray, count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """At most `count` samples, drawn without replacement (all of them, in order, when fewer)."""
    if count >= len(y):
        return x, y
    keep = np.sort(rng.choice(len(y), size=count, replace=False))
    return x[keep], y[keep]


def _load_synthetic(info: DatasetInfo, train: int, val: int, seed: int, **kw: Any) -> Dataset:
    """Train and validation parts of a generated set (validation from seed + 1,000,003).

    Digits come out exactly as :func:`cnnviz.core.synthdigits.generate_digits` makes them.
    """
    from cnnviz.core import shapes, synthdigits

    meter = Meter(
        f"Generating {train + val:,} {info.key}…", train + val, kw.get("progress"), kw.get("cancelled")
    )
    gen: ModuleType = synthdigits if info.key == "digits" else shapes
    work = synthdigits._render_chunk if info.key == "digits" else shapes.render_chunk
    parallel_from = synthdigits.PARALLEL_FROM if info.key == "digits" else 10**12  # shapes: IPC > gain
    meter.advance(0)
    arrays = []
    for count, part_seed in ((train, seed), (val, seed + 1_000_003)):
        labels = gen.balanced_labels(count, part_seed)
        images = generate_chunked(work, labels, part_seed, gen.CHUNK, info.spec.shape, meter, parallel_from)
        arrays += [images, labels]
    return Dataset(info, arrays[0], arrays[1], arrays[2], arrays[3])


def _mnist_like(
    key: str, title: str, labels: Sequence[str], norm: tuple[float, float], mb: float
) -> DatasetInfo:
    """A 28×28 gray torchvision set: light ink on dark, the official 60,000 / 10,000 split."""
    preprocess: Preprocess = "mnist" if key == "mnist" else "resize"
    spec = InputSpec(1, 28, 28, norm[:1], norm[1:], preprocess=preprocess, polarity="light_on_dark")
    about = f"70,000 {title.split(' ', 1)[1]} in 10 classes, downloaded once ({mb:g} MB)."
    return DatasetInfo(key, title, spec, tuple(labels), False, "lenet5", 60_000, 10_000, about, mb)


DIGITS = DatasetInfo(
    key="digits",
    title="Synthetic digits (offline)",
    spec=MNIST_SPEC,
    labels=tuple(DIGIT_LABELS),
    offline=True,
    default_model="lenet5",
    default_train_size=20_000,
    default_val_size=2_000,
    description="Handwriting rendered as pen strokes, prepared exactly like the drawing canvas.",
)
SHAPES = DatasetInfo(
    key="shapes",
    title="Synthetic shapes (offline)",
    spec=TINYVGG_SPEC,
    labels=SHAPE_LABELS,
    offline=True,
    default_model="tinyvgg",
    default_train_size=8_000,
    default_val_size=1_000,
    description="Coloured circles, squares, stars… on plain, gradient and noisy backgrounds (64×64 RGB).",
)
MNIST = _mnist_like("mnist", "MNIST handwritten digits", DIGIT_LABELS, (0.1307, 0.3081), 11.6)
FASHION_MNIST = _mnist_like(
    "fashion-mnist",
    "Fashion-MNIST clothing images",
    (
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ),
    (0.2860, 0.3530),
    30.9,
)
KMNIST = _mnist_like(
    "kmnist",
    "Kuzushiji-MNIST cursive Japanese characters",
    ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
    (0.1918, 0.3483),
    21.3,
)
CIFAR10 = DatasetInfo(
    key="cifar10",
    title="CIFAR-10 photos",
    spec=InputSpec(3, 32, 32, (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    labels=("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
    offline=False,
    default_model="",
    default_train_size=50_000,
    default_val_size=10_000,
    description="60,000 colour photos (32×32) in 10 classes, downloaded once (170.5 MB).",
    download_mb=170.5,
)
DATASETS: dict[str, DatasetInfo] = {i.key: i for i in (DIGITS, SHAPES, MNIST, FASHION_MNIST, KMNIST, CIFAR10)}


def _load_remote(info: DatasetInfo, train: int, val: int, seed: int, **kw: Any) -> Dataset:
    from cnnviz.core.torchsets import load_remote

    root = kw.get("root") or default_root()
    return load_remote(info, (train, val), seed, root, kw.get("progress"), kw.get("cancelled"))


def _load_folder(info: DatasetInfo, train: int, val: int, seed: int, **kw: Any) -> Dataset:
    from cnnviz.core.imagefolder import load_image_folder

    path = Path(info.key[len(FOLDER_PREFIX) :])
    return load_image_folder(
        path, seed=seed, progress=kw.get("progress"), cancelled=kw.get("cancelled"), sizes=(train, val)
    )


Loader = Callable[..., Dataset]
"""``loader(info, train, val, seed, *, progress, cancelled, root) -> Dataset``."""
LOADERS: dict[str, Loader] = {
    "digits": _load_synthetic,
    "shapes": _load_synthetic,
    **dict.fromkeys(("mnist", "fashion-mnist", "kmnist", "cifar10"), _load_remote),
}


def dataset_choices() -> list[DatasetInfo]:
    """Registered sets in display order: offline ones first, then those that need a download."""
    return sorted(DATASETS.values(), key=lambda info: not info.offline)


def dataset_info(key: str) -> DatasetInfo:
    """The registry entry of `key`, or a quick scan (nothing decoded) of ``folder:<path>``."""
    if key.startswith(FOLDER_PREFIX):
        from cnnviz.core.imagefolder import describe_image_folder

        return describe_image_folder(Path(key[len(FOLDER_PREFIX) :]))
    if key not in DATASETS:
        raise DatasetUnavailable(f"unknown data set '{key}'; available: {', '.join(DATASETS)}, folder:<path>")
    return DATASETS[key]


def is_downloaded(key: str, root: Path | None = None) -> bool:
    """True when a set loads without the network (generated sets and folders always do)."""
    if dataset_info(key).offline:
        return True
    from cnnviz.core.torchsets import is_downloaded as present

    return present(key, root or default_root())


def load_dataset(
    key: str,
    train_size: int | None = None,
    val_size: int | None = None,
    seed: int = 0,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    root: Path | None = None,
) -> Dataset:
    """Load, download or generate a data set; sizes default to the registry's.

    Downloaded and folder sets are subsampled (seeded) when they hold more than
    asked for and keep all they have otherwise. `progress` gets ``(message,
    fraction)`` and ends at 1.0; `cancelled` is polled between chunks (then
    :class:`DatasetCancelled`); `root` keeps downloads (default :func:`default_root`).
    """
    info = dataset_info(key)
    train = info.default_train_size if train_size is None else train_size
    val = info.default_val_size if val_size is None else val_size
    if train < 1 or val < 0:
        raise ValueError("the training set needs at least one sample and validation cannot be negative")
    loader = _load_folder if key.startswith(FOLDER_PREFIX) else LOADERS[key]
    dataset = loader(info, train, val, seed, progress=progress, cancelled=cancelled, root=root)
    if progress is not None:
        counts = f"{len(dataset.train_y):,} training and {len(dataset.val_y):,} validation samples"
        progress(f"{info.title}: {counts}{skipped_note(dataset.skipped)}", 1.0)
    return dataset


def skipped_note(skipped: list[str]) -> str:
    """'; skipped 2 unreadable files (a/x.png, b/y.jpg)', or '' when none was skipped."""
    if not skipped:
        return ""
    shown = ", ".join(skipped[:3]) + (", …" if len(skipped) > 3 else "")
    return f"; skipped {len(skipped)} unreadable file{'s' if len(skipped) > 1 else ''} ({shown})"
