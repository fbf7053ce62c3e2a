"""Preprocessing: MNIST-style digit preparation and the plain resize path, against hand values."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.builtins import MNIST_SPEC, TINYVGG_SPEC
from cnnviz.core.preprocess import (
    EmptyInputError,
    apply_polarity,
    center_of_mass,
    ink_bbox,
    mnist_preprocess,
    normalise,
    prepare_input,
    shift_image,
    to_gray,
)
from cnnviz.core.spec import InputSpec

Rect = tuple[int, int, int, int]  # top, bottom, left, right (exclusive)


def canvas(
    rects: list[Rect], size: tuple[int, int] = (280, 280), ink: float = 1.0, bg: float = 0.0
) -> np.ndarray:
    """An H×W×3 float image with filled rectangles, like load_image returns."""
    img = np.full((*size, 3), bg, dtype=np.float32)
    for top, bottom, left, right in rects:
        img[top:bottom, left:right] = ink
    return img


def triangle(size: int = 280, top: int = 150, left: int = 150, side: int = 120) -> np.ndarray:
    """A right triangle (right angle at the bottom-left), off-centre in the bottom-right."""
    img = np.zeros((size, size, 3), dtype=np.float32)
    for i in range(side):
        img[top + i, left : left + i + 1] = 1.0
    return img


def bbox_size(img: np.ndarray, threshold: float = 0.08) -> tuple[int, int]:
    ys, xs = np.nonzero(img > threshold)
    return int(ys.max() - ys.min() + 1), int(xs.max() - xs.min() + 1)


def mass_centre(img: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(img.shape)
    total = img.sum()
    return float((img * ys).sum() / total), float((img * xs).sum() / total)


def test_mnist_output_is_28x28_in_unit_range() -> None:
    out = prepare_input(canvas([(40, 240, 120, 160)]), MNIST_SPEC)
    assert out.shape == (1, 28, 28)
    assert out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert out.max() > 0.9
    # the 4-pixel frame around the 20×20 box stays empty at the sides the ink does not reach
    assert out[0, :3].max() == 0.0 and out[0, -3:].max() == 0.0


@pytest.mark.parametrize(
    ("rect", "expected_hw"),
    [
        ((20, 170, 30, 90), (20, 8)),  # 150 tall × 60 wide → 20 × 8
        ((200, 240, 10, 210), (4, 20)),  # 40 × 200 → 4 × 20
        ((100, 190, 150, 240), (20, 20)),  # 90 × 90 → 20 × 20
    ],
)
def test_longest_side_becomes_20_keeping_aspect_ratio(rect: Rect, expected_hw: tuple[int, int]) -> None:
    out = prepare_input(canvas([rect]), MNIST_SPEC)[0]
    h, w = bbox_size(out)
    assert abs(h - expected_hw[0]) <= 1
    assert abs(w - expected_hw[1]) <= 1


@pytest.mark.parametrize(
    "image",
    [
        triangle(),
        canvas([(10, 130, 10, 40), (100, 130, 10, 110)]),  # an "L" in the top-left corner
        canvas([(200, 260, 20, 40), (200, 215, 20, 90)]),  # a "Γ" in the bottom-left
        canvas([(30, 90, 200, 270), (80, 90, 120, 200)], size=(300, 280)),  # blob with a tail
    ],
    ids=["triangle", "L", "gamma", "blob-tail"],
)
def test_centre_of_mass_lands_on_the_field_centre(image: np.ndarray) -> None:
    out = prepare_input(image, MNIST_SPEC)[0]
    cy, cx = mass_centre(out)
    assert abs(cy - 13.5) <= 0.5
    assert abs(cx - 13.5) <= 0.5


def test_the_triangle_really_is_asymmetric() -> None:
    # Without the centre-of-mass shift its centre would be far from 13.5: the test above is not trivial.
    gray = triangle()[..., 0]
    top, bottom, left, right = ink_bbox(gray)
    cy, cx = mass_centre(gray[top:bottom, left:right])
    assert cy / (bottom - top) > 0.6 and cx / (right - left) < 0.4


def test_center_of_mass_by_hand() -> None:
    img = np.zeros((3, 4), dtype=np.float32)
    img[0, 1] = 1.0
    img[2, 3] = 3.0
    # rows: (0·1 + 2·3) / 4 = 1.5; cols: (1·1 + 3·3) / 4 = 2.5
    assert center_of_mass(img) == pytest.approx((1.5, 2.5))


def test_center_of_mass_of_nothing_raises() -> None:
    with pytest.raises(EmptyInputError):
        center_of_mass(np.zeros((4, 4)))


def test_shift_image_by_hand() -> None:
    img = np.arange(1, 10, dtype=np.float32).reshape(3, 3)
    expected = np.array([[0, 0, 0], [2, 3, 0], [5, 6, 0]], dtype=np.float32)
    np.testing.assert_array_equal(shift_image(img, 1, -1), expected)
    np.testing.assert_array_equal(shift_image(img, 0, 0), img)
    np.testing.assert_array_equal(shift_image(img, -2, 2), [[0, 0, 7], [0, 0, 0], [0, 0, 0]])
    assert not shift_image(img, 3, 0).any()


def test_ink_bbox_by_hand() -> None:
    img = np.zeros((5, 6), dtype=np.float32)
    img[1, 2] = 0.5
    img[3, 4] = 1.0
    img[4, 0] = 0.08  # exactly at the threshold: not ink
    assert ink_bbox(img) == (1, 4, 2, 5)
    with pytest.raises(EmptyInputError):
        ink_bbox(np.full((5, 6), 0.08, dtype=np.float32))


def test_to_gray_uses_itu_601_weights() -> None:
    rgb = np.array([[[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0], [0.5, 0.5, 0.5]]], dtype=np.float32)
    np.testing.assert_allclose(to_gray(rgb)[0], [0.299, 0.587, 0.114, 0.5], atol=1e-6)


def test_dark_ink_on_light_paper_is_inverted_automatically() -> None:
    light_on_dark = canvas([(40, 240, 100, 140), (40, 70, 100, 200)])
    dark_on_light = 1.0 - light_on_dark
    expected = prepare_input(light_on_dark, MNIST_SPEC)
    np.testing.assert_allclose(prepare_input(dark_on_light, MNIST_SPEC), expected, atol=1e-6)
    np.testing.assert_allclose(prepare_input(light_on_dark, MNIST_SPEC, invert="no"), expected, atol=1e-6)
    np.testing.assert_allclose(prepare_input(dark_on_light, MNIST_SPEC, invert="yes"), expected, atol=1e-6)


def test_invert_overrides_the_detection() -> None:
    light_on_dark = canvas([(40, 240, 100, 140)])
    dark_on_light = 1.0 - light_on_dark
    auto = prepare_input(light_on_dark, MNIST_SPEC)
    # forced the wrong way, the background becomes the "ink": the whole 20×20 box lights up
    for forced in (
        prepare_input(dark_on_light, MNIST_SPEC, invert="no"),
        prepare_input(light_on_dark, MNIST_SPEC, invert="yes"),
    ):
        assert bbox_size(forced[0]) == (20, 20)
        assert forced.mean() > 2 * auto.mean()


def test_apply_polarity_directly() -> None:
    dark = np.zeros((40, 40), dtype=np.float32)
    dark[10:30, 18:22] = 1.0
    light = 1.0 - dark
    np.testing.assert_array_equal(apply_polarity(dark, "auto"), dark)
    np.testing.assert_array_equal(apply_polarity(light, "auto"), dark)
    np.testing.assert_array_equal(apply_polarity(dark, "yes"), light)
    np.testing.assert_array_equal(apply_polarity(light, "no"), light)


@pytest.mark.parametrize("bg", [0.0, 1.0], ids=["black", "white"])
def test_empty_canvas_raises(bg: float) -> None:
    with pytest.raises(EmptyInputError):
        prepare_input(canvas([], bg=bg), MNIST_SPEC)


@pytest.mark.parametrize("shape", [(0, 10, 3), (10, 0, 3), (0, 0)])
def test_zero_size_image_raises(shape: tuple[int, ...]) -> None:
    with pytest.raises(EmptyInputError):
        prepare_input(np.zeros(shape, dtype=np.float32), MNIST_SPEC)
    with pytest.raises(EmptyInputError):
        prepare_input(np.zeros(shape, dtype=np.float32), TINYVGG_SPEC)


def test_mnist_spec_normalisation_is_applied_after_preparation() -> None:
    spec = InputSpec(1, 28, 28, mean=(0.1307,), std=(0.3081,), preprocess="mnist", polarity="light_on_dark")
    plain = prepare_input(canvas([(40, 240, 120, 160)]), MNIST_SPEC)
    out = prepare_input(canvas([(40, 240, 120, 160)]), spec)
    np.testing.assert_allclose(out, (plain - 0.1307) / 0.3081, atol=1e-5)
    assert out[0, 0, 0] == pytest.approx(-0.1307 / 0.3081, abs=1e-5)


def test_resize_path_normalises_a_constant_image_by_hand() -> None:
    img = np.empty((100, 80, 3), dtype=np.float32)
    img[...] = (0.25, 0.5, 1.0)
    out = prepare_input(img, TINYVGG_SPEC)  # mean 0.5, std 0.5 per channel
    assert out.shape == (3, 64, 64)
    for channel, value in enumerate(((0.25 - 0.5) / 0.5, 0.0, (1.0 - 0.5) / 0.5)):  # -0.5, 0, 1
        np.testing.assert_allclose(out[channel], value, atol=1e-5)


def test_resize_path_keeps_a_blank_image() -> None:
    # only the MNIST path needs ink; a photo model accepts a uniform picture
    out = prepare_input(np.zeros((30, 30, 3), dtype=np.float32), TINYVGG_SPEC)
    np.testing.assert_allclose(out, -1.0, atol=1e-6)


def test_grayscale_becomes_three_channels() -> None:
    gray = np.full((50, 70), 0.75, dtype=np.float32)
    out = prepare_input(gray, TINYVGG_SPEC)
    assert out.shape == (3, 64, 64)
    np.testing.assert_allclose(out, (0.75 - 0.5) / 0.5, atol=1e-5)


def test_rgb_becomes_one_channel_by_luminance() -> None:
    spec = InputSpec(1, 16, 12, mean=(0.0,), std=(1.0,))
    red = canvas([], size=(40, 30), bg=0.0)
    red[..., 0] = 1.0
    out = prepare_input(red, spec)
    assert out.shape == (1, 16, 12)
    np.testing.assert_allclose(out, 0.299, atol=1e-5)


def test_resize_to_spec_size_averages_a_pattern() -> None:
    # a 2-pixel checkerboard downscaled 4× comes out near its mean 0.5
    board = (np.indices((128, 128)).sum(axis=0) % 2).astype(np.float32)
    out = prepare_input(board, InputSpec(1, 32, 32))
    assert abs(float(out[0, 8:24, 8:24].mean()) - 0.5) < 0.02


def test_normalise_per_channel_by_hand() -> None:
    chw = np.ones((3, 2, 2), dtype=np.float32) * np.array([0.2, 0.4, 0.6], dtype=np.float32)[:, None, None]
    spec = InputSpec(3, 2, 2, mean=(0.1, 0.2, 0.3), std=(0.5, 0.25, 0.1))
    out = normalise(chw, spec)
    for channel, value in enumerate((0.2, 0.8, 3.0)):
        np.testing.assert_allclose(out[channel], value, atol=1e-5)


def test_mnist_preprocess_accepts_any_canvas_size() -> None:
    gray = np.zeros((37, 911), dtype=np.float32)
    gray[5:30, 400:410] = 1.0
    out = mnist_preprocess(gray)
    assert out.shape == (28, 28)
    assert abs(bbox_size(out)[0] - 20) <= 1
