"""The headless command line, in process (main) and as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from cnnviz.cli import COMMANDS, main
from cnnviz.core.grid import GAP_COLOUR, layout_for
from cnnviz.core.imageio import load_image
from cnnviz.core.preprocess import prepare_input
from cnnviz.core.sources import load_builtin

REPO_ROOT = Path(__file__).resolve().parents[2]
LENET_LAYERS = [
    "conv1",
    "relu1",
    "pool1",
    "conv2",
    "relu2",
    "pool2",
    "flatten",
    "fc1",
    "relu3",
    "fc2",
    "relu4",
    "fc3",
]


@pytest.fixture(autouse=True)
def no_shipped_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random built-in weights only: the tests must not depend on resources/weights."""
    (tmp_path / "resources").mkdir()
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path / "resources"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A drawn "1", a blank canvas, a truncated PNG, random bytes and a bogus model file."""
    one = Image.new("RGB", (280, 280), "black")
    ImageDraw.Draw(one).line([(140, 40), (140, 240)], fill="white", width=20)
    paths = {name: tmp_path / f"{name}.png" for name in ("one", "blank", "corrupt", "random")}
    one.save(paths["one"])
    Image.new("RGB", (280, 280), "black").save(paths["blank"])
    paths["corrupt"].write_bytes(paths["one"].read_bytes()[:120])
    paths["random"].write_bytes(np.random.default_rng(1).bytes(2000))
    paths["model"] = tmp_path / "model.pt"
    paths["model"].write_bytes(np.random.default_rng(2).bytes(3000))
    paths["out"] = tmp_path / "out.png"
    return paths


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(code: int, err: str) -> str:
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cnnviz: error:")
    return lines[0]


def test_commands() -> None:
    assert COMMANDS[:8] == ("summary", "predict", "render", "train", "conv", "pad", "pool", "shape")
    assert "topk" in COMMANDS


def test_summary_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", "lenet5")
    assert code == 0
    assert "61,706" in out
    assert "Total parameters: 61,706" in out
    for name in LENET_LAYERS:
        assert re.search(rf"^{name}\s", out, re.MULTILINE), name
    assert "6×28×28" in out


def test_summary_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", "LeNet-5", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "LeNet-5" and data["trained"] is False
    assert data["input_shape"] == [1, 28, 28]
    assert data["labels"] == [str(d) for d in range(10)]
    assert [layer["name"] for layer in data["layers"]] == LENET_LAYERS
    assert data["total_params"] == sum(layer["params"] for layer in data["layers"]) == 61_706
    assert data["layers"][3]["output_shape"] == [16, 10, 10]


def test_summary_of_tinyvgg(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "summary", "tinyvgg", "--json")[1])
    assert data["total_params"] == 280 + 3 * 910 + 16_910
    assert data["input_shape"] == [3, 64, 64]


def test_predict_json_matches_an_independent_forward_pass(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "predict", "lenet5", files["one"], "--json", "-k", "4")
    assert code == 0
    data = json.loads(out)
    probs = np.array(data["probabilities"])
    assert probs.shape == (10,)
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)
    bundle = load_builtin("lenet5", weights=False)
    x = torch.from_numpy(prepare_input(load_image(files["one"]), bundle.spec))[None]
    with torch.no_grad():
        expected = torch.softmax(bundle.module(x), dim=1)[0].numpy()
    np.testing.assert_allclose(probs, expected, atol=1e-5)
    top = data["top"]
    assert [t["index"] for t in top] == list(np.argsort(-expected)[:4])
    assert all(t["label"] == str(t["index"]) for t in top)
    assert [t["probability"] for t in top] == sorted((t["probability"] for t in top), reverse=True)


def test_predict_text(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, err = run(capsys, "predict", "lenet5", files["one"], "-k", "5")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 5
    parsed = [re.fullmatch(r"(\d)  ([01]\.\d{4})", line) for line in lines]
    assert all(parsed), lines
    probs = [float(m.group(2)) for m in parsed if m]
    assert probs == sorted(probs, reverse=True)
    assert len({m.group(1) for m in parsed if m}) == 5
    assert "random weights" in err  # untrained models are flagged


def test_predict_k_larger_than_the_classes(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "predict", "lenet5", files["one"], "-k", "50")
    assert code == 0 and len(out.splitlines()) == 10


def test_predict_inverted_paper_photo(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    paper = Image.eval(Image.open(files["one"]), lambda v: 255 - v)
    paper.save(tmp_path / "paper.png")
    auto = json.loads(run(capsys, "predict", "lenet5", tmp_path / "paper.png", "--json")[1])
    plain = json.loads(run(capsys, "predict", "lenet5", files["one"], "--json")[1])
    np.testing.assert_allclose(auto["probabilities"], plain["probabilities"], atol=1e-6)
    forced = json.loads(
        run(capsys, "predict", "lenet5", tmp_path / "paper.png", "--json", "--invert", "no")[1]
    )
    assert not np.allclose(forced["probabilities"], plain["probabilities"], atol=1e-4)


def read_png(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"))


def test_render_conv1_geometry(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = run(
        capsys, "render", "lenet5", files["one"], "--layer", "conv1", "-o", files["out"], "--scale", "2"
    )
    assert code == 0 and str(files["out"]) in out
    png = read_png(files["out"])
    # 6 maps of 28×28 → 2 rows × 3 columns with 1-pixel gaps: 57 × 86, doubled
    assert png.shape == (114, 172, 3)
    assert png.shape[:2] == tuple(2 * s for s in layout_for(6, 28, 28).shape)
    assert (png[56:58, :] == GAP_COLOUR).all()  # the gap row between the two rows of maps
    assert (png[:, 56:58] == GAP_COLOUR).all()
    assert len({tuple(p) for p in png[:56, :56].reshape(-1, 3)}) > 3  # a real map, not a flat tile


def test_render_fully_connected_layer_is_a_strip(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["render", "lenet5", files["one"], "--layer", "FC1", "-o", files["out"], "--scale", "3"]
    code, out, _ = run(capsys, *args, "--normalize", "layer")
    assert code == 0 and "fc1" in out
    assert read_png(files["out"]).shape == (3, 360, 3)


def test_render_auto_scale(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, _, _ = run(capsys, "render", "lenet5", files["one"], "--layer", "pool2", "-o", files["out"])
    assert code == 0
    # 16 maps of 5×5 → 4 × 4 grid of 23 × 23 px; the automatic zoom is capped at 32
    assert read_png(files["out"]).shape == (23 * 32, 23 * 32, 3)


def test_render_normalisation_changes_the_picture(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    base = ["render", "lenet5", files["one"], "--layer", "conv2", "--scale", "1"]
    assert run(capsys, *base, "-o", tmp_path / "map.png", "--normalise", "map")[0] == 0
    assert run(capsys, *base, "-o", tmp_path / "layer.png", "--normalise", "layer")[0] == 0
    assert not np.array_equal(read_png(tmp_path / "map.png"), read_png(tmp_path / "layer.png"))


ERROR_CASES = {
    "missing image": (["predict", "lenet5", "{tmp}/nope.png"], "does not exist"),
    "corrupt image": (["predict", "lenet5", "{corrupt}"], "corrupt.png"),
    "random bytes image": (["render", "lenet5", "{random}", "--layer", "conv1", "-o", "{out}"], "random.png"),
    "blank image": (["predict", "lenet5", "{blank}"], "blank"),
    "bad model name": (["summary", "resnet9000"], "lenet5"),
    "wrong model file": (["predict", "{model}", "{one}"], "model.pt"),
    "model is a folder": (["summary", "{tmp}"], "folder"),
    "unknown layer": (["render", "lenet5", "{one}", "--layer", "conv9", "-o", "{out}"], "fc3"),
    "missing image argument": (["predict", "lenet5"], "IMAGE"),
    "missing layer": (["render", "lenet5", "{one}", "-o", "{out}"], "--layer"),
    "no arguments": ([], "COMMAND"),
    "unknown command": (["explain", "lenet5"], "explain"),
    "bad invert": (["predict", "lenet5", "{one}", "--invert", "maybe"], "--invert"),
    "k zero": (["predict", "lenet5", "{one}", "-k", "0"], "-k"),
    "scale zero": (
        ["render", "lenet5", "{one}", "--layer", "conv1", "-o", "{out}", "--scale", "0"],
        "--scale",
    ),
    "unknown option": (["summary", "lenet5", "--frobnicate"], "--frobnicate"),
    "unknown device": (["summary", "lenet5", "--device", "tpu"], "tpu"),
    "output folder missing": (
        ["render", "lenet5", "{one}", "--layer", "conv1", "-o", "{tmp}/no/x.png"],
        "cannot write",
    ),
    "output is a folder": (["render", "lenet5", "{one}", "--layer", "conv1", "-o", "{tmp}"], "folder"),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_errors_give_exit_2_and_one_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path, case: str
) -> None:
    template, fragment = ERROR_CASES[case]
    names = {k: str(v) for k, v in files.items()} | {"tmp": str(tmp_path)}
    code, out, err = run(capsys, *(arg.format(**names) for arg in template))
    line = assert_one_error_line(code, err)
    assert fragment in line
    assert out == ""
    assert not files["out"].exists()


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0 and "--layer" in out and "--normalise" in out


def subprocess_env() -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    }


def test_real_subprocess_summary_and_error(files: dict[str, Path]) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "cnnviz.cli", "summary", "lenet5"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Total parameters: 61,706" in ok.stdout
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnnviz.cli",
            "render",
            "lenet5",
            str(files["one"]),
            "--layer",
            "x",
            "-o",
            str(files["out"]),
        ],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert "there is no layer 'x'" in assert_one_error_line(bad.returncode, bad.stderr)
    assert "Traceback" not in bad.stderr and bad.stdout == ""
    assert not files["out"].exists()


@pytest.mark.parametrize(
    "args",
    [
        ["predict", "lenet5"],
        ["predict", "lenet5", "{corrupt}"],
        ["render", "x", "{tmp}/no.png", "--layer", "a", "-o", "{tmp}/o.png"],
    ],
    ids=["argument", "corrupt image", "missing image"],
)
def test_argument_and_image_errors_are_fast_and_do_not_import_torch(
    files: dict[str, Path], tmp_path: Path, args: list[str]
) -> None:
    argv = [a.format(corrupt=files["corrupt"], tmp=tmp_path) for a in args]
    code = (
        "import sys\n"
        "from cnnviz.cli import main\n"
        f"rc = main({argv!r})\n"
        "sys.exit(rc + (10 if 'torch' in sys.modules else 0))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(), timeout=60
    )
    assert proc.returncode == 2, proc.stderr  # 12 would mean torch was imported
    assert_one_error_line(proc.returncode, proc.stderr)


def test_python_dash_m_cnnviz_dispatches_to_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cnnviz", "summary", "lenet5", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total_params"] == 61_706


def test_teaching_commands_are_wired_into_the_main_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert {"conv", "pad", "pool", "shape"} <= set(COMMANDS)
    assert main(["conv", "--input", "3 1 4; 2 2 2; 4 8 1", "--kernel", "0 1; 0 1"]) == 0
    # The kernel [[0 1]; [0 1]] adds the right column of each 2×2 window:
    # (0,0) 1+2 = 3, (0,1) 4+2 = 6, (1,0) 2+8 = 10, (1,1) 2+1 = 3.
    assert capsys.readouterr().out.split("\n")[:2] == ["3 6", "10 3"]
    layers = "conv 6 k5 p2; relu; pool k2; flatten; fc 10"
    assert main(["shape", "--input", "1x28x28", "--layers", layers]) == 0
    out = capsys.readouterr().out
    assert "6×14×14" in out or "6x14x14" in out
    assert "Total parameters: 11,926" in out  # 156 + (6·14·14·10 + 10) = 156 + 11,770
    assert main(["pool", "--input", "1 2; 3 4", "--size", "2", "--op", "avg"]) == 0
    assert capsys.readouterr().out.strip() == "2.5"
