"""Fuzzing the image loaders: damaged files of every format, wrong names, claimed enormous sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import strategies as st

from cnnviz.core.imageio import IMAGE_SUFFIXES, MAX_PIXELS, MAX_WORKING_SIDE, decode_image_bytes, load_image
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.image_seeds import CLAIM, seeds
from tests.fuzz.mutations import file_bytes

SEEDS = seeds()
NAMES = (*IMAGE_SUFFIXES, ".PNG", ".txt", "")
HEADER = [(0, 64)]  # signatures, sizes and modes live in the first bytes of every format
SIDES = st.one_of(
    st.sampled_from([0, 1, 2, 255, 256, 8_000, 16_383, 65_535, 100_000, 2**31 - 1, 2**32 - 1]),
    st.integers(0, 2**32 - 1),
)


def damaged_image() -> st.SearchStrategy[tuple[str, bytes]]:
    """(format, damaged bytes) for every seed format."""
    return st.sampled_from(sorted(SEEDS)).flatmap(
        lambda fmt: st.tuples(st.just(fmt), file_bytes(SEEDS[fmt], HEADER))
    )


def check_pixels(pixels: object) -> None:
    """What a successful load returns: H×W×3 float32 in [0, 1], scaled down to the working size."""
    assert isinstance(pixels, np.ndarray) and pixels.dtype == np.float32
    assert pixels.ndim == 3 and pixels.shape[2] == 3 and max(pixels.shape[:2]) <= MAX_WORKING_SIDE
    assert pixels.size == 0 or (pixels.min() >= 0.0 and pixels.max() <= 1.0)


def test_every_seed_image_loads(tmp_path: Path) -> None:
    for fmt, data in SEEDS.items():
        path = tmp_path / f"seed{IMAGE_SUFFIXES[0]}"
        path.write_bytes(data)
        check_pixels(load_image(path))
        check_pixels(decode_image_bytes(data))
        assert fmt


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_image_files(profile: str) -> None:
    def case(value: tuple[tuple[str, bytes], str], folder: Path) -> None:
        (_fmt, data), suffix = value
        path = folder / f"picture{suffix}"
        path.write_bytes(data)
        pixels = attempt(lambda: load_image(path), [path.name])
        if pixels is not None:
            check_pixels(pixels)

    fuzz("image file", profile, st.tuples(damaged_image(), st.sampled_from(NAMES)), case)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_image_bytes(profile: str) -> None:
    def case(value: tuple[str, bytes], _folder: Path) -> None:
        pixels = attempt(lambda: decode_image_bytes(value[1], "pasted image"), ["pasted image"])
        if pixels is not None:
            check_pixels(pixels)

    fuzz("image bytes", profile, damaged_image(), case)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_claimed_image_sizes(profile: str) -> None:
    """A header claiming more than MAX_PIXELS is refused from the header, before any decoding."""

    def case(value: tuple[str, int, int], folder: Path) -> None:
        fmt, width, height = value
        data = CLAIM[fmt](SEEDS[fmt], width, height)
        path = folder / "claims.png"
        path.write_bytes(data)
        pixels = attempt(lambda: load_image(path), [path.name])
        if pixels is not None:
            check_pixels(pixels)
        if width * height > MAX_PIXELS:
            assert pixels is None, f"{fmt} claiming {width}×{height} was decoded"

    formats = st.sampled_from(sorted(CLAIM))
    sides = formats.flatmap(lambda fmt: st.tuples(st.just(fmt), SIDES, SIDES))
    fuzz("image header size", profile, sides.map(lambda v: (v[0], *clamp(*v))), case)


def clamp(fmt: str, width: int, height: int) -> tuple[int, int]:
    """Sides that fit the format's header fields."""
    top = {"PNG": 2**32 - 1, "BMP": 2**31 - 1, "WEBP": 0x3FFF}.get(fmt, 0xFFFF)
    return min(width, top), min(height, top)
