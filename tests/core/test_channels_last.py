"""CPU training runs channels-last where that is faster and the model allows it, with unchanged results."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.builtins import lenet5, tinyvgg
from cnnviz.core.channels_last import CHANNELS_LAST, convert, runs_channels_last, suits_channels_last
from cnnviz.core.train_config import TrainConfig
from cnnviz.core.train_steps import optimizer_for
from cnnviz.core.training import train

CPU = torch.device("cpu")


class ViewsItsMaps(nn.Module):
    """A convolution whose output is flattened with ``view``, which needs the (N, C, H, W) layout."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(2 * 4 * 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.conv(x).view(len(x), -1))


def tiny_net() -> nn.Module:
    torch.manual_seed(3)
    layers = [nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()]
    return nn.Sequential(*layers, nn.Linear(4, 3))


def images(n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.standard_normal((n, 1, 6, 6)).astype(np.float32), rng.integers(0, 3, n)


def is_channels_last(t: torch.Tensor) -> bool:
    """Laid out (N, H, W, C) with C > 1 (with one channel both layouts are the same)."""
    return t.is_contiguous(memory_format=CHANNELS_LAST) and t.stride(1) == 1 and t.shape[1] > 1


def test_which_models_suit_channels_last() -> None:
    assert suits_channels_last(lenet5(), CPU)
    assert suits_channels_last(tinyvgg(), CPU)
    assert not suits_channels_last(lenet5(batchnorm=True), CPU)  # bn1 normalises 6 channels
    assert not suits_channels_last(tinyvgg(batchnorm=True), CPU)  # 10 channels
    assert suits_channels_last(nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16)), CPU)
    assert not suits_channels_last(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), CPU)  # no convolution
    assert not suits_channels_last(lenet5(), torch.device("cuda"))


def test_the_check_converts_a_model_that_runs_and_leaves_one_that_views_its_maps() -> None:
    model, sample = lenet5(), torch.randn(2, 1, 28, 28)
    assert runs_channels_last(model, sample)
    assert is_channels_last(model.conv2.weight)
    assert model.training  # the check ran in eval mode and put the mode back
    viewer = ViewsItsMaps()
    viewer.eval()
    assert not runs_channels_last(viewer, torch.randn(2, 1, 6, 6))
    assert viewer.conv.weight.is_contiguous() and not viewer.training
    assert not runs_channels_last(tiny_net(), torch.randn(2, 36))  # not images at all


@pytest.mark.parametrize("name", ["adam", "adamw", "sgd"])
def test_a_state_loaded_contiguous_is_laid_out_like_its_channels_last_weights(name: str) -> None:
    """Fused optimisers read weight and state in memory order: unconverted, the update is scrambled."""
    x, y = torch.from_numpy(images(8)[0]), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    models = [tiny_net(), tiny_net()]
    optimizers = [optimizer_for(list(m.parameters()), TrainConfig(optimizer=name, lr=0.05)) for m in models]
    for model, optimizer in zip(models, optimizers, strict=True):
        for _ in range(2):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    state = optimizers[1].state_dict()
    convert(models[1], optimizers[1], CHANNELS_LAST)
    optimizers[1].load_state_dict(state)  # contiguous state tensors, channels-last weight
    convert(models[1], optimizers[1], CHANNELS_LAST)
    conv = models[1][2].weight
    assert all(is_channels_last(v) for v in optimizers[1].state[conv].values() if v.shape == conv.shape)
    for model, optimizer in zip(models, optimizers, strict=True):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x.contiguous(memory_format=CHANNELS_LAST)), y).backward()
        optimizer.step()
    torch.testing.assert_close(models[1][2].weight, models[0][2].weight, rtol=1e-5, atol=1e-6)


def plain_loop(model: nn.Module, x: np.ndarray, y: np.ndarray, steps: int) -> None:
    """The same steps as ``train`` with shuffling off, in torch's default layout."""
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for i in range(steps):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(xt[i * 16 : (i + 1) * 16]), yt[i * 16 : (i + 1) * 16]).backward()
        optimizer.step()


def test_a_run_trains_channels_last_and_ends_contiguous_with_a_plain_loops_weights() -> None:
    x, y = images()
    model, reference = tiny_net(), tiny_net()
    config = TrainConfig(optimizer="adam", lr=0.01, batch_size=16, epochs=1, shuffle=False, snapshot_every=2)
    run = train(model, x, y, config)
    layouts, snapshots = [], []
    for record in run:
        layouts.append(is_channels_last(model[2].weight))
        if record.snapshot is not None:
            snapshots.append(record.snapshot["2.weight"])
    assert all(layouts) and len(layouts) == 6  # the start record, 4 steps and the epoch's end
    assert model[2].weight.is_contiguous() and not model.training
    assert snapshots and all(s.is_contiguous() for s in snapshots)
    plain_loop(reference, x, y, 4)
    torch.testing.assert_close(model.state_dict(), reference.state_dict(), rtol=1e-4, atol=1e-5)


def test_a_model_that_views_its_maps_trains_in_the_default_layout() -> None:
    x, y = images()
    model = ViewsItsMaps()
    before = model.conv.weight.detach().clone()
    for _ in train(model, x, y, TrainConfig(batch_size=16, epochs=1)):
        assert model.conv.weight.is_contiguous()
    assert not torch.equal(model.conv.weight, before)
