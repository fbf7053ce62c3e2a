"""cnnviz session files (``.cnnviz``): one ZIP holding ``session.json`` and ``input.png``.

No pickle anywhere: the state is JSON (see :mod:`cnnviz.core.session_schema`) and the
input is a lossless 8-bit RGB PNG with the canvas's exact pixels. Reading trusts
nothing: only those two members, each size-limited before it is read (a ZIP's own
size fields are not believed), the image's size checked from its header before it is
decoded, and every failure one :class:`SessionError` that starts
"'name' is not a cnnviz session (…)" or says what else is wrong. Saving builds the
file in memory, reads it back with the same checks, then writes it atomically: a
temporary file in the same folder, fsync, rename — a save that fails or is killed
leaves the previous file as it was.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image

from cnnviz.core.session_schema import (
    FORMAT,
    VERSION,
    ModelSource,
    SessionError,
    SessionState,
    file_sha256,
    find_model_file,
    model_source,
    state_from_json,
    state_to_json,
)

__all__ = [
    "FORMAT",
    "SUFFIX",
    "VERSION",
    "ModelSource",
    "SessionError",
    "SessionState",
    "decode_session",
    "encode_session",
    "file_sha256",
    "find_model_file",
    "model_source",
    "read_session",
    "save_session",
    "write_atomically",
]

SUFFIX = ".cnnviz"
JSON_NAME, IMAGE_NAME = "session.json", "input.png"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_JSON_BYTES = 2 * 1024 * 1024
MAX_IMAGE_BYTES = 48 * 1024 * 1024
MAX_IMAGE_SIDE = 4096
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEMBER_LIMITS = {JSON_NAME: MAX_JSON_BYTES, IMAGE_NAME: MAX_IMAGE_BYTES}
# What a damaged or hostile ZIP can raise inside zipfile and zlib.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)


class NotASession(SessionError):
    """The file is not a cnnviz session at all (another kind of file, or damaged beyond reading)."""


# -- the image -------------------------------------------------------------------------------------
def encode_png(image: np.ndarray) -> bytes:
    """H×W×3 uint8 → PNG bytes (lossless)."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise SessionError(f"the input image must be H×W×3 uint8, not {image.dtype} {image.shape}")
    if not 0 < max(image.shape[:2]) <= MAX_IMAGE_SIDE or min(image.shape[:2]) == 0:
        raise SessionError(f"the input image is {image.shape[1]}×{image.shape[0]} pixels")
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image), "RGB").save(out, "PNG", compress_level=6)
    return out.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, read before any decoder sees the file."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise SessionError(f"{IMAGE_NAME} is not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise SessionError(f"{IMAGE_NAME} is {width}×{height} pixels (at most {MAX_IMAGE_SIDE} a side)")
    return width, height


def decode_png(data: bytes) -> np.ndarray:
    """PNG bytes → H×W×3 uint8; the size is checked from the header before decoding."""
    size = png_size(data)
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            if image.size != size:
                raise SessionError(f"{IMAGE_NAME} has an inconsistent header")
            if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                raise SessionError(f"{IMAGE_NAME} has pixel mode {image.mode}")
            pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
    except SessionError:
        raise
    except Exception as exc:  # Pillow's decoders raise many kinds (SyntaxError for a broken chunk)
        raise SessionError(f"{IMAGE_NAME} is not a readable PNG image ({type(exc).__name__}: {exc})") from exc
    return pixels.copy()


# -- the container ---------------------------------------------------------------------------------
def encode_session(state: SessionState) -> bytes:
    """The whole session file as bytes."""
    text = json.dumps(state_to_json(state), indent=1, ensure_ascii=False, allow_nan=False)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(JSON_NAME, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
        archive.writestr(IMAGE_NAME, encode_png(state.image), zipfile.ZIP_STORED)  # PNG is compressed
    return out.getvalue()


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member, at most its limit (read with a cap: the ZIP's size fields may lie)."""
    limit = MEMBER_LIMITS[name]
    info = archive.getinfo(name)
    if info.file_size > limit or info.flag_bits & 0x1:
        raise SessionError(f"{name} is {'encrypted' if info.flag_bits & 0x1 else 'too large'}")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise SessionError(f"{name} is larger than it claims (over {limit // (1024 * 1024)} MB)")
    return data


def check_members(archive: zipfile.ZipFile) -> None:
    """Exactly session.json and input.png, once each (no folders, no paths, nothing else)."""
    names = [info.filename for info in archive.infolist()]
    if JSON_NAME not in names:
        raise NotASession("a ZIP archive without session.json")
    unexpected = sorted({n for n in names if n not in MEMBER_LIMITS})
    if unexpected:
        raise SessionError(f"unexpected member '{unexpected[0][:80]}' in the archive")
    if len(names) != len(set(names)):
        raise SessionError("a member appears twice in the archive")
    if IMAGE_NAME not in names:
        raise SessionError(f"the input image ({IMAGE_NAME}) is missing")


def parse_json(data: bytes) -> object:
    """session.json's text; NaN and Infinity are refused like any other non-JSON."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not allowed")

    try:
        return json.loads(data.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise NotASession(f"session.json is not valid JSON: {str(exc)[:120]}") from exc


def decode_session(data: bytes) -> SessionState:
    """A SessionState from a session file's bytes; SessionError (without the file's name) if bad."""
    if len(data) > MAX_FILE_BYTES:
        raise SessionError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not data.startswith(b"PK"):
        raise NotASession("not a ZIP archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_members(archive)
            text, png = read_member(archive, JSON_NAME), read_member(archive, IMAGE_NAME)
    except SessionError:
        raise
    except ZIP_ERRORS as exc:
        raise NotASession(f"a damaged ZIP archive: {type(exc).__name__}: {str(exc)[:120]}") from exc
    content = parse_json(text)
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise NotASession("session.json does not name the cnnviz session format")
    return state_from_json(content, decode_png(png))


def read_session(path: str | Path) -> SessionState:
    """Open a session file; SessionError with one line naming the file if it cannot be used."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SessionError(f"Cannot read '{path.name}': {exc.strerror or exc}") from exc
    try:
        return decode_session(data)
    except NotASession as exc:
        raise SessionError(f"'{path.name}' is not a cnnviz session ({exc})") from exc
    except SessionError as exc:
        raise SessionError(f"'{path.name}' cannot be opened as a session: {exc}") from exc


# -- saving ----------------------------------------------------------------------------------------
def write_atomically(path: str | Path, write: Callable[[BinaryIO], None]) -> None:
    """Run ``write`` on a temporary file beside ``path``, fsync it, then rename it over ``path``.

    If ``write`` raises (or the process dies) the previous file stays as it was.
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows opening a folder (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def save_session(path: str | Path, state: SessionState) -> None:
    """Write ``state`` to ``path`` atomically; it is read back (with all checks) before it replaces a file."""
    data = encode_session(state)
    decode_session(data)  # a file this writes always opens

    def write(out: BinaryIO) -> None:
        out.write(data)

    try:
        write_atomically(path, write)
    except OSError as exc:
        raise SessionError(f"Cannot save '{Path(path).name}': {exc.strerror or exc}") from exc
