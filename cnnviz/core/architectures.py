"""One JSON-able description of a model's architecture, for checkpoints and the GUI.

    {"kind": "builtin", "name": "lenet5", "options": {"num_classes": 10, "batchnorm": true}}
    {"kind": "builder", "config": {...}}            # a cnnviz.core.builder.BuilderConfig
    {"kind": "zoo", "name": "resnet18", "num_classes": 10, "in_channels": 1, "freeze_backbone": true}

Every kind may also list ``"frozen"`` layer names whose parameters do not
train. :func:`build_from_spec` makes a freshly initialised module (never
downloading anything: weights come from the checkpoint).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnviz.core.builtins import BUILTINS, build_builtin, canonical_builtin
from cnnviz.core.spec import InputSpec

ArchSpec = dict[str, Any]
KINDS = ("builtin", "builder", "zoo")
# Sizes no real model of this app comes near: a spec beyond them is damaged or hostile, and is
# refused before anything is allocated (a few bytes of JSON could otherwise ask for terabytes).
MAX_CLASSES = 100_000
MAX_CHANNELS = 4096
MAX_INPUT_SIDE = 4096
MAX_LAYERS = 1000
MAX_PARAMETERS = 500_000_000
MAX_LAYER_OUTPUT = 1 << 27  # values one layer computes for one image


class ArchitectureError(ValueError):
    """An architecture description that cannot be built; says why in one line."""


def builtin_spec(name: str, **options: Any) -> ArchSpec:
    """The spec of a built-in model (options: num_classes, dropout, batchnorm, in_channels)."""
    key = canonical_builtin(name)
    if key is None:
        raise ArchitectureError(f"unknown built-in model '{name}' (known: {', '.join(BUILTINS)})")
    return {"kind": "builtin", "name": key, "options": dict(options)}


def builder_spec(config: Any) -> ArchSpec:
    """The spec of a :class:`~cnnviz.core.builder.BuilderConfig` (or its dict form)."""
    data = config if isinstance(config, dict) else config.to_dict()
    return {"kind": "builder", "config": data}


def zoo_spec(
    name: str, num_classes: int, in_channels: int | None = None, freeze_backbone: bool = False
) -> ArchSpec:
    """The spec of a torchvision model with a new head."""
    return {
        "kind": "zoo",
        "name": name,
        "num_classes": int(num_classes),
        "in_channels": in_channels,
        "freeze_backbone": bool(freeze_backbone),
    }


def check_spec(spec: object) -> ArchSpec:
    """The spec itself when it has a known kind and the fields that kind needs."""
    if not isinstance(spec, dict) or spec.get("kind") not in KINDS:
        kind = shown(spec.get("kind")) if isinstance(spec, dict) else type(spec).__name__
        raise ArchitectureError(f"unknown architecture kind '{kind}' (known: {', '.join(KINDS)})")
    needed = {"builtin": ("name",), "builder": ("config",), "zoo": ("name", "num_classes")}[spec["kind"]]
    missing = [key for key in needed if key not in spec]
    if missing:
        raise ArchitectureError(f"the {spec['kind']} architecture lacks '{missing[0]}'")
    return spec


def build_from_spec(spec: ArchSpec, seed: int = 0) -> nn.Module:
    """A freshly initialised module for the spec (deterministic per seed); ArchitectureError if impossible."""
    spec = check_spec(spec)
    kind = spec["kind"]
    try:
        check_size(spec)
        if kind == "builtin":
            module = build_builtin(builtin_spec(spec["name"])["name"], seed, **spec.get("options", {}))
        elif kind == "builder":
            module = _build_builder(spec["config"], seed)
        else:
            module = _build_zoo(spec, seed)
    except ArchitectureError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:  # malformed options
        raise ArchitectureError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    apply_frozen(module, spec.get("frozen", []))
    return module


def shown(value: object) -> str:
    """A value as it appears in an error: one line, at most 40 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def check_count(what: str, value: object, largest: int) -> None:
    """ArchitectureError unless `value` is None or a whole number from 1 to `largest`."""
    if value is not None and not (isinstance(value, int) and 1 <= value <= largest):
        raise ArchitectureError(f"{what} must be a whole number from 1 to {largest:,} (got {shown(value)})")


def check_size(spec: ArchSpec) -> None:
    """ArchitectureError for sizes beyond the MAX_ limits, checked without building anything."""
    if spec["kind"] == "builder":
        check_design_size(spec["config"])
        return
    options = spec.get("options", {}) if spec["kind"] == "builtin" else spec
    if not isinstance(options, dict):
        raise ArchitectureError("the architecture's options are not a JSON object")
    check_count("the number of classes", options.get("num_classes"), MAX_CLASSES)
    check_count("the number of input channels", options.get("in_channels"), MAX_CHANNELS)


def check_design_size(config: Any) -> None:
    """ArchitectureError for an impossible or oversized builder design (planned, not built)."""
    from cnnviz.core.builder import BuilderConfig, BuilderError, plan

    try:
        design = BuilderConfig.from_dict(config)
        channels, height, width = design.input
        check_count("the number of input channels", channels, MAX_CHANNELS)
        check_count("the input height", height, MAX_INPUT_SIDE)
        check_count("the input width", width, MAX_INPUT_SIDE)
        if len(design.blocks) + len(design.fc) > MAX_LAYERS:
            raise ArchitectureError(f"the design has more than {MAX_LAYERS} layers")
        layers = plan(design)
    except (BuilderError, TypeError, AttributeError, OverflowError) as exc:
        raise ArchitectureError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    if sum(layer.params for layer in layers) > MAX_PARAMETERS:
        raise ArchitectureError(f"the design has more than {MAX_PARAMETERS:,} parameters")
    if any(math.prod(layer.out_shape) > MAX_LAYER_OUTPUT for layer in layers):
        raise ArchitectureError(f"a layer of the design computes more than {MAX_LAYER_OUTPUT:,} values")


def _build_builder(config: dict[str, Any], seed: int) -> nn.Module:
    from cnnviz.core.builder import BuilderConfig, build

    parsed = BuilderConfig.from_dict(config)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build(parsed)


def _build_zoo(spec: ArchSpec, seed: int) -> nn.Module:
    from cnnviz.core.transfer import zoo_classifier

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        module, _note = zoo_classifier(
            str(spec["name"]),
            int(spec["num_classes"]),
            pretrained=False,
            freeze_backbone=bool(spec.get("freeze_backbone", False)),
            in_channels=spec.get("in_channels"),
        )
    return module


def apply_frozen(module: nn.Module, names: list[str]) -> None:
    """Freeze the named layers (the spec's ``frozen`` list)."""
    from cnnviz.core.transfer import ZooError, set_trainable

    try:
        set_trainable(module, set(names), False)
    except ZooError as exc:
        raise ArchitectureError(str(exc)) from exc


def arch_key(spec: ArchSpec) -> str:
    """The short architecture name a bundle carries: ``lenet5``, ``builder`` or ``zoo:resnet18``."""
    spec = check_spec(spec)
    if spec["kind"] == "builtin":
        return builtin_spec(spec["name"])["name"]
    return "builder" if spec["kind"] == "builder" else f"zoo:{spec['name']}"


def default_input_spec(spec: ArchSpec) -> InputSpec:
    """What the architecture reads when a checkpoint does not say (built-in spec, builder input, ImageNet)."""
    spec = check_spec(spec)
    if spec["kind"] == "builtin":
        base = BUILTINS[arch_key(spec)][1]
        channels = int(spec.get("options", {}).get("in_channels", base.channels))
        if channels == base.channels:
            return base
        return InputSpec(channels, base.height, base.width, (0.5,) * channels, (0.5,) * channels)
    if spec["kind"] == "builder":
        c, h, w = (int(v) for v in spec["config"]["input"])
        return InputSpec(c, h, w, (0.0,) * c, (1.0,) * c)
    from cnnviz.core.transfer import zoo_input_spec

    base = zoo_input_spec(str(spec["name"]))
    channels = spec.get("in_channels") or 3
    if channels == 3:
        return base
    return InputSpec(channels, base.height, base.width, (0.5,) * channels, (0.5,) * channels)


def describe(spec: ArchSpec) -> str:
    """A short human-readable line, e.g. 'LeNet-5 with batch norm, 10 classes'."""
    spec = check_spec(spec)
    kind = spec["kind"]
    if kind == "builtin":
        options = spec.get("options", {})
        extras = ["batch norm"] if options.get("batchnorm") else []
        if options.get("dropout"):
            extras.append(f"dropout {options['dropout']:g}")
        if "num_classes" in options:
            extras.append(f"{options['num_classes']} classes")
        title = BUILTINS[arch_key(spec)][3]
        return title + (f" ({', '.join(extras)})" if extras else "")
    if kind == "builder":
        config = spec["config"]
        blocks = config.get("blocks", [])
        convs = sum(len(b.get("convs", [])) for b in blocks)
        fc = "-".join(str(v) for v in config.get("fc", [])) or "none"
        return (
            f"Custom CNN ({len(blocks)} block{'s' * (len(blocks) != 1)}, {convs} conv, "
            f"hidden FC {fc}, {config.get('num_classes', '?')} classes)"
        )
    frozen = ", backbone frozen" if spec.get("freeze_backbone") else ""
    return f"{spec['name']} (torchvision, {spec['num_classes']} classes{frozen})"


def read_builder_file(path: Path) -> dict[str, Any]:
    """The builder config in a JSON file (a bare config or a whole ``builder`` spec)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # nested too deep
        raise ArchitectureError(f"cannot read the builder file '{path.name}' ({exc})") from exc
    if isinstance(data, dict) and data.get("kind") == "builder":
        data = data.get("config")
    if not isinstance(data, dict):
        raise ArchitectureError(f"'{path.name}' does not hold a builder configuration (a JSON object)")
    return data


def spec_for_model(
    model: str,
    num_classes: int,
    channels: int,
    dropout: float | None = None,
    batchnorm: bool | None = None,
    freeze_backbone: bool = False,
) -> ArchSpec:
    """The spec for a model named on a command line: a built-in, ``zoo:NAME`` or a builder JSON file.

    The classes (and a built-in's or torchvision model's input channels) come
    from the data; dropout and batch norm apply to built-in and builder models.
    """
    if model.startswith("zoo:"):
        if dropout is not None or batchnorm is not None:
            raise ArchitectureError("dropout and batch norm options do not apply to torchvision models")
        return zoo_spec(model[4:], num_classes, None if channels == 3 else channels, freeze_backbone)
    key = canonical_builtin(model)
    if key is not None and not Path(model).is_file():
        options: dict[str, Any] = {"num_classes": num_classes}
        options |= {"dropout": dropout} if dropout is not None else {}
        options |= {"batchnorm": batchnorm} if batchnorm is not None else {}
        if key == "tinyvgg" and channels != 3:
            options["in_channels"] = channels
        return builtin_spec(key, **options)
    if Path(model).is_file():
        config = dict(read_builder_file(Path(model)), num_classes=num_classes)
        try:
            check_design_size(config)  # the design's own mistakes, named with the file
        except ArchitectureError as exc:
            raise ArchitectureError(f"'{Path(model).name}': {exc}") from exc
        if dropout is not None:
            config["dropout"] = dropout
        for block in config.get("blocks", []) if batchnorm is not None else []:
            for conv in block.get("convs", []):
                conv["batchnorm"] = batchnorm
        return builder_spec(config)
    raise ArchitectureError(
        f"unknown model '{model}': not a built-in ({', '.join(BUILTINS)}), zoo:NAME or a builder JSON file"
    )


def check_input_shape(spec: ArchSpec, shape: tuple[int, int, int]) -> None:
    """ArchitectureError when a built-in or builder model reads another input shape than ``shape``."""
    if check_spec(spec)["kind"] == "zoo":
        return
    wanted = default_input_spec(spec).shape
    if wanted != tuple(shape):
        have, need = "×".join(map(str, shape)), "×".join(map(str, wanted))
        raise ArchitectureError(f"{describe(spec)} reads {need} inputs, but the data is {have}")
