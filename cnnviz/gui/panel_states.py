"""Each panel's options as plain JSON for a session file, and putting them back.

A panel may implement the protocol itself: ``session_state() -> dict`` and
``restore_session_state(dict)`` (called once its model is loaded and the layer is
selected). For the panels that do not, :data:`ADAPTERS` lists the widgets whose
values make up its options, read and set through the widgets' own signals, so
the panel reacts as if a person had changed them. Options are restored in two
phases: ``early`` ones at once, ``late`` ones after the model has loaded (a layer
list, a channel range or a data set list exists only then). A saved value of the
wrong type or out of range is skipped: a session file is never trusted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

MAX_TEXT = 4096
MAX_KERNEL_SIDE = 15


# -- one widget ------------------------------------------------------------------------------------
def widget_value(widget: object) -> Any:
    """A widget's value as JSON (a combo's item data where it has plain data, else its text)."""
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        plain = isinstance(data, (str, int, float)) and not widget.isEditable()
        return data if plain else widget.currentText()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox, QAbstractSlider)):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QTabWidget):
        return widget.currentIndex()
    raise TypeError(f"no session value for a {type(widget).__name__}")


def is_number(value: object, whole: bool = False) -> TypeGuard[float]:
    """An int (or, unless ``whole``, a finite float) that is not a bool."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (not whole and isinstance(value, float) and math.isfinite(value))


def set_widget_value(widget: object, value: Any) -> None:
    """Set a widget as a person would (its signals fire); a value that does not fit is skipped."""
    if isinstance(widget, QComboBox):
        if isinstance(value, str) and widget.isEditable():
            widget.setCurrentText(value[:MAX_TEXT])
            return
        index = widget.findData(value) if isinstance(value, (str, int, float)) else -1
        index = index if index >= 0 or not isinstance(value, str) else widget.findText(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QDoubleSpinBox) and is_number(value):
        widget.setValue(float(value))
    elif isinstance(widget, (QSpinBox, QAbstractSlider)) and is_number(value, whole=True):
        widget.setValue(int(max(-(2**31), min(2**31 - 1, value))))
    elif isinstance(widget, QRadioButton) and value is True:
        widget.setChecked(True)  # the group unchecks the others; False is implied by another's True
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool) and widget.isCheckable():
        widget.setChecked(value)
    elif isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value[:MAX_TEXT])
    elif isinstance(widget, QTabWidget) and is_number(value, whole=True) and 0 <= value < widget.count():
        widget.setCurrentIndex(int(value))


def attribute(owner: object, path: str) -> object:
    """``owner.a.b.0`` for path ``a.b.0`` (a digit indexes a list); None where it leads nowhere."""
    for part in path.split("."):
        if part.isdigit() and isinstance(owner, (list, tuple)):
            owner = owner[int(part)] if int(part) < len(owner) else None
        else:
            owner = getattr(owner, part, None)
        if owner is None:
            return None
    return owner


# -- what each panel saves ----------------------------------------------------------------------------
Save = Callable[[Any], dict[str, Any]]
Restore = Callable[[Any, dict[str, Any]], None]


@dataclass(frozen=True)
class Adapter:
    """The widgets (attribute paths) of one panel restored at once and after the model loads, plus extras."""

    early: tuple[str, ...] = ()
    late: tuple[str, ...] = ()
    save: Save | None = None
    restore_early: Restore | None = None
    restore_late: Restore | None = None


def save_enlarged(panel: Any) -> dict[str, Any]:
    return {"enlarged": panel.enlarged}


def restore_enlarged(panel: Any, state: dict[str, Any]) -> None:
    index = state.get("enlarged")
    if is_number(index, whole=True) and 0 <= index < 100_000:
        panel.enlarge(int(index))  # a result with fewer maps goes back to the grid by itself


def save_pooling(panel: Any) -> dict[str, Any]:
    return {"layer": panel.layer_name}


def restore_pooling(panel: Any, state: dict[str, Any]) -> None:
    name = state.get("layer")
    if isinstance(name, str) and name in panel.layer_names() and name != panel.layer_name:
        panel.choose_layer(name)  # only this panel's layer: the selected layer is the session's


CONV_SPINS = ("out_channel", "row", "col", "in_channel")


def save_conv_model(panel: Any) -> dict[str, Any]:
    step = panel.model_step
    return {"model.layer": step.layer.currentText()} | {
        f"model.{n}": getattr(step, n).value() for n in CONV_SPINS
    }


def restore_conv_model(panel: Any, state: dict[str, Any]) -> None:
    """The layer and position on the model; a range still unknown (the panel hidden) is widened to fit."""
    step = panel.model_step
    name = state.get("model.layer")
    if isinstance(name, str) and step.layer.findText(name) >= 0:
        step.layer.blockSignals(True)  # the step-through's own layer, not the session's selection
        step.layer.setCurrentText(name)
        step.layer.blockSignals(False)
    for key in CONV_SPINS:
        value, box = state.get(f"model.{key}"), getattr(step, key)
        if is_number(value, whole=True) and 0 <= value < 100_000:
            box.setMaximum(max(box.maximum(), int(value)))  # the capture sets the real range later
            box.setValue(int(value))
    step.refresh()


def save_kernel(panel: Any) -> dict[str, Any]:
    return {"weights": panel.editor.weights.tolist(), "divisor": panel.editor.divisor}


def restore_kernel(panel: Any, state: dict[str, Any]) -> None:
    """Edited weights and divisor: rows of finite numbers, at most 15×15, and a non-zero divisor."""
    rows, divisor = state.get("weights"), state.get("divisor")
    if not isinstance(rows, list) or not is_number(divisor) or divisor == 0:
        return
    if not 0 < len(rows) <= MAX_KERNEL_SIDE or not all(isinstance(r, list) for r in rows):
        return
    if len({len(r) for r in rows}) != 1 or not 0 < len(rows[0]) <= MAX_KERNEL_SIDE:
        return
    if all(is_number(v) for r in rows for v in r):
        panel.editor.set_kernel(np.array(rows, dtype=np.float64), float(divisor))
        panel.refresh()


FORM = "form."
TRAINING_FIELDS = ("model", "optimiser", "schedule", "lr", "batch", "epochs", "weight_decay", "l1")
TRAINING_EXTRAS = ("dropout", "batchnorm", "shift", "rotation", "hflip", "zoo_name", "pretrained", "freeze")


def save_training(panel: Any) -> dict[str, Any]:
    form = panel.form
    return {"builder_config": form.builder_config, "builder_summary": form.builder_summary.text()}


def restore_training_early(panel: Any, state: dict[str, Any]) -> None:
    config, summary = state.get("builder_config"), state.get("builder_summary")
    if isinstance(config, dict) and isinstance(summary, str):
        panel.form.set_builder_config(config, summary[:MAX_TEXT])


def restore_training_late(panel: Any, state: dict[str, Any]) -> None:
    """An image-folder data set is offered again if the folder is still there."""
    key = state.get(FORM + "dataset")
    form = panel.form
    folder = key.removeprefix("folder:") if isinstance(key, str) and key.startswith("folder:") else ""
    if folder and form.dataset.findData(key) < 0 and Path(folder).is_dir():
        form.add_folder(folder)


ADAPTERS: dict[str, Adapter] = {
    "Input": Adapter(early=("brush",)),  # the polarity is the session's own "invert"
    "Activations": Adapter(early=("per_map", "per_layer"), save=save_enlarged, restore_late=restore_enlarged),
    "Filters": Adapter(early=("sort_norm", "show_norm")),
    "Pooling": Adapter(
        early=("operation",), late=("channel",), save=save_pooling, restore_late=restore_pooling
    ),
    "Convolution": Adapter(
        early=(
            "tabs",
            *(f"sandbox.{name}" for name in ("input_edit", "kernel_edit", "stride", "dilation", "mode")),
            *(f"sandbox.pads.{i}" for i in range(4)),
            "sandbox.flip",
            "sandbox.bias",
        ),
        save=save_conv_model,
        restore_late=restore_conv_model,
    ),
    "Image kernels": Adapter(
        early=("kernel_choice", "size_choice", "padding_choice", "source_choice", "display_choice"),
        save=save_kernel,
        restore_early=restore_kernel,
    ),
    "Quiz": Adapter(early=("kind_box", "language_box", "seed_box")),
    "Training": Adapter(
        early=tuple(FORM + name for name in (*TRAINING_FIELDS, *TRAINING_EXTRAS)),
        late=(FORM + "dataset", FORM + "train_size", FORM + "val_size"),
        save=save_training,
        restore_early=restore_training_early,
        restore_late=restore_training_late,
    ),
}


# -- all panels ------------------------------------------------------------------------------------------
def panel_state(title: str, panel: QWidget) -> dict[str, Any] | None:
    """One panel's options (None: it has none to save)."""
    own = getattr(panel, "session_state", None)
    if callable(own):
        return dict(own())
    adapter = ADAPTERS.get(title)
    if adapter is None:
        return None
    state: dict[str, Any] = {}
    for path in (*adapter.early, *adapter.late):
        widget = attribute(panel, path)
        if widget is not None:
            state[path] = widget_value(widget)
    return state | (adapter.save(panel) if adapter.save is not None else {})


def collect_panel_states(panels: dict[str, QWidget]) -> dict[str, dict[str, Any]]:
    """The options of every panel that has some, by dock title."""
    found = {title: panel_state(title, panel) for title, panel in panels.items()}
    return {title: state for title, state in found.items() if state is not None}


def restore_panel_states(panels: dict[str, QWidget], states: dict[str, dict[str, Any]], late: bool) -> None:
    """Put back the early (``late`` False) or late options of every panel named in ``states``."""
    for title, state in states.items():
        panel = panels.get(title)
        if panel is None:
            continue
        own = getattr(panel, "restore_session_state", None)
        if callable(own):
            if late:
                own(state)
            continue
        adapter = ADAPTERS.get(title)
        if adapter is None:
            continue
        extra = adapter.restore_late if late else adapter.restore_early
        if late and extra is not None:
            extra(panel, state)  # e.g. the layer before its channel
        for path in adapter.late if late else adapter.early:
            widget = attribute(panel, path)
            if widget is not None and path in state:
                set_widget_value(widget, state[path])
        if not late and extra is not None:
            extra(panel, state)  # e.g. edited weights over the library kernel just chosen
