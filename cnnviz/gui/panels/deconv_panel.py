"""Deconvnet panel: one unit's activation projected back to pixel space (Zeiler & Fergus 2014).

It follows the selected layer and unit: click a unit in the Activations panel's
enlarged map, or press "Strongest in this map" for the channel chosen here. Beside
the projection (zero grey, :func:`~cnnviz.core.deconvnet.projection_to_display`) it
shows the part of the input the unit sees, its activation and where it sits. The
projection is computed by :func:`~cnnviz.core.deconvnet.deconv_projection` in an
:class:`~cnnviz.gui.attribution_worker.AttributionWorker` on a private twin of the
model, only while the panel is visible; a new image queues a recomputation and only
the newest is computed and shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from cnnviz.gui.attribution_worker import (
    AttributionWorker,
    Compute,
    Job,
    Outcome,
    make_twin,
    twin_is_current,
)
from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.attribution_views import ImagePane, OnScreen, to_uint8
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from torch import nn

    from cnnviz.core.deconvnet import Projection
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle

WAITING = QT_TRANSLATE_NOOP(
    "DeconvPanel", "Draw or open an image, then click a unit in the Activations panel's enlarged map."
)
Choice = tuple[int, int] | Literal["strongest"]


@dataclass(frozen=True)
class DeconvView:
    """What the panel shows: the projection and the two pictures of the unit's field."""

    projection: Projection
    input_crop: np.ndarray  # H×W×3 uint8, the input inside the unit's receptive field
    projection_crop: np.ndarray  # H×W×3 uint8, the projection there (zero grey)
    strongest: bool
    model_input: np.ndarray  # the input it was computed for


class DeconvPanel(QWidget):
    """The selected unit's deconvnet projection beside the input it sees."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deconvPanel")
        self.session = session
        self.twin: nn.Module | None = None
        self.channel: int | None = None  # None: the most active channel of the layer
        self.choice: Choice = "strongest"
        self.latest_id = 0
        self.shown: DeconvView | None = None
        self._dirty = True
        self.worker = AttributionWorker("cnnviz-deconv")
        self.worker.done.connect(self._on_done)
        self.on_screen = OnScreen(self)
        self.on_screen.appeared.connect(self._on_appeared)
        self._build()
        session.model_changed.connect(self._on_model)
        session.layer_selected.connect(self._on_layer)
        session.unit_selected.connect(self._on_unit)
        session.result_ready.connect(self._on_result)
        session.input_problem.connect(self._on_problem)
        if session.bundle is not None:
            self._on_model(session.bundle)

    def _build(self) -> None:
        self.title = QLabel("")
        set_relative_font(self.title, 1.2, bold=True)
        self.channel_box = QSpinBox()
        self.channel_box.setObjectName("deconvChannel")
        self.channel_box.setToolTip(self.tr("The feature map (or unit of a vector layer) to project from"))
        self.channel_box.valueChanged.connect(self._on_channel_chosen)
        self.strongest = QPushButton(self.tr("Strongest in this map"))
        self.strongest.setToolTip(self.tr("Project the largest activation of the chosen feature map"))
        self.strongest.clicked.connect(self.pick_strongest)
        controls = QHBoxLayout()
        controls.addWidget(self.title, 1)
        controls.addWidget(QLabel(self.tr("Channel")))
        controls.addWidget(self.channel_box)
        controls.addWidget(self.strongest)
        self.banner = MessageBanner()
        self.info = QLabel(self._waiting())
        self.info.setWordWrap(True)
        self.input_pane = ImagePane(self.tr("Input the unit sees"))
        self.projection_pane = ImagePane(self.tr("Deconvnet projection"))
        pictures = QHBoxLayout()
        pictures.addWidget(self.input_pane, 1)
        pictures.addWidget(self.projection_pane, 1)
        legend = QLabel(
            self.tr("Projection: grey is zero; lighter and darker show the pixels that drive the unit.")
        )
        legend.setWordWrap(True)
        set_relative_font(legend, 0.9)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addLayout(pictures, 1)
        layout.addWidget(legend)

    # -- following the session ---------------------------------------------------------------
    def _on_model(self, bundle: ModelBundle) -> None:
        self._invalidate(self._waiting())
        self.banner.hide()
        try:
            self.twin = make_twin(bundle.module)
        except Exception as exc:  # a user model that cannot be copied: say so, keep the app running
            self.twin = None
            error = f"{type(exc).__name__}: {exc}"
            self.banner.show_error(
                self.tr("The deconvnet cannot copy this model: {error}").format(error=error)
            )
        self._on_layer(self.session.layer)

    def _on_layer(self, name: str) -> None:
        self.channel, self.choice = None, "strongest"
        self.title.setText(name)
        self.refresh()

    def _on_unit(self, unit: tuple[str, int, int] | None) -> None:
        if unit is None or unit[0] != self.session.layer:
            return
        if self.session.unit_channel is not None:
            self.channel = self.session.unit_channel
        self.choice = (unit[1], unit[2])
        self.refresh()

    def _on_result(self, _result: InferenceResult) -> None:
        self._dirty = True
        self.refresh()

    def _on_problem(self, message: str) -> None:
        self._invalidate(f"{message}\n{self._waiting()}")

    @staticmethod
    def _waiting() -> str:
        return QCoreApplication.translate("DeconvPanel", str(WAITING))

    def _on_channel_chosen(self, channel: int) -> None:
        self.channel = channel
        self.refresh()

    def pick_strongest(self) -> None:
        """Project the largest activation of the chosen map."""
        self.choice = "strongest"
        self.refresh()

    def _on_appeared(self) -> None:
        """Catch up with what changed while the panel was hidden."""
        if self._dirty:
            self.refresh()

    def _invalidate(self, message: str) -> None:
        """Forget what is shown; results still on their way are stale."""
        self.latest_id += 1
        self.worker.cancel()
        self.shown = None
        self.input_pane.clear()
        self.projection_pane.clear()
        self.info.setText(message)

    # -- computation -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Queue the projection of the chosen unit for the current result (only while visible)."""
        result, bundle = self.session.result, self.session.bundle
        if not self.on_screen or self.twin is None or bundle is None:
            self._dirty = True
            return
        activation = None if result is None else result.activations.get(self.session.layer)
        if result is None or activation is None:
            return
        self._dirty = False
        channel = self._set_channel_range(activation)
        if not twin_is_current(self.twin):
            self.twin = make_twin(bundle.module)
        self.latest_id += 1
        self.worker.submit(Job(self.latest_id, self._job(result, bundle, channel, activation.ndim == 3)))

    def _set_channel_range(self, activation: np.ndarray) -> int:
        """Fit the channel chooser to the layer; the chosen channel, or else the most active one."""
        count = int(activation.shape[0]) if activation.ndim == 3 else int(activation.size)
        if self.channel is not None and self.channel >= count:
            self.channel = None
        channel = self.channel
        if channel is None:  # until one is chosen, follow the most active channel of each image
            flat = activation.reshape(count, -1) if activation.ndim == 3 else activation.reshape(count, 1)
            channel = int(np.argmax(flat.max(axis=1)))
        self.channel_box.blockSignals(True)
        self.channel_box.setRange(0, count - 1)
        self.channel_box.setValue(channel)
        self.channel_box.blockSignals(False)
        self.strongest.setEnabled(activation.ndim == 3)
        return channel

    def _job(self, result: InferenceResult, bundle: ModelBundle, channel: int, spatial: bool) -> Compute:
        """The computation, bound to copies of everything it reads (it runs in the worker)."""
        from cnnviz.core.deconvnet import crop_box, deconv_projection, projection_to_display
        from cnnviz.core.heatmaps import input_to_rgb

        twin, layer, x = self.twin, self.session.layer, result.model_input.copy()
        choice = self.choice if spatial else None
        analysis, mean, std = self.session.analysis, bundle.spec.mean, bundle.spec.std
        fields = analysis.fields if analysis is not None else None
        assert twin is not None

        def compute(_should_stop: object, _report: object) -> DeconvView:
            projection = deconv_projection(twin, x, layer, channel, choice, fields)
            picture = to_uint8(input_to_rgb(crop_box(x, projection.box), mean, std))
            shown = projection_to_display(crop_box(projection.image, projection.box))
            return DeconvView(projection, picture, shown, choice == "strongest", x)

        return compute

    def _on_done(self, outcome: Outcome) -> None:
        if outcome.request_id != self.latest_id or outcome.cancelled:
            return  # stale: the image, layer, unit or model changed since it was asked for
        if not outcome.ok:
            self.banner.show_error(self.tr("No projection: {error}").format(error=outcome.error))
            return
        self.banner.hide()
        view = outcome.value
        assert isinstance(view, DeconvView)
        self.show_view(view)

    def show_view(self, view: DeconvView) -> None:
        """Draw a computed projection and describe the unit."""
        self.shown = view
        self.input_pane.show_rgb(view.input_crop)
        self.projection_pane.show_rgb(view.projection_crop)
        self.info.setText(describe(view, self.session.analysis is not None))


def describe(view: DeconvView, has_fields: bool) -> str:
    """One paragraph: layer, unit, activation and the input region it sees."""
    p = view.projection
    if p.position is None:
        unit = QCoreApplication.translate("DeconvPanel", "unit {channel}").format(channel=p.channel)
    elif view.strongest:
        unit = QCoreApplication.translate(
            "DeconvPanel", "unit (channel {channel}, row {row}, col {col}), the strongest in this map"
        ).format(channel=p.channel, row=p.position[0], col=p.position[1])
    else:
        unit = QCoreApplication.translate(
            "DeconvPanel", "unit (channel {channel}, row {row}, col {col})"
        ).format(channel=p.channel, row=p.position[0], col=p.position[1])
    top, left, bottom, right = p.box
    if has_fields:
        seen = QCoreApplication.translate(
            "DeconvPanel", "sees rows {top}–{bottom}, cols {left}–{right}"
        ).format(top=top, bottom=bottom - 1, left=left, right=right - 1)
    else:
        seen = QCoreApplication.translate("DeconvPanel", "sees the input")
    return QCoreApplication.translate(
        "DeconvPanel", "<b>{layer}</b> · {unit} · activation <b>{value}</b> · {seen}"
    ).format(layer=p.layer, unit=unit, value=f"{p.activation:.4g}", seen=seen)
