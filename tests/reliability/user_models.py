"""Models as a user writes them, saved whole (pickled) and opened as trusted model files.

Their forward passes obey switches the tests hold: :data:`FAULT` is raised from every
forward pass while set; :data:`GATE` holds every forward pass while it is set as a
:class:`Gate` that is closed; :data:`FINISHED` counts the passes that ran to their end. The
switches are read at call time, so a model opened from its file (its class imported from
here) obeys the same switches as the test.
"""

from __future__ import annotations

import threading
from pathlib import Path

import torch
from torch import nn

FAULT: list[BaseException] = []  # raised by every forward pass while it holds an exception
GATE: list[Gate] = []  # every forward pass waits at the gate while it holds one
FINISHED: list[int] = [0]  # forward passes that ran to their end


class Gate:
    """A barrier a forward pass waits at until the test opens it; counts who arrived."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.arrived = threading.Semaphore(0)

    def pass_through(self) -> None:
        self.arrived.release()
        if not self.opened.wait(timeout=60):
            raise TimeoutError("the test never opened the gate")

    def wait_for_arrival(self, timeout: float = 30.0) -> bool:
        """True once a forward pass is waiting (or has passed) at the gate."""
        return self.arrived.acquire(timeout=timeout)


class UserNet(nn.Module):
    """A small MNIST CNN (1×28×28 → 10 classes) with the switches above in its forward pass."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4 * 12 * 12, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if FAULT:
            raise FAULT[0]
        if GATE:
            GATE[0].pass_through()
        logits = self.fc(torch.flatten(self.pool(torch.relu(self.conv(x))), 1))
        FINISHED[0] += 1
        return logits


def save_user_model(path: Path, seed: int = 0) -> Path:
    """A seeded :class:`UserNet` saved whole with ``torch.save`` (opening it needs trust)."""
    torch.manual_seed(seed)
    torch.save(UserNet(), path)
    return path
