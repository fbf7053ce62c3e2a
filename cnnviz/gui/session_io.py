"""Taking a window's state into a :class:`SessionState` and putting one back.

:class:`SessionKeeper` captures the canvas pixels, the model's source, the selected
layer, unit and class, the device, each panel's options (:mod:`cnnviz.gui.panel_states`),
the dock layout and the font size. Restoring happens in order: fonts and docks, the
canvas, the options that need no model; then the model is loaded (in the background)
and, once it is on screen, the device, the layer, the options that need the model
(a pooling layer, a map enlarged), the unit and the class; ``restored`` says when.
The window's title names the session and marks it modified after a change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QComboBox

from cnnviz.core.session_file import SessionState, model_source, save_session
from cnnviz.gui.panel_states import collect_panel_states, restore_panel_states
from cnnviz.gui.panels.input_panel import POLARITY

if TYPE_CHECKING:
    from cnnviz.core.session_file import ModelSource
    from cnnviz.core.spec import ModelBundle
    from cnnviz.gui.main_window import MainWindow

APP_TITLE = "cnnviz"
CLASS_CHOOSER = "attributionClass"  # the Attribution panel's class (objectName: the panel is not ours)
FUNCTIONAL_SWITCH = "functionalToggle"
STATE_FORMATS = ("state_dict", "safetensors")  # files that need their architecture named again


def qimage_pixels(image: QImage) -> np.ndarray:
    """A QImage's pixels as H×W×3 uint8 RGB (exact, a copy)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = rgb.height(), rgb.width(), rgb.bytesPerLine()
    buffer = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=h * stride)
    return buffer.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def pixels_qimage(pixels: np.ndarray) -> QImage:
    """H×W×3 uint8 RGB → a QImage owning its own copy."""
    data = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w = data.shape[:2]
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def same_model(loaded: str, wanted: str, strict: bool = True) -> bool:
    """Whether source ``loaded`` is ``wanted`` (files by their real path; ``strict`` False: a
    torchvision model with or without its pretrained weights counts)."""
    if loaded == wanted:
        return True
    if loaded.startswith("zoo:") or wanted.startswith("zoo:"):
        names = [s.removesuffix(":pretrained") for s in (loaded, wanted)]
        return not strict and names[0] == names[1]
    try:
        return bool(loaded and wanted) and Path(loaded).resolve() == Path(wanted).resolve()
    except OSError:
        return False


class SessionKeeper(QObject):
    """Capture and restore a window's state; names the session in the title."""

    restored = Signal()  # a session's state is back on screen, model and all

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.pending: SessionState | None = None  # waiting for its model to load
        self.expected = ""  # the source of that model
        self.restoring = False
        self.loaded: tuple[str, object] | None = None  # (source, module) of the model the loader gave
        self.asked = ""  # the source being loaded
        s = window.session
        s.model_changed.connect(self._model_changed)
        s.weights_changed.connect(self._weights_changed)
        s.model_loading.connect(self._model_loading)
        s.model_failed.connect(self._model_failed)
        for changed in (s.image_changed, s.layer_selected, s.unit_selected, s.model_changed):
            changed.connect(self._touched)

    # -- capturing -------------------------------------------------------------------------------
    def panels(self) -> dict[str, Any]:
        """The panel widgets by dock title."""
        return {title: dock.widget() for title, dock in self.window.docks.items()}

    def model(self, session_path: Path) -> ModelSource | None:
        """The current model's source as a session records it (None: a model in memory only)."""
        bundle = self.window.session.bundle
        if bundle is None or self.loaded is None:
            return None  # none yet, or a model in memory (training) whose source would load other weights
        spec = bundle.extra.get("arch_spec") if bundle.extra.get("format") in STATE_FORMATS else None
        return model_source(bundle.source, session_path.parent, spec if isinstance(spec, dict) else None)

    def capture(self, session_path: Path) -> SessionState:
        """The window's state now (``session_path``: where it will be saved, for relative paths)."""
        s, window = self.window.session, self.window
        unit = s.unit if s.unit is not None and s.unit[0] == s.layer else None
        chooser = window.findChild(QComboBox, CLASS_CHOOSER)
        target = chooser.currentData() if chooser is not None else None
        return SessionState(
            image=qimage_pixels(window.input_panel.canvas.image()),
            model=self.model(session_path),
            layer=s.layer,
            unit=None if unit is None else (unit[1], unit[2]),
            unit_channel=s.unit_channel if unit is not None else None,
            target_class=target if isinstance(target, int) and not isinstance(target, bool) else None,
            device=s.device,
            invert=s.invert,
            functional=s.functional,
            panels=collect_panel_states(self.panels()),
            dock_state=bytes(window.saveState().data()),
            large_fonts=window.actions_["large_fonts"].isChecked(),
        )

    def save(self, path: str | Path) -> SessionState:
        """Capture and write the session (SessionError if it cannot be written); it becomes the title."""
        path = Path(path)
        state = self.capture(path)
        save_session(path, state)
        self.set_path(path)
        return state

    # -- restoring -------------------------------------------------------------------------------
    def apply(self, state: SessionState, path: Path, model_file: Path | None = None) -> None:
        """Put ``state`` back; its model from ``model_file`` if given (a file that moved)."""
        window = self.window
        self.restoring = True
        self.set_path(path)
        window.set_large_fonts(state.large_fonts)
        if state.dock_state:
            window.restoreState(QByteArray(state.dock_state))
        window.input_panel.canvas.restore(pixels_qimage(state.image))
        values = [value for _text, value in POLARITY]
        window.input_panel.polarity.setCurrentIndex(values.index(state.invert))
        restore_panel_states(self.panels(), state.panels, late=False)
        source = state.model.source_text(model_file) if state.model is not None else ""
        self.pending, self.expected = state, source
        if not source or (self.loaded is not None and same_model(self.loaded[0], source)):
            QTimer.singleShot(0, self._finish)  # the model is already the session's (or none was saved)
            return
        arch_spec = state.model.arch_spec if state.model is not None else None
        window.model_opener.open(source, arch_spec=arch_spec)  # trust and architecture questions ask

    def _model_loading(self, source: str) -> None:
        self.asked = source
        if self.pending is not None and not same_model(source, self.expected, strict=False):
            self.pending, self.restoring = None, False  # another model was chosen meanwhile

    def _model_failed(self, _message: str) -> None:
        self.asked = ""
        self.restoring = False  # the rest waits: a question (trust, architecture) may load it yet

    def _model_changed(self, bundle: ModelBundle) -> None:
        if self.asked and same_model(bundle.source, self.asked, strict=False):
            self.loaded = (bundle.source, bundle.module)
        elif self.loaded is None or bundle.module is not self.loaded[1]:
            self.loaded = None  # shown from memory (a model being trained); the same module: input edited
        self.asked = ""
        if self.pending is not None and same_model(bundle.source, self.expected, strict=False):
            QTimer.singleShot(0, self._finish)  # after every panel has taken the new model

    def _weights_changed(self, _label: str) -> None:
        self.loaded = None  # other weights (a training snapshot) than any file or name gives

    def _finish(self) -> None:
        """The model-dependent part: device, layer, late panel options, unit, class."""
        state, self.pending = self.pending, None
        if state is None:
            return
        s = self.window.session
        if state.device in s.devices:
            s.set_device(state.device)
        switch = self.window.findChild(QCheckBox, FUNCTIONAL_SWITCH)
        if switch is not None:
            switch.setChecked(state.functional)
        elif state.functional != s.functional:
            s.set_functional(state.functional)
        names = {row.name for row in s.summary.rows} if s.summary is not None else set()
        if state.layer and (state.layer in names or state.functional):
            s.select_layer(state.layer)
        restore_panel_states(self.panels(), state.panels, late=True)
        if state.unit is not None and s.layer == state.layer and self._unit_fits(state):
            s.select_unit(state.unit[0], state.unit[1], channel=state.unit_channel)
        self._restore_class(state.target_class)
        self.restoring = False
        self.window.setWindowModified(False)
        self.restored.emit()

    def _unit_fits(self, state: SessionState) -> bool:
        """The saved unit (and its map) lies inside the selected layer's output."""
        summary, unit = self.window.session.summary, state.unit
        shape = next((r.output_shape for r in summary.rows if r.name == state.layer), ()) if summary else ()
        if unit is None or len(shape) != 3:
            return False
        channel_fits = state.unit_channel is None or state.unit_channel < shape[0]
        return channel_fits and unit[0] < shape[1] and unit[1] < shape[2]

    def _restore_class(self, target: int | None) -> None:
        chooser = self.window.findChild(QComboBox, CLASS_CHOOSER)
        index = chooser.findData(target) if chooser is not None and target is not None else -1
        if chooser is not None and index >= 0:
            chooser.setCurrentIndex(index)

    # -- the title -------------------------------------------------------------------------------
    def set_path(self, path: Path | None) -> None:
        """The session file now shown (None: none); the title names it, unmodified."""
        self.path = path
        title = f"{path.name}[*] — {APP_TITLE}" if path is not None else APP_TITLE
        self.window.setWindowTitle(title)
        self.window.setWindowModified(False)

    def _touched(self, *_args: object) -> None:
        if self.path is not None and not self.restoring:
            self.window.setWindowModified(True)
