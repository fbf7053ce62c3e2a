"""The command line with the user's own files: --trust for pickled models, ONNX and TorchScript."""

from __future__ import annotations

import json
import pathlib
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from torch import nn

from cnnviz.cli import main
from cnnviz.core.imageio import load_image
from cnnviz.core.inference import InferenceRequest, run_inference
from cnnviz.core.sources import load_model

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path_factory.getbasetemp().parent / "cnnviz-cache"))
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path_factory.mktemp("no-resources")))


class Digits(nn.Module):
    """A digit classifier of the user's own design (not a built-in): 1×28×28 in, 10 classes."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 5, stride=2)
        self.fc = nn.Linear(3 * 12 * 12, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.conv(x)).flatten(1))


def touch_marker(path: str) -> None:
    pathlib.Path(path).touch()


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return touch_marker, (str(self.marker),)


@pytest.fixture
def image(tmp_path: Path) -> Path:
    picture = Image.new("RGB", (280, 280), "black")
    ImageDraw.Draw(picture).line([(140, 40), (140, 240)], fill="white", width=20)
    picture.save(tmp_path / "one.png")
    return tmp_path / "one.png"


@pytest.fixture
def pickled(tmp_path: Path) -> Path:
    torch.manual_seed(1)
    torch.save(Digits().eval(), tmp_path / "digits.pt")
    return tmp_path / "digits.pt"


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("cnnviz: error: ")
    return err


@pytest.mark.parametrize("command", ["summary", "predict", "render"])
def test_a_pickled_model_needs_trust(
    pickled: Path, image: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.png")
    extra = {"summary": [], "predict": [str(image)], "render": [str(image), "--layer", "conv", "-o", out]}
    assert main([command, str(pickled), *extra[command]]) == 2
    message = error_line(capsys)
    assert "digits.pt" in message and "trust its source" in message and "Add --trust" in message
    assert main([command, str(pickled), *extra[command], "--trust"]) == 0


def test_trusted_summary_predict_and_render(
    pickled: Path, image: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(pickled), "--trust", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["input_shape"] == [1, 28, 28] and [r["name"] for r in summary["layers"]] == ["conv", "fc"]
    assert main(["predict", str(pickled), str(image), "--trust", "--json", "-k", "10"]) == 0
    probabilities = json.loads(capsys.readouterr().out)["probabilities"]
    bundle = load_model(pickled, trust=True)
    want = run_inference(bundle, InferenceRequest(0, load_image(image))).probabilities
    np.testing.assert_allclose(probabilities, want, rtol=1e-6)
    out = tmp_path / "conv.png"
    assert main(["render", str(pickled), str(image), "--layer", "conv", "-o", str(out), "--trust"]) == 0
    assert Image.open(out).size[0] > 12


@pytest.mark.parametrize("command", ["summary", "predict"])
def test_a_file_that_would_run_code_never_runs_it_from_the_cli(
    tmp_path: Path, image: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "was_run"
    torch.save({"state_dict": Payload(marker)}, tmp_path / "evil.pt")
    extra = [str(image)] if command == "predict" else []
    assert main([command, str(tmp_path / "evil.pt"), *extra]) == 2
    assert "--trust" in error_line(capsys)
    assert not marker.exists()


def test_onnx_and_torchscript_files_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    torch.manual_seed(2)
    model = Digits().eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.rand(1, 1, 28, 28),), tmp_path / "d.onnx", dynamo=False)
        torch.jit.save(torch.jit.script(model), tmp_path / "d.ts")
    assert main(["summary", str(tmp_path / "d.onnx"), "--json"]) == 0
    layers = [r["name"] for r in json.loads(capsys.readouterr().out)["layers"]]
    assert (
        layers[0].startswith("conv") and "Conv" in layers[0] and len(layers) == 4
    )  # conv, relu, flatten, fc
    assert main(["summary", str(tmp_path / "d.ts"), "--json"]) == 0  # no layers to list, but no error
    summary = json.loads(capsys.readouterr().out)
    assert summary["layers"] == [] and summary["total_params"] == sum(p.numel() for p in model.parameters())
