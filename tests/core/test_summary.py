"""The layer table: rows, shapes and parameter counts checked against hand values."""

from __future__ import annotations

import json
from collections import OrderedDict

import torch
from torch import nn

from cnnviz.core.builtins import MNIST_SPEC
from cnnviz.core.recording import hook_count
from cnnviz.core.sources import load_builtin
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.core.summary import format_table, summarize

LENET_ROWS = [
    ("conv1", "Conv2d", (6, 28, 28), 156),
    ("relu1", "ReLU", (6, 28, 28), 0),
    ("pool1", "MaxPool2d", (6, 14, 14), 0),
    ("conv2", "Conv2d", (16, 10, 10), 2416),
    ("relu2", "ReLU", (16, 10, 10), 0),
    ("pool2", "MaxPool2d", (16, 5, 5), 0),
    ("flatten", "Flatten", (400,), 0),
    ("fc1", "Linear", (120,), 48120),
    ("relu3", "ReLU", (120,), 0),
    ("fc2", "Linear", (84,), 10164),
    ("relu4", "ReLU", (84,), 0),
    ("fc3", "Linear", (10,), 850),
]


class Twice(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(2, 2)  # 2·2 + 2 = 6 parameters

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(torch.relu(self.lin(x)))


def bundle_of(module: nn.Module, spec: InputSpec) -> ModelBundle:
    return ModelBundle("test", module, spec, [])


def test_lenet5_rows_by_hand() -> None:
    summary = summarize(load_builtin("lenet5", weights=False))
    got = [(r.name, r.type_name, r.output_shape, r.params) for r in summary.rows]
    assert got == LENET_ROWS
    assert all(r.trainable == r.params for r in summary.rows)


def test_totals_equal_the_parameter_sum() -> None:
    bundle = load_builtin("lenet5", weights=False)
    summary = summarize(bundle)
    assert summary.total_params == sum(p.numel() for p in bundle.module.parameters()) == 61_706
    assert summary.trainable_params == 61_706
    assert sum(r.params for r in summary.rows) == summary.total_params


def test_frozen_parameters_are_not_trainable() -> None:
    bundle = load_builtin("lenet5", weights=False)
    for p in bundle.module.conv1.parameters():
        p.requires_grad_(False)
    summary = summarize(bundle)
    assert summary.total_params == 61_706
    assert summary.trainable_params == 61_706 - 156
    conv1 = summary.rows[0]
    assert (conv1.params, conv1.trainable) == (156, 0)


def test_a_reused_module_is_counted_once() -> None:
    summary = summarize(bundle_of(Twice(), InputSpec(1, 1, 2)))
    assert [(r.name, r.params, r.output_shape) for r in summary.rows] == [
        ("lin", 6, (1, 1, 2)),
        ("lin#2", 0, (1, 1, 2)),
    ]
    assert summary.total_params == 6


def test_a_module_registered_under_two_names_is_counted_once() -> None:
    lin = nn.Linear(3, 3)  # 12 parameters
    model = nn.Sequential(OrderedDict(a=lin, b=lin))
    summary = summarize(bundle_of(model, InputSpec(1, 1, 3)))
    assert [(r.name, r.params) for r in summary.rows] == [("a", 12), ("a#2", 0)]
    assert summary.total_params == 12


def test_summarize_leaves_no_hooks_and_keeps_arrays_out() -> None:
    bundle = load_builtin("lenet5", weights=False)
    summarize(bundle)
    assert hook_count(bundle.module) == 0


def test_format_table_text() -> None:
    table = format_table(summarize(load_builtin("lenet5", weights=False)))
    lines = table.splitlines()
    assert lines[0].split() == ["Layer", "Type", "Output", "shape", "Params"]
    assert set(lines[1]) == {"-"}
    assert len(lines) == 2 + 12 + 2
    assert lines[2].split() == ["conv1", "Conv2d", "6×28×28", "156"]
    assert lines[9].split() == ["fc1", "Linear", "120", "48,120"]
    assert lines[-2] == "Total parameters: 61,706"
    assert lines[-1] == "Trainable parameters: 61,706"
    params_end = {len(line) for line in lines[2:14]}
    assert len(params_end) == 1  # parameter column right-aligned to one edge


def test_to_dict_is_plain_json() -> None:
    data = json.loads(json.dumps(summarize(load_builtin("lenet5", weights=False)).to_dict()))
    assert data["total_params"] == 61_706
    assert data["layers"][0] == {
        "name": "conv1",
        "type_name": "Conv2d",
        "output_shape": [6, 28, 28],
        "params": 156,
        "trainable": 156,
    }
    assert [layer["name"] for layer in data["layers"]] == [row[0] for row in LENET_ROWS]


def test_summary_uses_the_spec_input_shape() -> None:
    assert load_builtin("lenet5", weights=False).spec == MNIST_SPEC
    model = nn.Sequential(nn.Conv2d(3, 4, kernel_size=3), nn.MaxPool2d(2))  # 3·3·3·4 + 4 = 112
    rows = summarize(bundle_of(model, InputSpec(3, 10, 12))).rows
    assert [(r.output_shape, r.params) for r in rows] == [((4, 8, 10), 112), ((4, 4, 5), 0)]
