"""Spanish and English translations of the "panels_b" group (input … webcam panels).

The compiled ``resources/i18n/cnnviz_es.qm`` is installed as the real app installs it
(:func:`cnnviz.gui.i18n.install_translators`) and removed afterwards, so other tests stay
English. The window's panels are built while it is installed and must read Spanish; the
.ts sources must be complete, keep every placeholder and tag, and match the code. Names
that come from core (kernels, padding modes, pooling operations) stay English as data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cnnviz.core.kernels import CONVENTION, KERNEL_NAMES, library_kernel
from cnnviz.core.padding import PADDING_MODES
from cnnviz.core.pool_layers import POOL_CHOICES
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.attribution_methods import AttributionView
from cnnviz.gui.panels.kernel_choices import (
    CONVENTION_TEXT,
    KERNEL_DESCRIPTIONS,
    KERNEL_LABELS,
    PADDING_LABELS,
    kernel_description,
)
from cnnviz.gui.panels.occlusion_job import describe_occlusion, occlusion_legend
from cnnviz.gui.panels.pooling_views import POOL_LABELS
from cnnviz.gui.panels.quiz_panel import QuizPanel
from tests.gui import i18n_scan
from tests.gui.ts_files import assert_spanish_complete, assert_up_to_date, messages

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "cnnviz" / "gui" / "panels").glob("[g-z]*.py"))
ES_TS = ROOT / "resources" / "i18n" / "es" / "panels_b.ts"
EN_TS = ROOT / "resources" / "i18n" / "en" / "panels_b.ts"


def combo_items(combo: QComboBox) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


# -- the sources -------------------------------------------------------------------------------------
def test_no_untranslated_literals_in_the_group() -> None:
    assert "quiz_panel.py" in {p.name for p in FILES} and "input_panel.py" in {p.name for p in FILES}
    found = [(path.name, *offender) for path in FILES for offender in i18n_scan.offenders(path)]
    assert found == []


def test_spanish_sources_are_complete_and_keep_placeholders_and_tags() -> None:
    assert_spanish_complete(ES_TS, at_least=151)


def test_english_sources_hold_the_singular_of_every_plural() -> None:
    found = messages(EN_TS)
    assert len(found) == 5 and all(context == "TopKPanel" for context, _m in found)
    for _context, message in found:
        source = message.findtext("source") or ""
        singular, plural = (f.text or "" for f in message.iter("numerusform"))
        assert "image(s)" in source and "%Ln" in singular and "%Ln" in plural
        assert plural == source.replace("image(s)", "images")
        assert singular == source.replace("image(s)", "image")


def test_the_spanish_sources_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    assert_up_to_date(ES_TS, FILES, tmp_path)


def test_the_displayed_names_mirror_the_core_names() -> None:
    assert tuple(KERNEL_LABELS) == KERNEL_NAMES and all(k == v for k, v in KERNEL_LABELS.items())
    assert tuple(PADDING_LABELS) == tuple(PADDING_MODES)
    assert POOL_LABELS == POOL_CHOICES  # the English shown names are core's
    assert CONVENTION_TEXT == CONVENTION
    for name in KERNEL_NAMES:  # the copies of core's descriptions still match core's words
        for size in (1, 3, 5):
            kernel = library_kernel(name, size)
            assert kernel_description(kernel) == kernel.description  # English: core's words
            assert kernel.description.startswith(KERNEL_DESCRIPTIONS[name])


# -- the words in use -----------------------------------------------------------------------------------
def test_core_names_and_plurals_in_spanish(spanish: None) -> None:
    tr = QCoreApplication.translate
    assert [tr("KernelsPanel", n) for n in ("Gaussian blur", "box blur", "Laplacian", "Sobel x")] == [
        "desenfoque gaussiano",
        "desenfoque de caja",
        "laplaciano",
        "Sobel x",
    ]
    assert tr("PoolingPanel", "Global average") == "Promedio global"
    assert kernel_description(library_kernel("Sobel x", 5)) == (
        "Sobel x: responde a los bordes verticales, al cambio de izquierda a derecha (positivo donde la "
        "imagen se aclara hacia la derecha); la fila central cuenta doble. (El kernel de 3×3 centrado "
        "en ceros: el mismo resultado que con 3×3.)"
    )
    assert kernel_description(library_kernel("emboss", 1)).endswith(
        " (A 1×1 solo queda el centro del kernel de 3×3.)"
    )
    for name in KERNEL_NAMES:  # every description, at every size, is Spanish
        for size in (1, 3, 7):
            kernel = library_kernel(name, size)
            assert kernel_description(kernel) != kernel.description, (name, size)
    assert tr("KernelsPanel", CONVENTION).startswith("Cada píxel de salida es Σ peso × píxel")
    ready = "%Ln image(s) ready: press Scan."
    assert [tr("TopKPanel", ready, "", n) for n in (1, 5)] == [
        "1 imagen lista: pulsar Escanear.",
        "5 imágenes listas: pulsar Escanear.",
    ]


def test_english_translator_gives_singulars(english: None) -> None:
    tr = QCoreApplication.translate
    ready = "%Ln image(s) ready: press Scan."
    assert [tr("TopKPanel", ready, "", n) for n in (1, 5)] == [
        "1 image ready: press Scan.",
        "5 images ready: press Scan.",
    ]
    assert tr("KernelsPanel", "Gaussian blur") == "Gaussian blur"  # the source text: no entry needed


def test_occlusion_texts_in_spanish(spanish: None) -> None:
    raw = np.array([[0.9, 0.25], [0.5, 0.75]], dtype=np.float32)
    view = AttributionView(
        "occlusion", 3, 0.9, raw, raw, signed=True, extras={"original_probability": 0.9},
        fraction=0.5, kind="probability", coarse=True,
    )  # fmt: skip
    assert describe_occlusion(view, "tres", []) == (
        "<b>Oclusión</b> para la clase <b>tres</b>: p = 0.900 sin el cuadrado; "
        "mínima 0.250 con el cuadrado en su peor posición · pasada gruesa 50 %"
    )
    assert occlusion_legend(view, []).startswith("Sobre la entrada: <span style='color:#d33'>■ rojo</span>")
    labels = AttributionView("occlusion", 3, 0.9, raw, raw, signed=False, kind="label", categories=(3, 8))
    assert describe_occlusion(labels, "tres", [str(k) for k in range(10)]).endswith(
        "; etiqueta más probable con el cuadrado: 3, 8"
    )
    assert occlusion_legend(labels, []).startswith("Etiqueta más probable con el cuadrado ahí: ")


def test_input_prediction_and_camera_in_spanish(spanish_window: MainWindow) -> None:
    window = spanish_window
    panel = window.input_panel
    tools = (panel.eraser, panel.undo_button, panel.redo_button, panel.clear_button, panel.sample_button)
    assert [b.text() for b in tools] == ["Borrador", "Deshacer", "Rehacer", "Limpiar", "Muestra"]
    assert [b.objectName() for b in tools] == [
        "eraserButton",
        "undoButton",
        "redoButton",
        "clearButton",
        "sampleButton",
    ]
    assert [panel.polarity.itemText(i) for i in range(3)] == ["Auto", "Invertir", "Mantener"]
    assert panel.canvas.hint == "Dibujar un dígito aquí"
    assert panel.model_view.title.text() == "Lo que ve la red: 1×28×28"
    assert not panel.set_qimage(QImage())
    assert panel.banner.text() == "La imagen pegada está vacía."
    assert window.prediction_panel.chart.caption == "probabilidad"
    camera = window.webcam_panel
    assert (camera.start_button.text(), camera.freeze_button.text()) == ("Iniciar", "Congelar")
    assert combo_items(camera.chooser)[-1] == ("Patrón de prueba (sin cámara)", None)
    assert camera.note.text().startswith("Patrón de prueba: fotogramas generados")
    assert camera.fps.suffix() == " fps máx."


def test_kernels_panel_in_spanish_keeps_core_names_as_data(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    window.docks["Image kernels"].show()
    panel = window.kernels_panel
    qtbot.waitUntil(panel.isVisible)
    kernels = combo_items(panel.kernel_choice)
    assert [data for _text, data in kernels] == list(KERNEL_NAMES)
    assert ("desenfoque gaussiano", "Gaussian blur") in kernels and ("relieve", "emboss") in kernels
    assert combo_items(panel.padding_choice)[:2] == [("ceros", "zero"), ("reflejo", "reflect")]
    assert panel.padding() == "replicate" and panel.padding_choice.currentText() == "réplica"
    panel.kernel_choice.setCurrentIndex(panel.kernel_choice.findData("Gaussian blur"))
    assert panel.library().name == "Gaussian blur"
    np.testing.assert_array_equal(panel.editor.weights, library_kernel("Gaussian blur").weights)
    assert panel.reset_button.text() == "Restablecer"
    assert panel.titles[0].text() == "Entrada del modelo 28×28 (gris, 0–1)"
    assert panel.titles[1].text().startswith("Resultado: valores de ")
    assert panel.readout.text().startswith("Pasar el ratón sobre un píxel")
    panel.editor.set_cell(0, 0, "abc")
    assert "'abc' no es un número: el peso sigue siendo 1" in panel.banner.text()
    assert panel.description.text().startswith("<b>Desenfoque gaussiano: una media ponderada")
    assert panel.readout.toolTip().startswith("Cada píxel de salida")


def test_pooling_panel_in_spanish(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    window.docks["Pooling"].show()
    panel = window.pooling_panel
    qtbot.waitUntil(panel.isVisible)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=10_000)
    assert combo_items(panel.operation)[:2] == [("Como en el modelo", "model"), ("Máximo", "max")]
    assert panel.maps.input.title.text.startswith("entrada de pool1, canal 0: 28×28")
    assert panel.maps.output.title.text.startswith("salida de pool1: 14×14")
    assert panel.explanation.text().startswith("salida (") and " = máx(" in panel.explanation.text()
    assert " en (" in panel.explanation.text() and " at (" not in panel.explanation.text()
    window_text = panel.window_text.text()
    assert window_text.startswith("Ventana: filas de entrada ") and "★ donde está su máximo" in window_text
    panel.operation.setCurrentIndex(panel.operation.findData("avg"))
    assert panel.choice() == "avg" and panel.maps.output.title.text.startswith("pooling promedio: 14×14")


def test_topk_panel_in_spanish(spanish_window: MainWindow) -> None:
    panel = spanish_window.topk_panel
    buttons = (panel.scan_button, panel.cancel_button, panel.resume_button)
    assert [b.text() for b in buttons] == ["Escanear", "Cancelar", "Reanudar"]
    assert combo_items(panel.data_box)[-1] == ("Carpeta de imágenes…", "")
    assert panel.limit_box.specialValueText() == "todas" and panel.limit_box.suffix() == " imágenes"
    assert panel.grids.crops.caption.text() == "Campos receptivos (valor)"


def test_quiz_follows_the_interface_language_and_keeps_its_switch(qtbot: QtBot, spanish: None) -> None:
    panel = QuizPanel()
    qtbot.addWidget(panel)
    assert panel.language == "es"  # the interface's language at start
    assert panel.question.text() and panel.exercise is not None and panel.exercise.language == "es"
    assert (panel.check_button.text(), panel.new_button.text()) == ("Comprobar", "Nuevo ejercicio")
    assert panel.score_label.text() == "Aciertos: 0 / 0"
    panel.language_box.setCurrentIndex(panel.language_box.findData("en"))  # its own switch
    assert (panel.check_button.text(), panel.solution_button.text()) == ("Check", "Show solution")
    assert panel.score_label.text() == "Score: 0 / 0" and panel.exercise.language == "en"


def test_quiz_starts_in_english_in_an_english_interface(qtbot: QtBot) -> None:
    panel = QuizPanel()
    qtbot.addWidget(panel)
    assert panel.language == "en" and panel.check_button.text() == "Check"
    panel.language_box.setCurrentIndex(panel.language_box.findData("es"))
    assert panel.check_button.toolTip() == "Comprobar (Ctrl+Intro)"
    assert panel.seed_box.toolTip().startswith("Escribir una semilla")
