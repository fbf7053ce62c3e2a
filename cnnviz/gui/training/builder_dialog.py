"""The architecture builder: INPUT → [[CONV → ACT]×N → POOL?]×M → [FC → ACT]×K → FC.

Each table row is one convolution; a pooling choice on a row closes a block.
The plan (output shape and parameters of every layer) updates on every edit;
an impossible configuration is explained, never crashed on.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Choice keys (what the builder configuration holds); each is shown translated in the "BuilderDialog" context.
ACTIVATIONS = ("relu", "leakyrelu", "elu", "tanh", "sigmoid")
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
POOLS = ("none", "max", "avg")
SHOWN_CHOICES = (
    QT_TRANSLATE_NOOP("BuilderDialog", "relu"),
    QT_TRANSLATE_NOOP("BuilderDialog", "leakyrelu"),
    QT_TRANSLATE_NOOP("BuilderDialog", "elu"),
    QT_TRANSLATE_NOOP("BuilderDialog", "tanh"),
    QT_TRANSLATE_NOOP("BuilderDialog", "sigmoid"),
    QT_TRANSLATE_NOOP("BuilderDialog", "zeros"),
    QT_TRANSLATE_NOOP("BuilderDialog", "reflect"),
    QT_TRANSLATE_NOOP("BuilderDialog", "replicate"),
    QT_TRANSLATE_NOOP("BuilderDialog", "circular"),
    QT_TRANSLATE_NOOP("BuilderDialog", "none"),
    QT_TRANSLATE_NOOP("BuilderDialog", "max"),
    QT_TRANSLATE_NOOP("BuilderDialog", "avg"),
)
COLUMNS = (
    QT_TRANSLATE_NOOP("BuilderDialog", "Filters"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Kernel"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Stride"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Padding"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Padding mode"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Activation"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Batch norm"),
    QT_TRANSLATE_NOOP("BuilderDialog", "Pool after"),
)
DEFAULT_ROWS = ((8, 3, 1, 1, "none"), (8, 3, 1, 1, "max"), (16, 3, 1, 1, "none"), (16, 3, 1, 1, "max"))


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def _shown(text: object) -> str:
    return QCoreApplication.translate("BuilderDialog", str(text))


def _choice(options: tuple[str, ...], value: str) -> QComboBox:
    """A combo box showing translated options; its item data are the keys."""
    box = QComboBox()
    for option in options:
        box.addItem(_shown(option), option)
    box.setCurrentIndex(options.index(value))
    return box


def config_blocks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conv rows → blocks: a row with pooling closes its block (the last block may have none)."""
    blocks: list[dict[str, Any]] = []
    convs: list[dict[str, Any]] = []
    for row in rows:
        pool = row.pop("pool")
        convs.append(row)
        if pool != "none":
            blocks.append({"convs": convs, "pool": pool, "pool_size": 2})
            convs = []
    if convs:
        blocks.append({"convs": convs, "pool": None, "pool_size": 2})
    return blocks


class BuilderDialog(QDialog):
    """Edit a builder configuration with the plan shown live."""

    def __init__(
        self, input_shape: tuple[int, int, int], classes: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Build an architecture"))
        self.input_shape, self.classes = input_shape, classes
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_shown(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fc = QLineEdit("64")
        self.fc.setToolTip(self.tr("Hidden fully connected layers, e.g. 120, 84 (empty: none)"))
        self.fc_activation = _choice(ACTIVATIONS, "relu")
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.1)
        self.plan_table = QTableWidget(0, 4)
        self.plan_table.setHorizontalHeaderLabels(
            [self.tr("Layer"), self.tr("Type"), self.tr("Output"), self.tr("Params")]
        )
        self.plan_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._build()
        for row in DEFAULT_ROWS:
            self.add_row(*row)
        self.table.resizeColumnsToContents()  # headers and editors in full, in every language
        self.update_plan()

    def _build(self) -> None:
        add, remove = QPushButton(self.tr("Add convolution")), QPushButton(self.tr("Remove selected"))
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_selected)
        edit_row = QHBoxLayout()
        edit_row.addWidget(add)
        edit_row.addWidget(remove)
        edit_row.addStretch(1)
        head = QFormLayout()
        head.addRow(self.tr("Input"), QLabel("×".join(str(v) for v in self.input_shape)))
        head.addRow(self.tr("Hidden FC layers"), self.fc)
        head.addRow(self.tr("FC activation"), self.fc_activation)
        head.addRow(self.tr("Dropout"), self.dropout)
        head.addRow(self.tr("Output"), QLabel(self.tr("%n class(es)", "", self.classes)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Convolutions (a pooling choice ends a block):")))
        layout.addWidget(self.table, 2)
        layout.addLayout(edit_row)
        layout.addLayout(head)
        layout.addWidget(QLabel(self.tr("Plan:")))
        layout.addWidget(self.plan_table, 3)
        layout.addWidget(self.verdict)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.fc.textChanged.connect(self.update_plan)
        self.fc_activation.currentTextChanged.connect(self.update_plan)
        self.dropout.valueChanged.connect(self.update_plan)
        self.resize(900, 640)

    def add_row(
        self, filters: int = 16, kernel: int = 3, stride: int = 1, padding: int = 1, pool: str = "none"
    ) -> None:
        """Append a convolution row."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem())
        editors = [
            _spin(1, 1024, filters),
            _spin(1, 15, kernel),
            _spin(1, 8, stride),
            _spin(0, 15, padding),
            _choice(PADDING_MODES, "zeros"),
            _choice(ACTIVATIONS, "relu"),
            QCheckBox(),
            _choice(POOLS, pool),
        ]
        for column, editor in enumerate(editors):
            self.table.setCellWidget(row, column, editor)
            if isinstance(editor, QSpinBox):
                editor.valueChanged.connect(self.update_plan)
            elif isinstance(editor, QComboBox):
                editor.currentTextChanged.connect(self.update_plan)
            elif isinstance(editor, QCheckBox):
                editor.toggled.connect(self.update_plan)
        self.update_plan()

    def remove_selected(self) -> None:
        """Delete the selected convolution rows."""
        for index in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(index)
        self.update_plan()

    def rows(self) -> list[dict[str, Any]]:
        """The table as plain data."""
        out = []
        for row in range(self.table.rowCount()):
            cell = self.table.cellWidget
            spins = [cast(QSpinBox, cell(row, c)).value() for c in range(4)]
            combos = [str(cast(QComboBox, cell(row, c)).currentData()) for c in (4, 5, 7)]
            names = ("filters", "kernel", "stride", "padding")
            entry: dict[str, Any] = dict(zip(names, spins, strict=True))
            entry |= {"padding_mode": combos[0], "activation": combos[1], "pool": combos[2]}
            entry["batchnorm"] = cast(QCheckBox, cell(row, 6)).isChecked()
            out.append(entry)
        return out

    def config(self) -> dict[str, Any]:
        """The builder configuration (dict form of BuilderConfig); ValueError for a bad FC list."""
        try:
            fc = [int(v) for v in self.fc.text().replace(";", ",").split(",") if v.strip()]
        except ValueError as exc:
            raise ValueError(
                self.tr("Hidden FC layers: write whole numbers separated by commas, e.g. 120, 84")
            ) from exc
        return {
            "input": list(self.input_shape),
            "blocks": config_blocks(self.rows()),
            "fc": fc,
            "fc_activation": str(self.fc_activation.currentData()),
            "dropout": self.dropout.value(),
            "num_classes": self.classes,
        }

    def update_plan(self) -> None:
        """Recompute shapes and parameters; explain an impossible configuration."""
        from cnnviz.core.builder import BuilderConfig, plan

        try:
            layers = plan(BuilderConfig.from_dict(self.config()))
        except ValueError as exc:
            self.verdict.setText(f"⚠ {exc}")
            self.verdict.setStyleSheet("color: #ff6b6b;")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.plan_table.setRowCount(len(layers))
        for index, layer in enumerate(layers):
            shape = "×".join(str(v) for v in layer.out_shape)
            for column, text in enumerate((layer.name, layer.type, shape, f"{layer.params:,}")):
                item = QTableWidgetItem(text)
                item.setToolTip(layer.formula)
                self.plan_table.setItem(index, column, item)
        total = sum(layer.params for layer in layers)
        self.verdict.setText(
            self.tr("%n layer(s), {params} parameters", "", len(layers)).format(params=f"{total:,}")
        )
        self.verdict.setStyleSheet("")
        self.plan_table.resizeColumnsToContents()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
