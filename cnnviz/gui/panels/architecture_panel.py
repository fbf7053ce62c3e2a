"""Architecture panel: the layer table; selecting a row selects the layer everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.numbers import grouped
from cnnviz.gui.panels.architecture_footer import ArchitectureFooter
from cnnviz.gui.session import Session

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import LayerRow, ModelSummary

CONTEXT = "ArchitecturePanel"
COLUMNS = (  # English keys; shown through tr()
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Layer"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Type"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Output"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Params"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Train"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "RF"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "Jump"),
    QT_TRANSLATE_NOOP("ArchitecturePanel", "FLOPs"),
)
TRAIN_COLUMN = 4
HINTS = {
    "RF": QT_TRANSLATE_NOOP(
        "ArchitecturePanel", "Receptive field: the input region (height×width) one unit of this layer sees"
    ),
    "Jump": QT_TRANSLATE_NOOP(
        "ArchitecturePanel", "Effective stride: input pixels between neighbouring units of this layer"
    ),
    "FLOPs": QT_TRANSLATE_NOOP(
        "ArchitecturePanel",
        "Floating-point operations for one input (2 per multiply-accumulate; biases not counted)",
    ),
}


def pair_text(pair: tuple[int, int], collapse: bool = False) -> str:
    """(5, 5) → '5×5'; with ``collapse`` an equal pair is one number: (2, 2) → '2'."""
    return str(pair[0]) if collapse and pair[0] == pair[1] else f"{pair[0]}×{pair[1]}"


def human_count(value: float) -> str:
    """235200 → '235.2 K'; 1.81e9 → '1.81 G'."""
    for factor, unit in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if value >= factor:
            return f"{value / factor:.4g} {unit}"
    return f"{value:.0f}"


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
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate(CONTEXT, str(c)) for c in COLUMNS])
        for column, title in enumerate(COLUMNS):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None and title in HINTS:
                header_item.setToolTip(QCoreApplication.translate(CONTEXT, str(HINTS[title])))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumWidth(140)  # scroll, never widen the window for long names
        self.totals = QLabel(self.tr("Loading model…"))
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.footer = ArchitectureFooter(session)  # what works for this model; functional operations
        layout.addWidget(self.footer)
        self._shapes: list[tuple[int, ...]] = []
        self.table.itemSelectionChanged.connect(self._selection_changed)
        session.model_changed.connect(self._model_changed)
        session.layer_selected.connect(self.select)
        session.result_ready.connect(self._result)
        session.training_changed.connect(self._training_changed)
        self.table.itemChanged.connect(self._item_changed)

    def _model_changed(self, bundle: ModelBundle) -> None:
        summary = self.session.summary
        if summary is not None:
            self.populate(summary)
            self._update_totals(bundle)

    def populate(self, summary: ModelSummary) -> None:
        """Fill the table from a summary; the columns are fitted to their contents once, at the end
        (fitted after every cell, filling LeNet-5's 96 cells took 20 ms of the GUI thread)."""
        with self._bulk_edit():
            self.table.setRowCount(len(summary.rows))
            for index, row in enumerate(summary.rows):
                self._fill_row(index, row)
        self._shapes = [row.output_shape for row in summary.rows]
        self._training_changed(self.session.training)  # a model shown while a run trains: locked

    @contextmanager
    def _bulk_edit(self) -> Iterator[None]:
        """Change many cells without a signal per cell, fitting the columns once at the end."""
        header = self.table.horizontalHeader()
        self.table.blockSignals(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        try:
            yield
        finally:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.table.blockSignals(False)

    def _fill_row(self, index: int, row: LayerRow) -> None:
        values = (row.name, row.type_name, shape_text(row.output_shape), grouped(row.params))
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column == 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, column, item)
        toggle = QTableWidgetItem("")
        toggle.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if row.params:
            toggle.setFlags(toggle.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if row.trainable else Qt.CheckState.Unchecked
            toggle.setCheckState(state)
            toggle.setToolTip(self.tr("Untick to freeze this layer's weights during training"))
        self.table.setItem(index, TRAIN_COLUMN, toggle)
        for column, text in zip(
            range(TRAIN_COLUMN + 1, len(COLUMNS)), self._analysis_texts(row.name), strict=True
        ):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, column, item)

    def _analysis_texts(self, name: str) -> tuple[str, str, str]:
        """RF, jump and FLOPs of a layer as shown ("–" where unknown)."""
        analysis = self.session.analysis
        if analysis is None:
            return ("–", "–", "–")
        field = analysis.field_of.get(name)
        flops = analysis.flops_of.get(name)
        rf = jump = "–"
        if field is not None:
            rf = (
                self.tr("all", "receptive field: the whole input")
                if field.whole_input
                else pair_text(field.rf)
            )
            jump = "–" if field.whole_input else pair_text(field.jump, collapse=True)
        return (rf, jump, human_count(flops.flops) if flops is not None else "–")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """A Train tick box changed: freeze or unfreeze that layer's own parameters."""
        bundle = self.session.bundle
        if item.column() != TRAIN_COLUMN or bundle is None:
            return
        module = dict(bundle.module.named_modules()).get(self.layer_names()[item.row()].split("#")[0])
        if module is None:
            return
        trainable = item.checkState() == Qt.CheckState.Checked
        for parameter in module.parameters(recurse=False):
            parameter.requires_grad_(trainable)
        self._update_totals(bundle)

    def _update_totals(self, bundle: ModelBundle) -> None:
        params = list(bundle.module.parameters())
        total = sum(p.numel() for p in params)
        trainable = sum(p.numel() for p in params if p.requires_grad)
        count = self.table.rowCount()
        text = self.tr("{model}: {total} parameters ({trainable} trainable), %n layers", "", count)
        self.totals.setText(
            text.format(model=bundle.name, total=grouped(total), trainable=grouped(trainable))
        )

    def _training_changed(self, running: bool) -> None:
        """Freeze toggles are locked while a run trains a copy of the model (one pass without
        signals: a signal per toggle re-counted the parameters each time, 4 s for DenseNet-121)."""
        with self._bulk_edit():
            for index in range(self.table.rowCount()):
                item = self.table.item(index, TRAIN_COLUMN)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                    enabled = Qt.ItemFlag.ItemIsEnabled
                    item.setFlags(item.flags() & ~enabled if running else item.flags() | enabled)

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
