"""Quiz exercises: answers against PyTorch, NumPy and hand formulas; hand-written exercises; answer checks."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from cnnviz.core.quiz import (
    ANY,
    KIND_NAMES,
    KINDS,
    Exercise,
    check_answer,
    generate,
    kind_for_seed,
    translated,
    write,
)
from cnnviz.core.quiz_text import StackLayer

SEEDS = range(40)
NUMPY_MODES: dict[str, Any] = {
    "zero": "constant",
    "reflect": "reflect",
    "replicate": "edge",
    "symmetric": "symmetric",
}
NUMPY_MODES["circular"] = "wrap"
ENGLISH_WORDS = {
    "the", "of", "and", "with", "input", "output", "layer", "layers", "size", "kernel", "filter",
    "filters", "window", "rows", "cols", "columns", "bias", "answer", "compute", "what", "how", "many",
    "each", "stride", "padding", "pooling", "padded", "matrix", "every", "side", "unit", "units", "field",
    "receptive", "parameters", "weights", "channels", "height", "width", "at", "is", "are", "by", "to",
    "average", "maximum", "minimum", "flatten", "fully", "connected", "pixels", "jump", "start", "type",
    "write", "number", "values", "zero", "reflect", "replicate", "symmetric", "counted", "from",
    "correct", "not", "try", "again", "show", "solution", "there", "in", "one", "on",
}  # fmt: skip


def torch_layers(shape: tuple[int, ...], layers: tuple[StackLayer, ...], bias: bool = True) -> nn.Sequential:
    """The layer stack as real PyTorch modules (fully connected layers sized on the first call)."""
    modules: list[nn.Module] = []
    channels = shape[0]
    for layer in layers:
        if layer.kind == "conv":
            conv = nn.Conv2d(
                channels, layer.channels, layer.size, layer.stride, layer.padding, layer.dilation, bias=bias
            )
            modules.append(conv)
            channels = layer.channels
        elif layer.kind == "pool":
            pool = nn.MaxPool2d if layer.op == "max" else nn.AvgPool2d
            modules.append(pool(layer.size, layer.stride, layer.padding))
        elif layer.kind == "flatten":
            modules.append(nn.Flatten())
        else:
            modules.append(nn.LazyLinear(layer.channels, bias=bias))
    return nn.Sequential(*modules)


@pytest.mark.parametrize("seed", SEEDS)
def test_output_size_matches_torch(seed: int) -> None:
    exercise = generate("output_size", seed)
    shape = exercise.params["input"]
    out = torch_layers(shape, exercise.params["layers"])(torch.zeros((1, *shape), device="meta"))
    assert exercise.answer == tuple(out.shape[1:])
    assert min(exercise.answer[1:]) >= 2 and 1 <= len(exercise.params["layers"]) <= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_parameters_match_torch(seed: int) -> None:
    exercise = generate("parameters", seed)
    shape, layers, bias = exercise.params["input"], exercise.params["layers"], exercise.params["bias"]
    model: nn.Module
    if len(layers) == 1:  # one convolution: only its input channels are given
        model = nn.Conv2d(shape[0], layers[0].channels, layers[0].size, bias=bias)
    else:
        model = torch_layers(shape, layers, bias)
        model(torch.zeros((1, *shape)))  # sizes the fully connected layers
    assert exercise.answer == sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("seed", SEEDS)
def test_convolution_matches_torch(seed: int) -> None:
    exercise = generate("convolution", seed)
    p = exercise.params
    x, kernel = torch.tensor(p["input"])[None, None], torch.tensor(p["kernel"])[None, None]
    expected = F.conv2d(x, kernel, stride=p["stride"], padding=p["padding"])[0, 0].numpy()
    assert isinstance(exercise.answer, np.ndarray)
    np.testing.assert_array_equal(exercise.answer, expected)
    assert 3 <= p["input"].shape[0] <= 6 and 2 <= p["kernel"].shape[0] <= 3
    assert exercise.answer.shape[0] >= 2 and np.all(exercise.answer == np.round(exercise.answer))


@pytest.mark.parametrize("seed", SEEDS)
def test_pooling_matches_torch(seed: int) -> None:
    exercise = generate("pooling", seed)
    x, op = torch.tensor(exercise.params["input"])[None, None], exercise.params["op"]
    pools = {
        "max": lambda t: F.max_pool2d(t, 2, 2),
        "avg": lambda t: F.avg_pool2d(t, 2, 2),
        "min": lambda t: -F.max_pool2d(-t, 2, 2),
    }
    np.testing.assert_array_equal(exercise.answer, pools[op](x)[0, 0].numpy())
    assert np.all(exercise.answer * 4 == np.round(exercise.answer * 4))  # averages of 4 whole numbers: exact


@pytest.mark.parametrize("seed", SEEDS)
def test_padding_matches_numpy(seed: int) -> None:
    exercise = generate("padding", seed)
    x, amount, mode = exercise.params["input"], exercise.params["amount"], exercise.params["mode"]
    np.testing.assert_array_equal(exercise.answer, np.pad(x, amount, mode=NUMPY_MODES[mode]))
    assert len(np.unique(x)) == x.size  # distinct values make every mode visible


@pytest.mark.parametrize("seed", SEEDS)
def test_receptive_field_matches_the_hand_formula(seed: int) -> None:
    exercise = generate("receptive_field", seed)
    rf, jump = 1, 1
    for layer in exercise.params["layers"]:
        rf += layer.dilation * (layer.size - 1) * jump
        jump *= layer.stride
    assert exercise.answer == rf and 2 <= len(exercise.params["layers"]) <= 4


def test_hand_written_stack_exercises() -> None:
    conv, pool = StackLayer("conv", 5, 1, 2, channels=16), StackLayer("pool", 2, 2)
    sized = write("output_size", {"input": (3, 32, 32), "layers": (conv, pool)})
    assert sized.answer == (16, 16, 16)  # 5×5 with padding 2 keeps 32; pooling halves it
    assert "⌊(32 + 2·2 − 1·(5−1) − 1)/1⌋ + 1 = 32" in sized.solution[1]
    one = write("parameters", {"input": (3,), "layers": (StackLayer("conv", 5, channels=16),), "bias": True})
    assert one.answer == 5 * 5 * 3 * 16 + 16 == 1216
    assert "16 filters of 5×5, with bias" in one.question
    lenet = (
        StackLayer("conv", 5, 1, 2, channels=6), pool, StackLayer("conv", 5, channels=16), pool,
        StackLayer("flatten"), StackLayer("dense", channels=120), StackLayer("dense", channels=84),
        StackLayer("dense", channels=10),
    )  # fmt: skip
    net = write("parameters", {"input": (1, 28, 28), "layers": lenet, "bias": True}, "es")
    assert net.answer == 156 + 2416 + 48120 + 10164 + 850 == 61706  # LeNet-5's classic count
    assert "Capa 5, aplanado: 16·5·5 = 400 valores, sin parámetros" in net.solution
    three = StackLayer("conv", 3, 1, 1)
    field = write("receptive_field", {"layers": (three, pool, three)})
    assert field.answer == 1 + 2 + 1 + 2 * 2 == 8  # the pool doubles the jump for the last 3×3
    assert "Layer 3: r = 4 + (3 − 1)·2 = 8, j = 2·1 = 2" in field.solution


def test_hand_written_matrix_exercises() -> None:
    x = np.array([[3.0, 1, 4], [2, 2, 2], [4, 8, 1]])
    conv = write(
        "convolution", {"input": x, "kernel": np.array([[0.0, 1], [0, 1]]), "stride": 1, "padding": 0}
    )
    np.testing.assert_array_equal(conv.answer, [[3, 6], [10, 3]])  # right column of each window: 1+2, 4+2 …
    assert "Output (0, 1): window rows 0–1, cols 1–2: 1·0 + 4·1 + 2·0 + 2·1 = 6" in conv.solution
    grid = np.array([[1.0, 3, 2, 1], [4, 2, 0, 1], [5, 6, 7, 8], [0, 1, 2, 9]])
    np.testing.assert_array_equal(write("pooling", {"input": grid, "op": "max"}).answer, [[4, 2], [6, 9]])
    average = write("pooling", {"input": grid, "op": "avg"}, "es")
    np.testing.assert_array_equal(average.answer, [[2.5, 1], [3, 6.5]])
    assert "Salida (1, 1): ventana, filas 2–3, columnas 2–3: promedio(7, 8, 2, 9) = 6.5" in average.solution
    nine = np.arange(1.0, 10).reshape(3, 3)
    padded = write("padding", {"input": nine, "amount": 1, "mode": "reflect"})
    np.testing.assert_array_equal(
        padded.answer, [[5, 4, 5, 6, 5], [2, 1, 2, 3, 2], [5, 4, 5, 6, 5], [8, 7, 8, 9, 8], [5, 4, 5, 6, 5]]
    )
    assert "The rows of the result copy the input rows 1, 0, 1, 2, 1 (counted from 0)." in padded.solution


def test_a_fixed_seed_gives_a_known_exercise() -> None:
    exercise = generate("receptive_field", seed=3)
    assert exercise.question.splitlines()[1:4] == [
        "1. convolution: kernel 5×5, stride 1, padding 2",
        "2. max pooling: window 3×3, stride 2",
        "3. max pooling: window 2×2, stride 2",
    ]
    assert exercise.answer == 9 and exercise.seed == 3  # 1 + 4·1, + 2·1, + 1·2
    again = generate("receptive_field", seed=3)
    assert again.question == exercise.question and again.solution == exercise.solution


def test_any_kind_follows_the_seed_and_languages_share_the_numbers() -> None:
    kinds = set()
    for seed in range(40):
        exercise = generate(ANY, seed, "es")
        kinds.add(exercise.kind)
        assert exercise.kind == kind_for_seed(seed)
        same = generate(exercise.kind, seed, "es")
        assert same.question == exercise.question
        english = translated(exercise, "en")
        assert english.question != exercise.question and english.seed == seed
        assert english.answer_text() == exercise.answer_text()
    assert kinds == set(KINDS)


def test_unknown_kind_or_language() -> None:
    with pytest.raises(ValueError, match="unknown exercise kind"):
        generate("division", 1)
    with pytest.raises(ValueError, match="unknown language"):
        generate("padding", 1, "fr")


def number_exercise(answer: int | float) -> Exercise:
    return Exercise("parameters", "en", "?", answer, [], "")


@pytest.mark.parametrize("text", ["1216", " 1216 ", "1216.0", "1,216", "1 216", "1.216", "= 1216 parameters"])
def test_numbers_in_many_formats_are_accepted(text: str) -> None:
    assert check_answer(number_exercise(1216), text).status == "right"


@pytest.mark.parametrize("text", ["2,25", "2.25", "+2,25"])
def test_decimal_comma_or_dot(text: str) -> None:
    assert check_answer(number_exercise(2.25), text).correct


@pytest.mark.parametrize("text", ["1215", "12160", "-1216", "1.2", "2,2"])
def test_wrong_numbers_are_rejected(text: str) -> None:
    verdict = check_answer(number_exercise(1216), text)
    assert verdict.status == "wrong" and verdict.message.startswith("Not correct")


@pytest.mark.parametrize("text", ["abc", "6x6", "12 16", "1..2", "   "])
def test_unreadable_numbers_say_how_to_type(text: str) -> None:
    verdict = check_answer(number_exercise(1216), text)
    assert verdict.status == "unparsed" and not verdict.correct
    assert "Type" in verdict.message


@pytest.mark.parametrize(
    "text", ["16x32x32", "16 × 32 × 32", "(16, 32, 32)", "16*32*32", "16 X 32 x 32", "[16,32,32]"]
)
def test_shapes_in_many_formats(text: str) -> None:
    exercise = write(
        "output_size", {"input": (3, 32, 32), "layers": (StackLayer("conv", 5, 1, 2, channels=16),)}
    )
    assert exercise.answer == (16, 32, 32)
    assert check_answer(exercise, text).correct
    assert check_answer(exercise, text.replace("16", "32", 1)).status == "wrong"


def test_shape_answers_wrong_and_unreadable() -> None:
    exercise = write("output_size", {"input": (1, 28, 28), "layers": (StackLayer("pool", 2, 2),)}, "es")
    assert check_answer(exercise, "1×14×14").correct
    assert check_answer(exercise, "1×13×13").status == "wrong"
    short = check_answer(exercise, "14x14")
    assert short.status == "unparsed" and "3 números" in short.message
    assert check_answer(exercise, "catorce").status == "unparsed"


@pytest.mark.parametrize(
    "text",
    ["3 6\n10 3", "3 6; 10 3", "3, 6; 10, 3", "[[3, 6], [10, 3]]", " 3  6 \n\n 10  3 \n", "3.0 6,0\n10 3"],
)
def test_matrices_in_many_formats(text: str) -> None:
    x = np.array([[3.0, 1, 4], [2, 2, 2], [4, 8, 1]])
    exercise = write(
        "convolution", {"input": x, "kernel": np.array([[0.0, 1], [0, 1]]), "stride": 1, "padding": 0}
    )
    assert check_answer(exercise, text).correct


def test_matrix_with_decimal_commas_and_wrong_matrices() -> None:
    grid = np.array([[1.0, 3, 2, 1], [4, 2, 0, 1], [5, 6, 7, 8], [0, 1, 2, 9]])
    exercise = write("pooling", {"input": grid, "op": "avg"}, "es")
    assert check_answer(exercise, "2,5 1\n3 6,5").correct
    assert check_answer(exercise, "2.5, 1; 3, 6.5").correct
    assert check_answer(exercise, "2,5 1\n3 6,4").status == "wrong"
    assert check_answer(exercise, "2 1\n3 6").status == "wrong"  # rounded is not exact
    bigger = check_answer(exercise, "1 2 3; 4 5 6; 7 8 9")
    assert bigger.status == "wrong" and "3×3" in bigger.message
    ragged = check_answer(exercise, "1 2\n3")
    assert ragged.status == "unparsed" and "mismo número de valores" in ragged.message
    letters = check_answer(exercise, "1 dos\n3 4")
    assert letters.status == "unparsed" and "'dos' no es un número" in letters.message


def english_words_in(text: str) -> set[str]:
    """English words of the text outside brackets (where the course's English terms go)."""
    bare = re.sub(r"\([^()]*\)", " ", text)
    return {w for w in re.findall(r"[a-záéíóúñ_]+", bare.lower()) if w in ENGLISH_WORDS}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_in_english_and_natural_spanish(kind: str) -> None:
    assert english_words_in("Compute the output (stride) of max(1, 2)") == {"compute", "the", "output", "of"}
    for seed in range(25):
        english, spanish = generate(kind, seed, "en"), generate(kind, seed, "es")
        assert english.question != spanish.question and english.solution != spanish.solution
        assert len(english.solution) == len(spanish.solution) >= 2
        for text in (spanish.text(), *spanish.solution):
            assert not english_words_in(text), text
        assert check_answer(spanish, spanish.answer_text()).message == "¡Correcto!"
        assert check_answer(english, english.answer_text()).message == "Correct!"
    assert KIND_NAMES[kind]["en"] != KIND_NAMES[kind]["es"]


def test_spanish_wording_uses_the_course_terms() -> None:
    texts = " ".join(generate(kind, seed, "es").text() for kind in KINDS for seed in range(30))
    for term in (
        "Calcula el tamaño",
        "relleno",
        "paso (stride)",
        "filtro",
        "campo receptivo",
        "(max pooling)",
    ):
        assert term in texts, term
