"""Loading a model off the GUI thread: heavy imports, weights, the layer table."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from cnnviz.core.flops import FlopsReport
    from cnnviz.core.receptive import ReceptiveFields
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import ModelSummary


@dataclass
class LoadedModel:
    """What a load produces: the model, its layer table, and the devices available."""

    generation: int
    bundle: ModelBundle
    summary: ModelSummary
    devices: list[str]
    seconds: float
    analysis: Analysis | None = None


@dataclass
class Analysis:
    """Receptive fields and FLOPs of every layer for the model's input size."""

    fields: ReceptiveFields
    flops: FlopsReport
    field_of: dict[str, Any] = field(default_factory=dict)  # layer name → LayerField, built once
    flops_of: dict[str, Any] = field(default_factory=dict)  # layer name → LayerFlops

    def __post_init__(self) -> None:
        self.field_of = self.fields.by_name()
        self.flops_of = self.flops.by_name()


def analyse(bundle: ModelBundle) -> Analysis | None:
    """Receptive fields and FLOPs; None when the model defeats the analysis (the table shows –)."""
    from cnnviz.core.flops import count_flops
    from cnnviz.core.receptive import receptive_fields

    try:
        return Analysis(
            receptive_fields(bundle.module, bundle.spec.shape), count_flops(bundle.module, bundle.spec.shape)
        )
    except (RuntimeError, ValueError, TypeError) as exc:
        print(f"cnnviz: no receptive fields for {bundle.name}: {exc}")
        return None


class ModelLoader(QThread):
    """Imports torch (the first time), opens a model, and tabulates its layers."""

    loaded = Signal(object)
    failed = Signal(int, str)

    def __init__(self, source: str, generation: int) -> None:
        super().__init__()
        self.setObjectName("cnnviz-loader")
        self.source = source
        self.generation = generation

    def run(self) -> None:
        """Thread body."""
        start = time.perf_counter()
        try:
            from cnnviz.core.device import available_devices
            from cnnviz.core.sources import load_model
            from cnnviz.core.summary import summarize

            bundle = load_model(self.source)
            summary = summarize(bundle)
            devices = available_devices()
            analysis = analyse(bundle)
            warm_up()
        except Exception as exc:  # every failure becomes one message for the user
            if not isinstance(exc, ValueError):
                traceback.print_exc()
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.failed.emit(self.generation, message)
            return
        seconds = time.perf_counter() - start
        self.loaded.emit(LoadedModel(self.generation, bundle, summary, devices, seconds, analysis))


def warm_up() -> None:
    """Pay lazy imports here, while "Loading model…" shows, not when training starts.

    The first optimiser in a process imports torch._dynamo (about 1.3 s); done in
    the training worker it would stall the GUI thread for 100–180 ms.
    """
    from cnnviz.core.training import warm_up_optimizers

    warm_up_optimizers()
