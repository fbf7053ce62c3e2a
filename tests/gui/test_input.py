"""Opening, dropping and pasting images; polarity; bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_stroke, wait_for_latest


def ink_on_paper(path: Path, fmt: str) -> Path:
    """A photo-like dark '1' on light paper."""
    image = Image.new("RGB", (300, 400), (235, 230, 220))
    ImageDraw.Draw(image).line([(150, 60), (140, 340)], fill=(30, 30, 40), width=22)
    image.save(path, format=fmt)
    return path


@pytest.mark.parametrize(
    "fmt,suffix", [("PNG", ".png"), ("JPEG", ".jpg"), ("BMP", ".bmp"), ("GIF", ".gif"), ("WEBP", ".webp")]
)
def test_open_image_of_each_format(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, fmt: str, suffix: str
) -> None:
    path = ink_on_paper(tmp_path / f"one{suffix}", fmt)
    assert window.open_image(str(path))
    wait_for_latest(qtbot, window)
    tensor = window.session.result.model_input  # type: ignore[union-attr]
    # Auto polarity: the paper became dark, the ink light.
    assert tensor[0, 0, 0] < 0.05 and tensor.max() > 0.8
    assert window.session.image is not None and window.session.image.shape[:2] == (560, 420)


def test_polarity_can_be_overridden(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.open_image(str(ink_on_paper(tmp_path / "one.png", "PNG")))
    wait_for_latest(qtbot, window)
    auto = window.session.result.model_input.copy()  # type: ignore[union-attr]
    window.input_panel.polarity.setCurrentText("Keep")
    assert window.session.invert == "no"
    wait_for_latest(qtbot, window)
    kept = window.session.result.model_input  # type: ignore[union-attr]
    assert not np.array_equal(auto, kept)
    assert kept.mean() > auto.mean()  # the light paper is now "ink"


def test_a_corrupt_image_is_a_message_and_nothing_is_lost(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    canvas = window.input_panel.canvas
    draw_stroke(canvas, [(140, 50), (140, 230)])
    drawing = canvas.array()
    good = ink_on_paper(tmp_path / "good.png", "PNG").read_bytes()
    broken = tmp_path / "broken.png"
    broken.write_bytes(good[: len(good) // 3])
    assert not window.open_image(str(broken))
    banner = window.input_panel.banner
    assert banner.isVisible() and "broken.png" in banner.text()
    np.testing.assert_array_equal(canvas.array(), drawing)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert not window.open_image(str(empty))
    assert "empty" in banner.text()


def test_opening_an_image_can_be_undone(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    canvas = window.input_panel.canvas
    draw_stroke(canvas, [(140, 50), (140, 230)])
    drawing = canvas.array()
    window.open_image(str(ink_on_paper(tmp_path / "one.png", "PNG")))
    assert canvas.array().shape != drawing.shape
    window.actions_["undo"].trigger()
    np.testing.assert_array_equal(canvas.array(), drawing)


def test_paste_puts_the_clipboard_image_on_the_canvas(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    image = QImage(str(ink_on_paper(tmp_path / "one.png", "PNG")))
    QGuiApplication.clipboard().setImage(image)
    window.input_panel.canvas.setFocus()
    window.actions_["paste"].trigger()
    wait_for_latest(qtbot, window)
    assert window.input_panel.canvas.array().shape[:2] == (560, 420)
    QGuiApplication.clipboard().setText("no image here")
    window.actions_["paste"].trigger()
    assert "no image" in window.input_panel.banner.text()


def test_drop_a_file_onto_the_canvas(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = ink_on_paper(tmp_path / "dropped.png", "PNG")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    canvas = window.input_panel.canvas
    no_button, no_mod = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, no_button, no_mod)
    QApplication.sendEvent(canvas, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)
    wait_for_latest(qtbot, window)
    assert canvas.array().shape[:2] == (560, 420)


def test_slots_do_not_leak_references_to_their_return_values(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """PySide6 6.12 decrefs a slot's return value once per emit; cnnviz's slots return None."""
    import gc
    import sys

    path = ink_on_paper(tmp_path / "dropped.png", "PNG")
    canvas = window.input_panel.canvas
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(30):
        canvas.files_dropped.emit([str(path)])
        canvas.image_dropped.emit(QImage(str(path)))
    wait_for_latest(qtbot, window)
    grid = window.activations_panel.grid_widget
    for _ in range(200):  # pyqtgraph's own slots return values on every hover and range change
        grid.scene().sigMouseMoved.emit(QPointF(3.0, 3.0))
        window.activations_panel.grid_view.autoRange()
    gc.collect()
    after = sys.getrefcount(True), sys.getrefcount(False)
    # With the PySide6 6.12.0 bug this loses about 800 references; noise is a few dozen.
    assert after[0] >= before[0] - 100 and after[1] >= before[1] - 100, (before, after)


def test_an_empty_pasted_image_is_a_message(window: MainWindow) -> None:
    canvas = window.input_panel.canvas
    before = canvas.array()
    assert not window.input_panel.set_qimage(QImage())
    assert "empty" in window.input_panel.banner.text()
    np.testing.assert_array_equal(canvas.array(), before)
