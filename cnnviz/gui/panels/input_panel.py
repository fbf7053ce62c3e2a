"""Input panel: the drawing canvas, its tools, and the tensor the model receives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.imageio import ImageLoadError, load_image
from cnnviz.gui.canvas import CANVAS_SIZE, DrawingCanvas, array_to_qimage
from cnnviz.gui.class_names import dataset_title, display_name
from cnnviz.gui.panels.model_input_view import ModelInputView, tensor_to_display
from cnnviz.gui.presenter import mark_advanced
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult

# (shown text, session value); the text is translated where it is shown.
POLARITY = [
    (str(QT_TRANSLATE_NOOP("InputPanel", "Auto")), "auto"),
    (str(QT_TRANSLATE_NOOP("InputPanel", "Invert")), "yes"),
    (str(QT_TRANSLATE_NOOP("InputPanel", "Keep")), "no"),
]


class InputPanel(QWidget):
    """Draw, open, drop or paste an image; see what the network receives."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inputPanel")
        self.session = session
        self.canvas = DrawingCanvas()
        self.model_view = ModelInputView()
        self.banner = MessageBanner()
        self._build()
        self._connect()

    def _build(self) -> None:
        self.brush = QSlider(Qt.Orientation.Horizontal)
        self.brush.setObjectName("brushSize")
        self.brush.setRange(2, 60)
        self.brush.setValue(self.canvas.brush_size)
        self.brush.setToolTip(self.tr("Brush size (pixels of the 280×280 canvas)"))
        self.eraser = self._tool(
            "eraser", self.tr("Eraser"), self.tr("Paint with the background colour (E)"), checkable=True
        )
        self.undo_button = self._tool("undo", self.tr("Undo"), self.tr("Undo (Ctrl+Z)"))
        self.redo_button = self._tool("redo", self.tr("Redo"), self.tr("Redo (Ctrl+Shift+Z)"))
        self.clear_button = self._tool("clear", self.tr("Clear"), self.tr("Erase the whole canvas (Delete)"))
        self.sample_button = self._tool(
            "sample", self.tr("Sample"), self.tr("A random validation image from the training data set")
        )
        self.sample_button.setEnabled(False)
        self.sample_label = QLabel("")
        self.sample_label.setObjectName("sampleLabel")
        self.sample_label.hide()  # shown with a sample's caption: no empty line taking the canvas's room
        self.polarity = QComboBox()
        self.polarity.setObjectName("polarity")
        self.polarity.setToolTip(
            self.tr(
                "Auto inverts a photo of dark ink on light paper for a model trained on light-on-dark digits"
            )
        )
        for text, _value in POLARITY:
            self.polarity.addItem(QCoreApplication.translate("InputPanel", text))
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Brush")))
        tools.addWidget(self.brush, 1)
        for button in (self.eraser, self.undo_button, self.redo_button, self.clear_button):
            tools.addWidget(button)
        polarity = QHBoxLayout()
        polarity_label = QLabel(self.tr("Polarity"))
        mark_advanced(polarity_label, self.polarity)  # hidden in presenter mode (Auto decides)
        polarity.addWidget(polarity_label)
        polarity.addWidget(self.polarity, 1)
        polarity.addWidget(self.sample_button)
        self.model_view.add_controls(polarity)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.canvas)
        split.addWidget(self.model_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(tools)
        layout.addWidget(self.banner)
        layout.addWidget(self.sample_label)
        layout.addWidget(split, 1)
        self._update_history()

    def _tool(self, name: str, text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setObjectName(name + "Button")
        return button

    def _connect(self) -> None:
        self.brush.valueChanged.connect(self._set_brush)
        self.eraser.toggled.connect(self._set_eraser)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.redo_button.clicked.connect(self.canvas.redo)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.polarity.currentIndexChanged.connect(self._set_polarity)
        self.canvas.changed.connect(self._canvas_changed)
        self.canvas.history_changed.connect(self._update_history)
        self.canvas.files_dropped.connect(self._open_dropped)
        self.canvas.image_dropped.connect(self._set_dropped)
        self.session.result_ready.connect(self._show_result)
        self.session.input_problem.connect(self._show_problem)
        self.session.model_changed.connect(self._model_changed)
        self.session.dataset_changed.connect(self._dataset_changed)
        self.session.unit_selected.connect(self._unit_selected)
        self.sample_button.clicked.connect(self.pick_sample)
        self.canvas.stroke_finished.connect(lambda: self._set_sample_caption(""))

    # -- user actions ------------------------------------------------------------
    def _set_brush(self, size: int) -> None:
        self.canvas.brush_size = size

    def _set_eraser(self, on: bool) -> None:
        self.canvas.eraser = on

    def _set_polarity(self, index: int) -> None:
        self.session.set_invert(POLARITY[index][1])  # type: ignore[arg-type]

    def _update_history(self) -> None:
        self.undo_button.setEnabled(self.canvas.can_undo())
        self.redo_button.setEnabled(self.canvas.can_redo())

    def _canvas_changed(self) -> None:
        self.session.set_image(self.canvas.array())

    # Slots connected to Python signals must return None: PySide6 6.12 drops one
    # reference of a slot's return value per emit (True/False end up deallocated).
    def _open_dropped(self, paths: list[str]) -> None:
        self.open_file(paths[0])

    def _set_dropped(self, image: QImage) -> None:
        self.set_qimage(image)

    def open_file(self, path: str | Path) -> bool:
        """Load an image file onto the canvas; a bad file shows a message."""
        try:
            pixels = load_image(path)
        except ImageLoadError as exc:
            self.banner.show_error(self.tr("Could not open the image: {error}").format(error=exc))
            return False
        self.banner.hide()
        self.canvas.set_image(array_to_qimage(pixels))
        return True

    def set_qimage(self, image: QImage) -> bool:
        """Put a pasted or dropped image on the canvas."""
        if image.isNull() or image.width() == 0 or image.height() == 0:
            self.banner.show_error(self.tr("The pasted image is empty."))
            return False
        self.banner.hide()
        self.canvas.set_image(image)
        return True

    def paste(self) -> bool:
        """Paste an image (or an image file path) from the clipboard."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage():
            return self.set_qimage(QImage(mime.imageData()))
        if mime is not None and mime.hasUrls() and mime.urls()[0].isLocalFile():
            return self.open_file(mime.urls()[0].toLocalFile())
        self.banner.show_error(self.tr("The clipboard holds no image."))
        return False

    def pick_sample(self, index: int | None = None) -> int | None:
        """Put a validation image of the current data set on the canvas; returns its index."""
        dataset = self.session.dataset
        if dataset is None:
            return None
        images, labels = (
            (dataset.val_x, dataset.val_y) if len(dataset.val_x) else (dataset.train_x, dataset.train_y)
        )
        index = int(np.random.default_rng().integers(len(images))) if index is None else index
        pixels = tensor_to_display(images[index], dataset.spec.mean, dataset.spec.std)
        image = array_to_qimage(pixels).scaled(
            CANVAS_SIZE,
            CANVAS_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.canvas.set_image(image)
        truth = display_name(dataset.labels[int(labels[index])])
        self._set_sample_caption(
            self.tr("Sample {index} of {dataset}: true class {label}").format(
                index=index, dataset=dataset_title(dataset.info.title), label=truth
            )
        )
        return index

    def _set_sample_caption(self, text: str) -> None:
        self.sample_label.setText(text)
        self.sample_label.setVisible(bool(text))

    # -- session updates ---------------------------------------------------------
    def _model_changed(self, bundle: object) -> None:
        spec = getattr(bundle, "spec", None)
        digits = spec is not None and spec.preprocess == "mnist"
        self.canvas.hint = self.tr("Draw a digit here") if digits else self.tr("Draw, or drop an image here")
        self.canvas.update()

    def _unit_selected(self, unit: tuple[str, int, int] | None) -> None:
        region = self.session.unit_region()
        if unit is None or region is None:
            self.model_view.show_region(None)
            return
        layer, row, col = unit
        top, left, bottom, right = region
        caption = self.tr("{layer} ({row}, {col}) sees rows {top}–{bottom}, cols {left}–{right}").format(
            layer=layer, row=row, col=col, top=top, bottom=bottom - 1, left=left, right=right - 1
        )
        self.model_view.show_region(region, caption)

    def _dataset_changed(self, dataset: object) -> None:
        self.sample_button.setEnabled(dataset is not None)

    def _show_result(self, result: InferenceResult) -> None:
        bundle = self.session.bundle
        if bundle is not None:
            spec = bundle.spec
            self.model_view.show_tensor(result.model_input, spec.mean, spec.std, result.display)

    def _show_problem(self, message: str) -> None:
        self.model_view.clear(message)
