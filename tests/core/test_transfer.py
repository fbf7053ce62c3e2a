"""Transfer learning: new heads on torchvision models, frozen backbones, and offline pretrained weights."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core.transfer import (
    PretrainedUnavailable,
    ZooError,
    adapt_input,
    set_trainable,
    trainable_count,
    zoo_classifier,
    zoo_input_spec,
    zoo_names,
)


def test_frozen_backbone_stays_fixed_and_the_new_head_learns() -> None:
    torch.manual_seed(0)
    model, note = zoo_classifier("resnet18", 3, pretrained=False, freeze_backbone=True)
    assert trainable_count(model) == 512 * 3 + 3  # only the new fc: 512 features → 3 classes
    assert "random weights" in note and "new head 'fc' with 3 outputs" in note and "1,539 of" in note
    before = {k: v.clone() for k, v in model.named_parameters()}
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    model.train()
    loss = nn.functional.cross_entropy(model(torch.randn(2, 3, 64, 64)), torch.tensor([0, 2]))
    loss.backward()
    optimizer.step()
    after = dict(model.named_parameters())
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed == {"fc.weight", "fc.bias"}


def test_without_freezing_everything_trains() -> None:
    model, _ = zoo_classifier("squeezenet1_1", 4, pretrained=False, freeze_backbone=False)
    total = sum(p.numel() for p in model.parameters())
    assert trainable_count(model) == total
    head = model.get_submodule("classifier.1")  # SqueezeNet's head is a 1×1 convolution
    assert isinstance(head, nn.Conv2d) and head.out_channels == 4
    assert head.weight.numel() + 4 == 512 * 4 + 4


FAMILIES = [  # (name, where the new head sits, a small input side that still works)
    ("resnet18", "fc", 32),
    ("vgg11", "classifier.6", 32),
    ("alexnet", "classifier.6", 64),
    ("mobilenet_v3_small", "classifier.3", 32),
    ("efficientnet_b0", "classifier.1", 32),
    ("googlenet", "fc", 32),
    ("densenet121", "classifier", 32),
    ("convnext_tiny", "classifier.2", 32),
    ("regnet_x_400mf", "fc", 32),
    ("vit_b_16", "heads.head", 0),  # fixed 224×224 input; checked without a forward pass (slow)
]


@pytest.mark.parametrize(("name", "head", "side"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_every_family_gets_a_head_of_the_right_size(name: str, head: str, side: int) -> None:
    model, note = zoo_classifier(name, 5, pretrained=False, freeze_backbone=True, in_channels=1)
    layer = model.get_submodule(head)
    assert isinstance(layer, nn.Linear) and layer.out_features == 5
    assert trainable_count(model) == layer.weight.numel() + 5  # also vit's class token is frozen
    assert "reads 1 input channel" in note
    if side:
        with torch.no_grad():
            assert model.eval()(torch.zeros(1, 1, side, side)).shape == (1, 5)
    if name == "googlenet":
        assert getattr(model, "aux1", None) is None  # auxiliary classifiers are off


def test_a_new_input_layer_starts_from_the_mean_rgb_kernel() -> None:
    first = nn.Conv2d(3, 2, 1)
    assert first.bias is not None
    with torch.no_grad():
        first.weight.copy_(torch.tensor([[1.0, 2.0, 6.0], [0.0, -3.0, 3.0]]).view(2, 3, 1, 1))
        first.bias.copy_(torch.tensor([0.5, -0.5]))
    model = nn.Sequential(first)
    assert adapt_input(model, 1) == "0"
    conv = model.get_submodule("0")
    assert isinstance(conv, nn.Conv2d) and conv is not first and conv.in_channels == 1
    assert conv.weight.view(2).tolist() == pytest.approx([9.0, 0.0])  # a grey image gives the same sum
    assert conv.bias is not None and conv.bias.tolist() == [0.5, -0.5]
    two = nn.Conv2d(3, 1, 1, bias=False)
    with torch.no_grad():
        two.weight.fill_(2.0)
    model = nn.Sequential(two)
    adapt_input(model, 2)
    conv = model.get_submodule("0")
    assert isinstance(conv, nn.Conv2d) and conv.weight.view(2).tolist() == pytest.approx([3.0, 3.0])


def test_set_trainable_toggles_layers() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    set_trainable(model, {"0"}, False)
    assert trainable_count(model) == 3 + 1
    set_trainable(model, {"0", "2"}, False)
    assert trainable_count(model) == 0
    set_trainable(model, {""}, True)  # "" is the whole model
    assert trainable_count(model) == 2 * 3 + 3 + 3 + 1
    with pytest.raises(ZooError, match="no layer 'fc9'"):
        set_trainable(model, {"fc9"}, True)


def test_unknown_names_and_input_specs() -> None:
    assert {"resnet18", "vgg16", "vit_b_16"} <= set(zoo_names())
    with pytest.raises(ZooError, match="unknown torchvision model 'resnet19'"):
        zoo_classifier("resnet19", 2, pretrained=False, freeze_backbone=False)
    spec = zoo_input_spec("inception_v3")
    assert spec.shape == (3, 299, 299) and spec.mean == (0.485, 0.456, 0.406)
    assert zoo_input_spec("resnet18").shape == (3, 224, 224)


def test_pretrained_weights_offline_raise_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # nothing cached here

    def offline(*_args: object, **_kwargs: object) -> None:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", offline)  # no network, whatever the machine has
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(5)
    try:
        with pytest.raises(PretrainedUnavailable) as info:
            zoo_classifier("squeezenet1_1", 2, pretrained=True, freeze_backbone=True)
    finally:
        socket.setdefaulttimeout(previous)
    message = str(info.value)
    assert "\n" not in message and "squeezenet1_1" in message and "random weights" in message
    assert "Name or service not known" in message and str(tmp_path) in message
