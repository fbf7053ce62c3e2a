"""Training panel: start, pause, resume and cancel a run; live curves; the weights timeline."""

from __future__ import annotations

import copy
import math
import time
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.class_names import display_names
from cnnviz.gui.quiet_widgets import LineLabel, QuietProgressBar
from cnnviz.gui.session import Session, keep_gui_thread_teamless
from cnnviz.gui.training.checkpoint_actions import CheckpointActions
from cnnviz.gui.training.form import TrainingForm
from cnnviz.gui.training.models import Plan, plan_for_choice, present_model
from cnnviz.gui.training.plots import TrainingPlots
from cnnviz.gui.training.run_status import StepClock, step_line
from cnnviz.gui.training.saving import autosave_path, make_saver
from cnnviz.gui.training.timeline import Timeline
from cnnviz.gui.training_worker import RunSummary, Snapshot, TrainingJob, TrainingWorker
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from cnnviz.core.datasets import Dataset
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.training.form import TrainingChoice

SNAPSHOTS_PER_EPOCH = 8
# The switch to a new model waits for a timer, not a zero-delay call: Qt runs zero-delay calls
# (posted events) before any due timer, so the window's timers would still wait for it.
NEXT_TURN_MS = 1


class TrainingPanel(CheckpointActions):
    """Everything about one training run at a time."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.session = session
        self.form = TrainingForm()
        self.plots = TrainingPlots()
        self.timeline = Timeline()
        self.banner = MessageBanner()
        self.worker: TrainingWorker | None = None
        self.trained: ModelBundle | None = None
        self.dataset: Dataset | None = None
        self.last_summary: RunSummary | None = None
        self.choice: TrainingChoice | None = None
        self.plan: Plan | None = None
        self._started = 0.0
        self.clock = StepClock()  # the wall-clock rate of the run
        self._build()
        self._connect()
        self._set_state("idle")

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.start_button.setToolTip(self.tr("Train with these settings (the app stays usable)"))
        self.save_button = QPushButton(self.tr("Save checkpoint…"))
        self.save_button.setToolTip(self.tr("Architecture, weights, labels and training history in one file"))
        self.resume_button = QPushButton(self.tr("Resume from checkpoint…"))
        self.resume_button.setToolTip(self.tr("Continue a cancelled or autosaved run where it stopped"))
        self.progress_bar = QuietProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_text = LineLabel(self.tr("Choose a model and a data set, then Start."))
        self.progress_text.setObjectName("trainingStatus")
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.resume_button)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(260)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.plots)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        layout.addWidget(self.timeline)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.timeline.chosen.connect(self._show_snapshot)
        self.session.model_changed.connect(lambda _bundle: self.form.fill_datasets())
        self.session.model_changed.connect(self._other_model)
        self.form.problem.connect(self.banner.show_error)
        self.save_button.clicked.connect(lambda: self.save_checkpoint_dialog())
        self.resume_button.clicked.connect(self.resume_dialog)

    def _set_state(self, state: str) -> None:
        running = state in ("running", "paused")
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.resume_button.setEnabled(not running)
        self.save_button.setEnabled(self.worker is not None and not running)
        self.form.set_running(running)
        self.state = state

    # -- run control ------------------------------------------------------------------
    def start(self) -> bool:
        """Start training with the form's settings; a problem is a message, not a crash."""
        if self.worker is not None and self.worker.isRunning():
            if self.state != "idle":
                return False  # a run is in progress
            self.worker.wait()  # the last run has reported its end; its thread is returning
        choice = self.form.choice()
        keep_gui_thread_teamless()  # the plan may build the model here
        try:
            plan = plan_for_choice(choice, self.session.bundle)
            config = self._config(choice.config, choice.train_size)
            info = self.form.dataset_info()
        except (ValueError, RuntimeError) as exc:
            self.banner.show_error(str(exc))
            return False
        self.banner.hide()
        self.plots.clear()
        self.timeline.clear()
        self.choice = choice
        self.plan = plan
        if choice.model == "current":
            self.trained = self.session.bundle
        meta = {"dataset": choice.dataset, "train_size": choice.train_size, "val_size": choice.val_size}
        meta["config"] = choice.config
        job = TrainingJob(plan.module, choice.dataset, choice.train_size, choice.val_size, config)
        job.save = make_saver(plan.title, info.spec, list(info.labels), plan.arch_spec, meta)
        job.autosave, job.prepare = autosave_path(str(plan.arch_spec.get("name", choice.model))), plan.prepare
        job.downloads = plan.pretrained
        if choice.model != "current":  # the other panels follow the new model
            job.present = partial(
                present_model, title=plan.title, dataset=choice.dataset, arch_spec=plan.arch_spec
            )
        self._launch(job)
        return True

    def _show_new_model(self, presented: tuple[ModelBundle, Any]) -> None:
        """The other panels follow a new model: their own copy of it, described in the worker.

        The switch gets an event-loop turn of its own (a 1 ms timer). Otherwise it runs right
        after the repaint the Start click asked for, before any timer: with LeNet-5 both take
        10–15 ms, and the window did not answer for their sum.
        """
        QTimer.singleShot(NEXT_TURN_MS, self, partial(self._switch_to_new_model, presented, self.worker))

    def _switch_to_new_model(self, presented: tuple[ModelBundle, Any], worker: TrainingWorker | None) -> None:
        """Show the presented copy, then let the run's thread go on (also when showing failed)."""
        try:
            bundle, described = presented
            self.trained = bundle
            self.session.show_model(bundle, described=described)
        finally:
            if worker is not None:
                worker.model_shown()

    def _config(self, values: dict[str, Any], train_size: int) -> Any:
        from cnnviz.core.training import Augment, TrainConfig

        steps = max(1, -(-train_size // int(values["batch_size"])))
        fields = dict(values, augment=Augment(**values["augment"]), device=self.session.device or "cpu")
        fields["snapshot_every"] = max(1, steps // SNAPSHOTS_PER_EPOCH)
        return TrainConfig(**fields)

    def _launch(self, job: TrainingJob) -> None:
        """Start the run's thread (below the GUI's priority).

        With a new model, the thread makes the panels' copy and describes it, the panels switch
        to it in one event-loop turn, and only then does training start: it does not compete
        with that turn for the interpreter, and every report of the run comes after the model
        it is about.
        """
        worker = TrainingWorker(job)
        worker.status.connect(self._status)
        worker.dataset_ready.connect(self._dataset_ready)
        worker.model_ready.connect(self._show_new_model)
        worker.progress.connect(self._progress)
        worker.epoch_end.connect(self._epoch_end)
        worker.snapshot.connect(self._snapshot)
        worker.done.connect(self._done)
        self.worker = worker
        self._started = time.perf_counter()
        self.clock.reset()
        self._set_state("running")
        self.session.set_training(True)
        self.progress_text.setText(self.tr("Preparing the data set…"))
        worker.start_low()

    def toggle_pause(self) -> None:
        """Pause or resume the run."""
        if self.worker is None:
            return
        if self.worker.paused:
            self.worker.resume()
            self._set_state("running")
        else:
            self.worker.pause()
            self._set_state("paused")
            self.progress_text.setText(self.tr("Paused: drawing and inspecting work as usual."))

    def cancel(self) -> None:
        """Stop the run at the next step; the weights so far are kept."""
        if self.worker is not None:
            self.progress_text.setText(self.tr("Cancelling…"))
            self.worker.cancel()

    def stop_and_wait(self) -> None:
        """Cancel any run and wait for its thread (the window is closing)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    # -- worker reports (GUI thread) ---------------------------------------------------
    def _status(self, text: str, fraction: float) -> None:
        if fraction >= 0:
            self.progress_bar.setValue(round(1000 * fraction))
        self.progress_text.setText(text)

    def _dataset_ready(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.session.set_dataset(dataset)

    @property
    def last_rate(self) -> float:
        """Wall-clock samples/s between the first and the latest step report of the run."""
        return self.clock.rate

    def _progress(self, record: Any) -> None:
        if record.global_step == 0 or not math.isfinite(record.train_loss):
            return  # the record before the first step carries only the initial weights
        self.clock.note(record.global_step, self.worker.job.config.batch_size if self.worker else 0)
        self.progress_bar.setValue(round(1000 * record.fraction))
        self.plots.show_steps(record.total_steps)
        self.plots.add_step(record.global_step, record.train_loss, record.train_accuracy)
        self.progress_text.setText(step_line(record))

    def _epoch_end(self, record: Any) -> None:
        self.plots.add_validation(record.global_step, record.val_loss, record.val_accuracy)
        if record.confusion is not None and self.dataset is not None:
            self.plots.set_confusion(record.confusion, display_names(self.dataset.labels))

    def _snapshot(self, snapshot: Snapshot) -> None:
        follow = self.timeline.add(snapshot)
        if follow:
            label = self.tr("training, step {step}").format(step=snapshot.step)
            self._show_weights(snapshot.state, label)

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        label = self.tr("step {step} (epoch {epoch})").format(step=snapshot.step, epoch=snapshot.epoch)
        self._show_weights(snapshot.state, label)

    def _done(self, summary: RunSummary) -> None:
        self.last_summary = summary
        self._set_state("idle")
        self.session.set_training(False)
        if summary.outcome == "failed":
            self.banner.show_error(self.tr("Training stopped: {reason}").format(reason=summary.message))
            self.progress_text.setText(self.tr("Training failed; the weights so far are kept."))
        else:
            self.progress_text.setText(summary.message)
        model = self.worker.job.model if self.worker is not None else None
        if self.trained is not None and model is not None:
            self.trained.trained = summary.outcome == "finished" or bool(summary.history)
            label = self.tr("after %n epoch(s) of training", "", len(summary.history))
            self._show_weights(copy.deepcopy(model.state_dict()), label)

    def _show_weights(self, state: dict[str, Any], label: str) -> None:
        """Show the run's weights on its model; never on another model opened since."""
        if self.session.bundle is not None and self.session.bundle is self.trained:
            self.session.apply_weights(state, label)

    def _other_model(self, bundle: ModelBundle) -> None:
        """Another model on screen while a run goes on: the run stops (the weights so far are kept)."""
        if self.worker is not None and self.worker.isRunning() and bundle is not self.trained:
            self.cancel()

    def _said(self, text: str) -> None:
        self.progress_text.setText(text)
