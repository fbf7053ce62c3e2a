"""keep_freed_memory: training steps reuse freed memory instead of faulting it in again."""

from __future__ import annotations

import os
import resource
import sys

import pytest
import torch

from cnnviz.core.builtins import lenet5
from cnnviz.core.train_steps import MALLOC_ENV, keep_freed_memory

linux_glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or any(name in os.environ for name in MALLOC_ENV),
    reason="glibc's mallopt, not overridden by the environment",
)


def faults_per_step(steps: int = 6) -> float:
    """Minor page faults of this thread per LeNet-5 Adam step (batch 128), after two warm-up steps."""
    torch.manual_seed(0)
    model = lenet5()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,))

    def step() -> None:
        optimiser.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimiser.step()

    for _ in range(2):
        step()
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for _ in range(steps):
        step()
    return (resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before) / steps


@linux_glibc
def test_steps_no_longer_fault_their_memory_back_in() -> None:
    assert keep_freed_memory()
    assert keep_freed_memory()  # idempotent
    # without it, glibc trims the heap after each step: ~2,000–3,500 faults per step
    assert faults_per_step() < 100


def test_a_setting_from_the_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert not keep_freed_memory()
