"""Architecture specs: plain data that rebuilds built-in, builder and torchvision models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cnnviz.core.architectures import (
    ArchitectureError,
    arch_key,
    build_from_spec,
    builder_spec,
    builtin_spec,
    check_input_shape,
    default_input_spec,
    describe,
    spec_for_model,
    zoo_spec,
)
from cnnviz.core.builder import BlockSpec, BuilderConfig, ConvSpec
from cnnviz.core.builtins import MNIST_SPEC, TINYVGG_SPEC

BUILDER = BuilderConfig(input=(3, 16, 12), blocks=[BlockSpec([ConvSpec(2, 3), ConvSpec(2, 3)])], fc=[8, 4])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_specs_are_json_and_rebuild_the_same_module_per_seed() -> None:
    specs = [
        builtin_spec("lenet5", batchnorm=True, num_classes=3),
        builder_spec(BUILDER),
        zoo_spec("squeezenet1_1", 2, in_channels=1),
    ]
    for spec in specs:
        again = json.loads(json.dumps(spec))
        a, b, c = build_from_spec(again, seed=1), build_from_spec(spec, seed=1), build_from_spec(spec, seed=2)
        sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
        assert all(torch.equal(sa[k], sb[k]) for k in sa)
        assert any(not torch.equal(sa[k], sc[k]) for k in sa)


def test_parameter_counts_by_hand() -> None:
    # LeNet-5 (61,706) with 3 classes: fc3 has 84·3 + 3 instead of 850; two batch norms add 2·6 + 2·16.
    assert params(build_from_spec(builtin_spec("lenet5", batchnorm=True, num_classes=3))) == (
        61_706 - 850 + 84 * 3 + 3 + 12 + 32
    )
    # Builder: two 3×3 convs 3→2→2 on 16×12 give 2×12×8 after a 2×2 max pool: 2×6×4 = 48 features.
    assert params(build_from_spec(builder_spec(BUILDER))) == (27 * 2 + 2) + (18 * 2 + 2) + (48 * 8 + 8) + (
        8 * 4 + 4
    ) + (4 * 10 + 10)


def test_keys_descriptions_and_input_specs() -> None:
    lenet = builtin_spec("LeNet-5", batchnorm=True, dropout=0.5, num_classes=10)
    assert arch_key(lenet) == "lenet5"
    assert describe(lenet) == "LeNet-5 (batch norm, dropout 0.5, 10 classes)"
    assert describe(builtin_spec("tinyvgg")) == "TinyVGG"
    assert default_input_spec(lenet) == MNIST_SPEC
    assert default_input_spec(builtin_spec("tinyvgg")) == TINYVGG_SPEC
    assert default_input_spec(builtin_spec("tinyvgg", in_channels=1)).shape == (1, 64, 64)
    builder = builder_spec(BUILDER)
    assert arch_key(builder) == "builder"
    assert describe(builder) == "Custom CNN (1 block, 2 conv, hidden FC 8-4, 10 classes)"
    assert default_input_spec(builder).shape == (3, 16, 12)
    zoo = zoo_spec("resnet18", 7, in_channels=1, freeze_backbone=True)
    assert arch_key(zoo) == "zoo:resnet18"
    assert describe(zoo) == "resnet18 (torchvision, 7 classes, backbone frozen)"
    assert default_input_spec(zoo).shape == (1, 224, 224)


def test_frozen_layers_are_applied() -> None:
    spec = builtin_spec("lenet5") | {"frozen": ["conv1", "conv2"]}
    module = build_from_spec(spec)
    trainable = [n for n, p in module.named_parameters() if p.requires_grad]
    assert trainable == [f"fc{i}.{p}" for i in (1, 2, 3) for p in ("weight", "bias")]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "keras"}, "unknown architecture kind 'keras'"),
        (["lenet5"], "unknown architecture kind 'list'"),
        ({"kind": "zoo", "name": "resnet18"}, "lacks 'num_classes'"),
        ({"kind": "builtin", "name": "alexnet5"}, "unknown built-in model 'alexnet5'"),
        ({"kind": "builtin", "name": "lenet5", "options": {"width": 2}}, "lenet5 has no option width"),
        (
            {
                "kind": "builder",
                "config": {"input": [1, 4, 4], "blocks": [{"convs": [{"filters": 1, "kernel": 5}]}]},
            },
            "block 1 conv 1: output size",
        ),
        (builtin_spec("lenet5") | {"frozen": ["conv9"]}, "no layer 'conv9'"),
    ],
)
def test_impossible_specs_raise_architecture_error(spec: object, message: str) -> None:
    with pytest.raises(ArchitectureError, match=message):
        build_from_spec(spec)  # type: ignore[arg-type]


def test_specs_for_command_line_model_names(tmp_path: Path) -> None:
    assert spec_for_model("TinyVGG", 8, 1, dropout=0.5) == builtin_spec(
        "tinyvgg", num_classes=8, dropout=0.5, in_channels=1
    )
    assert spec_for_model("zoo:resnet18", 4, 1, freeze_backbone=True) == zoo_spec("resnet18", 4, 1, True)
    (tmp_path / "net.json").write_text(json.dumps(builder_spec(BUILDER)))
    spec = spec_for_model(str(tmp_path / "net.json"), 3, 3, dropout=0.25, batchnorm=True)
    config = spec["config"]
    assert config["num_classes"] == 3 and config["dropout"] == 0.25
    assert all(conv["batchnorm"] for conv in config["blocks"][0]["convs"])
    check_input_shape(spec, (3, 16, 12))
    with pytest.raises(ArchitectureError, match=r"reads 3×16×12 inputs, but the data is 1×28×28"):
        check_input_shape(spec, (1, 28, 28))
    (tmp_path / "bad.json").write_text("[1, 2]")
    with pytest.raises(ArchitectureError, match="does not hold a builder configuration"):
        spec_for_model(str(tmp_path / "bad.json"), 3, 3)
    with pytest.raises(ArchitectureError, match="not a built-in"):
        spec_for_model("lenet6", 3, 3)
