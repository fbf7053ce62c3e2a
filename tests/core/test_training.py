"""The training generator, evaluation, and the shipped LeNet-5 weights."""

from __future__ import annotations

import math
import pathlib
import sys
import time
from collections.abc import Callable, Iterable

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from torch import nn

from cnnviz.core.builtins import DIGIT_LABELS, MNIST_SPEC, build_builtin
from cnnviz.core.checkpoint import is_checkpoint
from cnnviz.core.preprocess import prepare_input
from cnnviz.core.resources import weights_path
from cnnviz.core.sources import load_model
from cnnviz.core.synthdigits import generate_digits
from cnnviz.core.training import (
    Augment,
    TrainConfig,
    TrainingDiverged,
    TrainingError,
    TrainingOutOfMemory,
    TrainProgress,
    TrainState,
    affine_batch,
    augment_batch,
    evaluate,
    train,
    warm_up_optimizers,
)


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    return generate_digits(320, seed=21, workers=1)


def run(gen: Iterable[TrainProgress]) -> list[TrainProgress]:
    return list(gen)


def test_loss_decreases_and_progress_is_reported(digits: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = digits
    model = build_builtin("lenet5", seed=0)
    config = TrainConfig(epochs=4, batch_size=16, lr=2e-3, seed=1)
    items = run(train(model, x[:256], y[:256], config, val=(x[256:], y[256:])))
    steps = [p for p in items if p.phase == "step"]
    ends = [p for p in items if p.phase == "epoch_end"]
    assert len(steps) == 64 and len(ends) == 4
    assert [p.global_step for p in steps] == list(range(1, 65))
    assert all(p.steps_per_epoch == 16 and p.total_steps == 64 for p in items)
    assert all(p.val_loss is None for p in steps)
    assert all(e.val_loss is not None and e.val_accuracy is not None for e in ends)
    assert ends[-1].train_loss < 0.5 * ends[0].train_loss
    first_val, last_val = ends[0].val_loss, ends[-1].val_loss
    assert first_val is not None and last_val is not None and last_val < 0.5 * first_val
    assert ends[-1].val_accuracy is not None and ends[-1].val_accuracy > 0.5
    assert ends[-1].train_accuracy > 0.5 and ends[-1].fraction == 1.0
    assert all(p.samples_per_s > 0 and math.isfinite(p.loss) for p in steps)
    assert not model.training


def test_closing_the_generator_leaves_a_usable_eval_model(digits: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = digits
    model = build_builtin("lenet5", seed=0)
    before = [p.detach().clone() for p in model.parameters()]
    gen = train(model, x, y, TrainConfig(epochs=5, batch_size=16))
    for progress in gen:
        assert model.training
        if progress.global_step == 3:
            break
    gen.close()
    assert not model.training
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert any(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    loss, acc = evaluate(model, x[:50], y[:50])
    assert math.isfinite(loss) and 0.0 <= acc <= 1.0


@pytest.mark.parametrize("optimizer", ["sgd", "adamw"])
def test_other_optimizers_train(digits: tuple[np.ndarray, np.ndarray], optimizer: str) -> None:
    x, y = digits
    model = build_builtin("lenet5", seed=0)
    lr = 0.05 if optimizer == "sgd" else 2e-3
    config = TrainConfig(epochs=2, batch_size=32, lr=lr, optimizer=optimizer)  # type: ignore[arg-type]
    ends = [p for p in train(model, x, y, config) if p.phase == "epoch_end"]
    assert ends[-1].train_loss < ends[0].train_loss


def test_a_huge_learning_rate_raises_training_diverged(digits: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = digits
    model = build_builtin("lenet5", seed=0)
    with pytest.raises(TrainingDiverged, match="learning rate"):
        run(train(model, x, y, TrainConfig(epochs=2, batch_size=32, lr=1e30)))
    assert not model.training


def test_a_nan_weight_raises_at_the_first_step(digits: tuple[np.ndarray, np.ndarray]) -> None:
    model = build_builtin("lenet5", seed=0)
    with torch.no_grad():
        model.state_dict()["fc3.weight"][0, 0] = float("nan")
    gen = train(model, digits[0], digits[1], TrainConfig(epochs=1))
    with pytest.raises(TrainingDiverged, match="epoch 1, step 1"):
        next(gen)


def test_paused_time_is_not_counted() -> None:
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    x, y = torch.randn(64, 1, 2, 2), torch.randint(0, 2, (64,))
    gen = train(model, x, y, TrainConfig(epochs=1, batch_size=8))
    next(gen)
    time.sleep(0.4)
    next(gen)
    time.sleep(0.4)
    progress = next(gen)
    gen.close()
    assert progress.elapsed_s < 0.4


def test_evaluate_matches_a_hand_computation() -> None:
    model = nn.Linear(2, 2)
    with torch.no_grad():
        model.weight.copy_(torch.eye(2))
        model.bias.zero_()
    x = np.array([[2.0, 0.0], [0.0, 1.0], [1.0, 3.0], [5.0, 4.0]], dtype=np.float32)
    y = np.array([0, 1, 0, 1])
    model.train()
    loss, acc = evaluate(model, x, y, batch_size=3)

    def ce(logits: list[float], label: int) -> float:
        return math.log(sum(math.exp(v) for v in logits)) - logits[label]

    expected = (ce([2, 0], 0) + ce([0, 1], 1) + ce([1, 3], 0) + ce([5, 4], 1)) / 4
    assert acc == 0.5
    assert loss == pytest.approx(expected, rel=1e-5)
    assert model.training  # evaluate restores the mode it found


def test_bad_configs_and_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="rmsprop")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TrainConfig(lr=0.0)
    with pytest.raises(ValueError, match="labels"):
        next(train(nn.Linear(2, 2), np.zeros((4, 2)), np.zeros(3), TrainConfig()))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_trains_on_cuda(digits: tuple[np.ndarray, np.ndarray]) -> None:
    model = build_builtin("lenet5", seed=0)
    ends = [p for p in train(model, *digits, TrainConfig(epochs=2, device="cuda")) if p.phase == "epoch_end"]
    assert next(model.parameters()).is_cuda and ends[-1].train_loss < ends[0].train_loss


# --- the shipped weights -------------------------------------------------------------------------


def test_shipped_checkpoint_records_how_it_was_made() -> None:
    data = torch.load(weights_path("lenet5"), map_location="cpu", weights_only=True)
    assert is_checkpoint(data) and data["arch"] == "lenet5" and data["trained"] is True
    assert data["labels"] == DIGIT_LABELS
    history = data["history"]
    assert history["test_accuracy"] >= 0.95 and len(history["epochs"]) == history["config"]["epochs"]


def test_shipped_weights_recognise_fresh_synthetic_digits() -> None:
    bundle = load_model("lenet5")
    assert bundle.trained and not bundle.module.training
    x, y = generate_digits(1000, seed=987_654, workers=1)
    _loss, acc = evaluate(bundle.module, x, y)
    assert acc >= 0.95


# Hand-made mouse paths in canvas pixels ("x,y x,y …", one string per stroke), written
# independently of the generator's templates.
Path = list[tuple[float, float]]
STYLE_A = {
    0: [
        "140,50 110,58 88,85 78,125 80,170 95,210 125,232 160,228 188,200 200,160 198,115 185,78"
        " 165,55 138,50"
    ],
    1: ["118,82 150,50 150,232"],
    2: ["85,90 100,62 135,48 170,55 190,85 185,120 160,155 120,190 85,228 195,228"],
    3: ["85,70 115,50 160,50 188,75 185,110 160,135 130,140 165,145 192,170 195,205 170,232 125,238 85,220"],
    4: ["110,50 92,150 200,150", "170,60 170,240"],
    5: ["190,50 105,50 95,130 130,118 170,125 195,160 192,200 165,230 120,236 88,215"],
    6: ["175,55 140,70 110,105 92,150 92,195 112,228 148,235 180,212 185,180 165,155 130,152 100,170 93,195"],
    7: ["80,55 200,55 165,110 140,170 125,235"],
    8: [
        "175,75 160,52 135,46 105,58 100,88 120,115 160,135 185,165 185,205 160,232 125,235 97,210"
        " 100,170 130,140 165,115 180,85 175,70"
    ],
    9: ["185,80 165,52 130,48 100,65 95,100 115,125 150,125 180,105 185,80 185,140 180,235"],
}
STYLE_B = {
    0: ["95,45 72,60 60,95 62,135 80,160 105,158 122,125 125,85 115,55 92,46"],
    1: ["125,128 140,110 140,212", "118,214 164,214"],
    2: ["150,150 170,132 200,132 215,152 205,178 175,205 150,228 162,215 172,228 160,232 222,230"],
    3: ["60,150 140,150 100,195 135,198 150,220 140,248 105,256 70,244"],
    4: ["170,60 100,150 200,150", "170,60 168,215"],
    5: ["120,160 116,205 150,198 176,215 175,245 150,262 115,255", "120,160 175,158"],
    6: ["205,35 170,55 150,95 150,130 168,150 195,140 200,112 180,98 155,110"],
    7: ["150,140 230,140 180,260", "172,200 222,198"],
    8: [
        "100,60 80,70 80,95 100,105 120,95 120,70 100,60",
        "100,105 75,118 72,148 100,160 128,148 125,118 102,105",
    ],
    9: ["215,170 195,150 168,155 162,180 180,196 210,188 215,170 215,220 205,250 180,262 160,250"],
}
STYLE_C = {  # crude straight segments
    0: ["140,50 190,90 190,190 140,230 90,190 90,90 140,50"],
    1: ["140,50 140,230"],
    2: ["90,90 140,50 190,90 90,230 190,230"],
    3: ["90,60 190,60 140,130 190,180 140,230 90,210"],
    4: ["170,230 170,50 80,170 200,170"],
    5: ["190,50 100,50 100,130 180,140 180,220 90,220"],
    6: ["180,50 100,140 100,220 180,220 180,150 100,150"],
    7: ["90,50 190,50 120,230"],
    8: ["140,140 90,100 140,50 190,100 90,190 140,230 190,190 140,140"],
    9: ["190,140 100,140 100,50 190,50 190,230"],
}


def paths(strokes: list[str]) -> list[Path]:
    """Parse "x,y x,y …" strokes into point lists."""
    return [[(float(x), float(y)) for x, y in (pt.split(",") for pt in s.split())] for s in strokes]


def shaky(paths: list[Path], seed: int, amount: float = 1.5) -> list[Path]:
    """A small seeded hand tremor at every mouse point."""
    rng = np.random.default_rng(seed)
    return [[(x + rng.normal(0, amount), y + rng.normal(0, amount)) for x, y in p] for p in paths]


def moved(paths: list[Path], shear: float, scale: float, dx: float, dy: float) -> list[Path]:
    """Slant, scale about the canvas centre and move."""
    return [
        [(140 + (x - 140 - shear * (y - 140)) * scale + dx, 140 + (y - 140) * scale + dy) for x, y in p]
        for p in paths
    ]


def draw(paths: list[Path], width: float = 18, ss: int = 4) -> np.ndarray:
    """Antialiased (supersampled) white round-capped strokes on a 280×280 black canvas."""
    image = Image.new("L", (280 * ss, 280 * ss), 0)
    pen = ImageDraw.Draw(image)
    r = width * ss / 2
    for path in paths:
        pts = [(x * ss, y * ss) for x, y in path]
        pen.line(pts, fill=255, width=round(width * ss), joint="curve")
        for x, y in (pts[0], pts[-1]):
            pen.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(image.resize((280, 280), Image.Resampling.BOX), dtype=np.float32) / 255.0


HAND_SETS: dict[str, Callable[[int], np.ndarray]] = {
    "A": lambda d: draw(shaky(paths(STYLE_A[d]), d)),
    "B": lambda d: draw(shaky(paths(STYLE_B[d]), d)),
    "C": lambda d: draw(paths(STYLE_C[d])),
    "A small, slanted, corner": lambda d: draw(moved(paths(STYLE_A[d]), 0.25, 0.5, -60, 50)),
    "A thin pen": lambda d: draw(paths(STYLE_A[d]), width=10),
    "B thick pen, back-slanted": lambda d: draw(moved(paths(STYLE_B[d]), -0.1, 1.0, 0, 0), width=24),
    "C large, slanted, shaky": lambda d: draw(shaky(moved(paths(STYLE_C[d]), 0.2, 1.2, 0, 0), d + 10, 2.5)),
}


@pytest.mark.parametrize("name", list(HAND_SETS))
def test_shipped_weights_read_independent_hand_drawn_digits(name: str) -> None:
    bundle = load_model("lenet5")
    x = torch.from_numpy(np.stack([prepare_input(HAND_SETS[name](d), MNIST_SPEC) for d in range(10)]))
    with torch.no_grad():
        predicted = bundle.module(x).argmax(1).tolist()
    correct = sum(p == d for d, p in enumerate(predicted))
    assert correct >= 9, f"{name}: predicted {predicted}"


# --- schedules, regularisation, augmentation, snapshots, resume, errors ------------------------------


def tiny_data(n: int = 40, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(n, 1, 8, 8, generator=gen), torch.randint(0, 3, (n,), generator=gen)


def tiny_net(seed: int = 0) -> nn.Sequential:
    """Conv, batch norm, dropout and a linear layer: every kind of state a resume must restore."""
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.Flatten(),
        nn.Dropout(0.3),
        nn.Linear(4 * 6 * 6, 3),
    )


def test_step_schedule_by_hand() -> None:
    x, y = tiny_data(8)
    config = TrainConfig(
        epochs=5, batch_size=4, lr=0.1, optimizer="sgd", schedule="step", step_size=2, gamma=0.5
    )
    lrs = [p.lr for p in train(tiny_net(), x, y, config) if p.phase == "step"]
    assert lrs == pytest.approx([0.1] * 4 + [0.05] * 4 + [0.025] * 2)


def test_l1_pulls_weights_towards_zero_by_lr_times_l1() -> None:
    # With all-zero inputs the cross-entropy gradient of the weight matrix is zero, so plain SGD
    # moves each weight by exactly −lr·l1·sign(w); the bias gets no L1 term.
    def run_with(l1: float) -> nn.Linear:
        model = nn.Linear(2, 2)
        with torch.no_grad():
            model.weight.copy_(torch.tensor([[0.5, -0.2], [0.3, -0.7]]))
            model.bias.copy_(torch.tensor([0.1, -0.1]))
        config = TrainConfig(epochs=1, batch_size=4, lr=0.1, optimizer="sgd", momentum=0.0, l1=l1)
        list(train(model, torch.zeros(4, 2), torch.tensor([0, 1, 0, 1]), config))
        return model

    with_l1, without = run_with(1.0), run_with(0.0)
    assert torch.allclose(with_l1.weight, torch.tensor([[0.4, -0.1], [0.2, -0.6]]))
    assert torch.equal(without.weight, torch.tensor([[0.5, -0.2], [0.3, -0.7]]))
    assert torch.equal(with_l1.bias, without.bias)


def test_affine_batch_rotates_flips_and_shifts_exactly() -> None:
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    one = torch.ones(1, dtype=torch.float64)
    zero = torch.zeros(1, dtype=torch.float64)
    no_shift = torch.zeros(1, 2, dtype=torch.float64)
    rotated = affine_batch(x, one * math.pi / 2, no_shift, one)
    assert torch.allclose(rotated, torch.rot90(x, 1, (2, 3)), atol=1e-5)  # counter-clockwise
    assert torch.allclose(affine_batch(x, zero, no_shift, -one), torch.flip(x, (3,)), atol=1e-5)
    shifted = affine_batch(x, zero, torch.tensor([[0.5, 0.25]], dtype=torch.float64), one)
    expected = torch.zeros_like(x)
    expected[..., 1:, 2:] = x[..., :3, :2]  # 2 pixels right, 1 down; the rest is uncovered
    assert torch.allclose(shifted, expected, atol=1e-5)


def test_augment_batch_is_seeded_and_flips_only_when_asked() -> None:
    x = torch.rand(6, 1, 5, 5)
    a = augment_batch(x, Augment(shift=0.1, rotation=20), torch.Generator().manual_seed(1))
    b = augment_batch(x, Augment(shift=0.1, rotation=20), torch.Generator().manual_seed(1))
    assert torch.equal(a, b) and not torch.allclose(a, x)
    flipped = augment_batch(x, Augment(hflip=True), torch.Generator().manual_seed(2))
    for image, out in zip(x, flipped, strict=True):
        assert torch.allclose(out, image, atol=1e-5) or torch.allclose(out, image.flip(2), atol=1e-5)
    assert not torch.allclose(flipped, x, atol=1e-5)
    with pytest.raises(ValueError, match="shift"):
        Augment(shift=1.5)


def test_snapshots_start_at_step_zero_and_are_copies() -> None:
    x, y = tiny_data(12)
    model = tiny_net()
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    config = TrainConfig(epochs=2, batch_size=4, snapshot_every=4)
    items, taken = [], {}
    for p in train(model, x, y, config):
        items.append(p)
        if p.snapshot is not None:
            taken[p.global_step] = p.snapshot
            current = model.state_dict()
            assert all(torch.equal(p.snapshot[k], current[k].cpu()) for k in current)
    start = items[0]
    assert start.phase == "start" and start.global_step == 0 and math.isnan(start.loss)
    assert sorted(taken) == [0, 4, 6]  # every 4 steps, and the last of the 6
    assert all(torch.equal(taken[0][k], initial[k]) for k in initial)
    assert not torch.equal(taken[4]["0.weight"], model.state_dict()["0.weight"])  # not the live tensor
    assert [p.snapshot is None for p in items if p.phase == "epoch_end"] == [True, True]


def test_validation_confusion_matrix_from_a_fixed_model() -> None:
    class ArgmaxOfInput(nn.Module):
        """Predicts the index of the largest input; one unused trainable parameter for the optimiser."""

        def __init__(self) -> None:
            super().__init__()
            self.unused = nn.Parameter(torch.zeros(1))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x * 10.0 + 0.0 * self.unused

    val_x = torch.tensor([[1.0, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]])
    val_y = torch.tensor([0, 1, 1, 2, 1])  # right, right, called 2, called 0, right
    config = TrainConfig(epochs=1, batch_size=2)
    end = [p for p in train(ArgmaxOfInput(), val_x, val_y, config, val=(val_x, val_y))][-1]
    assert end.phase == "epoch_end" and end.confusion is not None
    assert end.confusion.tolist() == [[1, 0, 0], [0, 2, 1], [1, 0, 0]]
    assert end.val_accuracy == pytest.approx(3 / 5)
    assert end.class_accuracy is not None and end.class_accuracy.tolist() == pytest.approx([1.0, 2 / 3, 0.0])


@pytest.fixture
def deterministic() -> Iterable[None]:
    was = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    yield
    torch.use_deterministic_algorithms(was)


def resume_config(epochs: int) -> TrainConfig:
    return TrainConfig(
        epochs=epochs,
        batch_size=8,
        lr=0.01,
        schedule="cosine",
        l1=1e-4,
        augment=Augment(0.1, 10, True),
        seed=3,
    )


def through_a_file(state: TrainState | None, tmp: pathlib.Path) -> TrainState:
    """Save and reload the state the way a checkpoint does (weights_only)."""
    assert state is not None
    torch.save(state.to_dict(), tmp)
    return TrainState.from_dict(torch.load(tmp, weights_only=True))


@pytest.mark.parametrize("stop_at", ["epoch_end", "mid_epoch"])
def test_cancel_and_resume_gives_identical_weights(
    deterministic: None, tmp_path: pathlib.Path, stop_at: str
) -> None:
    x, y = tiny_data(36)
    val = tiny_data(10, seed=1)
    whole = tiny_net()
    whole_run = train(whole, x, y, resume_config(3), val=val)
    list(whole_run)

    part = tiny_net()
    run1 = train(part, x, y, resume_config(3), val=val)
    for p in run1:
        if (stop_at == "epoch_end" and p.phase == "epoch_end") or (
            stop_at == "mid_epoch" and p.global_step == 7
        ):
            break
    state = through_a_file(run1.state(), tmp_path / "state.pt")
    run1.close()
    assert (state.epoch, state.step) == ((1, 0) if stop_at == "epoch_end" else (1, 2))
    weights = {k: v.clone() for k, v in part.state_dict().items()}
    resumed = tiny_net(seed=99)  # a fresh model, given the saved weights
    resumed.load_state_dict(weights)
    rest = list(train(resumed, x, y, resume_config(3), val=val, resume=state))
    assert rest[0].global_step == state.global_step + 1 and rest[-1].global_step == 15
    for k, v in whole.state_dict().items():
        assert torch.equal(v, resumed.state_dict()[k]), k
    final = whole_run.state()
    assert final is not None
    strip = [{k: v for k, v in h.items() if k != "seconds"} for h in final.history]
    assert [{k: v for k, v in h.items() if k != "seconds"} for h in rest_history(rest)] == strip[1:]


def rest_history(items: list[TrainProgress]) -> list[dict[str, object]]:
    return [
        {
            "epoch": p.epoch,
            "train_loss": p.train_loss,
            "train_accuracy": p.train_accuracy,
            "val_loss": p.val_loss,
            "val_accuracy": p.val_accuracy,
            "lr": p.lr,
        }
        for p in items
        if p.phase == "epoch_end"
    ]


def test_state_history_and_refused_resumes(tmp_path: pathlib.Path) -> None:
    x, y = tiny_data(16)
    run_ = train(tiny_net(), x, y, TrainConfig(epochs=2, batch_size=8))
    assert run_.state() is None
    list(run_)
    state = run_.state()
    assert state is not None and [h["epoch"] for h in state.history] == [1, 2] == [
        h["epoch"] for h in run_.history
    ]
    assert state.history[0]["val_loss"] is None and (state.epoch, state.step, state.global_step) == (2, 0, 4)
    with pytest.raises(ValueError, match="already finished 2 epochs"):
        next(train(tiny_net(), x, y, TrainConfig(epochs=2, batch_size=8), resume=state))
    with pytest.raises(ValueError, match="same optimizer"):
        next(train(tiny_net(), x, y, TrainConfig(epochs=3, optimizer="sgd"), resume=state))
    state.step = 1
    with pytest.raises(ValueError, match="same number of samples and batch size"):
        next(train(tiny_net(), x, y, TrainConfig(epochs=3, batch_size=4), resume=state))
    with pytest.raises(ValueError, match="not a cnnviz training state"):
        TrainState.from_dict({"epoch": 1})


def test_training_leaves_the_global_rng_alone_even_with_dropout() -> None:
    x, y = tiny_data(16)
    model = tiny_net()
    torch.manual_seed(42)
    expected = torch.rand(3)
    torch.manual_seed(42)
    list(train(model, x, y, TrainConfig(epochs=1, batch_size=4, augment=Augment(rotation=5))))
    assert torch.equal(torch.rand(3), expected)


def test_dropping_the_run_leaves_the_model_in_eval_mode() -> None:
    x, y = tiny_data(16)
    model = tiny_net()
    run_ = train(model, x, y, TrainConfig(epochs=3, batch_size=4))
    next(run_)
    assert model.training
    del run_
    assert not model.training


class Exploding(nn.Module):
    """Raises an out-of-memory error, like a GPU that is full, in training or in eval mode."""

    def __init__(self, error: Exception, in_eval: bool = False) -> None:
        super().__init__()
        self.linear, self.error, self.in_eval = nn.Linear(4, 2), error, in_eval
        self.calls: list[int] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append(len(x))
        if self.training != self.in_eval:
            raise self.error
        return self.linear(x)


@pytest.mark.parametrize(
    "error",
    [
        torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
        RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: out of memory"),
    ],
    ids=["cuda", "runtime"],
)
def test_out_of_memory_suggests_a_smaller_batch(error: Exception) -> None:
    model = Exploding(error)
    with pytest.raises(TrainingOutOfMemory, match=r"batch size 64; try a smaller batch size \(e\.g\. 32\)"):
        next(train(model, torch.zeros(8, 4), torch.zeros(8), TrainConfig(batch_size=64)))
    assert isinstance(TrainingOutOfMemory("x"), TrainingError) and not model.training


def test_out_of_memory_in_validation_retries_with_the_batch_size_then_reports() -> None:
    model = Exploding(torch.cuda.OutOfMemoryError("CUDA out of memory"), in_eval=True)
    x = torch.zeros(600, 4)
    y = torch.zeros(600, dtype=torch.int64)
    run_ = train(model, x[:8], y[:8], TrainConfig(epochs=1, batch_size=8), val=(x, y))
    with pytest.raises(TrainingOutOfMemory, match="during validation"):
        list(run_)
    assert model.calls[-2:] == [500, 8]


def test_other_runtime_errors_pass_through_unchanged() -> None:
    with pytest.raises(RuntimeError, match="shape") as info:
        next(train(nn.Linear(3, 2), torch.zeros(4, 2), torch.zeros(4), TrainConfig()))
    assert not isinstance(info.value, TrainingError)


def test_warm_up_optimizers_imports_what_adam_needs() -> None:
    torch.manual_seed(7)
    expected = torch.rand(2)
    torch.manual_seed(7)
    warm_up_optimizers()
    assert torch.equal(torch.rand(2), expected)
    assert "torch._dynamo" in sys.modules


def test_config_round_trips_through_plain_data() -> None:
    config = TrainConfig(epochs=3, schedule="step", augment=Augment(0.1, 15.0, True), l1=1e-5)
    data = config.to_dict()
    assert data["augment"] == {"shift": 0.1, "rotation": 15.0, "hflip": True}
    assert TrainConfig.from_dict(data | {"future_option": 1}) == config
    with pytest.raises(ValueError, match="schedule"):
        TrainConfig(schedule="exponential")  # type: ignore[arg-type]
