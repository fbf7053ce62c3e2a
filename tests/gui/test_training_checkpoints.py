"""Training checkpoints from the panel: per-epoch autosave, Save checkpoint, resume."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.gui.test_training_panel import small_run, wait_idle


def test_autosave_and_resume(qtbot: QtBot, window: MainWindow, private_data_dir: Path) -> None:
    panel = window.training_panel
    small_run(panel, epochs=2, train=320)
    panel.start_button.click()
    wait_idle(qtbot, panel)
    autosave = panel.worker.job.autosave  # type: ignore[union-attr]
    assert autosave is not None and autosave.exists() and private_data_dir in autosave.parents
    target = private_data_dir / "run.pt"
    assert panel.save_to(str(target)) and target.exists()
    # Resume the saved (finished) run for more epochs: it continues after the last step.
    from cnnviz.core.checkpoint import load_checkpoint

    bundle, state = load_checkpoint(str(target))
    assert state is not None and bundle.labels == [str(d) for d in range(10)]
    assert [row["epoch"] for row in bundle.extra["history"]["epochs"]] == [1, 2]


def test_a_cancelled_run_resumes_where_its_autosave_stopped(qtbot: QtBot, window: MainWindow) -> None:
    from cnnviz.core.checkpoint import load_checkpoint

    panel = window.training_panel
    small_run(panel, epochs=30, train=2000)
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.worker is not None and panel.worker.job.autosave.exists(), timeout=120_000)
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    autosave = panel.worker.job.autosave  # type: ignore[union-attr]
    _bundle, state = load_checkpoint(str(autosave))
    assert state is not None and state.epoch >= 1 and state.global_step == state.epoch * state.steps_per_epoch
    assert panel.resume_from(str(autosave))
    steps: list[int] = []
    panel.worker.progress.connect(lambda record: steps.append(record.global_step))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: any(s > 0 for s in steps), timeout=120_000)
    first = min(s for s in steps if s > 0)
    assert state.global_step < first <= state.global_step + state.steps_per_epoch
    panel.cancel_button.click()
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "cancelled"  # type: ignore[union-attr]
