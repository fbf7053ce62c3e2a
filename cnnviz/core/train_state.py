"""What a training run needs besides the weights to continue exactly: :class:`TrainState`.

Also :class:`ModelRng`, the model's own seeded dropout stream, and :func:`cpu_copy`
for detached CPU copies of weights and optimiser state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import torch

MODEL_SEED = 0x5EED_D
STATE_VERSION = 1


@dataclass
class TrainState:
    """Everything besides the weights needed to continue a run exactly where it stopped."""

    epoch: int  # epochs completed
    step: int  # steps completed in the epoch under way
    global_step: int
    steps_per_epoch: int
    optimizer_name: str
    optimizer: dict[str, Any]
    order_rng: torch.Tensor  # shuffling stream, as at the start of the epoch under way
    augment_rng: torch.Tensor
    model_rng: dict[str, torch.Tensor]  # dropout streams per device type
    seen: int = 0
    loss_sum: float = 0.0
    correct: int = 0
    last_loss: float = math.nan
    epoch_busy: float = 0.0
    elapsed_s: float = 0.0
    history: list[dict[str, Any]] = field(default_factory=list)
    version: int = STATE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Tensors, numbers, strings, lists and dicts only: loads with torch.load(weights_only=True)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainState:
        """Inverse of :meth:`to_dict`; raises ValueError for anything else."""
        known = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError("not a cnnviz training state (or one from another version)")
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as exc:
            raise ValueError(f"incomplete training state: {exc}") from exc


def cpu_copy(obj: Any) -> Any:
    """A deep copy with every tensor detached and cloned to the CPU, laid out contiguously."""
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True, memory_format=torch.contiguous_format)
    if isinstance(obj, dict):
        return {k: cpu_copy(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(cpu_copy(v) for v in obj)
    return obj


class ModelRng:
    """The random stream the model itself uses (dropout), swapped in for each step only."""

    def __init__(self, device: torch.device, seed: int) -> None:
        self.cuda = device.type == "cuda"
        self.device = device
        self.states = {"cpu": torch.Generator().manual_seed(seed + MODEL_SEED).get_state()}
        if self.cuda:
            saved = torch.cuda.get_rng_state(device)
            with torch.cuda.device(device):
                torch.cuda.manual_seed(seed + MODEL_SEED)
            self.states["cuda"] = torch.cuda.get_rng_state(device)
            torch.cuda.set_rng_state(saved, device)

    def swap(self) -> None:
        """Exchange the global generators' states with this stream's (call before and after a step)."""
        outside = torch.get_rng_state()
        torch.set_rng_state(self.states["cpu"])
        self.states["cpu"] = outside
        if self.cuda:
            outside = torch.cuda.get_rng_state(self.device)
            torch.cuda.set_rng_state(self.states["cuda"], self.device)
            self.states["cuda"] = outside
