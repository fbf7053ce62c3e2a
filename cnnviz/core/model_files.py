"""Opening the user's own model files, whatever saved them.

=============  ==============================================  =====================
format         written by                                      loaded with
=============  ==============================================  =====================
checkpoint     cnnviz (architecture, weights, labels, spec)    torch.load, weights only
state_dict     ``torch.save(model.state_dict())``              weights only; the architecture
                                                               is found by :mod:`state_match`
safetensors    ``safetensors.torch.save_file``                 safetensors (no code)
pickle         ``torch.save(model)``                           refused (NeedsTrust) unless
                                                               ``trust=True``: it runs code
torchscript    ``torch.jit.save``                              torch.jit.load (no Python code)
export         ``torch.export.save`` (.pt2)                    checked, then torch.export.load
onnx           ``torch.onnx.export``, tf2onnx, …               onnx2torch (no code)
=============  ==============================================  =====================

The format is recognised from the file's content (not its name), and
``bundle.extra["format"]`` records it. A model that does not carry its
architecture (pickle, TorchScript, export) is rebuilt as a known architecture
when its weights and outputs match one; otherwise its input is guessed (see
:mod:`cnnviz.core.model_probe`, ``extra["input_guessed"]``). A builder design
saved as JSON beside a state_dict (``model.json`` for ``model.pt``) is among the
architectures tried. :mod:`cnnviz.core.capabilities` says which panels work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnviz.core.architectures import (
    ArchitectureError,
    ArchSpec,
    arch_key,
    builder_spec,
    check_spec,
    describe,
)
from cnnviz.core.architectures import default_input_spec as arch_input_spec
from cnnviz.core.checkpoint import is_checkpoint
from cnnviz.core.file_sniff import NotAModelFile, sniff_format
from cnnviz.core.lean_imports import blocked_import_hint
from cnnviz.core.model_probe import InputUnknown, describe_module, guess_input, rebuilt, recognise
from cnnviz.core.sources import (
    ModelLoadError,
    NeedsTrust,
    bundle_from_checkpoint,
    default_labels,
    read_weights_file,
    title_of,
)
from cnnviz.core.spec import ModelBundle
from cnnviz.core.state_match import (
    ArchitectureChoice,
    NoArchitectureFits,
    key_variants,
    match_state_dict,
    tensors_of,
)

__all__ = ["FORMAT_TITLES", "NeedsTrust", "NotAModelFile", "open_model_file", "sniff_format"]

FORMAT_TITLES = {
    "builtin": "built-in model",
    "checkpoint": "cnnviz checkpoint",
    "state_dict": "state_dict",
    "safetensors": "safetensors file",
    "pickle": "pickled PyTorch model",
    "torchscript": "TorchScript file",
    "export": "torch.export program",
    "onnx": "ONNX file",
}
OPAQUE_TITLES = {"export": "Exported model", "onnx": "ONNX model"}


def open_model_file(
    path: Path, trust: bool = False, arch_spec: ArchSpec | None = None, extra_specs: Sequence[ArchSpec] = ()
) -> ModelBundle:
    """A bundle for any model file; ModelLoadError (NeedsTrust, ArchitectureChoice, …) with one line."""
    fmt = sniff_format(path)
    specs = [*extra_specs, *side_specs(path)]
    if fmt == "torchscript":
        from cnnviz.core.graph_files import ScriptedModel, load_torchscript

        scripted = load_torchscript(path).eval()
        return bundle_from_module(scripted, path, fmt, specs, wrap=ScriptedModel)
    if fmt == "export":
        from cnnviz.core.graph_files import load_export

        module, shape = load_export(path, trust)
        size = (shape[2], shape[3]) if shape and len(shape) == 4 and all(shape[2:]) else None
        return bundle_from_module(
            module, path, fmt, specs, shape[1] if shape and len(shape) == 4 else None, size
        )
    if fmt == "onnx":
        from cnnviz.core.graph_files import load_onnx

        converted, channels, size = load_onnx(path)
        return bundle_from_module(converted, path, fmt, [], channels, size)
    if fmt == "safetensors":
        return bundle_from_state(read_safetensors(path), path, arch_spec, specs, fmt)
    return bundle_from_torch_file(path, trust, arch_spec, specs)


def side_specs(path: Path) -> list[ArchSpec]:
    """Architectures saved as JSON beside the file (``model.json`` or ``model.pt.json``)."""
    found = []
    for side in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
        try:
            data = json.loads(side.read_text(encoding="utf-8")) if side.is_file() and side != path else None
            if isinstance(data, dict):
                found.append(check_spec(data) if "kind" in data else builder_spec(data))
        except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested too deep
            continue  # not an architecture: ignored
    return found


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """The tensors of a safetensors file."""
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device="cpu")
    except Exception as exc:  # safetensors raises its own error types
        raise NotAModelFile(f"'{path.name}' is not a readable safetensors file ({exc}).") from exc


def read_trusted(path: Path) -> Any:
    """torch.load with full unpickling: only after the user trusted the file."""
    try:
        with open(path, "rb") as handle:  # by content, not by name (see read_weights_file)
            return torch.load(handle, map_location="cpu", weights_only=False)
    except (ModuleNotFoundError, AttributeError) as exc:
        if hint := blocked_import_hint(exc):
            raise ModelLoadError(f"'{path.name}': {hint}.") from exc
        raise ModelLoadError(
            f"'{path.name}' needs Python code that is not available here ({exc}); run cnnviz where the "
            "model's classes can be imported, or save a state_dict instead."
        ) from exc
    except Exception as exc:  # a damaged file makes the unpickler raise almost any kind of error
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise NotAModelFile(f"'{path.name}' is not a readable PyTorch file ({reason}).") from exc


def bundle_from_torch_file(
    path: Path, trust: bool, arch_spec: ArchSpec | None, specs: list[ArchSpec]
) -> ModelBundle:
    """A torch.save file: checkpoint, state_dict (maybe nested) or, trusted, a whole pickled model."""
    try:
        data = read_weights_file(path)
    except NeedsTrust:
        if not trust:
            raise
        data = read_trusted(path)
    module = data if isinstance(data, nn.Module) else None
    if isinstance(data, dict) and module is None:
        module = next(
            (v for k, v in data.items() if k in ("model", "module", "net") and isinstance(v, nn.Module)), None
        )
    if module is not None:
        return bundle_from_module(module, path, "pickle", specs)
    if is_checkpoint(data):
        bundle = bundle_from_checkpoint(data, path)
        bundle.extra["format"] = "checkpoint"
        return bundle
    state = tensors_of(data)
    if state is None:
        raise ModelLoadError(f"'{path.name}' holds neither a cnnviz checkpoint nor a state_dict.")
    return bundle_from_state(state, path, arch_spec, specs, "state_dict")


def modern_densenet_keys(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """torchvision's DenseNet weight files use old names (``norm.1``); today's modules say ``norm1``."""
    if not any("denselayer" in key for key in state):
        return state
    try:
        from cnnviz.core.zoo import modern_keys
    except ImportError:
        return state
    return modern_keys("densenet", state)


def bundle_from_state(
    state: dict[str, torch.Tensor], path: Path, arch_spec: ArchSpec | None, specs: list[ArchSpec], fmt: str
) -> ModelBundle:
    """The architecture the state_dict fits (or the one asked for), with its weights loaded."""
    state = modern_densenet_keys(state)
    if arch_spec is not None:
        try:
            spec = check_spec(arch_spec)
        except ArchitectureError as exc:
            raise ModelLoadError(f"'{path.name}': {exc}") from exc
        module = next((m for v in key_variants(state) if (m := rebuilt(spec, v)) is not None), None)
        if module is None:
            raise ModelLoadError(f"'{path.name}' has weights that do not fit {describe(spec)}.")
        return bundle_for_spec(spec, module, path, fmt)
    try:
        spec, keyed = match_state_dict(state, specs)
    except ArchitectureChoice as exc:
        raise ArchitectureChoice(f"'{path.name}': {exc}", exc.candidates) from None
    except NoArchitectureFits as exc:
        raise NoArchitectureFits(f"'{path.name}': {exc}", exc.closest) from None
    module = rebuilt(spec, keyed)
    if module is None:
        raise ModelLoadError(f"'{path.name}' has weights that do not fit {describe(spec)}.")
    return bundle_for_spec(spec, module, path, fmt)


def bundle_for_spec(spec: ArchSpec, module: nn.Module, path: Path, fmt: str, note: str = "") -> ModelBundle:
    """A bundle for a module of a known architecture: its input spec, labels and title."""
    input_spec, labels = arch_input_spec(spec), default_labels(spec, module)
    if spec["kind"] == "zoo" and spec.get("num_classes") == 1000 and spec.get("in_channels") in (None, 3):
        try:
            from cnnviz.core.zoo import imagenet_labels, zoo_spec

            input_spec, labels = zoo_spec(spec["name"]), imagenet_labels(spec["name"])
        except (ImportError, ValueError):
            pass
    extra = {"arch_spec": spec, "format": fmt, "history": {}} | ({"note": note} if note else {})
    title = f"{title_of(spec)} ({path.name})"
    return ModelBundle(title, module.eval(), input_spec, labels, True, str(path), arch_key(spec), extra)


def bundle_from_module(
    module: nn.Module,
    path: Path,
    fmt: str,
    specs: list[ArchSpec],
    channels: int | None = None,
    size: tuple[int, int] | None = None,
    wrap: type[nn.Module] | None = None,
) -> ModelBundle:
    """A bundle for a model without an architecture description: recognised, or with a guessed input."""
    module.eval()
    found = recognise(module, specs) if fmt != "onnx" else None
    if found is not None:
        spec, eager = found
        note = (
            f"{FORMAT_TITLES[fmt]} recognised as {describe(spec)}: rebuilt with its weights, outputs checked"
        )
        return bundle_for_spec(spec, eager, path, fmt, note)
    shown = wrap(module) if wrap is not None else module
    try:
        input_spec, outputs = guess_input(shown, channels, size)
    except InputUnknown as exc:
        raise ModelLoadError(f"'{path.name}': {exc}.") from exc
    name = describe_module(module) if fmt in ("pickle", "torchscript") else OPAQUE_TITLES[fmt]
    extra = {"format": fmt, "input_guessed": size is None, "history": {}}
    labels = [str(i) for i in range(outputs)]
    return ModelBundle(
        f"{name} ({path.name})", shown.eval(), input_spec, labels, True, str(path), name, extra
    )
