"""The live loss curve's axis: from 0 to the largest loss so far, still while the loss falls."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from cnnviz.gui.training.plots import TrainingPlots


def y_range(plots: TrainingPlots) -> tuple[float, float]:
    low, high = plots.loss_plot.getViewBox().viewRange()[1]
    return low, high


def test_the_loss_axis_moves_only_for_a_new_maximum(qtbot: QtBot) -> None:
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.show_steps(100)
    plots.add_step(1, 2.0, 0.1)
    assert y_range(plots) == pytest.approx((0.0, 2.2))
    for step, loss in enumerate((1.5, 0.9, 0.4, 0.2), start=2):
        plots.add_step(step, loss, 0.5)
        assert y_range(plots) == pytest.approx((0.0, 2.2))  # falling losses: the axis stays put
    plots.add_validation(6, 3.0, 0.4)
    assert y_range(plots) == pytest.approx((0.0, 3.3))
    plots.add_step(7, float("nan"), 0.5)
    assert y_range(plots) == pytest.approx((0.0, 3.3))
    assert list(plots.curves["train_loss"].y[:5]) == [2.0, 1.5, 0.9, 0.4, 0.2]
    plots.clear()
    plots.add_step(1, 0.5, 0.9)
    assert y_range(plots) == pytest.approx((0.0, 0.55))  # a new run starts its own axis


def legend_centre_in_view(plot: object) -> tuple[float, float]:
    """The legend's centre as a fraction of its plot's view box (0, 0: top left; 1, 1: bottom right)."""
    box = plot.getViewBox().sceneBoundingRect()  # type: ignore[attr-defined]
    centre = plot.legend.sceneBoundingRect().center()  # type: ignore[attr-defined]
    return (centre.x() - box.left()) / box.width(), (centre.y() - box.top()) / box.height()


def test_each_legend_sits_where_its_curves_seldom_go(qtbot: QtBot) -> None:
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.resize(900, 320)
    plots.show()
    qtbot.waitExposed(plots)
    for step, (loss, accuracy) in enumerate(((2.3, 0.1), (0.6, 0.8), (0.2, 0.97)), start=1):
        plots.add_step(step * 40, loss, accuracy)
    loss_x, loss_y = legend_centre_in_view(plots.loss_plot)
    acc_x, acc_y = legend_centre_in_view(plots.acc_plot)
    assert loss_x > 0.5 and loss_y < 0.5  # falling losses leave the top right free
    assert acc_x > 0.5 and acc_y > 0.5  # rising accuracies leave the bottom right free
