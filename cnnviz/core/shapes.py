"""Synthetic coloured shapes: a small offline RGB data set for TinyVGG-sized models.

Each 64×64 image holds one filled shape (circle, square, triangle, star, cross,
hexagon, ring or heart) of random size, position, rotation, slight stretch and
colour, on a solid, gradient or noisy background. The shape's luminance differs
from every background pixel's mean colour by at least :data:`MIN_CONTRAST`, so
the class is always visible. Shapes are drawn as polygons at 4× and reduced with
a box filter (exact area antialiasing). Everything is deterministic per seed.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.core.spec import InputSpec

SHAPE_LABELS = ("circle", "square", "triangle", "star", "cross", "hexagon", "ring", "heart")
SHAPES_SPEC = InputSpec(3, 64, 64, mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
SIZE = 64
SUPERSAMPLE = 4
CHUNK = 1000
MIN_CONTRAST = 0.3
LUMA = np.array([0.299, 0.587, 0.114])
_YY, _XX = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1)

Polygon = np.ndarray  # (k, 2) points, unit circumradius, centred at the origin


def _regular(n: int, radius: float = 1.0, points: int | None = None) -> Polygon:
    """A regular n-gon (or a circle sampled at `points`), one vertex pointing up."""
    count = points or n
    t = np.pi / 2 + 2 * np.pi * np.arange(count) / count
    return radius * np.stack([np.cos(t), -np.sin(t)], axis=1)


def _star(inner: float) -> Polygon:
    """A five-pointed star alternating radii 1 and `inner`."""
    t = np.pi / 2 + np.pi * np.arange(10) / 5
    r = np.where(np.arange(10) % 2 == 0, 1.0, inner)
    return np.stack([r * np.cos(t), -r * np.sin(t)], axis=1)


def _cross(half_width: float) -> Polygon:
    """A plus sign of arm half-width `half_width` reaching radius ~1."""
    a, w = 1 / np.sqrt(1 + half_width**2), half_width / np.sqrt(1 + half_width**2)
    quarter = [(w, -a), (w, -w), (a, -w)]
    pts = []
    for k in range(4):  # rotate the quarter outline by 90° steps
        c, s = np.cos(k * np.pi / 2), np.sin(k * np.pi / 2)
        pts += [(x * c - y * s, x * s + y * c) for x, y in quarter]
    return np.array(pts)


def _heart() -> Polygon:
    """The classic parametric heart, scaled to fit the unit circle."""
    t = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    pts = np.stack([x, y], axis=1)
    pts -= (pts.max(axis=0) + pts.min(axis=0)) / 2
    return pts / np.hypot(*pts.T).max()


def shape_polygons(label: int, rng: np.random.Generator) -> list[tuple[Polygon, int]]:
    """Outline(s) of one shape with their fill (255 ink, 0 hole), before placement."""
    name = SHAPE_LABELS[label]
    if name == "circle":
        return [(_regular(0, points=64), 255)]
    if name == "ring":
        return [(_regular(0, points=64), 255), (_regular(0, rng.uniform(0.45, 0.65), 64), 0)]
    if name == "star":
        return [(_star(rng.uniform(0.38, 0.5)), 255)]
    if name == "cross":
        return [(_cross(rng.uniform(0.22, 0.34)), 255)]
    if name == "heart":
        return [(_heart(), 255)]
    return [(_regular({"square": 4, "triangle": 3, "hexagon": 6}[name]), 255)]


def render_mask(label: int, rng: np.random.Generator) -> np.ndarray:
    """Coverage (64×64 float32 in [0, 1]) of one randomly placed, rotated, stretched shape."""
    radius = rng.uniform(0.2, 0.42) * SIZE
    angle = rng.uniform(0, 2 * np.pi)
    stretch = np.array([rng.uniform(0.88, 1.12), 1.0])
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    margin = radius * 1.12 + 1
    centre = rng.uniform(margin, SIZE - margin, size=2)
    canvas = Image.new("L", (SIZE * SUPERSAMPLE, SIZE * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(canvas)
    for outline, fill in shape_polygons(label, rng):
        pts = ((outline * stretch) @ rotation.T * radius + centre) * SUPERSAMPLE
        draw.polygon([tuple(p) for p in pts.tolist()], fill=fill)
    return np.asarray(canvas.reduce(SUPERSAMPLE), dtype=np.float32) / 255.0


def render_background(rng: np.random.Generator) -> np.ndarray:
    """A 64×64×3 solid, gradient or noisy background; its local colours stay near one luminance."""
    base = rng.uniform(0, 1, size=3)
    kind = rng.integers(3)
    if kind == 0:
        return np.broadcast_to(base, (SIZE, SIZE, 3)).astype(np.float32)
    if kind == 1:
        other = np.clip(base + rng.uniform(-0.15, 0.15, size=3), 0, 1)
        theta = rng.uniform(0, 2 * np.pi)
        t = _XX * np.cos(theta) + _YY * np.sin(theta)
        t = (t - t.min()) / (t.max() - t.min())
        return (base + t[..., None] * (other - base)).astype(np.float32)
    noise = rng.normal(0, rng.uniform(0.03, 0.1), size=(SIZE, SIZE, 3))
    return np.clip(base + noise, 0, 1).astype(np.float32)


def contrasting_colour(background: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random colour whose luminance is ≥ MIN_CONTRAST away from the background's range."""
    luma = background.reshape(-1, 3).mean(axis=0) @ LUMA
    low, high = luma - 0.08, luma + 0.08  # gradients move luminance by at most ±0.075
    for _ in range(20):
        colour = rng.uniform(0, 1, size=3)
        value = colour @ LUMA
        if value <= low - MIN_CONTRAST or value >= high + MIN_CONTRAST:
            return colour
    return np.zeros(3) if luma > 0.5 else np.ones(3)


def render_shape(label: int, rng: np.random.Generator) -> np.ndarray:
    """One 64×64×3 float32 image in [0, 1] showing shape `label`."""
    mask = render_mask(label, rng)[..., None]
    background = render_background(rng)
    colour = contrasting_colour(background, rng).astype(np.float32)
    return background + mask * (colour - background)


def balanced_labels(count: int, seed: int) -> np.ndarray:
    """`count` labels, every class equally often (±1), in a seeded random order."""
    rng = np.random.default_rng([seed, 2**31])
    return rng.permutation(np.arange(count) % len(SHAPE_LABELS)).astype(np.int64)


def render_chunk(labels: np.ndarray, seed: int, chunk: int) -> np.ndarray:
    """Normalised model inputs (n, 3, 64, 64) for a run of labels, from the chunk's own stream."""
    rng = np.random.default_rng([seed, chunk])
    out = np.empty((len(labels), 3, SIZE, SIZE), dtype=np.float32)
    for i, label in enumerate(labels):
        out[i] = render_shape(int(label), rng).transpose(2, 0, 1)
    out -= 0.5
    out /= 0.5
    return out


def generate_shapes(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` normalised images (N, 3, 64, 64) float32 and labels (N,) int64; see load_dataset."""
    if count < 0:
        raise ValueError("count must be non-negative")
    labels = balanced_labels(count, seed)
    parts = [render_chunk(labels[i : i + CHUNK], seed, i // CHUNK) for i in range(0, count, CHUNK)]
    images = np.concatenate(parts) if parts else np.zeros((0, *SHAPES_SPEC.shape), dtype=np.float32)
    return images, labels
