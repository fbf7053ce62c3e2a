"""torchvision's classification models as bundles to inspect: ImageNet labels, input spec, weights.

:func:`load_zoo` builds any model of :func:`zoo_names` (the course's classics are
:data:`CLASSICS`) in eval mode, with the 1,000 ImageNet class names and the input
spec of its default weights (shorter side resized, centre crop, normalisation),
also when the weights are random (``bundle.trained`` is then False). The
architecture is the one the weights file was made for (ViT's image size,
GoogLeNet's and Inception's ``transform_input``), without the training-only
auxiliary heads. Pretrained weights come from :mod:`cnnviz.core.zoo_weights`
(downloaded once, hash-checked, read with ``weights_only=True``) and are loaded
into a model built on the meta device, which skips the random initialisation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnviz.core.datasets import Cancelled, Progress
from cnnviz.core.downloads import DownloadFailed, check_cancel
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.core.transfer import PretrainedUnavailable, ZooError, zoo_names
from cnnviz.core.zoo_weights import (
    WeightsFile,
    cache_folder,
    fetch_weights,
    read_state_dict,
    unavailable,
)

__all__ = ["CLASSICS", "PretrainedUnavailable", "ZooError", "load_zoo", "zoo_names"]

CLASSICS = (
    "alexnet",
    "vgg11",
    "vgg11_bn",
    "vgg16",
    "vgg16_bn",
    "googlenet",
    "resnet18",
    "resnet50",
    "mobilenet_v3_small",
    "mobilenet_v3_large",
    "efficientnet_b0",
)
ZOO_PREFIX = "zoo:"
PRETRAINED_SUFFIX = ":pretrained"
AUX_HEADS = {"googlenet": ("aux1", "aux2"), "inception_v3": ("AuxLogits",)}
LEGACY_DENSENET_KEY = re.compile(  # "…denselayer1.norm.1.weight" → "…denselayer1.norm1.weight"
    r"^(.*denselayer\d+\.(?:norm|relu|conv))\.([12]\.(?:weight|bias|running_mean|running_var|num_batches_tracked))$"
)


def default_weights(name: str) -> Any:
    """torchvision's default ImageNet weights enum of ``name``; ZooError for unknown names."""
    import torchvision

    if name not in zoo_names():
        examples = ", ".join(CLASSICS[:6])
        raise ZooError(f"unknown torchvision model '{name}' (examples: {examples}, …)")
    return torchvision.models.get_model_weights(name).DEFAULT


def zoo_spec(name: str) -> InputSpec:
    """The input the default weights were trained on: crop, resize, interpolation, mean, std."""
    transforms = default_weights(name).transforms()
    crop, resize = int(transforms.crop_size[0]), int(transforms.resize_size[0])
    mean, std = tuple(float(v) for v in transforms.mean), tuple(float(v) for v in transforms.std)
    interpolation = str(transforms.interpolation.value)
    return InputSpec(3, crop, crop, mean, std, "center_crop", "any", resize, interpolation)


def imagenet_labels(name: str) -> list[str]:
    """The class names of the default weights (in torchvision's metadata, no download)."""
    return [str(c) for c in default_weights(name).meta["categories"]]


def weights_file(name: str) -> WeightsFile:
    """File name and URL of the default weights (the mirror's URL when one is set)."""
    return WeightsFile.for_url(str(default_weights(name).url))


def is_cached(name: str) -> bool:
    """True when the default weights of ``name`` are already in :func:`cache_folder`."""
    return (cache_folder() / weights_file(name).filename).is_file()


def structure_options(name: str, pretrained: bool) -> dict[str, Any]:
    """Builder options giving the architecture the default weights were made for (as torchvision's
    builders set them when given weights), with or without the auxiliary heads of their file."""
    min_size = default_weights(name).meta.get("min_size", (1, 1))
    options: dict[str, Any] = {}
    if name.startswith("vit_"):  # position embeddings for the weights' image size (518 for vit_h_14)
        options["image_size"] = int(min_size[0])
    if name.startswith("maxvit_"):
        options["input_size"] = tuple(min_size)
    if name in AUX_HEADS:  # the Google weights expect their own normalisation: transform_input converts
        options |= {"transform_input": True, "aux_logits": pretrained, "init_weights": not pretrained}
    return options


def drop_aux_heads(name: str, model: nn.Module) -> nn.Module:
    """GoogLeNet and Inception v3 without their training-only auxiliary classifiers."""
    if name in AUX_HEADS:
        setattr(model, "aux_logits", False)  # noqa: B010 (nn.Module's typed __setattr__ wants tensors)
        for head in AUX_HEADS[name]:
            setattr(model, head, None)
    return model


def modern_keys(name: str, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """DenseNet's weights use old parameter names (``norm.1``); today's modules say ``norm1``."""
    if not name.startswith("densenet"):
        return state
    renamed = {}
    for key, value in state.items():
        match = LEGACY_DENSENET_KEY.match(key)
        renamed[match.group(1) + match.group(2) if match else key] = value
    return renamed


def has_meta_tensors(model: nn.Module) -> bool:
    """True while some parameter or buffer has no data yet."""
    return any(t.is_meta for t in [*model.parameters(), *model.buffers()])


def pretrained_module(name: str, state: dict[str, torch.Tensor]) -> nn.Module:
    """The architecture with the state loaded, built without the costly random initialisation."""
    import torchvision

    state, options = modern_keys(name, state), structure_options(name, pretrained=True)
    try:
        with torch.device("meta"):
            model = torchvision.models.get_model(name, weights=None, **options)
        model.load_state_dict(state, assign=True)
        if not has_meta_tensors(model):
            return drop_aux_heads(name, model)
    except (RuntimeError, NotImplementedError):
        pass  # e.g. an initialiser that needs real data: build it the slow way
    model = torchvision.models.get_model(name, weights=None, **options)
    model.load_state_dict(state)
    return drop_aux_heads(name, model)


def random_module(name: str) -> nn.Module:
    """The architecture with torchvision's random initialisation."""
    import torchvision

    return torchvision.models.get_model(name, weights=None, **structure_options(name, pretrained=False))


def load_pretrained(
    name: str, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> tuple[nn.Module, Path]:
    """The model with its ImageNet weights (downloaded when needed) and the weights file."""
    source, folder = weights_file(name), cache_folder()
    try:
        path = fetch_weights(source, folder, progress, cancelled)
    except DownloadFailed as exc:
        raise unavailable(name, str(exc), source, folder) from exc
    check_cancel(cancelled)
    if progress is not None:
        progress(f"Loading {source.filename}…", 1.0)
    try:
        return pretrained_module(name, read_state_dict(path)), path
    except ValueError as exc:
        raise unavailable(name, str(exc), source, folder) from exc
    except RuntimeError as exc:  # load_state_dict: names or shapes that do not fit
        first = str(exc).strip().splitlines()[0]
        raise unavailable(name, f"'{path}' does not fit the model ({first})", source, folder) from exc


def load_zoo(
    name: str,
    pretrained: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ModelBundle:
    """A torchvision classification model in eval mode, labelled and ready to feed.

    Raises :class:`ZooError` for an unknown name, :class:`PretrainedUnavailable`
    when the pretrained weights cannot be downloaded or read (random weights
    still work) and :class:`~cnnviz.core.datasets.DatasetCancelled` when
    ``cancelled()`` turns true during the download.
    """
    name = name.removeprefix(ZOO_PREFIX)
    spec, labels = zoo_spec(name), imagenet_labels(name)
    extra: dict[str, Any] = {
        "arch_spec": {"kind": "zoo", "name": name, "num_classes": len(labels), "in_channels": None}
    }
    if pretrained:
        module, path = load_pretrained(name, progress, cancelled)
        extra |= {"weights": str(default_weights(name)), "weights_file": str(path)}
    else:
        module = random_module(name)
    module.eval()
    source = f"{ZOO_PREFIX}{name}{PRETRAINED_SUFFIX if pretrained else ''}"
    return ModelBundle(name, module, spec, labels, pretrained, source=source, arch=name, extra=extra)


def is_zoo_source(text: str) -> bool:
    """True for ``zoo:NAME`` and ``zoo:NAME:pretrained``."""
    return str(text).startswith(ZOO_PREFIX)


def parse_zoo_source(text: str) -> tuple[str, bool]:
    """(model name, pretrained) of ``zoo:NAME`` (random weights) or ``zoo:NAME:pretrained``."""
    body = str(text).removeprefix(ZOO_PREFIX)
    pretrained = body.endswith(PRETRAINED_SUFFIX)
    return body.removesuffix(PRETRAINED_SUFFIX).strip(), pretrained


def load_zoo_source(text: str) -> ModelBundle:
    """:func:`load_zoo` for a source string; an unknown name is a ModelLoadError (like a bad file)."""
    from cnnviz.core.sources import ModelLoadError

    name, pretrained = parse_zoo_source(text)
    try:
        return load_zoo(name, pretrained)
    except ZooError as exc:
        raise ModelLoadError(str(exc)) from exc
