"""Top-9 panel: the strongest activations of every feature map over a data set, each unit's
receptive field beside its deconvnet projection (Zeiler & Fergus 2014, figure 2).

Scans run in a worker (progress, images/s, Cancel) with :func:`cnnviz.core.topk.scan_topk`
and are kept on disk by :mod:`cnnviz.core.topk_cache`, keyed by the weights and the data:
choosing a layer or data set looks for a kept scan first; a cancelled scan is saved and
"Resume" continues it. The controls row is :class:`~.topk_controls.TopKControls`, the channel
list and the grids are :class:`~.topk_grids.ChannelTops`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from cnnviz.gui.attribution_worker import AttributionWorker, Job, Outcome, Progress
from cnnviz.gui.numbers import grouped, grouped_count
from cnnviz.gui.panels.topk_controls import TopKControls
from cnnviz.gui.panels.topk_grids import ChannelTops
from cnnviz.gui.panels.topk_jobs import Probe, scan_job
from cnnviz.gui.session import Session

if TYPE_CHECKING:  # torch-heavy core modules load on first use, so the window paints first
    from cnnviz.core.topk import ScanProgress, TopKState
    from cnnviz.core.topk_views import Crop

DEFAULT_K = 9  # as cnnviz.core.topk.DEFAULT_K (checked in the tests)


class TopKPanel(QWidget):
    """Layer and data set choosers, Scan/Cancel/Resume, the channel list and the two 3×3 grids."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topkPanel")
        self.session = session
        self.cache_dir: Path = Path(platformdirs.user_cache_dir("cnnviz")) / "topk"  # as topk_cache
        self.k = DEFAULT_K
        self.batch_size: int | None = None  # None: scan_topk's default
        self.found: Probe | None = None  # images, key and kept scan of the current choice
        self.state: TopKState | None = None
        self.request_id = 0
        self.scanning = False
        self._stale = False  # choices changed while hidden: refresh when shown
        self.scan_worker = AttributionWorker("cnnviz-topk-scan")
        self.scan_worker.progress.connect(self._on_scan_progress)
        self.scan_worker.done.connect(self._on_scan_done)
        self._build()
        session.model_changed.connect(self._on_model)
        session.layer_selected.connect(self._on_layer)
        session.weights_changed.connect(self._on_weights)
        session.training_changed.connect(self._on_training)
        if session.bundle is not None:
            self._on_model(session.bundle)

    def _build(self) -> None:
        self.controls = c = TopKControls()
        self.layer_box, self.data_box, self.limit_box = c.layer_box, c.data_box, c.limit_box
        self.scan_button, self.cancel_button = c.scan_button, c.cancel_button
        self.resume_button, self.progress_bar = c.resume_button, c.progress_bar
        self.status = QLabel(self.tr("Choose a layer and a data set, then Scan."))
        self.status.setWordWrap(True)
        self.channels = ChannelTops()
        self.grids, self.channel_box = self.channels.grids, self.channels.channel_box
        self.projection_worker = self.channels.projection_worker
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.status)
        layout.addWidget(self.channels, 1)
        self.layer_box.activated.connect(self._on_layer_chosen)
        self.data_box.activated.connect(self._on_data_chosen)
        self.limit_box.editingFinished.connect(self.refresh)
        self.scan_button.clicked.connect(self.scan)
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(self.resume)
        self._set_buttons()

    # -- choices ---------------------------------------------------------------------------
    def _on_model(self, _bundle: object) -> None:
        self.controls.fill(self.session.bundle, self.session.summary)
        self._on_layer(self.session.layer)

    def _on_layer(self, name: str) -> None:
        index = self.layer_box.findText(name)
        if index >= 0 and index != self.layer_box.currentIndex():
            self.layer_box.setCurrentIndex(index)
        self.refresh()

    def _on_layer_chosen(self, _index: int) -> None:
        self.session.select_layer(self.layer_box.currentText())
        self.refresh()

    def _on_data_chosen(self, _index: int) -> None:
        if self.data_box.currentData() == "":
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Images to scan (one sub-folder per class)")
            )
            if not folder:
                self.data_box.setCurrentIndex(0)
            else:
                self.add_folder(folder)
        self.refresh()

    def add_folder(self, folder: str) -> None:
        """Offer ``folder`` (a class-per-sub-folder tree) as a data set and choose it."""
        self.controls.add_folder(folder)

    def data_title(self, key: str) -> str:
        """The data set ``key`` as the data box shows it (its translated title, a folder's name)."""
        return self.controls.data_title(key)

    def _on_weights(self, _label: str) -> None:
        self.refresh()

    def _on_training(self, running: bool) -> None:
        if running and self.scanning:
            self.cancel()
            self.status.setText(self.tr("Scan stopped: training changes the weights."))
        self._set_buttons()

    # -- work ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the chosen images and look for a kept scan of this model, data and layer.

        Not while the panel is hidden: that would generate a data set on every model load
        for a panel nobody looks at; it happens when the panel is shown.
        """
        self._stale = not self.isVisible()
        if not self._stale:
            self._submit(resume=None, scan=False)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with the choices made while hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def scan(self) -> None:
        """Scan the chosen data set afresh."""
        self._submit(resume=None, scan=True)

    def resume(self) -> None:
        """Continue the kept partial scan."""
        if self.state is not None and not self.state.complete:
            self._submit(resume=self.state, scan=True)

    def cancel(self) -> None:
        """Stop the scan; its partial state is saved and can be resumed."""
        started = self.scan_worker.running_id() == self.request_id
        self.scan_worker.cancel()
        if not started:  # dropped before it began: no outcome will come
            self.scanning = False
            self._set_buttons()

    def _submit(self, resume: TopKState | None, scan: bool) -> None:
        bundle, data, layer = self.session.bundle, self.controls.data_choice(), self.layer_box.currentText()
        if bundle is None or data is None or not layer:
            return
        if scan and self.session.training:
            self.status.setText(
                self.tr("Training is running: scan when it has stopped (a scan reads the weights).")
            )
            return
        self.request_id += 1
        self.scanning = scan
        images = self.found.images if self.found is not None and self.found.data == data else None
        job = scan_job(bundle, data, layer, self.k, self.cache_dir, images, resume, scan, self.batch_size)
        self.scan_worker.submit(Job(self.request_id, job, supersede=True))
        self.status.setText(self.tr("Scanning…") if scan else self.tr("Loading the images…"))
        self._set_buttons()

    def _on_scan_progress(self, progress: Progress) -> None:
        if progress.request_id != self.request_id:
            return
        item = progress.partial
        if isinstance(item, Probe):
            self.found = item
        elif item is not None:
            self._show_progress(item)  # type: ignore[arg-type]

    def _show_progress(self, progress: ScanProgress) -> None:
        self.progress_bar.setValue(round(1000 * progress.fraction))
        text = self.tr("Scanning: {done} of %Ln image(s), {rate} images/s", "", progress.total)
        text = grouped_count(text, progress.total)
        self.status.setText(
            text.format(done=grouped(progress.images_done), rate=grouped(round(progress.images_per_s)))
        )

    def _on_scan_done(self, outcome: Outcome) -> None:
        if outcome.request_id != self.request_id:
            return
        was_scanning, self.scanning = self.scanning, False
        value = outcome.value
        if outcome.cancelled and was_scanning:
            self.status.setText(self.tr("Cancelled: the partial scan is saved; Resume continues it."))
            self.refresh()  # picks up the saved partial scan
            return
        if outcome.error:
            self.status.setText(self.tr("Cannot scan: {error}").format(error=outcome.error))
        elif isinstance(value, Probe):
            self.found = value
            self._probed(value)
        elif value is not None and self.found is not None:
            self._show_progress(value)  # type: ignore[arg-type]
            self.set_state(value.state)  # type: ignore[attr-defined]
            count = len(self.found.images)
            scanned = grouped_count(self.tr("Scanned {data}: %Ln image(s).", "", count), count)
            self.status.setText(scanned.format(data=self.data_title(self.found.images.key)))
        self._set_buttons()

    def _probed(self, found: Probe) -> None:
        state = found.state
        self.progress_bar.setValue(
            0 if state is None else round(1000 * state.images_done / max(state.total, 1))
        )
        if state is None:
            self.set_state(None)
            count = len(found.images)
            ready = grouped_count(self.tr("%Ln image(s) ready: press Scan.", "", count), count)
            self.status.setText(found.note or ready)
        elif state.complete:
            self.set_state(state)
            loaded = self.tr("Loaded from cache: %Ln image(s) of {data}.", "", state.total)
            loaded = grouped_count(loaded, state.total)
            self.status.setText(loaded.format(data=self.data_title(found.images.key)))
        else:
            self.set_state(state)
            kept = self.tr(
                "A partial scan is kept ({done} of %Ln image(s)): Resume continues it.", "", state.total
            )
            self.status.setText(grouped_count(kept, state.total).format(done=grouped(state.images_done)))

    # -- display ---------------------------------------------------------------------------
    def set_state(self, state: TopKState | None) -> None:
        """Show a scan's channels (None: nothing scanned)."""
        self.state = state
        images = self.found.images if self.found is not None else None
        self.channels.set_state(state, images, self.session.bundle)
        self._set_buttons()

    def show_channel(self, channel: int) -> None:
        """The crops of ``channel`` now; its projections from the worker as they arrive."""
        self.channels.channel_box.setValue(channel)
        self.channels.show_channel(channel)

    @property
    def shown_crops(self) -> list[Crop]:
        """The crops of the channel shown, best first."""
        return self.channels.shown_crops

    @property
    def shown_projections(self) -> dict[int, np.ndarray]:
        """Rank → whole projection image, for those computed so far."""
        return self.channels.shown_projections

    def _set_buttons(self) -> None:
        idle = not self.scanning
        self.scan_button.setEnabled(idle and not self.session.training)
        self.cancel_button.setEnabled(self.scanning)
        partial = self.state is not None and not self.state.complete
        self.resume_button.setEnabled(idle and partial and not self.session.training)
        self.progress_bar.setRange(0, 1000)
