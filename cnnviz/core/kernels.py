"""Classic image kernels (blur, sharpen, edges, …) applied to an image, with every number exact.

Convention: each output pixel is the sum of the kernel weights times the pixels under them,
with the kernel's centre cell over the output pixel. That is cross-correlation — the kernel is
not flipped — as CNN layers compute it and as Victor Powell's "Image Kernels" demo shows it.
Kernel heights and widths are odd so that one cell is the centre; the input is padded by half
the kernel on every side (``cnnviz.core.padding``), so the output has the input's size.

A kernel is written as whole numbers and a divisor (Gaussian 3×3 = [1 2 1; 2 4 2; 1 2 1] / 16)
so that students can copy the numbers exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core.convolution import convolve
from cnnviz.core.matrices import format_number
from cnnviz.core.padding import check_mode, pad, source_indices

CONVENTION = (
    "Each output pixel is Σ weight × pixel under it, with the kernel's centre over the output pixel: "
    "cross-correlation (no flip), as CNN layers compute it. The image is padded by half the kernel "
    "on every side, so the result has the image's size."
)

_DESCRIPTIONS = {
    "identity": "Identity: copies every pixel unchanged, because only the centre weight is 1.",
    "box blur": "Box blur: replaces each pixel by the plain average of its neighbourhood, "
    "smoothing away noise and fine detail.",
    "Gaussian blur": "Gaussian blur: a weighted average that counts near neighbours more than far "
    "ones, a softer, more natural blur than the box.",
    "sharpen": "Sharpen: adds the difference between a pixel and its four neighbours back to it, "
    "so edges and fine detail stand out.",
    "Sobel x": "Sobel x: responds to vertical edges, change from left to right "
    "(positive where the image gets brighter to the right); the middle row counts double.",
    "Sobel y": "Sobel y: responds to horizontal edges, change from top to bottom "
    "(positive where the image gets brighter downwards); the middle column counts double.",
    "Prewitt x": "Prewitt x: responds to vertical edges, change from left to right, "
    "weighting the three rows equally.",
    "Prewitt y": "Prewitt y: responds to horizontal edges, change from top to bottom, "
    "weighting the three columns equally.",
    "Laplacian": "Laplacian: the second derivative, 0 on flat areas and even slopes, "
    "strong on both sides of edges and at thin lines.",
    "emboss": "Emboss: the pixel plus the change from upper left to lower right, "
    "so edges look raised, as if lit from one side.",
    "outline": "Outline: 8 × the pixel minus its 8 neighbours, 0 on flat areas and large where "
    "pixels differ from their surroundings, tracing the outlines.",
}

_FIXED = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "Sobel x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "Sobel y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "Prewitt x": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "Prewitt y": [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
    "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
}

KERNEL_NAMES = tuple(_DESCRIPTIONS)
SCALABLE = ("identity", "box blur", "Gaussian blur")  # defined at every odd size
KERNEL_SIZES = (1, 3, 5, 7)


@dataclass(frozen=True)
class LibraryKernel:
    """A named kernel: whole-number ``weights`` / ``divisor``, and what it does."""

    name: str
    weights: np.ndarray
    divisor: float
    description: str

    @property
    def values(self) -> np.ndarray:
        """The kernel as applied: weights / divisor (float64)."""
        return self.weights / self.divisor


def binomial_row(size: int) -> np.ndarray:
    """Row ``size`` − 1 of Pascal's triangle: 1 2 1, 1 4 6 4 1, … (float64)."""
    row = np.ones(1)
    for _ in range(size - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row


def resize_kernel(kernel: np.ndarray, size: int) -> np.ndarray:
    """A square odd kernel grown (zeros around) or cropped to ``size``×``size``, centres aligned."""
    k = check_kernel(kernel)
    if size < 1 or size % 2 == 0:
        raise ValueError(f"kernel size must be odd and at least 1, got {size}")
    out = np.zeros((size, size))
    h, w = k.shape
    take_r, take_c = min(h, size), min(w, size)
    src_r, src_c = (h - take_r) // 2, (w - take_c) // 2
    dst_r, dst_c = (size - take_r) // 2, (size - take_c) // 2
    out[dst_r : dst_r + take_r, dst_c : dst_c + take_c] = k[src_r : src_r + take_r, src_c : src_c + take_c]
    return out


def _scaled(name: str, size: int) -> tuple[np.ndarray, float]:
    """Weights and divisor of a kernel that exists at every odd size."""
    if name == "identity":
        return resize_kernel(np.ones((1, 1)), size), 1.0
    if name == "box blur":
        return np.ones((size, size)), float(size * size)
    row = binomial_row(size)
    return np.outer(row, row), float(row.sum() ** 2)


def library_kernel(name: str, size: int = 3) -> LibraryKernel:
    """The named kernel at ``size``×``size`` (1, 3, 5, 7, …).

    Identity, box blur and Gaussian blur (binomial weights) exist at every odd size; the
    other kernels are 3×3 and are centred in zeros (same result) or cropped to their centre.
    """
    if name not in _DESCRIPTIONS:
        raise ValueError(f"unknown kernel '{name}' (choose from {', '.join(KERNEL_NAMES)})")
    if size < 1 or size % 2 == 0:
        raise ValueError(f"kernel size must be odd and at least 1, got {size}")
    description = _DESCRIPTIONS[name]
    if name in SCALABLE:
        weights, divisor = _scaled(name, size)
    else:
        weights, divisor = resize_kernel(np.array(_FIXED[name], dtype=np.float64), size), 1.0
        if size > 3:
            description += " (The 3×3 kernel centred in zeros: the same result as 3×3.)"
        elif size < 3:
            description += f" (Only the centre of the 3×3 kernel is left at {size}×{size}.)"
    return LibraryKernel(name, weights, divisor, description)


def check_kernel(kernel: np.ndarray) -> np.ndarray:
    """The kernel as a float64 matrix; ValueError unless both sides are odd and values finite."""
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim != 2 or k.size == 0:
        raise ValueError(f"a kernel is a non-empty matrix, got shape {k.shape}")
    if k.shape[0] % 2 == 0 or k.shape[1] % 2 == 0:
        raise ValueError(
            f"kernel sides must be odd so that one cell is the centre over the output pixel, "
            f"got {k.shape[0]}×{k.shape[1]}"
        )
    if not np.isfinite(k).all():
        raise ValueError("kernel values must be finite numbers")
    return k


def _check_image(image: np.ndarray) -> np.ndarray:
    """The image as float64 (H, W) or (H, W, C)."""
    x = np.asarray(image, dtype=np.float64)
    if x.ndim not in (2, 3) or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"an image is (H, W) or (H, W, C), got shape {x.shape}")
    return x


def grayscale(image: np.ndarray) -> np.ndarray:
    """(H, W) float64: a gray image as it is, equal channels as one, colour as luma (BT.601)."""
    x = _check_image(image)
    if x.ndim == 2:
        return x
    if x.shape[2] == 1 or (x.shape[2] == 3 and (x == x[..., :1]).all()):
        return x[..., 0].copy()
    if x.shape[2] != 3:
        raise ValueError(f"a colour image has 3 channels, got {x.shape[2]}")
    return x @ np.array([0.299, 0.587, 0.114])


def _filter_plane(plane: np.ndarray, kernel: np.ndarray, mode: str) -> np.ndarray:
    """Cross-correlation of one channel, padded to keep its size: one shifted slice per weight."""
    kh, kw = kernel.shape
    ph, pw = kh // 2, kw // 2
    padded = pad(plane, ph, ph, pw, pw, mode)
    h, w = plane.shape
    out = np.zeros((h, w))
    for i in range(kh):
        for j in range(kw):
            if kernel[i, j] != 0.0:
                out += kernel[i, j] * padded[i : i + h, j : j + w]
    return out


def apply_kernel(image: np.ndarray, kernel: np.ndarray, padding_mode: str = "replicate") -> np.ndarray:
    """The filtered image, same size, each channel on its own (float64).

    ``image`` is (H, W) or (H, W, C); ``padding_mode`` is one of zero, reflect, replicate,
    symmetric, circular (see ``cnnviz.core.padding``).
    """
    check_mode(padding_mode)
    x, k = _check_image(image), check_kernel(kernel)
    if x.ndim == 2:
        return _filter_plane(x, k, padding_mode)
    return np.stack([_filter_plane(x[..., c], k, padding_mode) for c in range(x.shape[2])], axis=-1)


def pixel_window(plane: np.ndarray, shape: tuple[int, int], row: int, col: int, mode: str) -> np.ndarray:
    """The padded ``shape`` window whose centre is (row, col) of a 2-D image."""
    (h, w), (kh, kw) = plane.shape, shape
    if not (0 <= row < h and 0 <= col < w):
        raise ValueError(f"pixel ({row}, {col}) is outside the {h}×{w} image")
    rows = source_indices(h, kh // 2, kh // 2, mode)[row : row + kh]
    cols = source_indices(w, kw // 2, kw // 2, mode)[col : col + kw]
    window = plane[np.ix_(np.maximum(rows, 0), np.maximum(cols, 0))]
    return np.where((rows[:, None] < 0) | (cols[None, :] < 0), 0.0, window)


def _term(value: float) -> str:
    """A number in a product, negatives in brackets."""
    text = format_number(value)
    return f"({text})" if text.startswith("-") else text


def _explain_plane(
    plane: np.ndarray, weights: np.ndarray, row: int, col: int, mode: str, divisor: float
) -> str:
    """One line: the products, their sum and the divided value."""
    window = pixel_window(plane, weights.shape, row, col, mode)
    step = convolve(window, weights).steps[0]
    pairs = zip(step.window.ravel(), step.weights.ravel(), strict=True)
    terms = " + ".join(f"{_term(p)}·{_term(w)}" for p, w in pairs)
    if divisor == 1.0:
        return f"{terms} = {format_number(step.total)}"
    total, by = format_number(step.total), format_number(divisor)
    return f"({terms}) / {by} = {total} / {by} = {format_number(step.total / divisor)}"


def explain_pixel(
    image: np.ndarray, kernel: np.ndarray, row: int, col: int, mode: str = "replicate", divisor: float = 1.0
) -> str:
    """How output pixel (row, col) is computed: pixel·weight products and their sum.

    ``kernel`` / ``divisor`` is the kernel applied (give the whole-number weights and the
    divisor to keep every number exact). A colour image gets one line per channel.
    """
    check_mode(mode)
    x, k = _check_image(image), check_kernel(kernel)
    if divisor == 0 or not np.isfinite(divisor):
        raise ValueError(f"the divisor must be a non-zero number, got {divisor}")
    h, w = x.shape[:2]
    kh, kw = k.shape
    top, left = row - kh // 2, col - kw // 2
    where = f"window rows {top} to {top + kh - 1}, cols {left} to {left + kw - 1}"
    if top < 0 or left < 0 or top + kh > h or left + kw > w:
        where += f" (outside the {h}×{w} image: {mode} padding)"
    planes = [x] if x.ndim == 2 else [x[..., c] for c in range(x.shape[2])]
    lines = [_explain_plane(p, k, row, col, mode, float(divisor)) for p in planes]
    if len(lines) == 1:
        return f"output ({row}, {col}) = {lines[0]}\n{where}"
    body = "\n".join(f"channel {c}: {line}" for c, line in enumerate(lines))
    return f"output ({row}, {col}):\n{body}\n{where}"
