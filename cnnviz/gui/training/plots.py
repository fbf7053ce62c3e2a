"""Live training plots: loss and accuracy curves, the confusion matrix, per-class accuracy."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGraphicsItem, QTabWidget, QWidget

from cnnviz.core.grid import VIRIDIS
from cnnviz.gui.theme import ACCENT

TRAIN_PEN = pg.mkPen(ACCENT, width=2)
VAL_PEN = pg.mkPen("#ffb347", width=2)
MAX_POINTS = 5_000
LEGEND_TOP_RIGHT, LEGEND_BOTTOM_RIGHT = (-10, 10), (-10, -10)


class Curve:
    """An x/y series with a cap on stored points (older points are thinned)."""

    def __init__(self, item: pg.PlotDataItem) -> None:
        self.item = item
        self.x: list[float] = []
        self.y: list[float] = []

    def add(self, x: float, y: float) -> None:
        """Append a point and redraw."""
        self.x.append(x)
        self.y.append(y)
        if len(self.x) > MAX_POINTS:
            self.x, self.y = self.x[::2], self.y[::2]
        self.item.setData(np.asarray(self.x), np.asarray(self.y), antialias=False)

    def clear(self) -> None:
        """Remove every point."""
        self.x, self.y = [], []
        self.item.setData([], [])


def curve_plot(
    layout: pg.GraphicsLayoutWidget, title: str, y_label: str, legend_corner: tuple[int, int]
) -> pg.PlotItem:
    """A plot with a legend, x = training step, added to ``layout``; ``legend_corner`` is the
    legend's offset from the plot's edges (negative x: from the right, negative y: from the bottom)."""
    plot = layout.addPlot(title=title)
    plot.setClipToView(True)  # long runs: draw only what is visible, downsampled
    plot.setDownsampling(auto=True, mode="peak")
    plot.addLegend(offset=legend_corner)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.setLabel("bottom", QCoreApplication.translate("TrainingPlots", "step"))
    plot.setLabel("left", y_label)
    plot.setMenuEnabled(False)
    for name in ("left", "bottom"):  # the grid spans the plot: repaint the axes from a pixmap, not anew
        plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return plot


class TrainingPlots(QTabWidget):
    """Tabs: curves (loss and accuracy, train and validation) and the confusion matrix."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        curves = pg.GraphicsLayoutWidget()
        # side by side: docks are wide, not tall. Each legend where its curves seldom go:
        # losses fall to the bottom right, accuracies rise to the top right.
        self.loss_plot = curve_plot(curves, self.tr("Loss"), self.tr("cross-entropy"), LEGEND_TOP_RIGHT)
        self.acc_plot = curve_plot(curves, self.tr("Accuracy"), self.tr("accuracy"), LEGEND_BOTTOM_RIGHT)
        self.acc_plot.setYRange(0, 1)
        train, val = self.tr("train"), self.tr("validation")
        self.curves = {
            "train_loss": Curve(self.loss_plot.plot(name=train, pen=TRAIN_PEN)),
            "val_loss": Curve(self.loss_plot.plot(name=val, pen=VAL_PEN, symbol="o", symbolSize=7)),
            "train_accuracy": Curve(self.acc_plot.plot(name=train, pen=TRAIN_PEN)),
            "val_accuracy": Curve(self.acc_plot.plot(name=val, pen=VAL_PEN, symbol="o", symbolSize=7)),
        }
        self.addTab(curves, self.tr("Curves"))
        self.confusion_widget = pg.GraphicsLayoutWidget()
        self.confusion_plot = self.confusion_widget.addPlot(title=self.tr("Confusion matrix (validation)"))
        self.confusion_plot.setLabel("left", self.tr("true class"))
        self.confusion_plot.setLabel("bottom", self.tr("predicted class"))
        self.confusion_plot.invertY(True)
        self.confusion_plot.setAspectLocked(True)
        self.confusion_item = pg.ImageItem()
        self.confusion_item.setLookupTable(VIRIDIS)
        self.confusion_plot.addItem(self.confusion_item)
        # beside the matrix, not under it: a short dock would squash the aspect-locked matrix to a strip
        self.class_plot = self.confusion_widget.addPlot(title=self.tr("Accuracy per class (validation)"))
        self.class_plot.setYRange(0, 1)
        self.class_bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=ACCENT)
        self.class_plot.addItem(self.class_bars)
        self.addTab(self.confusion_widget, self.tr("Confusion"))
        self.confusion: np.ndarray | None = None
        self.total_steps: int | None = None
        self.loss_top = 0.0  # the loss axis spans 0 … the largest loss so far (+10 %)

    def clear(self) -> None:
        """Forget a previous run."""
        for curve in self.curves.values():
            curve.clear()
        self.confusion_item.clear()
        self.class_bars.setOpts(x=[], height=[])
        self.confusion = None
        self.total_steps = None
        self.loss_top = 0.0
        for plot in (self.loss_plot, self.acc_plot):
            plot.enableAutoRange(x=True)
        self.loss_plot.enableAutoRange(y=True)

    def show_steps(self, total: int) -> None:
        """Span the step axis over the whole run (0 … total), so that it stays put as points arrive."""
        if total != self.total_steps:
            self.total_steps = total
            for plot in (self.loss_plot, self.acc_plot):
                plot.setXRange(0, total, padding=0.02)  # a little room for the last point's symbol

    def add_step(self, step: int, loss: float, accuracy: float) -> None:
        """A training point (running loss and accuracy of the epoch so far)."""
        self.curves["train_loss"].add(step, loss)
        self.curves["train_accuracy"].add(step, accuracy)
        self._cover_loss(loss)

    def add_validation(self, step: int, loss: float | None, accuracy: float | None) -> None:
        """A validation point at an epoch's end."""
        if loss is not None:
            self.curves["val_loss"].add(step, loss)
            self._cover_loss(loss)
        if accuracy is not None:
            self.curves["val_accuracy"].add(step, accuracy)

    def _cover_loss(self, loss: float) -> None:
        """Span the loss axis from 0 to the largest loss so far: it moves only for a new maximum,
        not with every point (re-laying out an axis is most of a repaint's cost)."""
        if np.isfinite(loss) and loss > self.loss_top:
            self.loss_top = float(loss)
            self.loss_plot.setYRange(0.0, 1.1 * self.loss_top, padding=0)

    def set_confusion(self, matrix: np.ndarray, labels: list[str]) -> None:
        """Show a confusion matrix (rows = true class) and each class's accuracy (``labels`` as shown)."""
        self.confusion = matrix
        totals = matrix.sum(axis=1, keepdims=True)
        rates = np.divide(matrix, totals, out=np.zeros(matrix.shape, dtype=float), where=totals > 0)
        self.confusion_item.setImage(rates, levels=(0.0, 1.0), autoLevels=False)
        # Names beside the rows, where each has a line of its own; numbers under the columns,
        # where names of cells a few pixels wide would run into each other.
        named = [[(i + 0.5, numbered(i, text)) for i, text in enumerate(labels)]]
        self.confusion_plot.getAxis("left").setTicks(named)
        self.confusion_plot.getAxis("bottom").setTicks([[(i + 0.5, str(i)) for i in range(len(labels))]])
        per_class = np.diag(rates)
        self.class_bars.setOpts(x=np.arange(len(per_class)), height=per_class, width=0.7)
        self.class_plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(len(labels))]])


def numbered(index: int, name: str) -> str:
    """A row's tick text: "3 cat", or just "3" where the class name is its number (digits)."""
    return name if name == str(index) else f"{index} {name}"
