"""Synthetic pen-stroke digits: shapes, determinism, balance and MNIST-style framing."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import synthdigits
from cnnviz.core.builtins import MNIST_SPEC
from cnnviz.core.digit_templates import TEMPLATES, arc, seg, spline
from cnnviz.core.preprocess import center_of_mass, prepare_input
from cnnviz.core.synthdigits import (
    balanced_labels,
    digit_strokes,
    generate_digits,
    render_digit,
    render_strokes,
)


@pytest.fixture(scope="module")
def sample() -> tuple[np.ndarray, np.ndarray]:
    return generate_digits(200, seed=7, workers=1)


def test_shapes_dtype_and_range(sample: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = sample
    assert x.shape == (200, 1, 28, 28) and x.dtype == np.float32
    assert y.shape == (200,) and y.dtype == np.int64
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert set(np.unique(y)) == set(range(10))


def test_classes_are_balanced(sample: tuple[np.ndarray, np.ndarray]) -> None:
    assert np.bincount(sample[1], minlength=10).tolist() == [20] * 10
    counts = np.bincount(balanced_labels(1003, seed=1), minlength=10)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 1003


def test_every_image_is_centred_by_mass_with_ink(sample: tuple[np.ndarray, np.ndarray]) -> None:
    for image in sample[0][:, 0]:
        cy, cx = center_of_mass(image)
        assert abs(cy - 13.5) <= 1.0 and abs(cx - 13.5) <= 1.0
        assert image.max() > 0.5 and (image > 0.3).sum() >= 15
        rows = np.flatnonzero(image.max(axis=1) > 0.08)
        cols = np.flatnonzero(image.max(axis=0) > 0.08)
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= 22  # fitted in the 20×20 box


def test_same_seed_same_data_other_seed_other_data() -> None:
    x1, y1 = generate_digits(30, seed=3, workers=1)
    x2, y2 = generate_digits(30, seed=3, workers=1)
    x3, y3 = generate_digits(30, seed=4, workers=1)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, x3) and not np.array_equal(y1, y3)


def test_worker_processes_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synthdigits, "CHUNK", 8)
    serial = generate_digits(24, seed=5, workers=1)
    parallel = generate_digits(24, seed=5, workers=2)
    assert np.array_equal(serial[0], parallel[0]) and np.array_equal(serial[1], parallel[1])


def test_generated_images_are_the_canvas_pipeline_output() -> None:
    x, y = generate_digits(5, seed=11, workers=1)
    rng = np.random.default_rng([11, 0])
    for image, label in zip(x, y, strict=True):
        assert np.array_equal(image, prepare_input(render_digit(int(label), rng), MNIST_SPEC))


def test_render_digit_is_a_white_on_black_canvas_with_the_ink_inside() -> None:
    rng = np.random.default_rng(0)
    for digit in range(10):
        canvas = render_digit(digit, rng)
        assert canvas.shape == (280, 280) and canvas.dtype == np.float32
        assert canvas.min() == 0.0 and canvas.max() == 1.0
        assert 0.005 < canvas.mean() < 0.4
        edge = np.concatenate([canvas[0], canvas[-1], canvas[:, 0], canvas[:, -1]])
        assert not edge.any()


def test_samples_of_one_digit_vary() -> None:
    rng = np.random.default_rng(1)
    images = [prepare_input(render_digit(4, rng), MNIST_SPEC) for _ in range(6)]
    assert all(np.abs(images[0] - other).mean() > 0.02 for other in images[1:])


@pytest.mark.parametrize("digit", range(10))
def test_every_template_gives_finite_strokes_in_the_unit_box(digit: int) -> None:
    assert len(TEMPLATES[digit]) >= 2
    for template in TEMPLATES[digit]:
        for pick in (lambda lo, hi: lo, lambda lo, hi: hi):
            strokes = template(pick)
            pts = np.concatenate(strokes)
            assert pts.ndim == 2 and pts.shape[1] == 2 and np.isfinite(pts).all()
            assert pts.min() > -0.2 and pts.max() < 1.2
            assert np.ptp(pts[:, 1]) > 0.8  # a digit spans its box from top to bottom


def test_strokes_are_placed_inside_the_canvas_with_a_plausible_pen() -> None:
    rng = np.random.default_rng(2)
    for _ in range(50):
        strokes, width = digit_strokes(int(rng.integers(10)), rng)
        pts = np.concatenate(strokes)
        assert 9.0 <= width <= 32.0
        assert pts.min() >= width / 2 and pts.max() <= 280 - width / 2
        assert 40 <= np.ptp(pts[:, 1]) <= 260


def test_primitives() -> None:
    line = seg((0.0, 0.0), (1.0, 0.0))
    assert line[0].tolist() == [0.0, 0.0] and line[-1].tolist() == [1.0, 0.0]
    assert np.diff(line[:, 0]).max() <= 0.03
    curve = spline((0.0, 0.0), (0.5, 1.0), (1.0, 0.0))
    assert curve[0].tolist() == [0.0, 0.0] and curve[-1].tolist() == [1.0, 0.0]
    assert curve[:, 1].max() == pytest.approx(1.0, abs=0.05)
    circle = arc(0.5, 0.5, 0.5, 0.5, 0, 360)
    assert np.allclose(np.hypot(circle[:, 0] - 0.5, circle[:, 1] - 0.5), 0.5)


def test_render_strokes_draws_round_caps_of_the_pen_width() -> None:
    canvas = render_strokes([np.array([[100.0, 140.0], [180.0, 140.0]])], width=18)
    ink_rows = np.flatnonzero(canvas[:, 140] > 0.5)
    ink_cols = np.flatnonzero(canvas[140] > 0.5)
    assert 17 <= len(ink_rows) <= 20
    assert 90 <= ink_cols[0] <= 92 and 188 <= ink_cols[-1] <= 190  # half a pen beyond each end
