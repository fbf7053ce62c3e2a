"""Small valid images of every supported format, and headers rewritten to claim enormous sizes."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image

FORMATS = ("PNG", "JPEG", "BMP", "GIF", "WEBP")
SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "BMP": ".bmp", "GIF": ".gif", "WEBP": ".webp"}


def encoded(fmt: str, size: tuple[int, int] = (12, 10), mode: str = "RGB") -> bytes:
    """A small seeded picture (a gradient and noise) encoded as `fmt`."""
    rng = np.random.default_rng(7)
    width, height = size
    ramp = np.linspace(0, 255, width * height).reshape(height, width)
    pixels = np.stack([ramp, rng.integers(0, 256, (height, width)), ramp[::-1]], axis=-1).astype(np.uint8)
    image = Image.fromarray(pixels).convert(mode)
    buffer = io.BytesIO()
    options = {"exif": exif_rotated()} if fmt == "JPEG" else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def exif_rotated() -> bytes:
    """EXIF saying "rotate 90°" (exercises exif_transpose)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return exif.tobytes()


def seeds() -> dict[str, bytes]:
    """One file per format, plus a palette PNG with transparency and a 16-bit grayscale PNG."""
    files = {fmt: encoded(fmt) for fmt in FORMATS}
    files["PNG palette"] = encoded("PNG", mode="P")
    sixteen = io.BytesIO()
    Image.fromarray(np.arange(80, dtype=np.uint16).reshape(8, 10) * 800).save(sixteen, format="PNG")
    files["PNG 16-bit"] = sixteen.getvalue()
    return files


def png_size(data: bytes, width: int, height: int) -> bytes:
    """IHDR rewritten (with a valid CRC) to claim width × height."""
    body = data[12:16] + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + body + struct.pack(">I", zlib.crc32(body)) + data[33:]


def gif_size(data: bytes, width: int, height: int) -> bytes:
    """Logical screen and first image descriptor rewritten to claim width × height."""
    out = bytearray(data)
    struct.pack_into("<HH", out, 6, width, height)
    at = 13 + (3 * 2 ** ((out[10] & 7) + 1) if out[10] & 0x80 else 0)
    while at < len(out) and out[at] == 0x21:  # extension blocks: label, then sub-blocks
        at += 2
        while at < len(out) and out[at]:
            at += out[at] + 1
        at += 1
    if at + 9 <= len(out) and out[at] == 0x2C:
        struct.pack_into("<HH", out, at + 5, width, height)
    return bytes(out)


def bmp_size(data: bytes, width: int, height: int) -> bytes:
    """BITMAPINFOHEADER width and height rewritten."""
    out = bytearray(data)
    struct.pack_into("<ii", out, 18, width, height)
    return bytes(out)


def jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """The frame header (SOF0/SOF2) rewritten to claim width × height."""
    out = bytearray(data)
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at != -1:
            struct.pack_into(">HH", out, at + 5, height, width)
    return bytes(out)


def webp_size(data: bytes, width: int, height: int) -> bytes:
    """A lossy WebP's VP8 frame header (14-bit sides) rewritten."""
    out = bytearray(data)
    at = data.find(b"\x9d\x01\x2a")
    if at != -1:
        struct.pack_into("<HH", out, at + 3, width & 0x3FFF, height & 0x3FFF)
    return bytes(out)


CLAIM = {"PNG": png_size, "GIF": gif_size, "BMP": bmp_size, "JPEG": jpeg_size, "WEBP": webp_size}
