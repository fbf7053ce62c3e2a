"""The deconvnet's fast twin (cut at the layer, batch norm folded, channels-last) and the projector
that keeps one input's forward pass: equal to the model and to Captum, rebuilt when the weights
change, dropped with the model, never running the model's hooks."""

from __future__ import annotations

import gc
import warnings

import numpy as np
import pytest
import torch
import torchvision
from captum.attr import NeuronDeconvolution
from torch import nn

from cnnviz.core.backprop import hook_total
from cnnviz.core.deconv_fast import CACHE, fast_twin
from cnnviz.core.deconvnet import DeconvProjector, Position, deconv_projection
from cnnviz.core.receptive import receptive_fields
from cnnviz.core.sources import load_builtin

TOLERANCE = 1e-5  # largest difference, relative to the reference's largest magnitude


def resnet() -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(0)
    model = torchvision.models.resnet18().eval()
    with torch.no_grad():  # batch norms that do something, so folding them is tested
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                assert module.running_mean is not None and module.running_var is not None
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    return model, torch.randn(1, 3, 64, 64)


def layer_output(model: nn.Module, x: torch.Tensor, layer: str) -> torch.Tensor:
    """The layer's output in the plain model (cloned at once: later in-place ops change it)."""
    seen: list[torch.Tensor] = []
    handle = model.get_submodule(layer).register_forward_hook(lambda _m, _i, out: seen.append(out.clone()))
    try:
        with torch.no_grad():
            model(x)
    finally:
        handle.remove()
    return seen[0]


def captum(model: nn.Module, layer: str, x: torch.Tensor, unit: tuple[int, ...]) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = model.get_submodule(layer)
        return NeuronDeconvolution(model, module).attribute(x.clone().requires_grad_(), unit)[0].numpy()


def assert_close(ours: np.ndarray, reference: np.ndarray) -> None:
    scale = float(np.abs(reference).max())
    assert scale > 0
    assert np.abs(ours - reference).max() <= TOLERANCE * scale


@pytest.mark.parametrize("layer", ["layer2.0.conv2", "layer3.1.bn2", "layer4.1.conv2"])
def test_twin_ends_at_the_layer_folds_batch_norms_and_computes_the_layer(layer: str) -> None:
    model, x = resnet()
    twin = fast_twin(model, layer)
    assert twin is not None
    nodes = [n for n in twin.graph.nodes if n.op != "output"]
    modules = dict(twin.named_modules())
    assert str(nodes[-1].target) == layer  # nothing after the layer
    norms = [str(n.target) for n in nodes if isinstance(modules.get(str(n.target)), nn.BatchNorm2d)]
    assert norms == ([layer] if "bn" in layer else [])  # all folded but the chosen one
    with torch.no_grad():
        ours = twin(x.contiguous(memory_format=torch.channels_last))
    reference = layer_output(model, x, layer)
    assert torch.allclose(ours, reference, rtol=0, atol=TOLERANCE * float(reference.abs().max()))
    assert hook_total(model) == 0


@pytest.mark.parametrize("layer", ["layer1.0.conv1", "layer2.1.bn1", "layer3.0.relu#2", "layer4.1.conv2"])
def test_projections_equal_captum_with_folded_batch_norms(layer: str) -> None:
    # Captum's neuron methods use a reused module's last call: "relu#2" is the module's.
    model, x = resnet()
    module = layer.split("#")[0]
    projection = deconv_projection(model, x, layer, 2)
    assert projection.position is not None
    row, col = projection.position
    assert_close(projection.image, captum(model, module, x, (2, row, col)))
    if "#" not in layer:
        expected = float(layer_output(model, x, module)[0, 2, row, col])
        assert projection.activation == pytest.approx(expected, rel=1e-5)


def test_projector_units_equal_single_projections() -> None:
    model, x = resnet()
    projector = DeconvProjector(model, x, "layer3.1.conv2")
    positions: list[tuple[int, Position]] = [(0, (1, 2)), (5, (3, 0)), (5, "strongest"), (17, None)]
    for channel, position in positions:
        many = projector.project(channel, position)
        single = deconv_projection(model, x, "layer3.1.conv2", channel, position)
        assert (many.position, many.box, many.channel) == (single.position, single.box, single.channel)
        assert many.activation == pytest.approx(single.activation, rel=1e-6)
        np.testing.assert_allclose(many.image, single.image, rtol=0, atol=1e-6 * np.abs(single.image).max())
    last = projector.project(1, (0, 0), keep_graph=False)
    assert_close(last.image, captum(model, "layer3.1.conv2", x, (1, 0, 0)))


def test_twin_is_cached_and_rebuilt_once_the_weights_stay_put() -> None:
    model = load_builtin("lenet5", weights=False).module.eval()
    x = torch.randn(1, 1, 28, 28)
    first = fast_twin(model, "conv2")
    assert first is not None and fast_twin(model, "conv2") is first
    conv1 = model.get_submodule("conv1")
    assert isinstance(conv1, nn.Conv2d)
    for _step in range(3):  # weights changing at every request, as in training: no twin
        with torch.no_grad():
            conv1.weight.mul_(-1.5)  # in place, as an optimiser step
        assert fast_twin(model, "conv2") is None
        assert_close(
            deconv_projection(model, x, "conv2", 3, (4, 4)).image, captum(model, "conv2", x, (3, 4, 4))
        )
    second = fast_twin(model, "conv2")  # the same weights twice in a row: rebuilt
    assert second is not None and second is not first
    assert_close(deconv_projection(model, x, "conv2", 3, (4, 4)).image, captum(model, "conv2", x, (3, 4, 4)))
    model.load_state_dict(load_builtin("lenet5", weights=False).module.state_dict())
    model.conv2 = nn.Conv2d(6, 16, 5)  # and a replaced module
    assert fast_twin(model, "conv2") is None
    assert_close(deconv_projection(model, x, "conv2", 3, (4, 4)).image, captum(model, "conv2", x, (3, 4, 4)))
    assert fast_twin(model, "conv2") is not None


def test_twins_go_with_their_model() -> None:
    model = load_builtin("lenet5", weights=False).module
    assert fast_twin(model, "conv1") is not None and fast_twin(model, "conv2") is not None
    key = id(model)
    assert any(k[0] == key for k in CACHE.twins)
    del model
    gc.collect()
    assert not any(k[0] == key for k in CACHE.twins)


def test_the_models_hooks_never_run_in_the_twin() -> None:
    model, x = resnet()
    fields = receptive_fields(model, (3, 64, 64))  # as the GUI keeps them (this runs the model)
    conv1 = model.get_submodule("conv1")

    def explode(*_args: object) -> None:
        raise AssertionError("the user's hook ran")

    handle = conv1.register_forward_hook(explode)
    try:
        projection = deconv_projection(model, x, "layer2.0.conv1", 0, fields=fields)
        assert conv1._forward_hooks  # still there, untouched
    finally:
        handle.remove()
    assert projection.position is not None
    assert_close(projection.image, captum(model, "layer2.0.conv1", x, (0, *projection.position)))


class Branchy(nn.Module):
    """Data-dependent control flow: torch.fx cannot trace it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.sum() > 0:
            x = -x
        return self.relu(self.conv(x))


def test_models_without_a_twin_run_as_they_are() -> None:
    torch.manual_seed(1)
    model, x = Branchy().eval(), torch.rand(1, 1, 8, 8)
    assert fast_twin(model, "relu") is None
    assert fast_twin(load_builtin("lenet5", weights=False).module.double(), "conv1") is None  # not float32
    projection = deconv_projection(model, x, "relu", 1)
    assert projection.position is not None
    assert_close(projection.image, captum(model, "relu", x, (1, *projection.position)))
