"""The stand-alone application (packaging/cnnviz.spec) starts offline and shows a prediction.

Slow (a PyInstaller build of torch takes many minutes): excluded from the default run and
from CI; run with ``pytest tests/packaging -m slow``. An up-to-date dist/cnnviz/ is reused.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # a build takes about 8 minutes on 2 cores

BUILD_APP = Path(__file__).resolve().parents[2] / "packaging" / "build_app.py"
DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: any download through a proxy fails


def load_build_app() -> ModuleType:
    """packaging/build_app.py as a module (packaging/ is not a package: the name is taken)."""
    spec = importlib.util.spec_from_file_location("cnnviz_build_app", BUILD_APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_app() -> ModuleType:
    """The build script, with dist/cnnviz/ built from the current sources."""
    module = load_build_app()
    if not module.bundle_is_current():
        module.build()
    assert module.bundle_is_current()
    return module


def offline_env(build_app: ModuleType, tmp_path: Path) -> dict[str, str]:
    """The smoke-test environment with empty home, caches and a proxy that refuses everything."""
    env = build_app.smoke_env(tmp_path / "config")
    for key in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TORCH_HOME"):
        env[key] = str(tmp_path / key.lower())
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env[key] = DEAD_PROXY
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return env


def test_bundle_carries_the_shipped_weights_and_icons(build_app: ModuleType) -> None:
    resources = build_app.BUNDLE / "_internal" / "cnnviz" / "resources"
    shipped = build_app.ROOT / "resources" / "weights" / "lenet5.pt"
    assert (resources / "weights" / "lenet5.pt").read_bytes() == shipped.read_bytes()
    assert (resources / "icons" / "cnnviz-256.png").is_file()
    assert not (build_app.BUNDLE / "_internal" / "triton").exists()  # excluded: eager PyTorch only


def test_bundle_starts_offline_and_shows_a_prediction(build_app: ModuleType, tmp_path: Path) -> None:
    offline = build_app.offline_prefix()  # no network namespace where unshare is not allowed
    image = build_app.digit_image(tmp_path / "seven.png")
    command = [*offline, str(build_app.EXECUTABLE), str(image)]
    out = subprocess.run(
        command,
        env=offline_env(build_app, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ready = [line for line in out.stdout.splitlines() if line.startswith("ready ")]
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    assert len(ready) == 1, out.stdout
    assert ready[0].split(" ", 2)[2] == "model=lenet5 trained=True top1=7"


def test_bundle_runs_the_command_line_offline(build_app: ModuleType, tmp_path: Path) -> None:
    image = build_app.digit_image(tmp_path / "seven.png")
    command = [*build_app.offline_prefix(), str(build_app.EXECUTABLE), "predict", "lenet5", str(image)]
    out = subprocess.run(
        command,
        env=offline_env(build_app, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split()[0] == "7", out.stdout
