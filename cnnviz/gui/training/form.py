"""The Training panel's form: model, data set and hyper-parameters, with sensible defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.class_names import dataset_title
from cnnviz.gui.presenter import mark_advanced
from cnnviz.gui.training.fields import (
    DEFAULT_LR,
    FOLDER_CHOICE,
    MODEL_CHOICES,
    OPTIMISERS,
    SCHEDULES,
    STEP_EVERY_EPOCHS,
    ZOO_FAVOURITES,
    TrainingChoice,
    combo,
    real,
    spin,
)

if TYPE_CHECKING:
    from cnnviz.core.datasets import DatasetInfo


class TrainingForm(QWidget):
    """Model, data set and hyper-parameters; read with :meth:`choice`."""

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_index = 0
        self.model = combo(MODEL_CHOICES)
        self.dataset = QComboBox()
        self.builder_config: dict[str, Any] | None = None
        self.edit_builder = QPushButton(self.tr("Edit architecture…"))
        self.builder_summary = QLabel("")
        self.builder_summary.setWordWrap(True)
        self.zoo_name = QComboBox()
        self.zoo_name.setEditable(True)
        self.zoo_name.setToolTip(self.tr("Any torchvision classification model; the final layer is replaced"))
        self.pretrained = QCheckBox(self.tr("Pretrained ImageNet weights (downloaded once)"))
        self.freeze = QCheckBox(
            self.tr("Freeze the backbone (transfer learning); untick to fine-tune everything")
        )
        self.freeze.setChecked(True)
        self.train_size = spin(10, 1_000_000, 20_000, 1000)
        self.val_size = spin(0, 200_000, 2_000, 500)
        self.optimiser = combo(OPTIMISERS)
        self.lr = real(1e-6, 10.0, 1e-3, 5, 1e-4)
        self.schedule = combo(SCHEDULES)
        self.batch = spin(1, 4096, 128, 32)
        self.epochs = spin(1, 1000, 3)
        self.weight_decay = real(0.0, 1.0, 0.0, 5, 1e-4)
        self.l1 = real(0.0, 1.0, 0.0, 6, 1e-5)
        self.dropout = real(0.0, 0.9, 0.0, 2, 0.1)
        self.batchnorm = QCheckBox(self.tr("Batch normalisation"))
        self.shift = real(0.0, 0.5, 0.0, 2, 0.05)
        self.rotation = real(0.0, 180.0, 0.0, 0, 5.0)
        self.hflip = QCheckBox(self.tr("Horizontal flip"))
        self._build()
        self.optimiser.currentIndexChanged.connect(self._optimiser_changed)
        self.model.currentIndexChanged.connect(self._model_changed)
        self.edit_builder.clicked.connect(self.open_builder)
        self._model_changed()

    def fill_datasets(self) -> None:
        """List the data sets (once torch is loaded: the registry imports it)."""
        if self.dataset.count():
            return
        from cnnviz.core.datasets import dataset_choices

        for info in dataset_choices():
            title = dataset_title(info.title)
            if info.needs_download:
                title = self.tr("{title} — download {mb} MB once").format(
                    title=title, mb=f"{info.download_mb:.0f}"
                )
            self.dataset.addItem(title, info.key)
        self.dataset.addItem(self.tr("Image folder…"), FOLDER_CHOICE)
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self._dataset_changed()

    def _build(self) -> None:
        what = QFormLayout()
        what.addRow(self.tr("Model"), self.model)
        what.addRow(self.edit_builder, self.builder_summary)
        what.addRow(self.tr("Architecture"), self.zoo_name)
        what.addRow("", self.pretrained)
        what.addRow("", self.freeze)
        self._what = what
        what.addRow(self.tr("Data set"), self.dataset)
        sizes = QHBoxLayout()
        sizes.addWidget(self.train_size)
        sizes.addWidget(self.val_size)
        what.addRow(self.tr("Train / validation"), sizes)
        how = QFormLayout()
        for label, widget in (
            (self.tr("Optimiser"), self.optimiser),
            (self.tr("Learning rate"), self.lr),
            (self.tr("Schedule"), self.schedule),
            (self.tr("Batch size"), self.batch),
            (self.tr("Epochs"), self.epochs),
            (self.tr("Weight decay (L2)"), self.weight_decay),
            (self.tr("L1 penalty"), self.l1),
        ):
            how.addRow(label, widget)
        mark_advanced(self.weight_decay, self.l1)  # hidden in presenter mode, with their labels
        extra = QFormLayout()
        extra.addRow(self.tr("Dropout"), self.dropout)
        extra.addRow("", self.batchnorm)
        extra.addRow(self.tr("Random shift"), self.shift)
        extra.addRow(self.tr("Random rotation (°)"), self.rotation)
        extra.addRow("", self.hflip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        groups = ((self.tr("What"), what), (self.tr("Optimisation"), how), (self.tr("Regularisation"), extra))
        for title, form in groups:
            group = QGroupBox(title)
            group.setLayout(form)
            if form is extra:
                mark_advanced(group)  # regularisation and augmentation: hidden in presenter mode
            layout.addWidget(group)
        layout.addStretch(1)

    def _dataset_changed(self) -> None:
        if not self.dataset.count():
            return
        if self.dataset.currentData() == FOLDER_CHOICE:
            self._choose_folder()
            return
        try:
            info = self.dataset_info()
        except (ValueError, RuntimeError) as exc:  # an image folder that cannot be used
            self.problem.emit(str(exc))
            self.dataset.setCurrentIndex(0)
            return
        self._last_index = self.dataset.currentIndex()
        self.train_size.setValue(info.default_train_size)
        self.val_size.setValue(info.default_val_size)
        flips_make_sense = info.spec.preprocess != "mnist" and info.spec.polarity != "light_on_dark"
        self.hflip.setEnabled(flips_make_sense)
        if not flips_make_sense:
            self.hflip.setChecked(False)
            self.hflip.setToolTip(self.tr("Flipping digits or letters changes their meaning"))

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, self.tr("Image folder: one sub-folder per class"))
        if path:
            self.add_folder(path)
        else:
            self.dataset.setCurrentIndex(self._last_index)

    def _optimiser_changed(self) -> None:
        self.lr.setValue(DEFAULT_LR[str(self.optimiser.currentData())])

    def _model_changed(self) -> None:
        key = self.model.currentData()
        new = key not in ("current", "zoo")
        self.dropout.setEnabled(new)
        self.batchnorm.setEnabled(new)
        tip = "" if new else self.tr("Dropout and batch norm apply to new built-in and builder models")
        self.dropout.setToolTip(tip)
        self.batchnorm.setToolTip(tip)
        for widget, shown in (
            (self.edit_builder, key == "builder"),
            (self.builder_summary, key == "builder"),
            (self.zoo_name, key == "zoo"),
            (self.pretrained, key == "zoo"),
            (self.freeze, key == "zoo"),
        ):
            self._what.setRowVisible(widget, shown)
        if key == "zoo" and not self.zoo_name.count():
            self._fill_zoo()
        if key == "builder" and self.builder_config is None:
            self.builder_summary.setText(self.tr("Click Edit to design the network"))

    def _fill_zoo(self) -> None:
        from cnnviz.core.transfer import zoo_names

        names = zoo_names()
        favourites = [n for n in ZOO_FAVOURITES if n in names]
        self.zoo_name.addItems(favourites + [n for n in names if n not in favourites])

    def open_builder(self) -> None:
        """Design a builder architecture for the chosen data set."""
        from cnnviz.gui.training.builder_dialog import BuilderDialog

        info = self.dataset_info()
        dialog = BuilderDialog(info.spec.shape, len(info.labels), self)
        if dialog.exec() == BuilderDialog.DialogCode.Accepted:
            self.set_builder_config(dialog.config(), dialog.verdict.text())

    def set_builder_config(self, config: dict[str, Any], summary: str) -> None:
        """Use this builder configuration for the next run."""
        self.builder_config = config
        self.builder_summary.setText(summary)

    def dataset_info(self) -> DatasetInfo:
        """The registry entry of the chosen data set (image folders included)."""
        from cnnviz.core.datasets import dataset_info

        return dataset_info(str(self.dataset.currentData()))

    def add_folder(self, path: str) -> None:
        """Offer an image folder (one sub-folder per class) as a data set and select it."""
        key = f"folder:{path}"
        if self.dataset.findData(key) < 0:
            self.dataset.insertItem(
                self.dataset.count() - 1, self.tr("Folder: {path}").format(path=path), key
            )
        self.dataset.setCurrentIndex(self.dataset.findData(key))

    def choice(self, seed: int = 0) -> TrainingChoice:
        """The form's values as plain data."""
        augment = {
            "shift": self.shift.value(),
            "rotation": self.rotation.value(),
            "hflip": self.hflip.isChecked(),
        }
        config = {
            "epochs": self.epochs.value(),
            "batch_size": self.batch.value(),
            "lr": self.lr.value(),
            "optimizer": self.optimiser.currentData(),
            "weight_decay": self.weight_decay.value(),
            "l1": self.l1.value(),
            "schedule": self.schedule.currentData(),
            "step_size": STEP_EVERY_EPOCHS,
            "seed": seed,
            "augment": augment,
        }
        options: dict[str, Any] = {"dropout": self.dropout.value(), "batchnorm": self.batchnorm.isChecked()}
        if self.model.currentData() == "builder":
            options["builder"] = self.builder_config
        if self.model.currentData() == "zoo":
            options = {
                "name": self.zoo_name.currentText().strip(),
                "pretrained": self.pretrained.isChecked(),
                "freeze_backbone": self.freeze.isChecked(),
            }
        return TrainingChoice(
            model=str(self.model.currentData()),
            dataset=str(self.dataset.currentData()),
            train_size=self.train_size.value(),
            val_size=self.val_size.value(),
            options=options,
            config=config,
        )

    def set_running(self, running: bool) -> None:
        """Lock the form while a run is in progress."""
        for child in self.findChildren(QWidget):
            if child is not self:
                child.setEnabled(not running)
        if not running:
            self._model_changed()
            self._dataset_changed_keep_sizes()

    def _dataset_changed_keep_sizes(self) -> None:
        train, val = self.train_size.value(), self.val_size.value()
        self._dataset_changed()
        self.train_size.setValue(train)
        self.val_size.setValue(val)
