"""The Top-9 panel's controls row: layer, data set and limit choosers, Scan/Cancel/Resume, progress.

The data set box lists the built-in data sets whose images fit the model's input, the image
folders added so far and "Image folder…" last. Its texts keep the panel's translation context
("TopKPanel").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from cnnviz.gui.class_names import dataset_title
from cnnviz.gui.numbers import GroupedSpinBox
from cnnviz.gui.panels.topk_jobs import DataChoice

if TYPE_CHECKING:
    from cnnviz.core.spec import ModelBundle
    from cnnviz.core.summary import ModelSummary

FOLDER_PREFIX = "folder:"  # as cnnviz.core.datasets.FOLDER_PREFIX (checked in the tests)
FOLDER_ITEM = str(QT_TRANSLATE_NOOP("TopKPanel", "Image folder…"))
DEFAULT_LIMIT = 1000


class TopKControls(QWidget):
    """One row: Layer, Data, Limit, Scan, Cancel, Resume and the progress bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_box, self.data_box = QComboBox(), QComboBox()
        self.limit_box = GroupedSpinBox()
        self.limit_box.setRange(0, 10_000_000)
        self.limit_box.setSpecialValueText(QCoreApplication.translate("TopKPanel", "all"))
        self.limit_box.setValue(DEFAULT_LIMIT)
        self.limit_box.setSuffix(QCoreApplication.translate("TopKPanel", " images"))
        self.scan_button = QPushButton(QCoreApplication.translate("TopKPanel", "Scan"))
        self.cancel_button = QPushButton(QCoreApplication.translate("TopKPanel", "Cancel"))
        self.resume_button = QPushButton(QCoreApplication.translate("TopKPanel", "Resume"))
        self.progress_bar = QProgressBar()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        labels = (
            QCoreApplication.translate("TopKPanel", "Layer"),
            QCoreApplication.translate("TopKPanel", "Data"),
            QCoreApplication.translate("TopKPanel", "Limit"),
        )
        for text, widget in zip(labels, (self.layer_box, self.data_box, self.limit_box), strict=True):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        for button in (self.scan_button, self.cancel_button, self.resume_button):
            row.addWidget(button)
        row.addWidget(self.progress_bar, 1)

    def fill(self, bundle: ModelBundle | None, summary: ModelSummary | None) -> None:
        """The model's layers and the data sets that fit its input."""
        self.layer_box.clear()
        if summary is not None:
            self.layer_box.addItems([r.name for r in summary.rows if len(r.output_shape) in (1, 2, 3, 4)])
        self.data_box.clear()
        if bundle is not None:
            from cnnviz.core.datasets import dataset_choices

            for info in dataset_choices():
                if info.spec.shape == bundle.spec.shape:
                    self.data_box.addItem(dataset_title(info.title), info.key)
        self.data_box.addItem(QCoreApplication.translate("TopKPanel", FOLDER_ITEM), "")

    def add_folder(self, folder: str) -> None:
        """Offer ``folder`` (a class-per-sub-folder tree) as a data set and choose it."""
        key = FOLDER_PREFIX + folder
        if self.data_box.findData(key) < 0:
            self.data_box.insertItem(self.data_box.count() - 1, Path(folder).name or folder, key)
        self.data_box.setCurrentIndex(self.data_box.findData(key))

    def data_title(self, key: str) -> str:
        """The data set ``key`` as the data box shows it (its translated title, a folder's name)."""
        index = self.data_box.findData(key)
        return self.data_box.itemText(index) if index >= 0 else key

    def data_choice(self) -> DataChoice | None:
        """The chosen data set and limit (None while "Image folder…" is chosen)."""
        key = self.data_box.currentData()
        return DataChoice(key, self.limit_box.value() or None) if key else None
