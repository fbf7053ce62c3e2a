"""Transfer learning with torchvision's classification models: a new head, frozen layers.

:func:`zoo_classifier` builds any model of ``torchvision.models`` by name,
optionally with its pretrained ImageNet weights, and replaces the final
classification layer (``fc``, ``classifier[-1]``, ``heads.head``, SqueezeNet's
final 1×1 convolution, …) with a fresh one for ``num_classes``. Freezing keeps
every other parameter fixed; batch-norm running statistics still adapt in
training mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import nn

from cnnviz.core.spec import InputSpec

ORIGINAL_CLASSES = 1000  # every torchvision classification model is built for ImageNet
NEEDS_PLAIN_INPUT = {"googlenet", "inception_v3"}  # their transform_input assumes RGB
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


class ZooError(ValueError):
    """An unknown model name or an option the model cannot take."""


class PretrainedUnavailable(RuntimeError):
    """The pretrained weights could not be downloaded or read; random weights still work."""


def zoo_names() -> list[str]:
    """Names of torchvision's image-classification models, sorted."""
    import torchvision

    return sorted(torchvision.models.list_models(module=torchvision.models))


def zoo_input_spec(name: str) -> InputSpec:
    """What the ImageNet-trained model expects: crop size and normalisation (no download)."""
    import torchvision

    size = 224
    try:
        weights = torchvision.models.get_model_weights(name).DEFAULT
        size = int(weights.transforms().crop_size[0])
    except (ValueError, AttributeError, KeyError, TypeError, IndexError):
        pass
    return InputSpec(3, size, size, IMAGENET_MEAN, IMAGENET_STD)


def create(name: str, pretrained: bool, in_channels: int | None) -> nn.Module:
    """torchvision.models.get_model, turning failures into ZooError / PretrainedUnavailable."""
    import torchvision

    if name not in zoo_names():
        examples = "resnet18, vgg16, mobilenet_v3_small, efficientnet_b0, convnext_tiny"
        raise ZooError(f"unknown torchvision model '{name}' (examples: {examples})")
    options: dict[str, Any] = {}
    if name in NEEDS_PLAIN_INPUT:
        options["aux_logits"] = False
        if in_channels not in (None, 3):
            options["transform_input"] = False
        if not pretrained:
            options["init_weights"] = True
    if not pretrained:
        return torchvision.models.get_model(name, weights=None, **options)
    weights = torchvision.models.get_model_weights(name).DEFAULT
    try:
        return torchvision.models.get_model(name, weights=weights, progress=False, **options)
    except (OSError, RuntimeError, ValueError, EOFError) as exc:
        reason = getattr(exc, "reason", None) or exc
        first = str(reason).strip().splitlines()[0] if str(reason).strip() else type(exc).__name__
        raise PretrainedUnavailable(
            f"cannot get the pretrained weights of {name} ({first}); they are downloaded once into "
            f"{torch.hub.get_dir()} and need an internet connection. Use random weights instead."
        ) from exc


def find_head(model: nn.Module) -> tuple[str, nn.Module]:
    """(qualified name, module) of the last layer that produces the 1000 ImageNet classes."""
    found: tuple[str, nn.Module] | None = None
    for name, module in model.named_modules():
        outputs = getattr(module, "out_features", getattr(module, "out_channels", None))
        if isinstance(module, nn.Linear | nn.Conv2d) and outputs == ORIGINAL_CLASSES:
            found = (name, module)
    if found is None:
        raise ZooError(f"cannot find the classification layer of {type(model).__name__}")
    return found


def replace_module(model: nn.Module, name: str, new: nn.Module) -> None:
    """Put ``new`` where the submodule called ``name`` is."""
    parent_name, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent_name) if parent_name else model, child, new)


def new_head(old: nn.Module, num_classes: int) -> nn.Module:
    """A freshly initialised layer like ``old`` but with ``num_classes`` outputs."""
    if isinstance(old, nn.Linear):
        return nn.Linear(old.in_features, num_classes, bias=old.bias is not None)
    assert isinstance(old, nn.Conv2d)
    return conv_like(old, old.in_channels, num_classes)


def conv_like(conv: nn.Conv2d, in_channels: int, out_channels: int) -> nn.Conv2d:
    """A new convolution with the geometry of ``conv`` and the given channel counts."""
    same: dict[str, Any] = {
        "kernel_size": conv.kernel_size,
        "stride": conv.stride,
        "padding": conv.padding,
        "dilation": conv.dilation,
        "groups": conv.groups,
        "bias": conv.bias is not None,
        "padding_mode": conv.padding_mode,
    }
    return nn.Conv2d(in_channels, out_channels, **same)


def adapt_input(model: nn.Module, in_channels: int) -> str:
    """Give the first RGB convolution ``in_channels`` inputs; the kernels are the RGB mean, repeated."""
    for name, conv in model.named_modules():
        if isinstance(conv, nn.Conv2d) and conv.in_channels == 3:
            new = conv_like(conv, in_channels, conv.out_channels)
            with torch.no_grad():
                mean = conv.weight.mean(1, keepdim=True)
                new.weight.copy_(mean.repeat(1, in_channels, 1, 1) * (3 / in_channels))
                if conv.bias is not None and new.bias is not None:
                    new.bias.copy_(conv.bias)
            replace_module(model, name, new)
            return name
    raise ZooError(
        f"cannot find the first convolution of {type(model).__name__} to take {in_channels} channels"
    )


def zoo_classifier(
    name: str,
    num_classes: int,
    pretrained: bool,
    freeze_backbone: bool,
    in_channels: int | None = None,
) -> tuple[nn.Module, str]:
    """A torchvision model with a fresh ``num_classes`` head, and a one-line note of what was done.

    Raises :class:`ZooError` for an unknown name and :class:`PretrainedUnavailable`
    when ``pretrained`` weights cannot be downloaded (offline).
    """
    if num_classes < 1:
        raise ZooError(f"num_classes must be at least 1, not {num_classes}")
    model = create(name, pretrained, in_channels)
    head_name, old = find_head(model)
    replace_module(model, head_name, new_head(old, num_classes))
    notes = [f"{name} ({'pretrained ImageNet' if pretrained else 'random'} weights)"]
    notes.append(f"new head '{head_name}' with {num_classes} outputs")
    if in_channels not in (None, 3):
        notes.append(f"'{adapt_input(model, int(in_channels))}' reads {in_channels} input channel(s)")
    if freeze_backbone:
        set_trainable(model, {""}, False)  # "" is the model itself: also parameters outside layers
        set_trainable(model, {head_name}, True)
        notes.append("backbone frozen")
    total = sum(p.numel() for p in model.parameters())
    notes.append(f"{trainable_count(model):,} of {total:,} parameters trainable")
    return model, "; ".join(notes)


def set_trainable(model: nn.Module, layer_names: Iterable[str], trainable: bool) -> None:
    """Set requires_grad on every parameter of the named layers (qualified module names)."""
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise ZooError(f"the model has no layer '{name}'")
        for param in modules[name].parameters():
            param.requires_grad_(trainable)


def trainable_count(model: nn.Module) -> int:
    """Number of parameters that an optimiser would update."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
