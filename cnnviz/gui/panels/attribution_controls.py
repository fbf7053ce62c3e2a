"""The Attribution panel's choosers: method, class, layer and the options of each method.

Plain widgets that read back as an :class:`~cnnviz.gui.panels.attribution_methods.Options`;
``changed`` is emitted when any choice changes. The panel decides what to run.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from cnnviz.gui.panels.attribution_methods import METHOD_BY_KEY, METHODS, Method, Options
from cnnviz.gui.presenter import mark_advanced

OCCLUSION_MAPS = (  # (key, text marked for translation)
    ("probability", QT_TRANSLATE_NOOP("AttributionControls", "Class probability")),
    ("activation", QT_TRANSLATE_NOOP("AttributionControls", "Feature-map activation")),
    ("label", QT_TRANSLATE_NOOP("AttributionControls", "Most probable label")),
)


def spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    """A whole-number box with a range, a start value and a tool tip."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def default_patch(side: int) -> int:
    """The occluding square's default side: a third of a small (digit) image, a fifth of a larger one.

    A trained LeNet-5 is so sure of a digit that only a square about 10 pixels wide
    (of 28) changes its probability visibly; photos need less of the image hidden.
    """
    return max(2, math.ceil(side / 3) if side <= 32 else round(side / 5))


def labelled(*pairs: tuple[str, QWidget]) -> QWidget:
    """A row of label–widget pairs."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for text, widget in pairs:
        label = QLabel(text)
        label.setBuddy(widget)  # a control hidden in presenter mode takes its label with it
        layout.addWidget(label)
        layout.addWidget(widget)
    layout.addStretch(1)
    return row


class AttributionControls(QWidget):
    """Method, class, layer and per-method options."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = QComboBox()
        self.method.setObjectName("attributionMethod")
        for m in METHODS:
            self.method.addItem(m.shown_title, m.key)
        self.target = QComboBox()
        self.target.setObjectName("attributionClass")
        for combo, letters in ((self.method, 14), (self.target, 10)):  # sized for a typical entry, not the
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)  # longest: both keep room in a narrow dock
        self.target.setToolTip(self.tr("The class whose score is explained (Top class: the model's answer)"))
        self.layer = QComboBox()
        self.layer.setObjectName("attributionLayer")
        self.layer.setToolTip(
            self.tr("Grad-CAM: the layer whose feature maps are weighed (default: the last conv)")
        )
        self.samples = spin(1, 2000, 25, self.tr("SmoothGrad: how many noisy copies are averaged"))
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 100.0)
        self.noise.setValue(15.0)
        self.noise.setSuffix(" %")
        self.noise.setToolTip(
            self.tr("SmoothGrad: noise σ as a share of the input's range (10–20 % works well)")
        )
        self.steps = spin(1, 2000, 50, self.tr("Integrated gradients: points on the path from the baseline"))
        self.patch = spin(1, 512, 6, self.tr("Occlusion: side of the grey square, in input pixels"))
        self.stride = spin(1, 512, 2, self.tr("Occlusion: step of the square, in input pixels"))
        self.occlusion_map = QComboBox()
        for key, text in OCCLUSION_MAPS:
            self.occlusion_map.addItem(QCoreApplication.translate("AttributionControls", str(text)), key)
        self.channel = spin(0, 0, 0, self.tr("Occlusion: the feature map whose total activation is shown"))
        self.featvis_target = QComboBox()
        self.featvis_target.setObjectName("featvisTarget")
        self.featvis_target.addItem(self.tr("Class"), False)
        self.featvis_target.addItem(self.tr("Unit (layer, channel)"), True)
        self.featvis_target.setToolTip(
            self.tr("Feature visualisation: maximise the chosen class or a layer's channel")
        )
        self.featvis_steps = spin(1, 10000, 256, self.tr("Feature visualisation: gradient ascent steps"))
        self.options = QStackedWidget()
        self.pages = {
            "smoothgrad": labelled((self.tr("Samples"), self.samples), (self.tr("Noise"), self.noise)),
            "intgrad": labelled((self.tr("Steps"), self.steps)),
            "occlusion": labelled(
                (self.tr("Square"), self.patch),
                (self.tr("Stride"), self.stride),
                (self.tr("Map"), self.occlusion_map),
            ),
            "featvis": labelled(
                (self.tr("Maximise"), self.featvis_target), (self.tr("Steps"), self.featvis_steps)
            ),
        }
        mark_advanced(self.samples, self.noise, self.steps, self.stride, self.featvis_steps)  # presenter mode
        self.blank = QWidget()
        self.options.addWidget(self.blank)
        for page in self.pages.values():
            self.options.addWidget(page)
        self.layer_label, self.channel_label = QLabel(self.tr("Layer")), QLabel(self.tr("Channel"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Method")), 0, 0)
        grid.addWidget(self.method, 0, 1)
        grid.addWidget(QLabel(self.tr("Class")), 0, 2)
        grid.addWidget(self.target, 0, 3)
        grid.addWidget(self.layer_label, 1, 0)
        grid.addWidget(self.layer, 1, 1)
        grid.addWidget(self.channel_label, 1, 2)
        grid.addWidget(self.channel, 1, 3)
        grid.addWidget(self.options, 2, 0, 1, 4)
        grid.setColumnStretch(1, 2)  # method names are longer than class names
        grid.setColumnStretch(3, 1)
        for combo in (self.method, self.target, self.layer, self.occlusion_map, self.featvis_target):
            combo.currentIndexChanged.connect(self._on_change)
        for box in (self.samples, self.steps, self.patch, self.stride, self.channel, self.featvis_steps):
            box.valueChanged.connect(self._on_change)
        self.noise.valueChanged.connect(self._on_change)
        self._update_visibility()

    def _on_change(self, _value: object = None) -> None:
        self._update_visibility()
        self.changed.emit()

    def _update_visibility(self) -> None:
        method = self.current_method()
        page = self.pages.get(method.key)
        self.options.setCurrentWidget(page if page is not None else self.blank)
        self.options.setVisible(page is not None)
        feature = method.key == "occlusion" and self.occlusion_map.currentData() == "activation"
        feature = feature or (method.key == "featvis" and self.featvis_unit())
        uses_layer = method.uses_layer and (method.key not in ("occlusion", "featvis") or feature)
        self.layer_label.setVisible(uses_layer)
        self.layer.setVisible(uses_layer)
        self.channel_label.setVisible(feature)
        self.channel.setVisible(feature)

    def current_method(self) -> Method:
        """The chosen method."""
        return METHOD_BY_KEY[str(self.method.currentData())]

    def featvis_unit(self) -> bool:
        """Whether feature visualisation maximises a unit (layer, channel) rather than a class."""
        return bool(self.featvis_target.currentData())

    def set_unit(self, layer: str, channel: int | None, shapes: dict[str, tuple[int, ...]]) -> None:
        """Choose a layer (one of ``shapes``, its maps' C×H×W) and channel, announcing one change."""
        if layer not in shapes:
            return
        for widget in (self.layer, self.channel):
            widget.blockSignals(True)
        self.layer.setCurrentText(layer)
        self.set_channel_count(shapes[layer][0])
        if channel is not None:
            self.channel.setValue(channel)
        for widget in (self.layer, self.channel):
            widget.blockSignals(False)
        self._on_change()

    def set_method(self, key: str) -> None:
        """Choose a method by key (``"gradcam"``, ``"smoothgrad"``, …)."""
        self.method.setCurrentIndex(self.method.findData(key))

    def set_model(self, labels: list[str], layers: list[str], default_layer: str, side: int) -> None:
        """Fill the class and layer choosers for a model; square and stride fit its input side."""
        self.set_classes(labels)
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItems(layers)
        self.layer.setCurrentText(default_layer)
        self.layer.blockSignals(False)
        patch = default_patch(side)
        for box, value in ((self.patch, patch), (self.stride, max(1, patch // 4))):
            box.blockSignals(True)
            box.setMaximum(side)
            box.setValue(value)
            box.blockSignals(False)

    def set_classes(self, labels: list[str]) -> None:
        """The class chooser: Top class, then every class by index and label."""
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(self.tr("Top class"), None)
        for index, label in enumerate(labels):
            self.target.addItem(label if label == str(index) else f"{index}: {label}", index)
        self.target.blockSignals(False)

    def set_channel_count(self, count: int) -> None:
        """The occlusion feature map chooser's range."""
        self.channel.blockSignals(True)
        self.channel.setMaximum(max(count - 1, 0))
        self.channel.blockSignals(False)

    def options_now(self) -> Options:
        """The current choices."""
        return Options(
            method=self.current_method().key,
            target_class=self.target.currentData(),
            layer=self.layer.currentText(),
            samples=self.samples.value(),
            noise=self.noise.value() / 100.0,
            steps=self.steps.value(),
            patch=self.patch.value(),
            stride=self.stride.value(),
            occlusion_map=str(self.occlusion_map.currentData()),
            channel=self.channel.value(),
            featvis_unit=self.featvis_unit(),
            featvis_steps=self.featvis_steps.value(),
        )
