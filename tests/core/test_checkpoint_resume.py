"""Checkpoint format 2: any architecture, a resumable training state, version-1 files, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core import checkpoint
from cnnviz.core.architectures import build_from_spec, builder_spec, builtin_spec, zoo_spec
from cnnviz.core.builder import BlockSpec, BuilderConfig, ConvSpec
from cnnviz.core.builtins import MNIST_SPEC, build_builtin, lenet5, tinyvgg
from cnnviz.core.checkpoint import (
    checkpoint_dict,
    infer_builtin_options,
    load_checkpoint,
    save_checkpoint,
)
from cnnviz.core.resources import weights_path
from cnnviz.core.sources import ModelLoadError, load_model
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.core.training import TrainConfig, train

SMALL_BUILDER = BuilderConfig(
    input=(1, 10, 10), blocks=[BlockSpec([ConvSpec(3, 3, batchnorm=True)], "max")], fc=[6], num_classes=4
)
SPEC_10 = InputSpec(1, 10, 10)


def same_weights(a: nn.Module, b: nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def bundle_of(module: nn.Module, spec: InputSpec, labels: list[str], arch: str = "") -> ModelBundle:
    return ModelBundle("a model", module, spec, labels, trained=True, arch=arch)


def test_the_shipped_version_1_weights_still_load() -> None:
    raw = torch.load(weights_path("lenet5"), map_location="cpu", weights_only=True)
    assert raw["version"] == 1 and "arch_spec" not in raw
    bundle, state = load_checkpoint(weights_path("lenet5"))
    assert state is None and bundle.arch == "lenet5" and bundle.trained
    assert bundle.spec == MNIST_SPEC and bundle.labels == [str(d) for d in range(10)]
    assert bundle.extra["arch_spec"] == {"kind": "builtin", "name": "lenet5", "options": {}}
    assert bundle.extra["history"]["test_accuracy"] >= 0.95
    assert all(torch.equal(v, raw["state_dict"][k]) for k, v in bundle.module.state_dict().items())


def test_a_builtin_with_options_round_trips(tmp_path: Path) -> None:
    module = build_builtin("lenet5", seed=4, num_classes=3, batchnorm=True, dropout=0.2)
    bundle = bundle_of(module, MNIST_SPEC, ["a", "b", "c"], arch="lenet5")
    save_checkpoint(bundle, tmp_path / "bn.pt", history={"epochs": []})  # spec worked out from the module
    raw = torch.load(tmp_path / "bn.pt", weights_only=True)
    options = {"num_classes": 3, "dropout": pytest.approx(0.2), "batchnorm": True}
    assert raw["version"] == 2 and raw["arch"] == "lenet5" and raw["arch_spec"]["options"] == options
    loaded = load_model(tmp_path / "bn.pt")
    assert same_weights(loaded.module, module) and loaded.labels == ["a", "b", "c"]
    assert loaded.name == "LeNet-5 (bn.pt)" and not loaded.module.training
    assert any(isinstance(m, nn.Dropout) for m in loaded.module.modules())


def test_a_builder_model_round_trips(tmp_path: Path) -> None:
    spec = builder_spec(SMALL_BUILDER)
    module = build_from_spec(spec, seed=2)
    save_checkpoint(bundle_of(module, SPEC_10, list("wxyz")), tmp_path / "mine.pt", arch_spec=spec)
    loaded = load_model(tmp_path / "mine.pt")
    assert loaded.arch == "builder" and loaded.name == "Custom CNN (mine.pt)"
    assert loaded.spec == SPEC_10 and loaded.extra["arch_spec"] == spec
    assert same_weights(loaded.module, module)
    assert loaded.module(torch.zeros(1, 1, 10, 10)).shape == (1, 4)


def test_a_zoo_model_round_trips_with_its_frozen_layers(tmp_path: Path) -> None:
    spec = zoo_spec("squeezenet1_1", 3, in_channels=1, freeze_backbone=True)
    module = build_from_spec(spec, seed=5)
    assert module.get_submodule("classifier.1").weight.requires_grad
    save_checkpoint(
        bundle_of(module, InputSpec(1, 64, 64), ["a", "b", "c"]), tmp_path / "zoo.pt", arch_spec=spec
    )
    loaded = load_model(tmp_path / "zoo.pt")
    assert loaded.arch == "zoo:squeezenet1_1" and same_weights(loaded.module, module)
    trainable = {n for n, p in loaded.module.named_parameters() if p.requires_grad}
    assert trainable == {"classifier.1.weight", "classifier.1.bias"}


def test_a_resumed_run_from_a_checkpoint_ends_with_the_same_weights(tmp_path: Path) -> None:
    gen = torch.Generator().manual_seed(0)
    x, y = torch.rand(24, 1, 28, 28, generator=gen), torch.randint(0, 10, (24,), generator=gen)
    config = TrainConfig(epochs=2, batch_size=8, lr=1e-3)
    whole = build_builtin("lenet5", seed=1, dropout=0.3)
    list(train(whole, x, y, config))

    first = build_builtin("lenet5", seed=1, dropout=0.3)
    run = train(first, x, y, config)
    for progress in run:
        if progress.phase == "epoch_end":
            break
    save_checkpoint(
        bundle_of(first, MNIST_SPEC, [str(d) for d in range(10)], "lenet5"),
        tmp_path / "r.pt",
        train_state=run.state(),
    )
    run.close()
    raw = torch.load(tmp_path / "r.pt", weights_only=True)  # saved mid-run, from channels-last weights
    assert all(v.is_contiguous() for v in raw["state_dict"].values())
    bundle, state = load_checkpoint(tmp_path / "r.pt")
    assert state is not None and (state.epoch, state.step) == (1, 0) and len(state.history) == 1
    assert isinstance(state.optimizer["state"][0]["exp_avg"], torch.Tensor)
    list(train(bundle.module, x, y, config, resume=state))
    assert same_weights(bundle.module, whole)


def test_broken_architectures_and_states_are_refused(tmp_path: Path) -> None:
    bundle = bundle_of(lenet5(), MNIST_SPEC, [str(d) for d in range(10)], "lenet5")
    cases = {
        "kind.pt": checkpoint_dict(bundle) | {"arch_spec": {"kind": "onnx"}},
        "fit.pt": checkpoint_dict(bundle, arch_spec=builder_spec(SMALL_BUILDER)),
        "zoo.pt": checkpoint_dict(bundle, arch_spec=zoo_spec("resnet19", 10)),
        "state.pt": checkpoint_dict(bundle, train_state={"epoch": 1}),
    }
    messages = {
        "kind.pt": "unknown architecture kind 'onnx'",
        "fit.pt": "has weights that do not fit Custom CNN (1 block, 1 conv, hidden FC 6, 4 classes)",
        "zoo.pt": "unknown torchvision model 'resnet19'",
        "state.pt": "unreadable training state",
    }
    with pytest.raises(ValueError, match="unknown architecture kind"):
        save_checkpoint(bundle, tmp_path / "never.pt", arch_spec={"kind": "onnx"})
    for name, data in cases.items():
        torch.save(data, tmp_path / name)
        with pytest.raises(ModelLoadError, match="^'" + name.replace(".", r"\.")) as info:
            load_checkpoint(tmp_path / name)
        assert messages[name] in str(info.value) and "\n" not in str(info.value)


def test_a_bundle_without_any_architecture_cannot_be_saved(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no architecture description"):
        save_checkpoint(bundle_of(nn.Linear(2, 2), SPEC_10, ["a", "b"]), tmp_path / "x.pt")
    assert not (tmp_path / "x.pt").exists()


def test_builtin_options_are_read_from_the_module() -> None:
    assert infer_builtin_options("tinyvgg", tinyvgg(4, batchnorm=True, in_channels=1)) == {
        "num_classes": 4,
        "dropout": 0.0,
        "batchnorm": True,
        "in_channels": 1,
    }
    assert builtin_spec("LeNet-5")["name"] == "lenet5"


def test_a_batchnorm_state_dict_is_recognised(tmp_path: Path) -> None:
    module = build_builtin("lenet5", seed=8, batchnorm=True)
    torch.save(module.state_dict(), tmp_path / "sd.pt")
    bundle, state = load_checkpoint(tmp_path / "sd.pt")
    assert state is None and same_weights(bundle.module, module)
    assert bundle.extra["arch_spec"]["options"] == {"batchnorm": True}


def test_a_failure_half_way_through_writing_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.pt"
    first = bundle_of(build_builtin("lenet5", seed=1), MNIST_SPEC, [str(d) for d in range(10)], "lenet5")
    save_checkpoint(first, path)
    before = path.read_bytes()
    real_save = torch.save

    def half_then_fail(obj: object, handle: object) -> None:
        real_save(obj, tmp_path / "scratch")
        data = (tmp_path / "scratch").read_bytes()
        handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checkpoint.torch, "save", half_then_fail)
    second = bundle_of(build_builtin("lenet5", seed=2), MNIST_SPEC, [str(d) for d in range(10)], "lenet5")
    with pytest.raises(OSError, match="No space left"):
        save_checkpoint(second, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt", "scratch"]
    assert same_weights(load_model(path).module, first.module)
