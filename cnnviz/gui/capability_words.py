"""What core says about a model's panels and methods (:mod:`cnnviz.core.capabilities`), as shown.

Core names each panel or method and says in English why one does not work for a model;
the Model info dialog and the Architecture panel's footer show those words through
:func:`capability_text`, in the "Capabilities" context. The copies below mirror core's
wordings (a test checks them against core's texts); an error message quoted inside a reason
(a PyTorch exception) stays as PyTorch wrote it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from cnnviz.gui.core_text import CoreTexts

# cnnviz.core.capabilities.NAMES
NAMES = (
    QT_TRANSLATE_NOOP("Capabilities", "Prediction"),
    QT_TRANSLATE_NOOP("Capabilities", "Activations"),
    QT_TRANSLATE_NOOP("Capabilities", "Architecture table"),
    QT_TRANSLATE_NOOP("Capabilities", "Filters"),
    QT_TRANSLATE_NOOP("Capabilities", "Receptive fields"),
    QT_TRANSLATE_NOOP("Capabilities", "Pooling"),
    QT_TRANSLATE_NOOP("Capabilities", "Convolution step-through"),
    QT_TRANSLATE_NOOP("Capabilities", "Training"),
    QT_TRANSLATE_NOOP("Capabilities", "Deconvnet"),
    QT_TRANSLATE_NOOP("Capabilities", "Grad-CAM"),
    QT_TRANSLATE_NOOP("Capabilities", "Saliency"),
    QT_TRANSLATE_NOOP("Capabilities", "Occlusion"),
)
# The reasons of cnnviz.core.capabilities.judge and the probe's own findings.
REASONS = (
    QT_TRANSLATE_NOOP("Capabilities", "the model fails on an input: {error}"),
    QT_TRANSLATE_NOOP("Capabilities", "the model returned no tensor"),
    QT_TRANSLATE_NOOP("Capabilities", "per-layer outputs cannot be read ({why})"),
    QT_TRANSLATE_NOOP("Capabilities", "TorchScript modules refuse layer hooks"),
    QT_TRANSLATE_NOOP("Capabilities", "no layer outputs can be recorded"),
    QT_TRANSLATE_NOOP(
        "Capabilities",
        "its layers are graph pieces, not PyTorch layers whose kernels and strides can be read",
    ),
    QT_TRANSLATE_NOOP("Capabilities", "no nn.Conv2d layers"),
    QT_TRANSLATE_NOOP("Capabilities", "no pooling layers"),
    QT_TRANSLATE_NOOP("Capabilities", "approximate: torch.fx cannot trace the model ({error})"),
    QT_TRANSLATE_NOOP("Capabilities", "gradients do not reach the input ({why})"),
    QT_TRANSLATE_NOOP("Capabilities", "the output does not depend on the input through autograd"),
    QT_TRANSLATE_NOOP("Capabilities", "the input gradient is not finite"),
    QT_TRANSLATE_NOOP(
        "Capabilities",
        "its ReLUs are graph operators, which the deconvnet's backward rule cannot replace",
    ),
    QT_TRANSLATE_NOOP(
        "Capabilities",
        "cnnviz can only train models it can rebuild and save; this {kind} has no architecture it knows",
    ),
    QT_TRANSLATE_NOOP("Capabilities", "model"),
    QT_TRANSLATE_NOOP("Capabilities", "every parameter is frozen"),
)
# cnnviz.core.model_files.FORMAT_TITLES (the {kind} above, and Model info's "Format")
FORMAT_TITLES = (
    QT_TRANSLATE_NOOP("Capabilities", "built-in model"),
    QT_TRANSLATE_NOOP("Capabilities", "cnnviz checkpoint"),
    QT_TRANSLATE_NOOP("Capabilities", "safetensors file"),
    QT_TRANSLATE_NOOP("Capabilities", "pickled PyTorch model"),
    QT_TRANSLATE_NOOP("Capabilities", "TorchScript file"),
    QT_TRANSLATE_NOOP("Capabilities", "torch.export program"),
    QT_TRANSLATE_NOOP("Capabilities", "ONNX file"),
)
# cnnviz.core.functional_taps.NOT_SHOWN with its reason (the Architecture panel's note)
FUNCTIONAL_NOTE = QT_TRANSLATE_NOOP(
    "Capabilities", "functional operations not shown: model cannot be traced ({why})"
)
CAPABILITY_TEXTS = CoreTexts("Capabilities", (*NAMES, *REASONS, *FORMAT_TITLES, FUNCTIONAL_NOTE))


def capability_text(text: str) -> str:
    """A panel's name, a reason, a format or the functional note from core, in the interface language."""
    return CAPABILITY_TEXTS.shown(text)
