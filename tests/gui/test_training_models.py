"""Training a builder architecture and a torchvision model (transfer learning) from the panel."""

from __future__ import annotations

import pytest
import torch
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from cnnviz.core.builder import BuilderConfig, plan
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.training.builder_dialog import BuilderDialog
from tests.gui.test_training_panel import set_combo, small_run, wait_idle


def test_builder_dialog_plans_live_and_explains_impossible_sizes(qtbot: QtBot) -> None:
    dialog = BuilderDialog((1, 28, 28), 10)
    qtbot.addWidget(dialog)
    config = dialog.config()
    expected = sum(layer.params for layer in plan(BuilderConfig.from_dict(config)))
    assert dialog.verdict.text().endswith(f"{expected:,} parameters")
    assert dialog.plan_table.rowCount() == len(plan(BuilderConfig.from_dict(config)))
    # 28 → pool 14 → pool 7; a 9×9 kernel without padding on 7×7 cannot fit.
    dialog.add_row(8, 9, 1, 0, "none")
    ok = dialog.buttons.buttons()[0]
    assert dialog.verdict.text().startswith("⚠") and "−1" in dialog.verdict.text()
    assert not ok.isEnabled()
    kernel = dialog.table.cellWidget(dialog.table.rowCount() - 1, 1)
    assert isinstance(kernel, QSpinBox)
    kernel.setValue(3)  # 7 − 3 + 1 = 5: fine again
    assert not dialog.verdict.text().startswith("⚠") and ok.isEnabled()
    dialog.fc.setText("120, x")
    assert "whole numbers" in dialog.verdict.text()


def test_training_a_builder_architecture(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    small_run(panel, model="builder", epochs=1, train=256)
    assert not panel.start() and "Edit architecture" in panel.banner.text()
    dialog = BuilderDialog((1, 28, 28), 10)
    qtbot.addWidget(dialog)
    panel.form.set_builder_config(dialog.config(), dialog.verdict.text())
    assert panel.start()
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "finished", panel.last_summary  # type: ignore[union-attr]
    assert window.session.bundle.extra["arch_spec"]["kind"] == "builder"  # type: ignore[union-attr]
    names = window.architecture_panel.layer_names()
    assert names[0].startswith("block1") or "conv" in names[0]


def test_transfer_learning_keeps_the_frozen_backbone(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.training_panel
    small_run(panel, model="zoo", epochs=1, train=64)
    panel.form.batch.setValue(16)
    panel.form.zoo_name.setCurrentText("resnet18")
    panel.form.freeze.setChecked(True)
    panel.form.pretrained.setChecked(False)
    assert panel.start(), panel.banner.text()
    assert panel.worker is not None and panel.worker.job.model is None  # built in the worker, not here
    wait_idle(qtbot, panel)
    assert panel.last_summary.outcome == "finished", panel.last_summary  # type: ignore[union-attr]
    first = panel.timeline.snapshots[0]
    assert first.step == 0  # the weights before the first step
    initial = first.state
    trained = panel.worker.job.model.state_dict()  # type: ignore[union-attr]
    assert torch.equal(trained["layer1.0.conv1.weight"], initial["layer1.0.conv1.weight"])
    assert not torch.equal(trained["fc.weight"], initial["fc.weight"])
    assert "conv1" in window.architecture_panel.layer_names()


@pytest.mark.timeout(120)
def test_pretrained_weights_offline_is_a_message(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setenv("TORCH_HOME", str(window.settings.fileName()) + ".torch")
    panel = window.training_panel
    small_run(panel, model="zoo", epochs=1, train=64)
    panel.form.zoo_name.setCurrentText("resnet18")
    panel.form.pretrained.setChecked(True)
    assert panel.start()
    wait_idle(qtbot, panel)
    summary = panel.last_summary
    assert summary is not None and summary.outcome == "failed"
    assert "Untick 'Pretrained'" in panel.banner.text()
    assert not window.session.training and window.session.bundle is not None


def test_choosing_an_image_folder(qtbot: QtBot, window: MainWindow, tmp_path) -> None:
    from PIL import Image

    for label, colour in (("red", (220, 30, 30)), ("blue", (30, 30, 220))):
        folder = tmp_path / "pictures" / label
        folder.mkdir(parents=True)
        for i in range(6):
            Image.new("RGB", (40 + i, 40), colour).save(folder / f"{i}.png")
    form = window.training_panel.form
    form.add_folder(str(tmp_path / "pictures"))
    info = form.dataset_info()
    assert list(info.labels) == ["blue", "red"] and info.spec.shape == (3, 64, 64)
    set_combo(form.model, "tinyvgg")
    form.epochs.setValue(1)
    assert window.training_panel.start(), window.training_panel.banner.text()
    wait_idle(qtbot, window.training_panel)
    assert window.training_panel.last_summary.outcome == "finished"  # type: ignore[union-attr]


def test_the_step_schedule_does_what_its_label_says(window: MainWindow) -> None:
    panel = window.training_panel
    set_combo(panel.form.schedule, "step")
    choice = panel.form.choice()
    config = panel._config(choice.config, choice.train_size)
    label = panel.form.schedule.currentText()
    assert f"every {config.step_size} epochs" in label and f"×{config.gamma:g}" in label
    from cnnviz.core.training import scheduled_lr

    steps = 10
    assert scheduled_lr(config, 3 * steps - 1, 100 * steps, steps) == config.lr
    assert abs(scheduled_lr(config, 3 * steps, 100 * steps, steps) - config.lr * config.gamma) < 1e-12
