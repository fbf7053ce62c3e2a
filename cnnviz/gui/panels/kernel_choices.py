"""The choices of the Image kernels panel and their displayed (translated) names.

Kernel and padding names come from core (``cnnviz.core.kernels``, ``cnnviz.core.padding``)
and stay English there: they are the data of each combo-box item. What a person reads is
looked up here, in the "KernelsPanel" translation context, when the item is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from cnnviz.core.kernels import LibraryKernel
from cnnviz.gui.core_text import CoreTexts

CONTEXT = "KernelsPanel"


def _texts(table: dict[str, object]) -> dict[str, str]:
    """QT_TRANSLATE_NOOP's results (typed as object) as strings."""
    return {key: str(text) for key, text in table.items()}


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

# Copies of core's descriptions and convention (a test checks that they still match), for
# their translations; a description core has changed is shown as core words it.
KERNEL_DESCRIPTIONS = _texts(
    {
        "identity": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Identity: copies every pixel unchanged, because only the centre weight is 1.",
        ),
        "box blur": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Box blur: replaces each pixel by the plain average of its neighbourhood, smoothing "
            "away noise and fine detail.",
        ),
        "Gaussian blur": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Gaussian blur: a weighted average that counts near neighbours more than far ones, a "
            "softer, more natural blur than the box.",
        ),
        "sharpen": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Sharpen: adds the difference between a pixel and its four neighbours back to it, so "
            "edges and fine detail stand out.",
        ),
        "Sobel x": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Sobel x: responds to vertical edges, change from left to right (positive where the "
            "image gets brighter to the right); the middle row counts double.",
        ),
        "Sobel y": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Sobel y: responds to horizontal edges, change from top to bottom (positive where the"
            " image gets brighter downwards); the middle column counts double.",
        ),
        "Prewitt x": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Prewitt x: responds to vertical edges, change from left to right, weighting the "
            "three rows equally.",
        ),
        "Prewitt y": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Prewitt y: responds to horizontal edges, change from top to bottom, weighting the "
            "three columns equally.",
        ),
        "Laplacian": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Laplacian: the second derivative, 0 on flat areas and even slopes, strong on both "
            "sides of edges and at thin lines.",
        ),
        "emboss": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Emboss: the pixel plus the change from upper left to lower right, so edges look "
            "raised, as if lit from one side.",
        ),
        "outline": QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "Outline: 8 × the pixel minus its 8 neighbours, 0 on flat areas and large where "
            "pixels differ from their surroundings, tracing the outlines.",
        ),
    }
)
CENTRED_NOTE = str(
    QT_TRANSLATE_NOOP("KernelsPanel", " (The 3×3 kernel centred in zeros: the same result as 3×3.)")
)
CROPPED_NOTE = str(
    QT_TRANSLATE_NOOP("KernelsPanel", " (Only the centre of the 3×3 kernel is left at {size}×{size}.)")
)
CONVENTION_TEXT = str(
    QT_TRANSLATE_NOOP(
        "KernelsPanel",
        "Each output pixel is Σ weight × pixel under it, with the kernel's centre over the output"
        " pixel: cross-correlation (no flip), as CNN layers compute it. The image is padded by "
        "half the kernel on every side, so the result has the image's size.",
    )
)

# The lines of cnnviz.core.kernels.explain_pixel (the hover readout); a padding mode inside them
# is one of PADDING_LABELS, in this context too.
PIXEL_TEXTS = CoreTexts(
    CONTEXT,
    (
        QT_TRANSLATE_NOOP("KernelsPanel", "output ({row}, {col}) = {sum}"),
        QT_TRANSLATE_NOOP("KernelsPanel", "output ({row}, {col}):"),
        QT_TRANSLATE_NOOP("KernelsPanel", "channel {channel}: {sum}"),
        QT_TRANSLATE_NOOP("KernelsPanel", "window rows {top} to {bottom}, cols {left} to {right}"),
        QT_TRANSLATE_NOOP(
            "KernelsPanel",
            "window rows {top} to {bottom}, cols {left} to {right} "
            "(outside the {size} image: {mode} padding)",
        ),
        *PADDING_LABELS.values(),
    ),
    {name: r"-?\d+" for name in ("row", "col", "channel", "top", "bottom", "left", "right")},
)


def display_text(text: str) -> str:
    """``text`` (one of the names above) in the interface language; unknown text as it is."""
    return QCoreApplication.translate(CONTEXT, text)


def kernel_label(name: str) -> str:
    """A core kernel name as shown, e.g. "Gaussian blur" → "desenfoque gaussiano" in Spanish."""
    return display_text(KERNEL_LABELS.get(name, name))


def pixel_explanation(text: str) -> str:
    """Core's readout of one output pixel (:func:`~cnnviz.core.kernels.explain_pixel`) as shown."""
    return PIXEL_TEXTS.shown_lines(text)


def padding_label(mode: str) -> str:
    """A core padding mode as shown."""
    return display_text(PADDING_LABELS.get(mode, mode))


def kernel_description(kernel: LibraryKernel) -> str:
    """Core's description of a library kernel in the interface language (as core words it when
    the copy above no longer matches)."""
    base = KERNEL_DESCRIPTIONS.get(kernel.name, "")
    if not base or not kernel.description.startswith(base):
        return kernel.description
    size = kernel.weights.shape[0]
    notes = {
        "": "",
        CENTRED_NOTE: display_text(CENTRED_NOTE),
        CROPPED_NOTE.format(size=size): display_text(CROPPED_NOTE).format(size=size),
    }
    note = notes.get(kernel.description[len(base) :])
    return kernel.description if note is None else display_text(base) + note


def combo(name: str, items: Sequence[tuple[str, object]], tip: str) -> QComboBox:
    """A combo box named ``name``: each item shows its (already translated) text, holds its data."""
    box = QComboBox()
    box.setObjectName(name)
    box.setToolTip(tip)
    for text, data in items:
        box.addItem(text, data)
    return box
