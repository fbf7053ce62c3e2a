"""Deconvnet projections: hand-computed on tiny fixed-weight nets, equal to Captum's NeuronDeconvolution."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
from captum.attr import NeuronDeconvolution
from torch import nn

from cnnviz.core.backprop import Cancelled, SelectionError, hook_total, relu_rule
from cnnviz.core.deconvnet import (
    crop_box,
    deconv_projection,
    projection_to_display,
    strongest_unit,
)
from cnnviz.core.layers import UnknownLayerError
from cnnviz.core.receptive import receptive_fields
from cnnviz.core.sources import load_builtin

TOLERANCE = 1e-5  # largest difference, relative to the reference's largest magnitude


def fixed_conv(weight: Sequence[object] | float, shape: tuple[int, int, int, int]) -> nn.Conv2d:
    conv = nn.Conv2d(shape[1], shape[0], shape[2:], bias=False)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(weight, dtype=torch.float32).reshape(shape))
    return conv


def test_unpooling_through_the_switch_places_the_filter_there() -> None:
    # x[i, j] = 4i + j on a 4×4 grid; the 2×2 filter K = [[1, -1], [2, 0.5]] gives
    # C[i, j] = (4i+j) − (4i+j+1) + 2(4i+4+j) + 0.5(4i+4+j+1) = 2.5(4i+j) + 9.5.
    # Max pooling 2×2 over C[0:2, 0:2] = [[9.5, 12], [19.5, 22]] switches to (1, 1): 22.
    # Deconvnet: the one-hot goes to the switch, ReLU(1) = 1, the transposed filter
    # paints K at rows 1–2, columns 1–2 of the input.
    model = nn.Sequential(fixed_conv([[1, -1], [2, 0.5]], (1, 1, 2, 2)), nn.ReLU(), nn.MaxPool2d(2))
    x = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
    projection = deconv_projection(model, x, "2", channel=0, position=(0, 0))
    expected = np.zeros((1, 4, 4), dtype=np.float32)
    expected[0, 1:3, 1:3] = np.array([[1, -1], [2, 0.5]])
    np.testing.assert_array_equal(projection.image, expected)
    assert projection.activation == 22.0
    assert projection.position == (0, 0)
    assert projection.box == (0, 0, 3, 3)  # the pooled unit sees 2 + (2 − 1) = 3 pixels each way
    assert deconv_projection(model, x, "2", 0, "strongest").position == (0, 0)


def relu_net(kind: str, second: list[float]) -> nn.Module:
    """x (1 pixel) → 1×1 conv to two channels [1, −1] → ReLU (as ``kind``) → 1×1 conv ``second`` → 1 unit."""

    class FunctionalRelu(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return F.relu(x) if kind == "functional" else torch.relu_(x)

    relus: dict[str, Callable[[], nn.Module]] = {
        "module": nn.ReLU,
        "inplace": lambda: nn.ReLU(inplace=True),
        "functional": FunctionalRelu,
        "relu_": FunctionalRelu,
    }
    return nn.Sequential(
        fixed_conv([1.0, -1.0], (2, 1, 1, 1)), relus[kind](), fixed_conv(second, (1, 2, 1, 1))
    )


@pytest.mark.parametrize("kind", ["module", "inplace", "functional", "relu_"])
def test_relu_rectifies_the_signal_not_the_forward_input(kind: str) -> None:
    # x = 1: conv1 gives [1, −1], ReLU [1, 0], conv2 [2, 3] gives the unit 2·1 + 3·0 = 2.
    # Gradient: [2, 3] masked by the forward [1, 0] → [2, 0] → 2·1 + 0·(−1) = 2.
    # Deconvnet: ReLU of the signal [2, 3] = [2, 3] (not masked) → 2·1 + 3·(−1) = −1.
    # With conv2 [2, −3] the signal is rectified to [2, 0] → 2.
    x = torch.ones(1, 1, 1, 1)
    projection = deconv_projection(relu_net(kind, [2.0, 3.0]), x, "2", 0, (0, 0))
    assert projection.activation == 2.0
    assert projection.image.tolist() == [[[-1.0]]]
    assert deconv_projection(relu_net(kind, [2.0, -3.0]), x, "2", 0).image.tolist() == [[[2.0]]]


def test_batch_norm_is_affine_and_residual_signals_add() -> None:
    # unit = ReLU(BN(2x)) + x with BN scale γ/√var = 3/√4 = 1.5 and β = −100, so the
    # ReLU is off at x = 1 (the unit is 0 + 1 = 1). Deconvnet: the identity path gives 1,
    # the other path ReLU(1) = 1, ·1.5 (BN), ·2 (conv) = 3: in all 4 (the gradient is 1).
    class Residual(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = fixed_conv(2.0, (1, 1, 1, 1))
            self.bn = nn.BatchNorm2d(1, eps=0.0)
            self.relu = nn.ReLU(inplace=True)
            self.out = nn.Identity()
            with torch.no_grad():
                self.bn.weight.fill_(3.0)
                self.bn.bias.fill_(-100.0)
                self.bn.running_var.fill_(4.0)  # type: ignore[union-attr]

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.out(self.relu(self.bn(self.conv(x))) + x)

    projection = deconv_projection(Residual(), torch.ones(1, 1, 1, 1), "out", 0)
    assert projection.activation == 1.0
    assert projection.image.tolist() == [[[4.0]]]


def test_a_vector_layer_projects_its_unit() -> None:
    # Flatten a 1×2×2 input and take unit 1 of a linear layer with row [1, −2, 3, −4]:
    # the projection is that row, reshaped; the unit is 1 − 2 + 3 − 4 = −2.
    linear = nn.Linear(4, 2, bias=False)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[0.0, 0, 0, 0], [1, -2, 3, -4]]))
    model = nn.Sequential(nn.Flatten(), linear)
    projection = deconv_projection(model, torch.ones(1, 2, 2), "1", 1)
    assert projection.image.tolist() == [[[1.0, -2.0], [3.0, -4.0]]]
    assert projection.position is None and projection.box == (0, 0, 2, 2)
    assert projection.activation == -2.0


class Explode(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise AssertionError("ran past the chosen layer")


def test_the_forward_pass_stops_at_the_chosen_layer() -> None:
    # A 2×2 all-ones filter on a 3×3 all-ones input: every unit is 4 and unit (1, 1)
    # projects ones onto rows and columns 1–2. The module after the ReLU is never run
    # (the receptive fields are given, as the GUI caches them).
    model = nn.Sequential(fixed_conv([[1, 1], [1, 1]], (1, 1, 2, 2)), nn.ReLU(), Explode())
    fields = receptive_fields(nn.Sequential(*list(model)[:2]), (1, 3, 3))
    projection = deconv_projection(model, torch.ones(1, 3, 3), "1", 0, (1, 1), fields=fields)
    assert projection.activation == 4.0
    assert projection.image.tolist() == [[[0, 0, 0], [0, 1, 1], [0, 1, 1]]]
    assert projection.box == (1, 1, 3, 3)


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


def captum_deconv(
    model: nn.Module, module: nn.Module, x: torch.Tensor, unit: tuple[int, ...]
) -> torch.Tensor:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return NeuronDeconvolution(model, module).attribute(x.clone().requires_grad_(), unit)[0].detach()


def assert_close(ours: np.ndarray, reference: torch.Tensor) -> None:
    scale = float(reference.abs().max())
    assert scale > 0
    assert np.abs(ours - reference.numpy()).max() <= TOLERANCE * scale


@pytest.mark.parametrize("name", ["lenet5", "tinyvgg", "alexnet", "resnet18"])
def test_equals_captum_neuron_deconvolution(name: str) -> None:
    model, x, layers = zoo(name)
    modules = dict(model.named_modules())
    fields = receptive_fields(model, tuple(x.shape[1:]))
    for layer in layers:
        channel = 1
        projection = deconv_projection(model, x, layer, channel, fields=fields)  # strongest unit of map 1
        assert projection.position is not None
        reference = captum_deconv(model, modules[layer], x, (channel, *projection.position))
        assert_close(projection.image, reference)
        with torch.no_grad():
            row, col = projection.position
            assert projection.activation == pytest.approx(
                float(modules[layer](x_at(model, x, layer))[0, 1, row, col]), rel=1e-5
            )
    assert hook_total(model) == 0


def x_at(model: nn.Module, x: torch.Tensor, layer: str) -> torch.Tensor:
    """The input of ``layer``'s (single) call, recorded with a temporary hook."""
    seen: list[torch.Tensor] = []
    handle = dict(model.named_modules())[layer].register_forward_pre_hook(
        lambda _m, args: seen.append(args[0].clone())
    )
    try:
        with torch.no_grad():
            model(x)
    finally:
        handle.remove()
    return seen[0]


def test_each_call_of_a_reused_relu_is_its_own_layer() -> None:
    # ResNet's block calls one in-place ReLU twice. Captum's neuron methods use a module's
    # last call, so "relu#2" equals Captum on the module; the first call's output unit is
    # ReLU(bn1 unit), whose projection equals Captum's on bn1 (ReLU of a one-hot is itself).
    model, x, _ = zoo("resnet18")
    modules = dict(model.named_modules())
    fields = receptive_fields(model, tuple(x.shape[1:]))
    second = deconv_projection(model, x, "layer1.0.relu#2", 5, (3, 4), fields)
    assert_close(second.image, captum_deconv(model, modules["layer1.0.relu"], x, (5, 3, 4)))
    first = deconv_projection(model, x, "layer1.0.relu", 5, (3, 4), fields)
    assert_close(first.image, captum_deconv(model, modules["layer1.0.bn1"], x, (5, 3, 4)))
    assert not np.allclose(first.image, second.image)
    assert first.box != second.box  # the second call sees through conv2 as well


def relu_flags(model: nn.Module) -> list[tuple[str, bool]]:
    return [(name, m.inplace) for name, m in model.named_modules() if isinstance(m, nn.ReLU)]


def test_model_untouched_and_no_hooks_left_also_after_errors() -> None:
    model, x, _ = zoo("resnet18")
    model.train()
    flags, modules = relu_flags(model), [(n, type(m)) for n, m in model.named_modules()]
    state = {k: v.clone() for k, v in model.state_dict().items()}
    deconv_projection(model, x, "layer3.1.conv1", 0)
    with pytest.raises(RuntimeError):
        deconv_projection(model, torch.randn(1, 5, 64, 64), "layer3.1.conv1", 0)  # conv1 wants 3 channels
    with pytest.raises(UnknownLayerError, match="was not reached"):
        deconv_projection(model, x, "layer1.0.relu#3", 0)
    with pytest.raises(Cancelled):
        deconv_projection(model, x, "layer3.1.conv1", 0, should_stop=lambda: True)
    assert hook_total(model) == 0
    assert torch._C._len_torch_function_stack() == 0  # the ReLU rule is off again
    assert relu_flags(model) == flags and all(inplace for _, inplace in flags)
    assert [(n, type(m)) for n, m in model.named_modules()] == modules
    assert all(m.training for m in model.modules())  # train mode restored; eval used inside
    assert all(torch.equal(state[k], v) for k, v in model.state_dict().items())  # BN statistics kept


def test_bad_selections_say_what_exists() -> None:
    model, x, _ = zoo("lenet5")
    with pytest.raises(UnknownLayerError, match=r"there is no layer 'conv9'.*conv1"):
        deconv_projection(model, x, "conv9", 0)
    with pytest.raises(SelectionError, match="channels 0–5"):
        deconv_projection(model, x, "conv1", 6)
    with pytest.raises(SelectionError, match="outside the 10×10 map"):
        deconv_projection(model, x, "conv2", 0, (10, 0))
    with pytest.raises(SelectionError, match="no rows and columns"):
        deconv_projection(model, x, "fc1", 0, (0, 0))
    assert hook_total(model) == 0


def test_strongest_unit() -> None:
    assert strongest_unit(np.array([[0.0, 3.0, 1.0], [3.0, -1.0, 2.0]])) == (0, 1)  # ties: reading order
    assert strongest_unit(torch.tensor([[-5.0, -2.0], [-3.0, -4.0]])) == (0, 1)
    with pytest.raises(ValueError):
        strongest_unit(np.zeros(4))


def test_projection_to_display_is_grey_at_zero_and_symmetric() -> None:
    # One channel [−2, 0, 1, 2]: max |v| = 2, so 127.5·(1 + v/2) = 0, 127.5 → 128, 191.25 → 191, 255.
    grey = projection_to_display(np.array([[[-2.0, 0.0, 1.0, 2.0]]]))
    assert grey.shape == (1, 4, 3) and grey.dtype == np.uint8
    assert grey[0, :, 0].tolist() == [0, 128, 191, 255]
    assert (grey[..., 0] == grey[..., 2]).all()
    # Three channels share one scale (max |v| = 4): red −4 → 0, green 2 → 191, blue 0 → 128.
    rgb = projection_to_display(np.array([[[-4.0]], [[2.0]], [[0.0]]]))
    assert rgb.tolist() == [[[0, 191, 128]]]
    assert (projection_to_display(np.zeros((3, 2, 2))) == 128).all()
    assert projection_to_display(np.ones((5, 5))).shape == (5, 5, 3)


def test_crop_box() -> None:
    image = np.arange(2 * 4 * 5).reshape(2, 4, 5)
    assert crop_box(image, (1, 2, 3, 5)).tolist() == image[:, 1:3, 2:5].tolist()


def test_the_relu_rule_is_for_this_thread_only() -> None:
    # The GUI computes projections in a worker thread while the main thread may run the
    # model too: there ReLUs must keep their ordinary backward.
    model, x = relu_net("module", [2.0, 3.0]), torch.ones(1, 1, 1, 1, requires_grad=True)
    gradients: list[float] = []
    inside, finished = threading.Event(), threading.Event()

    def other_thread() -> None:
        inside.wait()
        (grad,) = torch.autograd.grad(model(x).sum(), x)
        gradients.append(float(grad))
        finished.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with relu_rule("deconvnet"):
        inside.set()
        finished.wait(timeout=30)
    worker.join()
    assert gradients == [2.0]  # the plain gradient (see the hand computation above), not −1
