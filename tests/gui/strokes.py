"""Hand-written mouse stroke paths for the digits 0–9 on the 280×280 canvas.

Each digit is a list of strokes; each stroke a list of (x, y) key points that a
person's mouse passes through. They are smoothed with a Catmull–Rom spline and
sampled every few pixels, the way mouse-move events arrive. These paths were
written for the tests, independently of the synthetic training templates.
"""

from __future__ import annotations

import math

Point = tuple[float, float]

DIGIT_STROKES: dict[int, list[list[Point]]] = {
    0: [
        [(142, 42), (98, 62), (80, 130), (92, 205), (140, 240), (188, 208), (200, 130), (182, 62), (138, 44)]
    ],
    1: [[(150, 42), (146, 110), (139, 180), (134, 242)]],
    2: [
        [(86, 96), (108, 55), (150, 42), (190, 70), (186, 120), (140, 175), (88, 236), (150, 232), (208, 236)]
    ],
    3: [
        [
            (86, 66),
            (138, 40),
            (188, 70),
            (176, 116),
            (134, 136),
            (184, 160),
            (196, 208),
            (150, 244),
            (84, 222),
        ]
    ],
    4: [[(156, 40), (120, 110), (84, 168), (150, 166), (212, 164)], [(176, 92), (174, 170), (170, 248)]],
    5: [
        [(194, 46), (104, 46)],
        [(104, 46), (98, 124), (150, 112), (194, 146), (194, 204), (148, 242), (86, 222)],
    ],
    6: [
        [
            (182, 48),
            (124, 84),
            (92, 156),
            (100, 222),
            (146, 244),
            (188, 208),
            (178, 158),
            (128, 148),
            (96, 182),
        ]
    ],
    7: [[(78, 52), (140, 48), (204, 50), (168, 130), (136, 196), (118, 246)]],
    8: [
        [
            (184, 72),
            (140, 40),
            (96, 70),
            (108, 118),
            (172, 160),
            (192, 210),
            (140, 246),
            (88, 212),
            (108, 162),
            (172, 118),
            (186, 72),
        ]
    ],
    9: [
        [
            (186, 84),
            (142, 46),
            (98, 74),
            (102, 122),
            (146, 136),
            (186, 104),
            (184, 86),
            (180, 166),
            (168, 246),
        ]
    ],
}


def catmull_rom(points: list[Point], spacing: float = 5.0) -> list[Point]:
    """A smooth path through the key points, sampled about every ``spacing`` pixels."""
    if len(points) < 2:
        return list(points)
    padded = [points[0], *points, points[-1]]
    out: list[Point] = [points[0]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        steps = max(1, math.ceil(math.dist(p1, p2) / spacing))
        for s in range(1, steps + 1):
            t = s / steps
            out.append(
                (
                    _cr(p0[0], p1[0], p2[0], p3[0], t),
                    _cr(p0[1], p1[1], p2[1], p3[1], t),
                )
            )
    return out


def _cr(a: float, b: float, c: float, d: float, t: float) -> float:
    return 0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t**2 + (3 * b - a - 3 * c + d) * t**3)
