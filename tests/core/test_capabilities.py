"""Which panels work for which model, and why not: probed on real models and real files."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core.builtins import build_builtin
from cnnviz.core.capabilities import (
    ACTIVATIONS,
    CONVOLUTION,
    DECONVNET,
    FILTERS,
    GRADCAM,
    NAMES,
    OCCLUSION,
    POOLING,
    PREDICTION,
    RECEPTIVE,
    SALIENCY,
    TRAINING,
    Capability,
    capabilities,
)
from cnnviz.core.recording import hook_count
from cnnviz.core.sources import load_builtin, load_model
from cnnviz.core.spec import InputSpec, ModelBundle

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path_factory.getbasetemp().parent / "cnnviz-cache"))
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path_factory.mktemp("no-resources")))


class Branchy(nn.Module):
    """Data-dependent control flow (fx cannot trace it) and no pooling; 1×28×28 in, 3 classes."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(2 * 26 * 26, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.conv(x))
        if y.sum() > 1e9:
            y = y * 2
        return self.fc(y.flatten(1))


def by_name(caps: list[Capability]) -> dict[str, Capability]:
    assert [c.name for c in caps] == list(NAMES)
    return {c.name: c for c in caps}


def available(caps: list[Capability]) -> set[str]:
    return {c.name for c in caps if c.available}


def test_everything_works_for_a_builtin_and_the_model_is_left_untouched() -> None:
    bundle = load_builtin("tinyvgg", weights=False)
    bundle.module.train()
    caps = by_name(capabilities(bundle))
    assert all(c.available and c.reason == "" for c in caps.values())
    assert bundle.module.training and hook_count(bundle.module) == 0
    assert all(p.grad is None for p in bundle.module.parameters())


def test_an_unrecognised_torchscript_file_only_predicts(tmp_path: Path) -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.jit.save(torch.jit.script(Branchy()), tmp_path / "branchy.ts")
    caps = capabilities(load_model(tmp_path / "branchy.ts"))
    assert available(caps) == {PREDICTION, SALIENCY, OCCLUSION}
    reasons = by_name(caps)
    assert "TorchScript modules refuse layer hooks" in reasons[ACTIVATIONS].reason
    assert "TorchScript file" in reasons[TRAINING].reason


def test_an_unrecognised_export_has_layers_but_no_layer_types(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(18, 3)
    ).eval()
    torch.export.save(torch.export.export(model, (torch.rand(1, 1, 8, 8),)), tmp_path / "seq.pt2")
    caps = by_name(capabilities(load_model(tmp_path / "seq.pt2")))
    assert available(list(caps.values())) == {
        PREDICTION,
        ACTIVATIONS,
        "Architecture table",
        GRADCAM,
        SALIENCY,
        OCCLUSION,
    }
    for name in (FILTERS, POOLING, CONVOLUTION, RECEPTIVE):
        assert "graph pieces" in caps[name].reason
    assert "graph operators" in caps[DECONVNET].reason


def test_an_onnx_model_has_every_panel_but_training(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            build_builtin("lenet5").eval(), (torch.rand(1, 1, 28, 28),), tmp_path / "l.onnx", dynamo=False
        )
    caps = capabilities(load_model(tmp_path / "l.onnx"))
    assert available(caps) == set(NAMES) - {TRAINING}
    assert "ONNX file" in by_name(caps)[TRAINING].reason


def test_missing_layer_kinds_and_untraceable_models() -> None:
    bundle = ModelBundle("branchy", Branchy().eval(), InputSpec(1, 28, 28), ["a", "b", "c"])
    caps = by_name(capabilities(bundle))
    assert caps[POOLING].reason == "no pooling layers" and not caps[POOLING].available
    assert caps[RECEPTIVE].available and caps[RECEPTIVE].reason.startswith("approximate: torch.fx")
    assert not caps[TRAINING].available  # no architecture to save it with
    assert caps[FILTERS].available and caps[DECONVNET].available


def test_a_model_that_fails_says_so_everywhere() -> None:
    bundle = ModelBundle("wrong input", build_builtin("lenet5"), InputSpec(3, 5, 5), [])
    caps = capabilities(bundle)
    assert not available(caps)
    assert all(c.reason.startswith("the model fails on an input:") for c in caps)


def test_a_frozen_model_cannot_train() -> None:
    bundle = load_builtin("lenet5", weights=False)
    bundle.module.requires_grad_(False)
    caps = by_name(capabilities(bundle))
    assert caps[TRAINING].reason == "every parameter is frozen"
    assert caps[SALIENCY].available  # the input still gets its gradient
