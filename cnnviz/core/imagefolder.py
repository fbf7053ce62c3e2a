"""Image folders as data sets: one sub-folder of images per class, like torchvision's ImageFolder.

Class names are the sub-folder names, sorted. Images (any depth below their
class folder, suffixes of :data:`cnnviz.core.imageio.IMAGE_SUFFIXES`, hidden
files ignored) are prepared with :func:`cnnviz.core.preprocess.prepare_input`,
exactly as the app prepares an opened image. Unreadable images are skipped,
not fatal: :attr:`Dataset.skipped` lists them (relative paths) and the final
progress message counts them. A missing folder, fewer than two classes or a
class without a readable image raises :class:`DatasetUnavailable` in one line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnviz.core.builtins import TINYVGG_SPEC
from cnnviz.core.datasets import (
    FOLDER_PREFIX,
    Cancelled,
    Dataset,
    DatasetInfo,
    DatasetUnavailable,
    Meter,
    Progress,
    skipped_note,
    subsample,
)
from cnnviz.core.imageio import IMAGE_SUFFIXES, ImageLoadError, load_image
from cnnviz.core.preprocess import EmptyInputError, prepare_input
from cnnviz.core.spec import InputSpec

VAL_FRACTION = 0.2


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def class_folders(root: Path) -> list[Path]:
    """The class sub-folders of `root`, sorted by name; at least two."""
    if not root.is_dir():
        raise DatasetUnavailable(f"The image folder '{root}' does not exist or is not a folder.")
    classes = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not classes:
        raise DatasetUnavailable(
            f"'{root}' has no class sub-folders: put the images of each class in a sub-folder named after it."
        )
    if len(classes) == 1:
        raise DatasetUnavailable(
            f"'{root}' has only one class sub-folder ('{classes[0].name}'); "
            "choose the folder that holds one sub-folder per class."
        )
    return classes


def image_files(folder: Path) -> list[Path]:
    """Image files anywhere below `folder` (by suffix, hidden ones ignored), sorted."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file() and _visible(p, folder)
    )


def scan(root: Path) -> tuple[list[str], list[list[Path]]]:
    """Class names and each class's image files; a class without image files is an error."""
    classes = class_folders(root)
    files = [image_files(folder) for folder in classes]
    for folder, found in zip(classes, files, strict=True):
        if not found:
            raise DatasetUnavailable(
                f"The class folder '{folder}' holds no images ({', '.join(IMAGE_SUFFIXES)})."
            )
    return [c.name for c in classes], files


def val_count(class_size: int, val_fraction: float) -> int:
    """How many of a class's samples go to validation: ≈ the fraction, at least one each side."""
    n_val = int(np.floor(class_size * val_fraction + 0.5))
    if val_fraction > 0 and class_size >= 2:
        n_val = min(max(n_val, 1), class_size - 1)
    return n_val


def folder_info(root: Path, labels: list[str], class_sizes: list[int], spec: InputSpec) -> DatasetInfo:
    """Registry-style description of an image folder (sizes: the default stratified split)."""
    count = sum(class_sizes)
    val = sum(val_count(n, VAL_FRACTION) for n in class_sizes)
    return DatasetInfo(
        key=f"{FOLDER_PREFIX}{root}",
        title=root.name or str(root),
        spec=spec,
        labels=tuple(labels),
        offline=True,
        default_model="tinyvgg" if spec == TINYVGG_SPEC else "",
        default_train_size=count - val,
        default_val_size=val,
        description=f"{count:,} images in {len(labels)} classes from {root}",
    )


def describe_image_folder(path: Path, spec: InputSpec | None = None) -> DatasetInfo:
    """A quick look (file names only, nothing decoded) at a folder of class sub-folders."""
    root = Path(path).expanduser()
    labels, files = scan(root)
    return folder_info(root, labels, [len(f) for f in files], spec or TINYVGG_SPEC)


def stratified_split(
    labels: np.ndarray, val_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted (train, val) indices taking ≈ val_fraction of every class for validation.

    A class of two or more samples gives at least one to each side when
    val_fraction > 0 (see :func:`val_count`).
    """
    train, val = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        n_val = val_count(len(members), val_fraction)
        val.append(members[:n_val])
        train.append(members[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


def read_images(
    root: Path, files: list[Path], spec: InputSpec, meter: Meter
) -> tuple[np.ndarray, list[int], list[str]]:
    """Model inputs of the readable files, their indices in `files`, and the skipped relative paths."""
    images, kept, skipped = [], [], []
    for index, path in enumerate(files):
        meter.check()
        try:
            images.append(prepare_input(load_image(path), spec))
            kept.append(index)
        except (ImageLoadError, EmptyInputError):
            skipped.append(path.relative_to(root).as_posix())
        meter.advance(1)
    array = np.stack(images) if images else np.zeros((0, *spec.shape), dtype=np.float32)
    return array.astype(np.float32, copy=False), kept, skipped


def load_image_folder(
    path: Path,
    spec: InputSpec | None = None,
    val_fraction: float = VAL_FRACTION,
    seed: int = 0,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    sizes: tuple[int, int] | None = None,
) -> Dataset:
    """Every readable image of a class-per-sub-folder tree, split per class into train and validation.

    The default spec is TinyVGG's (3×64×64, mean = std = 0.5). `sizes` caps the
    (train, validation) counts by a seeded subsample. Unreadable files are
    listed in the result's `skipped`; a class left without any readable image
    raises :class:`DatasetUnavailable` naming its folder.
    """
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError("val_fraction must be in [0, 1)")
    root = Path(path).expanduser()
    spec = spec or TINYVGG_SPEC
    labels, per_class = scan(root)
    files = [f for group in per_class for f in group]
    targets = np.concatenate([np.full(len(g), k, dtype=np.int64) for k, g in enumerate(per_class)])
    meter = Meter(f"Reading {len(files):,} images from {root.name}…", len(files), progress, cancelled)
    meter.advance(0)
    images, kept, skipped = read_images(root, files, spec, meter)
    targets = targets[kept]
    for label, name in enumerate(labels):
        if not np.any(targets == label):
            raise DatasetUnavailable(f"The class folder '{root / name}' holds no readable images.")
    rng = np.random.default_rng(seed)
    train, val = stratified_split(targets, val_fraction, rng)
    info = folder_info(root, labels, np.bincount(targets, minlength=len(labels)).tolist(), spec)
    parts = [(images[train], targets[train]), (images[val], targets[val])]
    if sizes is not None:
        parts = [subsample(x, y, cap, rng) for (x, y), cap in zip(parts, sizes, strict=True)]
    if progress is not None:
        progress(f"Read {len(targets):,} images{skipped_note(skipped)}", 1.0)
    return Dataset(info, *parts[0], *parts[1], skipped=skipped)
