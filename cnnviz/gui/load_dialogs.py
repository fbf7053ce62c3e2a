"""The questions a failed load asks: trust a file's code, pick an architecture, use random weights.

Each function builds a dialog without showing it (the caller calls ``open()``,
so nothing blocks and tests can press its buttons). The buttons that matter are
attributes: ``trust_button``, ``random_button``; Cancel is the default wherever
saying yes runs code or downloads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # torch comes with them: imported when a load has failed, not at start-up
    from cnnviz.core.sources import NeedsTrust
    from cnnviz.core.state_match import ArchitectureChoice, Candidate, NoArchitectureFits
    from cnnviz.core.transfer import PretrainedUnavailable

# Sentences several questions share (translated where shown: see ``translated``).
KEEPS = QT_TRANSLATE_NOOP("LoadDialogs", "The model that was open stays open.")
NO_CODE = QT_TRANSLATE_NOOP(
    "LoadDialogs",
    "A state_dict (torch.save(model.state_dict())), TorchScript, ONNX or safetensors file opens "
    "without this question: none of them runs code.",
)


def translated(text: object) -> str:
    """A text marked with QT_TRANSLATE_NOOP("LoadDialogs", …) in the interface language."""
    return QCoreApplication.translate("LoadDialogs", str(text))


class QuestionBox(QMessageBox):
    """A message box whose answer buttons are attributes (None where the question has none)."""

    trust_button: QPushButton | None = None
    random_button: QPushButton | None = None


def message_box(parent: QWidget | None, title: str, text: str, details: str = "") -> QuestionBox:
    """A warning box with a bold first line, the details below and Cancel as the safe answer."""
    box = QuestionBox(parent)
    box.setObjectName("loadQuestion")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    bold = f"<b>{text}</b>"  # the words are translated by the caller
    box.setText(bold)
    box.setInformativeText(details)
    return box


def trust_dialog(error: NeedsTrust, parent: QWidget | None = None) -> QuestionBox:
    """NeedsTrust: loading runs code from the file; only an explicit 'I trust this file' goes on."""
    details = QCoreApplication.translate(
        "LoadDialogs",
        "{error}<br><br>Only continue if you made the file yourself or trust where it came from. {no_code}",
    )
    box = message_box(
        parent,
        QCoreApplication.translate("LoadDialogs", "Run code from this file?"),
        QCoreApplication.translate("LoadDialogs", "Loading '{name}' runs Python code from the file.").format(
            name=error.path.name
        ),
        details.format(error=error, no_code=translated(NO_CODE)),
    )
    box.trust_button = box.addButton(
        QCoreApplication.translate("LoadDialogs", "I trust this file"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def offline_dialog(error: PretrainedUnavailable, name: str, parent: QWidget | None = None) -> QuestionBox:
    """The pretrained weights cannot be had (offline, say): the reason, and random weights instead."""
    details = QCoreApplication.translate(
        "LoadDialogs",
        "{error}<br><br>With random weights every panel still works, "
        "but the predictions mean nothing. {keeps}",
    )
    box = message_box(
        parent,
        QCoreApplication.translate("LoadDialogs", "Pretrained weights unavailable"),
        QCoreApplication.translate(
            "LoadDialogs", "The pretrained weights of {name} could not be downloaded."
        ).format(name=name),
        details.format(error=error, keeps=translated(KEEPS)),
    )
    box.random_button = box.addButton(
        QCoreApplication.translate("LoadDialogs", "Use random weights"), QMessageBox.ButtonRole.AcceptRole
    )
    box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.setDefaultButton(box.random_button)
    return box


def mismatch_report(error: NoArchitectureFits) -> str:
    """Every difference to the closest architecture, one per line (the details of the dialog)."""
    closest = error.closest
    if closest is None:
        return str(error)
    missing = QCoreApplication.translate("LoadDialogs", "missing in the file: {name}")
    unexpected = QCoreApplication.translate("LoadDialogs", "not in the architecture: {name}")
    shapes = QCoreApplication.translate("LoadDialogs", "{name}: file {file}, architecture {architecture}")
    lines = [
        QCoreApplication.translate("LoadDialogs", "Closest architecture: {description}").format(
            description=closest.description
        )
    ]
    lines += ["  " + missing.format(name=name) for name in closest.missing]
    lines += ["  " + unexpected.format(name=name) for name in closest.unexpected]
    lines += [
        "  " + shapes.format(name=name, file=list(a), architecture=list(b))
        for name, a, b in closest.wrong_shapes
    ]
    return "\n".join(lines)


def mismatch_dialog(error: NoArchitectureFits, parent: QWidget | None = None) -> QuestionBox:
    """No known architecture fits the state_dict: the closest one and how it differs."""
    details = QCoreApplication.translate(
        "LoadDialogs",
        "{error}<br><br>Save a cnnviz checkpoint, or put the builder design beside the file as JSON "
        "(model.json for model.pt). {keeps}",
    )
    box = message_box(
        parent,
        QCoreApplication.translate("LoadDialogs", "No architecture fits these weights"),
        QCoreApplication.translate("LoadDialogs", "cnnviz knows no architecture with exactly these tensors."),
        details.format(error=error, keeps=translated(KEEPS)),
    )
    box.setDetailedText(mismatch_report(error))
    box.addButton(QMessageBox.StandardButton.Close)
    return box


def failure_dialog(message: str, parent: QWidget | None = None) -> QuestionBox:
    """Any other reason a model could not be opened."""
    box = message_box(
        parent,
        QCoreApplication.translate("LoadDialogs", "Could not open the model"),
        message,
        translated(KEEPS),
    )
    box.addButton(QMessageBox.StandardButton.Close)
    return box


class ArchitectureDialog(QDialog):
    """Several architectures fit a state_dict: the user picks the one it was saved from."""

    def __init__(self, error: ArchitectureChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("architectureChoice")
        self.setWindowTitle(self.tr("Which architecture?"))
        self.candidates: list[Candidate] = list(error.candidates)
        intro = QLabel(
            self.tr(
                "{error}<br><br>The weights alone cannot tell these apart (they differ in what has "
                "no weights: pooling, activations). Pick the one the file was saved from."
            ).format(error=error)
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems([c.description for c in self.candidates])
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def chosen(self) -> Candidate | None:
        """The highlighted candidate."""
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None
