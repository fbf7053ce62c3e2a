"""Pen-stroke templates of handwritten digits, in a unit box (x right, y down).

Each digit has several templates covering ordinary handwriting variety (a 7 with
and without a crossbar, open and closed 4s, a 1 with flag and base, …). A
template is a function of ``u(lo, hi)``, a uniform random draw, so that the
proportions within a style vary too; it returns a list of strokes, each an
(N, 2) float array of densely sampled pen positions.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np

Uniform = Callable[[float, float], float]
Stroke = np.ndarray
Template = Callable[[Uniform], list[Stroke]]
STEP = 0.025


def seg(*points: tuple[float, float]) -> Stroke:
    """A straight polyline through the points, sampled every ~STEP."""
    pts = np.asarray(points, dtype=np.float64)
    pieces = [pts[:1]]
    for a, b in pairwise(pts):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / STEP)))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        pieces.append(a + (b - a) * t)
    return np.concatenate(pieces)


def spline(*points: tuple[float, float], samples: int = 10) -> Stroke:
    """A smooth Catmull-Rom curve through the points."""
    p = np.asarray(points, dtype=np.float64)
    ext = np.concatenate([2 * p[:1] - p[1:2], p, 2 * p[-1:] - p[-2:-1]])
    t = np.linspace(0.0, 1.0, samples, endpoint=False)[:, None]
    basis = 0.5 * np.stack(
        [-(t**3) + 2 * t**2 - t, 3 * t**3 - 5 * t**2 + 2, -3 * t**3 + 4 * t**2 + t, t**3 - t**2]
    )
    out = [
        basis[0] * ext[i] + basis[1] * ext[i + 1] + basis[2] * ext[i + 2] + basis[3] * ext[i + 3]
        for i in range(len(p) - 1)
    ]
    return np.concatenate([*out, p[-1:]])


def arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float) -> Stroke:
    """An elliptical arc; angles in degrees, 0 = right, 90 = down (clockwise on screen)."""
    n = max(4, int(abs(a1 - a0) / 8))
    a = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)


def chain(*parts: Stroke) -> Stroke:
    """One continuous stroke made of consecutive parts."""
    return np.concatenate(parts)


def _zero(u: Uniform) -> list[Stroke]:
    rx, start = u(0.3, 0.48), u(-130, -50)
    return [arc(0.5, 0.5, rx, 0.5, start, start - 360 - u(-20, 30))]


def _zero_egg(u: Uniform) -> list[Stroke]:
    w = u(0.0, 0.15)
    pts = [(0.6, 0.0), (0.2 + w, 0.15), (0.05, 0.55), (0.4, 1.0), (0.85, 0.7), (0.9 - w, 0.25), (0.55, 0.02)]
    return [spline(*pts)]


def _one(u: Uniform) -> list[Stroke]:
    return [seg((0.5, 0.0), (0.5 + u(-0.1, 0.1), 1.0))]


def _one_flag(u: Uniform) -> list[Stroke]:
    return [seg((u(0.2, 0.4), u(0.2, 0.4)), (0.6, 0.0), (0.6, 1.0))]


def _one_base(u: Uniform) -> list[Stroke]:
    return [seg((0.3, 0.2), (0.55, 0.0), (0.55, 1.0)), seg((u(0.15, 0.3), 1.0), (u(0.8, 0.95), 1.0))]


def _two(u: Uniform) -> list[Stroke]:
    top = spline((0.1, 0.3), (0.45, 0.0), (0.85, 0.25), (0.6, 0.6), (0.05, 1.0))
    return [chain(top, seg((0.05, 1.0), (u(0.75, 1.0), u(0.9, 1.0))))]


def _two_loop(u: Uniform) -> list[Stroke]:
    r = u(0.08, 0.14)
    pts = [(0.1, 0.25), (0.5, 0.0), (0.85, 0.25), (0.55, 0.6), (0.2, 0.9), (0.2 + r, 0.9 - r), (0.3, 1.0)]
    return [chain(spline(*pts), seg((0.3, 1.0), (u(0.8, 1.0), 0.97)))]


def _two_angular(u: Uniform) -> list[Stroke]:
    top = arc(0.5, 0.28, 0.38, 0.28, 190, 360 + u(0, 30))
    start = top[-1]
    return [chain(top, seg((start[0], start[1]), (0.05, 1.0), (0.95, 1.0)))]


def _three(u: Uniform) -> list[Stroke]:
    m = u(0.3, 0.55)
    pts = [(0.1, 0.15), (0.5, 0.0), (0.85, 0.2), (m, 0.47), (0.9, 0.72), (0.5, 1.0), (0.08, 0.85)]
    return [spline(*pts)]


def _three_arcs(u: Uniform) -> list[Stroke]:
    mid = u(0.4, 0.5)
    upper = arc(0.5, mid / 2, 0.32, mid / 2, 200, 450)
    lower = arc(0.5, (1 + mid) / 2, 0.4, (1 - mid) / 2, 270, 510)
    return [chain(upper, lower)]


def _three_flat(u: Uniform) -> list[Stroke]:
    bowl = spline((0.4, 0.42), (0.85, 0.58), (0.8, 0.92), (0.4, 1.0), (0.08, 0.85))
    return [chain(seg((u(0.05, 0.2), 0.0), (0.9, 0.0), (0.4, 0.42)), bowl)]


def _four_open(u: Uniform) -> list[Stroke]:
    bar = u(0.5, 0.7)
    return [seg((0.15, 0.0), (0.08, bar), (0.95, bar)), seg((0.7, u(0.0, 0.2)), (0.7, 1.0))]


def _four_closed(u: Uniform) -> list[Stroke]:
    bar, x = u(0.55, 0.75), u(0.6, 0.75)
    return [seg((x, 0.0), (0.05, bar), (0.95, bar)), seg((x, 0.0), (x, 1.0))]


def _four_one_stroke(u: Uniform) -> list[Stroke]:
    bar = u(0.55, 0.72)
    return [seg((0.65, 1.0), (0.65, 0.0), (0.05, bar), (0.95, bar))]


def _five(u: Uniform) -> list[Stroke]:
    k = u(0.35, 0.5)
    bowl = spline((0.15, k), (0.55, k - 0.08), (0.88, k + 0.2), (0.7, 0.93), (0.35, 1.0), (0.05, 0.85))
    return [chain(seg((0.2, 0.0), (0.15, k)), bowl), seg((0.2, 0.0), (u(0.75, 0.95), u(-0.03, 0.03)))]


def _five_one_stroke(u: Uniform) -> list[Stroke]:
    bowl = spline((0.12, 0.45), (0.6, 0.38), (0.9, 0.68), (0.55, 1.0), (0.05, 0.88))
    return [chain(seg((u(0.8, 0.95), 0.0), (0.2, 0.0), (0.12, 0.45)), bowl)]


def _six(u: Uniform) -> list[Stroke]:
    top = u(0.45, 0.65)
    pts = [
        (0.8, 0.02),
        (0.4, 0.15),
        (0.12, 0.6),
        (0.35, 1.0),
        (0.8, 0.85),
        (0.72, top),
        (0.35, top),
        (0.14, 0.75),
    ]
    return [spline(*pts)]


def _six_straight(u: Uniform) -> list[Stroke]:
    r = u(0.25, 0.38)
    loop = arc(0.5, 1.0 - r, 0.38, r, 180, 540)
    return [chain(seg((u(0.55, 0.8), 0.0), (0.12, 1.0 - r)), loop)]


def _seven(u: Uniform) -> list[Stroke]:
    return [seg((0.05, u(-0.05, 0.05)), (0.95, 0.0), (u(0.25, 0.5), 1.0))]


def _seven_curved(u: Uniform) -> list[Stroke]:
    stem = spline((0.95, 0.0), (0.6, 0.45), (u(0.35, 0.5), 1.0))
    return [chain(seg((0.05, 0.05), (0.95, 0.0)), stem)]


def _seven_bar(u: Uniform) -> list[Stroke]:
    bottom, y = u(0.3, 0.5), u(0.45, 0.6)
    x = 0.95 + (bottom - 0.95) * y
    return [seg((0.05, 0.0), (0.95, 0.0), (bottom, 1.0)), seg((x - u(0.2, 0.35), y), (x + u(0.15, 0.3), y))]


def _seven_serif(u: Uniform) -> list[Stroke]:
    return [seg((0.05, u(0.12, 0.25)), (0.05, 0.0), (0.95, 0.0), (u(0.3, 0.5), 1.0))]


def _eight(u: Uniform) -> list[Stroke]:
    m = u(0.4, 0.5)
    pts = [(0.8, 0.1), (0.5, 0.0), (0.2, 0.15), (0.35, m - 0.08), (0.75, m + 0.12), (0.85, 0.85)]
    pts += [(0.5, 1.0), (0.15, 0.85), (0.3, m + 0.1), (0.7, m - 0.1), (0.8, 0.15), (0.55, 0.0)]
    return [spline(*pts)]


def _eight_loops(u: Uniform) -> list[Stroke]:
    m = u(0.38, 0.5)
    return [
        arc(0.5, m / 2, 0.3, m / 2, 90, 450),
        arc(0.5, (1 + m) / 2, 0.4, (1 - m) / 2, 270, 630 + u(0, 20)),
    ]


def _nine(u: Uniform) -> list[Stroke]:
    r = u(0.2, 0.3)
    loop = arc(0.45, r, 0.38, r, 10, -340)
    return [chain(loop, seg((0.83, r), (u(0.7, 0.85), 1.0)))]


def _nine_curved(u: Uniform) -> list[Stroke]:
    r = u(0.2, 0.3)
    loop = arc(0.45, r, 0.38, r, 0, -360)
    stem = spline((0.83, r), (0.8, 0.75), (0.55, 1.0), (u(0.15, 0.35), 0.9))
    return [chain(loop, stem)]


def _nine_two_strokes(u: Uniform) -> list[Stroke]:
    r = u(0.22, 0.32)
    return [arc(0.45, r, 0.4, r, 0, 360 + u(0, 30)), seg((0.85, 0.05), (u(0.45, 0.8), 1.0))]


TEMPLATES: dict[int, list[Template]] = {
    0: [_zero, _zero_egg],
    1: [_one, _one_flag, _one_base],
    2: [_two, _two_loop, _two_angular],
    3: [_three, _three_arcs, _three_flat],
    4: [_four_open, _four_closed, _four_one_stroke],
    5: [_five, _five_one_stroke],
    6: [_six, _six_straight],
    7: [_seven, _seven_curved, _seven_bar, _seven_serif],
    8: [_eight, _eight_loops],
    9: [_nine, _nine_curved, _nine_two_strokes],
}
