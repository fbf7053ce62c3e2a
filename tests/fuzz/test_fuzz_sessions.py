"""Fuzzing session files (``.cnnviz``: a ZIP of session.json and input.png) through ``read_session``.

Sessions raise their own :class:`~cnnviz.core.session_schema.SessionError` (the
app shows it), accepted here besides the project's user errors.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st

from cnnviz.core.session_file import encode_session, read_session
from cnnviz.core.session_schema import ModelSource, SessionError, SessionState
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.image_seeds import png_size
from tests.fuzz.json_edits import edited
from tests.fuzz.mutations import damaged, file_bytes, zip_regions

pytestmark = pytest.mark.filterwarnings("ignore")


def seed_state() -> SessionState:
    """A session with a model file, a unit, a class, panel options and a dock layout."""
    pixels = (np.arange(12 * 10 * 3) % 256).astype(np.uint8).reshape(12, 10, 3)
    model = ModelSource("file", "net.pt", False, "/models/net.pt", "../models/net.pt", "ab" * 32, None)
    return SessionState(
        image=pixels, model=model, layer="conv1", unit=(2, 3), unit_channel=1, target_class=4,
        panels={"Activations": {"mode": "layer"}}, dock_state=bytes(range(64)),
    )  # fmt: skip


SEED = encode_session(seed_state())


def parts() -> tuple[dict[str, Any], bytes]:
    with zipfile.ZipFile(io.BytesIO(SEED)) as archive:
        return json.loads(archive.read("session.json")), archive.read("input.png")


def session_zip(content: object, png: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("session.json", json.dumps(content))
        archive.writestr("input.png", png)
    return buffer.getvalue()


def session_files() -> st.SearchStrategy[bytes]:
    """Damaged files and zip edits, edited session.json, damaged or oversized pictures."""
    content, png = parts()
    sides = st.sampled_from([0, 1, 4096, 4097, 65_535, 100_000])
    return st.one_of(
        file_bytes(SEED, zip_regions(SEED), is_zip=True),
        edited(content).map(lambda c: session_zip(c, png)),
        damaged(png, [(0, 64)]).map(lambda p: session_zip(content, p)),
        st.tuples(sides, sides).map(lambda s: session_zip(content, png_size(png, *s))),
    )


def session_case(data: bytes, folder: Path) -> None:
    path = folder / "lesson.cnnviz"
    path.write_bytes(data)
    state = attempt(lambda: read_session(path), [path.name], also=(SessionError,))
    if state is not None:
        assert state.image.dtype == np.uint8 and state.image.ndim == 3 and state.image.shape[2] == 3


def test_the_seed_session_reads(tmp_path: Path) -> None:
    (tmp_path / "lesson.cnnviz").write_bytes(SEED)
    assert read_session(tmp_path / "lesson.cnnviz").unit == (2, 3)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_sessions(profile: str) -> None:
    fuzz("session", profile, session_files(), session_case, warm_up=SEED)
