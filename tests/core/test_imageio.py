"""Reading image files: formats, transparency, orientation, and clear errors for bad files."""

from __future__ import annotations

import io
import os
import resource
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.core.imageio import MAX_WORKING_SIDE, ImageLoadError, decode_image_bytes, load_image, save_png


def pattern(height: int = 30, width: int = 20) -> np.ndarray:
    """A non-symmetric uint8 RGB pattern: rows and columns cannot be swapped unnoticed."""
    ys, xs = np.indices((height, width))
    return np.stack([xs * 12, ys * 8, np.full_like(xs, 200)], axis=-1).astype(np.uint8)


def quadrants() -> np.ndarray:
    """Four flat colours in 16×16 blocks (JPEG- and GIF-friendly)."""
    rgb = np.zeros((32, 32, 3), dtype=np.uint8)
    rgb[:16, :16], rgb[:16, 16:] = (200, 30, 40), (20, 180, 60)
    rgb[16:, :16], rgb[16:, 16:] = (30, 40, 210), (240, 240, 240)
    return rgb


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims any size (with valid CRCs) and holds almost no data."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("fmt", "options"), [("PNG", {}), ("BMP", {}), ("WEBP", {"lossless": True})])
def test_lossless_formats_load_exactly(tmp_path: Path, fmt: str, options: dict[str, object]) -> None:
    rgb = pattern()
    path = tmp_path / f"img.{fmt.lower()}"
    Image.fromarray(rgb).save(path, format=fmt, **options)
    img = load_image(path)
    assert img.shape == (30, 20, 3) and img.dtype == np.float32
    np.testing.assert_allclose(img, rgb / 255.0, atol=1e-6)


def test_gif_loads_its_palette_colours(tmp_path: Path) -> None:
    rgb = quadrants()
    Image.fromarray(rgb).quantize(colors=4).save(tmp_path / "img.gif")
    img = load_image(tmp_path / "img.gif")
    assert img.shape == (32, 32, 3)
    np.testing.assert_allclose(img, rgb / 255.0, atol=1e-6)


def test_jpeg_loads_close_to_the_original(tmp_path: Path) -> None:
    rgb = quadrants()
    Image.fromarray(rgb).save(tmp_path / "img.jpg", quality=95)
    img = load_image(tmp_path / "img.jpg")
    assert img.shape == (32, 32, 3)
    for y, x in ((4, 4), (4, 27), (27, 4), (27, 27)):  # block interiors, away from the edges
        np.testing.assert_allclose(img[y, x], rgb[y, x] / 255.0, atol=6 / 255)


def test_grayscale_becomes_three_equal_channels(tmp_path: Path) -> None:
    gray = np.arange(0, 250, 10, dtype=np.uint8).reshape(5, 5)
    Image.fromarray(gray).save(tmp_path / "gray.png")
    img = load_image(tmp_path / "gray.png")
    for channel in range(3):
        np.testing.assert_allclose(img[..., channel], gray / 255.0, atol=1e-6)


def test_sixteen_bit_grayscale_keeps_its_levels(tmp_path: Path) -> None:
    levels = np.array([[0, 16384], [32768, 65535]], dtype=np.uint16)
    Image.fromarray(levels).save(tmp_path / "deep.png")
    img = load_image(tmp_path / "deep.png")
    np.testing.assert_allclose(img[..., 0], levels / 65535.0, atol=1 / 255)


def test_rgba_is_composited_on_white(tmp_path: Path) -> None:
    rgba = np.array([[[255, 0, 0, 255], [255, 0, 0, 128], [0, 0, 0, 0]]], dtype=np.uint8)
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "alpha.png")
    img = load_image(tmp_path / "alpha.png") * 255.0
    # half-transparent red over white: G = B = 255 · (1 − 128/255) = 127
    expected = [[255, 0, 0], [255, 127, 127], [255, 255, 255]]
    np.testing.assert_allclose(img[0], expected, atol=1.01)


def test_transparent_gif_and_la_are_composited_on_white(tmp_path: Path) -> None:
    la = np.array([[[0, 0], [0, 255]]], dtype=np.uint8)
    Image.fromarray(la, mode="LA").save(tmp_path / "la.png")
    np.testing.assert_allclose(load_image(tmp_path / "la.png")[0], [[1, 1, 1], [0, 0, 0]], atol=1e-6)
    pal = Image.new("P", (2, 1))
    pal.putpalette([0, 0, 0, 255, 0, 0])
    pal.putpixel((1, 0), 1)
    pal.save(tmp_path / "t.gif", transparency=0)
    np.testing.assert_allclose(load_image(tmp_path / "t.gif")[0], [[1, 1, 1], [1, 0, 0]], atol=1e-6)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    Image.new("RGB", (20, 10), (90, 90, 90)).save(tmp_path / "rotated.jpg", exif=exif)
    assert load_image(tmp_path / "rotated.jpg").shape == (20, 10, 3)


def test_large_images_are_scaled_down(tmp_path: Path) -> None:
    Image.new("RGB", (3000, 12), (255, 255, 255)).save(tmp_path / "wide.png")
    img = load_image(tmp_path / "wide.png")
    assert img.shape[1] == MAX_WORKING_SIDE and img.shape[0] < 12


@pytest.mark.parametrize("kind", ["truncated", "random", "empty", "missing", "folder", "text"])
def test_bad_files_raise_image_load_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.png"
    if kind == "truncated":
        noise = np.random.default_rng(0).integers(0, 256, (200, 200, 3), dtype=np.uint8)
        Image.fromarray(noise).save(path)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif kind == "random":
        path.write_bytes(os.urandom(3000))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "text":
        path.write_text("not an image")
    with pytest.raises(ImageLoadError) as info:
        load_image(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message


def test_crafted_header_is_valid() -> None:
    # the same construction with a small size opens fine, so the refusals below are about the size
    with Image.open(io.BytesIO(png_header(3, 2))) as image:
        assert image.size == (3, 2)


@pytest.mark.parametrize("side", [100_000, 9_000], ids=["bomb", "over-limit"])
def test_enormous_header_is_refused_quickly_without_allocating(tmp_path: Path, side: int) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(png_header(side, side))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(ImageLoadError, match="too large"):
        load_image(path)
    assert time.perf_counter() - start < 1.0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert grown_kib < 100_000  # a decoded 9000×9000 RGB image alone would take 243 MB


def test_decode_image_bytes() -> None:
    buffer = io.BytesIO()
    Image.fromarray(pattern()).save(buffer, format="PNG")
    np.testing.assert_allclose(decode_image_bytes(buffer.getvalue()), pattern() / 255.0, atol=1e-6)
    with pytest.raises(ImageLoadError, match="clipboard image is empty"):
        decode_image_bytes(b"", name="clipboard image")
    with pytest.raises(ImageLoadError, match="'drop' is not a readable image"):
        decode_image_bytes(b"\x00" * 64, name="drop")


def test_save_png_round_trip_and_no_leftovers(tmp_path: Path) -> None:
    rgb = pattern()
    save_png(rgb, tmp_path / "out.png")
    with Image.open(tmp_path / "out.png") as image:
        assert image.format == "PNG"
        np.testing.assert_array_equal(np.asarray(image), rgb)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png"]


def test_failed_save_png_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "taken.png").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        save_png(pattern(), tmp_path / "taken.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.png"]
