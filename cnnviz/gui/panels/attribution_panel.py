"""Attribution panel: which input pixels matter for a class — Grad-CAM, gradients, occlusion.

Choose a method, a class (default: the model's top class) and, for Grad-CAM, a layer
(default: the last convolution). The fast methods (Grad-CAM, guided Grad-CAM, saliency,
guided backpropagation) follow every new image; the slow ones (SmoothGrad, integrated
gradients, occlusion) run when Run is pressed, with a progress bar and Cancel, occlusion
refining a coarse map; feature visualisation (from noise, the input unused) sharpens
live, Stop keeps it. The map is shown over the greyscale input and alone with a colour
bar: sequential (viridis) for maps ≥ 0, diverging (blue–white–red, symmetric about zero)
for signed ones. Work runs in an :class:`~cnnviz.gui.attribution_worker.AttributionWorker`
on a private twin of the model; stale results are dropped; a new image cancels a slow run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnviz.gui.attribution_worker import (
    AttributionWorker,
    Job,
    Outcome,
    Progress,
    make_twin,
    twin_is_current,
)
from cnnviz.gui.class_names import display_names
from cnnviz.gui.panels.attribution_controls import AttributionControls
from cnnviz.gui.panels.attribution_display import AttributionDisplay
from cnnviz.gui.panels.attribution_methods import AttributionView, describe, last_conv, make_compute
from cnnviz.gui.panels.attribution_run_bar import AttributionRunBar
from cnnviz.gui.panels.attribution_views import OnScreen
from cnnviz.gui.panels.featvis_job import FeatVisView, describe_featvis, featvis_target, make_featvis_compute
from cnnviz.gui.panels.occlusion_job import describe_occlusion, make_occlusion_compute
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

WAITING = QT_TRANSLATE_NOOP("AttributionPanel", "Draw or open an image to see which pixels matter.")


def waiting_text() -> str:
    """:data:`WAITING` in the interface language."""
    return QCoreApplication.translate("AttributionPanel", str(WAITING))


class AttributionPanel(QWidget):
    """Method, class and layer choosers, Run/Cancel with progress, the map over the input and alone."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributionPanel")
        self.session = session
        self.twin: nn.Module | None = None
        self.latest_id = 0
        self.running = False
        self.shown: AttributionView | None = None
        self.featvis_shown: FeatVisView | None = None  # feature visualisation's latest picture
        self.shown_context: tuple[object, ...] | None = None  # model, weights, input of the shown map
        self._picture: np.ndarray | None = None
        self._layer_shapes: dict[str, tuple[int, ...]] = {}
        self._dirty = True
        self.worker = AttributionWorker("cnnviz-attribution")
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.on_screen = OnScreen(self)
        self.on_screen.appeared.connect(self._on_appeared)
        self._build()
        session.model_changed.connect(self._on_model)
        session.result_ready.connect(self._on_result)
        session.input_problem.connect(self._on_problem)
        session.unit_selected.connect(self._on_unit)
        if session.bundle is not None:
            self._on_model(session.bundle)

    def _build(self) -> None:
        self.controls = AttributionControls()
        self.controls.changed.connect(self._on_options)
        self.controls.featvis_target.currentIndexChanged.connect(self._on_unit)  # to a unit: the selected
        self.run_bar = AttributionRunBar()
        self.run_button, self.cancel_button = self.run_bar.run_button, self.run_bar.cancel_button
        self.progress, self.alpha = self.run_bar.progress, self.run_bar.alpha
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.alpha.valueChanged.connect(self._set_alpha)
        self.banner = MessageBanner()
        self.info = QLabel(waiting_text())
        self.info.setWordWrap(True)
        self.display = AttributionDisplay()
        self.overlay_pane, self.raw_pane = self.display.overlay_pane, self.display.raw_pane
        self.legend = self.display.legend
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.run_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addWidget(self.display, 1)

    def _set_alpha(self, value: int) -> None:
        self.display.set_alpha(value / 100.0)

    # -- following the session -----------------------------------------------------------------
    def _on_model(self, bundle: ModelBundle) -> None:
        self._invalidate(waiting_text())
        self.banner.hide()
        try:
            self.twin = make_twin(bundle.module)
        except Exception as exc:  # a user model that cannot be copied: say so, keep the app running
            self.twin = None
            error = f"{type(exc).__name__}: {exc}"
            self.banner.show_error(self.tr("Attribution cannot copy this model: {error}").format(error=error))
        summary = self.session.summary
        rows = [] if summary is None else [(r.name, r.type_name, r.output_shape) for r in summary.rows]
        self._layer_shapes = {name: shape for name, _kind, shape in rows if len(shape) == 3}
        layers = list(self._layer_shapes)
        self.controls.set_model(display_names(bundle.labels), layers, last_conv(rows), bundle.spec.height)
        self._update_buttons()

    def _on_result(self, result: InferenceResult) -> None:
        if self.controls.target.count() <= 1:  # a model without labels: number its classes
            self.controls.set_classes([str(k) for k in range(len(result.probabilities))])
        if self._featvis():
            return  # feature visualisation starts from noise: the input plays no part
        if self._context(result) == self.shown_context:
            return  # a new layer or device, the same input and weights: what is shown stays right
        self._dirty = True
        if not self.controls.current_method().slow:
            self.refresh()
        elif self.running:
            self._invalidate(
                self.tr("The input changed, so the run was stopped. {next}").format(next=self._press_run())
            )
        elif self.shown is not None:
            self._invalidate(self.tr("The input changed. {next}").format(next=self._press_run()))
        elif self.info.text() == waiting_text():  # the first image: say what to do (keep any other note)
            self.info.setText(self._press_run())

    def _context(self, result: InferenceResult) -> tuple[object, ...]:
        """What a map depends on besides the choices: model, weights and input."""
        return (id(self.session.bundle), self.session.weights_label, result.model_input.tobytes())

    def _on_problem(self, message: str) -> None:
        if not self._featvis():  # feature visualisation does not read the input
            self._invalidate(f"{message}\n{waiting_text()}")

    def _featvis(self) -> bool:
        return self.controls.current_method().key == "featvis"

    def _on_unit(self, _unit: object = None) -> None:
        """Feature visualisation's unit follows the layer and channel selected elsewhere (unless running)."""
        if self._featvis() and self.controls.featvis_unit() and not self.running:
            self.controls.set_unit(self.session.layer, self.session.unit_channel, self._layer_shapes)

    def _on_options(self) -> None:
        shape = self._layer_shapes.get(self.controls.layer.currentText())
        if shape is not None:
            self.controls.set_channel_count(shape[0])
        self._update_buttons()
        if self.controls.current_method().slow:
            self._invalidate(self._press_run())
        else:
            self._dirty = True
            self.refresh()

    def _on_appeared(self) -> None:
        """Catch up with what changed while the panel was hidden."""
        if self._dirty and not self.controls.current_method().slow:
            self.refresh()

    def _press_run(self) -> str:
        text = self.tr("Press Run to compute {method} (it takes a while: progress below, Cancel stops it).")
        return text.format(method=self.controls.current_method().shown_title)

    def _invalidate(self, message: str) -> None:
        """Forget what is shown and stop what runs; answers still on their way are stale."""
        self.latest_id += 1
        self.worker.cancel()
        self._set_running(False)
        self.shown, self.shown_context, self.featvis_shown = None, None, None
        self.display.clear()
        self.info.setText(message)

    # -- running -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute a fast method for the current input (only while visible)."""
        if not self.on_screen:
            self._dirty = True
            return
        if not self.controls.current_method().slow:
            self.run()

    def run(self) -> None:
        """Start the chosen method on the current input; a run already going is replaced."""
        result, bundle = self.session.result, self.session.bundle
        if bundle is None or self.twin is None or (result is None and not self._featvis()):
            return
        if not twin_is_current(self.twin):
            self.twin = make_twin(bundle.module)
        options = self.controls.options_now()
        self._dirty = False
        self.latest_id += 1
        if options.method == "featvis":  # from noise: the input only says which class is on top
            target = featvis_target(options, 0 if result is None else int(np.argmax(result.probabilities)))
            compute = make_featvis_compute(self.twin, bundle.spec, target, options.featvis_steps)
        else:
            assert result is not None
            from cnnviz.core.heatmaps import input_to_rgb

            self.shown_context = self._context(result)
            self._picture = input_to_rgb(result.model_input, bundle.spec.mean, bundle.spec.std)
            if options.method == "occlusion":
                compute = make_occlusion_compute(self.twin, result.model_input, options, bundle.spec.mean)
            else:
                compute = make_compute(self.twin, result.model_input, options)
        # the older answer would be stale; the twin's layers stop a cancelled forward pass at once
        self.worker.submit(Job(self.latest_id, compute, supersede=True, model=self.twin))
        self._set_running(True)

    def cancel(self) -> None:
        """Stop the running method; nothing it computed is shown (feature visualisation keeps its image)."""
        if self.running and self.featvis_shown is not None and self._featvis():
            self.latest_id += 1
            self.worker.cancel()
            self._set_running(False)
            self.show_featvis(self.featvis_shown, stopped=True)
        elif self.running:
            self._invalidate(self.tr("Cancelled. {next}").format(next=self._press_run()))

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.run_bar.set_running(running)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.run_bar.show_method(self.twin is not None, self.controls.current_method().slow, self._featvis())

    def _on_progress(self, progress: Progress) -> None:
        if progress.request_id != self.latest_id:
            return
        self.progress.setValue(round(1000 * progress.fraction))
        if isinstance(progress.partial, AttributionView):
            self.show_view(progress.partial)
        elif isinstance(progress.partial, FeatVisView):
            self.show_featvis(progress.partial)

    def _on_done(self, outcome: Outcome) -> None:
        if outcome.request_id != self.latest_id:
            return  # stale: the image, model or a choice changed since it was asked for
        self._set_running(False)
        if outcome.cancelled:
            return
        if not outcome.ok:
            text = self.tr("{method} failed: {error}")
            self.banner.show_error(
                text.format(method=self.controls.current_method().shown_title, error=outcome.error)
            )
            return
        self.banner.hide()
        if isinstance(outcome.value, FeatVisView):
            self.show_featvis(outcome.value)
        elif isinstance(outcome.value, AttributionView):
            self.show_view(outcome.value)

    def _labels(self) -> list[str]:
        """The model's class names as shown (built-in ones in the interface language)."""
        return display_names(self.session.bundle.labels) if self.session.bundle is not None else []

    # -- drawing -------------------------------------------------------------------------------
    def show_featvis(self, view: FeatVisView, stopped: bool = False) -> None:
        """Draw a feature visualisation picture on its own, with what it maximises."""
        self.featvis_shown = view
        self.display.show_featvis(view)
        self.info.setText(describe_featvis(view, self._labels(), stopped))

    def show_view(self, view: AttributionView) -> None:
        """Draw a map over the input and on its own, with its legend."""
        if self._picture is None:
            return
        self.shown = view
        labels = self._labels()
        self.display.show_view(view, self._picture, self.run_bar.opacity(), labels)
        k = view.target_class
        name = labels[k] if k < len(labels) else str(k)
        if view.method == "occlusion":
            self.info.setText(describe_occlusion(view, name, labels))
        else:
            self.info.setText(describe(view, self.controls.current_method().shown_title, name))
