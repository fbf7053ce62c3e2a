"""The Training panel, its worker and the built-in class names in Spanish; English stays the default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cnnviz.core.builtins import TINYVGG_LABELS
from cnnviz.core.datasets import DATASETS
from cnnviz.core.shapes import SHAPE_LABELS
from cnnviz.core.zoo import imagenet_labels
from cnnviz.gui import class_names
from cnnviz.gui.class_names import display_name, display_names
from cnnviz.gui.handout import _prediction
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.training.builder_dialog import BuilderDialog
from cnnviz.gui.training.models import display_bundle
from cnnviz.gui.training.panel import TrainingPanel
from tests.gui import i18n_scan
from tests.gui.conftest import open_window, wait_for_latest
from tests.gui.test_training_panel import set_combo, wait_idle

ROOT = Path(__file__).resolve().parents[2]
QM = ROOT / "resources" / "i18n"
GROUP_FILES = [
    *sorted((ROOT / "cnnviz" / "gui" / "training").glob("*.py")),
    ROOT / "cnnviz" / "gui" / "training_worker.py",
    ROOT / "cnnviz" / "gui" / "class_names.py",
]
SPANISH_SHAPES = ["círculo", "cuadrado", "triángulo", "estrella", "cruz", "hexágono", "anillo", "corazón"]


def install(language: str) -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(QM / f"cnnviz_{language}.qm")), f"compile cnnviz_{language}.qm first"
    assert QCoreApplication.installTranslator(translator)
    return translator


@pytest.fixture
def spanish(qapp) -> Iterator[None]:
    """Spanish texts for widgets made inside the test; English again afterwards."""
    translator = install("es")
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def english_plurals(qapp) -> Iterator[None]:
    """The English plural forms, as the app installs them for English."""
    translator = install("en")
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)


def axis_label(plot, side: str) -> str:
    return str(plot.getAxis(side).labelText)


def tick_texts(plot, side: str) -> list[str]:
    levels = plot.getAxis(side)._tickLevels or [[]]
    return [text for _value, text in levels[0]]


def shapes_run(panel: TrainingPanel) -> None:
    form = panel.form
    set_combo(form.model, "tinyvgg")
    set_combo(form.dataset, "shapes")
    form.train_size.setValue(64)
    form.val_size.setValue(40)
    form.epochs.setValue(1)
    form.batch.setValue(32)


def show_a_picture(qtbot: QtBot, window: MainWindow) -> None:
    rng = np.random.default_rng(0)
    window.session.set_image(rng.random((64, 64, 3)))
    wait_for_latest(qtbot, window)


def test_the_class_name_sets_mirror_core() -> None:
    mirrored = (class_names.SHAPES, class_names.TINYVGG, class_names.FASHION_MNIST, class_names.CIFAR10)
    in_core = (SHAPE_LABELS, TINYVGG_LABELS, DATASETS["fashion-mnist"].labels, DATASETS["cifar10"].labels)
    assert [list(names) for names in mirrored] == [list(names) for names in in_core]


def test_class_names_in_spanish_only_for_the_built_in_sets(spanish: None) -> None:
    assert display_names(SHAPE_LABELS) == SPANISH_SHAPES
    assert display_names(DATASETS["cifar10"].labels)[:3] == ["avión", "automóvil", "pájaro"]
    assert display_names(DATASETS["fashion-mnist"].labels)[0] == "Camiseta/top"
    assert display_names(TINYVGG_LABELS)[-2:] == ["naranja", "coche deportivo"]
    kana = list(DATASETS["kmnist"].labels)
    assert display_names(kana) == kana and display_names(DATASETS["digits"].labels) == list("0123456789")
    imagenet = imagenet_labels("resnet18")  # holds "orange", "pizza", "koala"…: stays English throughout
    assert "orange" in imagenet and display_names(imagenet) == imagenet
    assert display_name("orange") == "naranja"
    assert display_names(["cat", "dog"]) == ["cat", "dog"]  # a user's image folder keeps its names


def test_class_names_stay_english_by_default() -> None:
    assert display_names(SHAPE_LABELS) == list(SHAPE_LABELS)
    assert display_name("circle") == "circle"


def test_every_training_message_is_translated() -> None:
    offenders = [(path.name, *hit) for path in GROUP_FILES for hit in i18n_scan.offenders(path)]
    assert offenders == []
    spanish_ts = (ROOT / "resources" / "i18n" / "es" / "training.ts").read_text(encoding="utf-8")
    assert spanish_ts.count("<message") >= 150 and 'type="unfinished"' not in spanish_ts


def test_builder_dialog_in_spanish_keeps_english_keys(qtbot: QtBot, spanish: None) -> None:
    dialog = BuilderDialog((3, 64, 64), 8)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Construir una arquitectura"
    header = dialog.table.horizontalHeaderItem(0)
    assert header is not None and header.text() == "Filtros"
    pool = dialog.table.cellWidget(1, 7)
    assert isinstance(pool, QComboBox) and pool.currentText() == "máx."
    config = dialog.config()
    assert [block["pool"] for block in config["blocks"]] == ["max", "max"]
    assert config["blocks"][0]["convs"][0]["padding_mode"] == "zeros"
    assert config["fc_activation"] == "relu"
    rows = dialog.plan_table.rowCount()
    verdict = dialog.verdict.text()
    assert verdict.startswith(f"{rows} capas, ") and verdict.endswith("parámetros")
    dialog.fc.setText("120, x")
    assert "números enteros" in dialog.verdict.text()


def test_english_plural_forms(qtbot: QtBot, english_plurals: None) -> None:
    dialog = BuilderDialog((1, 28, 28), 10)
    qtbot.addWidget(dialog)
    rows = dialog.plan_table.rowCount()
    assert rows > 1 and dialog.verdict.text().startswith(f"{rows} layers, ")


def test_a_spanish_training_run_on_shapes(qtbot: QtBot, settings: QSettings, spanish: None) -> None:
    window = open_window(qtbot, settings)
    panel = window.training_panel
    assert panel.start_button.text() == "Iniciar" and panel.save_button.text() == "Guardar punto de control…"
    assert panel.progress_text.text().startswith("Elegir un modelo")
    assert panel.timeline.label.text() == "Aún no hay instantáneas"
    form = panel.form
    assert form.model.itemText(form.model.findData("tinyvgg")) == "TinyVGG nuevo"
    assert form.optimiser.itemText(form.optimiser.findData("sgd")) == "SGD con momento"
    assert form.dataset.itemText(form.dataset.findData("shapes")) == "Formas sintéticas (sin conexión)"
    cifar = form.dataset.itemText(form.dataset.findData("cifar10"))
    assert cifar == "CIFAR-10: fotos — descarga única de 170 MB"
    plots = panel.plots
    assert plots.tabText(0) == "Curvas" and plots.tabText(1) == "Confusión"
    assert plots.loss_plot.titleLabel.text == "Pérdida" and axis_label(plots.loss_plot, "bottom") == "paso"
    legend = [label.text for _sample, label in plots.loss_plot.legend.items]
    assert legend == ["entrenamiento", "validación"]
    assert axis_label(plots.confusion_plot, "left") == "clase real"
    assert not panel.resume_from(str(ROOT / "resources" / "weights" / "lenet5.pt"))  # a mixin's own context
    assert "«lenet5.pt» no contiene un entrenamiento reanudable" in panel.banner.text()

    shapes_run(panel)
    assert panel.start()
    wait_idle(qtbot, panel)
    assert panel.last_summary is not None and panel.last_summary.outcome == "finished", panel.last_summary
    assert panel.progress_text.text().startswith("Entrenamiento terminado.")
    numbered = [f"{index} {name}" for index, name in enumerate(SPANISH_SHAPES)]
    assert tick_texts(plots.confusion_plot, "left") == numbered  # the columns have the numbers only
    assert tick_texts(plots.confusion_plot, "bottom") == [str(index) for index in range(8)]
    assert panel.timeline.label.text().startswith("paso ") and "· época 1" in panel.timeline.label.text()
    bundle = window.session.bundle
    assert bundle is not None and bundle.name == "TinyVGG con Formas sintéticas (sin conexión)"
    assert bundle.labels == list(SHAPE_LABELS)  # the model keeps its English keys
    assert window.session.weights_label == "tras 1 época de entrenamiento"

    show_a_picture(qtbot, window)
    prediction = window.prediction_panel
    assert [text for _bar, text in prediction.chart.drawn_names()] == SPANISH_SHAPES
    names = [text.split("   ")[0] for text in prediction.top_texts()]
    assert len(names) == 3 and set(names) <= set(SPANISH_SHAPES)
    caption = _prediction(window)
    assert any(name in caption for name in SPANISH_SHAPES) and "circle" not in caption


def test_the_english_default_shows_english_class_names(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    assert window.training_panel.start_button.text() == "Start"
    window.session.show_model(display_bundle_for_shapes())
    qtbot.waitUntil(lambda: window.session.bundle is not None and window.session.bundle.arch == "tinyvgg")
    show_a_picture(qtbot, window)
    prediction = window.prediction_panel
    assert [text for _bar, text in prediction.chart.drawn_names()] == list(SHAPE_LABELS)
    names = [text.split("   ")[0] for text in prediction.top_texts()]
    assert len(names) == 3 and set(names) <= set(SHAPE_LABELS)
    assert any(name in _prediction(window) for name in SHAPE_LABELS)


def display_bundle_for_shapes():
    from cnnviz.core.architectures import build_from_spec, builtin_spec

    spec = builtin_spec("tinyvgg", num_classes=len(SHAPE_LABELS))
    return display_bundle(build_from_spec(spec), "TinyVGG on shapes", "shapes", spec)
