"""Below the layer table: what works for this model, and the functional-operations switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from cnnviz.gui.capability_words import capability_text
from cnnviz.gui.model_info import capability_summary
from cnnviz.gui.presenter import mark_advanced
from cnnviz.gui.session import Session

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult

FUNCTIONAL_TEXT = QT_TRANSLATE_NOOP("ArchitectureFooter", "Show functional operations (x + y, F.relu…)")
FUNCTIONAL_HINT = QT_TRANSLATE_NOOP(
    "ArchitectureFooter",
    "Also list what the model computes with plain functions, not layers: ResNet's skip additions, "
    "F.relu, torch.flatten. They have no parameters; their outputs show in Activations.",
)


class ArchitectureFooter(QWidget):
    """One line on which panels work (reasons in the tooltip), the functional switch and its note."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.works = QLabel("")
        self.works.setObjectName("capabilityLine")
        self.works.setWordWrap(True)
        self.functional = QCheckBox(QCoreApplication.translate("ArchitectureFooter", str(FUNCTIONAL_TEXT)))
        self.functional.setObjectName("functionalToggle")
        mark_advanced(self.functional)  # hidden in presenter mode
        self.functional.setToolTip(QCoreApplication.translate("ArchitectureFooter", str(FUNCTIONAL_HINT)))
        self.note = QLabel("")
        self.note.setObjectName("functionalNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.works)
        layout.addWidget(self.functional)
        layout.addWidget(self.note)
        self.functional.toggled.connect(session.set_functional)
        session.model_changed.connect(self._model_changed)
        session.result_ready.connect(self._result)

    def _model_changed(self, _bundle: object) -> None:
        capabilities = self.session.capabilities
        self.works.setVisible(bool(capabilities))
        self.works.setText(capability_summary(capabilities) if capabilities else "")
        reasons = [
            f"{capability_text(c.name)}: {capability_text(c.reason)}" for c in capabilities if not c.available
        ]
        self.works.setToolTip("\n".join(reasons))
        self.note.hide()

    def _result(self, result: InferenceResult) -> None:
        note = result.summary.functional_note if self.session.functional else ""
        self.note.setText(capability_text(note))  # core's words
        self.note.setVisible(bool(note))
