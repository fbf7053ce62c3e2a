"""Opening models the user asked for, and answering what a failed load asks.

:class:`ModelOpener` shows File ▸ Open model… (its list read off the GUI
thread), starts the load, and when that load fails asks the question the
failure raises: trust a pickled file's code, pick one of several fitting
architectures, read why none fits, or use random weights when the pretrained
ones cannot be downloaded. Loads started elsewhere (the last model at start-up)
only report in the status bar. Every dialog opens without blocking and is kept
in :attr:`ModelOpener.dialog` while it is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from cnnviz.gui.load_dialogs import (
    ArchitectureDialog,
    QuestionBox,
    failure_dialog,
    mismatch_dialog,
    offline_dialog,
    trust_dialog,
)
from cnnviz.gui.loader import LoadFailure, LoadRequest
from cnnviz.gui.model_info import ModelInfoDialog
from cnnviz.gui.open_model_dialog import OpenModelDialog, model_filter

if TYPE_CHECKING:
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.main_window import MainWindow


class CatalogueReader(QThread):
    """Builds the Open model list (torchvision's import and metadata) off the GUI thread."""

    ready = Signal(object)

    def run(self) -> None:
        """Thread body: the catalogue, or the built-ins alone if torchvision is missing or broken."""
        from cnnviz.core.zoo_catalogue import builtin_entries, catalogue

        try:
            entries = catalogue()
        except Exception as exc:  # a broken torchvision must not take the built-ins with it
            print(f"cnnviz: no torchvision models to offer: {exc}")
            entries = builtin_entries()
        self.ready.emit(entries)


class ModelOpener(QObject):
    """The window's Open model… dialog, the loads it starts and the questions their failures ask."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None  # the dialog on screen, if any
        self.asked: LoadRequest | None = None  # the load the user started here
        self.info: ModelInfoDialog | None = None
        self._readers: list[CatalogueReader] = []
        window.session.load_problem.connect(self._problem)
        window.session.model_changed.connect(self._loaded)

    # -- asking for a model ------------------------------------------------------------
    def choose(self) -> OpenModelDialog:
        """File ▸ Open model…: the list (filled when read), then the load of what was picked."""
        dialog = OpenModelDialog(self.window)
        reader = CatalogueReader()
        reader.ready.connect(dialog.set_entries)
        reader.finished.connect(lambda: self._readers.remove(reader) if reader in self._readers else None)
        self._readers.append(reader)
        reader.start()
        dialog.accepted.connect(lambda: self._picked(dialog))
        self._show(dialog)
        return dialog

    def _picked(self, dialog: OpenModelDialog) -> None:
        source = dialog.chosen_source()
        if source:
            self.open(source)

    def choose_file(self) -> None:
        """File ▸ Open model file…"""
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open model file"), "", model_filter())
        if path:
            self.open(path)

    def open(self, source: str, trust: bool = False, arch_spec: dict[str, Any] | None = None) -> None:
        """Load ``source``; if it fails, ask what its failure asks."""
        self.asked = LoadRequest(source, trust, arch_spec)
        self.window.open_model(source, trust=trust, arch_spec=arch_spec)

    def show_info(self) -> ModelInfoDialog:
        """Model ▸ Model info…: what the model is and which panels work for it (updated on switching)."""
        if self.info is None:
            self.info = ModelInfoDialog(self.window.session, self.window)
        self.info.refresh()
        self.info.show()
        self.info.raise_()
        return self.info

    # -- answering a failure -----------------------------------------------------------------
    def _loaded(self, bundle: ModelBundle) -> None:
        asked, self.asked = self.asked, None
        if asked is not None and bundle.extra.get("input_guessed"):
            self.show_info()  # the input had to be guessed: show it, where it can be set

    def _problem(self, failure: LoadFailure) -> None:
        if self.asked is None or failure.request != self.asked:
            return  # not a load the user just asked for here: the status bar says it
        self.asked = None
        from cnnviz.core.sources import NeedsTrust
        from cnnviz.core.state_match import ArchitectureChoice, NoArchitectureFits
        from cnnviz.core.transfer import PretrainedUnavailable

        error, request = failure.error, failure.request
        if isinstance(error, NeedsTrust) and not request.trust:
            box = trust_dialog(error, self.window)
            self._answer(box, lambda: self.open(request.source, True, request.arch_spec))
        elif isinstance(error, ArchitectureChoice):
            self._choose_architecture(ArchitectureDialog(error, self.window), request)
        elif isinstance(error, NoArchitectureFits):
            self._show(mismatch_dialog(error, self.window))
        elif isinstance(error, PretrainedUnavailable) and request.source.startswith("zoo:"):
            name = request.source.removeprefix("zoo:").removesuffix(":pretrained")
            self._answer(offline_dialog(error, name, self.window), lambda: self.open(f"zoo:{name}"))
        else:
            self._show(failure_dialog(failure.message, self.window))

    def _answer(self, box: QuestionBox, on_yes: Any) -> None:
        """Show ``box``; run ``on_yes`` only when its trust or random-weights button was pressed."""
        yes = box.trust_button or box.random_button

        def finished(_code: int) -> None:
            if yes is not None and box.clickedButton() is yes:
                on_yes()

        box.finished.connect(finished)
        self._show(box)

    def _choose_architecture(self, dialog: ArchitectureDialog, request: LoadRequest) -> None:
        def chosen() -> None:
            candidate = dialog.chosen()
            if candidate is not None:
                self.open(request.source, request.trust, candidate.spec)

        dialog.accepted.connect(chosen)
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        """Open ``dialog`` window-modal without blocking; forget it once it closes."""
        self.dialog = dialog

        def closed(_code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        if isinstance(dialog, QMessageBox):
            dialog.setModal(True)
        dialog.open()
