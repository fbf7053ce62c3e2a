"""Live frame sources for the Camera panel: a real camera (Qt Multimedia) or generated frames.

A source emits ``frame`` (an H×W×3 float32 RGB array in [0, 1]) at most ``max_fps`` times a
second, and not again until the consumer calls ``consumed()`` (or a second has passed), so a
busy model drops frames at the source instead of flooding the event loop.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from cnnviz.gui.canvas import qimage_to_array

# Shown translated by no_camera_message().
NO_CAMERA = QT_TRANSLATE_NOOP("FrameSources", "No camera found — connect one or use the test pattern.")
NO_MULTIMEDIA = QT_TRANSLATE_NOOP(
    "FrameSources",
    "Camera support needs Qt Multimedia, which cannot be loaded here ({reason}) — "
    "it comes with PySide6-Addons and needs the system's PulseAudio library (libpulse); "
    "the test pattern works without it.",
)
CONSUME_TIMEOUT_S = 1.0  # a frame nobody acknowledged (e.g. a result judged stale) stops blocking
MAX_FRAME_SIDE = 640  # larger camera frames are shrunk before conversion (the models see ≤ 224 px)


class FrameSource(QObject):
    """The interface: ``start()``, ``stop()``, ``name``, ``active``; signals ``frame`` and ``failed``."""

    frame = Signal(object)  # np.ndarray H×W×3 float32 in [0, 1]
    failed = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.active = False
        self.max_fps = 10.0
        self.delivered = 0
        self.dropped = 0
        self._waiting = False
        self._last_sent = -math.inf

    def start(self) -> None:
        """Begin streaming."""
        self.active = True
        self._waiting = False

    def stop(self) -> None:
        """Stop streaming and release what the source holds; safe to call more than once."""
        self.active = False

    def set_max_fps(self, fps: float) -> None:
        """At most ``fps`` frames a second reach the consumer."""
        self.max_fps = max(0.1, float(fps))

    def consumed(self) -> None:
        """The consumer has dealt with the last frame: the next one may come."""
        self._waiting = False

    def wants_frame(self) -> bool:
        """True when a frame now would be delivered (else producing one is wasted work)."""
        if not self.active:
            return False
        now = time.monotonic()
        if self._waiting and now - self._last_sent < CONSUME_TIMEOUT_S:
            return False
        return now - self._last_sent >= 1.0 / self.max_fps

    def offer(self, produce: Callable[[], np.ndarray | None]) -> None:
        """Deliver ``produce()`` if a frame is wanted now; otherwise drop it without producing it."""
        if not self.wants_frame():
            self.dropped += 1
            return
        pixels = produce()
        if pixels is None:
            return
        self._waiting = True
        self._last_sent = time.monotonic()
        self.delivered += 1
        self.frame.emit(pixels)


class GeneratedSource(FrameSource):
    """Frames from a list (cycled) or a callable of the tick number, on a timer: tests and the
    built-in test pattern for a classroom without a camera."""

    def __init__(
        self,
        frames: Sequence[np.ndarray] | Callable[[int], np.ndarray],
        name: str = "Test pattern",
        tick_fps: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name, parent)
        self._frames = frames
        self.ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, round(1000 / tick_fps)))
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Start the timer."""
        super().start()
        self.timer.start()

    def stop(self) -> None:
        """Stop the timer."""
        super().stop()
        self.timer.stop()

    def frame_at(self, tick: int) -> np.ndarray:
        """The frame for tick ``tick``."""
        if callable(self._frames):
            return self._frames(tick)
        return self._frames[tick % len(self._frames)]

    def _tick(self) -> None:
        tick = self.ticks
        self.ticks += 1
        self.offer(lambda: self.frame_at(tick))


def multimedia() -> Any | None:
    """The QtMultimedia module, or None where it cannot be loaded (see :func:`multimedia_problem`)."""
    return None if multimedia_problem() else _loaded_multimedia


_loaded_multimedia: Any = None


def multimedia_problem() -> str:
    """Why Qt Multimedia cannot be loaded (a missing module or system library), or ""."""
    global _loaded_multimedia
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:
        return str(exc) or "not installed"
    _loaded_multimedia = QtMultimedia
    return ""


def camera_devices() -> list[tuple[str, bytes]]:
    """(description, id) of every camera Qt sees; empty without cameras or without Qt Multimedia."""
    module = multimedia()
    if module is None:
        return []
    return [
        (device.description(), bytes(device.id().data())) for device in module.QMediaDevices.videoInputs()
    ]


def no_camera_message() -> str:
    """Why there is no camera to choose: Qt Multimedia missing, or no device connected."""
    problem = multimedia_problem()
    if problem:
        return QCoreApplication.translate("FrameSources", str(NO_MULTIMEDIA)).format(reason=problem)
    return QCoreApplication.translate("FrameSources", str(NO_CAMERA))


def frame_to_array(image: QImage) -> np.ndarray | None:
    """A camera frame as H×W×3 float32, shrunk to at most ``MAX_FRAME_SIDE`` (None if empty)."""
    if image.isNull():
        return None
    if max(image.width(), image.height()) > MAX_FRAME_SIDE:
        image = image.scaled(
            MAX_FRAME_SIDE,
            MAX_FRAME_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    return qimage_to_array(image)


class CameraSource(FrameSource):
    """A camera through Qt Multimedia (``device_id`` as from ``camera_devices()``; empty: the first).

    Frames arriving while none is wanted are dropped before any conversion."""

    def __init__(self, device_id: bytes = b"", name: str = "Camera", parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self.device_id = device_id
        self._camera: Any = None
        self._capture: Any = None
        self._sink: Any = None

    def start(self) -> None:
        """Open the camera; failures arrive as ``failed`` with a readable message."""
        module = multimedia()
        device = self._find_device(module)
        if module is None or device is None:
            self.failed.emit(no_camera_message())
            return
        super().start()
        self._camera = module.QCamera(device)
        self._capture = module.QMediaCaptureSession()
        self._sink = module.QVideoSink()
        self._capture.setCamera(self._camera)
        self._capture.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera.errorOccurred.connect(self._on_error)
        self._camera.start()

    def _find_device(self, module: Any | None) -> Any | None:
        if module is None:
            return None
        devices = list(module.QMediaDevices.videoInputs())
        for device in devices:
            if not self.device_id or bytes(device.id().data()) == self.device_id:
                return device
        return None

    def stop(self) -> None:
        """Stop the camera and release it."""
        super().stop()
        if self._camera is not None:
            self._camera.stop()
        if self._sink is not None:
            self._sink.videoFrameChanged.disconnect(self._on_frame)
        self._camera = self._capture = self._sink = None

    def _on_frame(self, video_frame: Any) -> None:
        self.offer(lambda: frame_to_array(video_frame.toImage()))

    def _on_error(self, _error: Any, text: str) -> None:
        self.stop()
        reason = text or QCoreApplication.translate("FrameSources", "unknown error")
        self.failed.emit(
            QCoreApplication.translate("FrameSources", "The camera stopped: {reason}").format(reason=reason)
        )
