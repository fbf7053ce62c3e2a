"""Loading a model off the GUI thread: heavy imports, weights, the layer table."""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from cnnviz.core.capabilities import Capability
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
    capabilities: list[Capability] = field(default_factory=list)


@dataclass(frozen=True)
class LoadRequest:
    """What to open: a source string, whether its code may run, which architecture a state_dict has."""

    source: str
    trust: bool = False
    arch_spec: dict[str, Any] | None = None


@dataclass(frozen=True)
class LoadFailure:
    """Why a load produced no model: one line for the user and the exception, for the dialogs."""

    generation: int
    request: LoadRequest
    message: str
    error: BaseException


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
    """Receptive fields and FLOPs; None when the model defeats the analysis (the table shows –).

    They depend only on the architecture and the input size, so a model built like one analysed
    recently (a fresh LeNet-5 at the start of training) reuses that analysis.
    """
    from cnnviz.core.flops import count_flops
    from cnnviz.core.receptive import receptive_fields

    key = architecture_key(bundle)
    if key in _RECENT_ANALYSES:
        return _RECENT_ANALYSES[key]
    try:
        found: Analysis | None = Analysis(
            receptive_fields(bundle.module, bundle.spec.shape), count_flops(bundle.module, bundle.spec.shape)
        )
    except (RuntimeError, ValueError, TypeError) as exc:
        print(f"cnnviz: no receptive fields for {bundle.name}: {exc}")
        found = None
    _RECENT_ANALYSES[key] = found
    while len(_RECENT_ANALYSES) > RECENT_ANALYSES:
        del _RECENT_ANALYSES[next(iter(_RECENT_ANALYSES))]
    return found


def architecture_key(bundle: ModelBundle) -> tuple[object, ...]:
    """What the analysis depends on: the layers as printed, the classes that run them (their
    ``forward``) and the input shape."""
    module = bundle.module
    return repr(module), tuple(id(type(m)) for m in module.modules()), tuple(bundle.spec.shape)


RECENT_ANALYSES = 4
_RECENT_ANALYSES: dict[tuple[object, ...], Analysis | None] = {}


class ModelLoader(QThread):
    """Imports torch (the first time), opens a model, and tabulates its layers.

    ``progress`` reports a download (generation, message, fraction); :meth:`cancel`
    stops it at its next block. ``failed`` carries a :class:`LoadFailure`.
    """

    loaded = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str, float)

    def __init__(self, request: LoadRequest | str, generation: int) -> None:
        super().__init__()
        self.setObjectName("cnnviz-loader")
        self.request = request if isinstance(request, LoadRequest) else LoadRequest(request)
        self.source = self.request.source
        self.generation = generation
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop a download at its next block (the result is then a failure nobody listens to)."""
        self._cancel.set()

    def run(self) -> None:
        """Thread body."""
        start = time.perf_counter()
        try:
            from cnnviz.core.device import available_devices
            from cnnviz.core.huge_pages import back_with_huge_pages
            from cnnviz.core.summary import summarize

            prepare_process(self._cancel)
            bundle = self._open()
            summary = summarize(bundle)
            devices = available_devices()
            analysis = analyse(bundle)
            found = model_capabilities(bundle)
            back_with_huge_pages(bundle.module)  # in the background: faster forwards soon after
        except Exception as exc:  # every failure becomes one message for the user
            self._fail(exc)
            return
        seconds = time.perf_counter() - start
        self.loaded.emit(LoadedModel(self.generation, bundle, summary, devices, seconds, analysis, found))

    def _open(self) -> ModelBundle:
        """The bundle: torchvision models with download progress and cancel, anything else by source."""
        from cnnviz.core.sources import load_model
        from cnnviz.core.zoo import is_zoo_source

        request = self.request
        if not is_zoo_source(request.source):
            return load_model(request.source, trust=request.trust, arch_spec=request.arch_spec)
        from cnnviz.core.zoo import load_zoo, parse_zoo_source

        name, pretrained = parse_zoo_source(request.source)
        return load_zoo(name, pretrained, self._report, self._cancel.is_set)

    def _report(self, message: str, fraction: float) -> None:
        self.progress.emit(self.generation, message, fraction)

    def _fail(self, exc: Exception) -> None:
        from cnnviz.core.datasets import DatasetCancelled
        from cnnviz.core.transfer import PretrainedUnavailable

        if not isinstance(exc, (ValueError, PretrainedUnavailable, DatasetCancelled)):
            traceback.print_exc()
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self.failed.emit(LoadFailure(self.generation, self.request, message, exc))


def model_capabilities(bundle: ModelBundle) -> list[Capability]:
    """Which panels and methods work for the model; empty (unknown) when the probe itself fails."""
    from cnnviz.core.capabilities import capabilities

    try:
        return capabilities(bundle)
    except Exception:  # the probe must never cost the user the model
        traceback.print_exc()
        return []


def prepare_process(stop: threading.Event | None = None) -> None:
    """The first load's preparation, before any model exists: the heavy imports, then the GUI
    thread collects and freezes everything alive (see :mod:`cnnviz.gui.gui_gc`), so that the
    models opened later stay collectable and the imports never slow a collection again."""
    global _PREPARED
    if _PREPARED:
        return
    warm_up()
    import torchvision  # noqa: F401  (the zoo, the summary, the analysis and the probe need it)

    import cnnviz.core.capabilities
    import cnnviz.core.flops
    import cnnviz.core.receptive
    import cnnviz.core.sources
    import cnnviz.core.zoo  # noqa: F401
    from cnnviz.gui.gui_gc import freeze_start_up_objects

    freeze_start_up_objects(stop)
    _PREPARED = True


_PREPARED = False


def warm_up() -> None:
    """Pay lazy imports here, while "Loading model…" shows, not when training starts.

    The first optimiser in a process imports torch._dynamo (about 1.3 s); done in
    the training worker it would stall the GUI thread for 100–180 ms.
    """
    from cnnviz.core.training import warm_up_optimizers

    warm_up_optimizers()
