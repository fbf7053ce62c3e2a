"""Grad-CAM, guided Grad-CAM, saliency, SmoothGrad, guided backprop and integrated gradients.

Hand-computed on tiny fixed-weight nets, and equal to Captum (LayerGradCam,
GuidedGradCam with bilinear upsampling, GuidedBackprop, Saliency, NoiseTunnel,
IntegratedGradients) on LeNet-5, TinyVGG, AlexNet and ResNet-18 with random weights.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
from captum.attr import (
    GuidedBackprop,
    GuidedGradCam,
    IntegratedGradients,
    LayerAttribution,
    LayerGradCam,
    NoiseTunnel,
    Saliency,
)
from torch import nn

from cnnviz.core.backprop import Cancelled, SelectionError, hook_total
from cnnviz.core.gradcam import grad_cam, guided_grad_cam
from cnnviz.core.gradients import guided_backprop, integrated_gradients, saliency, smoothgrad
from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.sources import load_builtin

TOLERANCE = 1e-5  # largest difference, relative to the reference's largest magnitude


def assert_close(ours: np.ndarray, reference: torch.Tensor) -> None:
    expected = reference.detach().reshape(ours.shape).numpy()
    scale = float(np.abs(expected).max())
    assert scale > 0
    assert np.abs(ours - expected).max() <= TOLERANCE * scale


def cam_net(stride: int = 1) -> nn.Sequential:
    """x (1×H×W) → 1×1 conv to channels [1, −1] ("0") → flatten → linear to 2 classes.

    Class 0's weights on channel 0 are [1, 0, 1, 0] (mean 0.5) and on channel 1
    [0, 0, 0, 1] (mean 0.25); class 1's are all zero.
    """
    conv = nn.Conv2d(1, 2, 1, stride=stride, bias=False)
    linear = nn.Linear(8, 2, bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([1.0, -1.0]).reshape(2, 1, 1, 1))
        linear.weight.zero_()
        linear.weight[0] = torch.tensor([1.0, 0, 1, 0, 0, 0, 0, 1])
    return nn.Sequential(conv, nn.Flatten(), linear)


def test_grad_cam_by_hand() -> None:
    # x = [[1, −2], [3, 4]]: A0 = x, A1 = −x. The class-0 score is linear in A, so the
    # gradients are the weights: α0 = 0.5, α1 = 0.25. Grad-CAM = ReLU(0.5x − 0.25x)
    # = ReLU(0.25x) = [[0.25, 0], [0.75, 1]]. Score: 1 + 3 + (−4) = 0.
    x = torch.tensor([[[1.0, -2.0], [3.0, 4.0]]])
    result = grad_cam(cam_net(), x, "0", target_class=0)
    assert result.layer_map is not None
    assert result.layer_map.tolist() == [[0.25, 0.0], [0.75, 1.0]]
    assert result.heatmap.tolist() == [[0.25, 0.0], [0.75, 1.0]]  # same size: no resampling
    assert result.target_class == 0 and result.score == 0.0 and result.layer == "0"
    assert not result.signed and result.attribution.shape == (1, 2, 2)


def test_grad_cam_upsampled_bilinearly_by_hand() -> None:
    # A stride-2 1×1 convolution samples x at rows and columns 0 and 2 of a 4×4 input:
    # the same 2×2 map as above. Bilinear upsampling (half-pixel centres) to 4 places
    # the sources at −0.25, 0.25, 0.75, 1.25: row [0.25, 0] → [0.25, 0.1875, 0.0625, 0].
    x = torch.zeros(1, 4, 4)
    x[0, ::2, ::2] = torch.tensor([[1.0, -2.0], [3.0, 4.0]])
    result = grad_cam(cam_net(stride=2), x, "0", target_class=0)
    assert result.layer_map is not None and result.layer_map.tolist() == [[0.25, 0.0], [0.75, 1.0]]
    assert result.heatmap.shape == (4, 4)
    np.testing.assert_allclose(result.heatmap[0], [0.25, 0.1875, 0.0625, 0.0])
    np.testing.assert_allclose(result.heatmap[:, 0], [0.25, 0.375, 0.625, 0.75])


def zoo(name: str) -> tuple[nn.Module, torch.Tensor, list[str]]:
    """A model with random weights (seeded), an input, and a middle and the last convolution."""
    torch.manual_seed(0)
    if name in ("lenet5", "tinyvgg"):
        bundle = load_builtin(name, weights=False)
        layers = {"lenet5": ["conv1", "conv2"], "tinyvgg": ["conv_2_1", "conv_2_2"]}[name]
        return bundle.module, torch.randn(1, *bundle.spec.shape), layers
    if name == "alexnet":
        return torchvision.models.alexnet().eval(), torch.randn(1, 3, 128, 128), ["features.6", "features.10"]
    return (
        torchvision.models.resnet18().eval(),
        torch.randn(1, 3, 64, 64),
        ["layer2.0.conv2", "layer4.1.conv2"],
    )


def quiet(make: Callable[[], torch.Tensor]) -> torch.Tensor:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return make().detach()


@pytest.mark.parametrize("name", ["lenet5", "tinyvgg", "alexnet", "resnet18"])
def test_grad_cam_and_guided_backprop_equal_captum(name: str) -> None:
    model, x, layers = zoo(name)
    modules = dict(model.named_modules())
    k = 3
    for layer in layers:
        ours = grad_cam(model, x, layer, k)
        captum = LayerGradCam(model, modules[layer])
        reference = quiet(lambda: captum.attribute(x, k, relu_attributions=True))  # noqa: B023
        assert ours.layer_map is not None
        assert_close(ours.layer_map, reference)
        upsampled = LayerAttribution.interpolate(reference, tuple(x.shape[2:]), "bilinear")
        assert_close(ours.heatmap, upsampled)
    guided = guided_backprop(model, x, k)
    assert_close(guided.attribution, quiet(lambda: GuidedBackprop(model).attribute(x.clone(), k)))
    assert guided.signed and guided.heatmap.shape == x.shape[2:]
    assert hook_total(model) == 0


@pytest.mark.parametrize("name", ["alexnet", "resnet18"])
def test_guided_grad_cam_equals_captum_with_bilinear_upsampling(name: str) -> None:
    model, x, layers = zoo(name)
    layer = layers[-1]
    ours = guided_grad_cam(model, x, layer, 5)
    captum = GuidedGradCam(model, dict(model.named_modules())[layer])
    assert_close(ours.attribution, quiet(lambda: captum.attribute(x.clone(), 5, interpolate_mode="bilinear")))
    assert ours.method == "guided_gradcam" and ours.layer == layer


def test_grad_cam_of_each_call_of_a_reused_relu() -> None:
    # Captum's LayerGradCam takes the module's last call: it equals "relu#2", not "relu".
    model, x, _ = zoo("resnet18")
    module = dict(model.named_modules())["layer4.1.relu"]
    reference = quiet(lambda: LayerGradCam(model, module).attribute(x, 7, relu_attributions=True))
    second, first = grad_cam(model, x, "layer4.1.relu#2", 7), grad_cam(model, x, "layer4.1.relu", 7)
    assert second.layer_map is not None and first.layer_map is not None
    assert_close(second.layer_map, reference)
    assert not np.allclose(first.layer_map, second.layer_map)


def guide_net(functional: bool) -> nn.Module:
    """x → 1×1 conv to channels [1, 1] → ReLU (module or F.relu) → 1×1 conv [2, −3] → 1 class."""

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv1 = nn.Conv2d(1, 2, 1, bias=False)
            self.relu = nn.ReLU()
            self.conv2 = nn.Conv2d(2, 1, 1, bias=False)
            with torch.no_grad():
                self.conv1.weight.fill_(1.0)
                self.conv2.weight.copy_(torch.tensor([2.0, -3.0]).reshape(1, 2, 1, 1))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            hidden = self.conv1(x)
            hidden = F.relu(hidden) if functional else self.relu(hidden)
            return self.conv2(hidden).flatten(1)

    return Net()


@pytest.mark.parametrize("functional", [False, True])
def test_guided_backprop_by_hand(functional: bool) -> None:
    # x = 1: both hidden units are 1 > 0. The gradient is 2·1 + (−3)·1 = −1; guided
    # backprop drops the negative −3 on its way through the ReLU: 2. Captum guides only
    # nn.ReLU modules: with F.relu it returns the plain gradient −1.
    x = torch.ones(1, 1, 1, 1)
    model = guide_net(functional)
    assert guided_backprop(model, x, 0).attribution.tolist() == [[[2.0]]]
    assert saliency(model, x, 0).attribution.tolist() == [[[1.0]]]  # |−1|
    captum = quiet(lambda: GuidedBackprop(model).attribute(x.clone().requires_grad_(), 0))
    assert captum.tolist() == [[[[-1.0 if functional else 2.0]]]]


def linear_net() -> nn.Sequential:
    """A 2×1×2 input flattened into one linear class score with weights [1, −2, 3, 0.5]."""
    linear = nn.Linear(4, 1, bias=False)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[1.0, -2.0, 3.0, 0.5]]))
    return nn.Sequential(nn.Flatten(), linear)


def test_saliency_smoothgrad_and_integrated_gradients_by_hand() -> None:
    # The score is linear, so the gradient is the weights everywhere: saliency |w| per
    # channel, the heat-map its maximum over the 2 channels ([max(1, 3), max(2, 0.5)]);
    # SmoothGrad of a constant gradient is that gradient; integrated gradients from a
    # zero baseline are x·w exactly, with no completeness error.
    model, x = linear_net(), torch.tensor([[[2.0, 1.0]], [[-1.0, 4.0]]])
    result = saliency(model, x)
    assert result.attribution.tolist() == [[[1.0, 2.0]], [[3.0, 0.5]]]
    assert result.heatmap.tolist() == [[3.0, 2.0]]
    assert result.target_class == 0 and result.score == 2.0 - 2.0 - 3.0 + 2.0
    assert smoothgrad(model, x, n_samples=3).attribution.tolist() == [[[1.0, 2.0]], [[3.0, 0.5]]]
    ig = integrated_gradients(model, x, steps=4)
    np.testing.assert_allclose(ig.attribution, [[[2.0, -2.0]], [[-3.0, 2.0]]], rtol=1e-6)
    assert abs(ig.extras["delta"]) < 1e-6 and ig.signed
    shifted = integrated_gradients(model, x, baseline=1.0, steps=4)
    np.testing.assert_allclose(shifted.attribution, [[[1.0, 0.0]], [[-6.0, 1.5]]], rtol=1e-6)


@pytest.mark.parametrize("name", ["lenet5", "resnet18"])
def test_saliency_smoothgrad_and_integrated_gradients_equal_captum(name: str) -> None:
    model, x, _ = zoo(name)
    assert_close(saliency(model, x, 2).attribution, quiet(lambda: Saliency(model).attribute(x.clone(), 2)))
    sigma = float(0.1 * (x.max() - x.min()))
    ours = smoothgrad(model, x, 2, n_samples=6, noise=0.1, seed=3)
    torch.manual_seed(3)
    tunnel = NoiseTunnel(Saliency(model))
    reference = quiet(lambda: tunnel.attribute(x.clone(), "smoothgrad", 6, 6, sigma, target=2))
    assert_close(ours.attribution, reference)
    assert np.array_equal(
        smoothgrad(model, x, 2, n_samples=6, noise=0.1, seed=3).attribution, ours.attribution
    )
    ig = integrated_gradients(model, x, 2, steps=10)
    reference = quiet(lambda: IntegratedGradients(model).attribute(x.clone(), target=2, n_steps=10))
    assert_close(ig.attribution, reference)
    assert hook_total(model) == 0


def test_smoothgrad_leaves_the_global_random_state_alone() -> None:
    model, x = linear_net(), torch.ones(2, 1, 2)
    before = torch.get_rng_state()
    smoothgrad(model, x, n_samples=2, seed=1)
    assert torch.equal(before, torch.get_rng_state())


def relu_flags(model: nn.Module) -> list[tuple[str, bool]]:
    return [(name, m.inplace) for name, m in model.named_modules() if isinstance(m, nn.ReLU)]


METHODS: dict[str, Callable[..., object]] = {
    "gradcam": lambda m, x, **kw: grad_cam(m, x, "layer3.0.conv1", 1, **kw),
    "guided_gradcam": lambda m, x, **kw: guided_grad_cam(m, x, "layer3.0.conv1", 1, **kw),
    "saliency": lambda m, x, **kw: saliency(m, x, 1, **kw),
    "smoothgrad": lambda m, x, **kw: smoothgrad(m, x, 1, n_samples=2, **kw),
    "guided": lambda m, x, **kw: guided_backprop(m, x, 1, **kw),
    "intgrad": lambda m, x, **kw: integrated_gradients(m, x, 1, steps=2, **kw),
}


@pytest.mark.parametrize("method", list(METHODS))
def test_model_untouched_and_no_hooks_left_after_success_error_and_cancel(method: str) -> None:
    model, x, _ = zoo("resnet18")
    model.train()
    flags, modules = relu_flags(model), [(n, type(m)) for n, m in model.named_modules()]
    state = {k: v.clone() for k, v in model.state_dict().items()}
    METHODS[method](model, x)
    with pytest.raises(RuntimeError):
        METHODS[method](model, torch.randn(1, 5, 64, 64))  # conv1 wants 3 channels
    if method not in ("gradcam", "guided"):  # the others run more than one forward pass
        calls = iter(range(100))
        with pytest.raises(Cancelled):
            METHODS[method](model, x, should_stop=lambda: next(calls) >= 1)  # stop at the second one
    with pytest.raises(Cancelled):
        METHODS[method](model, x, should_stop=lambda: True)
    assert hook_total(model) == 0
    assert torch._C._len_torch_function_stack() == 0
    assert relu_flags(model) == flags and all(inplace for _, inplace in flags)
    assert [(n, type(m)) for n, m in model.named_modules()] == modules
    assert all(m.training for m in model.modules())
    assert all(torch.equal(state[k], v) for k, v in model.state_dict().items())


def test_bad_layer_class_and_layer_kind() -> None:
    model, x, _ = zoo("lenet5")
    with pytest.raises(UnknownLayerError, match="conv9"):
        grad_cam(model, x, "conv9")
    with pytest.raises(SelectionError, match="feature maps"):
        grad_cam(model, x, "fc1")
    for method in (saliency, guided_backprop, integrated_gradients):
        with pytest.raises(SelectionError, match="classes 0–9"):
            method(model, x, 10)
    with pytest.raises(SelectionError, match="classes 0–9"):
        grad_cam(model, x, "conv2", 10)
    assert hook_total(model) == 0
