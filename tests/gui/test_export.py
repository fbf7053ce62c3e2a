"""Export of every panel: PNG, SVG, clipboard, all panels to a folder, the handout PDF, failures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from cnnviz.gui.export import PRINT_SCALE
from cnnviz.gui.export_actions import FOLDER_KEY, dock_menu, last_folder, on_title_bar, remember_folder
from cnnviz.gui.export_captions import default_name, visible_titles
from cnnviz.gui.export_commands import (
    copy_panel,
    export_all_panels,
    export_handout_pdf,
    export_png,
    export_svg,
)
from cnnviz.gui.handout import handout_titles
from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit, open_window, wait_for_latest

SVG = "{http://www.w3.org/2000/svg}"
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # a page object, not the /Pages tree
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


@pytest.fixture
def drawn(qtbot: QtBot, settings) -> MainWindow:
    """The window with a 3 drawn and its prediction shown."""
    window = open_window(qtbot, settings)
    window.resize(1280, 900)
    draw_digit(window.input_panel.canvas, 3)
    wait_for_latest(qtbot, window)
    return window


def colours(image: QImage) -> int:
    """Distinct colours on a grid of sample points."""
    step = max(1, min(image.width(), image.height()) // 60)
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    )


def screen_size(window: MainWindow, title: str, scale: float = 1.0) -> tuple[int, int]:
    widget = window.panel_widget(title)
    ratio = widget.devicePixelRatioF() * scale
    return round(widget.width() * ratio), round(widget.height() * ratio)


def shown_alone(window: MainWindow, title: str) -> bool:
    """Show a hidden panel (in front of its tab group); whether it was hidden."""
    dock = window.docks[title]
    hidden = dock.isHidden()
    if hidden:
        dock.show()
        dock.raise_()
        QApplication.processEvents()
    return hidden


def test_every_panel_exports_a_screen_sized_png_and_a_valid_svg(drawn: MainWindow, tmp_path: Path) -> None:
    for title in list(drawn.docks):
        was_hidden = shown_alone(drawn, title)
        png, svg = tmp_path / f"{title}.png", tmp_path / f"{title}.svg"
        assert export_png(drawn, title, str(png)), drawn.statusBar().currentMessage()
        image = QImage(str(png))
        assert (image.width(), image.height()) == screen_size(drawn, title), title
        assert colours(image) > 12, f"{title} exported blank"
        assert export_svg(drawn, title, str(svg)), drawn.statusBar().currentMessage()
        check_svg(svg, drawn.panel_widget(title).size().toTuple(), title)
        if was_hidden:
            drawn.docks[title].hide()


def check_svg(path: Path, size: tuple[int, int], title: str) -> None:
    """Well-formed SVG of the panel's size, with a title and drawn content that renders non-blank."""
    root = ET.parse(path).getroot()
    width, height = size
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert float(root.get("width", "0").removesuffix("mm")) == pytest.approx(width * 25.4 / 96, abs=0.05)
    assert float(root.get("height", "0").removesuffix("mm")) == pytest.approx(height * 25.4 / 96, abs=0.05)
    assert root.findtext(f"{SVG}title") == f"cnnviz — {title}"
    assert len(list(root.iter())) > 10  # groups, paths, text or images: not an empty document
    renderer = QSvgRenderer(QByteArray(path.read_bytes()))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert colours(image) > 12, f"{title} SVG draws nothing"


def test_png_for_print_is_twice_the_screen_pixels(drawn: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "activations@2x.png"
    assert export_png(drawn, "Activations", str(target), scale=PRINT_SCALE)
    image = QImage(str(target))
    assert (image.width(), image.height()) == screen_size(drawn, "Activations", PRINT_SCALE)
    assert colours(image) > 20


def test_a_tab_behind_another_is_painted_and_the_front_tab_comes_back(
    drawn: MainWindow, tmp_path: Path
) -> None:
    front, behind = drawn.docks["Architecture"], drawn.docks["Filters"]
    front.raise_()
    QApplication.processEvents()
    assert behind.visibleRegion().isEmpty() and not behind.isHidden()
    target = tmp_path / "filters.png"
    assert export_png(drawn, "Filters", str(target))
    image = QImage(str(target))
    assert (image.width(), image.height()) == screen_size(drawn, "Architecture")  # the tab area's size
    assert colours(image) > 20
    assert not front.visibleRegion().isEmpty() and behind.visibleRegion().isEmpty()


def test_copy_puts_the_panel_on_the_clipboard(drawn: MainWindow) -> None:
    QGuiApplication.clipboard().clear()
    assert copy_panel(drawn, "Prediction")
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == screen_size(drawn, "Prediction")
    assert colours(image) > 12
    assert "clipboard" in drawn.statusBar().currentMessage()


def test_export_all_writes_one_file_per_visible_panel(drawn: MainWindow, tmp_path: Path) -> None:
    drawn.docks["Architecture"].hide()
    drawn.docks["Convolution"].show()
    QApplication.processEvents()  # the new layout settles
    titles = visible_titles(drawn)
    assert "Architecture" not in titles and "Convolution" in titles and "Training" not in titles
    assert export_all_panels(drawn, str(tmp_path), svg=True)
    expected = {default_name(drawn, t, s) for t in titles for s in (".png", ".svg")}
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert drawn.statusBar().currentMessage() == f"Wrote {len(expected)} files to {tmp_path}"
    for title in titles:
        image = QImage(str(tmp_path / default_name(drawn, title, ".png")))
        assert (image.width(), image.height()) == screen_size(drawn, title)


def test_file_names_say_panel_model_and_layer(drawn: MainWindow) -> None:
    assert drawn.session.layer == "conv1"
    assert default_name(drawn, "Activations", ".png") == "cnnviz-activations-lenet-5-conv1.png"
    assert default_name(drawn, "Image kernels", ".svg") == "cnnviz-image-kernels-lenet-5.svg"


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page object, in file order."""
    starts = [m.start() for m in PAGE.finditer(data)]
    sizes = []
    for start in starts:
        dictionary = data[data.rfind(b"<<", 0, start) : data.find(b">>", start)]
        box = MEDIA_BOX.search(dictionary)
        assert box is not None
        sizes.append((float(box.group(1)), float(box.group(2))))
    return sizes


def test_handout_has_a_title_page_and_one_page_per_other_visible_panel(
    drawn: MainWindow, tmp_path: Path
) -> None:
    drawn.docks["Filters"].hide()
    drawn.docks["Convolution"].show()
    QApplication.processEvents()
    others = [t for t in visible_titles(drawn) if t not in ("Input", "Prediction")]
    assert handout_titles(drawn) == others and "Convolution" in others and "Filters" not in others
    target = tmp_path / "handout.pdf"
    assert export_handout_pdf(drawn, str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    assert len(pages) == 1 + len(others)
    assert f"({len(pages)} pages)" in drawn.statusBar().currentMessage()
    assert pages[0] == pytest.approx((595, 842), abs=1)  # A4 portrait title page
    for title, (width, height) in zip(others, pages[1:], strict=True):
        widget = drawn.panel_widget(title)
        landscape = widget.width() > widget.height()
        assert (width > height) == landscape, title
        assert sorted((width, height)) == pytest.approx([595, 842], abs=1)


def test_unwritable_targets_give_a_message_and_return_false(drawn: MainWindow, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    assert not export_png(drawn, "Input", str(not_a_folder / "input.png"))
    message = drawn.statusBar().currentMessage()
    assert "Could not write input.png" in message and "not a folder" in message
    assert not export_svg(drawn, "Input", str(tmp_path / "missing" / "input.svg"))
    assert "the folder does not exist" in drawn.statusBar().currentMessage()
    assert not export_all_panels(drawn, str(tmp_path / "missing"))
    assert "0 files were written" in drawn.statusBar().currentMessage()
    assert not export_handout_pdf(drawn, str(not_a_folder / "handout.pdf"))
    assert "handout.pdf" in drawn.statusBar().currentMessage()
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # no half-written files left


def test_a_hidden_panel_is_refused_with_a_message(drawn: MainWindow, tmp_path: Path) -> None:
    assert drawn.docks["Quiz"].isHidden()
    assert not export_png(drawn, "Quiz", str(tmp_path / "quiz.png"))
    assert "View ▸ Quiz panel" in drawn.statusBar().currentMessage()


def test_export_menu_and_shortcuts(drawn: MainWindow) -> None:
    actions = drawn.actions_
    keys = {
        "export_panel": "Ctrl+E",
        "copy_panel": "Ctrl+Shift+C",
        "export_all": "Ctrl+Shift+E",
        "export_handout": "Ctrl+P",
    }
    for key, shortcut in keys.items():
        assert actions[key].shortcut().toString() == shortcut
    file_menu = drawn.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    texts = [a.text() for a in file_menu.actions()]
    assert "&Export panel" in texts and actions["export_all"] in file_menu.actions()
    submenu = next(a.menu() for a in file_menu.actions() if a.text() == "&Export panel")
    assert isinstance(submenu, QMenu)
    assert [a.text() for a in submenu.actions()] == ["as &PNG…", "as &SVG…", "&Copy to clipboard"]


def test_right_click_on_a_title_bar_offers_export(qtbot: QtBot, drawn: MainWindow) -> None:
    texts = [a.text() for a in dock_menu(drawn, "Activations").actions()]
    assert texts[:3] == [
        "Export Activations as PNG…",
        "Export Activations as SVG…",
        "Copy Activations to clipboard",
    ]
    assert "Input panel" in texts  # the window's usual show/hide list follows
    dock = drawn.docks["Activations"]
    title_point = QPoint(dock.width() // 2, 4)
    assert on_title_bar(dock, title_point)
    assert not on_title_bar(dock, QPoint(dock.width() // 2, dock.height() // 2))
    seen: list[str] = []

    def close_popup() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            seen.extend(a.text() for a in popup.actions())
            popup.close()

    QTimer.singleShot(100, close_popup)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, title_point, dock.mapToGlobal(title_point))
    QApplication.sendEvent(dock, event)
    assert seen[:1] == ["Export Activations as PNG…"]


def test_last_folder_is_remembered(drawn: MainWindow, tmp_path: Path) -> None:
    remember_folder(drawn, str(tmp_path / "picture.png"))
    assert drawn.settings.value(FOLDER_KEY) == str(tmp_path)
    assert last_folder(drawn) == tmp_path
    drawn.settings.setValue(FOLDER_KEY, str(tmp_path / "gone"))
    assert last_folder(drawn) == Path.home()
