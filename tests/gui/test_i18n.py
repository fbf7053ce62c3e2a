"""The interface language: Spanish or English windows, View ▸ Language, the shipped translations."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from cnnviz.gui.export_commands import export_png
from cnnviz.gui.i18n import (
    install_language,
    install_translators,
    remove_translators,
    resolve_language,
    save_choice,
    saved_choice,
    translations_dir,
)
from cnnviz.gui.inference_worker import EMPTY_INPUT
from cnnviz.gui.language_menu import restart_command
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.preferences import show_preferences
from tests.gui import i18n_scan
from tests.gui.conftest import open_window

ROOT = Path(__file__).resolve().parents[2]
SPANISH = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)


@pytest.fixture
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installs, the next test starts in English with the default locale."""
    locale = QLocale()
    try:
        yield
    finally:
        remove_translators(qapp)
        QLocale.setDefault(locale)


def start_in(qtbot: QtBot, settings: QSettings, choice: str) -> MainWindow:
    """The real start-up order: the language setting, the translators, then the window."""
    save_choice(settings, choice)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_language(app, settings)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def standard_buttons() -> list[str]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
    )
    texts = [
        box.button(b).text().replace("&", "") for b in (box.StandardButton.Ok, box.StandardButton.Cancel)
    ]
    texts += [box.button(b).text().replace("&", "") for b in (box.StandardButton.Yes, box.StandardButton.No)]
    box.deleteLater()
    return texts


def assert_spanish(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert menu_titles(window)[:5] == ["&Archivo", "&Edición", "&Modelo", "&Ver", "Ay&uda"]
    assert window.docks["Activations"].windowTitle() == "Activaciones"
    assert window.docks["Input"].windowTitle() == "Entrada"
    assert window.docks["Prediction"].windowTitle() == "Predicción"
    assert window.status.model_label.text() == "Iniciando…"
    assert export_png(window, "Input", str(tmp_path / "input.png"))
    assert window.statusBar().currentMessage() == f"Guardado en {tmp_path / 'input.png'}"
    assert standard_buttons() == ["Aceptar", "Cancelar", "Sí", "No"]


@pytest.mark.usefixtures("english_afterwards")
def test_a_window_started_in_spanish_speaks_spanish(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    window = start_in(qtbot, settings, "es")
    assert_spanish(window, qtbot, tmp_path)
    assert window.actions_["open_image"].text() == "&Abrir imagen…"


@pytest.mark.usefixtures("english_afterwards")
def test_a_window_started_in_english_speaks_english(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    window = start_in(qtbot, settings, "en")
    assert menu_titles(window)[:5] == ["&File", "&Edit", "&Model", "&View", "&Help"]
    assert window.docks["Activations"].windowTitle() == "Activations"
    assert window.status.model_label.text() == "Starting…"
    assert export_png(window, "Input", str(tmp_path / "input.png"))
    assert window.statusBar().currentMessage() == f"Saved {tmp_path / 'input.png'}"
    assert standard_buttons() == ["OK", "Cancel", "Yes", "No"]


@pytest.mark.usefixtures("english_afterwards")
def test_the_system_language_follows_a_spanish_locale(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    window = start_in(qtbot, settings, "system")
    assert_spanish(window, qtbot, tmp_path)


@pytest.mark.usefixtures("english_afterwards")
def test_core_messages_the_gui_reports_are_translated(qapp: QApplication) -> None:
    """The empty-input messages come from core (no Qt there): the GUI's copies must match them."""
    source = (ROOT / "cnnviz" / "core" / "preprocess.py").read_text(encoding="utf-8")
    assert set(re.findall(r'EmptyInputError\("([^"]+)"\)', source)) == {str(t) for t in EMPTY_INPUT}
    install_translators(qapp, "es")
    spanish = [QCoreApplication.translate("InferenceWorker", str(text)) for text in EMPTY_INPUT]
    assert spanish == [
        "No hay trazos que clasificar: dibujar algo primero.",
        "La imagen está vacía (ancho o alto cero).",
    ]


def test_a_choice_resolves_to_a_shipped_language() -> None:
    assert resolve_language("es") == "es" and resolve_language("en", SPANISH) == "en"
    assert resolve_language("system", SPANISH) == "es"
    assert resolve_language("system", QLocale(QLocale.Language.Spanish, QLocale.Country.Argentina)) == "es"
    assert resolve_language("system", QLocale(QLocale.Language.French, QLocale.Country.France)) == "en"
    assert resolve_language("system", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "en"
    assert {p.name for p in translations_dir().glob("*.qm")} >= {"cnnviz_es.qm", "cnnviz_en.qm"}


def test_an_unknown_saved_language_means_the_system_one(settings: QSettings) -> None:
    assert saved_choice(settings) == "system"
    settings.setValue("prefs/language", "fr")
    assert saved_choice(settings) == "system"
    save_choice(settings, "es")
    assert saved_choice(settings) == "es"


# -- View ▸ Language ---------------------------------------------------------------------------------
class Starts:
    """Records the processes the restart would start (nothing is started in tests)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str], str]] = []

    def __call__(self, program: str, arguments: list[str], folder: str) -> bool:
        self.calls.append((program, arguments, folder))
        return True


def choose_spanish(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """View ▸ Language ▸ Español; the restart message that appears (never waited on by exec())."""
    window.actions_["language_es"].trigger()
    message = window.language_menu.message
    assert message is not None
    qtbot.waitUntil(message.isVisible)
    return message


def test_view_language_saves_the_choice_and_says_it_applies_at_a_restart(
    qtbot: QtBot, window: MainWindow
) -> None:
    starts = Starts()
    window.language_menu.start = starts
    choices = [a.data() for a in window.language_menu.menu.actions()]
    assert choices == ["system", "en", "es"]
    assert [a.text() for a in window.language_menu.menu.actions()] == [
        "System language",
        "English",
        "Español",
    ]
    assert window.actions_["language_system"].isChecked()
    message = choose_spanish(qtbot, window)
    assert saved_choice(window.settings) == "es"
    assert window.actions_["language_es"].isChecked() and not window.actions_["language_system"].isChecked()
    assert message.text() == "The language changes when cnnviz restarts."
    assert message.windowModality() == Qt.WindowModality.WindowModal  # open(), never exec()
    assert sorted(b.text() for b in message.buttons()) == ["Later", "Restart now"]
    later = next(b for b in message.buttons() if b.text() == "Later")
    later.click()
    qtbot.waitUntil(lambda: window.language_menu.message is None)
    assert window.isVisible() and starts.calls == []
    window.actions_["language_es"].trigger()  # the same language again: nothing to say
    assert window.language_menu.message is None


@pytest.mark.usefixtures("english_afterwards")
def test_the_preferences_dialog_and_the_menu_show_the_same_language(qtbot: QtBot, window: MainWindow) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    message = choose_spanish(qtbot, window)
    message.reject()
    dialog = show_preferences(window)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.language.currentData() == "es"
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["system", "en", "es"]
    dialog.language.setCurrentIndex(dialog.language.findData("system"))
    dialog.accept()
    assert saved_choice(window.settings) == "system"
    assert window.actions_["language_system"].isChecked()
    assert window.language_menu.message is None  # the system language is English here: no restart needed
    dialog = show_preferences(window)
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.accept()
    assert window.actions_["language_es"].isChecked()
    offer = window.language_menu.message
    assert offer is not None and offer.isVisible()
    offer.reject()
    window.actions_["language_en"].trigger()  # back to the language on screen before restarting
    assert saved_choice(window.settings) == "en" and window.language_menu.message is None


def test_restart_now_closes_the_window_then_starts_cnnviz_again(qtbot: QtBot, window: MainWindow) -> None:
    starts = Starts()
    window.language_menu.start = starts
    message = choose_spanish(qtbot, window)
    restart = next(b for b in message.buttons() if b.text() == "Restart now")
    restart.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    program, arguments = restart_command()
    assert starts.calls == [(program, arguments, str(Path.cwd()))]
    assert program == sys.executable and arguments == sys.orig_argv[1:]


class RefuseClose(QObject):
    """Stands for the user answering 'Cancel' to the question a close asks."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return False


def test_no_restart_when_the_close_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    starts = Starts()
    window.language_menu.start = starts
    refuse = RefuseClose(window)
    window.installEventFilter(refuse)
    message = choose_spanish(qtbot, window)
    next(b for b in message.buttons() if b.text() == "Restart now").click()
    qtbot.waitUntil(lambda: window.language_menu.message is None)
    assert window.isVisible() and starts.calls == []
    window.removeEventFilter(refuse)


# -- the shipped translations ---------------------------------------------------------------------------
def test_every_spanish_message_is_translated_and_compiled() -> None:
    """`build_translations.py --check`: the sources scanned again leave nothing unfinished, .qm current."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build_translations.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_visible_string_bypasses_the_translation_in_the_whole_gui() -> None:
    found = [(path.name, *hit) for path in i18n_scan.gui_files() for hit in i18n_scan.offenders(path)]
    assert found == []


def test_open_window_fixture_stays_english(qtbot: QtBot, settings: QSettings) -> None:
    """Tests that build a window without choosing a language see English (no translator left over)."""
    window = open_window(qtbot, settings)
    assert menu_titles(window)[0] == "&File"
