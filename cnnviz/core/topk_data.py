"""The images a top-k scan goes through, loaded from a data set key (shared by the CLI and the GUI)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cnnviz.core.topk_images import ImageSet

if TYPE_CHECKING:
    from cnnviz.core.datasets import Cancelled, Progress
    from cnnviz.core.spec import InputSpec


def load_scan_images(
    data: str,
    spec: InputSpec,
    limit: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImageSet:
    """The training then validation images of ``data`` (a key or ``folder:/path``), at most ``limit``.

    A folder is read prepared for ``spec`` (the model's input); a built-in set must
    already have ``spec``'s shape, else ValueError saying both shapes.
    """
    from cnnviz.core.datasets import FOLDER_PREFIX, dataset_info, load_dataset
    from cnnviz.core.imagefolder import load_image_folder

    sizes = None if limit is None else (limit, 0)
    if data.startswith(FOLDER_PREFIX):
        path = Path(data[len(FOLDER_PREFIX) :])
        dataset = load_image_folder(
            path, spec, seed=seed, progress=progress, cancelled=cancelled, sizes=sizes
        )
    else:
        info = dataset_info(data)
        if info.spec.shape != spec.shape:
            have, want = ("×".join(map(str, s)) for s in (info.spec.shape, spec.shape))
            raise ValueError(f"data set '{data}' has {have} images but the model takes {want}.")
        train, val = sizes or (None, None)
        dataset = load_dataset(data, train, val, seed, progress=progress, cancelled=cancelled)
    images = ImageSet.from_dataset(dataset, seed)
    if limit is not None and len(images) > limit:
        images = ImageSet(images.key, (images.batch(0, limit),), seed)
    return images
