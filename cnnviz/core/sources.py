"""Where models come from: built-in names, cnnviz checkpoints (any architecture) and state_dict files."""

from __future__ import annotations

import math
import pickle
import zipfile
from pathlib import Path
from typing import Any

import torch

from cnnviz.core.architectures import (
    ArchitectureError,
    arch_key,
    build_from_spec,
    check_spec,
    default_input_spec,
    describe,
)
from cnnviz.core.builtins import BUILTINS, build_builtin, canonical_builtin
from cnnviz.core.checkpoint import is_checkpoint
from cnnviz.core.resources import weights_path
from cnnviz.core.spec import InputSpec, ModelBundle


class ModelLoadError(ValueError):
    """A model could not be opened; the message says why, in one line."""


class NeedsTrust(ModelLoadError):
    """The file holds Python objects, not just weights: it opens only with ``trust=True``.

    ``warning`` is the sentence to show before asking; ``path`` the file.
    """

    warning = "loading this file runs code from it; only continue if you trust its source"

    def __init__(self, path: Path, what: str = "Python code, not just weights") -> None:
        super().__init__(f"'{path.name}' contains {what}: {self.warning}.")
        self.path = path


PREPROCESSING = {(p, q) for p in ("mnist", "resize", "center_crop") for q in ("light_on_dark", "any")}


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
    extra = {"arch_spec": {"kind": "builtin", "name": key, "options": {}}, "format": "builtin"}
    return ModelBundle(title, module, spec, list(labels), trained, source=key, arch=key, extra=extra)


def read_weights_file(path: Path) -> Any:
    """torch.load with weights_only=True, turning every failure into ModelLoadError."""
    if not path.exists():
        raise ModelLoadError(f"'{path}' does not exist.")
    if path.is_dir():
        raise ModelLoadError(f"'{path}' is a folder, not a model file.")
    if path.stat().st_size == 0:
        raise ModelLoadError(f"'{path.name}' is an empty file.")
    if zipfile.is_zipfile(path):
        from cnnviz.core.file_sniff import archive_entries

        archive_entries(path)  # damaged archives and zip bombs are refused before torch reads them
    try:
        with open(path, "rb") as handle:  # a handle: torch.load would treat *.safetensors by name
            return torch.load(handle, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "Unsupported global" in str(exc):
            raise NeedsTrust(path) from exc
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file (not a weights file).") from exc
    except KeyError as exc:
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file (not a weights file).") from exc
    except Exception as exc:  # a damaged file makes torch.load raise almost any kind of error
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(f"'{path.name}' is not a readable PyTorch file ({first}).") from exc


def bundle_from_v1(data: dict[str, Any], path: Path) -> ModelBundle:
    """A version-1 checkpoint: a built-in architecture named by ``arch``."""
    key = canonical_builtin(str(data.get("arch", "")))
    if key is None:
        raise ModelLoadError(f"'{path.name}' uses an unknown architecture '{data.get('arch')}'.")
    return bundle_from_spec(data, {"kind": "builtin", "name": key, "options": {}}, path)


def title_of(spec: dict[str, Any]) -> str:
    """LeNet-5, TinyVGG, Custom CNN or the torchvision name."""
    if spec.get("kind") == "builtin":
        return BUILTINS[arch_key(spec)][3]
    return "Custom CNN" if spec.get("kind") == "builder" else str(spec.get("name"))


def bundle_from_spec(data: dict[str, Any], spec: dict[str, Any], path: Path) -> ModelBundle:
    """Build the architecture, load the weights and read the spec, labels and history."""
    try:
        module = build_from_spec(spec)
    except ArchitectureError as exc:
        raise ModelLoadError(f"'{path.name}': {exc}") from exc
    try:
        module.load_state_dict(data["state_dict"])
    except (RuntimeError, KeyError, TypeError, AttributeError) as exc:
        what = arch_key(spec) if spec["kind"] == "builtin" else describe(spec)
        raise ModelLoadError(
            f"'{path.name}' has weights that do not fit {what}: {exc}".splitlines()[0]
        ) from exc
    module.eval()
    input_spec = (
        saved_input_spec(data["input_spec"], path) if "input_spec" in data else default_input_spec(spec)
    )
    labels = saved_labels(data.get("labels"), module, path) or default_labels(spec, module)
    history = data.get("history")
    return ModelBundle(
        f"{title_of(spec)} ({path.name})",
        module,
        input_spec,
        labels,
        data.get("trained", True) is not False,
        source=str(path),
        arch=arch_key(spec),
        extra={"arch_spec": spec, "history": history if isinstance(history, dict) else {}},
    )


def saved_input_spec(raw: Any, path: Path) -> InputSpec:
    """A checkpoint's input spec, checked: sizes, normalisation and preprocessing the app can use."""
    from cnnviz.core.architectures import MAX_CHANNELS, MAX_INPUT_SIDE
    from cnnviz.core.preprocess import RESAMPLING

    try:
        spec = InputSpec.from_dict(raw)
        sides_ok = all(
            1 <= side <= MAX_INPUT_SIDE for side in (spec.height, spec.width, spec.resize_size or 1)
        )
        norm = (*spec.mean, *spec.std)
        if not (1 <= spec.channels <= MAX_CHANNELS and sides_ok and all(math.isfinite(v) for v in norm)):
            raise ValueError("sizes or normalisation out of range")
        if {len(spec.mean), len(spec.std)} - {1, spec.channels} or 0.0 in spec.std:
            raise ValueError("mean and std do not fit the channels")
        if (spec.preprocess, spec.polarity) not in PREPROCESSING or spec.interpolation not in RESAMPLING:
            raise ValueError("unknown preprocessing")
    except Exception as exc:  # from_dict on damaged data raises any kind of error
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise ModelLoadError(f"'{path.name}' has an unreadable input spec ({reason}).") from exc
    return spec


def saved_labels(raw: Any, module: torch.nn.Module, path: Path) -> list[str]:
    """A checkpoint's class labels ([] when it has none); ModelLoadError unless they fit the model."""
    if raw is None or (isinstance(raw, list | tuple) and not raw):
        return []
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str | int) for v in raw):
        raise ModelLoadError(f"'{path.name}' has unreadable labels (not a list of names).")
    linears = [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    if linears and len(raw) != linears[-1].out_features:
        raise ModelLoadError(
            f"'{path.name}' has {len(raw)} labels for a model with {linears[-1].out_features} classes."
        )
    return [str(v) for v in raw]


def default_labels(spec: dict[str, Any], module: torch.nn.Module) -> list[str]:
    """The built-in's labels, or class numbers."""
    if spec.get("kind") == "builtin" and not spec.get("options", {}).get("num_classes"):
        return list(BUILTINS[arch_key(spec)][2])
    linears = [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    return [str(i) for i in range(linears[-1].out_features if linears else 0)]


def bundle_from_checkpoint(data: dict[str, Any], path: Path) -> ModelBundle:
    """Rebuild a model from a cnnviz checkpoint dict (version 1 or 2)."""
    spec = data.get("arch_spec")
    if spec is None:
        return bundle_from_v1(data, path)
    try:
        spec = check_spec(spec)
    except ArchitectureError as exc:
        raise ModelLoadError(f"'{path.name}': {exc}") from exc
    return bundle_from_spec(data, spec, path)


def load_model_file(
    path: str | Path, trust: bool = False, arch_spec: dict[str, Any] | None = None
) -> ModelBundle:
    """Any model file cnnviz reads (see :mod:`cnnviz.core.model_files`)."""
    from cnnviz.core.model_files import open_model_file

    return open_model_file(Path(path), trust=trust, arch_spec=arch_spec)


def load_model(
    name_or_path: str | Path, trust: bool = False, arch_spec: dict[str, Any] | None = None
) -> ModelBundle:
    """A built-in name (lenet5, tinyvgg), a torchvision model (zoo:NAME[:pretrained]) or a model file.

    ``trust`` allows files that run code when loaded (NeedsTrust otherwise);
    ``arch_spec`` picks the architecture of a state_dict (after ArchitectureChoice).
    """
    if str(name_or_path).startswith("zoo:"):
        from cnnviz.core.zoo import load_zoo_source

        return load_zoo_source(str(name_or_path))
    key = canonical_builtin(str(name_or_path))
    if key is not None and not Path(name_or_path).exists():
        return load_builtin(key)
    return load_model_file(name_or_path, trust, arch_spec)
