"""Core's English texts shown in the interface language: data-set titles, pooling descriptions,
the kernels' hover readout, capability reasons, and one rule for grouping digits.

The GUI keeps copies of core's wordings (core never imports Qt). The first tests check that
those copies still match what core writes today, for many inputs: every text core produces
must be recognised whole, else it would be shown in English. The Spanish tests install the
compiled .qm as the app does and read the real widgets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from torch import nn

from cnnviz.core import capabilities as core_capabilities
from cnnviz.core.builtins import build_builtin
from cnnviz.core.capabilities import Probe, judge
from cnnviz.core.datasets import DATASETS
from cnnviz.core.functional_taps import NOT_SHOWN
from cnnviz.core.kernels import explain_pixel
from cnnviz.core.model_files import FORMAT_TITLES
from cnnviz.core.padding import PADDING_MODES
from cnnviz.core.pool_layers import (
    POOL_CHOICES,
    LayerPooling,
    UnsupportedPooling,
    describe_choice,
    layer_pooling,
)
from cnnviz.core.pooling import explain_window, global_pool, padding_note, pool
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.gui import capability_words
from cnnviz.gui.capability_words import CAPABILITY_TEXTS, capability_text
from cnnviz.gui.class_names import DATASET_TITLES, dataset_title
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.numbers import grouped, grouped_count, grouped_spin_box
from cnnviz.gui.panels.kernel_choices import PIXEL_TEXTS, pixel_explanation
from cnnviz.gui.panels.pool_words import POOL_TEXTS, about_text, computation_text, padding_text, problem_text
from cnnviz.gui.training.form import TrainingForm
from tests.gui import i18n_scan
from tests.gui.conftest import draw_digit, open_window, wait_for_latest

NBSP = "\u00a0"
LAYERS = (
    LayerPooling("MaxPool2d", "max", (2, 2), (2, 2)),
    LayerPooling("MaxPool2d", "max", (3, 3), (2, 2), (1, 1), True),
    LayerPooling("AvgPool2d", "avg", (3, 2), (2, 1), (1, 0)),
    LayerPooling("AvgPool2d", "avg", (2, 2), (2, 2), ceil_mode=True),
    LayerPooling("AdaptiveAvgPool2d", "avg", adaptive=(1, 1)),
    LayerPooling("AdaptiveMaxPool2d", "max", adaptive=(None, 7)),
)
UNSUPPORTED = (
    nn.MaxPool2d(2, dilation=2),
    nn.LPPool2d(2, 2),
    nn.AvgPool2d(2, divisor_override=3),
    nn.AvgPool2d(3, padding=1, count_include_pad=False),
)


def unsupported_problems() -> list[str]:
    problems = []
    for module in UNSUPPORTED:
        with pytest.raises(UnsupportedPooling) as caught:
            layer_pooling(module)
        problems.append(str(caught.value))
    return problems


def pixel_texts() -> list[str]:
    """explain_pixel's readouts: gray and colour, inside and at the edges, every mode, a divisor."""
    rng = np.random.default_rng(0)
    gray, colour = rng.random((6, 7)), rng.random((5, 5, 3))
    texts = []
    for mode in PADDING_MODES:
        for row, col in ((0, 0), (3, 3), (5, 6)):
            texts.append(explain_pixel(gray, np.ones((3, 3)), row, col, mode, 9.0))
        texts.append(explain_pixel(colour, -np.eye(5), 0, 4, mode))
    return texts


def capability_reasons() -> list[str]:
    """Every reason core's judge gives, from probes that failed in every way it knows."""
    lenet = build_builtin("lenet5")
    known = ModelBundle("LeNet-5", lenet, InputSpec(1, 28, 28), [], extra={"arch_spec": {}})
    unknown = ModelBundle("file", lenet, InputSpec(1, 28, 28), [], extra={"format": "torchscript"})
    frozen_module = build_builtin("lenet5").requires_grad_(False)
    frozen = ModelBundle("frozen", frozen_module, InputSpec(1, 28, 28), [], extra={"arch_spec": {}})
    probes = (
        (Probe(forward_error="mat1 and mat2 shapes cannot be multiplied"), known),
        (Probe(forward_error="the model returned no tensor"), known),
        (Probe(hook_error="no layer outputs can be recorded"), known),
        (Probe(hook_error="hooks refused"), unknown),
        (Probe(layer_types={nn.Linear}, grad_error="the input gradient is not finite"), known),
        (Probe(layer_types={nn.ReLU}, graph_relus=2, fx_error="control flow"), known),
        (
            Probe(
                layer_types={nn.Conv2d}, grad_error="the output does not depend on the input through autograd"
            ),
            frozen,
        ),
        (Probe(layer_types={nn.Conv2d, nn.MaxPool2d}), unknown),
    )
    reasons = [c.reason for probe, bundle in probes for c in judge(probe, bundle) if c.reason]
    for fmt in FORMAT_TITLES:
        bundle = ModelBundle("file", lenet, InputSpec(1, 28, 28), [], extra={"format": fmt})
        reasons += [c.reason for c in judge(Probe(layer_types={nn.Conv2d}), bundle) if c.reason]
    return reasons


# -- the copies still match core ---------------------------------------------------------------
def test_data_set_titles_mirror_core() -> None:
    assert set(DATASET_TITLES) == {info.title for info in DATASETS.values()}


def test_capability_names_and_formats_mirror_core() -> None:
    assert tuple(map(str, capability_words.NAMES)) == core_capabilities.NAMES
    formats = set(map(str, capability_words.FORMAT_TITLES)) | {"state_dict"}  # the same in Spanish
    assert set(FORMAT_TITLES.values()) == formats
    assert CAPABILITY_TEXTS.recognises(f"{NOT_SHOWN} (TypeError: Proxy object cannot be iterated)")


def test_every_capability_reason_of_core_is_recognised() -> None:
    reasons = capability_reasons()
    assert len(set(reasons)) >= 12  # each way of failing gave its own reason
    unknown = [reason for reason in reasons if not CAPABILITY_TEXTS.recognises(reason)]
    assert not unknown


def test_every_pooling_text_of_core_is_recognised() -> None:
    texts = [describe_choice(layer, choice) for layer in LAYERS for choice in POOL_CHOICES]
    x = np.random.default_rng(1).random((28, 28))
    for op in ("max", "avg", "min"):
        padded = pool(x, (3, 3), (2, 2), op, (1, 1))
        texts += [padding_note(padded, 0), explain_window(global_pool(x, op), 0)]
    texts += unsupported_problems()
    assert not [text for text in texts if not POOL_TEXTS.recognises(text)]
    assert POOL_TEXTS.match(explain_window(pool(x, (2, 2), op="max"), 0)) is None  # short: translate_core


def test_every_kernel_readout_of_core_is_recognised() -> None:
    assert not [text for text in pixel_texts() if not PIXEL_TEXTS.recognises(text)]


def test_english_is_shown_as_core_writes_it() -> None:
    """Without a translator every text comes back exactly as core wrote it (and unknown text too)."""
    layer = LAYERS[1]
    assert about_text(layer, "model") == describe_choice(layer, "model")
    assert [pixel_explanation(text) for text in pixel_texts()] == pixel_texts()
    assert [capability_text(reason) for reason in capability_reasons()] == capability_reasons()
    assert capability_text("a reason core has not written yet") == "a reason core has not written yet"
    assert dataset_title("folder:/data/cats") == "folder:/data/cats"


# -- Spanish -----------------------------------------------------------------------------------
def test_pooling_texts_in_spanish(spanish: None) -> None:
    assert about_text(LAYERS[0], "model") == "MaxPool2d: máximo sobre ventanas de 2×2, paso 2"
    assert about_text(LAYERS[1], "min") == (
        "mínimo sobre las ventanas de la capa (ventanas de 3×3, paso 2, relleno 1, redondeo hacia arriba "
        "(ceil mode))"
    )
    assert about_text(LAYERS[5], "model") == "AdaptiveMaxPool2d: máximo a igual×7 (ventanas adaptativas)"
    assert (
        about_text(LAYERS[0], "global avg") == "pooling de promedio global: un solo valor para todo el mapa"
    )
    x = np.arange(16, dtype=np.float64).reshape(4, 4)
    assert padding_text(pool(x, (3, 3), (2, 2), "max", (1, 1)), 0) == (
        "las filas y columnas fuera de 0–3, 0–3 son relleno (−inf: nunca es el máximo)"
    )
    assert (
        computation_text(global_pool(x, "max"), 0)
        == "máx(" + ", ".join(map(str, range(16))) + ") = 15 en (3, 3)"
    )
    big = np.zeros((5, 5))
    big[1, 2] = 1.0
    assert computation_text(global_pool(big, "max"), 0) == (
        "máx de los 25 valores en filas 0–4, columnas 0–4 = 1 en (1, 2)"
    )
    assert computation_text(global_pool(big, "avg"), 0) == (
        "promedio de los 25 valores en filas 0–4, columnas 0–4 = 1 / 25 = 0.04"
    )
    assert problem_text(unsupported_problems()[0]) == "MaxPool2d con dilatación 2 no se explica aquí"


def test_kernel_readout_in_spanish(spanish: None) -> None:
    image = np.arange(16, dtype=np.float64).reshape(4, 4)
    inside = pixel_explanation(explain_pixel(image, np.eye(3), 1, 1, "zero"))
    assert inside == "salida (1, 1) = 0·1 + 1·0 + 2·0 + 4·0 + 5·1 + 6·0 + 8·0 + 9·0 + 10·1 = 15\n" + (
        "ventana: filas 0 a 2, columnas 0 a 2"
    )
    edge = pixel_explanation(explain_pixel(np.stack([image] * 3, axis=2), np.eye(3), 0, 3, "replicate"))
    lines = edge.split("\n")
    assert lines[0] == "salida (0, 3):" and [line[:7] for line in lines[1:4]] == [
        "canal 0",
        "canal 1",
        "canal 2",
    ]
    assert (
        lines[4]
        == "ventana: filas -1 a 1, columnas 2 a 4 (fuera de la imagen de 4×4: relleno en modo réplica)"
    )


def test_capability_texts_in_spanish(spanish: None) -> None:
    assert capability_text("Convolution step-through") == "Convolución paso a paso"
    reason = "per-layer outputs cannot be read (TorchScript modules refuse layer hooks)"
    assert capability_text(reason) == (
        "no se pueden leer las salidas de cada capa (los módulos TorchScript no admiten hooks en las capas)"
    )
    training = (
        "cnnviz can only train models it can rebuild and save; this ONNX file has no architecture it knows"
    )
    assert capability_text(training) == (
        "cnnviz solo puede entrenar modelos que sabe reconstruir y guardar; este archivo ONNX no tiene una "
        "arquitectura conocida"
    )
    quoted = "the model fails on an input: mat1 and mat2 shapes cannot be multiplied"
    assert (
        capability_text(quoted)
        == "el modelo falla con una entrada: mat1 and mat2 shapes cannot be multiplied"
    )
    spanish_reasons = [capability_text(reason) for reason in capability_reasons()]
    assert not [r for r in spanish_reasons if r in capability_reasons() and "mat1" not in r]


def test_training_spin_boxes_group_as_the_architecture_table(qtbot: QtBot, spanish: None) -> None:
    form = TrainingForm()
    qtbot.addWidget(form)
    form.train_size.setValue(20_000)
    assert form.train_size.text() == f"20{NBSP}000" == grouped(20_000)
    assert form.val_size.text() == f"2{NBSP}000"
    form.train_size.lineEdit().selectAll()
    QTest.keyClicks(form.train_size, f"12{NBSP}500")
    form.train_size.interpretText()
    assert form.train_size.value() == 12_500 and form.train_size.text() == f"12{NBSP}500"
    form.fill_datasets()
    titles = [form.dataset.itemText(i) for i in range(form.dataset.count())]
    assert titles[0] == "Dígitos sintéticos (sin conexión)"


def test_plural_counts_group_as_the_table(spanish: None) -> None:
    message = QCoreApplication.translate("TopKPanel", "Scanned {data}: %Ln image(s).", "", 12_000)
    assert grouped_count(message, 12_000) == f"Escaneado {{data}}: 12{NBSP}000 imágenes."
    one = QCoreApplication.translate("TopKPanel", "Scanned {data}: %Ln image(s).", "", 1)
    assert grouped_count(one, 1) == "Escaneado {data}: 1 imagen."


def test_spin_boxes_group_in_english(qtbot: QtBot) -> None:
    box = grouped_spin_box(0, 1_000_000, 6_000, 1_000)
    qtbot.addWidget(box)
    box.setSuffix(" images")
    assert box.text() == "6,000 images"
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "12,500")
    box.interpretText()
    assert box.value() == 12_500 and box.text() == "12,500 images"
    box.stepUp()
    assert box.value() == 13_500


def test_window_panels_show_core_texts_in_spanish(qtbot: QtBot, settings: QSettings, spanish: None) -> None:
    window: MainWindow = open_window(qtbot, settings)
    window.docks["Pooling"].show()
    pooling = window.pooling_panel
    qtbot.waitUntil(pooling.isVisible)
    assert pooling.about.text() == "MaxPool2d: máximo sobre ventanas de 2×2, paso 2"
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    qtbot.waitUntil(lambda: pooling.result is not None, timeout=10_000)
    assert (
        pooling.words.explanation.text().startswith("salida (") and "máx(" in pooling.words.explanation.text()
    )
    window.docks["Top-9"].show()
    topk = window.topk_panel
    titles = [topk.data_box.itemText(i) for i in range(topk.data_box.count())]
    assert "Dígitos sintéticos (sin conexión)" in titles and "MNIST: dígitos manuscritos" in titles
    assert topk.data_title("digits") == "Dígitos sintéticos (sin conexión)"
    assert topk.limit_box.text() == f"1{NBSP}000 imágenes"
    footer = window.architecture_panel.footer
    assert footer.works.text().startswith("✓")


def test_topk_status_names_the_data_set_in_spanish(qtbot: QtBot, settings: QSettings, spanish: None) -> None:
    window = open_window(qtbot, settings)
    panel = window.topk_panel
    window.docks["Top-9"].show()
    window.session.select_layer("conv1")
    panel.limit_box.setValue(64)
    panel.data_box.setCurrentIndex(panel.data_box.findData("digits"))
    panel.refresh()
    qtbot.waitUntil(lambda: panel.found is not None and not panel.scan_worker.busy(), timeout=60_000)
    panel.scan_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.complete, timeout=60_000)
    qtbot.waitUntil(lambda: "64" in panel.status.text(), timeout=60_000)
    assert panel.status.text() == "Escaneado Dígitos sintéticos (sin conexión): 64 imágenes."


def test_no_untranslated_literals_in_the_new_modules() -> None:
    root = Path(__file__).resolve().parents[2] / "cnnviz" / "gui"
    files = [root / "core_text.py", root / "numbers.py", root / "capability_words.py"]
    files.append(root / "panels" / "pool_words.py")
    assert not [(path.name, *found) for path in files for found in i18n_scan.offenders(path)]
