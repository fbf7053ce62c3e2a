"""Whole numbers as the interface language groups them, in text and in spin boxes.

One rule for the whole interface: thousands are grouped with the separator the translation
gives ("61,706" in English; "61 706" with a no-break space in Spanish, as the SI and the RAE
advise), whatever the system locale says. The Architecture table, the status bar, the
Training panel's size boxes and the Top-9 panel all show their numbers through here.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

# Separators a person may type between digits (any of them is read, whichever the language).
_TYPED_SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d)")


def group_separator() -> str:
    """The thousands separator of the interface language."""
    return QCoreApplication.translate("Numbers", ",", "thousands separator")


def grouped(count: int) -> str:
    """A whole number with thousands separators of the interface language: 61706 → '61,706'."""
    return f"{count:,}".replace(",", group_separator())


def grouped_count(message: str, count: int) -> str:
    """A translated plural message whose ``%Ln`` Qt filled with ``count`` in the system locale's
    digits ("2000" or "12.000"), with that count grouped as :func:`grouped` does."""
    return message.replace(QLocale().toString(count), grouped(count), 1)


def ungrouped(text: str) -> str:
    """``text`` with the separators between digits taken out: '6 000 images' → '6000 images'."""
    return _TYPED_SEPARATOR.sub("", text)


class GroupedSpinBox(QSpinBox):
    """A spin box that shows its value as :func:`grouped` does and reads it back with any separator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGroupSeparatorShown(False)  # the base class then reads the plain digits

    def textFromValue(self, value: int) -> str:
        return grouped(value)

    def valueFromText(self, text: str) -> int:
        return super().valueFromText(ungrouped(text))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        plain = ungrouped(text)
        state = super().validate(plain, min(pos, len(plain)))
        return QValidator.State(state[0]), text, pos


def grouped_spin_box(low: int, high: int, value: int, step: int = 1) -> GroupedSpinBox:
    """A :class:`GroupedSpinBox` from ``low`` to ``high`` showing ``value``."""
    box = GroupedSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    return box
