"""One forward pass: probabilities, recorded layers and the prepared input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.inference import InferenceRequest, InferenceResult, probabilities_from_output, run_inference
from cnnviz.core.preprocess import EmptyInputError, prepare_input
from cnnviz.core.sources import load_builtin
from cnnviz.core.summary import ModelSummary, summarize


def drawn_one() -> np.ndarray:
    img = np.zeros((280, 280, 3), dtype=np.float32)
    img[40:240, 130:150] = 1.0
    return img


def result_with(probabilities: list[float]) -> InferenceResult:
    return InferenceResult(0, "m", np.zeros(1), np.array(probabilities), ModelSummary([], 0, 0))


def test_probabilities_match_a_plain_forward_pass() -> None:
    bundle = load_builtin("lenet5", weights=False)
    image = drawn_one()
    result = run_inference(bundle, InferenceRequest(7, image))
    x = torch.from_numpy(prepare_input(image, bundle.spec))[None]
    with torch.no_grad():
        expected = torch.softmax(bundle.module(x).double(), dim=1)[0].numpy()
    assert result.probabilities.shape == (10,)
    assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(result.probabilities, expected, atol=1e-6)
    np.testing.assert_array_equal(result.model_input, x[0].numpy())
    assert (result.request_id, result.model_name) == (7, "LeNet-5")
    assert result.seconds > 0


def test_activations_only_for_requested_layers_and_correct() -> None:
    bundle = load_builtin("lenet5", weights=False)
    result = run_inference(bundle, InferenceRequest(0, drawn_one(), frozenset({"conv1", "fc3"})))
    assert set(result.activations) == {"conv1", "fc3"}
    x = torch.from_numpy(result.model_input)[None]
    conv1 = bundle.module.conv1
    with torch.no_grad():
        expected_conv1 = F.conv2d(x, conv1.weight, conv1.bias, padding=2)[0].numpy()
    np.testing.assert_allclose(result.activations["conv1"], expected_conv1, atol=1e-5)
    logits = result.activations["fc3"]
    assert logits.shape == (10,)
    softmax = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    np.testing.assert_allclose(softmax, result.probabilities, atol=1e-6)


def test_no_layers_requested_means_no_arrays_but_a_full_summary() -> None:
    bundle = load_builtin("lenet5", weights=False)
    result = run_inference(bundle, InferenceRequest(0, drawn_one()))
    assert result.activations == {}
    assert result.summary == summarize(bundle)


def test_top_k_orders_by_probability() -> None:
    result = result_with([0.1, 0.5, 0.15, 0.25])
    labels = ["a", "b", "c", "d"]
    assert result.top_k(labels, 3) == [("b", 0.5), ("d", 0.25), ("c", 0.15)]
    assert [label for label, _ in result.top_k(labels, 10)] == ["b", "d", "c", "a"]
    assert result.top_k(["a"], 2) == [("1", 0.5), ("3", 0.25)]  # missing labels fall back to the index


def test_probabilities_from_output_by_hand() -> None:
    logits = torch.tensor([[0.0, float(np.log(3.0))]])
    np.testing.assert_allclose(probabilities_from_output(logits), [0.25, 0.75])
    np.testing.assert_allclose(probabilities_from_output((logits, torch.zeros(1))), [0.25, 0.75])
    with pytest.raises(TypeError):
        probabilities_from_output({"x": logits})


def test_probabilities_match_torch_softmax_in_double() -> None:
    logits = torch.randn(2, 1000, generator=torch.Generator().manual_seed(0)) * 30
    expected = torch.softmax(logits[0].double(), dim=0).numpy()
    np.testing.assert_allclose(probabilities_from_output(logits), expected, rtol=1e-12, atol=1e-300)
    half = probabilities_from_output(logits.half())  # low precision logits are widened first
    np.testing.assert_allclose(half, torch.softmax(logits.half()[0].double(), dim=0).numpy(), rtol=1e-12)


def test_logits_that_are_not_numbers_give_not_a_number() -> None:
    for bad in (float("nan"), float("inf")):
        probabilities = probabilities_from_output(torch.tensor([[0.0, bad, 1.0]]))
        assert not np.isfinite(probabilities).all()
    assert probabilities_from_output(torch.tensor([[0.0, float("-inf")]])).tolist() == [1.0, 0.0]


def test_invert_is_passed_through() -> None:
    bundle = load_builtin("lenet5", weights=False)
    paper = 1.0 - drawn_one()
    auto = run_inference(bundle, InferenceRequest(0, paper))
    forced = run_inference(bundle, InferenceRequest(0, paper, invert="no"))
    np.testing.assert_allclose(auto.model_input, prepare_input(drawn_one(), bundle.spec), atol=1e-6)
    assert forced.model_input.mean() > 2 * auto.model_input.mean()


def test_blank_image_raises() -> None:
    with pytest.raises(EmptyInputError):
        run_inference(load_builtin("lenet5", weights=False), InferenceRequest(0, np.zeros((50, 50, 3))))


def test_tinyvgg_inference() -> None:
    bundle = load_builtin("tinyvgg", weights=False)
    image = np.random.default_rng(0).random((80, 90, 3)).astype(np.float32)
    result = run_inference(bundle, InferenceRequest(0, image, frozenset({"max_pool_2"})))
    assert result.model_input.shape == (3, 64, 64)
    assert result.activations["max_pool_2"].shape == (10, 13, 13)
    assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-9)
