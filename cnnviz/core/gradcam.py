"""Grad-CAM and Guided Grad-CAM for a chosen layer and class (Selvaraju et al. 2017).

Selvaraju, Cogswell, Das, Vedantam, Parikh and Batra, "Grad-CAM: Visual Explanations
from Deep Networks via Gradient-based Localization", ICCV 2017,
https://arxiv.org/abs/1610.02391.

Grad-CAM weighs each feature map A^k of the layer by the spatial mean of the
class score's gradient, α_k = mean_ij ∂y^c/∂A^k_ij, and keeps the positive part
of the sum: ReLU(Σ_k α_k A^k). The map is upsampled to the input bilinearly
(``F.interpolate``, align_corners=False, as Captum's ``LayerAttribution.interpolate``).
Guided Grad-CAM multiplies it with guided backpropagation, pixel by pixel.

The layer is a recorded layer name, so each call of a reused module can be chosen
(``layer4.1.relu`` or ``layer4.1.relu#2``); Captum's ``LayerGradCam`` takes a module
and always uses its last call. Where both can name the layer the results are equal
(tested), as are the results of Captum's ``GuidedGradCam`` with bilinear upsampling.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz.core.backprop import SelectionError, StopCheck, capturing, input_leaf
from cnnviz.core.gradients import (
    Attribution,
    as_numpy,
    attributing,
    channel_peak,
    class_logits,
    guided_gradient,
    pick_class,
)


def grad_cam_maps(
    model: nn.Module, leaf: torch.Tensor, layer: str, target_class: int | None
) -> tuple[int, float, torch.Tensor, torch.Tensor]:
    """(class, score, 1×1×h×w layer map, 1×1×H×W upsampled map) from one forward and backward pass."""
    with capturing(model, layer, stop=False) as capture:
        logits = class_logits(model(leaf))
    activations = capture.tensor()
    if activations.ndim != 4:
        raise SelectionError(
            f"Grad-CAM needs a layer with feature maps; '{layer}' gives shape {tuple(activations.shape[1:])}."
        )
    k = pick_class(logits, target_class)
    (grads,) = torch.autograd.grad(logits[0, k], activations, allow_unused=True)
    grads = torch.zeros_like(activations) if grads is None else grads
    weights = grads.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * activations).sum(dim=1, keepdim=True)).detach()
    upsampled = F.interpolate(cam, size=tuple(leaf.shape[2:]), mode="bilinear", align_corners=False)
    return k, float(logits[0, k].detach()), cam, upsampled


def grad_cam(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    layer: str,
    target_class: int | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """Grad-CAM of ``layer`` for ``target_class`` (None: the predicted class).

    ``layer_map`` is the map at the layer's resolution; ``heatmap`` (and
    ``attribution``, 1×H×W) the map upsampled to the input.
    """
    leaf = input_leaf(model, x)
    with attributing(model, should_stop):
        k, score, cam, upsampled = grad_cam_maps(model, leaf, layer, target_class)
    heat = as_numpy(upsampled)
    return Attribution(
        "gradcam", k, score, heat, heat[0].copy(), signed=False, layer=layer, layer_map=as_numpy(cam)[0]
    )


def guided_grad_cam(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    layer: str,
    target_class: int | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Attribution:
    """Guided Grad-CAM: guided backpropagation times the upsampled Grad-CAM map of ``layer``.

    ``attribution`` is C×H×W and signed; ``layer_map`` is the Grad-CAM map used.
    """
    leaf = input_leaf(model, x)
    with attributing(model, should_stop):
        k, score, cam, upsampled = grad_cam_maps(model, leaf, layer, target_class)
        _k, _score, guided = guided_gradient(model, leaf, k)
    product = guided * upsampled
    return Attribution(
        "guided_gradcam",
        k,
        score,
        as_numpy(product),
        channel_peak(product),
        signed=True,
        layer=layer,
        layer_map=as_numpy(cam)[0],
    )
