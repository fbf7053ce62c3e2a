"""Image kernels: a classic kernel (blur, sharpen, Sobel, …) applied to the current input, editable.

As in Victor Powell's "Image Kernels" demo: the input and the filtered result side by side,
hover a pixel to see its products and sum. Every number comes from ``cnnviz.core.kernels``.
The input is the image the model receives (un-normalised, at the model's resolution) or the
full-size canvas (280×280 for a drawing); colour images are filtered as gray (luma), like the demo.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.kernels import (
    KERNEL_NAMES,
    KERNEL_SIZES,
    LibraryKernel,
    apply_kernel,
    explain_pixel,
    grayscale,
    library_kernel,
)
from cnnviz.core.padding import PADDING_MODES
from cnnviz.gui.panels.kernel_choices import (
    DISPLAYS,
    INPUT_LABELS,
    SOURCES,
    combo,
    display_text,
    kernel_description,
    kernel_label,
    padding_label,
    pixel_explanation,
)
from cnnviz.gui.panels.kernel_editor import KernelEditor
from cnnviz.gui.panels.kernel_views import KernelViews
from cnnviz.gui.panels.model_input_view import tensor_to_display
from cnnviz.gui.session import BLANK_CANVAS, Session
from cnnviz.gui.widgets import MessageBanner

if TYPE_CHECKING:
    from cnnviz.core.inference import InferenceResult

DEFAULT_KERNEL = "Sobel x"


class KernelsPanel(QWidget):
    """Pick or edit a kernel, see it applied to the input; hover for the arithmetic."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelsPanel")
        self.session = session
        self.image: np.ndarray | None = None  # the gray input the kernel is applied to
        self.result: np.ndarray | None = None
        self._dirty = False
        self._input_stale = False  # a result arrived while hidden: converted when shown
        self._input = "model"  # where the shown input came from: "model" or "canvas"
        self._hovered: tuple[int, int] | None = None
        self._build_controls()
        self._build_views()
        self._layout()
        self._connect()
        self.kernel_choice.setCurrentIndex(KERNEL_NAMES.index(DEFAULT_KERNEL))
        self.load_library()

    # -- construction --------------------------------------------------------------------
    def _build_controls(self) -> None:
        kernels = [(kernel_label(n), n) for n in KERNEL_NAMES]
        self.kernel_choice = combo("kernelChoice", kernels, self.tr("A classic kernel"))
        self.size_choice = combo(
            "kernelSize",
            [(f"{s}×{s}", s) for s in KERNEL_SIZES],
            self.tr("Load the library kernel at this size"),
        )
        self.size_choice.setCurrentIndex(KERNEL_SIZES.index(3))
        self.padding_choice = combo(
            "kernelPadding",
            [(padding_label(m), m) for m in PADDING_MODES],
            self.tr("How the image is extended beyond its border (CNN layers pad with zeros)"),
        )
        self.padding_choice.setCurrentIndex(PADDING_MODES.index("replicate"))
        sources = [(display_text(text), data) for text, data in SOURCES]
        self.source_choice = combo("kernelSource", sources, self.tr("The image the kernel is applied to"))
        displays = [(display_text(text), data) for text, data in DISPLAYS]
        self.display_choice = combo("kernelDisplay", displays, self.tr("How the result's values are shown"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setObjectName("kernelReset")
        self.reset_button.setToolTip(self.tr("Back to the library values of this kernel"))
        self.editor = KernelEditor()
        self.banner = MessageBanner()

    def _build_views(self) -> None:
        self.views = v = KernelViews()
        self.description, self.plots, self.titles, self.readout = v.description, v.plots, v.titles, v.readout
        self.input_item, self.result_item = v.input_item, v.result_item
        self.window_box, self.pixel_box = v.window_box, v.pixel_box

    def _layout(self) -> None:
        controls = QGridLayout()
        pairs = [
            (self.tr("Kernel"), self.kernel_choice),
            (self.tr("Size"), self.size_choice),
            (self.tr("Padding"), self.padding_choice),
            (self.tr("Image"), self.source_choice),
            (self.tr("Show"), self.display_choice),
        ]
        for row, (text, widget) in enumerate(pairs):
            controls.addWidget(QLabel(text), row, 0)
            controls.addWidget(widget, row, 1)
        controls.setRowStretch(len(pairs), 1)
        self.editor.divide_row.addWidget(self.reset_button)
        body = QHBoxLayout()
        body.addLayout(controls)
        body.addWidget(self.editor)
        body.addWidget(self.views, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _connect(self) -> None:
        self.kernel_choice.currentIndexChanged.connect(self.load_library)
        self.size_choice.currentIndexChanged.connect(self.load_library)
        self.reset_button.clicked.connect(self.load_library)
        self.padding_choice.currentIndexChanged.connect(self.refresh)
        self.display_choice.currentIndexChanged.connect(self.refresh)
        self.source_choice.currentIndexChanged.connect(self._source_changed)
        self.editor.changed.connect(self.refresh)
        self.editor.problem.connect(self.banner.show_error)
        self.plots[0].scene().sigMouseMoved.connect(lambda pos: self._hover(self.input_item, pos))
        self.plots[1].scene().sigMouseMoved.connect(lambda pos: self._hover(self.result_item, pos))
        self.session.result_ready.connect(self._result_ready)
        self.session.image_changed.connect(self._image_changed)

    # -- the kernel ----------------------------------------------------------------------
    def library(self) -> LibraryKernel:
        """The chosen library kernel at the chosen size."""
        return library_kernel(self.kernel_choice.currentData(), self.size_choice.currentData())

    def load_library(self) -> None:
        """Put the library values of the chosen kernel and size into the table."""
        kernel = self.library()
        self.editor.set_kernel(kernel.weights, kernel.divisor)
        self.refresh()

    def _describe(self) -> None:
        kernel = self.library()
        editor = self.editor
        edited = not (np.array_equal(editor.weights, kernel.weights) and editor.divisor == kernel.divisor)
        note = self.tr("(edited — Reset restores the library values)") if edited else ""
        note = f"  <i>{html.escape(note)}</i>" if note else ""
        text = f"<b>{html.escape(kernel_description(kernel))}</b>{note}"
        self.description.setText(text)

    # -- the input -----------------------------------------------------------------------
    def source(self) -> str:
        """The image source: "model" (what the model receives) or "canvas" (the full drawing)."""
        return str(self.source_choice.currentData())

    def _result_ready(self, result: InferenceResult) -> None:
        if self.source() != "model":
            return
        self._input_stale = not self.isVisible()
        if not self._input_stale:
            self._set_input(result)

    def _image_changed(self) -> None:
        if self.source() == "canvas":
            self._set_input(None)

    def _source_changed(self) -> None:
        self._set_input(self.session.result)

    def _set_input(self, result: InferenceResult | None) -> None:
        """Take the input from a model result or from the canvas, then filter it."""
        if self.source() == "canvas":
            canvas = self.session.image if self.session.image is not None else BLANK_CANVAS
            self.image, what = grayscale(canvas), "canvas"
        elif result is not None and self.session.bundle is not None:
            spec = self.session.bundle.spec
            shown = tensor_to_display(result.model_input, spec.mean, spec.std)
            if shown.ndim == 3 and shown.shape[2] not in (1, 3):
                shown = shown.mean(axis=2)  # a 2- or 4-channel model: the channels' mean
            self.image, what = grayscale(shown), "model"
        else:
            self.image, what = None, "model"
        self._input = what
        if self.image is None:
            self.input_item.clear()
        else:
            self._show_input()
        self.refresh()

    def _show_input(self) -> None:
        assert self.image is not None
        self.views.show_input(self.image, display_text(INPUT_LABELS[self._input]))

    # -- filtering and display -------------------------------------------------------------
    def refresh(self) -> None:
        """Filter the input with the kernel and show it (later, if the panel is hidden)."""
        self._describe()
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self.banner.hide()
        if self.image is None:
            self.result = None
            self.result_item.clear()
            self.titles[1].setText(self.tr("Result: draw on the canvas"))
            return
        try:
            self.result = apply_kernel(self.image, self.editor.values(), self.padding())
        except ValueError as exc:
            self.banner.show_error(str(exc))
            return
        self.views.show_result(self.result, signed=self.display_choice.currentData() == "signed")
        if self._hovered is not None and not self.explain(*self._hovered):  # new numbers under the mouse
            self._hovered = None
            self.views.forget_hover()

    def padding(self) -> str:
        """The chosen padding mode."""
        return str(self.padding_choice.currentData())

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while the panel was hidden."""
        super().showEvent(event)
        if self.image is None or self._input_stale:
            self._input_stale = False
            self._set_input(self.session.result)
        elif self._dirty:
            self.refresh()

    # -- hover -----------------------------------------------------------------------------
    def _hover(self, item: pg.ImageItem, pos: QPointF) -> None:
        """The mouse is over the input or the result view (``pos`` in that view's scene)."""
        if self.image is not None and self.result is not None:
            point = item.mapFromScene(pos)
            self.explain(math.floor(point.y()), math.floor(point.x()))

    def explain(self, row: int, col: int) -> str:
        """Show how output pixel (row, col) is computed and outline the window it reads."""
        if self.image is None or not (0 <= row < self.image.shape[0] and 0 <= col < self.image.shape[1]):
            return ""
        self._hovered = (row, col)
        weights, divisor = self.editor.weights, self.editor.divisor
        text = pixel_explanation(explain_pixel(self.image, weights, row, col, self.padding(), divisor))
        self.readout.setText(text)
        self.views.outline(row, col, *self.editor.weights.shape)
        return text
