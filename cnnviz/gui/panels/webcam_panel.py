"""Camera panel: stream a camera (or the built-in test pattern) into the model, live.

Frames go to ``session.set_image`` exactly like an opened photo (so a digit model sees them
through the same automatic polarity and MNIST-style preparation). At most ``max fps`` frames a
second are sent, and none while the model is still busy with the previous one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.canvas import array_to_qimage
from cnnviz.gui.frame_sources import (
    CameraSource,
    FrameSource,
    GeneratedSource,
    camera_devices,
    no_camera_message,
)
from cnnviz.gui.pattern_frames import pattern_frame
from cnnviz.gui.session import Session
from cnnviz.gui.widgets import MessageBanner

TEST_PATTERN = str(QT_TRANSLATE_NOOP("WebcamPanel", "Test pattern (no camera needed)"))
TEST_PATTERN_NOTE = str(
    QT_TRANSLATE_NOOP(
        "WebcamPanel",
        "Test pattern: generated frames of written digits, not a camera — shows how streaming works.",
    )
)
DEFAULT_FPS = 10


class WebcamPanel(QWidget):
    """Choose a camera, start/stop it, preview it; Freeze keeps the current frame on the canvas."""

    frozen = Signal(QImage)  # the main window puts it on the Input canvas

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webcamPanel")
        self.session = session
        self.source: FrameSource | None = None
        self.current: np.ndarray | None = None
        self.frames_sent = 0
        self.banner = MessageBanner()
        self._build()
        self.refresh_cameras()
        self.session.result_ready.connect(self._model_answered)
        self.session.input_problem.connect(self._model_answered)

    def _build(self) -> None:
        self.chooser = QComboBox()
        self.chooser.setObjectName("cameraChooser")
        self.chooser.setToolTip(self.tr("The camera to stream from, or a generated test pattern"))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("cameraStart")
        self.start_button.setCheckable(True)
        self.start_button.setToolTip(
            self.tr("Stream frames into the model; Prediction and Activations follow live")
        )
        self.fps = QSpinBox()
        self.fps.setObjectName("cameraFps")
        self.fps.setRange(1, 30)
        self.fps.setValue(DEFAULT_FPS)
        self.fps.setSuffix(self.tr(" fps max"))
        self.fps.setToolTip(
            self.tr("Most frames a second sent to the model (frames are skipped while it is busy)")
        )
        self.freeze_button = QPushButton(self.tr("Freeze"))
        self.freeze_button.setObjectName("cameraFreeze")
        self.freeze_button.setToolTip(self.tr("Stop and keep the current frame on the Input canvas"))
        self.freeze_button.setEnabled(False)
        self.note = QLabel("")
        self.note.setObjectName("cameraNote")
        self.note.setWordWrap(True)
        self.preview = QLabel(self.tr("Press Start to see the camera here"))
        self.preview.setObjectName("cameraPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(160, 120)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # no growth loop
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Source")))
        controls.addWidget(self.chooser, 1)
        controls.addWidget(self.fps)
        controls.addWidget(self.start_button)
        controls.addWidget(self.freeze_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.banner)
        layout.addWidget(self.note)
        layout.addWidget(self.preview, 1)
        self.start_button.toggled.connect(self._start_toggled)
        self.freeze_button.clicked.connect(self.freeze)
        self.fps.valueChanged.connect(self._fps_changed)
        self.chooser.currentIndexChanged.connect(self._source_chosen)

    def refresh_cameras(self) -> None:
        """List the cameras Qt sees, then the test pattern; none: say so and offer the pattern."""
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for description, device_id in camera_devices():
            self.chooser.addItem(description, device_id)
        self.chooser.addItem(self.tr(TEST_PATTERN), None)
        self.chooser.blockSignals(False)
        self._show_camera_state()
        self._source_chosen()

    def _show_camera_state(self) -> None:
        """The "no camera" message while only the test pattern is listed (else no message)."""
        if self.chooser.count() == 1:
            self.banner.show_error(no_camera_message())
        else:
            self.banner.hide()

    # -- streaming -----------------------------------------------------------
    def start(self, source: FrameSource | None = None) -> None:
        """Start ``source`` (tests, scripts) or else the one chosen in the list (Start button)."""
        self.stop()
        self._show_camera_state()  # a message of an earlier failure goes
        self.source = source if source is not None else self._make_source()
        self.source.setParent(self)
        self.source.set_max_fps(self.fps.value())
        self.source.frame.connect(self._on_frame)
        self.source.failed.connect(self._on_failed)
        self.source.start()
        running = self.source is not None and self.source.active
        self._set_running(running)

    def stop(self) -> None:
        """Stop streaming and release the camera; safe to call at any time."""
        source, self.source = self.source, None
        if source is not None:
            source.stop()
            source.frame.disconnect(self._on_frame)
            source.failed.disconnect(self._on_failed)
            source.deleteLater()
        self._set_running(False)

    def is_running(self) -> bool:
        """True while a source streams."""
        return self.source is not None and self.source.active

    def freeze(self) -> None:
        """Stop, and put the current frame on the Input canvas (where the user can keep it)."""
        frame = self.current
        self.stop()
        if frame is not None:
            self.frozen.emit(array_to_qimage(frame))

    def visibility_changed(self, visible: bool) -> None:
        """The dock was hidden: stop the camera."""
        if not visible:
            self.stop()

    def _make_source(self) -> FrameSource:
        device_id = self.chooser.currentData()
        if device_id is None:
            return GeneratedSource(pattern_frame, name=self.tr(TEST_PATTERN), parent=self)
        return CameraSource(device_id, name=self.chooser.currentText(), parent=self)

    def _set_running(self, running: bool) -> None:
        self.start_button.blockSignals(True)
        self.start_button.setChecked(running)
        self.start_button.setText(self.tr("Stop") if running else self.tr("Start"))
        self.start_button.blockSignals(False)
        self.freeze_button.setEnabled(running and self.current is not None)
        self.chooser.setEnabled(not running)

    # -- slots (connected to Python signals: they return None) ----------------
    def _start_toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()

    def _fps_changed(self, fps: int) -> None:
        if self.source is not None:
            self.source.set_max_fps(fps)

    def _source_chosen(self, _index: int = 0) -> None:
        self.note.setText(self.tr(TEST_PATTERN_NOTE) if self.chooser.currentData() is None else "")

    def _on_frame(self, frame: np.ndarray) -> None:
        self.current = frame
        self.frames_sent += 1
        self._show_preview(frame)
        self.freeze_button.setEnabled(True)
        self.session.set_image(frame)
        if self.session.bundle is None and self.source is not None:
            self.source.consumed()  # no model: nothing to wait for

    def _on_failed(self, message: str) -> None:
        self.stop()
        self.banner.show_error(message)

    def _model_answered(self, _result: object) -> None:
        if self.source is not None:
            self.source.consumed()

    def _show_preview(self, frame: np.ndarray) -> None:
        pixmap = QPixmap.fromImage(array_to_qimage(frame))
        size = self.preview.size()
        self.preview.setPixmap(
            pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        )
