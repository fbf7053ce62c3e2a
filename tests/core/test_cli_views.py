"""``cnnviz render --view …``: the pictures match the core results, errors are one line with exit 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from cnnviz.cli import main
from cnnviz.cli_views import GAP
from cnnviz.core.deconvnet import crop_box, deconv_projection, projection_to_display
from cnnviz.core.featvis import ClassTarget, UnitTarget, to_display, visualise
from cnnviz.core.gradcam import grad_cam
from cnnviz.core.gradients import guided_backprop, saliency
from cnnviz.core.grid import GAP_COLOUR
from cnnviz.core.heatmaps import heat_to_rgb, input_to_rgb, overlay
from cnnviz.core.imageio import load_image
from cnnviz.core.preprocess import prepare_input
from cnnviz.core.sources import load_model
from tests.core.cli_files import drawn_one_and_lenet


@pytest.fixture(autouse=True)
def no_shipped_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random built-in weights only: the tests must not depend on resources/weights."""
    (tmp_path / "resources").mkdir()
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path / "resources"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A drawn "1", a LeNet-5 weights file (seeded random weights) and an output path."""
    return drawn_one_and_lenet(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def halves(path: Path, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """The left and right pictures of a side-by-side PNG, at scale 1."""
    with Image.open(path) as image:
        png = np.asarray(image.convert("RGB"))[::scale, ::scale]
    gap = np.flatnonzero((png == GAP_COLOUR).all(axis=(0, 2)))
    assert len(gap) == GAP
    return png[:, : gap[0]], png[:, gap[-1] + 1 :]


def model_and_input(files: dict[str, Path]) -> tuple[torch.nn.Module, np.ndarray]:
    bundle = load_model(files["model"])
    return bundle.module, prepare_input(load_image(files["one"]), bundle.spec)


def as_uint8(picture: np.ndarray) -> np.ndarray:
    return np.clip(np.round(picture * 255.0), 0, 255).astype(np.uint8)


def test_deconv_view_is_the_input_crop_and_the_projection(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--view", "deconv", "--layer", "conv2", "--channel", "3", "--unit", "4,5", "--scale", "3"]
    code, out, _ = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0
    assert "deconv, layer conv2, channel 3, unit 4,5, activation" in out
    model, x = model_and_input(files)
    projection = deconv_projection(model, x, "conv2", 3, (4, 5))
    # Fields: conv1 5 px, pool1 6 px (jump 2), conv2 6 + 4·2 = 14 px centred on 4.5 + 2·index:
    # unit (4, 5) is centred on (12.5, 14.5) and sees rows 6–19, columns 8–21.
    assert projection.box == (6, 8, 20, 22)
    left, right = halves(files["out"], 3)
    assert left.tolist() == as_uint8(input_to_rgb(crop_box(x, projection.box))).tolist()
    assert right.tolist() == projection_to_display(crop_box(projection.image, projection.box)).tolist()


def test_deconv_view_defaults_to_the_strongest_unit_of_the_most_active_map(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "render", files["model"], files["one"], "--view", "deconv", "-o", files["out"])
    assert code == 0
    model, x = model_and_input(files)
    with torch.no_grad():
        pool2 = nn.Sequential(*list(model.children())[:6])(torch.from_numpy(x)[None])[
            0
        ]  # last layer with maps
    channel = int(pool2.amax(dim=(1, 2)).argmax())
    row, col = divmod(int(pool2[channel].argmax()), pool2.shape[2])
    assert f"layer pool2, channel {channel}, unit {row},{col}," in out


def test_gradcam_view_lays_the_map_over_the_input(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--view", "gradcam", "--layer", "relu2", "--class", "7", "--scale", "2"]
    code, out, _ = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0 and "gradcam, layer relu2, class 7 (7)" in out
    model, x = model_and_input(files)
    base = input_to_rgb(x)
    left, right = halves(files["out"], 2)
    assert left.tolist() == as_uint8(base).tolist()
    assert right.tolist() == overlay(base, grad_cam(model, x, "relu2", 7).heatmap).tolist()


@pytest.mark.parametrize("view", ["saliency", "guided", "smoothgrad", "intgrad"])
def test_pixel_views_write_a_picture_for_the_predicted_class(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], view: str
) -> None:
    extra = {"smoothgrad": ["--samples", "3"], "intgrad": ["--steps", "4"]}.get(view, [])
    args = ["--view", view, "--scale", "1", *extra]
    code, out, _ = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0
    model, x = model_and_input(files)
    predicted = saliency(model, x).target_class
    assert f"{view}, class {predicted} ({predicted})" in out
    left, right = halves(files["out"], 1)
    assert left.shape == right.shape == (28, 28, 3)
    if view == "saliency":
        assert right.tolist() == heat_to_rgb(saliency(model, x).heatmap).tolist()
    if view == "guided":
        assert right.tolist() == projection_to_display(guided_backprop(model, x).attribution).tolist()


ERRORS = {
    "unknown layer": (["--view", "gradcam", "--layer", "conv9"], "there is no layer 'conv9'"),
    "vector layer": (["--view", "gradcam", "--layer", "fc1"], "feature maps"),
    "unit outside": (["--view", "deconv", "--layer", "conv2", "--unit", "10,0"], "outside the 10×10 map"),
    "channel": (["--view", "deconv", "--layer", "conv1", "--channel", "6"], "channels 0–5"),
    "class": (["--view", "saliency", "--class", "10"], "classes 0–9"),
    "bad unit": (["--view", "deconv", "--unit", "4"], "ROW,COL"),
    "unused option": (["--view", "saliency", "--layer", "conv1", "--unit", "1,1"], "--layer, --unit"),
    "no layer for activations": ([], "--layer"),
    "unknown view": (["--view", "heatmap"], "--view"),
    "featvis unknown layer": (
        ["--view", "featvis", "--layer", "conv9", "--channel", "0"],
        "no layer 'conv9'",
    ),
    "featvis no target": (["--view", "featvis"], "needs --class K, or --layer L --channel C"),
    "featvis both": (["--view", "featvis", "--class", "1", "--layer", "conv1", "--channel", "0"], "not both"),
    "featvis channel": (["--view", "featvis", "--layer", "conv1", "--channel", "6", "--steps", "2"], "0–5"),
    "featvis class": (["--view", "featvis", "--class", "10", "--steps", "2"], "classes 0–9"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], case: str
) -> None:
    args, fragment = ERRORS[case]
    code, out, err = run(capsys, "render", "lenet5", files["one"], *args, "-o", files["out"])
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cnnviz: error:"), err
    assert fragment in lines[0]
    assert not files["out"].exists()


def test_help_lists_the_views(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0
    assert "--view" in out and "gradcam" in out and "--unit" in out and "--class" in out


@pytest.mark.parametrize(
    ("target", "described"),
    [(["--class", "4"], "class 4 (4)"), (["--layer", "conv2", "--channel", "3"], "layer conv2, channel 3")],
)
def test_featvis_writes_the_core_visualisation(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], target: list[str], described: str
) -> None:
    code, out, _ = run(
        capsys,
        "render",
        files["model"],
        files["one"],
        "--view",
        "featvis",
        *target,
        "--steps",
        "6",
        "-o",
        files["out"],
    )
    assert code == 0
    assert f"featvis, {described}, objective" in out and "896×896 px (scale 32)" in out
    with Image.open(files["out"]) as image:
        png = np.asarray(image.convert("RGB"))
    assert png.shape == (896, 896, 3)
    bundle = load_model(files["model"])
    goal = ClassTarget(4) if target[0] == "--class" else UnitTarget("conv2", 3)
    *_, last = visualise(bundle.module, bundle.spec, goal, steps=6, jitter=2)
    assert png[::32, ::32].tolist() == to_display(last.image, bundle.spec.mean, bundle.spec.std).tolist()
