"""Structural edits of JSON-like data: a value anywhere replaced, a key removed, odd numbers."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

Path = tuple[Any, ...]
ODD_NUMBERS = st.sampled_from([0, -1, 1, 2**31, 2**63, 10**12, 10**30, 0.5, -0.0, 1e308])
ODD_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ODD_NUMBERS | ODD_FLOATS | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)


def paths(data: Any, prefix: Path = ()) -> list[Path]:
    """Every position in nested dicts and lists."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def replaced(data: Any, path: Path, value: Any, delete: bool) -> Any:
    """A copy of `data` with the value at `path` replaced (or removed)."""
    if not path:
        return value
    out = copy.deepcopy(data)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


@st.composite
def edited(draw: st.DrawFn, data: Any, values: st.SearchStrategy[Any] = JSON_VALUES) -> Any:
    """`data` with one to three values replaced by odd ones or removed."""
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(data)))
        delete = bool(path) and draw(st.booleans())
        data = replaced(data, path, draw(values), delete)
    return data
