"""Image and archive files that once crashed, froze or confused a loader (see test_found_model_files).

Each test names what went wrong before the fix: an exception that was not a user
error, a message over several lines, a child process run on the file, a hang,
or an allocation sized by the file's claims.
"""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import pytest
from PIL import EpsImagePlugin, Image

from cnnviz.core.datasets import DatasetUnavailable
from cnnviz.core.downloads import gunzip, untar
from cnnviz.core.imagefolder import load_image_folder
from cnnviz.core.imageio import ImageLoadError, decode_image_bytes, load_image
from tests.fuzz.harness import assert_one_line, peak_rss
from tests.fuzz.image_seeds import CLAIM, png_size, seeds

pytestmark = pytest.mark.filterwarnings("ignore")


# --- images -----------------------------------------------------------------------------------------


def fake_ghostscript(folder: Path, marker: Path) -> None:
    """A `gs` on PATH that answers --version and otherwise leaves a marker (it was run on the file)."""
    folder.mkdir()
    script = folder / "gs"
    script.write_text(f'#!/bin/sh\n[ "$1" = --version ] && exit 0\ntouch "{marker}"\nexit 1\n')
    script.chmod(0o755)


def test_an_eps_file_named_png_never_runs_ghostscript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow picks decoders by content: EPS ran Ghostscript on the file (and `{} loop` froze the app)."""
    marker = tmp_path / "ghostscript_ran"
    fake_ghostscript(tmp_path / "bin", marker)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)
    eps = tmp_path / "digit.png"
    Image.new("RGB", (20, 20), "white").save(eps, format="EPS")
    with pytest.raises(ImageLoadError, match="not PNG, JPEG, BMP, GIF or WebP") as info:
        load_image(eps)
    assert_one_line(info.value, "digit.png")
    assert not marker.exists()
    with Image.open(eps) as image, pytest.raises(Exception):  # noqa: B017 (the control: Pillow alone runs it)
        image.load()
    assert marker.exists()


def test_a_postscript_endless_loop_named_png_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "loop.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 20 20\n%%EndComments\n{ } loop\n")
    start = time.monotonic()
    with pytest.raises(ImageLoadError):
        load_image(path)
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("fmt", ["TIFF", "PPM", "ICO", "TGA"])
def test_other_formats_named_png_are_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "picture.png"
    Image.new("RGB", (16, 16), "red").save(path, format=fmt)
    with pytest.raises(ImageLoadError, match="is not a readable image") as info:
        load_image(path)
    assert_one_line(info.value, "picture.png")


def test_camera_jpegs_with_several_pictures_still_open(tmp_path: Path) -> None:
    path = tmp_path / "camera.jpg"
    first, second = Image.new("RGB", (12, 8), "red"), Image.new("RGB", (12, 8), "blue")
    first.save(path, format="MPO", save_all=True, append_images=[second])
    with Image.open(path) as image:
        assert image.format == "MPO"
    pixels = load_image(path)
    assert pixels.shape == (8, 12, 3) and pixels[..., 0].mean() > 0.9


BOMBS = {"PNG": (100_000, 100_000), "GIF": (65_535, 65_535), "BMP": (100_000, 100_000)}
BOMBS |= {"JPEG": (65_535, 65_535), "WEBP": (16_383, 16_383), "PNG below Pillow's limit": (9_000, 9_000)}


@pytest.mark.parametrize("fmt", list(BOMBS))
def test_headers_claiming_enormous_sizes_are_refused_before_decoding(fmt: str) -> None:
    base = fmt.split()[0]
    data = CLAIM[base](seeds()[base], *BOMBS[fmt])
    before, start = peak_rss(), time.monotonic()
    with pytest.raises(ImageLoadError, match="too large") as info:
        decode_image_bytes(data, "bomb")
    assert time.monotonic() - start < 1.0 and peak_rss() - before < 64 << 20
    assert_one_line(info.value, "bomb")


# --- archives ---------------------------------------------------------------------------------------


def test_gunzip_of_a_corrupt_deflate_stream(tmp_path: Path) -> None:
    """zlib.error escaped."""
    data = bytearray(gzip.compress(bytes(range(256)) * 40, mtime=0))
    data[20:24] = b"\xff\xff\xff\xff"
    (tmp_path / "labels.gz").write_bytes(bytes(data))
    with pytest.raises(DatasetUnavailable) as info:
        gunzip(tmp_path / "labels.gz", tmp_path / "labels")
    assert_one_line(info.value, "labels.gz")
    assert not (tmp_path / "labels").exists()


def test_untar_of_an_empty_file_says_so_in_assert_one_line(tmp_path: Path) -> None:
    """tarfile lists every compression it tried, one per line."""
    (tmp_path / "set.tar.gz").write_bytes(b"")
    (tmp_path / "out").mkdir()
    with pytest.raises(DatasetUnavailable) as info:
        untar(tmp_path / "set.tar.gz", tmp_path / "out")
    assert_one_line(info.value, "set.tar.gz")


def test_images_with_enormous_claims_in_a_data_folder_are_skipped(tmp_path: Path) -> None:
    png = seeds()["PNG"]
    for cls in ("a", "b"):
        (tmp_path / cls).mkdir()
        (tmp_path / cls / "fine.png").write_bytes(png)
        (tmp_path / cls / "bomb.png").write_bytes(png_size(png, 100_000, 100_000))
    data = load_image_folder(tmp_path)
    assert sorted(data.skipped) == ["a/bomb.png", "b/bomb.png"]
