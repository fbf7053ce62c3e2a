"""The app's process leaves Triton out; torch, torchvision and training work without it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from cnnviz.core.lean_imports import ALLOW_ENV, BLOCKED, blocked_import_hint

APP_PROCESS = (
    "import sys\n"
    "from cnnviz.gui.app import create_application\n"
    "app = create_application([])\n"
    "import torch, torchvision\n"
    "from torch.utils._triton import has_triton_package\n"
    "model = torchvision.models.resnet18(num_classes=3)\n"
    "optimiser = torch.optim.Adam(model.parameters())\n"
    "model(torch.rand(2, 3, 64, 64)).sum().backward()\n"
    "optimiser.step()\n"
    "print(sys.modules.get('triton', 'absent') is None, has_triton_package())\n"
)


def run_app_process(**env: str) -> str:
    """The first lines of an app process: create_application, then torch and a training step."""
    environment = {k: v for k, v in os.environ.items() if k != ALLOW_ENV}
    environment.update(QT_QPA_PLATFORM="offscreen", **env)
    out = subprocess.run(
        [sys.executable, "-c", APP_PROCESS], env=environment, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_app_process_runs_torch_without_triton() -> None:
    assert run_app_process() == "True False"


@pytest.mark.skipif(importlib.util.find_spec(BLOCKED) is None, reason="this torch build has no Triton")
def test_the_environment_lets_triton_in() -> None:
    assert run_app_process(**{ALLOW_ENV: "1"}) == "False True"


def test_a_model_that_needs_triton_is_told_how_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, BLOCKED, None)
    for statement in ("import triton", "import triton.language"):
        with pytest.raises(ModuleNotFoundError) as raised:
            exec(statement)
        assert f"{ALLOW_ENV}=1" in blocked_import_hint(raised.value)
    assert blocked_import_hint(ModuleNotFoundError("No module named 'tritonx'", name="tritonx")) == ""
    assert blocked_import_hint(ValueError("triton")) == ""


def test_no_hint_when_triton_is_merely_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, BLOCKED, raising=False)
    assert blocked_import_hint(ModuleNotFoundError("No module named 'triton'", name=BLOCKED)) == ""
