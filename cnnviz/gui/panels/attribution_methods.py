"""The Attribution panel's methods as worker jobs: which exist, their options, what they return.

No widgets here: :func:`make_compute` binds the core function of a method to copies
of everything it reads and returns a ``compute(should_stop, report)`` callable for
:class:`~cnnviz.gui.attribution_worker.AttributionWorker`; the result is an
:class:`AttributionView` of plain arrays, ready to draw.

What is drawn for each method (``overlay`` over the input and ``raw`` on its own):
Grad-CAM its map upsampled to the input, and at the layer's own resolution; saliency
and SmoothGrad the largest |gradient| over the channels; guided backpropagation,
guided Grad-CAM and integrated gradients, which are signed, their sum over the input
channels (for a one-channel input, the attribution itself).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnviz.gui.attribution_worker import Compute, Report, StopCheck, counting

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.gradients import Attribution


@dataclass(frozen=True)
class Method:
    """One choice of the method chooser."""

    key: str
    title: str  # English, marked for translation; shown as :attr:`shown_title`
    slow: bool  # run on request (with progress and Cancel) rather than on every new image
    uses_layer: bool = False

    @property
    def shown_title(self) -> str:
        """The title in the interface language."""
        return QCoreApplication.translate("AttributionMethods", self.title)


METHODS = (
    Method("gradcam", str(QT_TRANSLATE_NOOP("AttributionMethods", "Grad-CAM")), slow=False, uses_layer=True),
    Method(
        "guided_gradcam",
        str(QT_TRANSLATE_NOOP("AttributionMethods", "Guided Grad-CAM")),
        slow=False,
        uses_layer=True,
    ),
    Method("saliency", str(QT_TRANSLATE_NOOP("AttributionMethods", "Saliency")), slow=False),
    Method("smoothgrad", str(QT_TRANSLATE_NOOP("AttributionMethods", "SmoothGrad")), slow=True),
    Method("guided", str(QT_TRANSLATE_NOOP("AttributionMethods", "Guided backprop")), slow=False),
    Method("intgrad", str(QT_TRANSLATE_NOOP("AttributionMethods", "Integrated gradients")), slow=True),
    Method(
        "occlusion", str(QT_TRANSLATE_NOOP("AttributionMethods", "Occlusion")), slow=True, uses_layer=True
    ),
    Method(
        "featvis",
        str(QT_TRANSLATE_NOOP("AttributionMethods", "Feature visualisation")),
        slow=True,
        uses_layer=True,
    ),
)
METHOD_BY_KEY = {m.key: m for m in METHODS}
SMOOTHGRAD_BATCH = 8  # core.gradients.smoothgrad: min(n_samples, 8) noisy copies per pass
INTGRAD_BATCH = 16  # core.gradients.integrated_gradients: internal_batch_size


@dataclass(frozen=True)
class Options:
    """Everything a run depends on besides the model and the input."""

    method: str
    target_class: int | None = None  # None: the top class
    layer: str = ""  # Grad-CAM's layer; occlusion's feature map layer
    samples: int = 25
    noise: float = 0.15
    steps: int = 50
    patch: int = 6
    stride: int = 2
    occlusion_map: str = "probability"  # "probability", "activation" or "label"
    channel: int = 0  # occlusion's feature map; feature visualisation's unit channel
    featvis_unit: bool = False  # feature visualisation: maximise layer/channel, not the class
    featvis_steps: int = 256


@dataclass(frozen=True)
class AttributionView:
    """What the panel draws for one run."""

    method: str
    target_class: int
    score: float
    overlay: np.ndarray  # H×W, laid over the input
    raw: np.ndarray  # h×w, shown on its own with a colour bar
    signed: bool
    layer: str | None = None
    extras: dict[str, float] = field(default_factory=dict)
    fraction: float = 1.0  # below 1: a partial occlusion map, refined by later ones
    kind: str = ""  # occlusion: "probability", "activation" or "label"
    raw_signed: bool | None = None  # whether ``raw`` is signed, when it differs from ``signed``
    categories: tuple[int, ...] = ()  # label maps: the class of each colour index
    coarse: bool = False  # occlusion: only the coarse grid is computed so far


def signed_map(attribution: np.ndarray) -> np.ndarray:
    """A signed C×H×W attribution as one H×W map: the sum over the channels."""
    return np.asarray(attribution, dtype=np.float32).sum(axis=0)


def view_of(result: Attribution) -> AttributionView:
    """The maps to draw for a core :class:`~cnnviz.core.gradients.Attribution`."""
    if result.method == "gradcam":
        assert result.layer_map is not None
        overlay, raw = result.heatmap, result.layer_map
    elif result.signed:
        overlay = raw = signed_map(result.attribution)
    else:
        overlay = raw = result.heatmap
    return AttributionView(
        result.method,
        result.target_class,
        result.score,
        np.asarray(overlay, dtype=np.float32),
        np.asarray(raw, dtype=np.float32),
        result.signed,
        result.layer,
        dict(result.extras),
    )


def expected_passes(options: Options) -> int:
    """Forward passes a slow gradient method makes (the progress bar's denominator)."""
    if options.method == "smoothgrad":
        return 1 + math.ceil(options.samples / min(options.samples, SMOOTHGRAD_BATCH))
    if options.method == "intgrad":
        return 3 + math.ceil(options.steps / INTGRAD_BATCH)  # class, path batches, the two ends
    return 1


def make_compute(model: nn.Module, x: np.ndarray, options: Options) -> Compute:
    """The worker job for a gradient method (all but occlusion) on ``x`` (C×H×W, normalised)."""
    from cnnviz.core import gradcam, gradients

    x = np.array(x, dtype=np.float32, copy=True)
    k, o = options.target_class, options

    def compute(should_stop: StopCheck, report: Report) -> AttributionView:
        stop = counting(should_stop, report, expected_passes(o))
        if o.method == "gradcam":
            result = gradcam.grad_cam(model, x, o.layer, k, should_stop=stop)
        elif o.method == "guided_gradcam":
            result = gradcam.guided_grad_cam(model, x, o.layer, k, should_stop=stop)
        elif o.method == "saliency":
            result = gradients.saliency(model, x, k, should_stop=stop)
        elif o.method == "smoothgrad":
            result = gradients.smoothgrad(model, x, k, n_samples=o.samples, noise=o.noise, should_stop=stop)
        elif o.method == "guided":
            result = gradients.guided_backprop(model, x, k, should_stop=stop)
        elif o.method == "intgrad":
            result = gradients.integrated_gradients(model, x, k, steps=o.steps, should_stop=stop)
        else:
            raise ValueError(f"unknown attribution method '{o.method}'")
        return view_of(result)

    return compute


def last_conv(rows: list[tuple[str, str, tuple[int, ...]]]) -> str:
    """The default Grad-CAM layer: the last convolution with maps, else the last layer with maps.

    ``rows`` are (name, type name, output shape without the batch) in model order.
    """
    maps = [(name, kind) for name, kind, shape in rows if len(shape) == 3]
    convs = [name for name, kind in maps if "Conv" in kind]
    if convs:
        return convs[-1]
    return maps[-1][0] if maps else ""


def describe(view: AttributionView, title: str, class_name: str) -> str:
    """One line: the method (its shown title), the class and its score, the layer and any check numbers."""
    text = QCoreApplication.translate(
        "AttributionMethods", "<b>{method}</b> for class <b>{name}</b> (score {score})"
    ).format(method=title, name=class_name, score=f"{view.score:.4g}")
    if view.layer:
        text += QCoreApplication.translate("AttributionMethods", " at layer <b>{layer}</b>").format(
            layer=view.layer
        )
    if "delta" in view.extras:
        error = f"{view.extras['delta']:.2g}"
        text += QCoreApplication.translate("AttributionMethods", " · completeness error {error}").format(
            error=error
        )
    return text
