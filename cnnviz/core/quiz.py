"""Quiz mode: exercises of the kinds the course asks, with random but sensible numbers.

Kinds: the output size of a conv/pool stack, the parameters of a layer or a small network, a
small convolution by hand, a pooling by hand, a padded matrix for a padding mode, a receptive
field. Each exercise has a question, the answer, and the worked solution step by step, in
English or Spanish; the same seed gives the same numbers in both languages. Every number is
computed by the core modules (convolution, padding, pooling, receptive); this module only
draws the numbers and checks typed answers.

>>> exercise = generate("parameters", seed=7, language="es")
>>> check_answer(exercise, exercise.answer_text()).correct
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cnnviz.core import quiz_matrices, quiz_stacks
from cnnviz.core.matrices import format_matrix
from cnnviz.core.quiz_answers import read_matrix, read_number, read_shape
from cnnviz.core.quiz_text import LANGUAGES, Draft, check_language, say, shape_text

KINDS = ("output_size", "parameters", "convolution", "pooling", "padding", "receptive_field")
ANY = "any"
SEED_LIMIT = 1_000_000
KIND_NAMES: dict[str, dict[str, str]] = {
    ANY: {"en": "Any", "es": "Cualquiera"},
    "output_size": {"en": "Output size", "es": "Tamaño de salida"},
    "parameters": {"en": "Parameters", "es": "Parámetros"},
    "convolution": {"en": "Convolution by hand", "es": "Convolución a mano"},
    "pooling": {"en": "Pooling by hand", "es": "Agrupación (pooling) a mano"},
    "padding": {"en": "Padding", "es": "Relleno (padding)"},
    "receptive_field": {"en": "Receptive field", "es": "Campo receptivo"},
}
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
_MODULES = {"output_size": quiz_stacks, "parameters": quiz_stacks, "receptive_field": quiz_stacks}

Answer = int | float | tuple[int, ...] | np.ndarray


@dataclass(frozen=True, eq=False)
class Exercise:
    """One exercise: question (and the matrices it shows), answer, worked solution, and its numbers."""

    kind: str
    language: str
    question: str
    answer: Answer
    solution: list[str]
    hint: str
    matrices: tuple[tuple[str, np.ndarray], ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None

    @property
    def answer_kind(self) -> str:
        """``"number"``, ``"shape"`` or ``"matrix"``."""
        if isinstance(self.answer, np.ndarray):
            return "matrix"
        return "shape" if isinstance(self.answer, tuple) else "number"

    def answer_text(self) -> str:
        """The answer as a student would type it: ``60``, ``16×16×16``, rows on lines."""
        if isinstance(self.answer, np.ndarray):
            return format_matrix(self.answer)
        if isinstance(self.answer, tuple):
            return shape_text(self.answer)
        return str(self.answer)

    def text(self) -> str:
        """The whole question as plain text: words, matrices (aligned) and the answer format."""
        parts = [self.question]
        parts += [f"{label}:\n{format_matrix(m, align=True)}" for label, m in self.matrices]
        return "\n\n".join([*parts, self.hint])


@dataclass(frozen=True)
class Verdict:
    """The result of checking a typed answer: ``"right"``, ``"wrong"`` or ``"unparsed"``, and a message."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == "right"


def _module(kind: str) -> Any:
    """The module drawing and wording ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"unknown exercise kind '{kind}' (choose from {', '.join((ANY, *KINDS))})")
    return _MODULES.get(kind, quiz_matrices)


def random_seed() -> int:
    """A fresh seed below :data:`SEED_LIMIT` (short enough to read out in class)."""
    return int(np.random.default_rng().integers(SEED_LIMIT))


def kind_for_seed(seed: int) -> str:
    """The kind an ``"any"`` exercise with this seed has."""
    return KINDS[int(np.random.default_rng(seed).integers(len(KINDS)))]


def generate(
    kind: str = ANY, seed: int | np.random.Generator | None = None, language: str = "en"
) -> Exercise:
    """A new exercise; an int seed (recorded) reproduces it, and ``"any"`` picks the kind from the seed."""
    check_language(language)
    if seed is None:
        seed = random_seed()
    if kind == ANY:
        kind = kind_for_seed(seed) if isinstance(seed, int) else KINDS[int(seed.integers(len(KINDS)))]
    draw: Callable[[np.random.Generator], dict[str, Any]] = getattr(_module(kind), f"draw_{kind}")
    rng = np.random.default_rng(seed) if isinstance(seed, int) else seed
    return write(kind, draw(rng), language, seed if isinstance(seed, int) else None)


def write(kind: str, params: dict[str, Any], language: str = "en", seed: int | None = None) -> Exercise:
    """The exercise for given numbers (as in ``Exercise.params``) in ``language``."""
    check_language(language)
    draft: Draft = getattr(_module(kind), f"write_{kind}")(params, language)
    return Exercise(
        kind, language, draft.question, draft.answer, draft.solution, draft.hint, draft.matrices, params, seed
    )


def translated(exercise: Exercise, language: str) -> Exercise:
    """The same exercise (same numbers and seed) in another language."""
    return write(exercise.kind, exercise.params, language, exercise.seed)


def same_exercise(a: Exercise, b: Exercise) -> bool:
    """Whether two exercises ask the same thing: the same question and the same matrices."""
    return a.question == b.question and all(
        np.array_equal(x, y) for (_, x), (_, y) in zip(a.matrices, b.matrices, strict=False)
    )


def _check_number(exercise: Exercise, text: str) -> Verdict | bool:
    try:
        readings = read_number(text)
    except ValueError:
        return Verdict("unparsed", say("bad_number", exercise.language, text=text.strip(), example="60"))
    return any(math.isclose(r, float(exercise.answer), abs_tol=1e-9) for r in readings)  # type: ignore[arg-type]


def _check_shape(exercise: Exercise, text: str) -> Verdict | bool:
    answer = exercise.answer
    assert isinstance(answer, tuple)
    try:
        got = read_shape(text)
        if len(got) != len(answer):
            raise ValueError(text)
    except ValueError:
        message = say("bad_shape", exercise.language, text=text.strip(), count=len(answer), example="8×14×14")
        return Verdict("unparsed", message)
    return got == answer


def _check_matrix(exercise: Exercise, text: str) -> Verdict | bool:
    answer = exercise.answer
    assert isinstance(answer, np.ndarray)
    try:
        got = read_matrix(text, answer.shape, exercise.language)
    except ValueError as exc:
        return Verdict("unparsed", say("bad_matrix", exercise.language, reason=str(exc)))
    if got.shape != answer.shape:
        return Verdict("wrong", say("matrix_size", exercise.language, got=shape_text(got.shape)))
    return bool(np.allclose(got, answer, rtol=0.0, atol=1e-9))


def check_answer(exercise: Exercise, text: str) -> Verdict:
    """Right, wrong, or a message saying how to type the answer when the text cannot be read."""
    if not text.strip():
        return Verdict("unparsed", say("empty", exercise.language))
    checks = {"number": _check_number, "shape": _check_shape, "matrix": _check_matrix}
    outcome = checks[exercise.answer_kind](exercise, text)
    if isinstance(outcome, Verdict):
        return outcome
    return Verdict("right" if outcome else "wrong", say("right" if outcome else "wrong", exercise.language))


__all__ = [
    "ANY",
    "KINDS",
    "KIND_NAMES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "Exercise",
    "Verdict",
    "check_answer",
    "generate",
    "kind_for_seed",
    "random_seed",
    "translated",
    "write",
]
