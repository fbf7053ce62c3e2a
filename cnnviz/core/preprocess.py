"""Turning a drawing or a photo into the exact tensor a model receives.

Digits are prepared the way MNIST was made (LeCun et al.): crop to the ink's
bounding box, scale to fit 20×20 keeping the aspect ratio, then centre by the
centre of mass in a 28×28 field.
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
from PIL import Image

from cnnviz.core.spec import InputSpec

Invert = Literal["auto", "yes", "no"]
INK_THRESHOLD = 0.08
MNIST_BOX = 20
MNIST_FIELD = 28


class EmptyInputError(ValueError):
    """The input holds nothing to classify (an empty canvas, a blank image)."""


def to_gray(image: np.ndarray) -> np.ndarray:
    """Luminance (ITU-R 601) of an H×W×3 image; H×W images pass through."""
    if image.ndim == 2:
        return image.astype(np.float32)
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (image[..., :3].astype(np.float32) @ weights).astype(np.float32)


def border_median(gray: np.ndarray) -> float:
    """Median of the outer frame (5% of each side, at least one pixel)."""
    h, w = gray.shape
    bh, bw = max(1, h // 20), max(1, w // 20)
    frame = np.concatenate(
        [gray[:bh].ravel(), gray[-bh:].ravel(), gray[:, :bw].ravel(), gray[:, -bw:].ravel()]
    )
    return float(np.median(frame))


def is_dark_on_light(gray: np.ndarray) -> bool:
    """True for dark ink on a light background (a photo of paper)."""
    return border_median(gray) > 0.5


def apply_polarity(gray: np.ndarray, invert: Invert) -> np.ndarray:
    """Light ink on a dark background, inverting when asked or detected."""
    flip = invert == "yes" or (invert == "auto" and is_dark_on_light(gray))
    return (1.0 - gray).astype(np.float32) if flip else gray


def ink_bbox(gray: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), bottom/right exclusive, of pixels above threshold."""
    rows = np.flatnonzero((gray > threshold).any(axis=1))
    cols = np.flatnonzero((gray > threshold).any(axis=0))
    if rows.size == 0:
        raise EmptyInputError("There is no ink to classify: draw something first.")
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def resize_float(gray: np.ndarray, height: int, width: int) -> np.ndarray:
    """Antialiased resize of a float image (Lanczos), values kept in [0, 1]."""
    img = Image.fromarray(gray.astype(np.float32), mode="F")
    out = np.asarray(img.resize((width, height), Image.Resampling.LANCZOS))
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def center_of_mass(gray: np.ndarray) -> tuple[float, float]:
    """(row, col) centre of mass of a non-negative image."""
    total = float(gray.sum())
    if total <= 0:
        raise EmptyInputError("There is no ink to classify: draw something first.")
    rows = np.arange(gray.shape[0], dtype=np.float64)
    cols = np.arange(gray.shape[1], dtype=np.float64)
    return float(gray.sum(axis=1) @ rows / total), float(gray.sum(axis=0) @ cols / total)


def shift_image(gray: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Translate by whole pixels, filling with zeros."""
    out = np.zeros_like(gray)
    h, w = gray.shape
    src_y, dst_y = slice(max(0, -dy), min(h, h - dy)), slice(max(0, dy), min(h, h + dy))
    src_x, dst_x = slice(max(0, -dx), min(w, w - dx)), slice(max(0, dx), min(w, w + dx))
    out[dst_y, dst_x] = gray[src_y, src_x]
    return out


def mnist_preprocess(gray: np.ndarray) -> np.ndarray:
    """A light-on-dark drawing of any size → a 28×28 MNIST-style image in [0, 1]."""
    top, bottom, left, right = ink_bbox(gray)
    crop = gray[top:bottom, left:right]
    h, w = crop.shape
    scale = MNIST_BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    small = resize_float(crop, new_h, new_w)
    field = np.zeros((MNIST_FIELD, MNIST_FIELD), dtype=np.float32)
    y0, x0 = (MNIST_FIELD - new_h) // 2, (MNIST_FIELD - new_w) // 2
    field[y0 : y0 + new_h, x0 : x0 + new_w] = small
    cy, cx = center_of_mass(field)
    target = (MNIST_FIELD - 1) / 2
    return shift_image(field, round(target - cy), round(target - cx))


def resize_image(image: np.ndarray, spec: InputSpec) -> np.ndarray:
    """An H×W or H×W×3 image in [0, 1] → C×H×W at the spec's size and channels."""
    if spec.channels == 1:
        return resize_float(to_gray(image), spec.height, spec.width)[None]
    rgb = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    planes = [resize_float(rgb[..., c], spec.height, spec.width) for c in range(3)]
    return np.stack(planes[: spec.channels])


RESAMPLING = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}


def resized_size(height: int, width: int, shorter: int) -> tuple[int, int]:
    """(H, W) with the shorter side ``shorter`` and the longer truncated, as torchvision computes it."""
    if height <= width:
        return shorter, int(shorter * width / height)
    return int(shorter * height / width), shorter


def center_crop_bytes(image: np.ndarray, spec: InputSpec) -> np.ndarray:
    """torchvision's ImageNet evaluation transform on an image in [0, 1], before normalising:
    the H×W×3 8-bit crop.

    The image is taken to 8-bit RGB (lossless for images read from files), its
    shorter side scaled to ``spec.resize_size`` with PIL (antialiased, the spec's
    interpolation) and the central ``spec.height`` × ``spec.width`` cut out with
    rounded offsets: the same pixels as the weights' own ``transforms()`` on a PIL image.
    """
    rgb = image[..., :3] if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    shorter = spec.resize_size or min(spec.height, spec.width)
    new_h, new_w = resized_size(rgb.shape[0], rgb.shape[1], shorter)
    if new_h < spec.height or new_w < spec.width:
        raise ValueError(f"resize size {shorter} is smaller than the {spec.height}×{spec.width} crop")
    scaled_up = np.multiply(rgb, 255.0)  # a new array: rounded and clipped in place
    rgb8 = np.clip(np.rint(scaled_up, out=scaled_up), 0, 255, out=scaled_up).astype(np.uint8)
    scaled = np.asarray(Image.fromarray(rgb8).resize((new_w, new_h), RESAMPLING[spec.interpolation]))
    top, left = round((new_h - spec.height) / 2), round((new_w - spec.width) / 2)
    return scaled[top : top + spec.height, left : left + spec.width]


def center_crop_image(image: np.ndarray, spec: InputSpec) -> np.ndarray:
    """:func:`center_crop_bytes` as C×H×W float32 in [0, 1] (grey for a 1-channel spec)."""
    crop = center_crop_bytes(image, spec).astype(np.float32) / 255.0
    return crop.transpose(2, 0, 1) if spec.channels == 3 else to_gray(crop)[None]


def normalised_bytes(rgb8: np.ndarray, spec: InputSpec) -> np.ndarray:
    """An H×W×3 8-bit image → the normalised 3×H×W float32 tensor, through one 256-entry table
    per channel: the same float32 arithmetic as :func:`normalise` of the bytes / 255, done
    once per possible value instead of once per pixel."""
    tables = byte_tables(spec)
    out = np.empty((3, *rgb8.shape[:2]), dtype=np.float32)
    for channel in range(3):
        np.take(tables[channel], rgb8[..., channel], out=out[channel])
    return out


@functools.lru_cache(maxsize=8)
def byte_tables(spec: InputSpec) -> np.ndarray:
    """3×256: the normalised value of each 8-bit level in each channel (read-only, shared)."""
    levels = np.arange(256, dtype=np.float32) / 255.0
    tables = normalise(np.broadcast_to(levels, (3, 1, 256)), spec)[:, 0]
    tables.flags.writeable = False
    return tables


def normalise(chw: np.ndarray, spec: InputSpec) -> np.ndarray:
    """Subtract the per-channel mean and divide by the std."""
    mean = np.asarray(spec.mean, dtype=np.float32).reshape(-1, 1, 1)
    std = np.asarray(spec.std, dtype=np.float32).reshape(-1, 1, 1)
    return ((chw - mean) / std).astype(np.float32)


def prepare_input(image: np.ndarray, spec: InputSpec, invert: Invert = "auto") -> np.ndarray:
    """Any image in [0, 1] → the normalised C×H×W array the model receives.

    Raises :class:`EmptyInputError` when there is nothing to classify.
    """
    return prepared(image, spec, invert)[0]


def prepare_with_display(
    image: np.ndarray, spec: InputSpec, invert: Invert = "auto"
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`prepare_input`, and the H×W×3 8-bit picture of it (contiguous) when preprocessing
    made one on the way (the ImageNet crop of a 3-channel model): it equals the un-normalised tensor."""
    chw, crop = prepared(image, spec, invert)
    return chw, None if crop is None else np.ascontiguousarray(crop)


def prepared(image: np.ndarray, spec: InputSpec, invert: Invert) -> tuple[np.ndarray, np.ndarray | None]:
    """The tensor, and the 8-bit crop it came from (a view) where there is one."""
    if image.size == 0 or min(image.shape[:2]) == 0:
        raise EmptyInputError("The image is empty (zero width or height).")
    if spec.preprocess == "mnist":
        gray = apply_polarity(to_gray(image), invert)
        return normalise(mnist_preprocess(gray)[None], spec), None
    if spec.polarity == "light_on_dark":
        image = apply_polarity(to_gray(image), invert)
    if spec.preprocess == "center_crop" and spec.channels == 3:
        crop = center_crop_bytes(image, spec)
        return normalised_bytes(crop, spec), crop
    if spec.preprocess == "center_crop":
        return normalise(center_crop_image(image, spec), spec), None
    return normalise(resize_image(image, spec), spec), None
