"""A process killed (SIGKILL) at a random moment while it saves a checkpoint or a session
leaves the previous file (or the new one) complete: the file on disk always loads."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnviz.core.checkpoint import load_checkpoint
from cnnviz.core.session_file import read_session
from tests.reliability.save_loop import PIXELS, VALUES

REPO = Path(__file__).resolve().parents[2]
MAX_DELAY_S = 0.4


def kill_while_saving(kind: str, path: Path, rng: random.Random) -> None:
    """Start the save loop; after a random delay, kill it as soon as a save is under way (its
    temporary file is there), or after a further second at the latest; wait for it to end."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.save_loop", kind, str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, MAX_DELAY_S))
        deadline = time.monotonic() + 1.0
        while not temporary_files(path) and time.monotonic() < deadline:
            pass  # look as often as possible: a session's write lasts about a millisecond
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


def temporary_files(path: Path) -> list[Path]:
    """The temporary files of saves of ``path`` (a killed save leaves its own behind)."""
    return [
        p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.") and p.name.endswith(".tmp")
    ]


def checkpoint_version(path: Path) -> int:
    """Which version the checkpoint holds (it must load, and hold one version throughout)."""
    bundle, _state = load_checkpoint(path)
    values = {float(v) for p in bundle.module.parameters() for v in torch.unique(p.detach())}
    assert len(values) == 1 and values <= set(VALUES)
    assert bundle.extra["history"] == {"version": VALUES.index(values.pop())}
    return bundle.extra["history"]["version"]


def session_version(path: Path) -> int:
    """Which version the session holds (it must open, and hold one version throughout)."""
    state = read_session(path)
    values = np.unique(state.image)
    assert len(values) == 1 and int(values[0]) in PIXELS
    version = PIXELS.index(int(values[0]))
    assert state.layer == f"conv{version + 1}"
    return version


def kills(kind: str, folder: Path, count: int, seed: int) -> tuple[set[int], int]:
    """Kill ``count`` save loops; (the versions found after each, temporary files left behind)."""
    rng = random.Random(seed)
    path = folder / ("model.pt" if kind == "checkpoint" else "lesson.cnnviz")
    found = set()
    for _ in range(count):
        kill_while_saving(kind, path, rng)
        found.add(checkpoint_version(path) if kind == "checkpoint" else session_version(path))
    leftovers = temporary_files(path)
    assert sorted(folder.iterdir()) == sorted([path, *leftovers])
    return found, len(leftovers)


@pytest.mark.parametrize("kind", ["checkpoint", "session"])
def test_a_kill_during_a_save_leaves_a_file_that_loads(kind: str, tmp_path: Path) -> None:
    found, interrupted = kills(kind, tmp_path, count=2, seed=8)
    print(f"{kind}: versions {sorted(found)}, {interrupted} of 2 saves interrupted")
    # How many kills land inside a write varies (a session's lasts about a millisecond); the slow
    # test counts them, and tests/core/test_session_file.py kills one half-written on purpose.


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "count", "least"), [("checkpoint", 30, 5), ("session", 60, 1)])
def test_many_kills_during_saves(kind: str, count: int, least: int, tmp_path: Path) -> None:
    found, interrupted = kills(kind, tmp_path, count=count, seed=80)
    print(f"{kind}: versions {sorted(found)}, {interrupted} of {count} saves interrupted")
    assert found == {0, 1} and interrupted >= least  # kills inside writes, and the file always loaded
