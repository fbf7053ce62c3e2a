"""The Camera panel on a real window, fed by generated frames (no camera on the test machine)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot

from cnnviz.gui import frame_sources
from cnnviz.gui.frame_sources import CameraSource, GeneratedSource, camera_devices, no_camera_message
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.webcam_panel import TEST_PATTERN, WebcamPanel
from cnnviz.gui.pattern_frames import digit_frame
from tests.gui.conftest import open_window, wait_for_latest


def shown_panel(qtbot: QtBot, window: MainWindow) -> WebcamPanel:
    window.docks["Camera"].show()
    qtbot.waitUntil(lambda: window.docks["Camera"].isVisible())
    return window.webcam_panel


def stream_until_shown(qtbot: QtBot, window: MainWindow, digit: int) -> str:
    """Stream frames of ``digit`` until their result is on screen; the top label shown."""
    panel = window.webcam_panel
    frame = digit_frame(digit)
    panel.start(GeneratedSource([frame], name=f"digit {digit}"))
    qtbot.waitUntil(lambda: window.session.image is frame, timeout=5_000)
    wait_for_latest(qtbot, window)
    panel.stop()
    return window.prediction_panel.top_texts()[0]


def test_frames_update_the_prediction(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    shown_panel(qtbot, window)
    with qtbot.waitSignal(window.session.result_ready, timeout=10_000):
        one = stream_until_shown(qtbot, window, 1)
    seven = stream_until_shown(qtbot, window, 7)
    assert one and seven and one != seven
    assert window.session.image is not None and window.session.image.shape == (240, 320, 3)
    assert (
        window.webcam_panel.preview.pixmap() is not None and not window.webcam_panel.preview.pixmap().isNull()
    )


def test_frame_rate_limit_holds_at_the_source(qtbot: QtBot) -> None:
    source = GeneratedSource([digit_frame(1)], tick_fps=100)
    source.set_max_fps(4)
    delivered: list[float] = []

    def consume_at_once(_frame: object) -> None:
        delivered.append(1)
        source.consumed()

    source.frame.connect(consume_at_once)
    source.start()
    qtbot.wait(1_000)  # a rate is measured over time
    source.stop()
    assert 3 <= len(delivered) <= 5  # 4 fps for one second (the first frame at once)
    assert source.dropped > 50  # the other ticks produced no frame at all
    assert not source.timer.isActive()


def test_the_session_gets_no_frame_while_the_model_is_busy(
    qtbot: QtBot, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The 1 s give-up for an unanswered frame is a safety net; on a loaded machine one answer can
    # take longer than that, so the net is moved out of the way to test the waiting itself.
    monkeypatch.setattr(frame_sources, "CONSUME_TIMEOUT_S", 60.0)
    window = open_window(qtbot, settings)
    panel = shown_panel(qtbot, window)
    panel.fps.setValue(4)
    events: list[str] = []
    window.session.image_changed.connect(lambda: events.append("frame"))
    window.session.result_ready.connect(lambda _r: events.append("answer"))
    source = GeneratedSource([digit_frame(d) for d in (1, 7, 3)], tick_fps=100)
    panel.start(source)
    qtbot.wait(1_000)  # a rate is measured over time
    panel.stop()
    frames = events.count("frame")
    assert 1 <= frames <= 5  # at most 4 fps (the first frame at once), fewer when the model is slower
    assert "frame,frame" not in ",".join(events)  # each frame waited for the previous answer
    assert source.dropped > frames  # ticks while busy produced no frame


def test_no_camera_gives_a_clear_message(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    panel = shown_panel(qtbot, window)
    assert camera_devices() == []  # none on the test machine
    assert panel.chooser.count() == 1 and panel.chooser.currentText() == TEST_PATTERN
    assert panel.banner.isVisible() and panel.banner.text() == no_camera_message()
    assert "test pattern" in panel.banner.text()
    assert "not a camera" in panel.note.text()
    source = CameraSource(b"")
    with qtbot.waitSignal(source.failed, timeout=1_000) as blocker:
        source.start()
    assert blocker.args == [panel.banner.text()] and not source.active
    panel.start(CameraSource(b""))
    assert not panel.is_running() and not panel.start_button.isChecked()
    assert panel.banner.text() == no_camera_message()


def test_test_pattern_streams_from_the_start_button(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    panel = shown_panel(qtbot, window)
    panel.start_button.click()
    assert panel.is_running() and panel.start_button.text() == "Stop"
    qtbot.waitUntil(lambda: panel.frames_sent >= 2, timeout=5_000)
    panel.start_button.click()
    assert not panel.is_running() and panel.start_button.text() == "Start"


def test_freeze_puts_the_frame_on_the_canvas(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    panel = shown_panel(qtbot, window)
    canvas = window.input_panel.canvas
    assert canvas.is_blank()
    panel.start(GeneratedSource([digit_frame(7)]))
    qtbot.waitUntil(lambda: panel.current is not None and panel.freeze_button.isEnabled(), timeout=5_000)
    panel.freeze_button.click()
    assert not panel.is_running()
    pixels = canvas.array()
    assert not canvas.is_blank()
    assert abs(float(pixels.mean()) - float(digit_frame(7).mean())) < 0.05  # light paper, dark ink
    wait_for_latest(qtbot, window)
    assert window.session.image is not None and window.session.image.shape[:2] == pixels.shape[:2]


def test_hiding_and_closing_leave_nothing_running(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    panel = shown_panel(qtbot, window)
    panel.start_button.click()
    assert panel.is_running()
    window.docks["Camera"].hide()
    assert not panel.is_running() and panel.source is None
    window.docks["Camera"].show()
    panel.start_button.click()
    assert panel.is_running()
    window.close()
    assert not panel.is_running()
    qtbot.waitUntil(lambda: not panel.findChildren(GeneratedSource), timeout=2_000)  # deleted
    assert not any(timer.isActive() for timer in panel.findChildren(QTimer))


def test_camera_dock_is_hidden_by_default(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings)
    assert not window.docks["Camera"].isVisible()
    assert window.actions_["view_camera"].text() == "Camera panel"
    window.actions_["view_camera"].trigger()
    assert window.docks["Camera"].isVisible() and window.docks["Input"].isVisible()
