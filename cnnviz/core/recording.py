"""Recording what every layer of a model produces during one forward pass.

Hooks are registered on every leaf module inside a context manager and removed
in ``finally``, also when the forward pass raises. A module called more than
once (torchvision's ResNet reuses one ReLU per block) gives one record per call;
the value is copied when the hook fires, so a later in-place operation cannot
overwrite what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

CaptureFilter = Callable[[str], bool]


@dataclass
class LayerRecord:
    """One call of one leaf module: its name, type, output shape and (maybe) value and input.

    The input is copied after the call: for an in-place module it is already overwritten.
    """

    name: str
    module_name: str
    type_name: str
    shape: tuple[int, ...]
    array: np.ndarray | None = None
    input_array: np.ndarray | None = None


@dataclass
class Recorder:
    """Collects :class:`LayerRecord` objects in call order (``capture_inputs``: also inputs)."""

    capture: CaptureFilter | None = None
    capture_inputs: CaptureFilter | None = None
    records: list[LayerRecord] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)

    def by_name(self) -> dict[str, LayerRecord]:
        """Records keyed by their (call-qualified) name."""
        return {r.name: r for r in self.records}

    def hook_for(self, module_name: str, type_name: str) -> Callable[..., None]:
        """A forward hook that appends a record for ``module_name``."""

        def hook(_module: nn.Module, inputs: Any, output: Any) -> None:
            tensor = first_tensor(output)
            if tensor is None:
                return
            count = self.calls.get(module_name, 0) + 1
            self.calls[module_name] = count
            name = module_name if count == 1 else f"{module_name}#{count}"
            array = None
            if self.capture is None or self.capture(name):
                array = tensor.detach().to("cpu", copy=True).float().numpy()[0]
            record = LayerRecord(name, module_name, type_name, tuple(tensor.shape[1:]), array)
            if self.capture_inputs is not None and self.capture_inputs(name):
                received = first_tensor(inputs)
                if received is not None:
                    record.input_array = received.detach().to("cpu", copy=True).float().numpy()[0]
            self.records.append(record)

        return hook


def first_tensor(output: Any) -> torch.Tensor | None:
    """The main tensor of a module's output (tuples and named outputs included)."""
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, (tuple, list)):
        for item in output:
            found = first_tensor(item)
            if found is not None:
                return found
    if hasattr(output, "logits"):
        return first_tensor(output.logits)
    return None


def leaf_modules(model: nn.Module) -> Iterator[tuple[str, nn.Module]]:
    """(qualified name, module) of every module without children."""
    for name, module in model.named_modules():
        if name and not any(True for _ in module.children()):
            yield name, module


@contextmanager
def recording(
    model: nn.Module, capture: CaptureFilter | None = None, capture_inputs: CaptureFilter | None = None
) -> Iterator[Recorder]:
    """Record every leaf module's output (and the inputs ``capture_inputs`` names) while the
    block runs; hooks always removed."""
    recorder = Recorder(capture=capture, capture_inputs=capture_inputs)
    handles = []
    try:
        for name, module in leaf_modules(model):
            handles.append(module.register_forward_hook(recorder.hook_for(name, type(module).__name__)))
        yield recorder
    finally:
        for handle in handles:
            handle.remove()


def hook_count(model: nn.Module) -> int:
    """Number of forward (pre-)hooks on all modules: zero when nothing is left behind."""
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())
