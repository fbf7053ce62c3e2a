"""Fixtures shared by the fuzzers: the model seed files (written once) and private caches."""

from __future__ import annotations

import pytest

from tests.fuzz.model_seeds import model_seeds


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """format → bytes of a valid LeNet-5 file in each model format."""
    return model_seeds(tmp_path_factory.mktemp("model-seeds"))


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Torchvision signatures cached beside pytest's temporary folders; no shipped weights."""
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path_factory.getbasetemp().parent / "cnnviz-cache"))
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path_factory.mktemp("no-resources")))
