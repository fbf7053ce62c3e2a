"""Spanish and English translations of the "panels_a" group (activations … filters panels).

The compiled ``resources/i18n/cnnviz_es.qm`` is installed as the real app installs it
(:func:`cnnviz.gui.i18n.install_translators`) and removed afterwards, so other tests stay
English. The window's panels are built while it is installed and must read Spanish; the
.ts sources must be complete, keep every placeholder and tag, and match the code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from cnnviz.core import convolution
from cnnviz.core.featvis import ClassTarget, UnitTarget
from cnnviz.core.padding import PADDING_MODES
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels import conv_words
from cnnviz.gui.panels.attribution_methods import METHODS
from cnnviz.gui.panels.featvis_job import FeatVisView, describe_featvis
from tests.gui import i18n_scan
from tests.gui.ts_files import assert_spanish_complete, assert_up_to_date, messages

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "cnnviz" / "gui" / "panels").glob("[a-f]*.py"))
ES_TS = ROOT / "resources" / "i18n" / "es" / "panels_a.ts"
EN_TS = ROOT / "resources" / "i18n" / "en" / "panels_a.ts"
NBSP = "\u00a0"


def combo_items(combo) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


# -- the sources -------------------------------------------------------------------------------------
def test_no_untranslated_literals_in_the_group() -> None:
    found = [(path.name, *offender) for path in FILES for offender in i18n_scan.offenders(path)]
    assert found == []


def test_spanish_sources_are_complete_and_keep_placeholders_and_tags() -> None:
    assert_spanish_complete(ES_TS, at_least=151)


def test_english_sources_hold_the_singular_of_every_plural() -> None:
    found = messages(EN_TS)
    assert {m.findtext("source") for _c, m in found} == {
        "%n maps",
        "%n units",
        "%n filters",
        "%n channels",
        "{model}: {total} parameters ({trainable} trainable), %n layers",
    }
    for _context, message in found:
        singular, plural = (f.text or "" for f in message.iter("numerusform"))
        assert plural == message.findtext("source") and singular != plural and "%n" in singular


def test_the_spanish_sources_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    assert_up_to_date(ES_TS, FILES, tmp_path)


def test_the_sandbox_note_mirrors_the_core_text() -> None:
    assert conv_words.CORRELATION_VS_CONVOLUTION == convolution.CORRELATION_VS_CONVOLUTION
    assert set(conv_words.MODE_NAMES) == set(PADDING_MODES)


# -- the words in use -----------------------------------------------------------------------------------
def test_method_names_and_plurals_in_spanish(spanish: None) -> None:
    shown = {m.key: m.shown_title for m in METHODS}
    assert shown == {
        "gradcam": "Grad-CAM",
        "guided_gradcam": "Grad-CAM guiado",
        "saliency": "Saliencia",
        "smoothgrad": "SmoothGrad",
        "guided": "Retropropagación guiada",
        "intgrad": "Gradientes integrados",
        "occlusion": "Oclusión",
        "featvis": "Visualización de características",
    }
    tr = QCoreApplication.translate
    assert [tr("FiltersPanel", "%n channels", "", n) for n in (1, 3)] == ["1 canal", "3 canales"]
    picture = np.zeros((4, 4, 3), np.uint8)
    text = describe_featvis(FeatVisView(4, 8, 1.5, picture, ClassTarget(3)), ["cero"] * 3 + ["tres"])
    assert text == "<b>Visualización de características</b> para la clase <b>tres</b>: paso 4 de 8, logit 1.5"
    unit = describe_featvis(FeatVisView(8, 8, 2.0, picture, UnitTarget("conv2", 7, (1, 2))), [], stopped=True)
    assert unit.endswith(
        "la unidad 1,2 del canal <b>7</b> de la capa <b>conv2</b>: paso 8 de 8, activación 2 · detenida"
    )


def test_english_translator_gives_singulars(english: None) -> None:
    tr = QCoreApplication.translate
    assert [tr("FiltersPanel", "%n channels", "", n) for n in (1, 3)] == ["1 channel", "3 channels"]
    assert tr("ActivationsPanel", "%n maps", "", 1) == "1 map"
    assert tr("ArchitecturePanel", "Layer") == "Layer"  # the source text: no translation needed


def test_architecture_and_activations_in_spanish(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    table = window.architecture_panel.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    assert headers == ["Capa", "Tipo", "Salida", "Parám.", "Entrenar", "CR", "Salto", "FLOPs"]
    assert table.horizontalHeaderItem(5).toolTip().startswith("Campo receptivo")  # type: ignore[union-attr]
    totals = window.architecture_panel.totals.text()
    assert f"61{NBSP}706 parámetros (61{NBSP}706 entrenables)" in totals and totals.endswith(" capas")
    names = window.architecture_panel.layer_names()
    assert table.item(names.index("fc1"), 5).text() == "toda"  # type: ignore[union-attr]
    footer = window.architecture_panel.footer
    assert footer.functional.text().startswith("Mostrar operaciones funcionales")
    activations = window.activations_panel
    assert (activations.per_map.text(), activations.per_layer.text()) == ("Por mapa", "Por capa")
    window.session.select_layer("conv2")
    qtbot.waitUntil(lambda: activations.title.text().startswith("conv2: 16 mapas, 10×10"), timeout=10_000)
    activations.enlarge(4)
    assert activations.title.text().startswith("conv2: mapa 4 de 16")
    assert activations.back.text() == "◀ Todos los mapas"


def test_attribution_in_spanish(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    window.docks["Attribution"].show()
    window.docks["Attribution"].raise_()
    panel = window.attribution_panel
    controls = panel.controls
    methods = combo_items(controls.method)
    assert ("Saliencia", "saliency") in methods and ("Retropropagación guiada", "guided") in methods
    assert ("Gradientes integrados", "intgrad") in methods and ("Oclusión", "occlusion") in methods
    assert combo_items(controls.target)[0] == ("Más probable", None)
    assert [d for _t, d in combo_items(controls.occlusion_map)] == ["probability", "activation", "label"]
    assert combo_items(controls.occlusion_map)[0][0] == "Probabilidad de la clase"
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=10_000)
    assert "<b>Grad-CAM</b> para la clase <b>3</b>" in panel.info.text() and "en la capa" in panel.info.text()
    assert panel.legend.text() == "amarillo brillante: máximo · azul oscuro: nada"
    assert panel.run_button.text() == "Recalcular" and panel.raw_pane.caption.text().startswith(
        "Mapa en conv2"
    )
    controls.set_method("intgrad")  # a slow method: the panel asks for Run, naming it in Spanish
    assert controls.current_method().key == "intgrad"
    assert panel.info.text().startswith("Pulsar Ejecutar para calcular Gradientes integrados")
    assert (panel.run_button.text(), panel.cancel_button.text()) == ("Ejecutar", "Cancelar")


def test_filters_deconvnet_and_convolution_in_spanish(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    window.session.select_layer("conv1")
    window.docks["Filters"].show()
    window.docks["Filters"].raise_()
    filters = window.filters_panel
    qtbot.waitUntil(lambda: filters.title.text() != "", timeout=10_000)
    assert filters.title.text() == "conv1: 6 filtros 5×5 × 1 canal"
    assert (filters.sort_norm.text(), filters.show_norm.text()) == ("Ordenar por norma", "Normas")
    window.docks["Deconvnet"].show()
    window.docks["Deconvnet"].raise_()
    deconv = window.deconv_panel
    assert deconv.strongest.text() == "La más fuerte de este mapa"
    qtbot.waitUntil(lambda: deconv.shown is not None, timeout=30_000)
    assert "activación <b>" in deconv.info.text() and "ve las filas" in deconv.info.text()
    convolution = window.convolution_panel
    tabs = convolution.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["En el modelo", "Prueba libre"]
    sandbox = convolution.sandbox
    assert sandbox.step_text.text().startswith("salida (0, 0): ventana en filas 0–2, columnas 0–2: 0·1 + ")
    assert "; + sesgo 0 = " in sandbox.step_text.text()  # core's words, its numbers unchanged
    assert sandbox.which.text().startswith("Las capas de una CNN calculan la correlación cruzada")
    assert sandbox.formula.text().startswith("alto: ") and "   ancho: " in sandbox.formula.text()
    modes = combo_items(sandbox.mode)
    assert modes[0] == ("ceros", "zero") and ("réplica", "replicate") in modes
    before = sandbox.result
    sandbox.mode.setCurrentIndex(sandbox.mode.findData("replicate"))  # the mode itself reaches the core
    assert sandbox.result is not before and sandbox.result is not None and sandbox.result.mode == "replicate"
    window.docks["Convolution"].show()
    tabs.setCurrentIndex(0)
    step = convolution.model_step
    qtbot.waitUntil(lambda: step.view.isVisible() and step.view.computed.text() != "", timeout=10_000)
    assert step.view.computed.text().startswith("el modelo calculó: ")
    assert (
        step.view.total.text().startswith("Σ sobre 1 canal de entrada: ")
        and "+ sesgo" in step.view.total.text()
    )
    assert step.view.explain.text().startswith("canal de entrada 0, ventana en filas ")
    assert step.view.formula.text().startswith("Tamaño de salida — alto: ")
    assert step.play.text() == "Reproducir"
