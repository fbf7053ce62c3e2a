"""The Training form's choices, defaults and small field factories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

from cnnviz.gui.numbers import grouped_spin_box

MODEL_CHOICES = (
    (QT_TRANSLATE_NOOP("TrainingForm", "Current model (continue training it)"), "current"),
    (QT_TRANSLATE_NOOP("TrainingForm", "New LeNet-5"), "lenet5"),
    (QT_TRANSLATE_NOOP("TrainingForm", "New TinyVGG"), "tinyvgg"),
    (QT_TRANSLATE_NOOP("TrainingForm", "Custom architecture (builder)"), "builder"),
    (QT_TRANSLATE_NOOP("TrainingForm", "Torchvision model (transfer learning)"), "zoo"),
)
ZOO_FAVOURITES = ("resnet18", "mobilenet_v3_small", "efficientnet_b0", "alexnet", "vgg11", "resnet50")
OPTIMISERS = (
    ("Adam", "adam"),
    ("AdamW", "adamw"),
    (QT_TRANSLATE_NOOP("TrainingForm", "SGD with momentum"), "sgd"),
)
SCHEDULES = (
    (QT_TRANSLATE_NOOP("TrainingForm", "Constant"), "constant"),
    (QT_TRANSLATE_NOOP("TrainingForm", "Step (×0.1 every 3 epochs)"), "step"),
    (QT_TRANSLATE_NOOP("TrainingForm", "Cosine"), "cosine"),
)
STEP_EVERY_EPOCHS = 3  # the step schedule multiplies the learning rate by 0.1 this often
DEFAULT_LR = {"adam": 1e-3, "adamw": 1e-3, "sgd": 0.05}
FOLDER_CHOICE = "choose-folder"


@dataclass(frozen=True)
class TrainingChoice:
    """Everything the form asks for, as plain data."""

    model: str
    dataset: str
    train_size: int
    val_size: int
    options: dict[str, Any]
    config: dict[str, Any]


def spin(low: int, high: int, value: int, step: int = 1) -> QSpinBox:
    """A whole-number box, thousands grouped as everywhere in the interface (6,000; Spanish 6 000)."""
    return grouped_spin_box(low, high, value, step)


def real(low: float, high: float, value: float, decimals: int, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    return box


def combo(items: tuple[tuple[object, str], ...]) -> QComboBox:
    """A combo box of (shown text, key) pairs; the texts are translated in the "TrainingForm" context."""
    box = QComboBox()
    for text, key in items:
        box.addItem(QCoreApplication.translate("TrainingForm", str(text)), key)
    return box
