"""File ▸ Open model…: the built-ins, the classic CNNs, any torchvision classifier by name, or a file."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.zoo_catalogue import BUILTIN_GROUP, CatalogueEntry, describe_entry, human_params

MODEL_FILTER = QT_TRANSLATE_NOOP(
    "OpenModelDialog",
    "Model files (*.pt *.pth *.ckpt *.pt2 *.onnx *.safetensors *.ts);;"
    "PyTorch (*.pt *.pth *.ckpt);;torch.export (*.pt2);;ONNX (*.onnx);;All files (*)",
)  # shown through model_filter()
COLUMNS = (
    QT_TRANSLATE_NOOP("OpenModelDialog", "Model"),
    QT_TRANSLATE_NOOP("OpenModelDialog", "Year"),
    QT_TRANSLATE_NOOP("OpenModelDialog", "Parameters"),
    QT_TRANSLATE_NOOP("OpenModelDialog", "ImageNet top-1"),
    QT_TRANSLATE_NOOP("OpenModelDialog", "Weights"),
)
SOURCE_ROLE = Qt.ItemDataRole.UserRole


def model_filter() -> str:
    """The file-dialog filter of model files, in the interface language."""
    return QCoreApplication.translate("OpenModelDialog", str(MODEL_FILTER))


def search_key(text: str) -> str:
    """Lower case without separators: 'ResNet-18', 'resnet_18' and 'resnet18' all read 'resnet18'."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def weights_text(entry: CatalogueEntry) -> str:
    """What the Weights column says: cached, the download size, or the built-in's state."""
    if not entry.is_zoo:
        trained = "trained" in entry.note
        return (
            QCoreApplication.translate("OpenModelDialog", "included")
            if trained
            else QCoreApplication.translate("OpenModelDialog", "random")
        )
    if entry.cached:
        return QCoreApplication.translate("OpenModelDialog", "cached")
    if entry.download_mb is None:
        return QCoreApplication.translate("OpenModelDialog", "download")
    return QCoreApplication.translate("OpenModelDialog", "{size} MB").format(size=f"{entry.download_mb:.0f}")


def rows_of(group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The model rows of one group."""
    items = (group.child(i) for i in range(group.childCount()))
    return [item for item in items if item is not None]


class OpenModelDialog(QDialog):
    """Pick a model from the list (search filters it) with or without pretrained weights, or a file.

    After ``accept()``, :meth:`chosen_source` is what to load: ``lenet5``,
    ``zoo:resnet18``, ``zoo:resnet18:pretrained`` or a file path.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openModelDialog")
        self.setWindowTitle(self.tr("Open model"))
        self.entries: dict[str, CatalogueEntry] = {}
        self.path = ""
        self.search = QLineEdit()
        self.search.setObjectName("modelSearch")
        self.search.setPlaceholderText(
            self.tr("Search any torchvision classification model: resnet, vit, convnext…")
        )
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("modelList")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([self.tr(str(column)) for column in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in range(1, len(COLUMNS)):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.tree.headerItem().setTextAlignment(column, right)
        self.details = QLabel("")
        self.details.setObjectName("modelDetails")
        self.details.setWordWrap(True)
        self.pretrained = QCheckBox(self.tr("Pretrained ImageNet weights"))
        self.pretrained.setObjectName("pretrainedWeights")
        self.pretrained.setChecked(True)
        self.pretrained.setToolTip(
            self.tr("Downloaded once from torchvision into torch's cache; Cancel stops it")
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = QPushButton(self.tr("Open"))
        self.file_button = QPushButton(self.tr("Open file…"))
        self.file_button.setToolTip(
            self.tr(
                "A model file: state_dict or checkpoint (.pt .pth .ckpt), pickled model, TorchScript, "
                "torch.export (.pt2), ONNX (.onnx), safetensors"
            )
        )
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # only Open is ever the default (Enter in the search opens)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.pretrained)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self.filter)
        self.tree.currentItemChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.pretrained.toggled.connect(self._update_details)
        self.buttons.accepted.connect(self._open_selected)
        self.buttons.rejected.connect(self.reject)
        self.file_button.clicked.connect(self._browse)
        self.resize(820, 560)
        self.set_entries([], waiting=True)

    # -- the list ------------------------------------------------------------------
    def set_entries(self, entries: list[CatalogueEntry], waiting: bool = False) -> None:
        """Fill the list, grouped as the entries come; ``waiting`` adds a 'reading…' line."""
        selected = self.selected_entry()
        self.tree.clear()
        self.entries = {e.source: e for e in entries}
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in entries:
            if entry.group not in groups:
                groups[entry.group] = self._group_item(entry.group)
            groups[entry.group].addChild(self._entry_item(entry))
        if waiting:
            self._group_item(self.tr("Reading torchvision's model list…"))
        self.tree.expandAll()
        self.filter(self.search.text())
        self.select_source(selected.source if selected is not None else "")

    def _group_item(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFirstColumnSpanned(True)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _entry_item(self, entry: CatalogueEntry) -> QTreeWidgetItem:
        params = human_params(entry.params) if entry.params is not None else ""
        top1 = f"{entry.top1:.1f} %" if entry.top1 is not None else ""
        year = str(entry.year) if entry.year else ""
        item = QTreeWidgetItem([entry.title, year, params, top1, weights_text(entry)])
        item.setData(0, SOURCE_ROLE, entry.source)
        item.setToolTip(0, f"{entry.name}: {describe_entry(entry)}")
        for column in range(1, len(COLUMNS)):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def groups(self) -> list[QTreeWidgetItem]:
        """The group rows (Built-in, Classic CNNs, …)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def leaf_items(self) -> list[QTreeWidgetItem]:
        """Every model row (visible or filtered out)."""
        return [item for group in self.groups() for item in rows_of(group)]

    def visible_sources(self) -> list[str]:
        """The sources of the rows the search leaves visible, in list order."""
        return [str(item.data(0, SOURCE_ROLE)) for item in self.leaf_items() if not item.isHidden()]

    def filter(self, text: str) -> None:
        """Show the rows whose title or name contains the search text (separators ignored)."""
        key = search_key(text)
        for group in self.groups():
            shown = 0
            for item in rows_of(group):
                entry = self.entries[str(item.data(0, SOURCE_ROLE))]
                hidden = bool(key) and key not in search_key(f"{entry.title} {entry.name}")
                item.setHidden(hidden)
                shown += not hidden
            group.setHidden(group.childCount() > 0 and shown == 0)
        current = self.tree.currentItem()
        if (current is None or current.isHidden()) and self.visible_sources():
            self.select_source(self.visible_sources()[0])

    def select_source(self, source: str) -> bool:
        """Make the row of ``source`` current; False when it is not in the list."""
        for item in self.leaf_items():
            if item.data(0, SOURCE_ROLE) == source:
                self.tree.setCurrentItem(item)
                return True
        return False

    def selected_entry(self) -> CatalogueEntry | None:
        """The entry of the current row, if a model row is current."""
        item = self.tree.currentItem()
        source = item.data(0, SOURCE_ROLE) if item is not None else None
        return self.entries.get(str(source)) if source else None

    # -- choosing ------------------------------------------------------------------
    def chosen_source(self) -> str:
        """What to load: a file path, a built-in name, or zoo:NAME with ':pretrained' when asked for."""
        if self.path:
            return self.path
        entry = self.selected_entry()
        if entry is None:
            return ""
        pretrained = entry.is_zoo and self.pretrained.isChecked()
        return entry.source + (":pretrained" if pretrained else "")

    def choose_file(self, path: str) -> None:
        """Open ``path`` (what the file dialog of "Open file…" does)."""
        self.path = path
        self.accept()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open model file"), "", model_filter())
        if path:
            self.choose_file(path)

    def _open_selected(self) -> None:
        if self.selected_entry() is not None:
            self.accept()

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, SOURCE_ROLE):
            self.tree.setCurrentItem(item)
            self.accept()

    def _selection_changed(self, *_items: object) -> None:
        self._update_details()

    def _update_details(self, *_args: object) -> None:
        entry = self.selected_entry()
        self.open_button.setEnabled(entry is not None)
        self.open_button.setDefault(entry is not None)
        if entry is None:
            self.details.setText("")
            self.pretrained.setEnabled(False)
            return
        self.pretrained.setEnabled(entry.is_zoo)
        if not entry.is_zoo:
            self.pretrained.setText(self.tr("Pretrained ImageNet weights (torchvision models only)"))
        elif entry.cached:
            self.pretrained.setText(self.tr("Pretrained ImageNet weights (cached)"))
        elif entry.download_mb is None:
            self.pretrained.setText(self.tr("Pretrained ImageNet weights (download, once)"))
        else:
            text = self.tr("Pretrained ImageNet weights ({size} MB download, once)")
            self.pretrained.setText(text.format(size=f"{entry.download_mb:.1f}"))
        random = entry.is_zoo and not self.pretrained.isChecked()
        random_hint = self.tr(
            "Random weights: the architecture as initialised, so its predictions mean nothing yet."
        )
        hint = f"<br><i>{random_hint}</i>" if random else ""
        builtin = entry.group == BUILTIN_GROUP
        where = (
            self.tr("built into cnnviz")
            if builtin
            else self.tr("torchvision: {name}").format(name=entry.name)
        )
        details = f"<b>{entry.title}</b> ({where}) — {describe_entry(entry)}{hint}"  # describe_entry: core
        self.details.setText(details)
