"""The built-in models: LeNet-5 and TinyVGG (as in CNN Explainer)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

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


def lenet5(num_classes: int = 10) -> nn.Sequential:
    """LeNet-5 (LeCun et al. 1998) with ReLU and max pooling: 61,706 parameters."""
    return nn.Sequential(
        OrderedDict(
            [
                ("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=2)),
                ("relu1", nn.ReLU()),
                ("pool1", nn.MaxPool2d(2)),
                ("conv2", nn.Conv2d(6, 16, kernel_size=5)),
                ("relu2", nn.ReLU()),
                ("pool2", nn.MaxPool2d(2)),
                ("flatten", nn.Flatten()),
                ("fc1", nn.Linear(16 * 5 * 5, 120)),
                ("relu3", nn.ReLU()),
                ("fc2", nn.Linear(120, 84)),
                ("relu4", nn.ReLU()),
                ("fc3", nn.Linear(84, num_classes)),
            ]
        )
    )


def tinyvgg(num_classes: int = 10) -> nn.Sequential:
    """TinyVGG from CNN Explainer (Wang et al. 2020): 64×64×3 input, 10 filters."""
    layers: list[tuple[str, nn.Module]] = []
    in_ch = 3
    for block in (1, 2):
        for conv in (1, 2):
            layers.append((f"conv_{block}_{conv}", nn.Conv2d(in_ch, 10, kernel_size=3)))
            layers.append((f"relu_{block}_{conv}", nn.ReLU()))
            in_ch = 10
        layers.append((f"max_pool_{block}", nn.MaxPool2d(2)))
    layers.append(("flatten", nn.Flatten()))
    layers.append(("output", nn.Linear(10 * 13 * 13, num_classes)))
    return nn.Sequential(OrderedDict(layers))


BuiltinFactory = Callable[[], nn.Module]
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


def build_builtin(key: str, seed: int = 0) -> nn.Module:
    """A freshly initialised built-in model (deterministic for a given seed)."""
    factory = BUILTINS[key][0]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return factory()
