"""The CUDA path gives the CPU's answers: inference, deconvnet, Grad-CAM, saliency, occlusion,
top-9 scans and training (with a checkpoint read back on the CPU); running out of GPU memory
becomes the app's own error. Every test skips without CUDA (CI has none).

Convolutions on the GPU default to TF32 (cuDNN), about 1e-3 relative; the comparisons turn it
off (``full_precision``) so that the CUDA kernels are checked to float32 accuracy, and one test
checks the default (TF32) path stays within TF32's accuracy.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.checkpoint import load_checkpoint, save_checkpoint
from cnnviz.core.datasets import load_dataset
from cnnviz.core.deconvnet import DeconvProjector, deconv_projection
from cnnviz.core.gradcam import grad_cam
from cnnviz.core.gradients import saliency
from cnnviz.core.inference import InferenceRequest, run_inference
from cnnviz.core.occlusion import occlusion_maps
from cnnviz.core.sources import load_builtin
from cnnviz.core.spec import ModelBundle
from cnnviz.core.topk import TopKState, scan_topk
from cnnviz.core.training import TrainConfig, TrainingOutOfMemory, train

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")

TOLERANCE = 1e-5  # largest difference, relative to the CPU result's largest magnitude
LENET_LAYERS = frozenset({"conv1", "pool1", "conv2", "fc1", "fc3"})


@pytest.fixture
def full_precision() -> Iterator[None]:
    """float32 convolutions and matrix products on the GPU (no TF32) for the test's duration."""
    saved = (torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32)
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = saved


def assert_close(on_gpu: np.ndarray, on_cpu: np.ndarray, tolerance: float = TOLERANCE) -> None:
    assert on_gpu.shape == on_cpu.shape
    scale = float(np.abs(on_cpu).max())
    assert scale > 0
    assert float(np.abs(on_gpu - on_cpu).max()) <= tolerance * scale


def on_cuda(bundle: ModelBundle) -> ModelBundle:
    """A copy of the bundle whose module lives on the GPU (the original stays on the CPU)."""
    twin = copy.copy(bundle)
    twin.module = copy.deepcopy(bundle.module).to("cuda")
    return twin


def drawn_seven() -> np.ndarray:
    """A raw H×W×3 drawing in [0, 1], as the canvas gives it."""
    img = np.zeros((280, 280, 3), dtype=np.float32)
    img[40:60, 60:220] = 1.0
    for row in range(60, 240):
        col = 200 - (row - 60) // 2
        img[row, col - 10 : col + 10] = 1.0
    return img


@pytest.fixture(scope="module")
def lenet() -> ModelBundle:
    return load_builtin("lenet5")


@pytest.fixture(scope="module")
def digit_inputs() -> np.ndarray:
    """64 synthetic digits as LeNet-5 takes them (N×1×28×28, normalised)."""
    return load_dataset("digits", 64, 0, seed=3).train_x


def test_lenet_inference_and_activations_equal_the_cpu(lenet: ModelBundle, full_precision: None) -> None:
    request = InferenceRequest(1, drawn_seven(), LENET_LAYERS, with_inputs=frozenset({"fc1"}))
    cpu = run_inference(lenet, request)
    gpu = run_inference(on_cuda(lenet), request, device="cuda")
    assert int(np.argmax(cpu.probabilities)) == int(np.argmax(gpu.probabilities))
    np.testing.assert_allclose(gpu.probabilities, cpu.probabilities, atol=1e-5)
    assert set(gpu.activations) == set(cpu.activations) == LENET_LAYERS
    for name in LENET_LAYERS:
        assert isinstance(gpu.activations[name], np.ndarray)
        assert_close(gpu.activations[name], cpu.activations[name])
    assert_close(gpu.inputs["fc1"], cpu.inputs["fc1"])
    assert gpu.summary == cpu.summary


def test_default_tf32_inference_stays_close_to_the_cpu(lenet: ModelBundle) -> None:
    request = InferenceRequest(2, drawn_seven(), frozenset({"conv2"}))
    cpu = run_inference(lenet, request)
    gpu = run_inference(on_cuda(lenet), request, device="cuda")
    np.testing.assert_allclose(gpu.probabilities, cpu.probabilities, atol=5e-3)
    assert_close(gpu.activations["conv2"], cpu.activations["conv2"], tolerance=1e-2)


def test_tinyvgg_inference_on_shapes_equals_the_cpu(full_precision: None) -> None:
    torch.manual_seed(0)
    bundle = load_builtin("tinyvgg", weights=False)
    shapes = load_dataset("shapes", 4, 0, seed=5).train_x
    layers = frozenset({"conv_1_1", "max_pool_1", "conv_2_2", "output"})
    gpu_bundle = on_cuda(bundle)
    for index, chw in enumerate(shapes):
        request = InferenceRequest(index, np.ascontiguousarray(chw.transpose(1, 2, 0)), layers, invert="no")
        cpu = run_inference(bundle, request)
        gpu = run_inference(gpu_bundle, request, device="cuda")
        np.testing.assert_allclose(gpu.probabilities, cpu.probabilities, atol=1e-5)
        for name in layers:
            assert_close(gpu.activations[name], cpu.activations[name])


def test_deconvnet_projection_equals_the_cpu(
    lenet: ModelBundle, digit_inputs: np.ndarray, full_precision: None
) -> None:
    model = on_cuda(lenet).module
    x = digit_inputs[0]
    for layer, channel in (("conv1", 2), ("pool2", 5), ("fc1", 17), ("fc3", 3)):
        cpu = deconv_projection(lenet.module, x, layer, channel)
        gpu = deconv_projection(model, x, layer, channel)
        assert (gpu.position, gpu.box) == (cpu.position, cpu.box)
        assert gpu.activation == pytest.approx(cpu.activation, rel=1e-5, abs=1e-6)
        if np.abs(cpu.image).max() > 0:
            assert_close(gpu.image, cpu.image)
        else:
            assert np.abs(gpu.image).max() == 0


def test_deconv_projector_units_equal_the_cpu(
    lenet: ModelBundle, digit_inputs: np.ndarray, full_precision: None
) -> None:
    cpu = DeconvProjector(lenet.module, digit_inputs[1], "conv2")
    gpu = DeconvProjector(on_cuda(lenet).module, digit_inputs[1], "conv2")
    assert gpu.activation is not None and gpu.activation.is_cuda
    for channel, position in ((0, (3, 4)), (7, None), (15, (9, 0))):
        a, b = cpu.project(channel, position), gpu.project(channel, position)
        assert (b.position, b.box) == (a.position, a.box)
        assert b.activation == pytest.approx(a.activation, rel=1e-5, abs=1e-6)
        if np.abs(a.image).max() > 0:
            assert_close(b.image, a.image)


def test_grad_cam_and_saliency_equal_the_cpu(
    lenet: ModelBundle, digit_inputs: np.ndarray, full_precision: None
) -> None:
    model = on_cuda(lenet).module
    for x in digit_inputs[:3]:
        cpu_cam, gpu_cam = grad_cam(lenet.module, x, "conv2"), grad_cam(model, x, "conv2")
        assert gpu_cam.target_class == cpu_cam.target_class
        assert gpu_cam.score == pytest.approx(cpu_cam.score, rel=1e-5)
        assert gpu_cam.layer_map is not None and cpu_cam.layer_map is not None
        assert_close(gpu_cam.layer_map, cpu_cam.layer_map)
        assert_close(gpu_cam.heatmap, cpu_cam.heatmap)
        cpu_sal, gpu_sal = saliency(lenet.module, x, 4), saliency(model, x, 4)
        assert gpu_sal.target_class == cpu_sal.target_class == 4
        assert_close(gpu_sal.attribution, cpu_sal.attribution)
        assert_close(gpu_sal.heatmap, cpu_sal.heatmap)


def test_exact_incremental_occlusion_equals_the_cpu(
    lenet: ModelBundle, digit_inputs: np.ndarray, full_precision: None
) -> None:
    model = on_cuda(lenet).module
    x = digit_inputs[2]
    options = {"baseline": 0.0, "feature": ("conv2", 3), "mode": "exact", "batch_size": 37}
    cpu = occlusion_maps(lenet.module, x, 6, 2, **options)
    gpu = occlusion_maps(model, x, 6, 2, **options)
    assert cpu.mode == gpu.mode == "exact", gpu.note
    assert gpu.target_class == cpu.target_class
    np.testing.assert_allclose(gpu.probability, cpu.probability, atol=1e-5)
    np.testing.assert_array_equal(gpu.label, cpu.label)
    assert gpu.activation is not None and cpu.activation is not None
    assert_close(gpu.activation, cpu.activation)
    plain = occlusion_maps(model, x, 6, 2, **{**options, "mode": "plain"})
    np.testing.assert_allclose(gpu.probability, plain.probability, atol=1e-5)


def assert_same_scan(gpu: TopKState, cpu: TopKState) -> None:
    assert (gpu.map_hw, gpu.vector, gpu.field) == (cpu.map_hw, cpu.vector, cpu.field)
    np.testing.assert_array_equal(gpu.images, cpu.images)
    np.testing.assert_array_equal(gpu.rows, cpu.rows)
    np.testing.assert_array_equal(gpu.cols, cpu.cols)
    np.testing.assert_allclose(gpu.values, cpu.values, rtol=1e-5, atol=1e-6)


def test_top9_scan_of_64_digits_equals_the_cpu(
    lenet: ModelBundle, digit_inputs: np.ndarray, full_precision: None
) -> None:
    gpu_bundle = on_cuda(lenet)
    for layer in ("conv2", "fc1"):
        cpu = list(scan_topk(lenet, digit_inputs, layer, k=9, batch_size=24))[-1]
        gpu = list(scan_topk(gpu_bundle, digit_inputs, layer, k=9, batch_size=24))[-1]
        assert cpu.finished and gpu.finished and gpu.state.complete
        assert_same_scan(gpu.state, cpu.state)
    assert next(gpu_bundle.module.parameters()).is_cuda  # the scan left the user's model where it was


def test_a_cuda_epoch_saves_a_checkpoint_that_predicts_the_same_on_the_cpu(
    tmp_path: Path, full_precision: None
) -> None:
    data = load_dataset("digits", 512, 128, seed=11)
    bundle = load_builtin("lenet5", weights=False)
    config = TrainConfig(epochs=1, batch_size=64, lr=2e-3, seed=4, device="cuda")
    run = train(bundle.module, data.train_x, data.train_y, config, val=(data.val_x, data.val_y))
    ends = [p for p in run if p.phase == "epoch_end"]
    assert len(ends) == 1 and ends[0].val_accuracy is not None
    assert next(bundle.module.parameters()).is_cuda and not bundle.module.training
    path = tmp_path / "lenet_cuda.pt"
    save_checkpoint(bundle, path, history={"epochs": run.history}, train_state=run.state())
    raw = torch.load(path, map_location="cpu", weights_only=True)
    assert all(t.device.type == "cpu" for t in raw["state_dict"].values())
    loaded, state = load_checkpoint(path)
    assert state is not None and state.epoch == 1
    assert next(loaded.module.parameters()).device.type == "cpu"
    x = torch.from_numpy(data.val_x)
    with torch.no_grad():
        on_gpu = bundle.module(x.cuda()).cpu()
        on_cpu = loaded.module(x)
    np.testing.assert_allclose(on_cpu.numpy(), on_gpu.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(on_cpu.argmax(1).numpy(), on_gpu.argmax(1).numpy())
    assert int((on_cpu.argmax(1) == torch.from_numpy(data.val_y)).sum()) / len(x) == pytest.approx(
        ends[0].val_accuracy
    )


@pytest.fixture
def capped_gpu_memory() -> Iterator[int]:
    """The CUDA allocator limited to about 200 MB for the test; yields the cap in bytes."""
    torch.cuda.empty_cache()
    total = torch.cuda.get_device_properties(0).total_memory
    cap = 200 * 2**20
    torch.cuda.set_per_process_memory_fraction(cap / total, 0)
    try:
        yield cap
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0, 0)
        torch.cuda.empty_cache()


def random_digits(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.random((count, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, count)


def test_a_batch_too_large_for_the_gpu_raises_training_out_of_memory(capped_gpu_memory: int) -> None:
    x, y = random_digits(20_000)  # 63 MB of data; conv1 alone gives 376 MB for one batch of all
    model = load_builtin("lenet5", weights=False).module
    with pytest.raises(TrainingOutOfMemory, match="batch size 20000; try a smaller batch size"):
        list(train(model, x, y, TrainConfig(epochs=1, batch_size=20_000, device="cuda")))
    assert not model.training


def test_data_too_large_for_the_gpu_raises_training_out_of_memory(capped_gpu_memory: int) -> None:
    x, y = random_digits(80_000)  # 251 MB of data: more than the cap before any step
    model = load_builtin("lenet5", weights=False).module
    with pytest.raises(TrainingOutOfMemory, match="80,000 training samples"):
        list(train(model, x, y, TrainConfig(epochs=1, batch_size=64, device="cuda")))


def test_cuda_nets_train_after_running_out_of_memory(capped_gpu_memory: int) -> None:
    x, y = random_digits(20_000)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(TrainingOutOfMemory):
        list(train(model, np.repeat(x, 6, axis=0), np.repeat(y, 6), TrainConfig(device="cuda")))
    ends = [
        p
        for p in train(model, x[:512], y[:512], TrainConfig(epochs=1, device="cuda"))
        if p.phase == "epoch_end"
    ]
    assert len(ends) == 1 and np.isfinite(ends[0].train_loss)
