"""The choices of the Image kernels panel and their displayed (translated) names.

Kernel and padding names come from core (``cnnviz.core.kernels``, ``cnnviz.core.padding``)
and stay English there: they are the data of each combo-box item. What a person reads is
looked up here, in the "KernelsPanel" translation context, when the item is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

CONTEXT = "KernelsPanel"

# Mirrors cnnviz.core.kernels.KERNEL_NAMES (a test checks that they agree).
KERNEL_LABELS: dict[str, str] = {
    "identity": str(QT_TRANSLATE_NOOP("KernelsPanel", "identity")),
    "box blur": str(QT_TRANSLATE_NOOP("KernelsPanel", "box blur")),
    "Gaussian blur": str(QT_TRANSLATE_NOOP("KernelsPanel", "Gaussian blur")),
    "sharpen": str(QT_TRANSLATE_NOOP("KernelsPanel", "sharpen")),
    "Sobel x": str(QT_TRANSLATE_NOOP("KernelsPanel", "Sobel x")),
    "Sobel y": str(QT_TRANSLATE_NOOP("KernelsPanel", "Sobel y")),
    "Prewitt x": str(QT_TRANSLATE_NOOP("KernelsPanel", "Prewitt x")),
    "Prewitt y": str(QT_TRANSLATE_NOOP("KernelsPanel", "Prewitt y")),
    "Laplacian": str(QT_TRANSLATE_NOOP("KernelsPanel", "Laplacian")),
    "emboss": str(QT_TRANSLATE_NOOP("KernelsPanel", "emboss")),
    "outline": str(QT_TRANSLATE_NOOP("KernelsPanel", "outline")),
}
# Mirrors cnnviz.core.padding.PADDING_MODES.
PADDING_LABELS: dict[str, str] = {
    "zero": str(QT_TRANSLATE_NOOP("KernelsPanel", "zero")),
    "reflect": str(QT_TRANSLATE_NOOP("KernelsPanel", "reflect")),
    "replicate": str(QT_TRANSLATE_NOOP("KernelsPanel", "replicate")),
    "symmetric": str(QT_TRANSLATE_NOOP("KernelsPanel", "symmetric")),
    "circular": str(QT_TRANSLATE_NOOP("KernelsPanel", "circular")),
}
SOURCES = (
    (str(QT_TRANSLATE_NOOP("KernelsPanel", "Model input")), "model"),
    (str(QT_TRANSLATE_NOOP("KernelsPanel", "Canvas (full size)")), "canvas"),
)
DISPLAYS = (
    (str(QT_TRANSLATE_NOOP("KernelsPanel", "Signed (blue − / red +)")), "signed"),
    (str(QT_TRANSLATE_NOOP("KernelsPanel", "Clip to 0–1")), "clip"),
)
INPUT_LABELS = {
    "model": str(QT_TRANSLATE_NOOP("KernelsPanel", "Model input")),
    "canvas": str(QT_TRANSLATE_NOOP("KernelsPanel", "Canvas")),
}
HOVER_HINT = str(
    QT_TRANSLATE_NOOP(
        "KernelsPanel",
        "Hover a pixel to see its products and sum: each output pixel is Σ weight × pixel under it, "
        "kernel centre over the pixel (cross-correlation, as CNN layers compute it).",
    )
)


def display_text(text: str) -> str:
    """``text`` (one of the names above) in the interface language; unknown text as it is."""
    return QCoreApplication.translate(CONTEXT, text)


def kernel_label(name: str) -> str:
    """A core kernel name as shown, e.g. "Gaussian blur" → "desenfoque gaussiano" in Spanish."""
    return display_text(KERNEL_LABELS.get(name, name))


def padding_label(mode: str) -> str:
    """A core padding mode as shown."""
    return display_text(PADDING_LABELS.get(mode, mode))


def combo(name: str, items: Sequence[tuple[str, object]], tip: str) -> QComboBox:
    """A combo box named ``name``: each item shows its (already translated) text, holds its data."""
    box = QComboBox()
    box.setObjectName(name)
    box.setToolTip(tip)
    for text, data in items:
        box.addItem(text, data)
    return box
