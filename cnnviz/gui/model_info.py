"""Model ▸ Model info…: what the open model is, which panels and methods work for it and why not.

The input a model expects is shown too; where cnnviz had to guess it (a
pickled, TorchScript or exported model that does not say), it can be set here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.capability_words import capability_text
from cnnviz.gui.numbers import grouped
from cnnviz.gui.session import Session

if TYPE_CHECKING:
    from cnnviz.core.capabilities import Capability
    from cnnviz.core.spec import InputSpec, ModelBundle

YES, NO = "✓", "✗"
YES_COLOUR, NO_COLOUR = QColor("#5fd35f"), QColor("#ff6b6b")


def format_title(bundle: ModelBundle) -> str:
    """'torchvision model', 'TorchScript file', 'state_dict', … for the bundle's origin."""
    fmt = str(bundle.extra.get("format", ""))
    if not fmt:
        if bundle.source.startswith("zoo:"):
            return QCoreApplication.translate("ModelInfo", "torchvision model")
        return QCoreApplication.translate("ModelInfo", "PyTorch module in memory")
    from cnnviz.core.model_files import FORMAT_TITLES

    return capability_text(FORMAT_TITLES.get(fmt, fmt))


def numbers_text(values: tuple[float, ...]) -> str:
    """(0.485, 0.456, 0.406) → '0.485, 0.456, 0.406'."""
    return ", ".join(f"{v:g}" for v in values)


def input_text(spec: InputSpec) -> str:
    """One line: shape, how an image is brought to it, normalisation."""
    shape = f"{spec.channels}×{spec.height}×{spec.width}"
    if spec.preprocess == "center_crop":
        how = QCoreApplication.translate("ModelInfo", "centre crop of {size}").format(size=spec.resize_size)
    elif spec.preprocess == "mnist":
        how = QCoreApplication.translate("ModelInfo", "MNIST-style centring")
    else:
        how = QCoreApplication.translate("ModelInfo", "resize")
    text = QCoreApplication.translate("ModelInfo", "{shape} ({how}), mean {mean}, std {std}")
    return text.format(shape=shape, how=how, mean=numbers_text(spec.mean), std=numbers_text(spec.std))


def capability_summary(capabilities: list[Capability]) -> str:
    """'All 12 panels and methods work' or 'Not available: Filters, Training'."""
    missing = [capability_text(c.name) for c in capabilities if not c.available]
    if not missing:
        text = QCoreApplication.translate("ModelInfo", "All {count} panels and methods work for this model")
        return f"{YES} " + text.format(count=len(capabilities))
    text = QCoreApplication.translate(
        "ModelInfo", "Not available for this model: {names} (Model ▸ Model info… says why)"
    )
    return f"{NO} " + text.format(names=", ".join(missing))


class InputEditor(QGroupBox):
    """Channels, size, mean and std of the input; Apply re-opens the model with them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Input the model expects"))
        self.session = session
        self.channels_box, self.height_box, self.width_box = QSpinBox(), QSpinBox(), QSpinBox()
        self.channels_box.setRange(1, 16)
        for box in (self.height_box, self.width_box):
            box.setRange(1, 2048)
        self.mean, self.std = QLineEdit(), QLineEdit()
        self.apply_button = QPushButton(self.tr("Apply"))
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #ff8080;")
        form = QFormLayout(self)
        form.addRow(self.tr("Channels"), self.channels_box)
        form.addRow(self.tr("Height"), self.height_box)
        form.addRow(self.tr("Width"), self.width_box)
        form.addRow(self.tr("Mean (per channel)"), self.mean)
        form.addRow(self.tr("Std (per channel)"), self.std)
        form.addRow(self.problem, self.apply_button)
        self.apply_button.clicked.connect(self.apply)

    def show_spec(self, spec: InputSpec, guessed: bool) -> None:
        """Fill the fields from ``spec``; the title says whether it was guessed."""
        self.setTitle(
            self.tr("Input: guessed — set it if the model expects another") if guessed else self.tr("Input")
        )
        self.channels_box.setValue(spec.channels)
        self.height_box.setValue(spec.height)
        self.width_box.setValue(spec.width)
        self.mean.setText(numbers_text(spec.mean))
        self.std.setText(numbers_text(spec.std))
        self.problem.setText("")

    def edited_spec(self, spec: InputSpec) -> InputSpec:
        """``spec`` with the fields' values; ValueError for unreadable numbers."""
        mean = tuple(float(v) for v in self.mean.text().replace(";", ",").split(",") if v.strip())
        std = tuple(float(v) for v in self.std.text().replace(";", ",").split(",") if v.strip())
        channels = self.channels_box.value()
        if len(mean) not in (1, channels) or len(std) not in (1, channels) or not all(std):
            raise ValueError(
                self.tr("give one mean and one non-zero std, or {count} of each").format(count=channels)
            )
        preprocess = "resize" if spec.preprocess == "center_crop" else spec.preprocess
        return replace(
            spec, channels=channels, height=self.height_box.value(), width=self.width_box.value(),
            mean=mean, std=std, preprocess=preprocess,
        )  # fmt: skip

    def apply(self) -> None:
        """Check the model takes the new input, then show it with it (the previous input if not)."""
        bundle = self.session.bundle
        if bundle is None:
            return
        from cnnviz.core.model_probe import PROBE_ERRORS, output_count

        try:
            spec = self.edited_spec(bundle.spec)
            output_count(bundle.module, spec.shape)
        except (*PROBE_ERRORS, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self.problem.setText(self.tr("Not applied: {reason}").format(reason=first))
            return
        extra = bundle.extra | {"input_guessed": False}
        self.session.show_model(replace(bundle, spec=spec, extra=extra), self.session.capabilities)


class ModelInfoDialog(QDialog):
    """The open model: where it came from, its input, and every panel or method with ✓/✗ and why."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInfoDialog")
        self.setWindowTitle(self.tr("Model info"))
        self.session = session
        self.header = QLabel("")
        self.header.setObjectName("modelInfoHeader")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("capabilityTable")
        self.table.setHorizontalHeaderLabels(["", self.tr("Panel or method"), self.tr("Why not / note")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.input_editor = InputEditor(session)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.input_editor)
        layout.addWidget(buttons)
        self.resize(720, 620)
        session.model_changed.connect(self._model_changed)

    def _model_changed(self, _bundle: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Show the current model."""
        bundle = self.session.bundle
        if bundle is None:
            self.header.setText(self.tr("No model is open."))
            self.table.setRowCount(0)
            return
        weights = self.tr("trained") if bundle.trained else self.tr("random (as initialised)")
        if bundle.extra.get("weights"):
            weights = self.tr("pretrained ({weights})").format(weights=bundle.extra["weights"])
        guessed = self.tr(" — guessed") if bundle.extra.get("input_guessed") else ""
        lines = [
            f"<b>{bundle.name}</b>",
            self.tr("Source: {source}").format(source=bundle.source or "—"),
            self.tr("Format: {format}").format(format=format_title(bundle)),
            self.tr("Weights: {weights}, {count} parameters").format(
                weights=weights, count=grouped(bundle.parameter_count)
            ),
            self.tr("Input: {input}").format(input=input_text(bundle.spec)) + guessed,
        ]
        if bundle.extra.get("note"):
            lines.append(self.tr("Note: {note}").format(note=bundle.extra["note"]))
        self.header.setText("<br>".join(lines))
        self.fill_table(self.session.capabilities)
        self.input_editor.show_spec(bundle.spec, bool(bundle.extra.get("input_guessed")))

    def fill_table(self, capabilities: list[Capability]) -> None:
        """One row per panel or method: ✓ or ✗, its name, the reason."""
        self.table.setRowCount(len(capabilities))
        for row, capability in enumerate(capabilities):
            mark = QTableWidgetItem(YES if capability.available else NO)
            mark.setForeground(YES_COLOUR if capability.available else NO_COLOUR)
            mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, mark)
            self.table.setItem(row, 1, QTableWidgetItem(capability_text(capability.name)))
            reason = QTableWidgetItem(capability_text(capability.reason))
            reason.setToolTip(reason.text())
            self.table.setItem(row, 2, reason)
        if not capabilities:
            self.table.setRowCount(1)
            self.table.setItem(
                0, 1, QTableWidgetItem(self.tr("Not checked for this model: every panel tries"))
            )
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as text: (mark, name, reason) per row."""
        cells = ((self.table.item(r, c) for c in range(3)) for r in range(self.table.rowCount()))
        return [tuple(i.text() if i is not None else "" for i in row) for row in cells]  # type: ignore[misc]
