"""Finding the architecture of a bare state_dict: built-ins, builder designs, torchvision, reports."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from cnnviz.core import arch_signatures
from cnnviz.core.arch_signatures import ShapesOnly, meta_module, shapes_of, signature_of, zoo_signatures
from cnnviz.core.architectures import build_from_spec, builder_spec, zoo_spec
from cnnviz.core.builtins import build_builtin
from cnnviz.core.sources import load_model
from cnnviz.core.state_match import (
    ZOO_MIN_ELEMENTS,
    ArchitectureChoice,
    NoArchitectureFits,
    key_variants,
    match_state_dict,
    tensors_of,
)
from cnnviz.core.transfer import zoo_classifier

ATOL = 1e-6  # same weights, same operations: the outputs agree to rounding


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Torchvision signatures cached beside pytest's temporary folders (built once, not in $HOME)."""
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path_factory.getbasetemp().parent / "cnnviz-cache"))
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path_factory.mktemp("no-resources")))


def builder(pool: str, classes: int = 3) -> dict[str, Any]:
    """A small builder design; ``pool`` max or avg gives the same parameters, another network."""
    conv = {"filters": 4, "kernel": 3, "padding": 1}
    block = {"convs": [conv], "pool": pool, "pool_size": 2}
    return {"input": [1, 8, 8], "blocks": [block], "fc": [5], "num_classes": classes}


def same_outputs(a: nn.Module, b: nn.Module, shape: tuple[int, ...]) -> None:
    x = torch.rand((2, *shape), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(a.eval()(x), b.eval()(x), atol=ATOL, rtol=0)


BUILTIN_CASES = [
    ("lenet5", {}),
    ("lenet5", {"batchnorm": True}),
    ("lenet5", {"num_classes": 5}),
    ("tinyvgg", {}),
    ("tinyvgg", {"batchnorm": True}),
    ("tinyvgg", {"num_classes": 4, "in_channels": 1}),
]


@pytest.mark.parametrize(("key", "options"), BUILTIN_CASES)
def test_state_dict_of_every_builtin_variant_is_found(
    tmp_path: Path, key: str, options: dict[str, Any]
) -> None:
    source = build_builtin(key, seed=11, **options).eval()
    shape = (options.get("in_channels", 3), 64, 64) if key == "tinyvgg" else (1, 28, 28)
    if options.get("batchnorm"):  # non-trivial running statistics, so that they must be loaded too
        source.train()(torch.rand(8, *shape))
        source.eval()
    path = tmp_path / f"{key}.pt"
    torch.save(source.state_dict(), path)
    bundle = load_model(path)
    assert bundle.arch == key and bundle.extra["format"] == "state_dict"
    assert bundle.extra["arch_spec"]["options"] == options
    assert len(bundle.labels) == options.get("num_classes", 10)
    assert bundle.spec.shape == shape
    same_outputs(bundle.module, source, shape)


@pytest.mark.parametrize(
    ("name", "classes", "channels"),
    [("resnet18", 10, 1), ("resnet18", 1000, None), ("mobilenet_v3_small", 1000, None)],
)
def test_state_dict_of_torchvision_models_is_found(
    tmp_path: Path, name: str, classes: int, channels: int | None
) -> None:
    with torch.random.fork_rng():
        torch.manual_seed(3)
        source, _note = zoo_classifier(
            name, classes, pretrained=False, freeze_backbone=False, in_channels=channels
        )
    path = tmp_path / f"{name}.pth"
    torch.save(source.state_dict(), path)
    bundle = load_model(path)
    assert bundle.arch == f"zoo:{name}"
    assert bundle.extra["arch_spec"] == zoo_spec(name, classes, channels)
    assert bundle.spec.channels == (channels or 3) and len(bundle.labels) == classes
    if classes == 1000:
        assert bundle.labels[0] == "tench" and bundle.spec.preprocess == "center_crop"  # ImageNet
    same_outputs(bundle.module, source, bundle.spec.shape)


@pytest.mark.parametrize("wrap", ["module.", "model.", "_orig_mod.module.", "state_dict", "model_state_dict"])
def test_wrapped_keys_and_nested_state_dicts(tmp_path: Path, wrap: str) -> None:
    source = build_builtin("tinyvgg", seed=4).eval()
    state = source.state_dict()
    data: object = {wrap: state} if "." not in wrap else {wrap + k: v for k, v in state.items()}
    if wrap == "state_dict":  # PyTorch Lightning: nested and prefixed
        data = {"state_dict": {"model." + k: v for k, v in state.items()}, "epoch": 3}
    torch.save(data, tmp_path / "wrapped.pt")
    bundle = load_model(tmp_path / "wrapped.pt")
    assert bundle.arch == "tinyvgg"
    same_outputs(bundle.module, source, (3, 64, 64))


def test_key_variants_strip_shared_prefixes_only() -> None:
    state = {"module.a": torch.zeros(1), "module.b": torch.zeros(1)}
    assert [list(v) for v in key_variants(state)] == [["module.a", "module.b"], ["a", "b"]]
    mixed = {"module.a": torch.zeros(1), "b": torch.zeros(1)}
    assert len(key_variants(mixed)) == 1
    assert tensors_of({"numbers": [1, 2]}) is None


def test_a_mismatched_state_dict_names_the_closest_architecture_and_the_differences(tmp_path: Path) -> None:
    state = build_builtin("lenet5").state_dict()
    state["conv1.weight"] = torch.zeros(6, 3, 5, 5)
    state["extra.weight"] = torch.zeros(2, 2)
    del state["fc2.bias"]
    torch.save(state, tmp_path / "odd.pt")
    with pytest.raises(NoArchitectureFits) as info:
        load_model(tmp_path / "odd.pt")
    message = str(info.value)
    assert "\n" not in message and message.startswith("'odd.pt'")
    assert "closest: LeNet-5" in message
    assert "1 missing (fc2.bias)" in message and "1 unexpected (extra.weight)" in message
    assert "conv1.weight: file 6×3×5×5, model 6×1×5×5" in message
    closest = info.value.closest
    assert closest is not None and closest.missing == ["fc2.bias"] and closest.unexpected == ["extra.weight"]
    assert closest.wrong_shapes == [("conv1.weight", (6, 3, 5, 5), (6, 1, 5, 5))]


def test_unrelated_tensors_report_their_names() -> None:
    with pytest.raises(NoArchitectureFits, match="its first entries: alpha, beta") as info:
        match_state_dict({"alpha": torch.zeros(3), "beta": torch.zeros(3)})
    assert info.value.closest is None


def test_several_fitting_architectures_are_offered_as_a_choice(tmp_path: Path) -> None:
    max_spec, avg_spec = builder_spec(builder("max")), builder_spec(builder("avg"))
    source = build_from_spec(avg_spec, seed=2).eval()
    with pytest.raises(ArchitectureChoice) as info:
        match_state_dict(source.state_dict(), [max_spec, avg_spec])
    assert [c.spec for c in info.value.candidates] == [max_spec, avg_spec]
    assert all("Custom CNN" in c.description for c in info.value.candidates)
    # the same through files: two designs saved beside the weights
    path = tmp_path / "mine.pt"
    torch.save(source.state_dict(), path)
    (tmp_path / "mine.json").write_text(json.dumps(builder("max")))
    (tmp_path / "mine.pt.json").write_text(json.dumps(avg_spec))
    with pytest.raises(ArchitectureChoice, match=r"^'mine\.pt': these weights fit 2 architectures") as files:
        load_model(path)
    chosen = load_model(path, arch_spec=files.value.candidates[1].spec)
    same_outputs(chosen.module, source, (1, 8, 8))
    assert chosen.extra["arch_spec"] == avg_spec


def test_a_builder_design_beside_the_weights_is_used(tmp_path: Path) -> None:
    source = build_from_spec(builder_spec(builder("max", classes=7)), seed=5).eval()
    torch.save(source.state_dict(), tmp_path / "design.pt")
    (tmp_path / "design.json").write_text(json.dumps(builder("max")))  # 3 classes: the head is resized
    bundle = load_model(tmp_path / "design.pt")
    assert bundle.arch == "builder" and bundle.extra["arch_spec"]["config"]["num_classes"] == 7
    assert bundle.spec.shape == (1, 8, 8) and len(bundle.labels) == 7
    same_outputs(bundle.module, source, (1, 8, 8))


def test_an_explicit_architecture_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    torch.save(build_builtin("lenet5").state_dict(), tmp_path / "l.pt")
    with pytest.raises(ValueError, match=r"'l\.pt' has weights that do not fit TinyVGG"):
        load_model(tmp_path / "l.pt", arch_spec={"kind": "builtin", "name": "tinyvgg", "options": {}})


def test_meta_construction_gives_real_shapes_without_memory() -> None:
    real = zoo_classifier("resnet18", 1000, pretrained=False, freeze_backbone=False)[0]
    meta = meta_module(zoo_spec("resnet18", 1000))
    assert shapes_of(meta.state_dict()) == shapes_of(real.state_dict())
    assert all(p.is_meta for p in meta.parameters())
    with ShapesOnly():
        layer = nn.Linear(4, 2)
        assert layer.weight.is_meta and torch.zeros(1).is_meta
    assert not torch.zeros(1).is_meta  # the mode ended with the block


def test_head_and_first_convolution_are_found() -> None:
    assert signature_of(zoo_spec("resnet18", 1000)).head_keys == ("fc.weight", "fc.bias")
    assert signature_of(zoo_spec("resnet18", 1000)).input_key == "conv1.weight"
    lenet = signature_of({"kind": "builtin", "name": "lenet5", "options": {}})
    assert lenet.head_keys == ("fc3.weight", "fc3.bias") and lenet.input_key is None


def test_zoo_signatures_are_cached_on_disk_and_small_state_dicts_skip_them(tmp_path: Path) -> None:
    signatures = zoo_signatures()
    cache = arch_signatures.zoo_cache_file()
    assert cache.exists() and len(signatures) >= 70
    stamp = cache.stat().st_mtime_ns
    arch_signatures._zoo_memory.clear()
    assert [s.shapes for s in zoo_signatures()] == [s.shapes for s in signatures]
    assert cache.stat().st_mtime_ns == stamp  # read back, not rebuilt
    for sig in signatures:  # the bound that lets small state_dicts skip the torchvision models
        body = [s for k, s in sig.shapes.items() if k not in sig.head_keys and k != sig.input_key]
        assert sum(math.prod(s) for s in body) >= ZOO_MIN_ELEMENTS, sig.spec["name"]
