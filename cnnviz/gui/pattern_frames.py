"""Synthetic camera frames: a hand-drawn-looking digit on paper, for the test pattern and tests."""

from __future__ import annotations

import itertools

import numpy as np

Stroke = list[tuple[float, float]]

# Polylines in a unit box (x right, y down), one or more strokes per digit.
DIGIT_POLYLINES: dict[int, list[Stroke]] = {
    0: [
        [
            (0.5, 0.08),
            (0.3, 0.2),
            (0.24, 0.5),
            (0.3, 0.8),
            (0.5, 0.92),
            (0.7, 0.8),
            (0.76, 0.5),
            (0.7, 0.2),
            (0.5, 0.08),
        ]
    ],
    1: [[(0.38, 0.22), (0.52, 0.08), (0.52, 0.92)]],
    2: [[(0.25, 0.3), (0.35, 0.12), (0.6, 0.1), (0.72, 0.25), (0.65, 0.45), (0.25, 0.9), (0.78, 0.9)]],
    3: [[(0.28, 0.15), (0.7, 0.15), (0.45, 0.45), (0.7, 0.6), (0.68, 0.82), (0.5, 0.92), (0.25, 0.85)]],
    4: [[(0.62, 0.92), (0.62, 0.08), (0.22, 0.65), (0.8, 0.65)]],
    5: [
        [
            (0.72, 0.1),
            (0.32, 0.1),
            (0.28, 0.45),
            (0.55, 0.4),
            (0.72, 0.55),
            (0.7, 0.8),
            (0.5, 0.92),
            (0.25, 0.85),
        ]
    ],
    6: [
        [
            (0.68, 0.1),
            (0.4, 0.35),
            (0.28, 0.65),
            (0.4, 0.9),
            (0.62, 0.88),
            (0.7, 0.68),
            (0.55, 0.52),
            (0.32, 0.6),
        ]
    ],
    7: [[(0.22, 0.12), (0.78, 0.12), (0.42, 0.92)]],
    8: [
        [
            (0.5, 0.5),
            (0.3, 0.3),
            (0.5, 0.1),
            (0.7, 0.3),
            (0.5, 0.5),
            (0.28, 0.7),
            (0.5, 0.92),
            (0.72, 0.7),
            (0.5, 0.5),
        ]
    ],
    9: [[(0.7, 0.35), (0.5, 0.5), (0.3, 0.35), (0.5, 0.12), (0.7, 0.3), (0.68, 0.92)]],
}
PAPER = 0.96
INK = 0.12


def segment_distance(
    xs: np.ndarray, ys: np.ndarray, a: tuple[float, float], b: tuple[float, float]
) -> np.ndarray:
    """Distance of every grid point to the segment a–b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = np.zeros_like(xs) if length2 == 0 else np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0.0, 1.0)
    return np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))


def digit_frame(
    digit: int, height: int = 240, width: int = 320, shift: tuple[float, float] = (0.0, 0.0)
) -> np.ndarray:
    """An H×W×3 float32 frame in [0, 1]: dark digit strokes on light paper, like a photo of a
    written digit; ``shift`` moves the digit by (dx, dy) pixels."""
    size = 0.75 * height
    left = (width - size) / 2 + shift[0]
    top = (height - size) / 2 + shift[1]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    nearest = np.full((height, width), np.inf, dtype=np.float32)
    for stroke in DIGIT_POLYLINES[digit % 10]:
        points = [(left + x * size, top + y * size) for x, y in stroke]
        for a, b in itertools.pairwise(points):
            nearest = np.minimum(nearest, segment_distance(xs, ys, a, b))
    half_width = size * 0.06
    ink = np.clip(half_width + 1.0 - nearest, 0.0, 1.0)  # one pixel of anti-aliasing
    gray = PAPER - (PAPER - INK) * ink
    return np.repeat(gray[..., None], 3, axis=2).astype(np.float32)


def pattern_frame(index: int, fps: float = 30.0) -> np.ndarray:
    """Frame ``index`` of the built-in test pattern: digits 0–9, each for two seconds, drifting
    slightly so that it looks (and is processed) like live video."""
    seconds = index / fps
    digit = int(seconds / 2.0) % 10
    drift = (6.0 * np.sin(seconds * 2.1), 4.0 * np.cos(seconds * 1.7))
    return digit_frame(digit, shift=(float(drift[0]), float(drift[1])))
