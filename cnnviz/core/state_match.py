"""Which architecture a bare state_dict belongs to, matched by parameter names and shapes.

Candidates are the built-ins (every variant), the architectures a caller adds
(a saved builder design, say) and torchvision's classification models. A
state_dict fits a candidate when it has exactly the same entries with the same
shapes, except that the classifier head may have any number of classes and the
first convolution any number of input channels: a ResNet-18 fine-tuned for 10
classes fits ``resnet18`` with ``num_classes=10``. Keys saved through a wrapper
(``module.`` from DataParallel, ``model.``, ``_orig_mod.`` from torch.compile)
are accepted too, and so are state_dicts nested under ``state_dict``, ``model``,
``model_state_dict`` or ``net``.

:func:`match_state_dict` returns the one fitting architecture, raises
:class:`ArchitectureChoice` (carrying the candidates) when several fit, and
:class:`NoArchitectureFits` (naming the closest candidate and how it differs)
when none does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import torch

from cnnviz.core.arch_signatures import Shapes, Signature, builtin_signatures, shapes_of, signature_of
from cnnviz.core.architectures import ArchitectureError, ArchSpec, check_spec, describe
from cnnviz.core.sources import ModelLoadError

WRAPPER_PREFIXES = ("module.", "model.", "_orig_mod.")
NESTED_KEYS = ("state_dict", "model_state_dict", "model", "net")
ZOO_MIN_ELEMENTS = 300_000  # every torchvision model has more, head and first conv left out (tested)
SHOWN = 3


@dataclass(frozen=True)
class Candidate:
    """An architecture a state_dict fits: its spec and a line to show the user."""

    spec: ArchSpec
    description: str


@dataclass(frozen=True)
class Mismatch:
    """How a state_dict differs from one architecture."""

    description: str
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    wrong_shapes: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)

    def text(self) -> str:
        """One line: counts and the first few names of each kind of difference."""
        parts = []
        for label, names in (("missing", self.missing), ("unexpected", self.unexpected)):
            if names:
                parts.append(f"{len(names)} {label} ({_first(names)})")
        if self.wrong_shapes:
            shown = [f"{k}: file {_dims(a)}, model {_dims(b)}" for k, a, b in self.wrong_shapes[:SHOWN]]
            more = ", …" if len(self.wrong_shapes) > SHOWN else ""
            parts.append(f"{len(self.wrong_shapes)} with another shape ({'; '.join(shown)}{more})")
        return f"{self.description}: " + ", ".join(parts)


class ArchitectureChoice(ModelLoadError):
    """Several architectures fit the state_dict; ``candidates`` lists them for the user to pick one."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.candidates = candidates


class NoArchitectureFits(ModelLoadError):
    """No known architecture fits; ``closest`` says how the nearest one differs (None if nothing is close)."""

    def __init__(self, message: str, closest: Mismatch | None) -> None:
        super().__init__(message)
        self.closest = closest


def _first(names: list[str]) -> str:
    return ", ".join(names[:SHOWN]) + (", …" if len(names) > SHOWN else "")


def _dims(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) or "scalar"


def tensors_of(data: object) -> dict[str, torch.Tensor] | None:
    """The state_dict inside ``data`` (itself, or nested under a usual key), or None."""
    if isinstance(data, Mapping) and data and all(isinstance(v, torch.Tensor) for v in data.values()):
        return {str(k): v for k, v in data.items()}
    if isinstance(data, Mapping):
        for key in NESTED_KEYS:
            found = tensors_of(data.get(key))
            if found is not None:
                return found
    return None


def key_variants(state: Mapping[str, torch.Tensor]) -> list[dict[str, torch.Tensor]]:
    """The state_dict as saved, then with wrapper prefixes shared by all keys removed."""
    variants = [dict(state)]
    current = dict(state)
    while True:
        prefix = next((p for p in WRAPPER_PREFIXES if all(k.startswith(p) for k in current)), None)
        if prefix is None:
            return variants
        current = {k[len(prefix) :]: v for k, v in current.items()}
        variants.append(current)


def fit(shapes: Shapes, sig: Signature) -> tuple[int | None, int | None] | None:
    """(classes, input channels) when ``shapes`` is ``sig`` with a resized head/first conv, else None."""
    if shapes.keys() != sig.shapes.keys():
        return None
    classes: set[int] = set()
    channels = None
    for key, want in sig.shapes.items():
        have = shapes[key]
        if len(have) != len(want):
            return None
        if key in sig.head_keys and have[1:] == want[1:]:
            classes.add(have[0])
        elif key == sig.input_key and len(have) > 1 and have[:1] + have[2:] == want[:1] + want[2:]:
            channels = have[1]
        elif have != want:
            return None
    if len(classes) > 1:
        return None
    return (classes.pop() if classes else None), channels


def resized(spec: ArchSpec, classes: int | None, channels: int | None) -> ArchSpec:
    """``spec`` with another number of classes and input channels (None or the default: unchanged)."""
    base = signature_of(spec)
    if classes == (base.shapes[base.head_keys[0]][0] if base.head_keys else None):
        classes = None
    if channels == (base.shapes[base.input_key][1] if base.input_key else None):
        channels = None
    if classes is None and channels is None:
        return spec
    if spec["kind"] == "builtin":
        options = dict(spec.get("options", {}))
        options |= {"num_classes": classes} if classes else {}
        options |= {"in_channels": channels} if channels else {}
        return {**spec, "options": options}
    if spec["kind"] == "builder":
        config = dict(spec["config"])
        config["num_classes"] = classes or config.get("num_classes", 10)
        config["input"] = [channels or config["input"][0], *list(config["input"])[1:]]
        return {**spec, "config": config}
    changed = {"num_classes": classes} if classes else {}
    return {**spec, **changed, **({"in_channels": channels} if channels else {})}


def candidate_signatures(shapes: Shapes, extra_specs: Iterable[ArchSpec] = ()) -> list[Signature]:
    """Built-ins, the caller's specs and (for state_dicts large enough) the torchvision models."""
    signatures = builtin_signatures()
    for spec in extra_specs:
        try:
            signatures.append(signature_of(check_spec(spec)))
        except (ArchitectureError, KeyError, TypeError):
            continue  # a broken side file must not stop the others
    if sum(math.prod(s) for s in shapes.values()) >= ZOO_MIN_ELEMENTS:
        from cnnviz.core.arch_signatures import zoo_signatures

        signatures += zoo_signatures()
    return signatures


def tried(signatures: list[Signature]) -> str:
    """What was compared, e.g. 'the built-ins (lenet5, tinyvgg) and 80 torchvision models'."""
    kinds = [sig.spec["kind"] for sig in signatures]
    builtins = sorted({sig.spec["name"] for sig in signatures if sig.spec["kind"] == "builtin"})
    parts = [f"the built-ins ({', '.join(builtins)})"]
    if kinds.count("builder"):
        parts.append(f"{kinds.count('builder')} builder design(s)")
    if kinds.count("zoo"):
        parts.append(f"{kinds.count('zoo')} torchvision models")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def fitting_specs(shapes: Shapes, signatures: list[Signature]) -> list[ArchSpec]:
    """Every architecture (resized where needed) whose layout equals ``shapes``."""
    found: list[ArchSpec] = []
    for sig in signatures:
        sizes = fit(shapes, sig)
        if sizes is None:
            continue
        spec = resized(sig.spec, *sizes)
        if spec not in found and signature_of(spec).shapes == shapes:
            found.append(spec)
    return found


def compare(shapes: Shapes, sig: Signature) -> Mismatch:
    """The differences between a state_dict layout and an architecture's."""
    wrong = [(k, shapes[k], s) for k, s in sig.shapes.items() if k in shapes and shapes[k] != s]
    return Mismatch(
        describe(sig.spec),
        [k for k in sig.shapes if k not in shapes],
        [k for k in shapes if k not in sig.shapes],
        wrong,
    )


def closest(shapes: Shapes, signatures: list[Signature]) -> Mismatch | None:
    """The architecture sharing the most entries (name and shape, then name) with ``shapes``, if any."""
    best, best_score = None, (0, 0)
    for sig in signatures:
        score = (sum(shapes.get(k) == s for k, s in sig.shapes.items()), sum(k in shapes for k in sig.shapes))
        if score > best_score:
            best, best_score = sig, score
    return compare(shapes, best) if best is not None else None


def match_state_dict(
    state: Mapping[str, torch.Tensor], extra_specs: Iterable[ArchSpec] = ()
) -> tuple[ArchSpec, dict[str, torch.Tensor]]:
    """(spec, state_dict with the keys the spec's module uses) of the one fitting architecture."""
    variants = key_variants(state)
    extra = list(extra_specs)
    signatures = candidate_signatures(shapes_of(dict(state)), extra)
    for variant in variants:
        specs = fitting_specs(shapes_of(variant), signatures)
        if len(specs) == 1:
            return specs[0], variant
        if specs:
            candidates = [Candidate(spec, describe(spec)) for spec in specs]
            names = "; ".join(c.description for c in candidates)
            raise ArchitectureChoice(f"these weights fit {len(specs)} architectures: {names}", candidates)
    shapes = shapes_of(variants[-1])
    near = closest(shapes, signatures)
    detail = f"closest: {near.text()}" if near else f"its first entries: {_first(list(shapes))}"
    raise NoArchitectureFits(
        f"no known architecture has these {len(shapes)} tensors (tried {tried(signatures)}); {detail}", near
    )
