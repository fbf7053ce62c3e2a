"""Picking a layer by name and sizing its picture."""

from __future__ import annotations

import pytest

from cnnviz.core.grid import GridLayout
from cnnviz.core.layers import UnknownLayerError, auto_scale, find_layer, layer_names, list_names
from cnnviz.core.summary import LayerRow, ModelSummary

NAMES = ["conv1", "relu", "relu#2", "Head.fc"]


def test_layer_names_are_the_rows_in_order() -> None:
    rows = [LayerRow(n, "T", (1,), 0, 0) for n in ("b", "a", "a#2")]
    assert layer_names(ModelSummary(rows, 0, 0)) == ["b", "a", "a#2"]


def test_find_layer_exact_and_case_insensitive() -> None:
    assert find_layer("relu#2", NAMES) == "relu#2"
    assert find_layer("CONV1", NAMES) == "conv1"
    assert find_layer(" head.FC ", NAMES) == "Head.fc"


def test_find_layer_ambiguous_case_match_is_refused() -> None:
    names = ["Conv", "CONV"]
    assert find_layer("CONV", names) == "CONV"
    with pytest.raises(UnknownLayerError):
        find_layer("conv", names)


def test_unknown_layer_message_lists_the_valid_names() -> None:
    with pytest.raises(UnknownLayerError) as info:
        find_layer("conv9", NAMES)
    message = str(info.value)
    assert "conv9" in message
    assert all(name in message for name in NAMES)
    assert "\n" not in message


def test_list_names_abbreviates_long_lists() -> None:
    names = [f"l{i}" for i in range(45)]
    text = list_names(names, limit=40)
    assert "l39" in text and "l40" not in text and text.endswith("and 5 more")
    assert list_names(["a", "b"]) == "a, b"


@pytest.mark.parametrize(
    ("shape_hw", "expected"),
    [
        ((57, 86), 1024 // 86),  # 11
        ((1, 10), 32),  # capped
        ((1, 120), 1024 // 120),  # 8
        ((2000, 30), 1),  # never below 1
    ],
)
def test_auto_scale(shape_hw: tuple[int, int], expected: int) -> None:
    h, w = shape_hw
    layout = GridLayout(count=1, rows=1, cols=1, tile_h=h, tile_w=w, gap=0)
    assert layout.shape == (h, w)
    assert auto_scale(layout) == expected
