"""Synthetic handwritten digits, drawn as pen strokes the way the app's canvas draws.

A stroke template (:mod:`cnnviz.core.digit_templates`) is varied by an elastic
distortion (a smooth random displacement field, after Simard et al. 2003), a
hand wobble, slant, rotation, aspect, size, position and pen width, rendered
white on a 280×280 black canvas with round-capped strokes, and passed through
:func:`cnnviz.core.preprocess.prepare_input` exactly like a canvas drawing.
Everything is offline and deterministic for a given seed.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.core.builtins import MNIST_SPEC
from cnnviz.core.digit_templates import TEMPLATES, Stroke
from cnnviz.core.preprocess import prepare_input

CANVAS = 280
CHUNK = 500
PARALLEL_FROM = 4000
_GRID = np.stack(np.meshgrid(np.linspace(-0.2, 1.2, 4), np.linspace(-0.2, 1.2, 4)), -1).reshape(-1, 2)


def template_count(digit: int) -> int:
    """How many stroke styles the generator knows for a digit."""
    return len(TEMPLATES[digit])


def elastic(
    strokes: list[Stroke], rng: np.random.Generator, alpha: float, sigma: float = 0.3
) -> list[Stroke]:
    """Move every point by one smooth random displacement field (Gaussian RBF on a grid)."""
    vectors = rng.normal(0.0, alpha, size=(len(_GRID), 2))

    def field(p: Stroke) -> Stroke:
        d2 = ((p[:, None, :] - _GRID[None]) ** 2).sum(-1)
        return p + np.exp(-d2 / (2 * sigma**2)) @ vectors

    return [field(s) for s in strokes]


def wobble(stroke: Stroke, rng: np.random.Generator, amount: float) -> Stroke:
    """A shaky hand: low-frequency sideways waves along the stroke plus small jitter."""
    if len(stroke) < 2:
        return stroke
    steps = np.hypot(*np.diff(stroke, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(steps)])[:, None]
    freq = rng.uniform(0.8, 5.0, size=(1, 3))
    phase = rng.uniform(0, 2 * np.pi, size=(2, 1, 3))
    amp = rng.uniform(0, amount, size=(2, 1, 3))
    waves = (amp * np.sin(2 * np.pi * freq * s + phase)).sum(-1).T
    return stroke + waves + rng.normal(0.0, amount * 0.15, size=stroke.shape)


def vary_ends(stroke: Stroke, rng: np.random.Generator) -> Stroke:
    """Trim or overshoot each end a little, as a pen lifts early or late."""
    if len(stroke) < 4:
        return stroke
    cut = rng.integers(0, max(1, len(stroke) // 12) + 1, size=2)
    stroke = stroke[cut[0] : len(stroke) - cut[1]]
    for end, nxt in ((0, 1), (-1, -2)):
        if rng.random() < 0.3:
            d = stroke[end] - stroke[nxt]
            d = d / (np.hypot(*d) + 1e-9) * rng.uniform(0.0, 0.06)
            extra = (stroke[end] + d)[None]
            stroke = np.concatenate([extra, stroke]) if end == 0 else np.concatenate([stroke, extra])
    return stroke


def affine(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """Slant (shear), a small rotation and a change of aspect about the box centre."""
    shear = rng.normal(0.1, 0.18)
    angle = np.radians(rng.normal(0.0, 7.0))
    aspect = np.exp(rng.normal(0.0, 0.18))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    m = rot @ np.array([[1.0, -shear], [0.0, 1.0]]) @ np.diag([aspect, 1.0])
    return [(s - 0.5) @ m.T for s in strokes]


def place(strokes: list[Stroke], rng: np.random.Generator, width: float) -> list[Stroke]:
    """Scale to a random height and put the digit at a random place on the canvas."""
    pts = np.concatenate(strokes)
    lo, hi = pts.min(0), pts.max(0)
    size = np.maximum(hi - lo, 1e-6)
    room = CANVAS - width - 4
    scale = min(rng.uniform(60.0, 250.0) / size[1], room / size[0], room / size[1])
    free = room - size * scale
    offset = width / 2 + 2 + rng.uniform(0.0, 1.0, size=2) * free - lo * scale
    return [s * scale + offset for s in strokes]


def decimate(stroke: Stroke, spacing: float) -> Stroke:
    """Keep points about `spacing` pixels apart: the straight segments of a fast mouse."""
    steps = np.hypot(*np.diff(stroke, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(steps)])
    keep = np.unique(np.searchsorted(s, np.arange(0.0, s[-1], spacing)))
    return np.concatenate([stroke[keep], stroke[-1:]])


def render_strokes(strokes: list[Stroke], width: float, size: int = CANVAS) -> np.ndarray:
    """White round-capped, round-joined strokes on a black canvas, as float gray in [0, 1]."""
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    w, r = round(width), width / 2
    for stroke in strokes:
        pts = [(float(x), float(y)) for x, y in stroke]
        if len(pts) > 1:
            draw.line(pts, fill=255, width=w)
        for x, y in pts:  # round caps and joins (faster than joint="curve")
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(image, dtype=np.float32) / 255.0


def digit_strokes(digit: int, rng: np.random.Generator) -> tuple[list[Stroke], float]:
    """A random handwritten digit as canvas-pixel strokes, and its pen width."""
    templates = TEMPLATES[digit]
    strokes = templates[int(rng.integers(len(templates)))](lambda lo, hi: float(rng.uniform(lo, hi)))
    strokes = [vary_ends(s, rng) for s in strokes]
    strokes = elastic(strokes, rng, alpha=rng.uniform(0.0, 0.05))
    strokes = [wobble(s, rng, rng.uniform(0.0, 0.025)) for s in strokes]
    width = float(np.clip(rng.normal(18.0, 5.0), 9.0, 32.0))
    strokes = place(affine(strokes, rng), rng, width)
    if rng.random() < 0.35:
        spacing = rng.uniform(8.0, 30.0)
        strokes = [decimate(s, spacing) for s in strokes]
    return strokes, width


def render_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    """One random handwritten digit on a 280×280 canvas (float gray, white on black)."""
    strokes, width = digit_strokes(digit, rng)
    return render_strokes(strokes, width)


def _render_chunk(labels: np.ndarray, seed: int, chunk: int) -> np.ndarray:
    """Model inputs for a run of labels, from the chunk's own random stream."""
    rng = np.random.default_rng([seed, chunk])
    return np.stack([prepare_input(render_digit(int(d), rng), MNIST_SPEC) for d in labels])


def balanced_labels(count: int, seed: int) -> np.ndarray:
    """`count` labels with every digit equally often (±1), in a seeded random order."""
    return np.random.default_rng([seed, 2**31]).permutation(np.arange(count) % 10).astype(np.int64)


def generate_digits(count: int, seed: int, workers: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`count` model inputs (N, 1, 28, 28) float32 and their labels (N,) int64.

    The result depends only on (count, seed), not on the number of worker
    processes; by default large sets use every CPU core.
    """
    if count < 0:
        raise ValueError("count must be non-negative")
    labels = balanced_labels(count, seed)
    chunks = [labels[i : i + CHUNK] for i in range(0, count, CHUNK)]
    if workers is None:
        workers = (os.cpu_count() or 1) if count >= PARALLEL_FROM else 1
    workers = max(1, min(workers, len(chunks)))
    if workers == 1:
        parts = [_render_chunk(c, seed, i) for i, c in enumerate(chunks)]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(_render_chunk, chunks, [seed] * len(chunks), range(len(chunks))))
    images = np.concatenate(parts) if parts else np.zeros((0, *MNIST_SPEC.shape), dtype=np.float32)
    return images.astype(np.float32, copy=False), labels
