"""The Training form's choices, defaults and small field factories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

MODEL_CHOICES = (
    ("Current model (continue training it)", "current"),
    ("New LeNet-5", "lenet5"),
    ("New TinyVGG", "tinyvgg"),
    ("Custom architecture (builder)", "builder"),
    ("Torchvision model (transfer learning)", "zoo"),
)
ZOO_FAVOURITES = ("resnet18", "mobilenet_v3_small", "efficientnet_b0", "alexnet", "vgg11", "resnet50")
OPTIMISERS = (("Adam", "adam"), ("AdamW", "adamw"), ("SGD with momentum", "sgd"))
SCHEDULES = (("Constant", "constant"), ("Step (×0.1 every 3 epochs)", "step"), ("Cosine", "cosine"))
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
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box


def real(low: float, high: float, value: float, decimals: int, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    return box


def combo(items: tuple[tuple[str, str], ...]) -> QComboBox:
    box = QComboBox()
    for text, key in items:
        box.addItem(text, key)
    return box
