"""Fuzzing builder designs read from JSON (``cnnviz train --model design.json``, designs beside weights)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnviz.core.architectures import build_from_spec, spec_for_model
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.json_edits import edited
from tests.fuzz.model_seeds import builder_json
from tests.fuzz.mutations import file_bytes

SEED = builder_json()


def design_case(data: bytes, folder: Path) -> None:
    """A design that reads is a design that builds."""
    path = folder / "design.json"
    path.write_bytes(data)
    spec = attempt(lambda: spec_for_model(str(path), 10, 1), [path.name])
    if spec is not None:
        module = attempt(lambda: build_from_spec(spec), [path.name])
        assert module is not None, "a design that was read could not be built"


def test_the_seed_design_builds(tmp_path: Path) -> None:
    design_case(SEED, tmp_path)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_builder_json_bytes(profile: str) -> None:
    fuzz("builder json", profile, file_bytes(SEED), design_case)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_builder_json_structure(profile: str) -> None:
    designs = edited(json.loads(SEED)).map(lambda d: json.dumps(d).encode())
    fuzz("builder json (structure)", profile, designs, design_case)
