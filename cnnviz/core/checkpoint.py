"""cnnviz checkpoints: architecture name, weights, input spec and labels in one file.

Files are written atomically (temporary file, then rename) and read with
``torch.load(weights_only=True)``: a checkpoint never needs full unpickling.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from cnnviz.core.spec import ModelBundle

FORMAT = "cnnviz-checkpoint"
VERSION = 1


def checkpoint_dict(bundle: ModelBundle, history: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plain-data content of a checkpoint for a bundle."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "arch": bundle.arch,
        "name": bundle.name,
        "state_dict": {k: v.detach().cpu() for k, v in bundle.module.state_dict().items()},
        "input_spec": bundle.spec.to_dict(),
        "labels": list(bundle.labels),
        "trained": bundle.trained,
        "history": history or {},
    }


def atomic_torch_save(obj: object, path: str | Path) -> None:
    """torch.save to a temporary file in the same folder, fsync, then rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            torch.save(obj, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_checkpoint(bundle: ModelBundle, path: str | Path, history: dict[str, Any] | None = None) -> None:
    """Write a checkpoint atomically."""
    atomic_torch_save(checkpoint_dict(bundle, history), path)


def is_checkpoint(obj: object) -> bool:
    """True for a dict written by :func:`save_checkpoint`."""
    return isinstance(obj, dict) and obj.get("format") == FORMAT
