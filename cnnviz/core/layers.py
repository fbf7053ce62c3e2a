"""Picking a layer by name, and sizing its activation grid for a picture.

Shared by the command line (``cnnviz render``) and anything else that lets a
user name a layer: names are the recorded ones, in call order, so a module
called twice appears as ``name`` and ``name#2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cnnviz.core.grid import GridLayout

if TYPE_CHECKING:
    from cnnviz.core.summary import ModelSummary

MAX_LISTED = 40
TARGET_SIDE = 1024
MAX_SCALE = 32


class UnknownLayerError(ValueError):
    """A layer name the model does not have; the message lists the valid ones."""


def layer_names(summary: ModelSummary) -> list[str]:
    """Names of the recorded layers, in call order."""
    return [row.name for row in summary.rows]


def list_names(names: Sequence[str], limit: int = MAX_LISTED) -> str:
    """Names joined by commas, the tail abbreviated past ``limit``."""
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return f"{shown}, … and {more} more" if more > 0 else shown


def find_layer(wanted: str, names: Sequence[str]) -> str:
    """The layer called ``wanted``: an exact name, else its unique case-insensitive match."""
    if wanted in names:
        return wanted
    key = wanted.strip().lower()
    matches = [name for name in names if name.lower() == key]
    if len(matches) == 1:
        return matches[0]
    raise UnknownLayerError(f"there is no layer '{wanted}'; the layers are: {list_names(names)}.")


def auto_scale(layout: GridLayout, target: int = TARGET_SIDE, max_scale: int = MAX_SCALE) -> int:
    """The largest whole zoom keeping the mosaic's longer side within ``target`` (at least 1)."""
    return max(1, min(max_scale, target // max(layout.shape)))
