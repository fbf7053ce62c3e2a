"""Opening models: built-in names, state_dict files, checkpoints, and refusing bad or unsafe files."""

from __future__ import annotations

import os
import pathlib
import pickle
from pathlib import Path

import pytest
import torch

from cnnviz.core import checkpoint
from cnnviz.core.builtins import MNIST_SPEC, TINYVGG_SPEC, build_builtin, lenet5
from cnnviz.core.checkpoint import atomic_torch_save, checkpoint_dict, is_checkpoint, save_checkpoint
from cnnviz.core.sources import ModelLoadError, builtin_names, load_builtin, load_model
from cnnviz.core.spec import InputSpec


def touch_marker(path: str) -> None:
    """What a malicious file would run while being unpickled."""
    pathlib.Path(path).touch()


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return touch_marker, (str(self.marker),)


class Unpicklable:
    def __reduce__(self) -> tuple[object, ...]:
        raise RuntimeError("cannot pickle this")


@pytest.fixture(autouse=True)
def no_shipped_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the resources folder at an empty one, so shipped weights never interfere."""
    resources = tmp_path / "resources"
    (resources / "weights").mkdir(parents=True)
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(resources))
    return resources


def same_weights(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def test_builtin_names() -> None:
    assert builtin_names() == ["lenet5", "tinyvgg"]


@pytest.mark.parametrize("name", ["lenet5", "LeNet-5", "lenet"])
def test_load_lenet5_by_name(name: str) -> None:
    bundle = load_model(name)
    assert (bundle.name, bundle.arch, bundle.trained) == ("LeNet-5", "lenet5", False)
    assert bundle.parameter_count == 61_706
    assert bundle.spec == MNIST_SPEC and bundle.labels == [str(d) for d in range(10)]
    assert same_weights(bundle.module, build_builtin("lenet5"))
    assert not bundle.module.training


def test_load_tinyvgg_by_name() -> None:
    bundle = load_model("tinyvgg")
    assert bundle.arch == "tinyvgg" and bundle.spec == TINYVGG_SPEC
    assert bundle.parameter_count == 280 + 3 * 910 + 16_910
    assert len(bundle.labels) == 10 and "pizza" in bundle.labels


@pytest.mark.parametrize("as_checkpoint", [False, True], ids=["state_dict", "checkpoint"])
def test_shipped_weights_are_used_when_present(no_shipped_weights: Path, as_checkpoint: bool) -> None:
    bundle = load_builtin("lenet5", weights=False)
    bundle.module.load_state_dict(build_builtin("lenet5", seed=5).state_dict())
    data = checkpoint_dict(bundle) if as_checkpoint else bundle.module.state_dict()
    torch.save(data, no_shipped_weights / "weights" / "lenet5.pt")
    loaded = load_model("lenet5")
    assert loaded.trained
    assert same_weights(loaded.module, build_builtin("lenet5", seed=5))
    assert not load_builtin("lenet5", weights=False).trained


def test_shipped_weights_that_do_not_fit_raise(no_shipped_weights: Path) -> None:
    torch.save(lenet5(num_classes=3).state_dict(), no_shipped_weights / "weights" / "lenet5.pt")
    with pytest.raises(ModelLoadError, match="do not fit"):
        load_model("lenet5")


@pytest.mark.parametrize("key", ["lenet5", "tinyvgg"])
def test_state_dict_file_of_each_builtin(tmp_path: Path, key: str) -> None:
    source = build_builtin(key, seed=123)
    path = tmp_path / f"my_{key}.pt"
    torch.save(source.state_dict(), path)
    bundle = load_model(path)
    assert bundle.arch == key and bundle.trained
    assert path.name in bundle.name and bundle.source == str(path)
    assert same_weights(bundle.module, source)
    assert not same_weights(bundle.module, build_builtin(key))  # the file's weights, not the defaults


def test_a_file_named_like_a_builtin_wins_over_the_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch.save(build_builtin("lenet5", seed=9).state_dict(), tmp_path / "lenet5")
    monkeypatch.chdir(tmp_path)
    assert load_model("lenet5").trained


def test_checkpoint_round_trip(tmp_path: Path) -> None:
    bundle = load_builtin("lenet5", weights=False)
    bundle.module.load_state_dict(build_builtin("lenet5", seed=7).state_dict())
    bundle.labels = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    bundle.spec = InputSpec(1, 28, 28, (0.1307,), (0.3081,), preprocess="mnist", polarity="light_on_dark")
    bundle.trained = True
    path = tmp_path / "digits.ckpt"
    save_checkpoint(bundle, path, history={"loss": [1.0, 0.5]})
    raw = torch.load(path, weights_only=True)
    assert is_checkpoint(raw) and raw["history"] == {"loss": [1.0, 0.5]}
    loaded = load_model(path)
    assert loaded.labels == bundle.labels
    assert loaded.spec == bundle.spec
    assert loaded.arch == "lenet5" and loaded.trained
    assert "digits.ckpt" in loaded.name
    assert same_weights(loaded.module, bundle.module)


def test_mismatched_state_dict_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "three_channels.pt"
    state = lenet5().state_dict()
    state["conv1.weight"] = torch.zeros(6, 3, 5, 5)  # LeNet-5 reads one channel (other class counts fit)
    torch.save(state, path)
    with pytest.raises(ModelLoadError) as info:
        load_model(path)
    message = str(info.value)
    assert "three_channels.pt" in message and "lenet5" in message and "tinyvgg" in message
    assert "\n" not in message


def test_checkpoint_with_weights_of_another_model_is_refused(tmp_path: Path) -> None:
    data = checkpoint_dict(load_builtin("lenet5", weights=False))
    data["state_dict"] = build_builtin("tinyvgg").state_dict()
    torch.save(data, tmp_path / "mixed.pt")
    with pytest.raises(ModelLoadError, match="do not fit lenet5"):
        load_model(tmp_path / "mixed.pt")


def test_checkpoint_with_unknown_architecture_is_refused(tmp_path: Path) -> None:
    data = checkpoint_dict(load_builtin("lenet5", weights=False)) | {"arch": "resnet50", "version": 1}
    del data["arch_spec"]  # a version-1 checkpoint names its architecture by "arch" only
    torch.save(data, tmp_path / "other.pt")
    with pytest.raises(ModelLoadError, match="unknown architecture 'resnet50'"):
        load_model(tmp_path / "other.pt")


def test_file_without_tensors_is_refused(tmp_path: Path) -> None:
    torch.save({"numbers": [1, 2, 3]}, tmp_path / "numbers.pt")
    with pytest.raises(ModelLoadError, match="neither a cnnviz checkpoint nor a state_dict"):
        load_model(tmp_path / "numbers.pt")


@pytest.mark.parametrize("kind", ["empty", "random", "truncated", "text", "folder", "missing"])
def test_unreadable_model_files_raise(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.pt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(4096))
    elif kind == "truncated":
        torch.save(build_builtin("lenet5").state_dict(), path)
        path.write_bytes(path.read_bytes()[:5000])
    elif kind == "text":
        path.write_text("hello world\n")
    elif kind == "folder":
        path.mkdir()
    with pytest.raises(ModelLoadError) as info:
        load_model(path)
    message = str(info.value)
    assert f"{kind}.pt" in message and "\n" not in message
    assert "Python code" not in message


@pytest.mark.parametrize("how", ["torch.save", "raw pickle"])
def test_a_file_that_would_run_code_is_refused(tmp_path: Path, how: str) -> None:
    marker = tmp_path / "was_run"
    pickle.loads(pickle.dumps(Payload(tmp_path / "control")))  # the payload is live when unpickled…
    assert (tmp_path / "control").exists()
    path = tmp_path / "evil.pt"
    if how == "torch.save":
        torch.save({"state_dict": Payload(marker)}, path)
    else:
        path.write_bytes(pickle.dumps(Payload(marker), protocol=2))
    with pytest.raises(ModelLoadError):
        load_model(path)
    assert not marker.exists()  # …but loading the model never ran it


def test_code_in_a_torch_file_is_named_as_such(tmp_path: Path) -> None:
    torch.save({"state_dict": Payload(tmp_path / "marker")}, tmp_path / "evil.pt")
    with pytest.raises(ModelLoadError, match="contains Python code"):
        load_model(tmp_path / "evil.pt")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_failed_rename_leaves_the_previous_checkpoint_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.pt"
    first = load_builtin("lenet5", weights=False)
    save_checkpoint(first, path)
    second = load_builtin("lenet5", weights=False)
    second.module.load_state_dict(build_builtin("lenet5", seed=3).state_dict())

    def refuse(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(checkpoint.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(second, path)
    monkeypatch.undo()
    assert same_weights(load_model(path).module, first.module)
    assert leftovers(tmp_path) == []


def test_failed_pickling_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "weights.pt"
    torch.save(build_builtin("lenet5").state_dict(), path)
    before = path.read_bytes()
    with pytest.raises(Exception, match="cannot pickle"):
        atomic_torch_save({"bad": Unpicklable()}, path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []
    with pytest.raises(Exception, match="cannot pickle"):
        atomic_torch_save({"bad": Unpicklable()}, tmp_path / "new.pt")
    assert not (tmp_path / "new.pt").exists()
