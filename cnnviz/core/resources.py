"""Locating the files shipped in ``resources/`` (weights, sample images, icons)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: $CNNVIZ_RESOURCES, else the one beside the package."""
    override = os.environ.get("CNNVIZ_RESOURCES")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package.parent / "resources"


def weights_path(key: str) -> Path:
    """Where the shipped weights of a built-in model live."""
    return resources_dir() / "weights" / f"{key}.pt"
