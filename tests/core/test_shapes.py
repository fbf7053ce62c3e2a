"""Synthetic shapes: shapes of arrays, balance, determinism, geometry, contrast and speed."""

from __future__ import annotations

import time

import numpy as np
import pytest

from cnnviz.core import shapes
from cnnviz.core.builtins import TINYVGG_SPEC
from cnnviz.core.shapes import (
    LUMA,
    MIN_CONTRAST,
    SHAPE_LABELS,
    SHAPES_SPEC,
    generate_shapes,
    render_background,
    render_mask,
    render_shape,
    shape_polygons,
)


def polygon_area(points: np.ndarray) -> float:
    x, y = points.T
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


@pytest.fixture(scope="module")
def sample() -> tuple[np.ndarray, np.ndarray]:
    return generate_shapes(80, seed=3)


def test_arrays_are_normalised_rgb_64(sample: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = sample
    assert x.shape == (80, 3, 64, 64) and x.dtype == np.float32
    assert y.shape == (80,) and y.dtype == np.int64
    assert x.min() >= -1.0 and x.max() <= 1.0 and x.min() < -0.5 and x.max() > 0.5
    assert SHAPES_SPEC == TINYVGG_SPEC and len(SHAPE_LABELS) >= 6


def test_classes_are_balanced(sample: tuple[np.ndarray, np.ndarray]) -> None:
    assert np.bincount(sample[1], minlength=len(SHAPE_LABELS)).tolist() == [10] * len(SHAPE_LABELS)


def test_same_seed_same_images_other_seed_other_images(sample: tuple[np.ndarray, np.ndarray]) -> None:
    again = generate_shapes(80, seed=3)
    other = generate_shapes(80, seed=4)
    assert np.array_equal(sample[0], again[0]) and np.array_equal(sample[1], again[1])
    assert not np.array_equal(sample[0], other[0])


def test_result_does_not_depend_on_how_many_are_asked_within_a_chunk() -> None:
    # The first chunk's images depend only on (labels, seed, chunk index).
    labels = np.array([0, 3, 6], dtype=np.int64)
    whole = shapes.render_chunk(labels, seed=9, chunk=0)
    assert np.array_equal(shapes.render_chunk(labels[:2], seed=9, chunk=0), whole[:2])


def test_polygon_areas_match_hand_computed_values() -> None:
    rng = np.random.default_rng(0)
    area = {name: polygon_area(shape_polygons(k, rng)[0][0]) for k, name in enumerate(SHAPE_LABELS)}
    assert area["square"] == pytest.approx(2.0)
    assert area["triangle"] == pytest.approx(3 * np.sqrt(3) / 4)
    assert area["hexagon"] == pytest.approx(3 * np.sqrt(3) / 2)
    assert area["circle"] == pytest.approx(np.pi, rel=0.01)
    w = 0.3
    a, h = 1 / np.sqrt(1 + w**2), w / np.sqrt(1 + w**2)  # arm length and half-width at radius 1
    assert polygon_area(shapes._cross(w)) == pytest.approx(8 * a * h - 4 * h * h)


def test_ring_has_a_hole_and_every_outline_fits_the_unit_circle() -> None:
    rng = np.random.default_rng(1)
    for label in range(len(SHAPE_LABELS)):
        for outline, _ in shape_polygons(label, rng):
            assert np.hypot(*outline.T).max() <= 1.0 + 1e-9
    ring = shape_polygons(SHAPE_LABELS.index("ring"), rng)
    assert [fill for _, fill in ring] == [255, 0]
    assert 0.45 <= np.hypot(*ring[1][0].T).max() <= 0.65


def test_masks_are_antialiased_and_stay_inside_the_image() -> None:
    rng = np.random.default_rng(2)
    for i in range(64):
        mask = render_mask(i % len(SHAPE_LABELS), rng)
        border = np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])
        assert border.max() == 0.0
        assert (mask > 0.99).sum() >= 20  # a solid interior: the shape is visible
        assert ((mask > 0.02) & (mask < 0.98)).sum() >= 8  # soft edges


def test_shape_contrasts_with_its_background() -> None:
    for seed in range(60):
        label = seed % len(SHAPE_LABELS)
        image = render_shape(label, np.random.default_rng(seed))
        replay = np.random.default_rng(seed)  # same draws: mask, then background
        mask, background = render_mask(label, replay), render_background(replay)
        luma = image @ LUMA
        inside, outside = luma[mask > 0.999].mean(), luma[mask < 0.001].mean()
        assert abs(inside - outside) >= MIN_CONTRAST
        assert np.allclose(image[mask < 0.001], background[mask < 0.001])


def test_backgrounds_vary_between_solid_gradient_and_noise() -> None:
    def kind(background: np.ndarray) -> str:
        if len(np.unique(background.reshape(-1, 3), axis=0)) == 1:
            return "solid"
        step = np.abs(np.diff(background, axis=1)).max()
        return "gradient" if step < 0.01 else "noise"

    rng = np.random.default_rng(5)
    kinds = [kind(render_background(rng)) for _ in range(60)]
    assert {k: kinds.count(k) >= 10 for k in ("solid", "gradient", "noise")} == dict.fromkeys(
        ("solid", "gradient", "noise"), True
    )


def test_generation_is_fast() -> None:
    start = time.perf_counter()
    generate_shapes(500, seed=0)
    assert time.perf_counter() - start < 5.0  # ~0.4 s here; 10,000 take ~7 s on one core
