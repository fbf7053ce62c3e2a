"""Reading image files into float arrays, with clear messages for bad files."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
# The only decoders Pillow may pick (it goes by content, not by name): never EPS (which runs
# Ghostscript on the file), TIFF, PSD and the rest. Camera JPEGs (MPO) open through JPEG.
OPEN_FORMATS = ("PNG", "JPEG", "BMP", "GIF", "WEBP")
MAX_PIXELS = 64_000_000
MAX_WORKING_SIDE = 2048


class ImageLoadError(ValueError):
    """An image could not be read; the message says why, in one line."""


def _sixteen_bit_to_l(image: Image.Image) -> Image.Image:
    """16-bit grayscale (modes I;16 and I) → 8-bit L; Pillow's own conversion saturates it."""
    values = np.asarray(image, dtype=np.float64) / 65535.0
    return Image.fromarray(np.clip(np.round(values * 255.0), 0, 255).astype(np.uint8))


def _decode(image: Image.Image, name: str) -> np.ndarray:
    """Check the size from the header, then decode to float RGB in [0, 1]."""
    width, height = image.size
    if width == 0 or height == 0:
        raise ImageLoadError(f"'{name}' is an empty image (zero width or height).")
    if width * height > MAX_PIXELS:
        raise ImageLoadError(
            f"'{name}' is too large ({width}×{height} pixels; the limit is "
            f"{MAX_PIXELS // 1_000_000} megapixels)."
        )
    image.draft("RGB", (MAX_WORKING_SIDE, MAX_WORKING_SIDE))
    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I"):
        image = _sixteen_bit_to_l(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    image = image.convert("RGB")
    image.thumbnail((MAX_WORKING_SIDE, MAX_WORKING_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(image, dtype=np.float32) / 255.0


def _open(source: str | Path | io.BytesIO, name: str) -> np.ndarray:
    try:
        with Image.open(source, formats=OPEN_FORMATS) as image:
            return _decode(image, name)
    except ImageLoadError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageLoadError(
            f"'{name}' is too large (the limit is {MAX_PIXELS // 1_000_000} megapixels)."
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageLoadError(f"'{name}' is not a readable image (not PNG, JPEG, BMP, GIF or WebP).") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageLoadError(f"'{name}' is damaged or incomplete: {exc}".rstrip(".") + ".") from exc


def load_image(path: str | Path) -> np.ndarray:
    """An image file → H×W×3 float32 in [0, 1] (large images are scaled down)."""
    path = Path(path)
    if not path.exists():
        raise ImageLoadError(f"'{path}' does not exist.")
    if path.is_dir():
        raise ImageLoadError(f"'{path}' is a folder, not an image.")
    if path.stat().st_size == 0:
        raise ImageLoadError(f"'{path.name}' is an empty file.")
    return _open(path, path.name)


def decode_image_bytes(data: bytes, name: str = "pasted image") -> np.ndarray:
    """Encoded image bytes (from the clipboard, a drop) → H×W×3 float32 in [0, 1]."""
    if not data:
        raise ImageLoadError(f"The {name} is empty.")
    return _open(io.BytesIO(data), name)


def save_png(rgb: np.ndarray, path: str | Path) -> None:
    """Write an H×W×3 uint8 array as PNG (atomically: temp file, then rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        Image.fromarray(rgb).save(tmp, format="PNG")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
