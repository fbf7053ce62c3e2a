"""The built-in models: LeNet-5 and TinyVGG (as in CNN Explainer)."""

from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from cnnviz.core.spec import InputSpec

DIGIT_LABELS = [str(d) for d in range(10)]
TINYVGG_LABELS = [
    "lifeboat",
    "ladybug",
    "pizza",
    "bell pepper",
    "school bus",
    "koala",
    "espresso",
    "red panda",
    "orange",
    "sport car",
]
MNIST_SPEC = InputSpec(
    channels=1,
    height=28,
    width=28,
    mean=(0.0,),
    std=(1.0,),
    preprocess="mnist",
    polarity="light_on_dark",
)
TINYVGG_SPEC = InputSpec(
    channels=3,
    height=64,
    width=64,
    mean=(0.5, 0.5, 0.5),
    std=(0.5, 0.5, 0.5),
)


def conv_unit(
    name: str, conv: nn.Conv2d, batchnorm: bool, suffix: str, act: str
) -> list[tuple[str, nn.Module]]:
    """A convolution, its optional batch norm (``bn<suffix>``) and its ReLU (``<act>``)."""
    layers: list[tuple[str, nn.Module]] = [(name, conv)]
    if batchnorm:
        layers.append((f"bn{suffix}", nn.BatchNorm2d(conv.out_channels)))
    layers.append((act, nn.ReLU()))
    return layers


def maybe_dropout(p: float, name: str) -> list[tuple[str, nn.Module]]:
    """A dropout layer called ``name`` when p > 0, else nothing."""
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout must be in [0, 1), not {p}")
    return [(name, nn.Dropout(p))] if p > 0 else []


def lenet5(num_classes: int = 10, dropout: float = 0.0, batchnorm: bool = False) -> nn.Sequential:
    """LeNet-5 (LeCun et al. 1998) with ReLU and max pooling: 61,706 parameters.

    ``batchnorm`` adds ``bn1``/``bn2`` after the convolutions (2·C parameters
    each); ``dropout`` > 0 adds ``dropout1``…``dropout3`` before the three
    fully connected layers. The defaults give the original layer names and
    state_dict keys.
    """
    layers = [
        *conv_unit("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=2), batchnorm, "1", "relu1"),
        ("pool1", nn.MaxPool2d(2)),
        *conv_unit("conv2", nn.Conv2d(6, 16, kernel_size=5), batchnorm, "2", "relu2"),
        ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()),
        *maybe_dropout(dropout, "dropout1"),
        ("fc1", nn.Linear(16 * 5 * 5, 120)),
        ("relu3", nn.ReLU()),
        *maybe_dropout(dropout, "dropout2"),
        ("fc2", nn.Linear(120, 84)),
        ("relu4", nn.ReLU()),
        *maybe_dropout(dropout, "dropout3"),
        ("fc3", nn.Linear(84, num_classes)),
    ]
    return nn.Sequential(OrderedDict(layers))


def tinyvgg(
    num_classes: int = 10, dropout: float = 0.0, batchnorm: bool = False, in_channels: int = 3
) -> nn.Sequential:
    """TinyVGG from CNN Explainer (Wang et al. 2020): 64×64×3 input, 10 filters.

    ``batchnorm`` adds ``bn_<block>_<conv>`` after each convolution;
    ``dropout`` > 0 adds ``dropout`` before the output layer.
    """
    layers: list[tuple[str, nn.Module]] = []
    in_ch = in_channels
    for block in (1, 2):
        for conv in (1, 2):
            unit = f"{block}_{conv}"
            conv2d = nn.Conv2d(in_ch, 10, kernel_size=3)
            layers += conv_unit(f"conv_{unit}", conv2d, batchnorm, f"_{unit}", f"relu_{unit}")
            in_ch = 10
        layers.append((f"max_pool_{block}", nn.MaxPool2d(2)))
    layers.append(("flatten", nn.Flatten()))
    layers += maybe_dropout(dropout, "dropout")
    layers.append(("output", nn.Linear(10 * 13 * 13, num_classes)))
    return nn.Sequential(OrderedDict(layers))


BuiltinFactory = Callable[..., nn.Module]
BUILTINS: dict[str, tuple[BuiltinFactory, InputSpec, list[str], str]] = {
    "lenet5": (lenet5, MNIST_SPEC, DIGIT_LABELS, "LeNet-5"),
    "tinyvgg": (tinyvgg, TINYVGG_SPEC, TINYVGG_LABELS, "TinyVGG"),
}
ALIASES = {"lenet": "lenet5", "lenet-5": "lenet5", "lenet_5": "lenet5", "tiny-vgg": "tinyvgg"}


def canonical_builtin(name: str) -> str | None:
    """The registry key for a built-in model name, or None if it is not one."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in BUILTINS else None


def build_builtin(key: str, seed: int = 0, **options: Any) -> nn.Module:
    """A freshly initialised built-in model (deterministic for a given seed).

    ``options`` go to the factory (num_classes, dropout, batchnorm, and
    in_channels for tinyvgg); a bad option raises ValueError.
    """
    factory = BUILTINS[key][0]
    unknown = set(options) - set(inspect.signature(factory).parameters)
    if unknown:
        raise ValueError(f"{key} has no option {', '.join(sorted(unknown))}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return factory(**options)
