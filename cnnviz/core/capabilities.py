"""Which panels and methods work for a model, and why not when they do not.

:func:`capabilities` probes the bundle's module once with a zero input (and
one random input for gradients): does a forward pass run, do forward hooks see
its layers, does autograd reach the input, can ``torch.fx`` trace it, which
layer types does it have, do its ReLUs go through ``torch.nn.functional`` (where
the deconvnet's backward rule can replace them). The answers come from the
model itself, so a TorchScript file recognised as LeNet-5 (and rebuilt) gets
every panel, and an unrecognised one gets prediction, saliency and occlusion.
The model is left as it was: training flag restored, no hooks, no gradients
stored in its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn
from torch.overrides import TorchFunctionMode

from cnnviz.core.fx_tracing import symbolic_trace
from cnnviz.core.recording import first_tensor, recording
from cnnviz.core.spec import ModelBundle

PREDICTION, ACTIVATIONS, ARCHITECTURE = "Prediction", "Activations", "Architecture table"
FILTERS, RECEPTIVE, POOLING = "Filters", "Receptive fields", "Pooling"
CONVOLUTION, TRAINING, DECONVNET = "Convolution step-through", "Training", "Deconvnet"
GRADCAM, SALIENCY, OCCLUSION = "Grad-CAM", "Saliency", "Occlusion"
NAMES: tuple[str, ...] = (PREDICTION, ACTIVATIONS, ARCHITECTURE, FILTERS, RECEPTIVE, POOLING, CONVOLUTION)
NAMES += (TRAINING, DECONVNET, GRADCAM, SALIENCY, OCCLUSION)
POOL_TYPES = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveMaxPool2d, nn.AdaptiveAvgPool2d)
RELU_CALLS = frozenset({F.relu, torch.relu, torch.Tensor.relu, torch.relu_, torch.Tensor.relu_})


@dataclass(frozen=True)
class Capability:
    """One panel or method: whether it works for the model, and the reason when it does not."""

    name: str
    available: bool
    reason: str = ""


@dataclass
class Probe:
    """What one look at the model found (an error text is empty when that part worked)."""

    forward_error: str = ""
    hook_error: str = ""
    grad_error: str = ""
    fx_error: str = ""
    layer_types: set[type] = field(default_factory=set)
    relu_calls: int = 0
    graph_relus: int = 0


class _ReluCounter(TorchFunctionMode):
    """Counts ReLUs the deconvnet rule can replace, and ReLUs that are graph operators."""

    def __init__(self, probe: Probe) -> None:
        super().__init__()
        self.probe = probe

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        if func in RELU_CALLS:
            self.probe.relu_calls += 1
        elif "aten.relu" in str(func):
            self.probe.graph_relus += 1
        return func(*args, **(kwargs or {}))


def _why(exc: BaseException, limit: int = 120) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0].split(". ")[0] if text else type(exc).__name__
    return first if len(first) <= limit else first[: limit - 1] + "…"


def probe_model(module: nn.Module, shape: tuple[int, ...]) -> Probe:
    """Run the checks on ``module`` for inputs of (C, H, W) ``shape`` (one forward, one backward)."""
    probe, was_training = Probe(), module.training
    module.eval()
    device = next((p.device for p in module.parameters()), torch.device("cpu"))
    x = torch.rand((1, *shape), device=device, generator=None).requires_grad_(True)
    try:
        out = _probe_forward(module, x, probe)
        if out is None and not probe.forward_error:
            probe.forward_error = "the model returned no tensor"
        if out is not None:
            _probe_grad(out, x, probe)
            _probe_fx(module, probe)
    finally:
        module.train(was_training)
    return probe


def _probe_forward(module: nn.Module, x: torch.Tensor, probe: Probe) -> torch.Tensor | None:
    """The output of one recorded forward pass (None when the model fails), noting what was seen."""
    modules = dict(module.named_modules())
    try:
        with (
            torch.enable_grad(),
            recording(module, capture=lambda _name: False) as recorder,
            _ReluCounter(probe),
        ):
            out = first_tensor(module(x))
        probe.layer_types = {
            type(modules[r.module_name]) for r in recorder.records if r.module_name in modules
        }
        probe.hook_error = "" if recorder.records else "no layer outputs can be recorded"
        return out
    except RuntimeError as exc:
        if "hook" not in str(exc):
            probe.forward_error = _why(exc)
            return None
        probe.hook_error = _why(exc)
    except Exception as exc:  # the model's own failure, whatever it is
        probe.forward_error = _why(exc)
        return None
    try:
        with torch.enable_grad():
            return first_tensor(module(x))
    except Exception as exc:
        probe.forward_error = _why(exc)
        return None


def _probe_grad(out: torch.Tensor, x: torch.Tensor, probe: Probe) -> None:
    if not out.requires_grad:
        probe.grad_error = "the output does not depend on the input through autograd"
        return
    try:
        (grad,) = torch.autograd.grad(out.float().sum(), x)  # parameters get no .grad
    except RuntimeError as exc:
        probe.grad_error = _why(exc)
        return
    if not torch.isfinite(grad).all():
        probe.grad_error = "the input gradient is not finite"


def _probe_fx(module: nn.Module, probe: Probe) -> None:
    try:
        symbolic_trace(module)
    except Exception as exc:  # fx raises many kinds of errors
        probe.fx_error = _why(exc)


def capabilities(bundle: ModelBundle) -> list[Capability]:
    """Every panel and method in NAMES order, available or not, with the reason."""
    probe = probe_model(bundle.module, bundle.spec.shape)
    return judge(probe, bundle)


def judge(probe: Probe, bundle: ModelBundle) -> list[Capability]:
    """Turn a probe into capabilities (the reasons name the file format)."""
    fmt = str(bundle.extra.get("format", "module"))
    if probe.forward_error:
        return [Capability(n, False, f"the model fails on an input: {probe.forward_error}") for n in NAMES]
    hooks = {"torchscript": "TorchScript modules refuse layer hooks"}.get(fmt, probe.hook_error)
    layers = f"per-layer outputs cannot be read ({hooks})" if probe.hook_error else ""
    types = probe.layer_types
    opaque = bool(types) and not any(issubclass(t, (nn.Conv2d, nn.Linear, *POOL_TYPES)) for t in types)
    pieces = "its layers are graph pieces, not PyTorch layers whose kernels and strides can be read"
    no_conv = (pieces if opaque else "no nn.Conv2d layers") if nn.Conv2d not in types else ""
    no_pool = (
        (pieces if opaque else "no pooling layers")
        if not any(issubclass(t, POOL_TYPES) for t in types)
        else ""
    )
    checks = {
        PREDICTION: "",
        OCCLUSION: "",
        SALIENCY: _grad(probe),
        ACTIVATIONS: layers,
        ARCHITECTURE: layers,
        FILTERS: layers or no_conv,
        CONVOLUTION: layers or no_conv,
        POOLING: layers or no_pool,
        RECEPTIVE: layers or (pieces if opaque else ""),
        GRADCAM: layers or _grad(probe),
        DECONVNET: layers or _grad(probe) or _relus(probe),
        TRAINING: _training(bundle, probe, fmt),
    }
    result = [Capability(name, not checks[name], checks[name]) for name in NAMES]
    if probe.fx_error and not checks[RECEPTIVE]:
        note = f"approximate: torch.fx cannot trace the model ({probe.fx_error})"
        result[NAMES.index(RECEPTIVE)] = Capability(RECEPTIVE, True, note)
    return result


def _grad(probe: Probe) -> str:
    return f"gradients do not reach the input ({probe.grad_error})" if probe.grad_error else ""


def _relus(probe: Probe) -> str:
    if probe.graph_relus and not probe.relu_calls:
        return "its ReLUs are graph operators, which the deconvnet's backward rule cannot replace"
    return ""


def _training(bundle: ModelBundle, probe: Probe, fmt: str) -> str:
    if not isinstance(bundle.extra.get("arch_spec"), dict):
        from cnnviz.core.model_files import FORMAT_TITLES

        kind = FORMAT_TITLES.get(fmt, "model")
        return (
            f"cnnviz can only train models it can rebuild and save; this {kind} has no architecture it knows"
        )
    if not any(p.requires_grad for p in bundle.module.parameters()):
        return "every parameter is frozen"
    return _grad(probe)
