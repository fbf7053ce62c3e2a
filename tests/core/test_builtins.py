"""The built-in architectures, checked against parameter counts and shapes worked out by hand."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cnnviz.core.builtins import BUILTINS, build_builtin, canonical_builtin, lenet5, tinyvgg


def conv_params(k: int, c_in: int, c_out: int) -> int:
    return k * k * c_in * c_out + c_out


def fc_params(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out


LENET_PARAMS = {
    "conv1": 5 * 5 * 1 * 6 + 6,  # 156
    "conv2": 5 * 5 * 6 * 16 + 16,  # 2,416
    "fc1": 16 * 5 * 5 * 120 + 120,  # 48,120
    "fc2": 120 * 84 + 84,  # 10,164
    "fc3": 84 * 10 + 10,  # 850
}
LENET_SHAPES = {
    "conv1": (6, 28, 28),  # 5×5 kernel, padding 2 keeps 28
    "relu1": (6, 28, 28),
    "pool1": (6, 14, 14),
    "conv2": (16, 10, 10),  # 14 - 5 + 1
    "relu2": (16, 10, 10),
    "pool2": (16, 5, 5),
    "flatten": (400,),
    "fc1": (120,),
    "relu3": (120,),
    "fc2": (84,),
    "relu4": (84,),
    "fc3": (10,),
}
TINYVGG_SHAPES = {
    "conv_1_1": (10, 62, 62),
    "relu_1_1": (10, 62, 62),
    "conv_1_2": (10, 60, 60),
    "relu_1_2": (10, 60, 60),
    "max_pool_1": (10, 30, 30),
    "conv_2_1": (10, 28, 28),
    "relu_2_1": (10, 28, 28),
    "conv_2_2": (10, 26, 26),
    "relu_2_2": (10, 26, 26),
    "max_pool_2": (10, 13, 13),
    "flatten": (10 * 13 * 13,),
    "output": (10,),
}


def own_counts(model: nn.Module) -> dict[str, int]:
    return {
        name: sum(p.numel() for p in child.parameters())
        for name, child in model.named_children()
        if any(True for _ in child.parameters())
    }


def shapes_through(model: nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    shapes = {}
    with torch.no_grad():
        for name, child in model.named_children():
            x = child(x)
            shapes[name] = tuple(x.shape[1:])
    return shapes


def test_lenet5_parameter_counts_by_hand() -> None:
    model = lenet5()
    assert sum(LENET_PARAMS.values()) == 61_706
    assert own_counts(model) == LENET_PARAMS
    assert sum(p.numel() for p in model.parameters()) == 61_706


def test_lenet5_shapes_for_a_28x28_input() -> None:
    assert shapes_through(lenet5(), torch.zeros(1, 1, 28, 28)) == LENET_SHAPES


def test_tinyvgg_shapes_and_parameters_by_hand() -> None:
    model = tinyvgg()
    expected = {
        "conv_1_1": conv_params(3, 3, 10),  # 280
        "conv_1_2": conv_params(3, 10, 10),  # 910
        "conv_2_1": conv_params(3, 10, 10),
        "conv_2_2": conv_params(3, 10, 10),
        "output": fc_params(10 * 13 * 13, 10),  # 16,910
    }
    assert expected["conv_1_1"] == 280 and expected["output"] == 16_910
    assert own_counts(model) == expected
    assert sum(p.numel() for p in model.parameters()) == 280 + 3 * 910 + 16_910
    assert shapes_through(model, torch.zeros(1, 3, 64, 64)) == TINYVGG_SHAPES


def test_num_classes_changes_only_the_last_layer() -> None:
    assert own_counts(lenet5(num_classes=3))["fc3"] == 84 * 3 + 3
    assert own_counts(tinyvgg(num_classes=2))["output"] == 1690 * 2 + 2


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("lenet5", "lenet5"),
        ("LeNet-5", "lenet5"),
        (" lenet ", "lenet5"),
        ("TinyVGG", "tinyvgg"),
        ("tiny-vgg", "tinyvgg"),
    ],
)
def test_canonical_builtin_names(name: str, key: str) -> None:
    assert canonical_builtin(name) == key


def test_unknown_names_are_not_builtins() -> None:
    assert canonical_builtin("resnet18") is None
    assert canonical_builtin("") is None


def test_build_builtin_is_deterministic_per_seed_and_restores_rng() -> None:
    torch.manual_seed(1234)
    expected_next = torch.rand(3)
    torch.manual_seed(1234)
    a, b, c = build_builtin("lenet5"), build_builtin("lenet5"), build_builtin("lenet5", seed=1)
    assert torch.equal(torch.rand(3), expected_next)  # the global RNG stream was not disturbed
    for (name, pa), pb, pc in zip(
        a.state_dict().items(), b.state_dict().values(), c.state_dict().values(), strict=True
    ):
        assert torch.equal(pa, pb), name
        assert not torch.equal(pa, pc), name


def test_registry_specs_match_the_models() -> None:
    for key, (factory, spec, labels, _title) in BUILTINS.items():
        out = factory()(torch.zeros(1, *spec.shape))
        assert out.shape == (1, len(labels)), key


# --- options: batch norm and dropout -------------------------------------------------------------


def test_default_options_keep_the_shipped_state_dict_keys() -> None:
    keys = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"]
    keys += [f"fc{i}.{p}" for i in (1, 2, 3) for p in ("weight", "bias")]
    assert list(lenet5().state_dict()) == keys
    assert list(lenet5(dropout=0.5).state_dict()) == keys  # dropout has no parameters
    assert [n for n, _ in lenet5().named_children()] == list(LENET_SHAPES)


def test_lenet5_with_batchnorm_and_dropout_by_hand() -> None:
    model = lenet5(dropout=0.25, batchnorm=True)
    names = [n for n, _ in model.named_children()]
    assert names == [
        "conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2", "flatten",
        "dropout1", "fc1", "relu3", "dropout2", "fc2", "relu4", "dropout3", "fc3",
    ]  # fmt: skip
    counts = own_counts(model)
    assert counts["bn1"] == 2 * 6 and counts["bn2"] == 2 * 16
    assert sum(p.numel() for p in model.parameters()) == 61_706 + 12 + 32
    assert all(m.p == 0.25 for m in model.modules() if isinstance(m, nn.Dropout))
    assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    bn = model.get_submodule("bn1")
    assert isinstance(bn, nn.BatchNorm2d) and bn.num_features == 6


def test_tinyvgg_with_batchnorm_dropout_and_one_channel_by_hand() -> None:
    model = tinyvgg(num_classes=4, dropout=0.5, batchnorm=True, in_channels=1)
    counts = own_counts(model)
    assert counts["conv_1_1"] == conv_params(3, 1, 10)  # 100
    assert [counts[f"bn_{b}_{c}"] for b in (1, 2) for c in (1, 2)] == [20] * 4
    assert sum(counts.values()) == 100 + 3 * 910 + 4 * 20 + fc_params(1690, 4)
    names = [n for n, _ in model.named_children()]
    assert names[names.index("flatten") + 1 : names.index("flatten") + 3] == ["dropout", "output"]
    assert shapes_through(model.eval(), torch.zeros(1, 1, 64, 64))["output"] == (4,)


def test_options_do_not_change_the_initial_conv_weights_and_bad_ones_are_refused() -> None:
    plain, fancy = (
        build_builtin("lenet5", seed=3),
        build_builtin("lenet5", seed=3, batchnorm=True, dropout=0.1),
    )
    assert torch.equal(plain.state_dict()["conv2.weight"], fancy.state_dict()["conv2.weight"])
    with pytest.raises(ValueError, match="no option colour"):
        build_builtin("lenet5", colour=True)
    with pytest.raises(ValueError, match="dropout"):
        lenet5(dropout=1.0)
