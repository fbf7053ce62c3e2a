"""Feature visualisation for the Attribution panel: the core ascent as a worker job, its images as views.

No widgets here. :func:`make_featvis_compute` returns a generator job for
:class:`~cnnviz.gui.attribution_worker.AttributionWorker` that runs
:func:`cnnviz.core.featvis.visualise` and yields a :class:`FeatVisView` for every
progress report, so the picture sharpens while the user watches; the last one is
the result. The input image plays no part: the ascent starts from seeded noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnviz.gui.attribution_worker import Compute, Report, StopCheck

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.featvis import Target
    from cnnviz.core.spec import InputSpec
    from cnnviz.gui.panels.attribution_methods import Options

REPORTS = 32  # progress reports per run, at most: each redraws the picture
CONTEXT = "FeatVis"  # translation context of this module's texts


@dataclass(frozen=True)
class FeatVisView:
    """One snapshot of the ascent: the picture (H×W×3 uint8) and where it stands."""

    step: int
    steps: int
    objective: float
    picture: np.ndarray
    target: Target

    @property
    def fraction(self) -> float:
        """How far the ascent is (0–1), for the progress bar."""
        return self.step / max(self.steps, 1)


def featvis_jitter(spec: InputSpec) -> int:
    """The jitter in pixels: 8 for inputs of 112 px and up, less for small ones (2 for MNIST)."""
    return max(1, min(8, min(spec.height, spec.width) // 14))


def report_every(steps: int) -> int:
    """Steps between redraws: about :data:`REPORTS` pictures per run."""
    return max(1, steps // REPORTS)


def make_featvis_compute(
    model: nn.Module, spec: InputSpec, target: Target, steps: int, seed: int = 0
) -> Compute:
    """A generator job yielding a :class:`FeatVisView` per report; the last is the finished picture.

    The target is checked when the job runs (an unknown layer or class ends it with an error).
    """
    from cnnviz.core.featvis import to_display, visualise

    def compute(should_stop: StopCheck, _report: Report) -> Iterator[FeatVisView]:
        ascent = visualise(
            model, spec, target, steps=steps, jitter=featvis_jitter(spec), seed=seed,
            should_stop=should_stop, report_every=report_every(steps),
        )  # fmt: skip
        for progress in ascent:
            picture = to_display(progress.image, spec.mean, spec.std)
            yield FeatVisView(progress.step, progress.steps, progress.objective, picture, target)

    return compute


def featvis_target(options: Options, top_class: int) -> Target:
    """What to maximise: the chosen unit (layer, channel), else the chosen class (or ``top_class``)."""
    from cnnviz.core.featvis import ClassTarget, UnitTarget

    if options.featvis_unit:
        return UnitTarget(options.layer, options.channel)
    return ClassTarget(top_class if options.target_class is None else int(options.target_class))


def target_name(target: Target, labels: list[str]) -> str:
    """The target in words: a class by its label, a unit by layer and channel."""
    from cnnviz.core.featvis import ClassTarget

    if isinstance(target, ClassTarget):
        k = target.class_index
        return QCoreApplication.translate("FeatVis", "class <b>{name}</b>").format(
            name=labels[k] if k < len(labels) else k
        )
    if target.position is None:
        text = QCoreApplication.translate("FeatVis", "channel <b>{channel}</b> of layer <b>{layer}</b>")
        return text.format(channel=target.channel, layer=target.layer)
    row, col = target.position
    text = QCoreApplication.translate(
        "FeatVis", "unit {row},{col} of channel <b>{channel}</b> of layer <b>{layer}</b>"
    )
    return text.format(row=row, col=col, channel=target.channel, layer=target.layer)


def describe_featvis(view: FeatVisView, labels: list[str], stopped: bool = False) -> str:
    """One line: what is maximised, how far the ascent is and the objective's value."""
    from cnnviz.core.featvis import ClassTarget

    if isinstance(view.target, ClassTarget):
        what = QCoreApplication.translate("FeatVis", "logit")
    else:
        what = QCoreApplication.translate("FeatVis", "activation")
    text = QCoreApplication.translate(
        "FeatVis", "<b>Feature visualisation</b> of {target}: step {step} of {steps}, {what} {value}"
    ).format(
        target=target_name(view.target, labels),
        step=view.step,
        steps=view.steps,
        what=what,
        value=f"{view.objective:.4g}",
    )
    return text + (QCoreApplication.translate("FeatVis", " · stopped") if stopped else "")


FEATVIS_LEGEND = QT_TRANSLATE_NOOP(
    "FeatVis",
    "An input the target responds to strongly, grown by gradient ascent from faint noise "
    "(with jitter, scaling, blur and L2 decay); the drawn image plays no part.",
)


def featvis_legend() -> str:
    """:data:`FEATVIS_LEGEND` in the interface language."""
    return QCoreApplication.translate(CONTEXT, str(FEATVIS_LEGEND))
