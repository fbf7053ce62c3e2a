"""The interface language: which one, and Qt's translators for it.

The language is the ``prefs/language`` setting ("system", "en" or "es"; Edit ▸
Preferences… and View ▸ Language set it); "system" follows the default locale
(Spanish for any Spanish locale, English otherwise). :func:`install_language`
loads ``resources/i18n/cnnviz_<lang>.qm`` and Qt's own ``qtbase_<lang>.qm`` (the
standard buttons: OK, Cancel, Yes, No) before any widget exists. The language
changes only at a restart. Numbers keep their formatting in every language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from cnnviz.core.resources import resources_dir

LANGUAGE_KEY = "prefs/language"
SYSTEM = "system"
LANGUAGES = ("en", "es")  # the interface languages shipped
LANGUAGE_CHOICES = (SYSTEM, *LANGUAGES)  # what the setting may hold
DEFAULT_LANGUAGE = "en"  # the source language: no translator needed
# Each language is named in its own words; only "System language" is translated.
_NAMES = {SYSTEM: str(QT_TRANSLATE_NOOP("Language", "System language")), "en": "English", "es": "Español"}
# The dock titles: window.docks keys (English, in code and saved layouts) and what is shown.
PANEL_TITLES = (
    QT_TRANSLATE_NOOP("Panels", "Input"),
    QT_TRANSLATE_NOOP("Panels", "Prediction"),
    QT_TRANSLATE_NOOP("Panels", "Architecture"),
    QT_TRANSLATE_NOOP("Panels", "Activations"),
    QT_TRANSLATE_NOOP("Panels", "Filters"),
    QT_TRANSLATE_NOOP("Panels", "Deconvnet"),
    QT_TRANSLATE_NOOP("Panels", "Attribution"),
    QT_TRANSLATE_NOOP("Panels", "Training"),
    QT_TRANSLATE_NOOP("Panels", "Convolution"),
    QT_TRANSLATE_NOOP("Panels", "Image kernels"),
    QT_TRANSLATE_NOOP("Panels", "Pooling"),
    QT_TRANSLATE_NOOP("Panels", "Quiz"),
    QT_TRANSLATE_NOOP("Panels", "Top-9"),
    QT_TRANSLATE_NOOP("Panels", "Camera"),
)

_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)
_language = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    """Where the compiled translations live: ``resources/i18n`` (source checkout or installed)."""
    return resources_dir() / "i18n"


def qt_translations_dir() -> str:
    """Qt's own translations (qtbase_es.qm, …) as shipped with PySide6."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def saved_choice(settings: QSettings) -> str:
    """The language setting: "system", "en" or "es" ("system" where unset or unknown)."""
    value = str(settings.value(LANGUAGE_KEY, SYSTEM) or SYSTEM)
    return value if value in LANGUAGE_CHOICES else SYSTEM


def save_choice(settings: QSettings, choice: str) -> None:
    """Store the language setting (used from the next start)."""
    settings.setValue(LANGUAGE_KEY, choice if choice in LANGUAGE_CHOICES else SYSTEM)
    settings.sync()


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """The interface language for a setting: "system" follows ``locale`` (the default locale,
    i.e. the system's unless set): Spanish for any Spanish locale, English otherwise."""
    if choice in LANGUAGES:
        return choice
    spanish = (locale or QLocale()).language() == QLocale.Language.Spanish
    return "es" if spanish else DEFAULT_LANGUAGE


def language_name(choice: str) -> str:
    """How a choice is named in menus: "System language" (translated), "English", "Español"."""
    return QCoreApplication.translate("Language", _NAMES.get(choice, choice))


def panel_title(key: str) -> str:
    """The shown title of the dock ``key`` ("Activations" → "Activaciones" in Spanish)."""
    return QCoreApplication.translate("Panels", key)


def current_language() -> str:
    """The language installed by :func:`install_language` ("en" until then)."""
    return _language


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install cnnviz's and Qt's translations of ``language`` ("en" or "es"); the ones loaded.

    Any translators installed before are removed first. English needs only the plural
    forms of cnnviz's messages (the source texts are English).
    """
    global _language
    remove_translators(app)
    files = ((f"cnnviz_{language}", str(translations_dir())), (f"qtbase_{language}", qt_translations_dir()))
    for name, folder in files:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            _installed.append(translator)
    _language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return list(_installed)


def remove_translators(app: QCoreApplication) -> None:
    """Back to the English source texts (tests restore this after a Spanish window)."""
    global _language
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()
    _language = DEFAULT_LANGUAGE


def install_language(app: QCoreApplication, settings: QSettings) -> str:
    """The start-up step: the saved choice resolved and its translators installed; the language."""
    language = resolve_language(saved_choice(settings))
    install_translators(app, language)
    return language
