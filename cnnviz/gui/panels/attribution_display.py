"""The Attribution panel's pictures: the map over the greyscale input, the map alone, the legend.

Colours: maps ≥ 0 (Grad-CAM, saliency, SmoothGrad) sequential viridis from 0 to the
maximum; signed maps (guided backpropagation, integrated gradients, occlusion's
drops) diverging blue–white–red with levels symmetric about zero; occlusion's
probability alone from 0 to 1; labels one colour each, named in the legend.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.gui.fonts import set_relative_font
from cnnviz.gui.panels.attribution_methods import AttributionView
from cnnviz.gui.panels.attribution_views import (
    ImagePane,
    Levels,
    legend_text,
    lut_for,
    positive_levels,
    signed_levels,
)
from cnnviz.gui.panels.featvis_job import FeatVisView, featvis_legend
from cnnviz.gui.panels.occlusion_job import categorical_lut, occlusion_legend

CATEGORY_LEVELS = (0.0, 255.0)  # colour index i → entry i of the categorical table


def levels_for(values: np.ndarray, signed: bool) -> Levels:
    """Symmetric levels for signed maps, 0 to the maximum otherwise."""
    return signed_levels(values) if signed else positive_levels(values)


class AttributionDisplay(QWidget):
    """Two panes (over the input, alone with a colour bar) and a legend line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overlay_pane = ImagePane(self.tr("Over the input"))
        self.raw_pane = ImagePane(self.tr("Map"), colour_bar=True)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        set_relative_font(self.legend, 0.9)
        pictures = QHBoxLayout()
        pictures.addWidget(self.overlay_pane, 1)
        pictures.addWidget(self.raw_pane, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pictures, 1)
        layout.addWidget(self.legend)

    def clear(self) -> None:
        """Nothing shown."""
        self.overlay_pane.clear()
        self.raw_pane.clear()
        self.legend.setText("")

    def show_featvis(self, view: FeatVisView) -> None:
        """A feature visualisation picture alone (not over the input), captioned, with its legend."""
        self.overlay_pane.clear()
        self.overlay_pane.hide()
        self.raw_pane.show_rgb(view.picture)
        if self.raw_pane.bar is not None:
            self.raw_pane.bar.hide()
        height, width = view.picture.shape[:2]
        caption = self.tr("Feature visualisation ({height}×{width})").format(height=height, width=width)
        self.raw_pane.caption.setText(caption)
        self.legend.setText(featvis_legend())

    def set_alpha(self, alpha: float) -> None:
        """The opacity of the map over the input."""
        self.overlay_pane.set_alpha(alpha)

    def show_view(self, view: AttributionView, picture: np.ndarray, alpha: float, labels: list[str]) -> None:
        """Draw ``view`` over ``picture`` (H×W×3 in [0, 1]) and alone."""
        self.overlay_pane.show()
        if view.kind == "label":
            lut = categorical_lut()
            self.overlay_pane.show_overlay(picture, view.overlay, lut, CATEGORY_LEVELS, alpha)
            self.raw_pane.show_map(view.raw, lut, CATEGORY_LEVELS)
            if self.raw_pane.bar is not None:
                self.raw_pane.bar.hide()  # the legend names the colours
        else:
            lut = lut_for(view.signed)
            overlay_levels = levels_for(view.overlay, view.signed)
            self.overlay_pane.show_overlay(picture, view.overlay, lut, overlay_levels, alpha)
            raw_signed = view.signed if view.raw_signed is None else view.raw_signed
            raw_levels = (0.0, 1.0) if view.kind == "probability" else levels_for(view.raw, raw_signed)
            self.raw_pane.show_map(view.raw, lut_for(raw_signed), raw_levels)
        self.raw_pane.caption.setText(raw_caption(view))
        if view.method == "occlusion":
            self.legend.setText(occlusion_legend(view, labels))
        else:
            self.legend.setText(legend_text(view.signed))


def raw_caption(view: AttributionView) -> str:
    """The title of the map shown alone."""
    size = f"{view.raw.shape[0]}×{view.raw.shape[1]}"
    if view.method == "occlusion":
        if view.kind == "probability":
            text = QCoreApplication.translate(
                "AttributionDisplay", "Class probability per square position ({size})"
            )
        elif view.kind == "label":
            text = QCoreApplication.translate(
                "AttributionDisplay", "Most probable label per square position ({size})"
            )
        else:
            text = QCoreApplication.translate("AttributionDisplay", "Total per square position ({size})")
        return text.format(size=size)
    if view.layer:
        return QCoreApplication.translate("AttributionDisplay", "Map at {layer} ({size})").format(
            layer=view.layer, size=size
        )
    return QCoreApplication.translate("AttributionDisplay", "Map")
