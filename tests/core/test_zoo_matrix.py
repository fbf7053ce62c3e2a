"""The course's classic torchvision models with random weights (nothing downloaded): they load,
the layer table counts every parameter, every leaf call is recorded with the shape plain torch
hooks see, functional operations fit in between, and no hook stays behind, also after an error.

64×64 inputs keep this quick (the smallest side every classic accepts: AlexNet needs 63);
one resnet18 pass runs at the real 224×224.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import numpy as np
import pytest
import torch
import torchvision
from torch import nn

from cnnviz.cli import main
from cnnviz.core.functional_taps import functional_view
from cnnviz.core.inference import probabilities_from_output
from cnnviz.core.recording import Recorder, hook_count, leaf_modules, recording
from cnnviz.core.spec import ModelBundle
from cnnviz.core.summary import summarize, summary_from_records
from cnnviz.core.zoo import CLASSICS, load_zoo

SIDE = 64
QUICK_CLI = {"resnet18", "mobilenet_v3_small"}


Calls = list[tuple[str, tuple[int, ...]]]


def plain_hook_calls(model: nn.Module, x: torch.Tensor) -> tuple[Calls, torch.Tensor]:
    """(name, #n for repeated calls; output shape) of every call of a childless module, and the
    model's output: plain torch hooks only."""
    seen: Calls = []
    calls: dict[str, int] = {}

    def hook_for(name: str) -> Callable[..., None]:
        def hook(_module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
            calls[name] = calls.get(name, 0) + 1
            seen.append((name if calls[name] == 1 else f"{name}#{calls[name]}", tuple(output.shape[1:])))

        return hook

    leaves = [(n, m) for n, m in model.named_modules() if n and not list(m.children())]
    handles = [module.register_forward_hook(hook_for(name)) for name, module in leaves]
    try:
        with torch.no_grad():
            output = model(x)
    finally:
        for handle in handles:
            handle.remove()
    return seen, output


def at_side(bundle: ModelBundle, side: int) -> ModelBundle:
    """The bundle with a smaller square input."""
    return dataclasses.replace(bundle, spec=dataclasses.replace(bundle.spec, height=side, width=side))


def check_records(model: nn.Module, x: torch.Tensor, expected: Calls, reference: torch.Tensor) -> Recorder:
    """Modules as plain hooks saw them, functional operations in between, arrays of the recorded
    shape, the same output; the parameters of the functional layer table still add up."""
    with torch.no_grad(), recording(model, functional=True) as rec:
        output = model(x)
    torch.testing.assert_close(output, reference)
    modules = dict(model.named_modules())
    assert [(r.name, r.shape) for r in rec.records if r.module_name in modules] == expected
    taps = [r for r in rec.records if r.module_name not in modules]
    assert taps and all(r.type_name.endswith("()") for r in taps)  # at least torch.flatten
    assert rec.functional_note == ""
    for record in rec.records:
        assert record.array is not None and record.array.shape == record.shape, record.name
    summary = summary_from_records(model, rec.records)
    assert sum(row.params for row in summary.rows) == summary.total_params
    assert hook_count(model) == 0 and "forward" not in model.__dict__
    assert hook_count(functional_view(model).graph_module) == 0
    return rec


def check_hooks_go_when_the_forward_raises(model: nn.Module, x: torch.Tensor, expected: Calls) -> None:
    """A layer in the middle raises: what ran is recorded, and every hook is gone afterwards."""
    names = [name for name, _ in expected]
    leaves = dict(leaf_modules(model))
    middle = names[len(names) // 2]

    def boom(*_args: object) -> None:
        raise RuntimeError("boom")

    handle = leaves[middle.split("#")[0]].register_forward_hook(boom)  # before ours: it runs first
    try:
        for functional in (False, True):
            with (
                pytest.raises(RuntimeError, match="boom"),
                torch.no_grad(),
                recording(model, functional=functional) as rec,
            ):
                model(x)
            ran = [r.name for r in rec.records if r.module_name in leaves]
            assert ran == names[: len(ran)] and middle not in ran and len(ran) >= len(names) // 3
    finally:
        handle.remove()
    assert hook_count(model) == 0 and "forward" not in model.__dict__
    assert hook_count(functional_view(model).graph_module) == 0


@pytest.mark.parametrize("name", CLASSICS)
def test_classic_model(name: str) -> None:
    bundle = load_zoo(name)
    model = bundle.module
    assert not model.training and not bundle.trained and len(bundle.labels) == 1000
    total = sum(p.numel() for p in model.parameters())
    assert total == torchvision.models.get_model_weights(name).DEFAULT.meta["num_params"]

    x = torch.randn(1, 3, SIDE, SIDE, generator=torch.Generator().manual_seed(0))
    expected, reference = plain_hook_calls(model, x)
    summary = summarize(at_side(bundle, SIDE))  # the layer table, from a zero input
    assert summary.total_params == summary.trainable_params == total
    assert sum(row.params for row in summary.rows) == total  # every parameter sits in a recorded layer
    assert [(r.name, r.output_shape) for r in summary.rows] == expected

    check_records(model, x, expected, reference)
    check_hooks_go_when_the_forward_raises(model, x, expected)


def test_resnet18_at_full_size() -> None:
    bundle = load_zoo("resnet18")
    model = bundle.module
    x = torch.randn(1, *bundle.spec.shape, generator=torch.Generator().manual_seed(1))
    assert bundle.spec.shape == (3, 224, 224)
    expected, reference = plain_hook_calls(model, x)
    records = check_records(model, x, expected, reference).by_name()
    assert records["layer4.1.add"].shape == (512, 7, 7) and records["fc"].shape == (1000,)
    assert records["layer4.1.relu#2"].shape == (512, 7, 7) and records["flatten"].shape == (512,)
    np.testing.assert_allclose(probabilities_from_output(reference).sum(), 1.0)


@pytest.mark.parametrize(
    "name", [n if n in QUICK_CLI else pytest.param(n, marks=pytest.mark.slow) for n in CLASSICS]
)
def test_cli_summary_counts_every_parameter(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", f"zoo:{name}", "--json", "--device", "cpu"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = torchvision.models.get_model_weights(name).DEFAULT.meta["num_params"]
    assert data["total_params"] == sum(layer["params"] for layer in data["layers"]) == expected
    assert data["trained"] is False and data["input_shape"][0] == 3
