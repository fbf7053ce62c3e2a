"""What an exported panel is called and what its caption says: file names, the model and layer,
a sentence on what the panel shows (in the interface language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

LAYER_PANELS = frozenset({"Activations", "Filters", "Deconvnet"})  # panels that follow the selected layer
# What each panel shows: translated where shown.
DESCRIPTIONS: dict[str, object] = {
    "Input": QT_TRANSLATE_NOOP(
        "Export", "The drawn or opened image, and the exact tensor the model receives."
    ),
    "Prediction": QT_TRANSLATE_NOOP(
        "Export", "Class probabilities from the softmax output; the longest bar is the prediction."
    ),
    "Architecture": QT_TRANSLATE_NOOP(
        "Export", "Every layer with its type, output shape, parameters and receptive field."
    ),
    "Activations": QT_TRANSLATE_NOOP(
        "Export", "The feature maps of the selected layer: bright where a filter responds strongly."
    ),
    "Filters": QT_TRANSLATE_NOOP("Export", "The learned kernels of the selected convolution layer."),
    "Deconvnet": QT_TRANSLATE_NOOP(
        "Export", "A unit's activation projected back to pixel space (Zeiler & Fergus, 2014)."
    ),
    "Attribution": QT_TRANSLATE_NOOP(
        "Export", "Which pixels matter for the prediction (occlusion, Grad-CAM, saliency)."
    ),
    "Training": QT_TRANSLATE_NOOP("Export", "Loss and accuracy of the training run, epoch by epoch."),
    "Convolution": QT_TRANSLATE_NOOP(
        "Export", "A kernel of the real layer sliding over the real input, number by number."
    ),
    "Image kernels": QT_TRANSLATE_NOOP(
        "Export", "A classic image kernel (blur, edges, sharpen) applied to the input."
    ),
    "Pooling": QT_TRANSLATE_NOOP(
        "Export", "A pooling layer's input and pooled output side by side, the chosen cells marked."
    ),
    "Quiz": QT_TRANSLATE_NOOP(
        "Export", "A practice question on convolution arithmetic, with its worked solution."
    ),
}


def translated(text: object) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP("Export", …)) in the interface language."""
    return QCoreApplication.translate("Export", str(text))


@dataclass(frozen=True)
class PanelContext:
    """What a caption says about a panel: its title, the model, the selected layer, what it shows."""

    title: str
    model: str
    layer: str
    description: str


def visible_titles(window: MainWindow) -> list[str]:
    """Titles of the panels the user has not closed (tabs behind others count), in window order."""
    return [title for title, dock in window.docks.items() if not dock.isHidden()]


def panel_context(window: MainWindow, title: str) -> PanelContext:
    """Caption facts; a panel may describe itself more precisely with ``export_caption() -> str``."""
    bundle = window.session.bundle
    model = bundle.name if bundle is not None else ""
    layer = window.session.layer if title in LAYER_PANELS else ""
    widget = window.docks[title].widget()
    own = getattr(widget, "export_caption", None)
    known = title in DESCRIPTIONS
    description = own() if callable(own) else translated(DESCRIPTIONS[title]) if known else widget.toolTip()
    return PanelContext(title, model, layer, str(description or ""))


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, safe in any file name: 'Image kernels' → 'image-kernels'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def default_name(window: MainWindow, title: str, suffix: str) -> str:
    """E.g. 'cnnviz-activations-lenet-5-conv1.png': panel, model and (where it applies) layer."""
    context = panel_context(window, title)
    parts = ["cnnviz", slug(title), slug(context.model), slug(context.layer)]
    return "-".join(part for part in parts if part) + suffix


def caption_line(context: PanelContext) -> str:
    """'Model: LeNet-5 · Layer: conv1' — the facts that apply."""
    parts = [
        QCoreApplication.translate("Export", "Model: {model}").format(model=context.model)
        if context.model
        else "",
        QCoreApplication.translate("Export", "Layer: {layer}").format(layer=context.layer)
        if context.layer
        else "",
    ]
    return " · ".join(part for part in parts if part)
