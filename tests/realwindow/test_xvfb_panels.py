"""The real app on a real X server (Xvfb with Qt's xcb platform, not offscreen): it starts, a digit
is drawn, and every panel is read back from the screen's pixels (drive_panels.py).

CNNVIZ_REALWINDOW_OUT=folder keeps the screenshots there (to look at them); otherwise they go to
a temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("drive_panels.py")
SCREEN = "1600x1000x24"
X_SOCKETS = Path("/tmp/.X11-unix")
XVFB_START_S = 15.0
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


def xcb_plugin() -> Path:
    """PySide6's xcb platform plugin (the one QT_QPA_PLATFORM=xcb loads)."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_libraries(library: Path) -> list[str]:
    """Shared libraries ``library`` needs that the system lacks (ldd's "not found" lines)."""
    if shutil.which("ldd") is None:
        return []
    lines = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=False).stdout
    return [line.split("=>")[0].strip() for line in lines.splitlines() if "not found" in line]


def skip_reason() -> str | None:
    """Why this machine cannot run a real X window, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "a real X window is tested on Linux only"
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (apt-get install xvfb)"
    if not xcb_plugin().exists():
        return f"Qt's xcb platform plugin is missing: {xcb_plugin()}"
    missing = missing_libraries(xcb_plugin())
    if missing:
        return "Qt's xcb plugin needs libraries that are missing: " + ", ".join(missing)
    return None


def free_display() -> int:
    """A display number with neither a socket nor a lock file."""
    for number in random.sample(range(200, 1200), 200):
        if not (X_SOCKETS / f"X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


@contextmanager
def xvfb() -> Iterator[str]:
    """A fresh Xvfb server; yields its DISPLAY (":N") once its socket is there."""
    for _attempt in range(3):  # another process may take the same number at the same moment
        number = free_display()
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + XVFB_START_S
        while server.poll() is None and not (X_SOCKETS / f"X{number}").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if server.poll() is None and (X_SOCKETS / f"X{number}").exists():
            try:
                yield f":{number}"
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            return
        server.kill()
        server.wait()
    pytest.fail("Xvfb did not start (three display numbers tried)")


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


def app_environment(display: str, home: Path) -> dict[str, str]:
    """The app on the X display with the xcb platform; data, caches and config in ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(REPO),
    )
    return env


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Start Xvfb, run the real app's driver on it once, and collect what it wrote."""
    reason = skip_reason()
    if reason is not None:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("realwindow")
    folder = Path(os.environ.get("CNNVIZ_REALWINDOW_OUT") or home / "shots")
    command = [sys.executable, str(DRIVER), str(folder), "--settings", str(home / "cnnviz.ini")]
    with xvfb() as display:
        done = subprocess.run(
            command,
            env=app_environment(display, home),
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
