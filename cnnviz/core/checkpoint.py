"""cnnviz checkpoints: architecture, weights, input spec, labels, history and a resumable run.

Format version 2 adds ``arch_spec`` (see :mod:`cnnviz.core.architectures`)
and an optional ``train_state`` (see :class:`cnnviz.core.training.TrainState`)
to version 1, which still loads. Files are written atomically (temporary file,
fsync, rename) and hold only tensors, numbers, strings, lists and dicts, so
they are read with ``torch.load(weights_only=True)``: never any code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import torch
from torch import nn

from cnnviz.core.spec import ModelBundle

if TYPE_CHECKING:
    from cnnviz.core.training import TrainState

FORMAT = "cnnviz-checkpoint"
VERSION = 2


def infer_builtin_options(key: str, module: nn.Module) -> dict[str, Any]:
    """The factory options (classes, batch norm, dropout, input channels) a built-in module was made with."""
    linears = [m for m in module.modules() if isinstance(m, nn.Linear)]
    dropouts = [m for m in module.modules() if isinstance(m, nn.Dropout)]
    options: dict[str, Any] = {
        "num_classes": linears[-1].out_features if linears else 10,
        "dropout": float(dropouts[0].p) if dropouts else 0.0,
        "batchnorm": any(isinstance(m, nn.BatchNorm2d) for m in module.modules()),
    }
    convs = [m for m in module.modules() if isinstance(m, nn.Conv2d)]
    if key == "tinyvgg" and convs:
        options["in_channels"] = convs[0].in_channels
    return options


def spec_of_bundle(bundle: ModelBundle) -> dict[str, Any]:
    """The bundle's architecture spec: the one it carries, or a built-in's worked out from its module."""
    from cnnviz.core.architectures import builtin_spec
    from cnnviz.core.builtins import canonical_builtin

    known = bundle.extra.get("arch_spec")
    if isinstance(known, dict):
        return known
    key = canonical_builtin(bundle.arch)
    if key is None:
        raise ValueError(f"{bundle.name} has no architecture description; pass arch_spec to save it")
    return builtin_spec(key, **infer_builtin_options(key, bundle.module))


def checkpoint_dict(
    bundle: ModelBundle,
    history: dict[str, Any] | None = None,
    arch_spec: dict[str, Any] | None = None,
    train_state: TrainState | dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The plain-data content of a checkpoint for a bundle."""
    from cnnviz.core.architectures import arch_key

    spec = arch_spec if arch_spec is not None else spec_of_bundle(bundle)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "arch": arch_key(spec),
        "arch_spec": spec,
        "name": bundle.name,
        "state_dict": {k: v.detach().cpu().contiguous() for k, v in bundle.module.state_dict().items()},
        "input_spec": bundle.spec.to_dict(),
        "labels": list(bundle.labels),
        "trained": bundle.trained,
        "history": history or {},
    }
    if train_state is not None:
        data["train_state"] = train_state if isinstance(train_state, dict) else train_state.to_dict()
    return data


def atomic_torch_save(obj: object, path: str | Path) -> None:
    """torch.save to a temporary file in the same folder, fsync, then rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            save_to_handle(obj, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_to_handle(obj: object, handle: BinaryIO) -> None:
    """torch.save into an open file; a failed write (a full disk) raises its OSError.

    torch's zip writer turns an error of the file's ``write`` into a RuntimeError
    ("unexpected pos …") when it closes the archive; the OSError behind it says why.
    """
    try:
        torch.save(obj, handle)
    except RuntimeError as exc:
        if isinstance(exc.__context__, OSError):
            raise exc.__context__ from None
        raise


def save_checkpoint(
    bundle: ModelBundle,
    path: str | Path,
    history: dict[str, Any] | None = None,
    arch_spec: dict[str, Any] | None = None,
    train_state: TrainState | dict[str, Any] | None = None,
) -> None:
    """Write a checkpoint atomically; the previous file stays intact if anything fails."""
    atomic_torch_save(checkpoint_dict(bundle, history, arch_spec, train_state), path)


def is_checkpoint(obj: object) -> bool:
    """True for a dict written by :func:`save_checkpoint`."""
    return isinstance(obj, dict) and obj.get("format") == FORMAT


def load_checkpoint(path: str | Path) -> tuple[ModelBundle, TrainState | None]:
    """A model file as a bundle, with its resumable training state when it has one.

    Any model file :func:`cnnviz.core.sources.load_model_file` opens works (a
    plain state_dict has no state). The bundle's ``extra`` holds ``history``
    and ``arch_spec``. Raises ModelLoadError (a ValueError) with one line.
    """
    from cnnviz.core.sources import ModelLoadError, bundle_from_checkpoint, load_model_file, read_weights_file
    from cnnviz.core.training import TrainState

    path = Path(path)
    data = read_weights_file(path)
    if not is_checkpoint(data):
        return load_model_file(path), None
    bundle = bundle_from_checkpoint(data, path)
    raw = data.get("train_state")
    if raw is None:
        return bundle, None
    try:
        return bundle, TrainState.from_dict(raw)
    except Exception as exc:  # damaged data: a tensor where a number belongs raises RuntimeError, …
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ModelLoadError(f"'{path.name}' has an unreadable training state ({reason}).") from exc
