"""Feature visualisation: the objective rises, the ascent direction is right, the model is untouched."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.backprop import SelectionError, hook_total
from cnnviz.core.featvis import (
    ClassTarget,
    FeatVisProgress,
    UnitTarget,
    gaussian_blur,
    initial_image,
    rescaled,
    to_display,
    visualise,
)
from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.sources import load_builtin
from cnnviz.core.spec import InputSpec

NO_REGULARISERS: dict[str, Any] = {"jitter": 0, "scale": (1.0, 1.0), "blur_every": 0, "l2": 0.0}


@pytest.fixture
def lenet() -> tuple[nn.Module, InputSpec]:
    torch.manual_seed(0)
    bundle = load_builtin("lenet5", weights=False)
    bundle.module.train()
    return bundle.module, bundle.spec


def snapshot(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def assert_untouched(model: nn.Module, before: dict[str, torch.Tensor]) -> None:
    after = model.state_dict()
    assert before.keys() == after.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert all(p.grad is None for p in model.parameters())
    assert hook_total(model) == 0
    assert model.training  # eval mode was restored


@pytest.mark.parametrize("target", [ClassTarget(3), UnitTarget("conv2", 5), UnitTarget("conv1", 2, (10, 12))])
def test_objective_increases(lenet: tuple[nn.Module, InputSpec], target: ClassTarget | UnitTarget) -> None:
    model, spec = lenet
    before = snapshot(model)
    reports = list(visualise(model, spec, target, steps=32, jitter=1, report_every=1))
    assert [r.step for r in reports] == list(range(1, 33))
    late = np.mean([r.objective for r in reports[-4:]])
    assert late > 1.2 * reports[0].objective > 0
    image = reports[-1].image
    assert image.shape == (1, 28, 28) and image.dtype == np.float32
    assert image.min() >= 0.0 and image.max() <= 1.0  # LeNet: pixel range [0, 1]
    assert_untouched(model, before)


def test_seeded_runs_are_equal_and_seeds_differ(lenet: tuple[nn.Module, InputSpec]) -> None:
    model, spec = lenet
    first = list(visualise(model, spec, ClassTarget(1), steps=8, seed=4))[-1].image
    again = list(visualise(model, spec, ClassTarget(1), steps=8, seed=4))[-1].image
    other = list(visualise(model, spec, ClassTarget(1), steps=8, seed=5))[-1].image
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_linear_model_ascends_along_its_weights() -> None:
    """Logit w·x + b: its gradient is w; divided by mean|w| = (1+2+3+0.5)/4 = 1.625."""
    linear = nn.Linear(4, 2)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[1.0, -2.0, 3.0, 0.5], [0.0, 0.0, 0.0, 1.0]]))
        linear.bias.zero_()
    model = nn.Sequential(nn.Flatten(), linear)
    spec = InputSpec(channels=1, height=2, width=2)
    start = initial_image(spec, seed=7)
    (report,) = visualise(model, spec, ClassTarget(0), steps=1, lr=0.01, seed=7, **NO_REGULARISERS)
    expected = start + 0.01 * np.array([[[1.0, -2.0], [3.0, 0.5]]]) / 1.625
    np.testing.assert_allclose(report.image, expected, rtol=0, atol=1e-6)
    assert report.objective == pytest.approx(float((start.ravel() * [1.0, -2.0, 3.0, 0.5]).sum()), abs=1e-6)
    assert np.abs(start - 0.5).max() < 0.1  # faint noise around mid-grey


def test_pixel_bounds() -> None:
    """An all-positive weight pushes every pixel up, to the normalised bound of white and no further."""
    linear = nn.Linear(4, 1)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[1.0, 1.0, 1.0, 1.0]]))
    model = nn.Sequential(nn.Flatten(), linear)
    spec = InputSpec(channels=1, height=2, width=2, mean=(0.5,), std=(0.25,))  # pixels 0..1 → -2..2
    reports = list(
        visualise(model, spec, ClassTarget(0), steps=100, lr=0.05, report_every=100, **NO_REGULARISERS)
    )
    np.testing.assert_allclose(reports[-1].image, 2.0)  # pushed up to the brightest pixel, no further
    np.testing.assert_array_equal(to_display(reports[-1].image, (0.5,), (0.25,)), np.full((2, 2, 3), 255))


def test_stop_mid_way_leaves_the_model_clean(lenet: tuple[nn.Module, InputSpec]) -> None:
    model, spec = lenet
    before = snapshot(model)
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 10

    reports = list(
        visualise(model, spec, UnitTarget("conv2", 0), steps=100, report_every=4, should_stop=stop)
    )
    assert [r.step for r in reports] == [4, 8]
    assert_untouched(model, before)


def test_stop_inside_a_consumer_loop(lenet: tuple[nn.Module, InputSpec]) -> None:
    """A consumer that stops iterating part-way (generator closed) leaves no hook behind either."""
    model, spec = lenet
    iterator = visualise(model, spec, UnitTarget("relu2", 1), steps=50, report_every=1)
    first: FeatVisProgress = next(iterator)
    iterator.close()
    assert first.step == 1 and hook_total(model) == 0


def test_unknown_layer_is_a_clear_error_before_any_step(lenet: tuple[nn.Module, InputSpec]) -> None:
    model, spec = lenet
    before = snapshot(model)
    with pytest.raises(UnknownLayerError, match=r"there is no layer 'conv9'.*conv1"):
        visualise(model, spec, UnitTarget("conv9", 0))
    assert_untouched(model, before)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (ClassTarget(10), "class 10 does not exist"),
        (UnitTarget("conv2", 16), "channels 0–15, not 16"),
        (UnitTarget("conv1", 0, (28, 0)), "unit 28,0 is outside"),
    ],
)
def test_bad_selection(
    lenet: tuple[nn.Module, InputSpec], target: ClassTarget | UnitTarget, message: str
) -> None:
    model, spec = lenet
    before = snapshot(model)
    with pytest.raises(SelectionError, match=message):
        list(visualise(model, spec, target, steps=2))
    assert_untouched(model, before)


def test_regularisers_keep_size_and_blur_preserves_mean() -> None:
    x = torch.rand(1, 3, 20, 20, generator=torch.Generator().manual_seed(0))
    for factor in (0.8, 1.0, 1.17):
        assert rescaled(x, factor).shape == x.shape
    blurred = gaussian_blur(x, 1.0)
    assert blurred.shape == x.shape
    assert blurred.std() < x.std()
    assert float(blurred.mean()) == pytest.approx(float(x.mean()), abs=0.02)
    constant = torch.full((1, 1, 6, 6), 0.3)
    torch.testing.assert_close(gaussian_blur(constant, 0.5), constant)


def test_l2_decay_alone_shrinks_the_image() -> None:
    """A zero-weight logit has no gradient (0 / tiny stays 0): each step is x ← (1 − l2)·x."""
    linear = nn.Linear(4, 1)
    with torch.no_grad():
        linear.weight.zero_()
    model = nn.Sequential(nn.Flatten(), linear)
    spec = InputSpec(channels=1, height=2, width=2, mean=(0.5,), std=(0.5,))  # pixels 0..1 → -1..1
    start = initial_image(spec, seed=2)
    options = {**NO_REGULARISERS, "l2": 0.1}
    (report,) = visualise(model, spec, ClassTarget(0), steps=3, seed=2, report_every=3, **options)
    np.testing.assert_allclose(report.image, start * 0.9**3, rtol=1e-5)
