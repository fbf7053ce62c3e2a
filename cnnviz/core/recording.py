"""Recording what every layer of a model produces during one forward pass.

Hooks are registered on every leaf module inside a context manager and removed
in ``finally``, also when the forward pass raises. A module called more than
once (torchvision's ResNet reuses one ReLU per block) gives one record per call;
the value is copied when the hook fires, so a later in-place operation cannot
overwrite what was recorded.

With ``functional=True`` the results of plain functions in ``forward`` (``x + identity``,
``F.relu``, ``torch.flatten``) are recorded as layers too, in call order, through the
traced view of :mod:`cnnviz.core.functional_taps`; a model fx cannot trace is recorded
without them and :attr:`Recorder.functional_note` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from cnnviz.core.functional_taps import NOT_SHOWN, FunctionalView, NotTraceable, functional_view, running_view

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
    functional_note: str = ""

    def by_name(self) -> dict[str, LayerRecord]:
        """Records keyed by their (call-qualified) name."""
        return {r.name: r for r in self.records}

    def hook_for(self, module_name: str, type_name: str, tensors_only: bool = False) -> Callable[..., None]:
        """A forward hook that appends a record for ``module_name``.

        Outputs without a batch dimension (no tensor, a 0-d tensor) are not recorded;
        with ``tensors_only`` neither are tuples (a functional ``chunk`` or ``split``).
        """

        def hook(_module: nn.Module, inputs: Any, output: Any) -> None:
            if tensors_only and not isinstance(output, torch.Tensor):
                return
            tensor = first_tensor(output)
            if tensor is None or tensor.ndim == 0:
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
    """The main tensor of a model's or module's output.

    Tuples and named tuples give their first tensor (GoogLeNet's and Inception's
    training outputs put the main logits first); objects with ``logits`` and
    dicts with ``"logits"`` or ``"out"`` (segmentation models) give that.
    """
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, Mapping):
        key = next((k for k in ("logits", "out") if k in output), None)
        return first_tensor(output[key]) if key is not None else None
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
    model: nn.Module,
    capture: CaptureFilter | None = None,
    capture_inputs: CaptureFilter | None = None,
    functional: bool = False,
    only: Collection[str] | None = None,
) -> Iterator[Recorder]:
    """Record every leaf module's output (and the inputs ``capture_inputs`` names) while the
    block runs; hooks always removed. ``functional`` adds the functional operations;
    ``only`` (module names) hooks just those modules: the records then hold just their calls."""
    recorder = Recorder(capture=capture, capture_inputs=capture_inputs)
    handles = []
    try:
        for name, module in leaf_modules(model):
            if only is not None and name not in only:
                continue
            handles.append(module.register_forward_hook(recorder.hook_for(name, type(module).__name__)))
        view = traced_view(model, recorder) if functional else None
        if view is None:
            yield recorder
            return
        for name, tap in view.taps:
            handles.append(tap.register_forward_hook(recorder.hook_for(name, tap.type_name, True)))
        with running_view(model, view):
            yield recorder
    finally:
        for handle in handles:
            handle.remove()


def traced_view(model: nn.Module, recorder: Recorder) -> FunctionalView | None:
    """The model's functional view when it has taps; None (and a note when untraceable) otherwise."""
    try:
        view = functional_view(model)
    except NotTraceable as exc:
        recorder.functional_note = f"{NOT_SHOWN} ({exc})"
        return None
    return view if view.taps else None


def hook_count(model: nn.Module) -> int:
    """Number of forward (pre-)hooks on all modules: zero when nothing is left behind."""
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())
