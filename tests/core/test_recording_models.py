"""Recording real torchvision models: in-place ReLUs, reused modules, functional operations,
tuple outputs, 1-channel and non-square inputs, and hooks that never stay behind."""

from __future__ import annotations

import gc
import weakref
from collections import OrderedDict

import numpy as np
import pytest
import torch
import torchvision
from torch import nn
from torch.nn import functional as F

from cnnviz.core.functional_taps import NOT_SHOWN, functional_note, functional_view
from cnnviz.core.inference import probabilities_from_output
from cnnviz.core.recording import LayerRecord, first_tensor, hook_count, recording
from cnnviz.core.spec import InputSpec, ModelBundle
from cnnviz.core.summary import summarize
from cnnviz.core.transfer import adapt_input

# The tiny fixed-weight net of test_recording, written with functions: a 3×3 input, an
# all-ones 2×2 kernel with bias −20 → [[−8, −4], [4, 8]] → ReLU → [0, 0, 4, 8] → fc 44.5.
X = torch.arange(1.0, 10.0).reshape(1, 1, 3, 3)
CONV_OUT = np.array([[-8.0, -4.0], [4.0, 8.0]])
RELU_OUT = np.array([[0.0, 0.0], [4.0, 8.0]])
FC_OUT = 0 * 1 + 0 * 2 + 4 * 3 + 8 * 4 + 0.5


class FunctionalNet(nn.Module):
    """conv → F.relu (in place) → torch.flatten → fc → x * 2, as tutorials write it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 2)
        self.fc = nn.Linear(4, 1)
        with torch.no_grad():
            self.conv.weight.fill_(1.0)
            self.conv.bias.fill_(-20.0)  # type: ignore[union-attr]
            self.fc.weight.copy_(torch.tensor([[1.0, 2.0, 3.0, 4.0]]))
            self.fc.bias.fill_(0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv(x), inplace=True)
        return self.fc(torch.flatten(x, 1)) * 2


class DataDependent(nn.Module):
    """Control flow on a tensor's value: torch.fx cannot trace it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv(x)
        return F.relu(y) if y.sum() > 0 else -y


def resnet(seed: int = 0) -> torchvision.models.ResNet:
    torch.manual_seed(seed)
    return torchvision.models.resnet18().eval()


def value(records: dict[str, LayerRecord], name: str) -> np.ndarray:
    """The recorded array of a layer (which must have been captured)."""
    array = records[name].array
    assert array is not None, name
    return array


def plain_hook_shapes(model: nn.Module, x: torch.Tensor) -> list[tuple[str, tuple[int, ...]]]:
    """(name with #n for repeated calls, shape) of every leaf call, with nothing but torch hooks."""
    seen: list[tuple[str, tuple[int, ...]]] = []
    calls: dict[str, int] = {}
    handles = []
    for name, module in model.named_modules():
        if name and not list(module.children()):

            def hook(_m: nn.Module, _i: object, out: torch.Tensor, name: str = name) -> None:
                calls[name] = calls.get(name, 0) + 1
                seen.append((name if calls[name] == 1 else f"{name}#{calls[name]}", tuple(out.shape[1:])))

            handles.append(module.register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return seen


def test_inplace_relu_keeps_the_batchnorm_output_of_resnet18() -> None:
    model = resnet()
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    assert model.relu.inplace
    with torch.no_grad(), recording(model) as rec:
        model(x)
        bn1 = model.bn1(model.conv1(x))  # recomputed by hand, after the recorded pass
    records = rec.by_name()
    assert value(records, "bn1").min() < -0.5  # negative values survived the in-place ReLU
    np.testing.assert_allclose(value(records, "bn1"), bn1[0].numpy(), atol=1e-5)
    np.testing.assert_allclose(value(records, "relu"), bn1[0].clamp(min=0).numpy(), atol=1e-5)


def test_resnet_block_relu_is_recorded_once_per_call() -> None:
    model = resnet()
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(2))
    with torch.no_grad(), recording(model) as rec:
        model(x)
    names = [r.name for r in rec.records if r.name.startswith("layer1.0.")]
    assert names == [
        "layer1.0.conv1",
        "layer1.0.bn1",
        "layer1.0.relu",
        "layer1.0.conv2",
        "layer1.0.bn2",
        "layer1.0.relu#2",
    ]
    block = model.layer1[0]
    with torch.no_grad():
        block_in = model.maxpool(model.relu(model.bn1(model.conv1(x))))
        first = block.relu(block.bn1(block.conv1(block_in)))
        out = block(block_in)  # relu(bn2(conv2(first)) + block_in)
    records = rec.by_name()
    np.testing.assert_allclose(value(records, "layer1.0.relu"), first[0].numpy(), atol=1e-5)
    np.testing.assert_allclose(value(records, "layer1.0.relu#2"), out[0].numpy(), atol=1e-5)
    assert not np.allclose(value(records, "layer1.0.relu"), value(records, "layer1.0.relu#2"))


def test_functional_operations_are_layers_with_hand_computed_values() -> None:
    model = FunctionalNet()
    with torch.no_grad(), recording(model, functional=True) as rec:
        out = model(X)
    assert out.item() == pytest.approx(2 * FC_OUT)
    assert [(r.name, r.type_name) for r in rec.records] == [
        ("conv", "Conv2d"),
        ("relu", "relu()"),
        ("flatten", "flatten()"),
        ("fc", "Linear"),
        ("mul", "mul()"),
    ]
    records = rec.by_name()
    np.testing.assert_allclose(value(records, "conv"), CONV_OUT[None])  # before the in-place F.relu
    np.testing.assert_allclose(value(records, "relu"), RELU_OUT[None])
    np.testing.assert_allclose(value(records, "flatten"), RELU_OUT.ravel())
    np.testing.assert_allclose(value(records, "mul"), [2 * FC_OUT])
    assert rec.functional_note == ""
    assert "forward" not in model.__dict__ and hook_count(model) == 0
    assert hook_count(functional_view(model).graph_module) == 0


def test_without_functional_only_modules_are_recorded() -> None:
    model = FunctionalNet()
    with torch.no_grad(), recording(model) as rec:
        model(X)
    assert [r.name for r in rec.records] == ["conv", "fc"]


def test_resnet18_shows_its_skip_additions_in_call_order() -> None:
    model = resnet()
    x = torch.randn(1, 3, 64, 48, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        expected = model(x)
    with torch.no_grad(), recording(model, functional=True) as rec:
        out = model(x)
    torch.testing.assert_close(out, expected)
    names = [r.name for r in rec.records]
    block = names[names.index("layer1.0.conv1") : names.index("layer1.1.conv1")]
    assert block == [
        "layer1.0.conv1",
        "layer1.0.bn1",
        "layer1.0.relu",
        "layer1.0.conv2",
        "layer1.0.bn2",
        "layer1.0.add",
        "layer1.0.relu#2",
    ]
    assert names[-3:] == ["avgpool", "flatten", "fc"]
    assert [n for n in names if n.endswith(".add")] == [
        f"layer{i}.{j}.add" for i in (1, 2, 3, 4) for j in (0, 1)
    ]
    records = rec.by_name()
    with torch.no_grad():
        block_in = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    added = value(records, "layer1.0.bn2") + block_in[0].numpy()
    np.testing.assert_allclose(value(records, "layer1.0.add"), added, atol=1e-5)
    assert value(records, "layer1.0.add").min() < 0  # before the in-place ReLU that follows
    assert records["flatten"].shape == (512,) and records["flatten"].type_name == "flatten()"


def test_the_traced_view_shares_every_parameter() -> None:
    model = resnet()
    view = functional_view(model)
    ours = {id(p) for p in model.parameters()} | {id(b) for b in model.buffers()}
    traced = [*view.graph_module.parameters(), *view.graph_module.buffers()]
    assert traced and {id(t) for t in traced} <= ours
    assert sum(t.numel() for t in traced) == sum(p.numel() for p in model.parameters()) + sum(
        b.numel() for b in model.buffers()
    )
    assert functional_view(model) is view  # cached


def test_the_view_is_rebuilt_when_a_layer_is_replaced_or_the_mode_changes() -> None:
    model = resnet()
    x = torch.randn(1, 3, 32, 32)
    view = functional_view(model)
    model.fc = nn.Linear(512, 3)
    with torch.no_grad(), recording(model, functional=True) as rec:
        out = model(x)
    assert out.shape == (1, 3) and rec.by_name()["fc"].shape == (3,)
    assert functional_view(model) is not view
    model.train()
    assert functional_view(model) is not functional_view(model.eval())


def test_the_cache_does_not_keep_a_model_alive() -> None:
    model = resnet()
    functional_view(model)
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None


def test_untraceable_model_says_why_and_records_its_modules() -> None:
    model = DataDependent()
    assert functional_note(model).startswith(f"{NOT_SHOWN} (TraceError")
    with torch.no_grad(), recording(model, functional=True) as rec:
        model(X)
    assert [r.name for r in rec.records] == ["conv"]
    assert rec.functional_note.startswith(NOT_SHOWN) and "\n" not in rec.functional_note
    assert hook_count(model) == 0 and "forward" not in model.__dict__
    bundle = ModelBundle("dd", model, InputSpec(1, 3, 3), ["a"])
    summary = summarize(bundle, functional=True)
    assert summary.functional_note == rec.functional_note
    assert summary.to_dict()["functional_note"] == rec.functional_note


def test_summary_with_functional_rows_keeps_the_parameter_count() -> None:
    model = resnet()
    bundle = ModelBundle("r", model, InputSpec(3, 64, 64), [])
    plain, functional = summarize(bundle), summarize(bundle, functional=True)
    extra = [r for r in functional.rows if r.type_name.endswith("()")]
    assert [r.name for r in extra] == [
        *(f"layer{i}.{j}.add" for i in (1, 2, 3, 4) for j in (0, 1)),
        "flatten",
    ]
    assert all(r.params == 0 for r in extra)
    assert [r for r in functional.rows if r not in extra] == plain.rows
    assert sum(r.params for r in functional.rows) == functional.total_params == 11_689_512
    assert functional.functional_note == "" and "functional_note" not in functional.to_dict()


def test_hooks_and_forward_are_restored_when_the_traced_forward_raises() -> None:
    model = FunctionalNet()
    view = functional_view(model)
    too_big = torch.ones(1, 1, 4, 4)  # conv gives 3×3 → 9 features, fc wants 4
    with (
        pytest.raises(RuntimeError, match="shapes cannot be multiplied"),
        recording(model, functional=True) as rec,
    ):
        assert hook_count(model) == 2 and hook_count(view.graph_module) == 2 + 3  # shared leaves + taps
        model(too_big)
    assert [r.name for r in rec.records] == ["conv", "relu", "flatten"]  # what ran before the error
    assert hook_count(model) == 0 and hook_count(view.graph_module) == 0
    assert "forward" not in model.__dict__
    assert model(X).item() == pytest.approx(2 * FC_OUT)  # the original forward again


def test_googlenet_training_outputs_use_the_main_logits() -> None:
    torch.manual_seed(0)
    model = torchvision.models.googlenet(aux_logits=True, init_weights=False).train()
    x = torch.randn(2, 3, 64, 64)
    for functional in (False, True):
        with torch.no_grad(), recording(model, functional=functional) as rec:
            out = model(x)
        assert type(out).__name__ == "GoogLeNetOutputs"
        expected = torch.softmax(out.logits[0].double(), 0).numpy()
        np.testing.assert_allclose(probabilities_from_output(out), expected)
        names = [r.name for r in rec.records]
        assert "aux1.fc2" in names and "aux2.fc2" in names and names[-1] == "fc"
        assert ("inception3a.branch1.relu" in names) == functional  # F.relu inside BasicConv2d
    assert hook_count(model) == 0


@pytest.mark.slow
def test_inception_v3_training_outputs_use_the_main_logits() -> None:
    torch.manual_seed(0)
    model = torchvision.models.inception_v3(aux_logits=True, init_weights=False).train()
    with torch.no_grad(), recording(model, functional=True) as rec:
        out = model(torch.randn(2, 3, 299, 299))
    assert type(out).__name__ == "InceptionOutputs"
    assert first_tensor(out) is out.logits
    assert "AuxLogits.fc" in rec.by_name() and rec.records[-1].name == "fc"


def test_dict_outputs_give_their_main_tensor() -> None:
    main, aux = torch.ones(1, 2), torch.zeros(1, 2)
    assert first_tensor(OrderedDict(out=main, aux=aux)) is main
    assert first_tensor({"logits": main}) is main
    assert first_tensor({"features": main}) is None


@pytest.mark.parametrize("functional", [False, True])
def test_one_channel_non_square_input(functional: bool) -> None:
    model = resnet()
    adapt_input(model, 1)
    x = torch.randn(1, 1, 40, 72)
    expected = plain_hook_shapes(model, x)
    with torch.no_grad(), recording(model, functional=functional) as rec:
        model(x)
    modules = [(r.name, r.shape) for r in rec.records if not r.type_name.endswith("()")]
    assert modules == expected
    records = rec.by_name()
    assert records["conv1"].shape == (64, 20, 36) and value(records, "conv1").shape == (64, 20, 36)
    assert records["layer4.1.relu#2"].shape == (512, 2, 3)
    assert ("layer4.1.add" in records) == functional
    assert hook_count(model) == 0


def test_inference_with_functional_layers_keeps_table_and_activations_consistent() -> None:
    from cnnviz.core.inference import InferenceRequest, run_inference
    from cnnviz.core.zoo import load_zoo

    bundle = load_zoo("resnet18")
    image = np.random.default_rng(0).random((90, 120, 3)).astype(np.float32)
    wanted = frozenset({"layer1.0.add", "layer1.0.relu#2", "flatten"})
    result = run_inference(bundle, InferenceRequest(1, image, wanted, functional=True))
    rows = [row.name for row in result.summary.rows]
    assert rows[rows.index("layer1.0.bn2") : rows.index("layer1.0.relu#2") + 1] == [
        "layer1.0.bn2",
        "layer1.0.add",
        "layer1.0.relu#2",
    ]
    assert set(result.activations) == wanted and result.summary.functional_note == ""
    shapes = {row.name: row.output_shape for row in result.summary.rows}
    assert all(result.activations[name].shape == shapes[name] for name in wanted)
    np.testing.assert_allclose(
        result.activations["layer1.0.relu#2"], np.maximum(result.activations["layer1.0.add"], 0), atol=1e-6
    )
    plain = run_inference(bundle, InferenceRequest(2, image, wanted))
    assert set(plain.activations) == {"layer1.0.relu#2"} and "layer1.0.add" not in [
        r.name for r in plain.summary.rows
    ]
    np.testing.assert_allclose(plain.probabilities, result.probabilities, atol=1e-6)
    assert hook_count(bundle.module) == 0 and "forward" not in bundle.module.__dict__
