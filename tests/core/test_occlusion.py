"""Occlusion: hand-computed maps, agreement with plain torch and Captum, incremental == plain, cancel."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator

import numpy as np
import pytest
import torch
import torchvision
from captum.attr import Occlusion
from torch import nn

from cnnviz.core.incremental_ops import WindowOp, capped_regions, window_regions
from cnnviz.core.occlusion import occlusion_maps, occlusion_sweep
from cnnviz.core.occlusion_grid import Mode, OcclusionMaps, OcclusionProgress, grid_boxes
from cnnviz.core.recording import hook_count
from cnnviz.core.sources import load_builtin
from cnnviz.core.threads import limit_this_thread


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """One torch thread here: on a busy 2-core machine two threads mostly wait for each other.
    Only this thread's count changes (threads started later, e.g. the GUI's workers, keep theirs)."""
    threads = torch.get_num_threads()
    limit_this_thread(1)
    yield
    limit_this_thread(threads)


def hand_net() -> nn.Sequential:
    """conv: one 2×2 all-ones kernel, stride 2 (block sums); fc: logit0 = s00/4, logit1 = s11/4."""
    conv = nn.Conv2d(1, 1, 2, stride=2, bias=False)
    fc = nn.Linear(4, 2, bias=False)
    with torch.no_grad():
        conv.weight.fill_(1.0)
        fc.weight.copy_(torch.tensor([[0.25, 0, 0, 0], [0, 0, 0, 0.25]]))
    return nn.Sequential(OrderedDict(conv=conv, relu=nn.ReLU(), flatten=nn.Flatten(), fc=fc))


HAND_IMAGE = torch.tensor([[1.0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 3, 3], [0, 0, 3, 3]])[None]


@pytest.mark.parametrize("mode", ["exact", "plain"])
def test_hand_computed_map(mode: Mode) -> None:
    # Block sums: s00 = 4 (top-left ones), s11 = 12 (bottom-right threes), the other blocks 0.
    # Unoccluded logits (1, 3): top class 1, p1 = 1 / (1 + e^(l0 − l1)) = σ(2) = 0.880797.
    # A 2×2 zero square at (r, c), stride 1, removes the pixels it covers from s00 and s11:
    #   (0,0) s00 0      → logits (0, 3)      (0,1) s00 4−2=2 → (0.5, 3)   (0,2) nothing → (1, 3)
    #   (1,0) s00 2      → (0.5, 3)           (1,1) s00 3, s11 12−3=9 → (0.75, 2.25)
    #   (1,2) s11 12−6=6 → (1, 1.5)           (2,0) nothing → (1, 3)
    #   (2,1) s11 6      → (1, 1.5)           (2,2) s11 0 → (1, 0), the top class becomes 0.
    logits: list[list[tuple[float, float]]] = [
        [(0, 3), (0.5, 3), (1, 3)],
        [(0.5, 3), (0.75, 2.25), (1, 1.5)],
        [(1, 3), (1, 1.5), (1, 0)],
    ]
    expected = np.array([[1 / (1 + math.exp(pair[0] - pair[1])) for pair in row] for row in logits])
    # The conv map's total is s00 + s11: 16 unoccluded, 3 + 9 = 12 at (1, 1).
    totals = np.array([[12, 14, 16], [14, 12, 10], [16, 10, 4]])
    maps = occlusion_maps(hand_net(), HAND_IMAGE, 2, 1, baseline=0.0, feature=("conv", 0), mode=mode)
    assert maps.mode == mode and maps.target_class == 1
    assert maps.original_probability == pytest.approx(1 / (1 + math.exp(-2)))
    np.testing.assert_allclose(maps.probability, expected, rtol=1e-6)
    np.testing.assert_allclose(maps.drop, maps.original_probability - expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(maps.label, [[1, 1, 1], [1, 1, 1], [1, 1, 0]])
    assert maps.activation is not None
    np.testing.assert_allclose(maps.activation, totals, rtol=1e-6)
    assert maps.original_activation == pytest.approx(16.0)
    np.testing.assert_array_equal(maps.boxes[1, 2], [1, 2, 3, 4])


def test_positions_match_captum_with_a_clipped_last_square() -> None:
    # ⌈(10 − 4) / 4⌉ + 1 = 3 positions per axis: 0, 4 and 8, the last clipped to 8…10.
    boxes = grid_boxes((10, 10), 4, 4)
    assert boxes.shape == (3, 3, 4)
    np.testing.assert_array_equal(boxes[2, 2], [8, 8, 10, 10])


def occluded_forward(
    model: nn.Module, x: torch.Tensor, maps: OcclusionMaps, baseline: torch.Tensor
) -> np.ndarray:
    """Probabilities of the target class from plain forward passes of hand-made occluded images."""
    images = []
    for top, left, bottom, right in maps.boxes.reshape(-1, 4).tolist():
        image = x.clone()
        image[:, top:bottom, left:right] = baseline[:, None, None]
        images.append(image)
    with torch.no_grad():
        logits = model(torch.stack(images)).double()
    return torch.softmax(logits, 1)[:, maps.target_class].reshape(maps.probability.shape).numpy()


def random_model(name: str, shape: tuple[int, ...]) -> nn.Module:
    """Random weights; the last layer scaled so the logits spread (std 4) and probabilities vary."""
    torch.manual_seed(0)
    if name in ("lenet5", "tinyvgg"):
        model = load_builtin(name, weights=False).module.eval()
    else:
        model = getattr(torchvision.models, name)(weights=None).eval()
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        scale = 4 / model(torch.rand(1, *shape)).std()
        last.weight.mul_(scale)
        last.bias.mul_(scale)
    return model


@pytest.mark.parametrize(
    ("name", "shape", "patch", "stride"),
    [
        ("lenet5", (1, 28, 28), 6, 4),
        ("tinyvgg", (3, 64, 64), 12, 8),
        ("alexnet", (3, 96, 96), 24, 16),
        ("resnet18", (3, 64, 64), 20, 12),
    ],
)
def test_matches_plain_torch_and_captum(name: str, shape: tuple[int, ...], patch: int, stride: int) -> None:
    model = random_model(name, shape)
    torch.manual_seed(1)
    x = torch.rand(shape)
    baseline = x.mean(dim=(1, 2))
    maps = occlusion_maps(model, x, patch, stride)
    assert maps.mode == "exact"
    reference = occluded_forward(model, x, maps, baseline)
    span = np.ptp(reference)
    assert span > 0
    assert np.abs(maps.probability - reference).max() <= 1e-4 * span

    def probability(batch: torch.Tensor) -> torch.Tensor:
        return torch.softmax(model(batch), dim=1)

    attribution = Occlusion(probability).attribute(
        x[None],
        sliding_window_shapes=(shape[0], patch, patch),
        strides=(shape[0], stride, stride),
        baselines=baseline.reshape(1, -1, 1, 1),
        target=maps.target_class,
        perturbations_per_eval=16,
    )[0]
    pixels = maps.pixel_map()
    captum_span = float(attribution.max() - attribution.min())
    for channel in range(shape[0]):
        assert np.abs(attribution[channel].numpy() - pixels).max() <= 1e-4 * captum_span


def assert_same_maps(first: OcclusionMaps, second: OcclusionMaps) -> None:
    """Probabilities and activations within 1e-4 of their range; identical labels."""
    for a, b in ((first.probability, second.probability), (first.activation, second.activation)):
        if a is None or b is None:
            assert a is None and b is None
            continue
        assert np.abs(a - b).max() <= 1e-4 * max(np.ptp(b), 1e-12)
    np.testing.assert_array_equal(first.label, second.label)


@pytest.mark.parametrize(
    "feature", [("layer1.0.conv1", 5), ("layer2.0.bn1", 3), ("layer1.0.relu#2", 7), ("fc", 2)]
)
def test_incremental_equals_plain_on_resnet18(feature: tuple[str, int]) -> None:
    # Overlapping squares (stride < patch) and every kind of node: folded conv + BN,
    # a conv read as a feature (not folded), in-place ReLU called twice per block,
    # the residual add, the strided 1×1 downsample, global pooling and the classifier.
    model = random_model("resnet18", (3, 64, 64))
    x = torch.rand(3, 64, 64)
    exact = occlusion_maps(model, x, 16, 8, feature=feature, batch_size=13)
    plain = occlusion_maps(model, x, 16, 8, feature=feature, mode="plain")
    assert exact.mode == "exact" and plain.mode == "plain"
    assert_same_maps(exact, plain)
    if feature is not None:
        assert exact.original_activation == pytest.approx(plain.original_activation, rel=1e-5)


class OddLayers(nn.Module):
    """Dilated, grouped, strided, 'same'-padded and asymmetric convolutions; ceil-mode and padded pooling."""

    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(3, 8, (3, 5), stride=(1, 2), padding=(1, 2))
        self.b = nn.Conv2d(8, 8, 3, padding="same", dilation=2, groups=4)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.c = nn.Conv2d(8, 8, 4, stride=3, bias=False)
        self.norm = nn.BatchNorm2d(8)
        self.avg = nn.AvgPool2d(2, stride=1, padding=1)
        self.adaptive = nn.AdaptiveAvgPool2d(3)
        self.fc = nn.Linear(8 * 9, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.b(torch.sigmoid(self.a(x)))) * 2.0
        y = self.norm(self.c(self.pool(y) - 0.5))
        z = self.avg(y)
        return self.fc(torch.flatten(self.adaptive(z + z), 1))


def test_incremental_equals_plain_on_unusual_layers() -> None:
    torch.manual_seed(3)
    model = OddLayers().eval()
    with torch.no_grad():
        model.norm.running_mean.uniform_(-1, 1)  # type: ignore[union-attr]
        model.norm.running_var.uniform_(0.5, 2)  # type: ignore[union-attr]
    x = torch.randn(3, 73, 67)  # large enough for every window layer to run on blocks
    for feature in (None, ("c", 1), ("avg", 4)):
        exact = occlusion_maps(model, x, 7, 3, feature=feature, baseline=(0.1, -0.2, 0.3))
        plain = occlusion_maps(model, x, 7, 3, feature=feature, baseline=(0.1, -0.2, 0.3), mode="plain")
        assert exact.mode == "exact"
        assert_same_maps(exact, plain)


def test_coarse_grid_first_then_refined() -> None:
    model = load_builtin("tinyvgg", weights=False).module
    records = list(occlusion_sweep(model, torch.rand(3, 64, 64), 8, 4, batch_size=10))
    # 15×15 positions; the coarse pass takes every 2nd row and column: 8×8 = 64.
    coarse = [r for r in records if r.phase == "coarse"]
    assert coarse and coarse[-1].done == 64 and records[-1].done == records[-1].total == 225
    assert [r.done for r in records] == sorted(r.done for r in records)
    done = coarse[-1].maps.done
    assert done[::2, ::2].all() and done.sum() == 64
    filled = coarse[-1].maps.filled(coarse[-1].maps.probability)
    assert not np.isnan(filled).any()
    assert filled[1, 1] == coarse[-1].maps.probability[2, 2]  # nearest coarse position (rounded half up)
    labels = coarse[-1].maps.filled(coarse[-1].maps.label)
    assert (labels >= 0).all() and labels[3, 0] == coarse[-1].maps.label[4, 0]
    assert records[-1].finished and not records[-2].finished
    assert np.isnan(records[0].maps.probability).sum() == 225 - records[0].done  # snapshots, not views


class RaisesOnBatches(nn.Module):
    """Fine on one image, raises on a batch: an error in the middle of a sweep."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(2 * 6 * 6, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[0] > 1:
            raise RuntimeError("no batches")
        return self.fc(torch.flatten(torch.relu(self.conv(x)), 1))


@pytest.mark.parametrize("mode", ["exact", "plain"])
def test_cancel_and_errors_leave_no_hooks(mode: Mode) -> None:
    model = load_builtin("lenet5", weights=False).module
    calls: list[OcclusionProgress] = []
    sweep = occlusion_sweep(
        model, torch.rand(1, 28, 28), 4, 2, feature=("conv2", 1), mode=mode, batch_size=8,
        cancelled=lambda: len(calls) >= 2,
    )  # fmt: skip
    for progress in sweep:
        calls.append(progress)
        assert hook_count(model) == 0  # nothing is attached between batches
    assert len(calls) == 2 and not calls[-1].finished
    assert hook_count(model) == 0
    with pytest.raises(RuntimeError, match="cancelled"):
        occlusion_maps(model, torch.rand(1, 28, 28), 4, 2, mode=mode, cancelled=lambda: True)
    failing = RaisesOnBatches()
    with pytest.raises(RuntimeError, match="no batches"):
        occlusion_maps(failing, torch.rand(1, 8, 8), 2, 2, feature=("conv", 0), mode="plain")
    assert hook_count(failing) == 0
    with pytest.raises(ValueError, match="no layer"):
        occlusion_maps(model, torch.rand(1, 28, 28), 4, 2, feature=("conv9", 0), mode=mode)
    assert hook_count(model) == 0


def test_in_place_relu_model_is_left_as_it_was() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(inplace=True), nn.Conv2d(4, 4, 3), nn.ReLU(inplace=True),
        nn.Dropout(0.5), nn.Flatten(), nn.Linear(4 * 14 * 14, 3),
    )  # fmt: skip
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.rand(3, 16, 16)
    x_before = x.clone()
    exact = occlusion_maps(model, x, 4, 2, feature=("1", 2))
    plain = occlusion_maps(model, x, 4, 2, feature=("1", 2), mode="plain")
    assert_same_maps(exact, plain)
    assert model.training and all(m.training for m in model.modules())
    assert model[1].inplace and model[3].inplace
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert torch.equal(x, x_before) and hook_count(model) == 0


class DataDependent(nn.Module):
    """Control flow on tensor values: torch.fx cannot trace it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(2 * 6 * 6, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv(x)
        if y.sum() > 1e9:
            y = -y
        return self.fc(torch.flatten(y, 1))


class Gain(nn.Module):
    """A layer of its own making (no children): traced as one call, named like the recorder names it."""

    def __init__(self) -> None:
        super().__init__()
        self.gain = nn.Parameter(torch.tensor([2.0, -1.0]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gain[None, :, None, None] if x.shape[1] == 2 else x


def test_custom_leaf_layer_as_feature() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), Gain(), nn.Flatten(), nn.Linear(2 * 10 * 10, 3)).eval()
    x = torch.rand(1, 12, 12)
    exact = occlusion_maps(model, x, 3, 2, feature=("1", 1))
    plain = occlusion_maps(model, x, 3, 2, feature=("1", 1), mode="plain")
    assert exact.mode == "exact"
    assert_same_maps(exact, plain)


def test_untraceable_model_falls_back_to_plain() -> None:
    torch.manual_seed(0)
    model = DataDependent().eval()
    x = torch.rand(1, 8, 8)
    maps = occlusion_maps(model, x, 3, 1, baseline=0.0)
    assert maps.mode == "plain" and "torch.fx" in maps.note
    reference = occluded_forward(model, x, maps, torch.zeros(1))
    np.testing.assert_allclose(maps.probability, reference, rtol=1e-6)


def test_approximate_mode_drills_down_around_sensitive_positions() -> None:
    model = random_model("tinyvgg", (3, 64, 64))
    x = torch.rand(3, 64, 64)
    records = list(occlusion_sweep(model, x, 8, 4, mode="approx"))
    approx, exact = records[-1].maps, occlusion_maps(model, x, 8, 4)
    assert approx.mode == "approx" and records[-1].finished and records[-1].done == 225
    estimated = approx.estimated
    # 15×15 positions, coarse step 2: the 64 coarse ones are computed, 16 of them (25 %) are "hot";
    # a fine position is computed when its nearest coarse position is hot, else it copies that value.
    assert not estimated[::2, ::2].any() and 0 < estimated.sum() < 225 - 64
    coarse = np.abs(approx.drop[::2, ::2])
    hot = coarse >= np.quantile(coarse, 0.75)
    nearest = np.minimum((np.arange(15) + 1) // 2, 7)
    fine = (np.arange(15)[:, None] % 2 == 1) | (np.arange(15)[None, :] % 2 == 1)
    np.testing.assert_array_equal(estimated, fine & ~hot[np.ix_(nearest, nearest)])
    copied = approx.probability[np.ix_(2 * nearest, 2 * nearest)]
    np.testing.assert_array_equal(approx.probability[estimated], copied[estimated])
    # Regions here never reach half of a map, so the computed positions are exact.
    span = np.ptp(exact.probability)
    assert np.abs(approx.probability - exact.probability)[~estimated].max() <= 1e-4 * span


def test_bad_arguments() -> None:
    model = load_builtin("lenet5", weights=False).module
    with pytest.raises(ValueError, match="does not fit"):
        occlusion_maps(model, torch.rand(1, 28, 28), 29, 1)
    with pytest.raises(ValueError, match="baseline"):
        occlusion_maps(model, torch.rand(1, 28, 28), 4, 4, baseline=(0.1, 0.2))
    with pytest.raises(ValueError, match="class"):
        occlusion_maps(model, torch.rand(1, 28, 28), 4, 4, target_class=10)
    with pytest.raises(ValueError, match="mode"):
        occlusion_maps(model, torch.rand(1, 28, 28), 4, 4, mode="fast")


def test_changed_output_rows_of_a_window_layer() -> None:
    # Kernel 3, stride 2, padding 1: output row o reads input rows 2o−1 … 2o+1.
    # Input rows 4…5 changed → o = 2 (rows 3…5) and o = 3 (rows 5…7): output rows [2, 4).
    # Columns 0…0 changed → o = 0 (−1…1) only: [0, 1). Clipped to a 4×4 output.
    op = WindowOp((3, 3), (2, 2), (1, 1), 0.0, lambda t: t)
    regions = window_regions(np.array([[4, 0, 6, 1]]), op, (4, 4))
    np.testing.assert_array_equal(regions, [[2, 0, 4, 1]])
    # Rows 7…8 of a 9-row input: o = 4 would read 7…9 but the output has 4 rows, so [3, 4).
    np.testing.assert_array_equal(window_regions(np.array([[7, 7, 9, 9]]), op, (4, 4)), [[3, 3, 4, 4]])
    # The approximate mode keeps at most ⌈0.5·4⌉ = 2 of 4 rows, about the centre: [0, 4) → [1, 3);
    # of 8 columns it keeps up to 4, so [0, 1) stays.
    np.testing.assert_array_equal(capped_regions(np.array([[0, 0, 4, 1]]), 0.5, (4, 8)), [[1, 0, 3, 1]])
