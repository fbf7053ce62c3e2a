"""``cnnviz render --view occlusion`` and ``--view topk``: the PNGs equal what core computes (and core
equals plain torch), partial scans, and one-line errors with exit 2."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from cnnviz.cli import main
from cnnviz.cli_views import GAP
from cnnviz.core import datasets
from cnnviz.core.grid import GAP_COLOUR
from cnnviz.core.heatmaps import blend, diverging_lut, grey, input_to_rgb, overlay_signed
from cnnviz.core.imageio import load_image
from cnnviz.core.occlusion import occlusion_maps
from cnnviz.core.occlusion_picture import PALETTE, label_pixels
from cnnviz.core.preprocess import prepare_input
from cnnviz.core.sources import load_model
from cnnviz.core.topk import ImageSet, scan_topk
from cnnviz.core.topk_cache import cache_file, cache_key, load_cache, save_cache
from cnnviz.core.topk_montage import topk_montage
from cnnviz.core.topk_views import TopKViews
from tests.core.cli_files import drawn_one_and_lenet

LOADED: dict[tuple[object, ...], datasets.Dataset] = {}
SCAN = ["digits", "--layer", "conv2", "--limit", "60", "--seed", "4"]


@pytest.fixture(autouse=True)
def no_shipped_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random built-in weights only, and each data set generated once per module (fast tests)."""
    (tmp_path / "resources").mkdir()
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path / "resources"))
    real = datasets.load_dataset

    def cached(key: str, train: Any = None, val: Any = None, seed: int = 0, **kw: Any) -> object:
        if (key, train, val, seed) not in LOADED:
            LOADED[key, train, val, seed] = real(key, train, val, seed, **kw)
        return LOADED[key, train, val, seed]

    monkeypatch.setattr(datasets, "load_dataset", cached)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A drawn "1", a LeNet-5 weights file (seeded random weights), an output path and a cache folder."""
    return {**drawn_one_and_lenet(tmp_path), "cache": tmp_path / "cache"}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def png(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def halves(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The left and right pictures of a side-by-side PNG written at scale 1."""
    picture = png(path)
    gap = np.flatnonzero((picture == GAP_COLOUR).all(axis=(0, 2)))
    assert len(gap) == GAP
    return picture[:, : gap[0]], picture[:, gap[-1] + 1 :]


def model_and_input(files: dict[str, Path]) -> tuple[torch.nn.Module, np.ndarray]:
    bundle = load_model(files["model"])
    return bundle.module.eval(), prepare_input(load_image(files["one"]), bundle.spec)


def plain_sweep(
    model: torch.nn.Module, x: np.ndarray, patch: int, stride: int, layer: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per position: the softmax of the occluded image and (with ``layer``) its maps, by plain torch.

    Captum's positions: ⌈(28 − patch) / stride⌉ + 1 per axis; the square is the image's mean.
    """
    image = torch.from_numpy(x)[None]
    starts = np.arange(math.ceil((28 - patch) / stride) + 1) * stride
    batch = []
    for top in starts:
        for left in starts:
            occluded = image.clone()
            occluded[..., top : top + patch, left : left + patch] = image.mean()
            batch.append(occluded)
    seen: list[torch.Tensor] = []
    handle = None
    if layer is not None:
        module = dict(model.named_modules())[layer]
        handle = module.register_forward_hook(lambda _m, _i, out: seen.append(out.clone()))
    try:
        with torch.no_grad():
            probs = torch.softmax(model(torch.cat(batch)).double(), dim=1).numpy()
    finally:
        if handle is not None:
            handle.remove()
    maps = seen[0].numpy() if seen else np.empty(0)
    return probs.reshape(len(starts), len(starts), -1), maps


def test_probability_map_is_the_drop_over_the_grey_input(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--view", "occlusion", "--patch", "6", "--stride", "4", "--class", "3", "--scale", "1"]
    code, out, err = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0, err
    assert "occlusion, class 3, p = " in out and "7×7 positions (square 6, stride 4), exact mode" in out
    assert "49/49 square positions" in err  # progress on stderr
    model, x = model_and_input(files)
    maps = occlusion_maps(model, x, 6, 4, target_class=3)
    probs, _ = plain_sweep(model, x, 6, 4)
    with torch.no_grad():
        p0 = float(torch.softmax(model(torch.from_numpy(x)[None]).double(), dim=1)[0, 3])
    np.testing.assert_allclose(maps.probability, probs[..., 3], rtol=1e-5, atol=1e-9)
    assert f"p = {p0:.3f} without the square, lowest {probs[..., 3].min():.3f}" in out
    left, right = halves(files["out"])
    base = input_to_rgb(x)
    assert left.tolist() == np.round(base * 255).astype(np.uint8).tolist()
    drop = maps.pixel_map()
    assert right.tolist() == overlay_signed(base, drop).tolist()
    # By hand: the pixel whose drop has the largest magnitude gets the end of the diverging map,
    # half over its grey; pixel (0, 0) is covered by the first square only.
    assert drop[0, 0] == pytest.approx(p0 - probs[0, 0, 3], abs=1e-6)
    peak = np.unravel_index(np.argmax(np.abs(drop)), drop.shape)
    end = np.array((178, 24, 43) if drop[peak] > 0 else (33, 102, 172))
    expected = np.round((0.5 * grey(base)[peak] + 0.5 * end / 255) * 255)
    assert right[peak].tolist() == expected.astype(int).tolist()


def test_label_map_colours_each_pixel_by_its_nearest_square(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--view", "occlusion", "--map", "label", "--patch", "8", "--stride", "5", "--scale", "2"]
    code, out, err = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0, err
    model, x = model_and_input(files)
    probs, _ = plain_sweep(model, x, 8, 5)
    labels = probs.argmax(axis=2)
    categories = sorted(set(labels.ravel().tolist()))
    colours = ["blue", "orange", "green", "red", "purple", "brown", "pink", "grey", "olive", "cyan"]
    assert "labels: " + ", ".join(f"{k} {colours[i]}" for i, k in enumerate(categories)) in out
    maps = occlusion_maps(model, x, 8, 5)
    assert maps.label.tolist() == labels.tolist()
    picture = png(files["out"])[::2, ::2]
    right = picture[:, 28 + GAP :]
    index = np.searchsorted(categories, labels)
    expected = blend(grey(input_to_rgb(x)), PALETTE[label_pixels(maps, index)])
    assert right.tolist() == expected.tolist()


def test_activation_map_is_the_drop_of_the_feature_total(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--map", "activation", "--layer", "conv2", "--channel", "3", "--patch", "5", "--stride", "3"]
    code, out, err = run(
        capsys, "render", files["model"], files["one"], "--view", "occlusion", *args, "--scale", "1",
        "-o", files["out"],
    )  # fmt: skip
    assert code == 0, err
    assert "layer conv2, channel 3 totals" in out
    model, x = model_and_input(files)
    _, conv2 = plain_sweep(model, x, 5, 3, layer="conv2")
    totals = conv2[:, 3].reshape(len(conv2), -1).sum(axis=1).reshape(9, 9)
    maps = occlusion_maps(model, x, 5, 3, feature=("conv2", 3))
    assert maps.activation is not None and maps.original_activation is not None
    np.testing.assert_allclose(maps.activation, totals, rtol=1e-4, atol=1e-4)
    _, right = halves(files["out"])
    drop = maps.pixel_map(maps.original_activation - maps.activation)
    assert right.tolist() == overlay_signed(input_to_rgb(x), drop).tolist()


def test_approximate_mode_draws_the_approximate_maps(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args = ["--view", "occlusion", "--mode", "approximate", "--patch", "4", "--stride", "1", "--scale", "1"]
    code, out, err = run(capsys, "render", files["model"], files["one"], *args, "-o", files["out"])
    assert code == 0, err
    assert "25×25 positions (square 4, stride 1), approximate mode" in out
    model, x = model_and_input(files)
    maps = occlusion_maps(model, x, 4, 1, mode="approx")
    assert maps.mode == "approx" and maps.estimated.any()
    _, right = halves(files["out"])
    assert right.tolist() == overlay_signed(input_to_rgb(x), maps.pixel_map()).tolist()


def test_diverging_lut_is_blue_white_red() -> None:
    lut = diverging_lut()
    assert lut[0].tolist() == [33, 102, 172] and lut[-1].tolist() == [178, 24, 43]
    assert np.abs(lut[127:129].astype(int) - 240).max() <= 1  # zero sits between 127 and 128


def make_cache(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> Path:
    code, out, err = run(capsys, "topk", files["model"], *SCAN, "-o", files["cache"])
    assert code == 0, err
    return Path(out.split(":")[0])


def images_and_module(files: dict[str, Path]) -> tuple[ImageSet, Any]:
    images = ImageSet.from_dataset(datasets.load_dataset("digits", 60, 0, 4), seed=4)
    return images, load_model(files["model"])


def test_topk_view_draws_the_montage_from_the_cache(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    path = make_cache(capsys, files)
    args: list[str | Path] = [
        "--view",
        "topk",
        "--cache",
        files["cache"],
        "--channels",
        "2,0-1",
        "--scale",
        "1",
    ]
    code, out, err = run(capsys, "render", files["model"], *SCAN, *args, "-o", files["out"])
    assert code == 0, err
    assert "topk, layer conv2, 3 maps, top 9 of 60 images" in out and "partial" not in err
    images, bundle = images_and_module(files)
    state = load_cache(path, cache_key(bundle.module, images, "conv2", 9))
    views = TopKViews(bundle, state, images)
    expected = topk_montage(views, [2, 0, 1], bundle.spec.mean, bundle.spec.std)
    assert png(files["out"]).tolist() == expected.tolist()


def test_topk_view_draws_a_partial_scan_with_a_note(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    images, bundle = images_and_module(files)
    first = next(iter(scan_topk(bundle, images, "conv2", 9, batch_size=20)))
    key = cache_key(bundle.module, images, "conv2", 9)
    files["cache"].mkdir()
    save_cache(cache_file(files["cache"], key), first.state, key)
    args: list[str | Path] = ["--view", "topk", "--cache", files["cache"], "--channels", "5", "--scale", "1"]
    code, out, err = run(capsys, "render", files["model"], *SCAN, *args, "-o", files["out"])
    assert code == 0, err
    assert "partial (20 of 60 images)" in err and "top 9 of 20 images" in out
    expected = topk_montage(TopKViews(bundle, first.state, images), [5], bundle.spec.mean, bundle.spec.std)
    assert png(files["out"]).tolist() == expected.tolist()


TOPK_ERRORS = {
    "no cache option": (["--layer", "conv2"], "needs --layer L and --cache DIR"),
    "cache not a folder": (["--layer", "conv2", "--cache", "{model}"], "is a file"),
    "other seed": (["--layer", "conv2", "--limit", "60", "--seed", "5", "--cache", "{cache}"], "--seed 4"),
    "other layer": (["--layer", "conv1", "--limit", "60", "--seed", "4", "--cache", "{cache}"], "no top-9"),
    "channel": (
        ["--layer", "conv2", "--limit", "60", "--seed", "4", "--cache", "{cache}", "--channels", "3,16"],
        "channel 16 does not exist: layer conv2 has channels 0–15",
    ),
    "bad channels": (["--layer", "conv2", "--cache", "{cache}", "--channels", "1-"], "0,1,4-7"),
    "class": (["--layer", "conv2", "--cache", "{cache}", "--class", "1"], "does not use --class"),
    "occlusion option": (["--layer", "conv2", "--cache", "{cache}", "--patch", "3"], "does not use --patch"),
}


@pytest.mark.parametrize("case", list(TOPK_ERRORS))
def test_topk_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], case: str
) -> None:
    make_cache(capsys, files)
    args, fragment = TOPK_ERRORS[case]
    filled = [a.format(cache=files["cache"], model=files["model"]) for a in args]
    code, out, err = run(
        capsys, "render", files["model"], "digits", "--view", "topk", *filled, "-o", files["out"]
    )
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cnnviz: error:"), err
    assert fragment in lines[0]
    assert not files["out"].exists()


OCCLUSION_ERRORS = {
    "layer without activation map": (["--layer", "conv1"], "only with --map activation"),
    "activation without channel": (
        ["--map", "activation", "--layer", "conv1"],
        "needs --layer L and --channel",
    ),
    "channel": (["--map", "activation", "--layer", "conv1", "--channel", "6"], "channels 0–5"),
    "unknown layer": (["--map", "activation", "--layer", "conv9", "--channel", "0"], "no layer 'conv9'"),
    "square too big": (["--patch", "29"], "29-pixel square does not fit the 28×28"),
    "class": (["--class", "10"], "classes 0–9"),
    "mode": (["--mode", "fast"], "--mode"),
    "unit": (["--unit", "1,1"], "does not use --unit"),
    "topk option": (["--cache", "x"], "does not use --cache"),
}


@pytest.mark.parametrize("case", list(OCCLUSION_ERRORS))
def test_occlusion_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], case: str
) -> None:
    args, fragment = OCCLUSION_ERRORS[case]
    code, out, err = run(
        capsys, "render", "lenet5", files["one"], "--view", "occlusion", *args, "-o", files["out"]
    )
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cnnviz: error:"), err
    assert fragment in lines[0]
    assert not files["out"].exists()


def test_occlusion_options_are_refused_by_other_views(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    args: list[str | Path] = ["--view", "saliency", "--map", "label", "--stride", "2", "-o", files["out"]]
    code, _, err = run(capsys, "render", "lenet5", files["one"], *args)
    assert code == 2 and "the saliency view does not use --stride, --map" in err
