"""Save checkpoint…, Resume from checkpoint…: the Training panel's file actions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from cnnviz.gui.training.models import with_description
from cnnviz.gui.training.saving import make_saver
from cnnviz.gui.training_worker import TrainingJob

if TYPE_CHECKING:
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.session import Session
    from cnnviz.gui.training_worker import TrainingWorker
    from cnnviz.gui.widgets import MessageBanner

DEFAULT_FILE_NAME = "cnnviz-model.pt"


def checkpoint_filter() -> str:
    """The file dialogs' filter, translated."""
    return QCoreApplication.translate("CheckpointActions", "cnnviz checkpoints (*.pt);;All files (*)")


class CheckpointActions(QWidget):
    """Mixed into the Training panel: writing and resuming runs."""

    session: Session
    worker: TrainingWorker | None
    banner: MessageBanner
    trained: ModelBundle | None

    # Provided by the Training panel (declared here for the type checker only).
    stop_and_wait: Callable[[], None]
    _config: Callable[[dict[str, Any], int], Any]
    _launch: Callable[[TrainingJob], None]
    _said: Callable[[str], None]

    def save_checkpoint_dialog(self, stop_first: bool = False) -> bool:
        """Ask for a file and save the trained model there; False if nothing was saved."""
        if stop_first:
            self.stop_and_wait()
        if self.worker is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save checkpoint"), DEFAULT_FILE_NAME, checkpoint_filter()
        )
        return bool(path) and self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Write the trained model (atomically); a failure is a message."""
        worker = self.worker
        if worker is None or worker.job.save is None or worker.job.model is None:
            return False
        try:
            worker.job.save(worker.job.model, worker.history, worker.train_state, Path(path))
        except OSError as exc:
            self.banner.show_error(self.tr("Could not save the checkpoint: {error}").format(error=exc))
            return False
        self._said(self.tr("Saved {path}").format(path=path))
        return True

    def resume_dialog(self) -> None:
        """Ask for a checkpoint and continue its run."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Resume training"), "", checkpoint_filter())
        if path:
            self.resume_from(path)

    def resume_from(self, path: str) -> bool:
        """Continue the run saved in a checkpoint; a problem is a message."""
        from cnnviz.core.checkpoint import load_checkpoint

        try:
            bundle, state = load_checkpoint(path)
        except ValueError as exc:
            self.banner.show_error(str(exc))
            return False
        meta = bundle.extra.get("history") or {}
        if state is None or not meta.get("dataset"):
            self.banner.show_error(
                self.tr("'{name}' holds no resumable run (no training state).").format(name=Path(path).name)
            )
            return False
        self.banner.hide()
        self.trained = bundle
        model = copy.deepcopy(bundle.module)
        config = self._config(meta["config"], int(meta["train_size"]))
        job = TrainingJob(model, meta["dataset"], meta["train_size"], meta["val_size"], config, resume=state)
        job.present = lambda _model: with_description(bundle)  # the panels switch once it is described
        run_meta = {k: v for k, v in meta.items() if k != "epochs"}
        arch_spec = bundle.extra.get("arch_spec", {})
        job.save = make_saver(bundle.name, bundle.spec, bundle.labels, arch_spec, run_meta)
        job.autosave = Path(path)
        self._launch(job)
        return True
