"""Session files: a round trip keeps every field; bad files are one clear error; saving is atomic."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from cnnviz.core.session_file import (
    ModelSource,
    SessionError,
    SessionState,
    decode_session,
    encode_session,
    file_sha256,
    find_model_file,
    model_source,
    read_session,
    save_session,
    write_atomically,
)

REPO = Path(__file__).resolve().parents[2]


def pattern(height: int = 28, width: int = 40) -> np.ndarray:
    """Every value 0..255 appears; rows, columns and channels cannot be swapped unnoticed."""
    ys, xs = np.indices((height, width))
    return np.stack([(xs * 7 + ys) % 256, (ys * 9) % 256, (xs * ys) % 256], axis=-1).astype(np.uint8)


def full_state() -> SessionState:
    """A state with every field set to something other than its default."""
    model = ModelSource(
        "file", "net.pt", False, "/models/net.pt", "../models/net.pt", "ab" * 32, {"kind": "x"}
    )
    return SessionState(
        image=pattern(),
        model=model,
        layer="features.3",
        unit=(4, 7),
        unit_channel=5,
        target_class=3,
        device="cuda:0",
        invert="yes",
        functional=True,
        panels={"Activations": {"mode": "layer", "enlarged": 2}, "Quiz": {"seed": 1234, "kind": "pool"}},
        dock_state=bytes(range(256)) * 3,
        large_fonts=True,
        app_version="9.9",
    )


def session_zip(json_data: object, png: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP built by hand: any session.json, any image, any other members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        text = json_data if isinstance(json_data, bytes) else json.dumps(json_data).encode()
        archive.writestr("session.json", text)
        if png is not None:
            archive.writestr("input.png", png)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def valid_parts() -> tuple[dict, bytes]:
    """session.json's data and the PNG of a good session file."""
    with zipfile.ZipFile(io.BytesIO(encode_session(full_state()))) as archive:
        return json.loads(archive.read("session.json")), archive.read("input.png")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims any size (valid CRCs, almost no data)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


# -- round trip ------------------------------------------------------------------------------------
def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    state = full_state()
    save_session(tmp_path / "s.cnnviz", state)
    back = read_session(tmp_path / "s.cnnviz")
    assert back.image.dtype == np.uint8 and np.array_equal(back.image, state.image)
    for name in (
        "model", "layer", "unit", "unit_channel", "target_class", "device", "invert",
        "functional", "panels", "dock_state", "large_fonts", "app_version",
    ):  # fmt: skip
        assert getattr(back, name) == getattr(state, name), name


def test_defaults_round_trip_and_no_pickle_inside(tmp_path: Path) -> None:
    state = SessionState(image=np.zeros((280, 280, 3), np.uint8))
    save_session(tmp_path / "blank.cnnviz", state)
    back = read_session(tmp_path / "blank.cnnviz")
    assert back.model is None and back.unit is None and back.panels == {} and back.dock_state == b""
    with zipfile.ZipFile(tmp_path / "blank.cnnviz") as archive:
        assert sorted(archive.namelist()) == ["input.png", "session.json"]
        data = json.loads(archive.read("session.json"))
    assert data["format"] == "cnnviz-session" and data["version"] == 1
    assert data["input"] == {"file": "input.png", "width": 280, "height": 280}


def test_model_sources_are_described_for_loading_again(tmp_path: Path) -> None:
    weights = tmp_path / "models" / "net.pt"
    weights.parent.mkdir()
    weights.write_bytes(b"weights")
    described = model_source(str(weights), tmp_path / "sessions")
    assert described is not None and described.kind == "file" and described.name == "net.pt"
    assert described.relative_path == os.path.join("..", "models", "net.pt")
    assert described.sha256 == file_sha256(weights) == hashlib.sha256(b"weights").hexdigest()
    assert model_source("LeNet5") == ModelSource("builtin", "lenet5")
    assert model_source("zoo:resnet18:pretrained") == ModelSource("zoo", "resnet18", True)
    assert ModelSource("zoo", "resnet18", True).source_text() == "zoo:resnet18:pretrained"
    assert model_source("") is None and model_source(str(tmp_path / "gone.pt")) is None


def test_a_moved_model_is_found_beside_the_session(tmp_path: Path) -> None:
    old = ModelSource("file", "net.pt", path=str(tmp_path / "old" / "net.pt"), relative_path="net.pt")
    session = tmp_path / "new" / "s.cnnviz"
    session.parent.mkdir()
    assert find_model_file(old, session) is None
    (session.parent / "net.pt").write_bytes(b"x")
    assert find_model_file(old, session) == session.parent / "net.pt"


# -- bad files -------------------------------------------------------------------------------------
def bad_files() -> dict[str, tuple[bytes, str]]:
    data, png = valid_parts()
    good = encode_session(full_state())
    newer, wrong_kind, bad_unit = dict(data, version=2), dict(data), dict(data, unit=[1, -3])
    wrong_kind["model"] = dict(data["model"], kind="script")
    rng = np.random.default_rng(0)
    return {
        "random bytes": (rng.bytes(5000), "is not a cnnviz session (not a ZIP archive)"),
        "truncated": (good[: len(good) // 2], "is not a cnnviz session (a damaged ZIP archive"),
        "empty": (b"", "is not a cnnviz session (not a ZIP archive)"),
        "other zip": (zip_without_json(), "is not a cnnviz session (a ZIP archive without"),
        "not json": (session_zip(b"{nope", png), "is not a cnnviz session (session.json is not valid JSON"),
        "nan": (session_zip(b'{"format": "cnnviz-session", "x": NaN}', png), "NaN is not allowed"),
        "deep json": (session_zip(b"[" * 100_000, png), "session.json is not valid JSON"),
        "other format": (session_zip(dict(data, format="other"), png), "does not name the cnnviz session"),
        "newer version": (session_zip(newer, png), "saved by a newer cnnviz (session format 2"),
        "missing image": (session_zip(data), "the input image (input.png) is missing"),
        "huge image header": (session_zip(data, png_claiming(100_000, 100_000)), "100000×100000 pixels"),
        "not a png": (session_zip(data, b"GIF89a" + bytes(100)), "input.png is not a PNG image"),
        "wrong kind": (session_zip(wrong_kind, png), "unknown model kind 'script'"),
        "negative unit": (session_zip(bad_unit, png), "'unit' is out of range"),
        "wrong type": (
            session_zip(dict(data, layer=5), png),
            "'layer' in session.json has the wrong type (int)",
        ),
        "path traversal": (session_zip(data, png, {"../evil.txt": b"x"}), "unexpected member '../evil.txt'"),
        "bad dock": (session_zip(dict(data, view={"dock_state": "!!"}), png), "dock layout is not base64"),
    }


def zip_without_json() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(bad_files()))
def test_a_bad_file_is_one_clear_error(tmp_path: Path, case: str) -> None:
    data, expected = bad_files()[case]
    path = tmp_path / "lesson.cnnviz"
    path.write_bytes(data)
    with pytest.raises(SessionError) as caught:
        read_session(path)
    message = str(caught.value)
    assert message.startswith("'lesson.cnnviz' ") and expected in message
    assert "\n" not in message


def test_a_member_larger_than_it_claims_is_refused() -> None:
    data, png = valid_parts()
    flood = io.BytesIO()
    with zipfile.ZipFile(flood, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("session.json", b" " * (3 * 1024 * 1024) + json.dumps(data).encode())
        archive.writestr("input.png", png)
    with pytest.raises(SessionError, match=r"session\.json is too large"):
        decode_session(flood.getvalue())
    # the same archive with its size field rewritten to claim 10 bytes: the capped read still stops it
    raw = bytearray(flood.getvalue())
    for offset, size_at in ((raw.find(b"PK\x03\x04"), 22), (raw.find(b"PK\x01\x02"), 24)):
        raw[offset + size_at : offset + size_at + 4] = struct.pack("<I", 10)
    with pytest.raises(SessionError):
        decode_session(bytes(raw))


def test_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match=r"Cannot read 'nowhere.cnnviz'"):
        read_session(tmp_path / "nowhere.cnnviz")


# -- atomic saves ----------------------------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "s.cnnviz"
    save_session(path, full_state())
    before = path.read_bytes()

    def half_then_fail(out) -> None:
        out.write(encode_session(SessionState(image=pattern(5, 5)))[:100])
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(path, half_then_fail)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.cnnviz"]  # no temporary file left behind


def test_a_bad_state_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "s.cnnviz"
    save_session(path, full_state())
    before = path.read_bytes()
    with pytest.raises(SessionError, match="H×W×3 uint8"):
        save_session(path, SessionState(image=np.zeros((4, 4), np.float32)))
    with pytest.raises(SessionError):
        save_session(path, SessionState(image=pattern(), layer="x" * 10_000))
    assert path.read_bytes() == before


def test_a_process_killed_during_a_save_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "s.cnnviz"
    save_session(path, full_state())
    before = path.read_bytes()
    script = textwrap.dedent(
        f"""
        import sys
        import numpy as np
        from cnnviz.core.session_file import SessionState, encode_session, write_atomically

        data = encode_session(SessionState(image=np.full((64, 64, 3), 7, np.uint8)))

        def write(out):
            out.write(data[: len(data) // 2])
            out.flush()
            print("half written", flush=True)
            sys.stdin.readline()  # wait here until killed
            out.write(data[len(data) // 2 :])

        write_atomically({str(path)!r}, write)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "half written"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert read_session(path).layer == "features.3"
