"""Architecture panel: the layer table; selecting a row selects the layer everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.session import Session

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import LayerRow, ModelSummary

COLUMNS = ("Layer", "Type", "Output", "Params")


def shape_text(shape: tuple[int, ...]) -> str:
    """(6, 28, 28) → '6×28×28'."""
    return "×".join(str(d) for d in shape)


class ArchitecturePanel(QWidget):
    """Every layer: name, type, output shape for the current input, parameters."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("architecturePanel")
        self.session = session
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("layerTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumWidth(140)  # scroll, never widen the window for long names
        self.totals = QLabel("Loading model…")
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self._shapes: list[tuple[int, ...]] = []
        self.table.itemSelectionChanged.connect(self._selection_changed)
        session.model_changed.connect(self._model_changed)
        session.layer_selected.connect(self.select)
        session.result_ready.connect(self._result)

    def _model_changed(self, bundle: ModelBundle) -> None:
        summary = self.session.summary
        if summary is not None:
            self.populate(summary)
            self.totals.setText(
                f"{bundle.name}: {summary.total_params:,} parameters "
                f"({summary.trainable_params:,} trainable), {len(summary.rows)} layers"
            )

    def populate(self, summary: ModelSummary) -> None:
        """Fill the table from a summary."""
        self.table.blockSignals(True)
        self.table.setRowCount(len(summary.rows))
        for index, row in enumerate(summary.rows):
            self._fill_row(index, row)
        self._shapes = [row.output_shape for row in summary.rows]
        self.table.blockSignals(False)

    def _fill_row(self, index: int, row: LayerRow) -> None:
        values = (row.name, row.type_name, shape_text(row.output_shape), f"{row.params:,}")
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column == 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, column, item)

    def _result(self, result: InferenceResult) -> None:
        shapes = [row.output_shape for row in result.summary.rows]
        if shapes != self._shapes:
            self.populate(result.summary)
            self.select(self.session.layer)

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.session.select_layer(self.layer_names()[rows[0].row()])

    def select(self, name: str) -> None:
        """Highlight the row of layer ``name`` without re-announcing it."""
        names = self.layer_names()
        if name in names:
            index = names.index(name)
            self.table.blockSignals(True)
            self.table.selectRow(index)
            self.table.blockSignals(False)
            self.table.scrollToItem(self.table.item(index, 0) or QTableWidgetItem())

    def layer_names(self) -> list[str]:
        """Names in table order."""
        items = (self.table.item(i, 0) for i in range(self.table.rowCount()))
        return [item.text() if item is not None else "" for item in items]
