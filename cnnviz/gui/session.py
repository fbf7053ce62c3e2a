"""The one shared state of a window: model, input, selected layer, device, latest result.

Panels read from it and write back only through its methods; every change is
announced with a signal. Results carry the id of the request they answer and
stale ones are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from cnnviz.gui.inference_worker import Failure, InferenceWorker, Job
from cnnviz.gui.loader import Analysis, LoadedModel, LoadFailure, LoadRequest, ModelLoader, analyse

if TYPE_CHECKING:
    from cnnviz.core.capabilities import Capability
    from cnnviz.core.datasets import Dataset
    from cnnviz.core.filters import FilterBank
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.preprocess import Invert
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import ModelSummary


BLANK_CANVAS = np.zeros((280, 280, 3), dtype=np.float32)


class Session(QObject):
    """Shared state with change signals; owns the inference worker and the loader."""

    model_loading = Signal(str)
    model_failed = Signal(str)
    load_problem = Signal(object)  # LoadFailure: the exception decides which question to ask
    load_progress = Signal(str, float)
    load_cancelled = Signal(str)
    model_changed = Signal(object)
    image_changed = Signal()
    layer_selected = Signal(str)
    device_changed = Signal(str)
    devices_changed = Signal(list)
    result_ready = Signal(object)
    input_problem = Signal(str)
    weights_changed = Signal(str)
    dataset_changed = Signal(object)
    training_changed = Signal(bool)
    filters_changed = Signal(object)
    unit_selected = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bundle: ModelBundle | None = None
        self.summary: ModelSummary | None = None
        self.image: np.ndarray | None = None
        self.invert: Invert = "auto"
        self.layer: str = ""
        self.device = ""
        self.devices: list[str] = ["cpu"]
        self.result: InferenceResult | None = None
        self.dataset: Dataset | None = None
        self.training = False
        self.weights_label = ""
        self.filters: FilterBank | None = None
        self.analysis: Analysis | None = None
        self.unit: tuple[str, int, int] | None = None
        self.capabilities: list[Capability] = []  # empty: not probed (every panel tries)
        self.functional = False
        self._loading: ModelLoader | None = None
        self.unit_channel: int | None = None
        self._inputs_wanted: dict[str, frozenset[str]] = {}
        self._next_id = 0
        self._latest_id = -1
        self._shown_id = -1
        self._first_valid_id = 0
        self._loaders: list[ModelLoader] = []
        self._generation = 0
        self._worker = InferenceWorker()
        self._worker.result_ready.connect(self._on_result)
        self._worker.failed.connect(self._on_failure)
        self._worker.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- model -----------------------------------------------------------
    def load_model(self, source: str, trust: bool = False, arch_spec: dict[str, Any] | None = None) -> None:
        """Open a built-in name, ``zoo:NAME[:pretrained]`` or a model file in the background.

        ``trust`` lets a file run its code; ``arch_spec`` is the architecture chosen for a state_dict.
        """
        self._loaders = [old for old in self._loaders if old.isRunning()]
        self._generation += 1  # a newer choice wins; an older load finishes unheard
        loader = ModelLoader(LoadRequest(source, trust, arch_spec), self._generation)
        loader.loaded.connect(self._on_loaded)
        loader.failed.connect(self._on_load_failed)
        loader.progress.connect(self._on_load_progress)
        self._loaders.append(loader)
        self._loading = loader
        self.model_loading.emit(source)
        loader.start()

    def cancel_loading(self) -> None:
        """Give up the load in progress (a download stops at its next block); the previous model stays."""
        loader, self._loading = self._loading, None
        if loader is None:
            return
        loader.cancel()
        self._generation += 1  # whatever it still produces goes unheard
        self.load_cancelled.emit(loader.source)
        self.request()

    def _on_load_progress(self, generation: int, message: str, fraction: float) -> None:
        if generation == self._generation:
            self.load_progress.emit(message, fraction)

    def _on_load_failed(self, failure: LoadFailure) -> None:
        if failure.generation == self._generation:
            self._loading = None
            self.model_failed.emit(failure.message)
            self.load_problem.emit(failure)
            self.request()  # the previous model, if any, stays and is shown again

    def _on_loaded(self, loaded: LoadedModel) -> None:
        if loaded.generation != self._generation:
            return
        keep_gui_thread_teamless()
        self._loading = None
        self.capabilities = loaded.capabilities
        self.devices = loaded.devices
        self.devices_changed.emit(self.devices)
        if self.device not in loaded.devices:
            self.device = loaded.devices[0]
            self.device_changed.emit(self.device)
        self.analysis = loaded.analysis
        self.set_model(loaded.bundle, loaded.summary)

    def set_model(self, bundle: ModelBundle, summary: ModelSummary) -> None:
        """Make ``bundle`` the current model and select its first layer with maps."""
        self.bundle, self.summary, self.result = bundle, summary, None
        self._drop_answers_in_flight()  # results for an earlier model are stale
        self.layer = default_layer(summary)
        self.model_changed.emit(bundle)
        self.layer_selected.emit(self.layer)
        self.request()

    # -- input, layer, device ----------------------------------------------
    def set_image(self, image: np.ndarray) -> None:
        """A new raw input image (H×W×3 float in [0, 1])."""
        self.image = image
        self.image_changed.emit()
        self.request()

    def set_invert(self, invert: Invert) -> None:
        """Override the automatic light/dark polarity decision."""
        self.invert = invert
        self.request()

    def select_layer(self, name: str) -> None:
        """Select a layer everywhere."""
        if name == self.layer:
            return
        self.layer = name
        self.unit = None
        self.unit_selected.emit(None)
        self.layer_selected.emit(name)
        self._drop_answers_in_flight()  # they hold another layer's maps and filters
        self.request()

    def select_unit(self, row: int, col: int, channel: int | None = None) -> None:
        """A unit of the selected layer's map was clicked: its input region is outlined.

        ``channel`` is the map it was clicked in, when known (kept as ``unit_channel``).
        """
        self.unit = (self.layer, row, col)
        self.unit_channel = channel
        self.unit_selected.emit(self.unit)

    def unit_region(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the input the selected unit sees, if known."""
        if self.unit is None or self.analysis is None or self.bundle is None:
            return None
        from cnnviz.core.receptive import unit_region

        layer, row, col = self.unit
        field = self.analysis.field_of.get(layer)
        if field is None or field.whole_input:
            return None
        return unit_region(field, row, col, self.analysis.fields.input_hw)

    def set_device(self, device: str) -> None:
        """Run the model on ``device`` from the next request on."""
        if device == self.device:
            return
        self.device = device
        self.device_changed.emit(device)
        self._drop_answers_in_flight()
        self.request()

    # -- training ----------------------------------------------------------
    def bundle_module(self) -> object:
        """The current model's module (None before one is loaded)."""
        return self.bundle.module if self.bundle is not None else None

    def show_model(
        self,
        bundle: ModelBundle,
        capabilities: list[Capability] | None = None,
        described: tuple[Analysis | None, ModelSummary] | None = None,
    ) -> None:
        """Make an in-memory model current (e.g. the display copy of a model being trained);
        ``capabilities`` when known (none: not probed); ``described``: its :func:`describe` when
        already made."""
        keep_gui_thread_teamless()
        self.analysis, summary = described or describe(bundle)
        self.capabilities = list(capabilities or [])
        self.set_model(bundle, summary)

    def unavailable(self, name: str) -> str:
        """Why panel or method ``name`` (a capabilities name) cannot work for this model; "" if it can."""
        found = next((c for c in self.capabilities if c.name == name), None)
        return found.reason if found is not None and not found.available else ""

    def set_functional(self, on: bool) -> None:
        """Record functional operations (``x + y``, ``F.relu``) as layers too, or not."""
        self.functional = on
        names = {row.name for row in self.summary.rows} if self.summary is not None else set()
        if not on and self.summary is not None and self.layer not in names:
            self.select_layer(default_layer(self.summary))  # a functional row is gone: back to a layer
        self._drop_answers_in_flight()
        self.request()

    def apply_weights(self, state: dict[str, Any], label: str) -> None:
        """Show the current model with other weights (a training snapshot)."""
        if self.bundle is None:
            return
        self._worker.set_weights(self.bundle.module, state)
        self.weights_label = label
        self.weights_changed.emit(label)
        self.request()

    def set_dataset(self, dataset: Dataset) -> None:
        """The data set of the current training run (the Input panel can sample it)."""
        self.dataset = dataset
        self.dataset_changed.emit(dataset)

    def set_training(self, running: bool) -> None:
        """Announce that a training run started or ended."""
        self.training = running
        self._worker.set_threads(1 if running else None)  # the training's threads get the cores
        self.training_changed.emit(running)

    # -- inference ---------------------------------------------------------
    def want_inputs(self, owner: str, layers: frozenset[str]) -> None:
        """Panel ``owner`` needs the input and output of ``layers`` in every result (empty: none);
        asks for a new result when that adds a layer."""
        before = frozenset().union(*self._inputs_wanted.values())
        self._inputs_wanted[owner] = layers
        if not layers <= before:
            self._drop_answers_in_flight()  # they lack the inputs this panel needs
            self.request()

    def request(self) -> int | None:
        """Queue a forward pass for the current state; returns its request id."""
        if self.bundle is None:
            return None
        from cnnviz.core.inference import InferenceRequest

        self._next_id += 1
        layers = frozenset({self.layer}) if self.layer else frozenset()
        image = self.image if self.image is not None else BLANK_CANVAS  # filters show before drawing
        with_inputs = frozenset().union(*self._inputs_wanted.values())
        request = InferenceRequest(self._next_id, image, layers, self.invert, with_inputs, self.functional)
        self._latest_id = self._next_id
        self._worker.submit(Job(self.bundle, request, self.device))
        return self._next_id

    def _drop_answers_in_flight(self) -> None:
        """Answers to requests made before now are stale: the model, layer, device or what a panel
        needs changed (a new input alone keeps them: while drawing, each shows as it arrives)."""
        self._first_valid_id = self._next_id + 1

    def is_stale(self, request_id: int) -> bool:
        """True for an answer older than the one on screen, or asked for before the model, layer or
        device changed."""
        return request_id <= self._shown_id or request_id < self._first_valid_id

    def _on_result(self, result: InferenceResult) -> None:
        if self.is_stale(result.request_id):
            return
        self._shown_id = result.request_id
        self.result = result
        self._show_filters(result.filters)
        self.result_ready.emit(result)

    def _on_failure(self, failure: Failure) -> None:
        if self.is_stale(failure.request_id):
            return
        self._shown_id = failure.request_id
        self.result = None
        self._show_filters(failure.filters)
        self.input_problem.emit(failure.message)

    def _show_filters(self, filters: FilterBank | None) -> None:
        """Announce the selected layer's filters when they changed (the worker reuses an unchanged
        bank, so an unchanged bank is not drawn again); "none" always (its message names the layer)."""
        if filters is None or filters is not self.filters:
            self.filters = filters
            self.filters_changed.emit(filters)

    def shutdown(self) -> None:
        """Stop the worker and any load in progress; safe to call more than once."""
        self._worker.stop()
        for loader in self._loaders:
            loader.cancel()  # nobody waits for its model any more
            loader.wait()
        self._loaders.clear()


def keep_gui_thread_teamless() -> None:
    """The GUI thread's torch operations (layer tables, small models) run on one thread: a team
    of OpenMP threads started here would live as long as the app and slow the workers' teams."""
    from cnnviz.core.threads import limit_this_thread

    limit_this_thread(1)


def describe(bundle: ModelBundle) -> tuple[Analysis | None, ModelSummary]:
    """A model's receptive fields and FLOPs, and its layer table (a forward pass)."""
    from cnnviz.core.summary import summarize

    return analyse(bundle), summarize(bundle)


def default_layer(summary: ModelSummary) -> str:
    """The first layer with spatial maps (the first convolution for a CNN)."""
    for row in summary.rows:
        if len(row.output_shape) == 3:
            return row.name
    return summary.rows[0].name if summary.rows else ""
