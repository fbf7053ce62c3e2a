"""The Pooling panel's texts that come from core (which never imports Qt), in the interface language.

Core describes a pooling layer (:func:`~cnnviz.core.pool_layers.describe_choice`:
``MaxPool2d: max over 2×2 windows, stride 2``), notes where a window reaches into the padding
(:func:`~cnnviz.core.pooling.padding_note`), sums up a large window's computation
(:func:`~cnnviz.core.pooling.explain_window`: ``max of the 784 values in rows 0–27, …``) and
says why a layer is not explained (:class:`~cnnviz.core.pool_layers.UnsupportedPooling`).
The copies of those wordings below, in the "PoolWords" context, show them translated (a
test checks that they still match core's texts); a short window's computation goes through
:func:`cnnviz.core.quiz_text.translate_core`, as the quiz words it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from cnnviz.core.pool_layers import LayerPooling, describe_choice
from cnnviz.core.pooling import PoolResult, explain_window, padding_note
from cnnviz.core.quiz_text import translate_core
from cnnviz.gui.core_text import CoreTexts
from cnnviz.gui.i18n import current_language

# cnnviz.core.pool_layers.describe_layer / describe_choice / _windows_text
DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("PoolWords", "{type}: {op} to {rows}×{cols} (adaptive windows)"),
    QT_TRANSLATE_NOOP("PoolWords", "{type}: {op} over {windows}"),
    QT_TRANSLATE_NOOP("PoolWords", "{op} pooling: one value for the whole map"),
    QT_TRANSLATE_NOOP("PoolWords", "{op} over the layer's adaptive windows"),
    QT_TRANSLATE_NOOP("PoolWords", "{op} over the layer's windows ({windows})"),
    QT_TRANSLATE_NOOP("PoolWords", "{size} windows, stride {stride}"),
    QT_TRANSLATE_NOOP("PoolWords", "{size} windows, stride {stride}, padding {padding}"),
    QT_TRANSLATE_NOOP("PoolWords", "{size} windows, stride {stride}, ceil mode"),
    QT_TRANSLATE_NOOP("PoolWords", "{size} windows, stride {stride}, padding {padding}, ceil mode"),
    # cnnviz.core.pool_layers.POOL_CHOICES, lower case, and an adaptive side kept as it is
    QT_TRANSLATE_NOOP("PoolWords", "max"),
    QT_TRANSLATE_NOOP("PoolWords", "average"),
    QT_TRANSLATE_NOOP("PoolWords", "min"),
    QT_TRANSLATE_NOOP("PoolWords", "global max"),
    QT_TRANSLATE_NOOP("PoolWords", "global average"),
    QT_TRANSLATE_NOOP("PoolWords", "same"),
)
# cnnviz.core.pooling.padding_note
PADDING_NOTES = (
    QT_TRANSLATE_NOOP("PoolWords", "rows and columns outside {rows}, {cols} are padding ({fill})"),
    QT_TRANSLATE_NOOP("PoolWords", "−inf: never the max"),
    QT_TRANSLATE_NOOP("PoolWords", "+inf: never the min"),
    QT_TRANSLATE_NOOP("PoolWords", "0, counted in the average"),
)
# cnnviz.core.pooling.explain_window for a window of more than 16 values
SUMMARIES = (
    QT_TRANSLATE_NOOP(
        "PoolWords", "max of the {count} values in rows {rows}, cols {cols} = {value} at ({row}, {col})"
    ),
    QT_TRANSLATE_NOOP(
        "PoolWords", "min of the {count} values in rows {rows}, cols {cols} = {value} at ({row}, {col})"
    ),
    QT_TRANSLATE_NOOP(
        "PoolWords", "avg of the {count} values in rows {rows}, cols {cols} = {total} / {n} = {value}"
    ),
)
# cnnviz.core.pool_layers.UnsupportedPooling's reasons
PROBLEMS = (
    QT_TRANSLATE_NOOP("PoolWords", "{name} with dilation {dilation} is not explained here"),
    QT_TRANSLATE_NOOP("PoolWords", "{name} is not explained here (max, average and adaptive pooling are)"),
    QT_TRANSLATE_NOOP("PoolWords", "AvgPool2d with divisor_override={divisor} is not explained here"),
    QT_TRANSLATE_NOOP("PoolWords", "AvgPool2d that leaves padding out of the average is not explained here"),
)
SIDES = r"\d+(?:×\d+)?"  # "2" or "2×1"
POOL_TEXTS = CoreTexts(
    "PoolWords",
    (*DESCRIPTIONS, *PADDING_NOTES, *SUMMARIES, *PROBLEMS),
    {"size": r"\d+×\d+", "stride": SIDES, "padding": SIDES, "rows": r"[\w–]+", "cols": r"[\w–]+"},
)


def about_text(layer: LayerPooling, choice: str) -> str:
    """:func:`describe_choice` in the interface language."""
    return POOL_TEXTS.shown(describe_choice(layer, choice))


def padding_text(result: PoolResult, index: int) -> str:
    """:func:`padding_note` in the interface language ('' when the window is inside the map)."""
    return POOL_TEXTS.shown(padding_note(result, index))


def computation_text(result: PoolResult, index: int) -> str:
    """:func:`explain_window` in the interface language."""
    line = explain_window(result, index)
    if POOL_TEXTS.match(line) is not None:  # a large window, summed up
        return POOL_TEXTS.shown(line)
    return translate_core(line, current_language())


def problem_text(problem: str) -> str:
    """Why a layer's pooling is not explained, in the interface language."""
    return POOL_TEXTS.shown(problem)
