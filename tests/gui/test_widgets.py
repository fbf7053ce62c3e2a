"""Small widgets: the error banner is painted dark red behind light text (readable); a steady
label and the model input's 1:1 picture take new contents without re-laying out the window."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cnnviz.gui.panels.model_input_view import ModelInputView
from cnnviz.gui.widgets import MessageBanner, SteadyLabel
from tests.gui.conftest import LayoutRequests


def test_the_banner_paints_its_dark_background(qtbot: QtBot) -> None:
    panel = QWidget()  # as in a panel: a child widget (a top-level one always fills its background)
    qtbot.addWidget(panel)
    banner = MessageBanner()
    QVBoxLayout(panel).addWidget(banner)
    panel.resize(400, 60)
    panel.show()
    banner.show_error("The file is not an image.")
    image = panel.grab().toImage()
    origin = banner.mapTo(panel, banner.rect().topLeft())
    corner = QColor(image.pixel(origin.x() + 2, origin.y() + 2))  # inside the margin: background, not text
    assert (corner.red(), corner.green(), corner.blue()) == (0x5A, 0x1E, 0x1E)
    assert banner.text() == "The file is not an image."


def shown_in_panel(qtbot: QtBot, child: QWidget) -> tuple[QWidget, LayoutRequests]:
    panel = QWidget()
    qtbot.addWidget(panel)
    QVBoxLayout(panel).addWidget(child)
    panel.show()
    qtbot.waitExposed(panel)
    requests = LayoutRequests()
    panel.installEventFilter(requests)
    QCoreApplication.processEvents()
    requests.count = 0
    return panel, requests


def test_a_steady_label_keeps_its_size_and_the_layout_whatever_it_shows(qtbot: QtBot) -> None:
    label = SteadyLabel("forward 88,888.8 ms")
    _panel, requests = shown_in_panel(qtbot, label)
    size = label.size()
    assert size.width() >= label.fontMetrics().horizontalAdvance("forward 88,888.8 ms")
    for text in ("forward 3.1 ms", "forward 1,234.5 ms", ""):
        label.setText(text)
        QCoreApplication.processEvents()
    assert label.size() == size and requests.count == 0
    plain = QLabel()  # the control: an ordinary label asks its parent for a new layout
    _panel.layout().addWidget(plain)  # type: ignore[union-attr]
    QCoreApplication.processEvents()
    requests.count = 0
    plain.setText("forward 3.1 ms, longer")
    QCoreApplication.processEvents()
    assert requests.count > 0
    bigger = QFont(label.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    label.setFont(bigger)  # presenter mode: refitted to the larger text
    assert label.width() > size.width() and label.height() > size.height()


def test_the_model_input_picture_is_replaced_without_a_new_layout(qtbot: QtBot) -> None:
    view = ModelInputView()
    _panel, requests = shown_in_panel(qtbot, view)
    rng = np.random.default_rng(0)
    view.show_tensor(rng.standard_normal((3, 40, 30)).astype(np.float32), (0.5,) * 3, (0.2,) * 3)
    assert (view.actual.width(), view.actual.height()) == (30, 40)
    qtbot.wait(50)  # the first picture's own layout settles
    requests.count = 0
    for _ in range(3):
        view.show_tensor(rng.standard_normal((3, 40, 30)).astype(np.float32), (0.5,) * 3, (0.2,) * 3)
        QCoreApplication.processEvents()
    assert requests.count == 0
    view.clear("no input")  # then another size fits again
    view.show_tensor(rng.standard_normal((1, 28, 28)).astype(np.float32), (0.5,), (0.2,))
    assert (view.actual.width(), view.actual.height()) == (28, 28)
