"""Which model a training run trains, the copy the other panels display, and its architecture spec."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnviz.gui.class_names import dataset_title

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.datasets import DatasetInfo
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.training.form import TrainingChoice

TITLES = {
    "lenet5": "LeNet-5",
    "tinyvgg": "TinyVGG",
    "builder": QT_TRANSLATE_NOOP("TrainingModels", "Custom CNN"),
}


@dataclass
class Plan:
    """What to train: a ready module, or a function that makes it in the worker (big or downloaded)."""

    arch_spec: dict[str, Any]
    title: str
    module: nn.Module | None = None
    prepare: Callable[[], nn.Module] | None = None
    pretrained: bool = False  # ``prepare`` downloads weights (the first time)


def plan_for_choice(choice: TrainingChoice, current: ModelBundle | None) -> Plan:
    """The model a run trains; ValueError with a clear message when the choice cannot work."""
    from cnnviz.core.architectures import ArchitectureError, build_from_spec
    from cnnviz.core.datasets import dataset_info

    info = dataset_info(choice.dataset)
    if choice.model == "current":
        if current is None:
            raise ValueError(
                QCoreApplication.translate(
                    "TrainingModels", "No model is loaded yet; choose a new model instead."
                )
            )
        check_fits(current.module, current.name, info)
        spec = current.extra.get("arch_spec") or {"kind": "builtin", "name": current.arch, "options": {}}
        return Plan(spec, current.name, module=copy.deepcopy(current.module))
    spec = arch_spec_for(choice, info)
    title = run_title(choice, info)
    if choice.model == "zoo":  # made in the worker: initialising (or downloading) one takes up to seconds
        pretrained = bool(choice.options.get("pretrained"))
        make = partial(zoo_module, spec, pretrained, title, info)
        return Plan(spec, title, prepare=make, pretrained=pretrained)
    try:
        module = build_from_spec(spec)
    except ArchitectureError as exc:
        raise ValueError(str(exc)) from exc
    check_fits(module, title, info)
    return Plan(spec, title, module=module)


def run_title(choice: TrainingChoice, info: DatasetInfo) -> str:
    """ "TinyVGG on Synthetic shapes (offline)", in the interface language."""
    model = str(TITLES.get(choice.model) or choice.options.get("name") or "model")
    return QCoreApplication.translate("TrainingModels", "{model} on {dataset}").format(
        model=QCoreApplication.translate("TrainingModels", model), dataset=dataset_title(info.title)
    )


def arch_spec_for(choice: TrainingChoice, info: DatasetInfo) -> dict[str, Any]:
    """The JSON-able architecture of a new model for this data set (saved with checkpoints)."""
    from cnnviz.core.architectures import builder_spec, builtin_spec, zoo_spec

    classes, channels = len(info.labels), info.spec.channels
    if choice.model == "builder":
        config = choice.options.get("builder")
        if not config:
            raise ValueError(
                QCoreApplication.translate(
                    "TrainingModels", "Design the custom architecture first (Edit architecture…)."
                )
            )
        if tuple(config["input"]) != info.spec.shape or config["num_classes"] != classes:
            raise ValueError(
                QCoreApplication.translate(
                    "TrainingModels",
                    "The custom architecture was designed for another data set: edit it again.",
                )
            )
        return builder_spec(config)
    if choice.model == "zoo":
        name = str(choice.options.get("name", ""))
        in_channels = None if channels == 3 else channels
        return zoo_spec(name, classes, in_channels, bool(choice.options.get("freeze_backbone")))
    if choice.model == "lenet5" and channels != 1:
        raise ValueError(
            QCoreApplication.translate(
                "TrainingModels",
                "LeNet-5 reads 1-channel 28×28 images; choose TinyVGG or a builder model for colour data.",
            )
        )
    options: dict[str, Any] = {"num_classes": classes, **choice.options}
    if choice.model == "tinyvgg" and channels != 3:
        options["in_channels"] = channels
    return builtin_spec(choice.model, **options)


def zoo_module(spec: dict[str, Any], pretrained: bool, title: str, info: DatasetInfo) -> nn.Module:
    """A torchvision model with a new head for the data set, pretrained or random (runs in the worker)."""
    from cnnviz.core.architectures import ArchitectureError, build_from_spec

    try:
        module = pretrained_module(spec) if pretrained else build_from_spec(spec)
    except ArchitectureError as exc:
        raise ValueError(str(exc)) from exc
    check_fits(module, title, info)
    return module


def present_model(
    module: nn.Module, title: str, dataset: str, arch_spec: dict[str, Any]
) -> tuple[ModelBundle, Any]:
    """The panels' copy of a new run's model and its description (runs in the worker: describing
    ResNet-18 traces it for 150 ms, DenseNet-121 for up to 0.7 s)."""
    return with_description(display_bundle(module, title, dataset, arch_spec))


def with_description(bundle: ModelBundle) -> tuple[ModelBundle, Any]:
    """A bundle for the panels with its description (in the worker)."""
    from cnnviz.gui.session import describe

    return bundle, describe(bundle)


def pretrained_module(spec: dict[str, Any]) -> nn.Module:
    """A torchvision model with downloaded ImageNet weights and a new head (runs in the worker)."""
    from cnnviz.core.transfer import PretrainedUnavailable, zoo_classifier

    try:
        module, _note = zoo_classifier(
            spec["name"], spec["num_classes"], True, spec["freeze_backbone"], spec.get("in_channels")
        )
    except PretrainedUnavailable as exc:
        hint = QCoreApplication.translate(
            "TrainingModels", "Untick 'Pretrained' to start from random weights instead."
        )
        raise RuntimeError(f"{exc} {hint}") from exc
    return module


def display_bundle(module: nn.Module, title: str, dataset: str, arch_spec: dict[str, Any]) -> ModelBundle:
    """The other panels' own copy of a model being trained, with the data set's spec and labels."""
    from cnnviz.core.datasets import dataset_info
    from cnnviz.core.spec import ModelBundle

    info = dataset_info(dataset)
    display = copy.deepcopy(module).eval()
    key = str(arch_spec.get("name", arch_spec["kind"]))
    bundle = ModelBundle(title, display, info.spec, list(info.labels), False, source=key, arch=key)
    bundle.extra["arch_spec"] = arch_spec
    return bundle


def check_fits(module: nn.Module, name: str, info: DatasetInfo) -> None:
    """A dry forward pass: the data's inputs must go through and give one output per class."""
    import torch

    shape, classes = info.spec.shape, len(info.labels)
    was_training = module.training
    module.eval()
    device = next(module.parameters()).device
    try:
        with torch.no_grad():
            out = module(torch.zeros((1, *shape), device=device))
    except RuntimeError as exc:
        detail = str(exc).splitlines()[0]
        size = "×".join(str(v) for v in shape)
        raise ValueError(
            QCoreApplication.translate("TrainingModels", "{name} cannot read {size} inputs: {detail}").format(
                name=name, size=size, detail=detail
            )
        ) from exc
    finally:
        module.train(was_training)
    outputs = out.reshape(1, -1).shape[1]
    if outputs != classes:
        text = QCoreApplication.translate(
            "TrainingModels", "{name} has {outputs} outputs but the data set has {classes} classes."
        )
        raise ValueError(text.format(name=name, outputs=outputs, classes=classes))
