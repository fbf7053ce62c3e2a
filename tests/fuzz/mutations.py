"""Hypothesis strategies that damage valid files: byte edits, zip-member edits, random files.

Edits land anywhere, near the start or end, or inside "hot" regions (headers,
small archive members) where a parser reads lengths and types rather than bulk
data. Each strategy draws one to three edits and returns the damaged bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence

from hypothesis import strategies as st

Region = tuple[int, int]
INTERESTING_INTS = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 2**63 - 1)
MAGICS = (
    b"",
    b"PK\x03\x04",
    b"\x80\x02",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF89a",
    b"BM",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"\x08\x07\x12",
    b"\x10\x00\x00\x00\x00\x00\x00\x00{",
    b"{",
    b"%!PS-Adobe-3.0 EPSF-3.0",
    b"\x1f\x8b",
    b"\x00\x00\x08\x03",
)
WEIRD_NAMES = (
    "../../escaped.txt",
    "/tmp/absolute.txt",
    "archive/../../up.pkl",
    "archive/data/../../x",
    "a\\b",
)


@st.composite
def offset(draw: st.DrawFn, size: int, hot: Sequence[Region] = ()) -> int:
    """A position in a file of `size` bytes: anywhere, near the start or end, or in a hot region."""
    if size <= 1:
        return 0
    where = draw(st.sampled_from(["anywhere", "head", "tail", *(["hot"] * 2 if hot else [])]))
    if where == "head":
        return draw(st.integers(0, min(size, 512) - 1))
    if where == "tail":
        return draw(st.integers(max(0, size - 512), size - 1))
    if where == "hot":
        start, end = draw(st.sampled_from(list(hot)))
        return draw(st.integers(min(start, size - 1), max(min(end, size) - 1, min(start, size - 1))))
    return draw(st.integers(0, size - 1))


@st.composite
def edit(draw: st.DrawFn, data: bytes, hot: Sequence[Region] = ()) -> bytes:
    """One damaging edit of `data`."""
    kind = draw(
        st.sampled_from(["truncate", "flip", "set", "insert", "delete", "overwrite", "repeat", "integer"])
    )
    size = len(data)
    if size == 0:
        return draw(st.binary(min_size=1, max_size=64))
    at = draw(offset(size, hot))
    if kind == "truncate":
        return data[:at]
    if kind == "flip":
        bits = draw(st.lists(st.tuples(offset(size, hot), st.integers(0, 7)), min_size=1, max_size=8))
        out = bytearray(data)
        for position, bit in bits:
            out[position] ^= 1 << bit
        return bytes(out)
    if kind == "set":
        value = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x01]) | st.integers(0, 255))
        return data[:at] + bytes([value]) + data[at + 1 :]
    if kind == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 256)) :]
    if kind == "overwrite":
        chunk = draw(st.binary(min_size=1, max_size=64))
        return data[:at] + chunk + data[at + len(chunk) :]
    if kind == "repeat":
        piece = data[at : at + draw(st.integers(1, 512))]
        return data[:at] + piece * draw(st.integers(2, 8)) + data[at + len(piece) :]
    value = draw(st.sampled_from(INTERESTING_INTS))
    width, big = draw(st.sampled_from([(2, False), (4, False), (8, False), (2, True), (4, True)]))
    packed = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "big" if big else "little")
    return data[:at] + packed + data[at + width :]


@st.composite
def damaged(draw: st.DrawFn, data: bytes, hot: Sequence[Region] = ()) -> bytes:
    """One to three edits of `data`."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(edit(data, hot))
    return data


def random_file() -> st.SearchStrategy[bytes]:
    """Empty files and random bytes, some behind a known format's magic number."""
    return st.one_of(
        st.just(b""),
        st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGICS), st.binary(max_size=2048)),
    )


def zip_regions(data: bytes) -> list[Region]:
    """Byte ranges of a zip's small members (header and content) and of its central directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        return []
    regions = [
        (info.header_offset, info.header_offset + 30 + len(info.filename) + 64 + info.compress_size)
        for info in infos
        if info.compress_size < 8192
    ]
    end = max(
        (info.header_offset + 30 + len(info.filename) + info.compress_size for info in infos), default=0
    )
    return [*regions, (end, len(data))]


def members(data: bytes) -> list[tuple[str, bytes, int]]:
    """(name, content, compression) of each member of a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i), i.compress_type) for i in archive.infolist()]


def write_zip(entries: Sequence[tuple[str, bytes, int]]) -> bytes:
    """A zip of `entries`, duplicates and odd names kept as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content, compression in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, content)
    return buffer.getvalue()


def claim_size(data: bytes, name: str, claimed: int) -> bytes:
    """Patch the central directory so that member `name` claims `claimed` uncompressed bytes."""
    out = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at != -1 and at + 46 <= len(data):
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + name_length].decode("utf-8", "replace") == name:
            struct.pack_into("<I", out, at + 24, claimed)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(out)


BOMB_BYTES = 96 << 20  # a member that inflates to 96 MiB (about 100 KB compressed)


@st.composite
def zip_edit(draw: st.DrawFn, data: bytes) -> bytes:
    """A structural edit of a zip: a damaged, missing, doubled, oddly named or oversized member."""
    entries = members(data)
    kind = draw(
        st.sampled_from(["damage", "drop", "double", "weird name", "bomb", "lie", "deflate", "rename"])
    )
    index = draw(st.integers(0, len(entries) - 1))
    name, content, compression = entries[index]
    if kind == "damage":
        entries[index] = (name, draw(damaged(content, [(0, 256)])), compression)
    elif kind == "drop":
        del entries[index]
    elif kind == "double":
        entries.insert(draw(st.integers(0, len(entries))), (name, draw(damaged(content)), compression))
    elif kind == "weird name":
        entries.insert(draw(st.integers(0, len(entries))), (draw(st.sampled_from(WEIRD_NAMES)), content, 0))
    elif kind == "bomb":
        replace = draw(st.booleans())
        bomb = (name if replace else f"{name}.extra", b"\x00" * BOMB_BYTES, zipfile.ZIP_DEFLATED)
        entries[index : index + replace] = [bomb]
    elif kind == "deflate":
        entries = [(n, c, zipfile.ZIP_DEFLATED) for n, c, _ in entries]
    elif kind == "rename":
        entries[index] = (
            draw(st.sampled_from([name.upper(), name + "x", name.split("/")[-1], ""])) or "x",
            content,
            compression,
        )
    rebuilt = write_zip(entries)
    if kind == "lie":
        rebuilt = claim_size(rebuilt, name, draw(st.sampled_from([0, 1, 0x7FFFFFFF, 0xFFFFFFFE])))
    return rebuilt


def file_bytes(data: bytes, hot: Sequence[Region] = (), is_zip: bool = False) -> st.SearchStrategy[bytes]:
    """Damaged versions of a valid file (byte edits, zip edits for archives), empty and random files."""
    choices = [damaged(data, hot), damaged(data, hot), random_file()]
    if is_zip:
        choices += [zip_edit(data), zip_edit(data)]
    return st.one_of(*choices)
