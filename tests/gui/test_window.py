"""The main window: menus, saved layout, export, device, start-up order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, open_window, wait_for_latest

PANELS = ("Input", "Prediction", "Architecture", "Activations")


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    menus = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        menus[action.text().replace("&", "")] = [
            a.text().replace("&", "") for a in menu.actions() if a.text()
        ]
    return menus


def test_menus_offer_what_the_user_needs(window: MainWindow) -> None:
    menus = menu_texts(window)
    assert {"Open image…", "Export panel", "Export handout (PDF)…", "Quit"} <= set(menus["File"])
    assert {f"{p} panel" for p in PANELS} | {"Reset layout"} <= set(menus["View"])
    assert "About cnnviz" in menus["Help"]
    assert window.actions_["undo"].shortcut().toString() == "Ctrl+Z"
    assert window.actions_["redo"].shortcut().toString() == "Ctrl+Shift+Z"
    assert window.actions_["paste"].shortcut().toString() == "Ctrl+V"


def test_docks_are_dock_widgets_and_can_be_hidden(window: MainWindow) -> None:
    teaching = {"Convolution", "Pooling", "Image kernels", "Quiz", "Top-9", "Camera"}
    assert set(window.docks) == {*PANELS, "Filters", "Deconvnet", "Attribution", "Training", *teaching}
    assert not window.docks["Training"].isVisible()  # opened on demand (Ctrl+T)
    toggle = window.actions_["view_architecture"]
    toggle.trigger()
    assert not window.docks["Architecture"].isVisible()
    window.actions_["view_training"].trigger()
    assert window.docks["Training"].isVisible()
    window.actions_["reset_layout"].trigger()
    assert all(window.docks[title].isVisible() for title in PANELS)
    assert not window.docks["Training"].isVisible() and not window.docks["Convolution"].isVisible()


def test_layout_is_saved_and_restored(qtbot: QtBot, settings: QSettings) -> None:
    first = open_window(qtbot, settings)
    first.resize(first.width(), 540)
    width = first.width()
    first.docks["Architecture"].hide()
    first.docks["Prediction"].setFloating(True)
    first.close()
    second = open_window(qtbot, settings)
    assert not second.docks["Architecture"].isVisible()
    assert second.docks["Prediction"].isFloating()
    assert (second.width(), second.height()) == (width, 540)
    second.reset_layout()
    assert second.docks["Architecture"].isVisible() and not second.docks["Prediction"].isFloating()


def test_export_panel_writes_a_real_picture(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    draw_digit(window.input_panel.canvas, 5)
    wait_for_latest(qtbot, window)
    target = tmp_path / "activations.png"
    assert window.export_panel("Activations", str(target))
    image = QImage(str(target))
    widget = window.panel_widget("Activations")
    ratio = widget.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(widget.width() * ratio), round(widget.height() * ratio))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # maps, text and background: not a blank grab


def test_device_chooser_lists_cpu(window: MainWindow) -> None:
    chooser = window.status.device
    items = [chooser.itemText(i) for i in range(chooser.count())]
    assert "cpu" in items and window.session.device in items
    chooser.setCurrentText("cpu")
    assert window.session.device == "cpu"


def test_switching_to_tinyvgg_and_back(qtbot: QtBot, window: MainWindow) -> None:
    draw_digit(window.input_panel.canvas, 4)
    wait_for_latest(qtbot, window)
    window.actions_["model_tinyvgg"].trigger()
    qtbot.waitUntil(lambda: window.session.bundle is not None and window.session.bundle.arch == "tinyvgg")
    wait_for_latest(qtbot, window)
    assert window.session.result.model_input.shape == (3, 64, 64)  # type: ignore[union-attr]
    assert window.architecture_panel.layer_names()[0] == "conv_1_1"
    assert "random weights" in window.status.model_label.text()
    window.actions_["model_lenet5"].trigger()
    qtbot.waitUntil(lambda: window.session.bundle is not None and window.session.bundle.arch == "lenet5")
    assert window.settings.value("model/last") == "lenet5"


def test_window_paints_before_torch_is_imported(tmp_path: Path) -> None:
    script = (
        "import sys, os\n"
        "from PySide6.QtCore import QSettings\n"
        "from cnnviz.gui.app import create_application\n"
        "app = create_application([])\n"
        "from cnnviz.gui.main_window import MainWindow\n"
        "w = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))\n"
        "def painted():\n"
        "    print('torch' in sys.modules, flush=True)\n"
        "    app.quit()\n"
        "w.first_paint.connect(painted)\n"
        "w.show()\n"
        "app.exec()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "s.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "False", out.stderr


def test_loading_state_is_visible_before_the_model_arrives(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.start("lenet5")
    assert "Loading model" in window.status.model_label.text()
    assert window.status.busy.isVisible()
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=60_000)
    assert not window.status.busy.isVisible()


def test_a_bad_model_file_is_a_message(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"not a model at all")
    window.open_model(str(bad))
    qtbot.waitUntil(lambda: "Could not load the model" in window.status.model_label.text(), timeout=10_000)
    assert window.session.bundle is not None and window.session.bundle.arch == "lenet5"
    assert Qt.WindowState.WindowMinimized not in window.windowState()
