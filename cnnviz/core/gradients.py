"""Gradient attributions of a class score to the input pixels, one function per method.

Every method has the same call shape, ``method(model, x, target_class=None, *, …,
should_stop=None) -> Attribution`` (Grad-CAM adds ``layer``), and returns plain
numpy. ``x`` is the model input (C×H×W or 1×C×H×W, already normalised);
``target_class`` None means the predicted class; the score is the model's output
before any softmax. The model runs in eval mode (its training flags are restored)
and nothing is left attached to it, also after an error or when ``should_stop()``
turns true (checked before each forward pass; raises :class:`Cancelled`).

Vanilla saliency, SmoothGrad and integrated gradients are Captum's own
``Saliency``, ``NoiseTunnel`` and ``IntegratedGradients``. Guided backpropagation
uses the ReLU rule of :mod:`cnnviz.core.backprop` instead of Captum's module hooks:
it gives Captum's ``GuidedBackprop`` result where the ReLUs are ``nn.ReLU`` modules
(tested) and also guides functional ReLUs, which Captum leaves as plain gradients.
Grad-CAM lives in :mod:`cnnviz.core.gradcam`. Captum is imported when first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from torch import nn

from cnnviz.core.backprop import SelectionError, StopCheck, input_leaf, relu_rule, stoppable
from cnnviz.core.receptive import evaluating
from cnnviz.core.recording import first_tensor


@dataclass(frozen=True)
class Attribution:
    """One method's answer for one input and class.

    ``attribution`` is per input element (C×H×W, float32); Grad-CAM's is its map
    upsampled to the input (1×H×W). ``heatmap`` (H×W, ≥ 0) is what to colour:
    the largest magnitude over the channels (Simonyan et al.), or the upsampled
    Grad-CAM map. ``signed`` says whether ``attribution`` has meaningful signs (show
    it with ``projection_to_display``). ``layer_map`` is Grad-CAM at the layer's own
    resolution (h×w). ``extras`` holds method-specific numbers (integrated
    gradients: ``delta``, its completeness error).
    """

    method: str
    target_class: int
    score: float
    attribution: np.ndarray
    heatmap: np.ndarray
    signed: bool
    layer: str | None = None
    layer_map: np.ndarray | None = None
    extras: dict[str, float] = field(default_factory=dict)


def class_logits(output: Any) -> torch.Tensor:
    """The model's main output as a 1×K tensor of class scores."""
    logits = first_tensor(output)
    if logits is None:
        raise TypeError("the model returned no tensor")
    return logits.reshape(logits.shape[0], -1)


def pick_class(logits: torch.Tensor, target_class: int | None) -> int:
    """``target_class`` checked against the K scores, or the predicted class when None."""
    count = int(logits.shape[1])
    if target_class is None:
        return int(torch.argmax(logits[0]).item())
    if not 0 <= target_class < count:
        raise SelectionError(f"class {target_class} does not exist: the model has classes 0–{count - 1}.")
    return int(target_class)


def channel_peak(values: torch.Tensor) -> np.ndarray:
    """H×W map of the largest magnitude over the channels of a 1×C×H×W tensor."""
    return values[0].detach().abs().amax(dim=0).float().cpu().numpy()


def as_numpy(values: torch.Tensor) -> np.ndarray:
    """The first (only) item of a batch as detached CPU float32 numpy."""
    return values[0].detach().float().cpu().numpy()


@contextmanager
def attributing(model: nn.Module, should_stop: StopCheck | None) -> Iterator[None]:
    """Eval mode, gradients on and the stop check, all undone afterwards."""
    with evaluating(model), torch.enable_grad(), stoppable(model, should_stop):
        yield


def resolve_class(model: nn.Module, leaf: torch.Tensor, target_class: int | None) -> tuple[int, float]:
    """(class, score): one forward pass without gradients picks or checks the class."""
    with torch.no_grad():
        logits = class_logits(model(leaf))
    k = pick_class(logits, target_class)
    return k, float(logits[0, k])


def per_pixel(method: str, k: int, score: float, values: torch.Tensor, signed: bool) -> Attribution:
    """An Attribution of a 1×C×H×W per-pixel result."""
    return Attribution(method, k, score, as_numpy(values), channel_peak(values), signed)


def saliency(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    target_class: int | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """Vanilla gradient saliency: |∂score/∂x|, the heat-map its maximum over the channels.

    Simonyan, Vedaldi and Zisserman, "Deep Inside Convolutional Networks: Visualising
    Image Classification Models and Saliency Maps", ICLR workshop 2014,
    https://arxiv.org/abs/1312.6034. Computed by Captum's ``Saliency`` (abs=True).
    """
    from captum.attr import Saliency

    leaf = input_leaf(model, x)
    with attributing(model, should_stop):
        k, score = resolve_class(model, leaf, target_class)
        grads = Saliency(model).attribute(leaf, target=k, abs=True)
    return per_pixel("saliency", k, score, grads, signed=False)


def smoothgrad(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    target_class: int | None = None,
    *,
    n_samples: int = 25,
    noise: float = 0.15,
    seed: int | None = 0,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """SmoothGrad: the saliency map averaged over ``n_samples`` noisy copies of the input.

    Smilkov, Thorat, Kim, Viégas and Wattenberg, "SmoothGrad: removing noise by adding
    noise", 2017, https://arxiv.org/abs/1706.03825. The noise is Gaussian with
    σ = ``noise``·(max x − min x) (the paper's "noise level", 10–20 % works well).
    Computed by Captum's ``NoiseTunnel`` around ``Saliency`` (abs=True); ``seed``
    makes it repeatable without touching the global random state (None: unseeded).
    """
    if n_samples < 1 or noise < 0:
        raise ValueError("SmoothGrad needs n_samples ≥ 1 and noise ≥ 0")
    from captum.attr import NoiseTunnel, Saliency

    leaf = input_leaf(model, x)
    sigma = float(noise * (leaf.detach().max() - leaf.detach().min()))
    with attributing(model, should_stop), seeded(seed, leaf.device):
        k, score = resolve_class(model, leaf, target_class)
        tunnel = NoiseTunnel(Saliency(model))
        grads = tunnel.attribute(
            leaf,
            nt_type="smoothgrad",
            nt_samples=n_samples,
            nt_samples_batch_size=min(n_samples, 8),
            stdevs=sigma,
            target=k,
            abs=True,
        )
    return per_pixel("smoothgrad", k, score, grads, signed=False)


@contextmanager
def seeded(seed: int | None, device: torch.device) -> Iterator[None]:
    """Inside the block the random generators start from ``seed``; afterwards they are as before."""
    if seed is None:
        yield
        return
    devices = [device.index or 0] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def guided_backprop(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    target_class: int | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """Guided backpropagation: the gradient with only positive signals passed back through ReLUs.

    Springenberg, Dosovitskiy, Brox and Riedmiller, "Striving for Simplicity: The All
    Convolutional Net", ICLR workshop 2015, https://arxiv.org/abs/1412.6806. Equal to
    Captum's ``GuidedBackprop`` for ``nn.ReLU`` modules; functional ReLUs are guided too.
    """
    leaf = input_leaf(model, x)
    with attributing(model, should_stop):
        k, score, grads = guided_gradient(model, leaf, target_class)
    return per_pixel("guided", k, score, grads, signed=True)


def guided_gradient(
    model: nn.Module, leaf: torch.Tensor, target_class: int | None
) -> tuple[int, float, torch.Tensor]:
    """(class, score, 1×C×H×W guided gradient) from one forward and backward pass."""
    with relu_rule("guided"):
        logits = class_logits(model(leaf))
        k = pick_class(logits, target_class)
        (grads,) = torch.autograd.grad(logits[0, k], leaf, allow_unused=True)
    grads = torch.zeros_like(leaf) if grads is None else grads
    return k, float(logits[0, k].detach()), grads.detach()


def integrated_gradients(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    target_class: int | None = None,
    *,
    baseline: float | np.ndarray | torch.Tensor | None = None,
    steps: int = 50,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """Integrated gradients: (x − baseline) times the gradient averaged along the straight path.

    Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017,
    https://arxiv.org/abs/1703.01365. Computed by Captum's ``IntegratedGradients``
    (Gauss–Legendre rule with ``steps`` points, 16 inputs per batch). ``baseline`` is a
    number, an input-shaped array, or None for zeros (the all-zero model input).
    ``extras["delta"]`` is the completeness error: sum of attributions minus
    (score(x) − score(baseline)).
    """
    if steps < 1:
        raise ValueError("integrated gradients need steps ≥ 1")
    from captum.attr import IntegratedGradients

    leaf = input_leaf(model, x)
    base = baseline_tensor(baseline, leaf)
    with attributing(model, should_stop):
        k, score = resolve_class(model, leaf, target_class)
        attributions, delta = IntegratedGradients(model).attribute(
            leaf,
            baselines=base,
            target=k,
            n_steps=steps,
            internal_batch_size=16,
            return_convergence_delta=True,
        )
    result = per_pixel("intgrad", k, score, attributions, signed=True)
    return replace(result, extras={"delta": float(delta.reshape(-1)[0])})


def baseline_tensor(baseline: float | np.ndarray | torch.Tensor | None, leaf: torch.Tensor) -> torch.Tensor:
    """The baseline as a tensor shaped like the 1×C×H×W input."""
    if baseline is None:
        return torch.zeros_like(leaf.detach())
    base = torch.as_tensor(baseline, dtype=leaf.dtype, device=leaf.device)
    try:
        return base.expand_as(leaf).detach().clone()
    except RuntimeError as exc:
        raise ValueError(f"a baseline of shape {tuple(base.shape)} does not fit the input") from exc
