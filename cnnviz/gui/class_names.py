"""Displayed class names and data-set titles: the built-ins' in the interface language.

Models and data sets keep their English labels (they are saved in checkpoints and
compared in code); only what is shown goes through Qt's translation system, in the
"ClassNames" context. Only the built-in label sets are translated — a user's image
folder or model keeps its own names, and ImageNet's 1,000 classes stay English (no
course needs them translated, and a partly translated list would read worse than none).
LeNet-5's digits "0"…"9" and KMNIST's romanised kana ("o", "ki", "su"…) need nothing.
The data sets' titles are in the "Datasets" context, for every panel that names a data set.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ClassNames"


def _names(*names: object) -> tuple[str, ...]:
    """QT_TRANSLATE_NOOP's results (typed as object) as strings."""
    return tuple(str(name) for name in names)


# Mirrors cnnviz.core.shapes.SHAPE_LABELS (a test checks that they agree).
SHAPES = _names(
    QT_TRANSLATE_NOOP("ClassNames", "circle"),
    QT_TRANSLATE_NOOP("ClassNames", "square"),
    QT_TRANSLATE_NOOP("ClassNames", "triangle"),
    QT_TRANSLATE_NOOP("ClassNames", "star"),
    QT_TRANSLATE_NOOP("ClassNames", "cross"),
    QT_TRANSLATE_NOOP("ClassNames", "hexagon"),
    QT_TRANSLATE_NOOP("ClassNames", "ring"),
    QT_TRANSLATE_NOOP("ClassNames", "heart"),
)
# Mirrors cnnviz.core.builtins.TINYVGG_LABELS (the Tiny ImageNet classes of CNN Explainer).
TINYVGG = _names(
    QT_TRANSLATE_NOOP("ClassNames", "lifeboat"),
    QT_TRANSLATE_NOOP("ClassNames", "ladybug"),
    QT_TRANSLATE_NOOP("ClassNames", "pizza"),
    QT_TRANSLATE_NOOP("ClassNames", "bell pepper"),
    QT_TRANSLATE_NOOP("ClassNames", "school bus"),
    QT_TRANSLATE_NOOP("ClassNames", "koala"),
    QT_TRANSLATE_NOOP("ClassNames", "espresso"),
    QT_TRANSLATE_NOOP("ClassNames", "red panda"),
    QT_TRANSLATE_NOOP("ClassNames", "orange"),
    QT_TRANSLATE_NOOP("ClassNames", "sport car"),
)
# Mirrors the Fashion-MNIST labels in cnnviz.core.datasets.
FASHION_MNIST = _names(
    QT_TRANSLATE_NOOP("ClassNames", "T-shirt/top"),
    QT_TRANSLATE_NOOP("ClassNames", "Trouser"),
    QT_TRANSLATE_NOOP("ClassNames", "Pullover"),
    QT_TRANSLATE_NOOP("ClassNames", "Dress"),
    QT_TRANSLATE_NOOP("ClassNames", "Coat"),
    QT_TRANSLATE_NOOP("ClassNames", "Sandal"),
    QT_TRANSLATE_NOOP("ClassNames", "Shirt"),
    QT_TRANSLATE_NOOP("ClassNames", "Sneaker"),
    QT_TRANSLATE_NOOP("ClassNames", "Bag"),
    QT_TRANSLATE_NOOP("ClassNames", "Ankle boot"),
)
# Mirrors the CIFAR-10 labels in cnnviz.core.datasets.
CIFAR10 = _names(
    QT_TRANSLATE_NOOP("ClassNames", "airplane"),
    QT_TRANSLATE_NOOP("ClassNames", "automobile"),
    QT_TRANSLATE_NOOP("ClassNames", "bird"),
    QT_TRANSLATE_NOOP("ClassNames", "cat"),
    QT_TRANSLATE_NOOP("ClassNames", "deer"),
    QT_TRANSLATE_NOOP("ClassNames", "dog"),
    QT_TRANSLATE_NOOP("ClassNames", "frog"),
    QT_TRANSLATE_NOOP("ClassNames", "horse"),
    QT_TRANSLATE_NOOP("ClassNames", "ship"),
    QT_TRANSLATE_NOOP("ClassNames", "truck"),
)
TRANSLATED_SETS: frozenset[tuple[str, ...]] = frozenset((SHAPES, TINYVGG, FASHION_MNIST, CIFAR10))
# Mirrors the titles of cnnviz.core.datasets.DATASETS (shown by the Training, Top-9 and Input panels).
DATASET_TITLES = _names(
    QT_TRANSLATE_NOOP("Datasets", "Synthetic digits (offline)"),
    QT_TRANSLATE_NOOP("Datasets", "Synthetic shapes (offline)"),
    QT_TRANSLATE_NOOP("Datasets", "MNIST handwritten digits"),
    QT_TRANSLATE_NOOP("Datasets", "Fashion-MNIST clothing images"),
    QT_TRANSLATE_NOOP("Datasets", "Kuzushiji-MNIST cursive Japanese characters"),
    QT_TRANSLATE_NOOP("Datasets", "CIFAR-10 photos"),
)


def display_name(name: str) -> str:
    """One built-in class name in the interface language (unknown names come back unchanged)."""
    return QCoreApplication.translate(CONTEXT, name)


def display_names(labels: Sequence[str]) -> list[str]:
    """A model's labels as shown: translated when they are one of the built-in sets, else as they are."""
    if tuple(labels) in TRANSLATED_SETS:
        return [display_name(name) for name in labels]
    return list(labels)


def dataset_title(title: str) -> str:
    """A built-in data set's title in the interface language (an image folder's name stays as it is)."""
    return QCoreApplication.translate("Datasets", title)
