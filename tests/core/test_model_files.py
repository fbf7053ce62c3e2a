"""Opening the user's own files: pickled models (trust), TorchScript, torch.export, ONNX, safetensors."""

from __future__ import annotations

import io
import os
import pathlib
import pickle
import warnings
import zipfile
from pathlib import Path

import pytest
import torch
from torch import nn

from cnnviz.core.builtins import build_builtin
from cnnviz.core.checkpoint import load_checkpoint
from cnnviz.core.graph_files import ScriptedModel
from cnnviz.core.model_files import NotAModelFile, sniff_format
from cnnviz.core.recording import recording
from cnnviz.core.sources import ModelLoadError, NeedsTrust, load_model

TOLERANCE = 1e-5  # ONNX and graph conversions reorder float operations: equal to 1e-5 (absolute)
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Torchvision signatures cached beside pytest's temporary folders; no shipped weights."""
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path_factory.getbasetemp().parent / "cnnviz-cache"))
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path_factory.mktemp("no-resources")))


class TwoChannelNet(nn.Module):
    """Not a known architecture: 2 input channels, a functional ReLU, 7 classes, needs 32×32."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4 * 15 * 15, 7)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.pool(torch.relu(self.conv(x))).flatten(1))


def touch_marker(path: str) -> None:
    """What a malicious file would run while being unpickled."""
    pathlib.Path(path).touch()


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return touch_marker, (str(self.marker),)


def odd_net() -> TwoChannelNet:
    torch.manual_seed(0)
    return TwoChannelNet().eval()


def outputs(module: nn.Module, shape: tuple[int, ...]) -> torch.Tensor:
    x = torch.rand((2, *shape), generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        return module.eval()(x)


def test_pickled_model_needs_trust(tmp_path: Path) -> None:
    path = tmp_path / "whole.pt"
    torch.save(odd_net(), path)
    with pytest.raises(NeedsTrust) as info:
        load_model(path)
    assert info.value.path == path and "only continue if you trust its source" in info.value.warning
    assert str(info.value).startswith("'whole.pt' contains Python code") and "\n" not in str(info.value)
    bundle = load_model(path, trust=True)
    assert bundle.extra["format"] == "pickle" and bundle.extra["input_guessed"]
    assert bundle.name == "TwoChannelNet (whole.pt)" and "arch_spec" not in bundle.extra
    assert bundle.spec.shape == (2, 32, 32)  # 2 channels from the convolution; 32 is the first size that fits
    assert bundle.labels == [str(i) for i in range(7)]
    torch.testing.assert_close(outputs(bundle.module, (2, 32, 32)), outputs(odd_net(), (2, 32, 32)))


def test_a_pickled_builtin_is_recognised_and_rebuilt(tmp_path: Path) -> None:
    source = build_builtin("lenet5", seed=6, batchnorm=True).eval()
    torch.save(source, tmp_path / "lenet.pt")
    bundle = load_model(tmp_path / "lenet.pt", trust=True)
    assert bundle.arch == "lenet5" and bundle.extra["arch_spec"]["options"] == {"batchnorm": True}
    assert "recognised as LeNet-5" in bundle.extra["note"] and bundle.labels[3] == "3"
    assert bundle.module is not source and type(bundle.module) is nn.Sequential
    torch.testing.assert_close(outputs(bundle.module, (1, 28, 28)), outputs(source, (1, 28, 28)))


@pytest.mark.parametrize("how", ["torch.save", "raw pickle", "inside a dict", "checkpoint"])
def test_a_file_that_would_run_code_never_runs_it_without_trust(tmp_path: Path, how: str) -> None:
    marker, path = tmp_path / "was_run", tmp_path / "evil.pt"
    pickle.loads(pickle.dumps(Payload(tmp_path / "control")))  # the payload is live when unpickled…
    assert (tmp_path / "control").exists()
    if how == "raw pickle":
        path.write_bytes(pickle.dumps(Payload(marker), protocol=2))
    else:
        torch.save({"format": "cnnviz-checkpoint", "state_dict": Payload(marker)}, path)
        if how == "torch.save":
            torch.save(Payload(marker), path)
    with pytest.raises(ModelLoadError):
        load_checkpoint(path) if how == "checkpoint" else load_model(path)
    assert not marker.exists()  # …but opening the file never ran it
    if how != "raw pickle":
        with pytest.raises(NeedsTrust):
            load_model(path)
        assert not marker.exists()


def test_trusting_a_file_runs_its_code(tmp_path: Path) -> None:
    """The other side of the coin: trust=True really unpickles everything (so it must be asked)."""
    marker = tmp_path / "was_run"
    torch.save({"model": Payload(marker)}, tmp_path / "evil.pt")
    with pytest.raises(ModelLoadError, match="neither a cnnviz checkpoint nor a state_dict"):
        load_model(tmp_path / "evil.pt", trust=True)
    assert marker.exists()


def test_torchscript_of_a_builtin_is_rebuilt_with_every_layer(tmp_path: Path) -> None:
    source = build_builtin("tinyvgg", seed=2, num_classes=4).eval()
    torch.jit.save(torch.jit.script(source), tmp_path / "tiny.ts")
    assert sniff_format(tmp_path / "tiny.ts") == "torchscript"
    bundle = load_model(tmp_path / "tiny.ts")
    assert bundle.arch == "tinyvgg" and bundle.extra["format"] == "torchscript"
    assert len(bundle.labels) == 4 and type(bundle.module) is nn.Sequential
    torch.testing.assert_close(outputs(bundle.module, (3, 64, 64)), outputs(source, (3, 64, 64)))


def test_torchscript_of_an_unknown_model_predicts_but_has_no_layers(tmp_path: Path) -> None:
    torch.jit.save(torch.jit.trace(odd_net(), torch.rand(1, 2, 32, 32)), tmp_path / "odd.pt")
    bundle = load_model(tmp_path / "odd.pt")  # the content, not the name, says TorchScript
    assert isinstance(bundle.module, ScriptedModel) and bundle.extra["format"] == "torchscript"
    assert bundle.spec.shape == (2, 32, 32) and len(bundle.labels) == 7
    assert bundle.parameter_count == sum(p.numel() for p in odd_net().parameters())
    torch.testing.assert_close(outputs(bundle.module, (2, 32, 32)), outputs(odd_net(), (2, 32, 32)))
    with recording(bundle.module) as recorder:  # hooks cannot see inside: no records, and no error
        bundle.module(torch.rand(1, 2, 32, 32))
    assert recorder.records == []
    with pytest.raises(RuntimeError, match="not supported on ScriptModules"):
        bundle.module.scripted.conv.register_forward_hook(lambda *_args: None)


def test_a_tampered_torchscript_archive_runs_no_code(tmp_path: Path) -> None:
    path, marker = tmp_path / "tampered.ts", tmp_path / "was_run"
    torch.jit.save(torch.jit.script(build_builtin("lenet5")), path)
    rewrite_member(path, "data.pkl", pickle.dumps(Payload(marker), protocol=2))
    with pytest.raises(ModelLoadError, match="not a readable TorchScript file"):
        load_model(path)
    assert not marker.exists()


def rewrite_member(path: Path, suffix: str, data: bytes) -> None:
    """Replace the archive member whose name ends with ``suffix`` (the rest copied unchanged)."""
    with zipfile.ZipFile(path) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as new:
        for info, content in members:
            new.writestr(info, data if info.filename.endswith(suffix) else content)


def test_exported_program_of_a_builtin_is_rebuilt(tmp_path: Path) -> None:
    source = build_builtin("lenet5", seed=8).eval()
    torch.export.save(torch.export.export(source, (torch.rand(1, 1, 28, 28),)), tmp_path / "lenet.pt2")
    assert sniff_format(tmp_path / "lenet.pt2") == "export"
    bundle = load_model(tmp_path / "lenet.pt2")
    assert bundle.arch == "lenet5" and bundle.extra["format"] == "export"
    torch.testing.assert_close(outputs(bundle.module, (1, 28, 28)), outputs(source, (1, 28, 28)))


def test_exported_program_of_an_unknown_model_records_its_layers(tmp_path: Path) -> None:
    source = odd_net()
    torch.export.save(torch.export.export(source, (torch.rand(1, 2, 32, 32),)), tmp_path / "odd.pt2")
    bundle = load_model(tmp_path / "odd.pt2")
    assert bundle.spec.shape == (2, 32, 32) and not bundle.extra["input_guessed"]  # the program says
    x = torch.rand(1, 2, 32, 32)
    with torch.no_grad(), recording(bundle.module) as got, recording(source) as want:
        torch.testing.assert_close(bundle.module(x), source(x), atol=TOLERANCE, rtol=0)
    mine = {r.name: r.array for r in got.records}
    assert {"conv", "pool", "fc"} <= set(mine)
    for record in want.records:
        assert record.array is not None
        torch.testing.assert_close(torch.from_numpy(mine[record.name]), torch.from_numpy(record.array))


def test_an_export_archive_with_pickled_code_needs_trust(tmp_path: Path) -> None:
    path, marker = tmp_path / "evil.pt2", tmp_path / "was_run"
    torch.export.save(torch.export.export(odd_net(), (torch.rand(1, 2, 32, 32),)), path)
    buffer = io.BytesIO()
    torch.save(Payload(marker), buffer)  # torch.export.load would fall back to weights_only=False here
    rewrite_member(path, "sample_inputs/model.pt", buffer.getvalue())
    with pytest.raises(NeedsTrust, match="pickled Python objects"):
        load_model(path)
    assert not marker.exists()


def export_onnx(module: nn.Module, shape: tuple[int, ...], path: Path, dynamo: bool = False) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = torch.rand((1, *shape))
        if dynamo:
            torch.onnx.export(module, (x,), path, dynamo=True, verbose=False)
        else:
            axes = {"input": {0: "batch"}}
            torch.onnx.export(module, (x,), path, dynamo=False, input_names=["input"], dynamic_axes=axes)


def test_onnx_predictions_and_activations_equal_the_original(tmp_path: Path) -> None:
    source = build_builtin("tinyvgg", seed=9).eval()
    export_onnx(source, (3, 64, 64), tmp_path / "tiny.onnx")
    bundle = load_model(tmp_path / "tiny.onnx")
    assert bundle.extra["format"] == "onnx" and bundle.spec.shape == (3, 64, 64)
    assert not bundle.extra["input_guessed"] and len(bundle.labels) == 10
    x = torch.rand(3, 3, 64, 64)  # the batch dimension is dynamic
    with torch.no_grad(), recording(bundle.module) as got, recording(source) as want:
        torch.testing.assert_close(bundle.module(x), source(x), atol=TOLERANCE, rtol=0)
    converted = {r.name.split("/")[0]: r.array for r in got.records}  # onnx2torch: "conv_1_1/Conv"
    compared = 0
    for record in want.records:
        if record.name in converted and record.array is not None:
            got_array = converted[record.name]
            assert got_array is not None
            torch.testing.assert_close(
                torch.from_numpy(got_array), torch.from_numpy(record.array), atol=TOLERANCE, rtol=0
            )
            compared += 1
    assert compared == len(want.records) == 12  # every layer, convolutions to the output


def test_onnx_from_the_dynamo_exporter_opset_above_18(tmp_path: Path) -> None:
    source = odd_net()
    export_onnx(source, (2, 32, 32), tmp_path / "odd.onnx", dynamo=True)
    bundle = load_model(tmp_path / "odd.onnx")
    assert bundle.spec.shape == (2, 32, 32)
    x = torch.rand(1, 2, 32, 32)  # this exporter fixes the batch size at 1
    with torch.no_grad():
        torch.testing.assert_close(bundle.module(x), source(x), atol=TOLERANCE, rtol=0)


class ChannelsLast(nn.Module):
    """A Keras-style model: (N, H, W, C) in."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 2, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x.permute(0, 3, 1, 2)).mean((2, 3))


def test_a_channels_last_onnx_graph_is_refused_with_a_hint(tmp_path: Path) -> None:
    export_onnx(ChannelsLast().eval(), (32, 32, 3), tmp_path / "keras.onnx")
    with pytest.raises(ModelLoadError, match="channels-last") as info:
        load_model(tmp_path / "keras.onnx")
    assert "--inputs-as-nchw" in str(info.value) and "\n" not in str(info.value)


def test_safetensors_weights_are_matched(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    source = build_builtin("lenet5", seed=12).eval()
    save_file(source.state_dict(), str(tmp_path / "lenet.safetensors"))
    bundle = load_model(tmp_path / "lenet.safetensors")
    assert bundle.arch == "lenet5" and bundle.extra["format"] == "safetensors"
    torch.testing.assert_close(outputs(bundle.module, (1, 28, 28)), outputs(source, (1, 28, 28)))


def write_junk(path: Path, kind: str) -> None:
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(4096))
    elif kind == "truncated":
        torch.save(build_builtin("lenet5").state_dict(), path)
        path.write_bytes(path.read_bytes()[:5000])
    elif kind == "image":
        from PIL import Image

        Image.new("RGB", (8, 8)).save(path, format="PNG")
    elif kind == "text":
        path.write_text("hello world\n")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes.txt", "not a model")
    elif kind == "onnx":
        path.write_bytes(b"\x08\x07\x12\x05torch\x3a\xff\xff\xff")


@pytest.mark.parametrize("kind", ["empty", "random", "truncated", "image", "text", "zip", "onnx"])
def test_wrong_and_damaged_files_give_one_clear_line(tmp_path: Path, kind: str) -> None:
    path = tmp_path / ("model.onnx" if kind == "onnx" else "model.pt")
    write_junk(path, kind)
    with pytest.raises(ModelLoadError) as info:
        load_model(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message and "Traceback" not in message
    if kind in ("empty", "image", "text", "zip", "truncated"):
        assert isinstance(info.value, NotAModelFile)
    expected = {
        "image": "is a PNG image",
        "text": "is a text file",
        "empty": "empty",
        "truncated": "truncated",
    }
    assert expected.get(kind, "") in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAModelFile, match="does not exist"):
        sniff_format(tmp_path / "nothing.pt")
    with pytest.raises(NotAModelFile, match="is a folder"):
        sniff_format(tmp_path)
