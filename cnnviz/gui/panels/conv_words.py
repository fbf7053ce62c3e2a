"""The Convolution panel's words that come from core (which never imports Qt), in the interface language.

Core writes its arithmetic in English (``window rows 0–1, cols 1–2: 1·0 + 4·1 = 4; + bias 0 = 4``,
``Σ over 2 input channels: …``); :func:`core_words` swaps its words for their translations and
leaves the numbers and formulas alone. The sandbox's note and the padding modes are core's too,
kept here marked for translation (a test checks the note still matches core's).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# The words of core's arithmetic lines (explain_step, explain_total), replaced by their translations
# in this order (the plural before the singular).
CORE_WORDS = tuple(
    str(word)
    for word in (
        QT_TRANSLATE_NOOP("ConvWords", "window positions"),
        QT_TRANSLATE_NOOP("ConvWords", "window rows"),
        QT_TRANSLATE_NOOP("ConvWords", "cols"),
        QT_TRANSLATE_NOOP("ConvWords", "Σ over"),
        QT_TRANSLATE_NOOP("ConvWords", "input channels"),
        QT_TRANSLATE_NOOP("ConvWords", "input channel"),
        QT_TRANSLATE_NOOP("ConvWords", "bias"),
    )
)
# cnnviz.core.convolution.CORRELATION_VS_CONVOLUTION, marked for translation (shown by correlation_note)
CORRELATION_VS_CONVOLUTION = str(
    QT_TRANSLATE_NOOP(
        "ConvSandbox",
        "CNN layers compute cross-correlation: the kernel slides over the input as it is. "
        "True convolution first rotates the kernel by 180° (flips it top-to-bottom and left-to-right); "
        "the two agree for symmetric kernels, and a learned kernel can be either, "
        "so libraries skip the flip.",
    )
)
MODE_NAMES = {  # cnnviz.core.padding.PADDING_MODES as shown
    "zero": str(QT_TRANSLATE_NOOP("ConvSandbox", "zero")),
    "reflect": str(QT_TRANSLATE_NOOP("ConvSandbox", "reflect")),
    "replicate": str(QT_TRANSLATE_NOOP("ConvSandbox", "replicate")),
    "symmetric": str(QT_TRANSLATE_NOOP("ConvSandbox", "symmetric")),
    "circular": str(QT_TRANSLATE_NOOP("ConvSandbox", "circular")),
}


def core_words(line: str) -> str:
    """A line of core's arithmetic with its words in the interface language (as it is in English)."""
    for english in CORE_WORDS:
        line = line.replace(english, QCoreApplication.translate("ConvWords", english))
    return line


def correlation_note() -> str:
    """Why CNN layers compute cross-correlation, not convolution, in the interface language."""
    return QCoreApplication.translate("ConvSandbox", CORRELATION_VS_CONVOLUTION)


def mode_name(mode: str) -> str:
    """A padding mode ("zero", "reflect", …) as shown."""
    return QCoreApplication.translate("ConvSandbox", MODE_NAMES.get(mode, mode))
