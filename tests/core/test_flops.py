"""FLOPs per layer (2 per multiply-accumulate, bias not counted) checked by hand on LeNet-5."""

from __future__ import annotations

import torch
from torch import nn

from cnnviz.core.builtins import lenet5
from cnnviz.core.flops import count_flops


def test_lenet5_by_hand() -> None:
    report = count_flops(lenet5(), (1, 28, 28))
    got = {layer.name: layer.flops for layer in report.layers}
    assert got["conv1"] == 235_200  # 2·1·5·5·6·28·28 = 2·25·6·784
    assert report.by_name()["conv1"].macs == 117_600
    assert got["relu1"] == 4_704  # one op per output: 6·28·28
    assert got["pool1"] == 1_176  # 6·14·14
    assert got["conv2"] == 480_000  # 2·6·5·5·16·10·10 = 2·150·1600
    assert got["relu2"] == 1_600  # 16·10·10
    assert got["pool2"] == 400  # 16·5·5
    assert got["flatten"] == 0
    assert got["fc1"] == 96_000  # 2·400·120
    assert got["relu3"] == 120
    assert got["fc2"] == 20_160  # 2·120·84
    assert got["relu4"] == 84
    assert got["fc3"] == 1_680  # 2·84·10
    # 235200 + 4704 + 1176 + 480000 + 1600 + 400 + 96000 + 120 + 20160 + 84 + 1680
    assert report.total_flops == 841_124
    # MACs: 117600 + 240000 + 48000 + 10080 + 840
    assert report.total_macs == 416_520


def test_groups_and_reused_module() -> None:
    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.dw = nn.Conv2d(4, 4, 3, padding=1, groups=4)
            self.act = nn.ReLU()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.act(self.dw(self.act(x)))

    report = count_flops(Net(), (4, 5, 5))
    got = {layer.name: layer.flops for layer in report.layers}
    assert got["dw"] == 2 * 1 * 3 * 3 * 4 * 5 * 5  # C_in/groups = 1: 1800
    assert got["act"] == 100 and got["act#2"] == 100  # 4·5·5 each call
    assert report.total_flops == 2000
