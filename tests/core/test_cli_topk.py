"""``cnnviz topk``: the cache it writes equals an in-process scan, reuse, the montage, Ctrl+C then
--resume equal to one run, the progress display, and one-line user errors."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from cnnviz import cli_topk
from cnnviz.cli import main
from cnnviz.core import datasets
from cnnviz.core.sources import load_builtin
from cnnviz.core.topk import ImageSet, ScanProgress, TopKState, scan_topk
from cnnviz.core.topk_cache import cache_file, cache_key, load_cache

LIMIT = 200
ARGS = ["lenet5", "digits", "--layer", "conv2", "--limit", str(LIMIT), "--batch-size", "32", "--seed", "4"]
LOADED: dict[tuple[object, ...], datasets.Dataset] = {}


@pytest.fixture(autouse=True)
def generate_each_data_set_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real loader, each (set, sizes, seed) generated once per module: the tests stay fast."""
    real = datasets.load_dataset

    def cached(
        key: str, train: int | None = None, val: int | None = None, seed: int = 0, **kw: Any
    ) -> object:
        if (key, train, val, seed) not in LOADED:
            LOADED[key, train, val, seed] = real(key, train, val, seed, **kw)
        return LOADED[key, train, val, seed]

    monkeypatch.setattr(datasets, "load_dataset", cached)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["topk", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def expected() -> tuple[ImageSet, TopKState, Path]:
    """The images, an in-process scan of them and the cache file name the CLI should use."""
    images = ImageSet.from_dataset(datasets.load_dataset("digits", LIMIT, 0, 4), seed=4)
    module = load_builtin("lenet5").module
    *_, progress = scan_topk(module, images, "conv2", 9, batch_size=50)
    return images, progress.state, cache_file(".", cache_key(module, images, "conv2", 9))


def test_scan_writes_the_cache_and_reuses_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, *ARGS, "-o", tmp_path)
    assert code == 0, err
    images, state, name = expected()
    path = tmp_path / name.name
    assert out.startswith(f"{path}: layer conv2, 16 maps, top 9 of 200 images")
    module = load_builtin("lenet5").module
    assert load_cache(path, cache_key(module, images, "conv2", 9)).same_result(state)
    assert "200/200 images" in err and "images/s" in err  # not a terminal: progress lines
    code, out, _ = run(capsys, *ARGS, "-o", tmp_path)
    assert code == 0 and out.startswith(f"cached: {path}")


def test_montage_shows_the_first_maps(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    picture = tmp_path / "figure.png"
    code, out, err = run(capsys, *ARGS, "-o", tmp_path, "--montage", picture, "--channels", "3")
    assert code == 0, err
    with Image.open(picture) as image:
        width, height = image.size
        pixels = np.asarray(image.convert("RGB"))
    assert f"{picture}: 3 maps, {width}×{height} px" in out
    assert width > 2 * height  # three channel blocks in one row, each two 3×3 grids wide
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # crops and projections, not blank


def test_ctrl_c_saves_and_resume_finishes_like_one_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scan = cli_topk.ScanBar.scan
    handler_before = signal.getsignal(signal.SIGINT)  # SIG_IGN when started in the background

    def interrupt_after_64(self: cli_topk.ScanBar, progress: ScanProgress) -> None:
        real_scan(self, progress)
        if progress.images_done == 64:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl+C sends

    monkeypatch.setattr(cli_topk.ScanBar, "scan", interrupt_after_64)
    code, _, err = run(capsys, *ARGS, "-o", tmp_path)
    assert code == 130
    resume = f"cnnviz topk lenet5 digits --layer conv2 -o {tmp_path} --limit 200 --seed 4 --resume"
    assert f"interrupted after 64 of 200 images; resume with: {resume}" in err
    monkeypatch.undo()
    assert signal.getsignal(signal.SIGINT) is handler_before
    images, state, name = expected()
    key = cache_key(load_builtin("lenet5").module, images, "conv2", 9)
    assert load_cache(tmp_path / name.name, key).images_done == 64
    code, _, err = run(capsys, *ARGS, "-o", tmp_path, "--resume")
    assert code == 0, err
    assert load_cache(tmp_path / name.name, key).same_result(state)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["topk", *ARGS, "-o", str(tmp_path)]) == 0
    shown = terminal.getvalue()
    assert "\r[####################] 100.0%  200/200 images" in shown
    assert shown.endswith("\r")  # the bar is cleared at the end


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lenet5", "digits", "--layer", "nope"], "there is no layer 'nope'"),
        (["lenet5", "nodata", "--layer", "conv2"], "unknown data set 'nodata'"),
        (["lenet5", "shapes", "--layer", "conv2"], "has 3×64×64 images but the model takes 1×28×28"),
        (["lenet5", "digits", "--layer", "conv2", "--k", "0"], "must be a whole number from 1"),
        (["nomodel", "digits", "--layer", "conv2"], "unknown model 'nomodel'"),
    ],
)
def test_user_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args, "--limit", "20", "-o", tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("cnnviz: error:") and message in err and err.count("cnnviz: error:") == 1


def test_output_resume_and_cache_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = run(capsys, *ARGS, "-o", a_file)
    assert code == 2 and "-o takes a folder" in err
    code, _, err = run(capsys, *ARGS, "-o", tmp_path / "empty", "--resume")
    assert code == 2 and "nothing to resume" in err
    _, _, name = expected()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / name.name).write_bytes(b"PK\x03\x04 truncated")
    code, _, err = run(capsys, *ARGS, "-o", broken, "--resume")
    assert code == 2 and "is not a readable top-k cache" in err.splitlines()[-1]
    code, _, err = run(capsys, *ARGS, "-o", broken)  # without --resume: scanned again, with a note
    assert code == 0 and "Scanning again" in err
