"""Where models come from: built-in names, cnnviz checkpoints and state_dict files."""

from __future__ import annotations

import pickle
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from cnnviz.core.builtins import BUILTINS, build_builtin, canonical_builtin
from cnnviz.core.checkpoint import is_checkpoint
from cnnviz.core.resources import weights_path
from cnnviz.core.spec import InputSpec, ModelBundle


class ModelLoadError(ValueError):
    """A model could not be opened; the message says why, in one line."""


def builtin_names() -> list[str]:
    """Names accepted by :func:`load_model` for the built-in models."""
    return list(BUILTINS)


def load_builtin(key: str, weights: bool = True) -> ModelBundle:
    """A built-in model, with its shipped trained weights when they exist."""
    _factory, spec, labels, title = BUILTINS[key]
    module = build_builtin(key)
    trained = False
    path = weights_path(key)
    if weights and path.exists():
        data = read_weights_file(path)
        try:
            module.load_state_dict(data["state_dict"] if is_checkpoint(data) else data)
        except (RuntimeError, KeyError, TypeError, AttributeError) as exc:
            raise ModelLoadError(f"the shipped weights '{path}' do not fit {key}.") from exc
        trained = True
    module.eval()
    return ModelBundle(title, module, spec, list(labels), trained, source=key, arch=key)


def read_weights_file(path: Path) -> Any:
    """torch.load with weights_only=True, turning every failure into ModelLoadError."""
    if not path.exists():
        raise ModelLoadError(f"'{path}' does not exist.")
    if path.is_dir():
        raise ModelLoadError(f"'{path}' is a folder, not a model file.")
    if path.stat().st_size == 0:
        raise ModelLoadError(f"'{path.name}' is an empty file.")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "Unsupported global" in str(exc):
            raise ModelLoadError(
                f"'{path.name}' contains Python code, not just weights; cnnviz does not run code from files."
            ) from exc
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file (not a weights file).") from exc
    except KeyError as exc:
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file (not a weights file).") from exc
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file ({first}).") from exc


def shapes_of(state: Mapping[str, Any]) -> dict[str, tuple[int, ...]]:
    """Parameter name → shape for the tensors of a state_dict."""
    return {k: tuple(v.shape) for k, v in state.items() if isinstance(v, torch.Tensor)}


def match_builtin(state: Mapping[str, Any]) -> str:
    """The built-in whose parameter names and shapes equal the state_dict's."""
    wanted = shapes_of(state)
    for key in BUILTINS:
        if shapes_of(build_builtin(key).state_dict()) == wanted:
            return key
    names = ", ".join(list(wanted)[:4])
    raise ModelLoadError(
        f"no known architecture has these {len(wanted)} parameters ({names}, …); "
        "supported: " + ", ".join(BUILTINS)
    )


def bundle_from_checkpoint(data: dict[str, Any], path: Path) -> ModelBundle:
    """Rebuild a model from a cnnviz checkpoint dict."""
    key = canonical_builtin(str(data.get("arch", "")))
    if key is None:
        raise ModelLoadError(f"'{path.name}' uses an unknown architecture '{data.get('arch')}'.")
    bundle = load_builtin(key, weights=False)
    try:
        bundle.module.load_state_dict(data["state_dict"])
    except (RuntimeError, KeyError) as exc:
        raise ModelLoadError(
            f"'{path.name}' has weights that do not fit {key}: {exc}".splitlines()[0]
        ) from exc
    bundle.spec = InputSpec.from_dict(data.get("input_spec", bundle.spec.to_dict()))
    bundle.labels = [str(v) for v in data.get("labels", bundle.labels)]
    bundle.name = f"{bundle.name} ({path.name})"
    bundle.trained, bundle.source = bool(data.get("trained", True)), str(path)
    return bundle


def load_model_file(path: str | Path) -> ModelBundle:
    """A cnnviz checkpoint or a state_dict of a built-in model."""
    path = Path(path)
    data = read_weights_file(path)
    if is_checkpoint(data):
        return bundle_from_checkpoint(data, path)
    if isinstance(data, Mapping) and data and all(isinstance(v, torch.Tensor) for v in data.values()):
        try:
            key = match_builtin(data)
        except ModelLoadError as exc:
            raise ModelLoadError(f"'{path.name}': {exc}") from exc
        bundle = load_builtin(key, weights=False)
        bundle.module.load_state_dict(data)
        bundle.name, bundle.trained, bundle.source = f"{bundle.name} ({path.name})", True, str(path)
        return bundle
    raise ModelLoadError(f"'{path.name}' holds neither a cnnviz checkpoint nor a state_dict.")


def load_model(name_or_path: str | Path) -> ModelBundle:
    """A built-in name (lenet5, tinyvgg) or a model file."""
    key = canonical_builtin(str(name_or_path))
    if key is not None and not Path(name_or_path).exists():
        return load_builtin(key)
    return load_model_file(name_or_path)
