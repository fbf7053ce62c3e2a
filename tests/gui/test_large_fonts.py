"""View ▸ Presenter mode's large fonts: every text, plot axis and number table grows together, and back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget

from cnnviz.gui.fonts import LARGE_SCALE
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.rank_label import RankLabel
from tests.gui.conftest import open_window


def sizes(window: MainWindow) -> dict[str, float]:
    """Point sizes (and a row height) that large-font mode must scale."""
    prediction = window.prediction_panel
    top1 = prediction.findChild(RankLabel, "top1")
    axis = window.activations_panel.bar_plot.getAxis("left")
    table = window.conv_sandbox.findChild(QTableWidget)
    assert top1 is not None and table is not None
    return {
        "app": QApplication.font().pointSizeF(),
        "top1": top1.font().pointSizeF(),
        "menu": window.menuBar().font().pointSizeF(),
        "axis": (axis.style["tickFont"] or QApplication.font()).pointSizeF(),  # None: the application's
        "chart": prediction.chart.font().pointSizeF(),
        "row": float(table.verticalHeader().defaultSectionSize()),
        "header": window.architecture_panel.table.horizontalHeader().font().pointSizeF(),
    }


def test_large_fonts_scale_everything_and_back(window: MainWindow, qtbot) -> None:
    normal = sizes(window)
    assert normal["top1"] > 2 * normal["app"]  # the top label keeps its relative size
    window.actions_["large_fonts"].trigger()
    large = sizes(window)
    for key, value in normal.items():
        assert large[key] == pytest.approx(value * LARGE_SCALE, rel=0.05), key
    assert window.settings.value("view/presenter", type=bool) is True
    window.actions_["large_fonts"].trigger()
    assert sizes(window) == pytest.approx(normal, rel=0.01)
    assert window.settings.value("view/presenter", type=bool) is False


def test_large_fonts_remembered_at_next_start(qtbot, settings) -> None:
    settings.setValue("view/large_fonts", True)  # saved before presenter mode: still honoured
    window = open_window(qtbot, settings)
    try:
        assert window.actions_["large_fonts"].isChecked()
        top1 = window.prediction_panel.findChild(RankLabel, "top1")
        assert top1 is not None
        assert top1.font().pointSizeF() > 2.4 * QApplication.font().pointSizeF() / LARGE_SCALE
    finally:
        window.set_large_fonts(False)
    assert not window.actions_["large_fonts"].isChecked()
