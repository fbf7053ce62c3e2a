"""Top-k scans: hand-computed on a tiny fixed-weight net, equal to a brute-force scan, resumable,
stopped at the layer, nothing left attached; crops at the borders; projections on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import ClassVar

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.backprop import hook_total
from cnnviz.core.datasets import load_dataset
from cnnviz.core.deconvnet import deconv_projection
from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.receptive import receptive_fields, unit_region
from cnnviz.core.recording import hook_count
from cnnviz.core.sources import load_builtin
from cnnviz.core.spec import ModelBundle
from cnnviz.core.topk import ImageSet, ScanProgress, TopKState, scan_topk
from cnnviz.core.topk_views import TopKViews, crop_for, cut, field_box, projection_for

# Five 2×3 images. A 1×1 convolution with weights +1 and −1 makes channel 0 the image
# and channel 1 its negative, so each image's candidates can be read off by eye.
HAND_IMAGES = np.array(
    [
        [[1, 5, 2], [0, 3, 5]],  # ch0 5 at (0,1) (tie with (1,2): reading order); ch1 −0 at (1,0)
        [[4, 4, 4], [4, 4, 4]],  # ch0 4 at (0,0); ch1 −4 at (0,0)
        [[5, 1, 1], [1, 1, 1]],  # ch0 5 at (0,0); ch1 −1 at (0,1)
        [[0, 0, 0], [0, 0, 7]],  # ch0 7 at (1,2); ch1 −0 at (0,0)
        [[-2, -3, -1], [-1, -2, -2]],  # ch0 −1 at (0,2); ch1 3 at (0,1)
    ],
    dtype=np.float32,
)[:, None]


def fixed_conv(weights: list[float], kernel: int = 1, padding: int = 0) -> nn.Conv2d:
    """A 1-input convolution whose kernels are zero except the centre, set to ``weights``."""
    conv = nn.Conv2d(1, len(weights), kernel, padding=padding, bias=False)
    with torch.no_grad():
        conv.weight.zero_()
        for channel, weight in enumerate(weights):
            conv.weight[channel, 0, kernel // 2, kernel // 2] = weight
    return conv


def sign_net() -> nn.Sequential:
    return nn.Sequential(fixed_conv([1.0, -1.0]), nn.ReLU(), nn.Flatten(), nn.Linear(12, 3))


def last(progress: Iterator[ScanProgress]) -> ScanProgress:
    *_, final = progress
    return final


def brute_force(
    forward: Callable[[torch.Tensor], torch.Tensor], images: np.ndarray, k: int
) -> tuple[np.ndarray, ...]:
    """Per image (one at a time) and channel the first maximum; per channel sorted by (−value, image)."""
    candidates: dict[int, list[tuple[float, int, int, int]]] = {}
    for index, image in enumerate(images):
        with torch.no_grad():
            maps = forward(torch.from_numpy(image[None]))[0].numpy()
        maps = maps.reshape(maps.shape[0], 1, 1) if maps.ndim == 1 else maps
        for channel, fmap in enumerate(maps):
            row, col = np.unravel_index(int(np.argmax(fmap)), fmap.shape)
            candidates.setdefault(channel, []).append((-float(fmap[row, col]), index, int(row), int(col)))
    best = [sorted(entries)[:k] for _, entries in sorted(candidates.items())]
    return tuple(np.array([[e[i] for e in row] for row in best]) for i in range(4))


def assert_matches(state: TopKState, expected: tuple[np.ndarray, ...], exact: bool = True) -> None:
    values, images, rows, cols = expected
    if exact:
        np.testing.assert_array_equal(state.values, -values)
    else:
        np.testing.assert_allclose(state.values, -values, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(state.images, images)
    np.testing.assert_array_equal(state.rows, rows)
    np.testing.assert_array_equal(state.cols, cols)


@pytest.mark.parametrize("batch_size", [1, 2, 5, 64])
def test_hand_computed_top3_with_ties(batch_size: int) -> None:
    progress = last(scan_topk(sign_net(), HAND_IMAGES, "0", k=3, batch_size=batch_size))
    state = progress.state
    np.testing.assert_array_equal(state.values, [[7, 5, 5], [3, 0, 0]])
    np.testing.assert_array_equal(state.images, [[3, 0, 2], [4, 0, 3]])  # equal values: lower image first
    np.testing.assert_array_equal(state.rows, [[1, 0, 0], [0, 1, 0]])
    np.testing.assert_array_equal(state.cols, [[2, 1, 0], [1, 0, 0]])
    assert (progress.images_done, progress.total, progress.finished) == (5, 5, True)
    assert state.map_hw == (2, 3) and not state.vector and state.complete


def test_more_slots_than_images_stay_empty() -> None:
    state = last(scan_topk(sign_net(), HAND_IMAGES, "0", k=7)).state
    assert [state.filled(c) for c in range(2)] == [5, 5]
    assert np.all(state.images[:, 5:] == -1) and np.all(np.isneginf(state.values[:, 5:]))
    np.testing.assert_array_equal(state.images[0, :5], [3, 0, 2, 1, 4])


def test_nan_activations_are_never_kept() -> None:
    images = HAND_IMAGES.copy()
    images[3, 0, 0, 0] = np.nan
    state = last(scan_topk(sign_net(), images, "0", k=3)).state
    assert 3 not in state.images
    np.testing.assert_array_equal(state.images, [[0, 2, 1], [4, 0, 2]])


def test_vector_layer_units_are_channels() -> None:
    model = sign_net()
    state = last(scan_topk(model, HAND_IMAGES, "3", k=2, batch_size=2)).state
    expected = brute_force(lambda x: model(x), HAND_IMAGES, 2)
    assert_matches(state, expected, exact=False)
    assert state.vector and state.map_hw == (1, 1) and state.channels == 3
    assert crop_for(state, 0, 0, HAND_IMAGES).box == (0, 0, 2, 3)  # a vector unit sees the whole input


def test_random_tiny_net_with_pooling_equals_brute_force() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 3, 2))
    rng = np.random.default_rng(1)
    images = rng.integers(-2, 3, size=(23, 2, 6, 6)).astype(np.float32)  # small integers: many ties
    for layer, depth in (("1", 2), ("2", 3), ("3", 4)):
        state = last(scan_topk(model, images, layer, k=4, batch_size=5)).state
        assert_matches(state, brute_force(model[:depth], images, 4), exact=False)


@cache
def digits() -> ImageSet:
    dataset = load_dataset("digits", 200, 56, seed=7)
    return ImageSet.from_dataset(dataset, seed=7)


@cache
def lenet() -> ModelBundle:
    return load_builtin("lenet5")


def without_nan_maps(layer: nn.Module) -> Callable[[torch.Tensor], torch.Tensor]:
    """``layer``'s maps, those holding a NaN made all −∞ (a scan never keeps them)."""

    def forward(x: torch.Tensor) -> torch.Tensor:
        maps = layer(x)
        return maps.masked_fill(maps.isnan().flatten(2).any(2)[..., None, None], -np.inf)

    return forward


@pytest.mark.parametrize("nans", [0, 3, 40])
def test_batches_far_larger_than_k_with_ties_and_nans_equal_brute_force(nans: int) -> None:
    """A batch of 60 images for k=4: each channel's batch maximum must be pre-selected with its
    ties (small integers: many) and with NaN maps, a few or more than k, never displacing one."""
    model = nn.Sequential(nn.Conv2d(1, 3, 2, bias=False), nn.ReLU())
    with torch.no_grad():
        corner = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
        model[0].weight.copy_(corner * torch.tensor([1.0, -1.0, 2.0])[:, None, None, None])
    rng = np.random.default_rng(2)
    images = rng.integers(-3, 4, size=(150, 1, 4, 4)).astype(np.float32)
    images[rng.choice(150, nans, replace=False), 0, 0, 0] = np.nan
    for batch in (60, 150):
        state = last(scan_topk(model, images, "0", k=4, batch_size=batch)).state
        expected = brute_force(without_nan_maps(model[0]), images, 4)
        assert_matches(state, expected)
        assert not np.isnan(state.values).any()


@pytest.mark.parametrize(("layer", "depth"), [("conv2", 4), ("relu1", 2), ("fc1", 8)])
def test_lenet_on_digits_equals_brute_force(layer: str, depth: int) -> None:
    model = lenet().module
    assert isinstance(model, nn.Sequential)
    state = last(scan_topk(lenet(), digits(), layer, batch_size=64)).state
    everything = digits().batch(0, len(digits()))
    assert_matches(state, brute_force(model[:depth], everything, 9), exact=False)
    assert state.images.max() >= 200  # the validation part was scanned too


def test_cancel_then_resume_equals_a_full_scan() -> None:
    full = last(scan_topk(lenet(), digits(), "conv2", batch_size=32)).state
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    partial = last(scan_topk(lenet(), digits(), "conv2", batch_size=32, cancelled=cancelled)).state
    assert partial.images_done == 96 and not partial.complete
    assert hook_count(lenet().module) == 0
    resumed = list(scan_topk(lenet(), digits(), "conv2", batch_size=32, resume_from=partial))
    assert resumed[0].images_done == 128 and resumed[-1].state.same_result(full)
    assert not partial.same_result(full)


def test_resume_with_another_batch_size_gives_the_same_result() -> None:
    full = last(scan_topk(sign_net(), HAND_IMAGES, "0", k=3, batch_size=5)).state
    first = next(iter(scan_topk(sign_net(), HAND_IMAGES, "0", k=3, batch_size=2))).state
    assert last(
        scan_topk(sign_net(), HAND_IMAGES, "0", k=3, batch_size=3, resume_from=first)
    ).state.same_result(full)


def test_resume_refuses_another_scans_state() -> None:
    state = last(scan_topk(sign_net(), HAND_IMAGES, "0", k=3)).state
    with pytest.raises(ValueError, match="k=3"):
        scan_topk(sign_net(), HAND_IMAGES, "0", k=4, resume_from=state)


class Tripwire(nn.Module):
    """Identity noting batch sizes (in a list its copies share); raises on inputs above ``limit``."""

    seen: ClassVar[list[int]] = []

    def __init__(self, limit: float = float("inf")) -> None:
        super().__init__()
        self.limit = limit

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if float(x.max()) > self.limit:
            raise RuntimeError("input too large")
        Tripwire.seen.append(int(x.shape[0]))
        return x


def test_the_forward_pass_stops_at_the_layer() -> None:
    model = nn.Sequential(
        Tripwire(), fixed_conv([1.0, -1.0]), nn.ReLU(), Tripwire(), nn.Flatten(), nn.Linear(12, 2)
    )
    Tripwire.seen.clear()
    last(scan_topk(model, HAND_IMAGES[:4], "1", k=2, batch_size=2))
    before = [b for b in Tripwire.seen if b == 2]
    assert before == [2, 2]  # the module before the layer ran on both batches of two
    Tripwire.seen.clear()
    last(scan_topk(model, HAND_IMAGES[:4], "2", k=2, batch_size=2))
    assert Tripwire.seen.count(2) == 2  # still only the first one: the one after relu never saw a batch
    assert hook_total(model) == 0


def test_hooks_removed_and_modes_restored_after_an_error() -> None:
    model = nn.Sequential(Tripwire(limit=100.0), fixed_conv([1.0]), nn.ReLU()).train()
    images = np.repeat(HAND_IMAGES, 2, axis=0)
    images[6] = 1000.0  # the fourth batch of two raises before the layer
    seen = []
    with pytest.raises(RuntimeError, match="too large"):
        for progress in scan_topk(model, images, "1", k=2, batch_size=2):
            seen.append(progress.images_done)
    assert seen == [2, 4, 6]
    assert hook_total(model) == 0 and all(m.training for m in model.modules())


def test_unknown_and_unreached_layers() -> None:
    with pytest.raises(UnknownLayerError, match="no layer 'nope'"):
        scan_topk(sign_net(), HAND_IMAGES, "nope")
    with pytest.raises(UnknownLayerError, match="not reached"):
        next(iter(scan_topk(sign_net(), HAND_IMAGES, "0#2")))
    with pytest.raises(ValueError, match="no images"):
        scan_topk(sign_net(), HAND_IMAGES[:0], "0")


def test_image_set_indexes_its_parts_as_one() -> None:
    parts = (HAND_IMAGES[:2], HAND_IMAGES[2:2], HAND_IMAGES[2:])
    images = ImageSet("hand", parts, seed=3)
    assert len(images) == 5 and images.image_shape == (1, 2, 3)
    np.testing.assert_array_equal(images.batch(1, 4), HAND_IMAGES[1:4])
    np.testing.assert_array_equal(images.image(4), HAND_IMAGES[4])
    with pytest.raises(IndexError):
        images.image(5)
    split = last(scan_topk(sign_net(), images, "0", k=3, batch_size=3)).state
    assert split.same_result(last(scan_topk(sign_net(), HAND_IMAGES, "0", k=3)).state)


def test_crops_at_the_borders_are_zero_outside_the_image() -> None:
    # 3×3 kernels with padding 1: unit (r, c) sees rows r−1 … r+1. Channel 0 copies the
    # image (largest pixel 16 at the top-left corner), channel 1 negates it (bottom-right).
    image = (16 - np.arange(16, dtype=np.float32)).reshape(1, 1, 4, 4)
    model = nn.Sequential(fixed_conv([1.0, -1.0], kernel=3, padding=1))
    state = last(scan_topk(model, image, "0", k=1)).state
    corner = crop_for(state, 0, 0, image)
    assert (corner.box, corner.inside, corner.image_index, corner.value) == (
        (-1, -1, 2, 2),
        (1, 1, 3, 3),
        0,
        16.0,
    )
    np.testing.assert_array_equal(corner.image[0], [[0, 0, 0], [0, 16, 15], [0, 12, 11]])
    far = crop_for(state, 1, 0, image)
    assert (far.box, far.inside) == ((2, 2, 5, 5), (0, 0, 2, 2))
    np.testing.assert_array_equal(far.image[0], [[6, 5, 0], [2, 1, 0], [0, 0, 0]])


def test_field_boxes_clipped_are_the_unit_regions() -> None:
    model = lenet().module
    fields = receptive_fields(model, (1, 28, 28)).by_name()
    state = last(scan_topk(lenet(), digits().batch(0, 8), "conv2", k=1)).state
    assert state.field.rf == fields["conv2"].rf == (14, 14)
    for row in range(10):
        for col in range(10):
            top, left, bottom, right = field_box(state.field, row, col, (28, 28))
            clipped = (max(top, 0), max(left, 0), min(bottom, 28), min(right, 28))
            assert clipped == unit_region(fields["conv2"], row, col, (28, 28))


@pytest.mark.parametrize("name", ["lenet5", "tinyvgg", "nested"])
def test_scan_fields_are_the_receptive_fields(name: str) -> None:
    if name == "nested":  # not a plain chain: the fields come from the fx-traced model
        model: nn.Module = nn.Sequential(
            nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), nn.MaxPool2d(2), nn.Conv2d(2, 2, 3, 2)
        )
        shape = (1, 12, 12)
    else:
        bundle = load_builtin(name)
        model, shape = bundle.module, bundle.spec.shape
    images = np.zeros((2, *shape), dtype=np.float32)
    for layer in receptive_fields(model, shape).layers:
        field = last(scan_topk(model, images, layer.name, k=1)).state.field
        assert (field.rf, field.jump, field.start, field.whole) == (
            layer.rf,
            layer.jump,
            layer.start,
            layer.whole_input,
        )


def test_projections_on_demand_match_the_deconvnet_and_are_kept() -> None:
    state = last(scan_topk(lenet(), digits(), "conv2", batch_size=128)).state
    views = TopKViews(lenet(), state, digits(), max_cached=2)
    first = views.projection(3, 0)
    entry = state.entry(3, 0)
    direct = deconv_projection(
        lenet().module, digits().image(entry.image), "conv2", 3, (entry.row, entry.col)
    )
    np.testing.assert_array_equal(first.image, direct.image)
    assert first.activation == pytest.approx(entry.value, rel=1e-5)
    assert views.projection(3, 0) is first and views.cached() == 1
    views.projection(3, 1)
    views.projection(3, 2)
    assert views.cached() == 2 and views.projection(3, 0) is not first  # dropped, then computed again
    crop = views.crop(3, 0)
    np.testing.assert_array_equal(views.projection_crop(3, 0), cut(first.image, crop.box)[0])
    assert crop.image.shape == views.projection_crop(3, 0).shape == (1, 14, 14)
    assert float(np.abs(first.image).sum()) > 0
    single = projection_for(lenet(), state, 3, 0, digits())
    np.testing.assert_array_equal(single.image, first.image)
    assert hook_total(lenet().module) == 0
