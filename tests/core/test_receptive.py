"""Receptive fields checked against hand-computed values (recurrences written out in comments).

Recurrences, per window layer (kernel k, stride s, padding p), j = jump in input pixels:
    rf_out = rf_in + (k − 1)·j_in,   j_out = j_in·s,   start_out = start_in + ((k − 1)/2 − p)·j_in
The input has rf 1, jump 1, start 0 (the centre of pixel 0).
"""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torchvision.models import alexnet, resnet18, vgg16

from cnnviz.core.builtins import lenet5
from cnnviz.core.receptive import Field, receptive_fields, unit_region


def fields(model: nn.Module, shape: tuple[int, int, int]) -> dict[str, tuple[int, int]]:
    """name → (rf, jump) for square fields."""
    result = receptive_fields(model, shape)
    for layer in result.layers:
        assert layer.rf[0] == layer.rf[1] and layer.jump[0] == layer.jump[1]
    return {layer.name: (layer.rf[0], layer.jump[0]) for layer in result.layers}


def test_lenet5() -> None:
    result = receptive_fields(lenet5(), (1, 28, 28))
    got = {layer.name: (layer.rf, layer.jump, layer.start) for layer in result.layers}
    # conv1 k5 p2: rf 1 + 4·1 = 5, jump 1, start 0 + (2 − 2)·1 = 0
    assert got["conv1"] == ((5, 5), (1, 1), (0.0, 0.0))
    assert got["relu1"] == got["conv1"]  # elementwise: unchanged
    # pool1 k2 s2: rf 5 + 1·1 = 6, jump 1·2 = 2, start 0 + (0.5 − 0)·1 = 0.5
    assert got["pool1"] == ((6, 6), (2, 2), (0.5, 0.5))
    # conv2 k5: rf 6 + 4·2 = 14, jump 2, start 0.5 + 2·2 = 4.5
    assert got["conv2"] == ((14, 14), (2, 2), (4.5, 4.5))
    # pool2 k2 s2: rf 14 + 1·2 = 16, jump 4, start 4.5 + 0.5·2 = 5.5
    assert got["pool2"] == ((16, 16), (4, 4), (5.5, 5.5))
    flat = result.by_name()["fc1"]
    assert flat.whole_input and flat.rf == (28, 28)
    assert not result.approximate
    assert [layer.name for layer in result.layers][:3] == ["conv1", "relu1", "pool1"]


def test_alexnet() -> None:
    got = fields(alexnet(), (3, 224, 224))
    assert got["features.0"] == (11, 4)  # conv1 k11 s4: 1 + 10·1 = 11, jump 4
    assert got["features.2"] == (19, 8)  # pool1 k3 s2: 11 + 2·4 = 19, jump 8
    assert got["features.3"] == (51, 8)  # conv2 k5 p2: 19 + 4·8 = 51
    assert got["features.5"] == (67, 16)  # pool2 k3 s2: 51 + 2·8 = 67, jump 16
    assert got["features.6"] == (99, 16)  # conv3 k3: 67 + 2·16 = 99
    assert got["features.8"] == (131, 16)  # conv4 k3: 99 + 2·16 = 131
    assert got["features.10"] == (163, 16)  # conv5 k3: 131 + 2·16 = 163
    assert got["features.12"] == (195, 32)  # pool5 k3 s2: 163 + 2·16 = 195, jump 32
    # avgpool: AdaptiveAvgPool2d((6, 6)) on a 6×6 map is the identity
    assert got["avgpool"] == (195, 32)
    assert receptive_fields(alexnet(), (3, 224, 224)).by_name()["classifier.1"].whole_input


def test_vgg16() -> None:
    got = fields(vgg16(), (3, 224, 224))
    assert got["features.0"] == (3, 1)  # conv1_1: 1 + 2 = 3
    assert got["features.2"] == (5, 1)  # conv1_2: 3 + 2 = 5
    assert got["features.4"] == (6, 2)  # pool1 k2 s2: 5 + 1 = 6
    assert got["features.7"] == (14, 2)  # conv2_2: 6 + 2·2 + 2·2 = 14
    assert got["features.9"] == (16, 4)  # pool2: 14 + 1·2 = 16
    assert got["features.14"] == (40, 4)  # conv3_3: 16 + 3·(2·4) = 40
    assert got["features.16"] == (44, 8)  # pool3: 40 + 1·4 = 44
    assert got["features.21"] == (92, 8)  # conv4_3: 44 + 3·(2·8) = 92
    assert got["features.23"] == (100, 16)  # pool4: 92 + 1·8 = 100
    assert got["features.28"] == (196, 16)  # conv5_3: 100 + 3·(2·16) = 196
    assert got["features.30"] == (212, 32)  # pool5: 196 + 1·16 = 212


class Residual(nn.Module):
    """y = relu(x + conv_b(relu(conv_a(x)))): the identity path has rf 1, the conv path 5."""

    def __init__(self) -> None:
        super().__init__()
        self.conv_a = nn.Conv2d(1, 1, 3, padding=1)
        self.conv_b = nn.Conv2d(1, 1, 3, padding=1)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(x + self.conv_b(self.relu(self.conv_a(x))))


def test_residual_block_takes_the_largest_path() -> None:
    got = fields(Residual(), (1, 8, 8))
    assert got["conv_a"] == (3, 1)  # 1 + 2
    assert got["relu"] == (3, 1)  # first call, after conv_a
    assert got["conv_b"] == (5, 1)  # 3 + 2
    assert got["relu#2"] == (5, 1)  # max(identity 1, conv path 5)


def test_concat_takes_the_largest_branch() -> None:
    class Inception(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.small = nn.Conv2d(1, 1, 3, padding=1)
            self.big = nn.Conv2d(1, 1, 7, padding=3)
            self.mix = nn.Conv2d(2, 1, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.mix(torch.cat([self.small(x), self.big(x)], dim=1))

    got = fields(Inception(), (1, 16, 16))
    assert got["small"] == (3, 1) and got["big"] == (7, 1)
    assert got["mix"] == (7, 1)  # 1×1 conv after cat: max(3, 7) + 0


def test_resnet18_follows_the_data_flow() -> None:
    result = receptive_fields(resnet18(), (3, 224, 224))
    assert not result.approximate
    got = {layer.name: (layer.rf[0], layer.jump[0]) for layer in result.layers}
    assert got["conv1"] == (7, 2)  # k7 s2 p3: 1 + 6 = 7
    assert got["maxpool"] == (11, 4)  # k3 s2 p1: 7 + 2·2 = 11
    assert got["layer1.0.conv1"] == (19, 4)  # 11 + 2·4
    assert got["layer1.0.conv2"] == (27, 4)  # 19 + 2·4
    assert got["layer1.0.relu#2"] == (27, 4)  # after the add: max(identity 11, conv 27)
    assert got["layer1.1.conv2"] == (43, 4)  # 27 + 2·4 + 2·4
    assert got["layer1.1.relu#2"] == (43, 4)
    assert got["layer2.0.conv1"] == (51, 8)  # k3 s2: 43 + 2·4 = 51, jump 8
    assert got["layer2.0.conv2"] == (67, 8)  # 51 + 2·8
    # the 1×1 stride-2 shortcut reads the block input (43), not the conv path:
    # in execution order it would wrongly come after conv2 (67)
    assert got["layer2.0.downsample.0"] == (43, 8)
    assert got["layer2.0.relu#2"] == (67, 8)  # max(43, 67)
    assert result.by_name()["fc"].whole_input


class Branchy(nn.Module):
    """Data-dependent control flow: fx cannot trace it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x) if float(x.sum()) >= 0 else x


def test_untraceable_model_falls_back_to_execution_order() -> None:
    result = receptive_fields(Branchy(), (1, 8, 8))
    assert result.approximate
    layer = result.by_name()["conv"]
    assert layer.approximate and layer.rf == (3, 3)


def test_bad_input_shape() -> None:
    with pytest.raises(ValueError, match="C×H×W"):
        receptive_fields(lenet5(), (784,))


def test_unit_region_hand_example() -> None:
    # LeNet pool2: rf 16, jump 4, start 5.5. Unit (1, 2): centre row 5.5 + 4 = 9.5,
    # col 5.5 + 8 = 13.5; rows 9.5 − 7.5 = 2 … 17 → [2, 18); cols 6 … 21 → [6, 22)
    pool2 = Field((16, 16), (4, 4), (5.5, 5.5))
    assert unit_region(pool2, 1, 2, (28, 28)) == (2, 6, 18, 22)
    # unit (0, 0): rows −2 … 13, clipped to [0, 14)
    assert unit_region(pool2, 0, 0, (28, 28)) == (0, 0, 14, 14)
    # unit (4, 4): centre 21.5, rows 14 … 29 → clipped to [14, 28)
    assert unit_region(pool2, 4, 4, (28, 28)) == (14, 14, 28, 28)
    fc = receptive_fields(lenet5(), (1, 28, 28)).by_name()["fc1"]
    assert unit_region(fc, 0, 0, (28, 28)) == (0, 0, 28, 28)


def test_training_mode_and_batchnorm_statistics_are_kept() -> None:
    model = nn.Sequential(
        nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(2 * 6 * 6, 4), nn.BatchNorm1d(4)
    )
    model.train()
    model[1].eval()
    before = model[1].running_mean.clone()
    result = receptive_fields(model, (1, 8, 8))  # BatchNorm1d on a batch of 1 fails in train mode
    assert result.by_name()["1"].rf == (3, 3)
    assert model.training and not model[1].training and model[4].training
    assert torch.equal(model[1].running_mean, before)
