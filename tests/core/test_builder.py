"""The CNN builder: planned shapes and parameters equal hand arithmetic and the built module."""

from __future__ import annotations

import json

import pytest
import torch
from torch import nn

from cnnviz.core.builder import (
    BlockSpec,
    BuilderConfig,
    BuilderError,
    ConvSpec,
    build,
    parameter_count,
    plan,
)

LENET_LIKE = BuilderConfig(
    input=(1, 28, 28),
    blocks=[BlockSpec([ConvSpec(6, 5, padding=2)], "max"), BlockSpec([ConvSpec(16, 5)], "max")],
    fc=[120, 84],
    num_classes=10,
)
SMALL_RGB = BuilderConfig(
    input=(3, 32, 32),
    blocks=[
        BlockSpec(
            [
                ConvSpec(8, 3, padding=1, padding_mode="reflect", activation="leakyrelu", batchnorm=True),
                ConvSpec(8, 3, stride=2, activation="elu"),
            ],
            "avg",
        )
    ],
    dropout=0.5,
    num_classes=5,
)
NON_SQUARE = BuilderConfig(
    input=(1, 20, 12),
    blocks=[BlockSpec([ConvSpec(4, 3, padding=1, padding_mode="circular", activation="sigmoid")], None)],
    fc=[7],
    fc_activation="tanh",
    num_classes=3,
)


def real_layers(model: nn.Sequential, config: BuilderConfig) -> list[tuple[str, str, tuple[int, ...], int]]:
    """(name, type, output shape, own parameters) by running the built module."""
    x = torch.zeros(2, *config.input)
    rows = []
    model.eval()
    with torch.no_grad():
        for name, child in model.named_children():
            x = child(x)
            rows.append(
                (name, type(child).__name__, tuple(x.shape[1:]), sum(p.numel() for p in child.parameters()))
            )
    return rows


def planned(config: BuilderConfig) -> list[tuple[str, str, tuple[int, ...], int]]:
    return [(p.name, p.type, p.out_shape, p.params) for p in plan(config)]


def test_lenet_like_config_by_hand() -> None:
    rows = planned(LENET_LIKE)
    assert rows == [
        ("block1_conv1", "Conv2d", (6, 28, 28), 5 * 5 * 1 * 6 + 6),
        ("block1_conv1_relu", "ReLU", (6, 28, 28), 0),
        ("block1_pool", "MaxPool2d", (6, 14, 14), 0),
        ("block2_conv1", "Conv2d", (16, 10, 10), 5 * 5 * 6 * 16 + 16),
        ("block2_conv1_relu", "ReLU", (16, 10, 10), 0),
        ("block2_pool", "MaxPool2d", (16, 5, 5), 0),
        ("flatten", "Flatten", (400,), 0),
        ("fc1", "Linear", (120,), 400 * 120 + 120),
        ("fc1_relu", "ReLU", (120,), 0),
        ("fc2", "Linear", (84,), 120 * 84 + 84),
        ("fc2_relu", "ReLU", (84,), 0),
        ("output", "Linear", (10,), 84 * 10 + 10),
    ]
    assert parameter_count(LENET_LIKE) == 61_706  # the same as LeNet-5
    assert plan(LENET_LIKE)[0].formula == "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"
    assert plan(LENET_LIKE)[2].formula == "⌊(28 − 2)/2⌋ + 1 = 14"


def test_rgb_config_with_batchnorm_stride_reflect_and_dropout_by_hand() -> None:
    rows = planned(SMALL_RGB)
    assert rows == [
        ("block1_conv1", "Conv2d", (8, 32, 32), 3 * 3 * 3 * 8 + 8),  # ⌊(32 + 2 − 3)/1⌋ + 1 = 32
        ("block1_conv1_bn", "BatchNorm2d", (8, 32, 32), 2 * 8),
        ("block1_conv1_leakyrelu", "LeakyReLU", (8, 32, 32), 0),
        ("block1_conv2", "Conv2d", (8, 15, 15), 3 * 3 * 8 * 8 + 8),  # ⌊(32 − 3)/2⌋ + 1 = 15
        ("block1_conv2_elu", "ELU", (8, 15, 15), 0),
        ("block1_pool", "AvgPool2d", (8, 7, 7), 0),  # ⌊(15 − 2)/2⌋ + 1 = 7
        ("flatten", "Flatten", (392,), 0),
        ("dropout1", "Dropout", (392,), 0),
        ("output", "Linear", (5,), 392 * 5 + 5),
    ]
    assert parameter_count(SMALL_RGB) == 224 + 16 + 584 + 1965


def test_non_square_input_by_hand() -> None:
    rows = planned(NON_SQUARE)
    assert rows[0] == ("block1_conv1", "Conv2d", (4, 20, 12), 40)
    assert rows[2:] == [
        ("flatten", "Flatten", (960,), 0),
        ("fc1", "Linear", (7,), 960 * 7 + 7),
        ("fc1_tanh", "Tanh", (7,), 0),
        ("output", "Linear", (3,), 7 * 3 + 3),
    ]
    assert (
        plan(NON_SQUARE)[0].formula == "height ⌊(20 + 2·1 − 3)/1⌋ + 1 = 20; width ⌊(12 + 2·1 − 3)/1⌋ + 1 = 12"
    )


@pytest.mark.parametrize("config", [LENET_LIKE, SMALL_RGB, NON_SQUARE], ids=["lenet", "rgb", "non_square"])
def test_the_built_module_matches_the_plan(config: BuilderConfig) -> None:
    model = build(config)
    assert real_layers(model, config) == planned(config)
    conv = model.get_submodule("block1_conv1")
    assert isinstance(conv, nn.Conv2d) and conv.padding_mode == config.blocks[0].convs[0].padding_mode


def test_json_round_trip() -> None:
    text = json.dumps(SMALL_RGB.to_dict())
    again = BuilderConfig.from_dict(json.loads(text))
    assert again == SMALL_RGB and planned(again) == planned(SMALL_RGB)
    with pytest.raises(BuilderError, match="not a builder configuration"):
        BuilderConfig.from_dict({"blocks": []})  # no input
    with pytest.raises(BuilderError, match="not a builder configuration"):
        BuilderConfig.from_dict({"input": [1, 8, 8], "blocks": [{"convs": [{"filters": 2, "size": 3}]}]})


def conv_net(*blocks: BlockSpec, size: int = 8, fc: list[int] | None = None) -> BuilderConfig:
    return BuilderConfig(input=(1, size, size), blocks=list(blocks), fc=fc or [], num_classes=2)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            conv_net(BlockSpec([ConvSpec(4, 3)]), BlockSpec([ConvSpec(4, 5)])),
            "block 2 conv 1: output size ⌊(3 + 2·0 − 5)/1⌋ + 1 = −1 is not positive",
        ),
        (
            conv_net(BlockSpec([ConvSpec(4, 3)], "max", 4), BlockSpec([], "max", 2)),
            "block 2 pool: output size ⌊(1 − 2)/2⌋ + 1 = 0 is not positive",
        ),
        (
            BuilderConfig(input=(1, 12, 3), blocks=[BlockSpec([ConvSpec(2, 4)], None)], num_classes=2),
            "block 1 conv 1: output width ⌊(3 + 2·0 − 4)/1⌋ + 1 = 0 is not positive",
        ),
        (
            conv_net(BlockSpec([ConvSpec(4, 3), ConvSpec(0, 3)])),
            "block 1 conv 2: filters must be a whole number of at least 1 (got 0)",
        ),
        (
            conv_net(BlockSpec([ConvSpec(4, 3, padding_mode="mirror")])),  # type: ignore[arg-type]
            "block 1 conv 1: unknown padding mode 'mirror'",
        ),
        (conv_net(BlockSpec([ConvSpec(4, 3, activation="gelu")])), "unknown activation 'gelu'"),  # type: ignore[arg-type]
        (
            conv_net(BlockSpec([ConvSpec(4, 3, padding=8, padding_mode="reflect")])),
            "block 1 conv 1: reflect padding 8 needs an input larger than 8 pixels (it is 8×8)",
        ),
        (conv_net(BlockSpec([], None)), "block 1 is empty"),
        (conv_net(fc=[16, 0]), "fc 2: units must be a whole number of at least 1 (got 0)"),
        (BuilderConfig(input=(0, 8, 8)), "input: channels, height and width must be at least 1"),
        (BuilderConfig(num_classes=1), "at least 2"),
        (BuilderConfig(dropout=1.0), "dropout"),
    ],
)
def test_impossible_configs_name_the_layer_and_show_the_arithmetic(
    config: BuilderConfig, message: str
) -> None:
    with pytest.raises(BuilderError) as info:
        plan(config)
    assert message in str(info.value)
    with pytest.raises(BuilderError):
        build(config)
