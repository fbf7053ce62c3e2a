"""Checkpoints of a training run: autosave paths and the save function the worker calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.spec import InputSpec

Saver = Callable[["nn.Module", list[dict[str, Any]], Any, Path], None]


def autosave_path(model_key: str) -> Path:
    """A fresh file in the user's data folder for this run's per-epoch autosaves."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("cnnviz")) / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{model_key}.pt"


def run_history(meta: dict[str, Any], epochs: list[dict[str, Any]]) -> dict[str, Any]:
    """What a checkpoint records about how the model was trained."""
    return dict(meta, epochs=list(epochs))


def make_saver(
    title: str, spec: InputSpec, labels: list[str], arch_spec: dict[str, Any], meta: dict[str, Any]
) -> Saver:
    """A function that writes a checkpoint of the trained module (safe to call from a worker)."""

    def save(module: nn.Module, epochs: list[dict[str, Any]], train_state: Any, path: Path) -> None:
        from cnnviz.core.checkpoint import save_checkpoint
        from cnnviz.core.spec import ModelBundle

        key = str(arch_spec.get("name", arch_spec.get("kind", "")))
        bundle = ModelBundle(title, module, spec, list(labels), bool(epochs), key, key)
        save_checkpoint(
            bundle, path, history=run_history(meta, epochs), arch_spec=arch_spec, train_state=train_state
        )

    return save
