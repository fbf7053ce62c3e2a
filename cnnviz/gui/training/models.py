"""Which model a training run trains, and the copy the other panels display."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.training.form import TrainingChoice

TITLES = {"lenet5": "LeNet-5", "tinyvgg": "TinyVGG"}


def model_for_choice(choice: TrainingChoice, current: ModelBundle | None) -> tuple[nn.Module, ModelBundle]:
    """(the module to train, the bundle to display); raises ValueError with a clear message."""
    from cnnviz.core.datasets import dataset_info

    info = dataset_info(choice.dataset)
    if choice.model == "current":
        if current is None:
            raise ValueError("No model is loaded yet; choose a new LeNet-5 or TinyVGG.")
        check_fits(current, info.spec.shape, len(info.labels))
        return copy.deepcopy(current.module), current
    module = build_new(choice.model, choice.options, info.spec.channels, len(info.labels))
    bundle = new_bundle(choice.model, module, choice.dataset)
    check_fits(bundle, info.spec.shape, len(info.labels))
    return module, bundle


def build_new(key: str, options: dict[str, object], channels: int, classes: int) -> nn.Module:
    """A freshly initialised built-in with the form's options."""
    from cnnviz.core.builtins import lenet5, tinyvgg

    dropout, batchnorm = float(options.get("dropout", 0.0)), bool(options.get("batchnorm", False))  # type: ignore[arg-type]
    if key == "lenet5":
        if channels != 1:
            raise ValueError("LeNet-5 reads 1-channel 28×28 images; choose TinyVGG for colour data.")
        return lenet5(classes, dropout=dropout, batchnorm=batchnorm)
    return tinyvgg(classes, dropout=dropout, batchnorm=batchnorm, in_channels=channels)


def new_bundle(key: str, module: nn.Module, dataset: str) -> ModelBundle:
    """The display bundle of a new model: its own copy, the data set's spec and labels."""
    from cnnviz.core.datasets import dataset_info
    from cnnviz.core.spec import ModelBundle

    info = dataset_info(dataset)
    title = f"{TITLES.get(key, key)} (training on {info.title})"
    display = copy.deepcopy(module).eval()
    return ModelBundle(title, display, info.spec, list(info.labels), False, source=key, arch=key)


def check_fits(bundle: ModelBundle, shape: tuple[int, int, int], classes: int) -> None:
    """A dry forward pass: the data's input shape must go through and give one output per class."""
    import torch

    was_training = bundle.module.training
    bundle.module.eval()
    device = next(bundle.module.parameters()).device
    try:
        with torch.no_grad():
            out = bundle.module(torch.zeros((1, *shape), device=device))
    except RuntimeError as exc:
        raise ValueError(
            f"{bundle.name} cannot read {shape[0]}×{shape[1]}×{shape[2]} inputs: " + str(exc).splitlines()[0]
        ) from exc
    finally:
        bundle.module.train(was_training)
    outputs = out.reshape(1, -1).shape[1]
    if outputs != classes:
        raise ValueError(f"{bundle.name} has {outputs} outputs but the data set has {classes} classes.")


def arch_spec_for(choice: TrainingChoice, bundle: ModelBundle) -> dict[str, object]:
    """The JSON-able architecture of the model a run trains (for its checkpoints)."""
    known = bundle.extra.get("arch_spec")
    if choice.model == "current" and isinstance(known, dict):
        return known
    from cnnviz.core.datasets import dataset_info

    info = dataset_info(choice.dataset)
    options: dict[str, object] = {"num_classes": len(info.labels)}
    key = bundle.arch if choice.model == "current" else choice.model
    if choice.model != "current":
        options.update(choice.options)
        if key == "tinyvgg":
            options["in_channels"] = info.spec.channels
    return {"kind": "builtin", "name": key, "options": options}
