"""Telling model files apart by their bytes: torch.save, TorchScript, torch.export, ONNX, safetensors.

torch.save, TorchScript and torch.export all write zip archives; their member
names differ (``constants.pkl`` and ``code/`` for TorchScript, ``archive_format``
for torch.export, ``data.pkl`` for torch.save). Legacy torch.save files and raw
pickles start with the pickle opcode 0x80, safetensors with an 8-byte header
length followed by ``{``, ONNX protobufs with the ir_version field. Images,
text and other archives are named as such in the error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from cnnviz.core.sources import ModelLoadError

NOT_MODEL_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"BM": "a BMP image",
    b"RIFF": "a RIFF (WebP, WAV) file",
    b"%PDF": "a PDF document",
}
KNOWN = "PyTorch .pt/.pth, TorchScript, torch.export .pt2, ONNX or safetensors"
MAX_INFLATION = 16  # torch writes its archives uncompressed; far more than this is a zip bomb


class NotAModelFile(ModelLoadError):
    """A missing, empty, damaged or foreign file; the message says which, in one line."""


def sniff_format(path: Path) -> str:
    """torchscript, export, onnx, safetensors or torch (torch.save: checkpoint, state_dict, pickle)."""
    if not path.exists():
        raise NotAModelFile(f"'{path}' does not exist.")
    if path.is_dir():
        raise NotAModelFile(f"'{path}' is a folder, not a model file.")
    with open(path, "rb") as handle:
        head = handle.read(64)
    if not head:
        raise NotAModelFile(f"'{path.name}' is an empty file.")
    if head.startswith(b"PK"):
        return zip_format(path)
    if len(head) > 8 and head[8:9] == b"{" and int.from_bytes(head[:8], "little") < path.stat().st_size:
        return "safetensors"
    if head[:1] == b"\x80":
        return "torch"  # torch.save's legacy format, or a raw pickle
    if path.suffix.lower() == ".onnx" or looks_like_onnx(head):
        return "onnx"
    what = next((w for magic, w in NOT_MODEL_MAGIC.items() if head.startswith(magic)), None)
    if what is None and all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        what = "a text file"
    raise NotAModelFile(f"'{path.name}' is {what or 'not a model file'}; cnnviz reads {KNOWN} files.")


def looks_like_onnx(head: bytes) -> bool:
    """An ONNX ModelProto starts with its ir_version (field 1) and then field 2, 3, … or 8."""
    return (
        len(head) > 2
        and head[0] == 0x08
        and 1 <= head[1] <= 30
        and head[2] in b"\x12\x1a\x22\x28\x32\x3a\x42"
    )


def archive_entries(path: Path) -> list[zipfile.ZipInfo]:
    """The entries of a zip archive; NotAModelFile when it is damaged or an entry would inflate hugely.

    Run before torch reads an archive: torch allocates what an entry's header claims.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except Exception as exc:  # BadZipFile, OSError, and for damaged headers ValueError, NotImplementedError…
        raise NotAModelFile(f"'{path.name}' is a damaged or truncated archive ({exc}).") from exc
    for entry in entries:
        if entry.file_size > MAX_INFLATION * entry.compress_size + (1 << 20):
            raise NotAModelFile(
                f"'{path.name}' has an entry '{entry.filename}' that would grow to {entry.file_size:,} bytes "
                "(a damaged archive or a zip bomb)."
            )
    return entries


def zip_format(path: Path) -> str:
    """torch.save, TorchScript and torch.export all write zip archives: tell them apart."""
    names = [info.filename for info in archive_entries(path)]
    if any(n.endswith("/constants.pkl") or "/code/" in n for n in names):
        return "torchscript"
    if any(n.endswith("archive_format") or "serialized_exported_program" in n for n in names):
        return "export"
    if any(n.endswith("data.pkl") for n in names):
        return "torch"
    raise NotAModelFile(f"'{path.name}' is a zip archive but not a model; cnnviz reads {KNOWN} files.")
