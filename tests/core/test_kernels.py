"""The image-kernel library: exact values, hand-computed responses, and agreement with PyTorch."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.convolution import convolve
from cnnviz.core.kernels import (
    CONVENTION,
    KERNEL_NAMES,
    apply_kernel,
    binomial_row,
    explain_pixel,
    grayscale,
    library_kernel,
    pixel_window,
    resize_kernel,
)
from cnnviz.core.padding import PADDING_MODES

PI = np.array([[3.0, 1.0, 4.0], [1.0, 5.0, 9.0], [2.0, 6.0, 5.0]])
# Centre response of each 3×3 kernel on PI, worked by hand, e.g. Sobel x:
# (4 − 3) + 2·(9 − 1) + (5 − 2) = 20, emboss: −6 − 1 − 1 + 5 + 9 + 6 + 10 = 22.
PI_CENTRE = {
    "identity": 5.0,
    "box blur": 36 / 9,
    "Gaussian blur": (14 + 2 * 17 + 4 * 5) / 16,
    "sharpen": 25.0 - 17.0,
    "Sobel x": 20.0,
    "Sobel y": (2 + 12 + 5) - (3 + 2 + 4),
    "Prewitt x": 1 + 8 + 3,
    "Prewitt y": (2 + 6 + 5) - (3 + 1 + 4),
    "Laplacian": 17.0 - 20.0,
    "emboss": 22.0,
    "outline": 40.0 - 31.0,
}
STEP = np.array([[0.0, 0.0, 1.0, 1.0]] * 3)  # dark left, bright right: one vertical edge
TORCH_MODES = {"zero": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def test_the_standard_values() -> None:
    def k(name: str, size: int = 3) -> np.ndarray:
        return library_kernel(name, size).values

    np.testing.assert_array_equal(k("Gaussian blur"), np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16)
    np.testing.assert_array_equal(k("box blur"), np.ones((3, 3)) / 9)
    np.testing.assert_array_equal(k("sharpen"), [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    np.testing.assert_array_equal(k("outline"), [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])
    np.testing.assert_array_equal(k("Laplacian"), [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    np.testing.assert_array_equal(k("emboss"), [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])
    np.testing.assert_array_equal(k("Sobel x"), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(k("Sobel y"), k("Sobel x").T)
    np.testing.assert_array_equal(k("Prewitt x"), [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])
    np.testing.assert_array_equal(k("Prewitt y"), k("Prewitt x").T)
    np.testing.assert_array_equal(k("identity"), [[0, 0, 0], [0, 1, 0], [0, 0, 0]])
    gauss5 = library_kernel("Gaussian blur", 5)
    assert gauss5.divisor == 256
    np.testing.assert_array_equal(gauss5.weights[0], [1, 4, 6, 4, 1])
    np.testing.assert_array_equal(gauss5.weights, np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]))
    assert library_kernel("box blur", 5).divisor == 25
    np.testing.assert_array_equal(binomial_row(7), [1, 6, 15, 20, 15, 6, 1])


def test_every_kernel_is_whole_numbers_over_a_divisor_with_a_sentence() -> None:
    assert len(KERNEL_NAMES) == 11 and "cross-correlation" in CONVENTION
    for name in KERNEL_NAMES:
        kernel = library_kernel(name)
        assert kernel.weights.dtype == np.float64
        np.testing.assert_array_equal(kernel.weights, np.round(kernel.weights))
        assert kernel.description.startswith(name[0].upper() + name[1:] + ":")
        assert kernel.description.count(".") == 1  # one sentence
    for name in ("identity", "box blur", "Gaussian blur", "sharpen"):
        assert library_kernel(name).values.sum() == 1.0  # flat areas keep their brightness
    for name in ("Sobel x", "Sobel y", "Prewitt x", "Prewitt y", "Laplacian", "outline"):
        assert library_kernel(name).values.sum() == 0.0  # flat areas give 0


@pytest.mark.parametrize("name", KERNEL_NAMES)
def test_each_kernel_on_a_hand_computed_example(name: str) -> None:
    out = apply_kernel(PI, library_kernel(name).values, "zero")
    assert out[1, 1] == pytest.approx(PI_CENTRE[name], abs=1e-12)


def test_box_blur_corner_with_zero_and_replicate_padding() -> None:
    box = library_kernel("box blur").values
    # top-left corner: zeros outside → (3 + 1 + 1 + 5)/9; replicated edges → (4·3 + 2·1 + 2·1 + 5)/9
    assert apply_kernel(PI, box, "zero")[0, 0] == pytest.approx(10 / 9)
    assert apply_kernel(PI, box, "replicate")[0, 0] == pytest.approx(21 / 9)


def test_sobel_on_a_step_edge() -> None:
    sobel_x, sobel_y = library_kernel("Sobel x").values, library_kernel("Sobel y").values
    np.testing.assert_array_equal(apply_kernel(STEP, sobel_x, "replicate"), [[0, 4, 4, 0]] * 3)
    np.testing.assert_array_equal(apply_kernel(STEP, sobel_y, "replicate"), np.zeros((3, 4)))
    # zero padding: a dark row above/below the top/bottom row, and a dark column on the right
    expected = [[0, 3, 3, -3], [0, 4, 4, -4], [0, 3, 3, -3]]
    np.testing.assert_array_equal(apply_kernel(STEP, sobel_x, "zero"), expected)
    np.testing.assert_array_equal(apply_kernel(STEP[:, ::-1], sobel_x, "replicate"), [[0, -4, -4, 0]] * 3)


@pytest.mark.parametrize("mode", PADDING_MODES)
@pytest.mark.parametrize("size", [1, 3, 5, 7])
def test_identity_returns_the_input(mode: str, size: int) -> None:
    image = np.random.default_rng(size).random((9, 8, 3))
    np.testing.assert_array_equal(apply_kernel(image, library_kernel("identity", size).values, mode), image)


def torch_filter(image: np.ndarray, kernel: np.ndarray, mode: str) -> np.ndarray:
    """PyTorch: pad the (H, W) image, then conv2d (which is cross-correlation)."""
    kh, kw = kernel.shape
    sides = (kw // 2, kw // 2, kh // 2, kh // 2)
    x = torch.from_numpy(image)[None, None]
    if mode == "symmetric":  # torch has no symmetric mode: numpy pads independently
        padded = torch.from_numpy(np.pad(image, ((kh // 2,) * 2, (kw // 2,) * 2), mode="symmetric"))[
            None, None
        ]
    else:
        padded = F.pad(x, sides, mode=TORCH_MODES[mode])
    return F.conv2d(padded, torch.from_numpy(kernel)[None, None])[0, 0].numpy()


@pytest.mark.parametrize("mode", PADDING_MODES)
@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (5, 5), (7, 7), (3, 5), (1, 3)])
def test_matches_torch_conv2d_on_the_padded_input(mode: str, shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    image, kernel = rng.random((10, 12)), rng.normal(size=shape)
    np.testing.assert_allclose(
        apply_kernel(image, kernel, mode), torch_filter(image, kernel, mode), atol=1e-12
    )


def test_colour_channels_are_filtered_separately() -> None:
    rng = np.random.default_rng(3)
    image, kernel = rng.random((6, 7, 3)), library_kernel("emboss").values
    out = apply_kernel(image, kernel, "reflect")
    assert out.shape == image.shape
    for c in range(3):
        np.testing.assert_allclose(out[..., c], torch_filter(image[..., c], kernel, "reflect"), atol=1e-12)


def test_agrees_with_the_step_by_step_convolution() -> None:
    kernel = library_kernel("sharpen").values
    stepped = convolve(PI, kernel, padding=1, mode="symmetric").output
    np.testing.assert_allclose(apply_kernel(PI, kernel, "symmetric"), stepped, atol=1e-12)


def test_three_by_three_kernels_centred_in_zeros_give_the_same_result() -> None:
    image = np.random.default_rng(0).random((8, 8))
    sobel5 = library_kernel("Sobel x", 5)
    assert "same result" in sobel5.description
    np.testing.assert_array_equal(sobel5.weights[1:4, 1:4], library_kernel("Sobel x").weights)
    np.testing.assert_allclose(
        apply_kernel(image, sobel5.values, "zero"),
        apply_kernel(image, library_kernel("Sobel x").values, "zero"),
    )
    np.testing.assert_array_equal(library_kernel("sharpen", 1).weights, [[5.0]])


def test_resize_kernel_keeps_the_centre() -> None:
    k = np.arange(9.0).reshape(3, 3)
    grown = resize_kernel(k, 5)
    assert grown.shape == (5, 5) and grown[2, 2] == 4 and grown.sum() == k.sum()
    np.testing.assert_array_equal(resize_kernel(grown, 3), k)
    np.testing.assert_array_equal(resize_kernel(k, 1), [[4.0]])
    with pytest.raises(ValueError, match="odd"):
        resize_kernel(k, 4)


def test_even_and_bad_kernels_are_rejected_with_a_reason() -> None:
    with pytest.raises(ValueError, match=r"odd so that one cell is the centre.*2×2"):
        apply_kernel(PI, np.ones((2, 2)))
    with pytest.raises(ValueError, match="odd"):
        apply_kernel(PI, np.ones((3, 4)))
    with pytest.raises(ValueError, match="finite"):
        apply_kernel(PI, np.array([[np.nan]]))
    with pytest.raises(ValueError, match="unknown padding mode"):
        apply_kernel(PI, np.ones((3, 3)), "mirror")
    with pytest.raises(ValueError, match="unknown kernel"):
        library_kernel("blur")
    with pytest.raises(ValueError, match="reflect padding must be smaller"):
        apply_kernel(PI, np.ones((7, 7)), "reflect")  # 3 rows cannot mirror 3 on each side


def test_explain_pixel_with_the_products_and_sum() -> None:
    text = explain_pixel(PI, library_kernel("Sobel x").weights, 1, 1, "zero")
    assert text == (
        "output (1, 1) = 3·(-1) + 1·0 + 4·1 + 1·(-2) + 5·0 + 9·2 + 2·(-1) + 6·0 + 5·1 = 20\n"
        "window rows 0 to 2, cols 0 to 2"
    )


def test_explain_pixel_with_a_divisor_and_padding() -> None:
    gauss = library_kernel("Gaussian blur")
    text = explain_pixel(PI, gauss.weights, 0, 2, "replicate", gauss.divisor)
    # replicate: the row above repeats row 0 (1 4 4), the column right repeats col 2
    assert text.splitlines() == [
        "output (0, 2) = (1·1 + 4·2 + 4·1 + 1·2 + 4·4 + 4·2 + 5·1 + 9·2 + 9·1) / 16 = 71 / 16 = 4.4375",
        "window rows -1 to 1, cols 1 to 3 (outside the 3×3 image: replicate padding)",
    ]
    assert apply_kernel(PI, gauss.values, "replicate")[0, 2] == 71 / 16


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_explained_value_is_the_filtered_value(mode: str) -> None:
    image = np.round(np.random.default_rng(7).random((6, 5)), 2)
    kernel = library_kernel("emboss").weights
    out = apply_kernel(image, kernel, mode)
    for row, col in [(0, 0), (5, 4), (2, 3), (0, 4)]:
        text = explain_pixel(image, kernel, row, col, mode)
        assert float(text.splitlines()[0].rsplit("= ", 1)[1]) == pytest.approx(out[row, col], abs=1e-9)
        window = pixel_window(image, kernel.shape, row, col, mode)
        shown = [float(v) for v in re.findall(r"(-?\d+(?:\.\d+)?)\)?·", text)]
        np.testing.assert_allclose(shown, window.ravel())


def test_explain_pixel_per_colour_channel() -> None:
    image = np.stack([PI, 2 * PI, np.zeros((3, 3))], axis=-1)
    text = explain_pixel(image, library_kernel("Laplacian").weights, 1, 1, "zero")
    lines = text.splitlines()
    assert lines[0] == "output (1, 1):"
    assert lines[1].startswith("channel 0: ") and lines[1].endswith("= -3")
    assert lines[2].endswith("= -6") and lines[3].endswith("= 0")
    with pytest.raises(ValueError, match="outside"):
        explain_pixel(PI, np.ones((3, 3)), 3, 0)
    with pytest.raises(ValueError, match="divisor"):
        explain_pixel(PI, np.ones((3, 3)), 0, 0, divisor=0)


def test_a_canvas_sized_image_filters_in_milliseconds() -> None:
    image = np.random.default_rng(0).random((280, 280))
    kernel = library_kernel("Gaussian blur", 5).values
    apply_kernel(image, kernel)
    start = time.perf_counter()
    for _ in range(5):
        apply_kernel(image, kernel)
    assert (time.perf_counter() - start) / 5 < 0.1  # a few ms; generous for a busy machine


def test_grayscale_keeps_gray_exact_and_weights_colour() -> None:
    gray = np.array([[0.2, 0.4]])
    np.testing.assert_array_equal(grayscale(gray), gray)
    np.testing.assert_array_equal(grayscale(np.repeat(gray[..., None], 3, axis=2)), gray)
    colour = np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
    np.testing.assert_allclose(grayscale(colour), [[0.299, 0.587, 0.114]])
