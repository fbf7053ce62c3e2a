"""Presenter mode (View ▸ Presenter mode, F5): one switch for the projector.

On: large fonts everywhere (:mod:`cnnviz.gui.fonts`), a thicker brush on the Input canvas,
high-contrast colour maps in every panel that draws maps, and the advanced controls tucked
away. Off: each of them back exactly as it was. Panels mark their advanced controls with
:func:`mark_advanced`; the state is stored under ``view/presenter`` and restored at start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget

from cnnviz.gui.fonts import LARGE_SCALE, apply_font_scale, current_scale
from cnnviz.gui.theme import high_contrast, set_high_contrast

if TYPE_CHECKING:
    from cnnviz.gui.main_window import MainWindow

PRESENTER_KEY = "view/presenter"
OLD_LARGE_FONTS_KEY = "view/large_fonts"  # View ▸ Large fonts, which presenter mode replaced
ACTION_KEY = "large_fonts"  # the action's key in window.actions_ (kept: session files use the name)
BRUSH_FACTOR = 1.6
ADVANCED = "cnnvizAdvanced"
TUCKED = "cnnvizTucked"


def mark_advanced(*widgets: QWidget) -> None:
    """Hide these controls in presenter mode (with any label whose buddy they are).

    Mark only widgets whose visibility the panel itself never changes: presenter mode hides
    them and shows them again afterwards.
    """
    for widget in widgets:
        widget.setProperty(ADVANCED, True)


def advanced_widgets(root: QWidget) -> list[QWidget]:
    """The marked widgets under ``root`` and the labels that name them."""
    marked = [w for w in root.findChildren(QWidget) if w.property(ADVANCED)]
    ids = {id(w) for w in marked}
    buddies = [label for label in root.findChildren(QLabel) if id(label.buddy()) in ids]
    return marked + [label for label in buddies if id(label) not in ids]


def tuck_advanced(root: QWidget, tucked: bool) -> None:
    """Hide the advanced controls under ``root`` (``tucked``), or show the ones hidden for it."""
    if tucked:
        for widget in advanced_widgets(root):
            if not widget.isHidden() and not widget.property(TUCKED):
                widget.setProperty(TUCKED, True)
                widget.hide()
        return
    for widget in root.findChildren(QWidget):
        if widget.property(TUCKED):
            widget.setProperty(TUCKED, None)
            widget.show()


def presenter_setting(settings: QSettings) -> bool:
    """The stored switch; an older ``view/large_fonts`` value is moved to ``view/presenter``."""
    if not settings.contains(PRESENTER_KEY) and settings.contains(OLD_LARGE_FONTS_KEY):
        settings.setValue(PRESENTER_KEY, _read_bool(settings, OLD_LARGE_FONTS_KEY))
        settings.remove(OLD_LARGE_FONTS_KEY)
    return _read_bool(settings, PRESENTER_KEY)


def _read_bool(settings: QSettings, key: str) -> bool:
    try:
        return bool(settings.value(key, False, type=bool))
    except (TypeError, ValueError):
        return False


def is_presenter(window: MainWindow) -> bool:
    """Whether presenter mode is on in ``window``."""
    return window.actions_[ACTION_KEY].isChecked()


def set_presenter_mode(window: MainWindow, on: bool) -> None:
    """Fonts, brush, colour maps and advanced controls for a projector (``on``), or back."""
    apply_font_scale([window], LARGE_SCALE if on else 1.0)
    window.input_panel.canvas.brush_scale = BRUSH_FACTOR if on else 1.0
    if high_contrast() != on:
        set_high_contrast(on)
        repaint_colour_maps(window)
    tuck_advanced(window, on)
    window.actions_[ACTION_KEY].setChecked(on)
    window.settings.setValue(PRESENTER_KEY, on)


def restore_presenter(window: MainWindow) -> None:
    """At start: the stored switch (and normal fonts and maps if another window changed them)."""
    on = presenter_setting(window.settings)
    if on or current_scale() != 1.0 or high_contrast():
        set_presenter_mode(window, on)


def repaint_colour_maps(window: MainWindow) -> None:
    """Redraw what the panels show with the colour maps now in use."""
    window.activations_panel.redraw()
    window.filters_panel.redraw()
    attribution = window.attribution_panel
    if attribution.shown is not None:
        attribution.show_view(attribution.shown)
    if window.pooling_panel.result is not None:
        window.pooling_panel.recompute()
    window.kernels_panel.refresh()  # later, if hidden
    window.convolution_panel.model_step.show_step()
