"""The real app on a real X server (Xvfb with Qt's xcb platform, not offscreen): it starts, a digit
is drawn, and every panel is read back from the screen's pixels (drive_panels.py).

CNNVIZ_REALWINDOW_OUT=folder keeps the screenshots there (to look at them); otherwise they go to
a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.realwindow.xserver import app_environment, unavailable_reason, xvfb

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("drive_panels.py")
SCREEN = "1600x1000x24"
RUN_TIMEOUT_S = 150
MIN_COLOURS = 12  # a drawn panel: text antialiasing, plots and frames give many more
# Qt's complaints when painting fails, threads destroyed while running, exceptions in slots.
BAD_STDERR = (
    "QPainter::",
    "QWidget::paintEngine",
    "QWidget::repaint",
    "QBackingStore",
    "Painter not active",
    "QThread: Destroyed",
    "Traceback (most recent call last)",
    "Fatal Python error",
)


@dataclass
class Run:
    """What the driver left: the manifest, the screenshot folder and the app's stderr."""

    manifest: dict[str, Any]
    folder: Path
    stderr: str

    def image(self, name: str) -> np.ndarray:
        """A screenshot as an (H, W, 3) uint8 array."""
        with Image.open(self.folder / name) as picture:
            return np.asarray(picture.convert("RGB"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Start Xvfb, run the real app's driver on it once, and collect what it wrote."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("realwindow")
    folder = Path(os.environ.get("CNNVIZ_REALWINDOW_OUT") or home / "shots")
    command = [sys.executable, str(DRIVER), str(folder), "--settings", str(home / "cnnviz.ini")]
    with xvfb(SCREEN) as display:
        done = subprocess.run(
            command,
            env=app_environment(display, home, REPO),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
    assert done.returncode == 0, f"driver exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return Run(manifest, folder, done.stderr)


def test_the_app_ran_on_the_real_x_platform(run: Run) -> None:
    assert run.manifest["platform"] == "xcb"
    assert run.manifest["welcome_closed"], "the first start showed no welcome"


def test_the_drawn_three_is_predicted(run: Run) -> None:
    assert run.manifest["top"][0].split()[0] == "3", run.manifest["top"]


def test_every_panel_has_a_screenshot_of_its_dock_size(run: Run) -> None:
    from cnnviz.gui.i18n import PANEL_TITLES

    shots = {shot["title"]: shot for shot in run.manifest["panels"]}
    assert set(shots) == {str(title) for title in PANEL_TITLES}
    for title, shot in shots.items():
        height, width = run.image(shot["file"]).shape[:2]
        assert (width, height) == (shot["width"], shot["height"]), title
        assert width >= 200 and height >= 150, f"{title} is squeezed to {width}×{height}"


def distinct_colours(pixels: np.ndarray) -> int:
    """How many different RGB colours the picture holds."""
    packed = pixels.reshape(-1, 3).astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
    return len(np.unique(packed))


@pytest.mark.parametrize("which", ["panels", "window"])
def test_screenshots_are_not_blank(run: Run, which: str) -> None:
    shots = run.manifest["panels"] if which == "panels" else [{"title": "window", **run.manifest["window"]}]
    for shot in shots:
        colours = distinct_colours(run.image(shot["file"]))
        assert colours >= MIN_COLOURS, f"{shot['title']} looks blank: {colours} colours"


def test_the_window_screenshot_covers_the_window(run: Run) -> None:
    whole = run.manifest["window"]
    assert run.image(whole["file"]).shape[:2] == (whole["height"], whole["width"])
    assert whole["width"] >= 1000 and whole["height"] >= 700


def test_panels_differ_from_each_other(run: Run) -> None:
    shots = run.manifest["panels"]
    images = {shot["title"]: run.image(shot["file"]) for shot in shots}
    for first, second in combinations(images, 2):
        a, b = images[first], images[second]
        if a.shape == b.shape:
            assert np.mean(np.any(a != b, axis=2)) > 0.01, f"{first} and {second} look the same"


def test_no_painting_warnings_or_destroyed_threads(run: Run) -> None:
    bad = [line for line in run.stderr.splitlines() if any(text in line for text in BAD_STDERR)]
    assert not bad, "\n".join(bad)
