"""The models File ▸ Open model offers: the built-ins, the course's classics, every torchvision classifier.

Each entry carries what helps choose: the year of its paper, its parameter
count, the ImageNet top-1 accuracy of its default weights and the size of their
file (all from torchvision's metadata, no download), and whether those weights
are already in the cache. :func:`catalogue` needs torchvision's import (about a
second the first time), so the GUI builds it off its main thread.
"""

from __future__ import annotations

from dataclasses import dataclass

BUILTIN_GROUP, CLASSIC_GROUP, MORE_GROUP = "Built-in", "Classic CNNs", "More torchvision models"
CLASSIC_TITLES = {
    "alexnet": "AlexNet",
    "vgg11": "VGG-11",
    "vgg11_bn": "VGG-11 (batch norm)",
    "vgg16": "VGG-16",
    "vgg16_bn": "VGG-16 (batch norm)",
    "googlenet": "GoogLeNet",
    "resnet18": "ResNet-18",
    "resnet50": "ResNet-50",
    "mobilenet_v3_small": "MobileNetV3 small",
    "mobilenet_v3_large": "MobileNetV3 large",
    "efficientnet_b0": "EfficientNet-B0",
}
YEARS = (  # name prefix → year of the paper (longest prefixes first)
    ("efficientnet_v2", 2021),
    ("mobilenet_v3", 2019),
    ("mobilenet_v2", 2018),
    ("shufflenet_v2", 2018),
    ("inception_v3", 2015),
    ("wide_resnet", 2016),
    ("swin_v2", 2022),
    ("efficientnet", 2019),
    ("squeezenet", 2016),
    ("googlenet", 2014),
    ("densenet", 2016),
    ("convnext", 2022),
    ("resnext", 2016),
    ("alexnet", 2012),
    ("mnasnet", 2018),
    ("maxvit", 2022),
    ("resnet", 2015),
    ("regnet", 2020),
    ("swin", 2021),
    ("vgg", 2014),
    ("vit", 2020),
)
BUILTIN_NOTES = {"lenet5": (1998, "28×28 digits"), "tinyvgg": (None, "64×64 RGB shapes")}


@dataclass(frozen=True)
class CatalogueEntry:
    """One model to offer: the source string that opens it and what to show about it."""

    source: str  # "lenet5" or "zoo:resnet18" (":pretrained" is added for the weights)
    title: str
    group: str
    year: int | None = None
    params: int | None = None
    top1: float | None = None  # ImageNet top-1 (%) of the default weights
    download_mb: float | None = None  # size of the pretrained weights file
    cached: bool = False  # pretrained weights already downloaded
    note: str = ""

    @property
    def is_zoo(self) -> bool:
        """A torchvision model (pretrained weights can be asked for)."""
        return self.source.startswith("zoo:")

    @property
    def name(self) -> str:
        """The model's name without the ``zoo:`` prefix."""
        return self.source.removeprefix("zoo:")


def year_of(name: str) -> int | None:
    """The year of the paper that introduced the architecture ``name``."""
    return next((year for prefix, year in YEARS if name.startswith(prefix)), None)


def human_params(count: int) -> str:
    """11689512 → '11.7 M'; 61706 → '61.7 K'."""
    for factor, unit in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if count >= factor:
            return f"{count / factor:.3g} {unit}"
    return str(count)


def describe_entry(entry: CatalogueEntry) -> str:
    """One line: '2015 · 11.7 M parameters · ImageNet top-1 69.8 %'."""
    parts = [str(entry.year)] if entry.year else []
    if entry.params is not None:
        parts.append(f"{human_params(entry.params)} parameters")
    if entry.top1 is not None:
        parts.append(f"ImageNet top-1 {entry.top1:.1f} %")
    if entry.note:
        parts.append(entry.note)
    return " · ".join(parts)


def builtin_entries() -> list[CatalogueEntry]:
    """LeNet-5 and TinyVGG, with their parameter counts and whether trained weights ship."""
    from cnnviz.core.builtins import BUILTINS, build_builtin
    from cnnviz.core.resources import weights_path

    entries = []
    for key, (_factory, _spec, _labels, title) in BUILTINS.items():
        params = sum(p.numel() for p in build_builtin(key).parameters())
        year, what = BUILTIN_NOTES.get(key, (None, ""))
        weights = "trained weights included" if weights_path(key).exists() else "random weights"
        note = ", ".join(n for n in (what, weights) if n)
        entries.append(CatalogueEntry(key, title, BUILTIN_GROUP, year, params, note=note))
    return entries


def zoo_entry(name: str, group: str) -> CatalogueEntry:
    """A torchvision model, described from the metadata of its default weights."""
    from cnnviz.core.zoo import default_weights, is_cached

    meta = default_weights(name).meta
    metrics = meta.get("_metrics", {}).get("ImageNet-1K", {})
    top1 = metrics.get("acc@1")
    size = meta.get("_file_size")
    return CatalogueEntry(
        f"zoo:{name}",
        CLASSIC_TITLES.get(name, name),
        group,
        year_of(name),
        int(meta["num_params"]) if "num_params" in meta else None,
        float(top1) if top1 is not None else None,
        float(size) if size is not None else None,
        is_cached(name),
    )


def catalogue() -> list[CatalogueEntry]:
    """Built-ins, then the classics in teaching order, then every other torchvision classifier."""
    from cnnviz.core.zoo import CLASSICS, zoo_names

    classics = [zoo_entry(name, CLASSIC_GROUP) for name in CLASSICS]
    others = [zoo_entry(name, MORE_GROUP) for name in zoo_names() if name not in CLASSICS]
    return [*builtin_entries(), *classics, *others]
