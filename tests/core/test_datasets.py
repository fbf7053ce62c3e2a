"""The data set registry and load_dataset: entries, synthetic sets, progress and cancel."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from cnnviz.core import datasets, shapes
from cnnviz.core.builtins import MNIST_SPEC, TINYVGG_SPEC
from cnnviz.core.datasets import (
    DATASETS,
    DatasetCancelled,
    DatasetUnavailable,
    Meter,
    dataset_choices,
    dataset_info,
    default_root,
    generate_chunked,
    is_downloaded,
    load_dataset,
    subsample,
)
from cnnviz.core.downloads import MIRROR_ENV
from cnnviz.core.synthdigits import generate_digits


def test_registry_order_and_entries() -> None:
    assert [i.key for i in dataset_choices()] == [
        "digits",
        "shapes",
        "mnist",
        "fashion-mnist",
        "kmnist",
        "cifar10",
    ]
    assert [i.offline for i in dataset_choices()] == [True, True, False, False, False, False]
    for info in DATASETS.values():
        assert len(info.labels) == 10 or info.key == "shapes"
        assert info.needs_download == (not info.offline) == (info.download_mb > 0)
        assert len(info.spec.mean) == len(info.spec.std) == info.spec.channels
    assert DATASETS["shapes"].spec == TINYVGG_SPEC and DATASETS["shapes"].default_model == "tinyvgg"
    assert DATASETS["digits"].spec == MNIST_SPEC
    mnist = DATASETS["mnist"].spec
    assert (mnist.shape, mnist.mean, mnist.std, mnist.polarity) == (
        (1, 28, 28),
        (0.1307,),
        (0.3081,),
        "light_on_dark",
    )
    assert (
        DATASETS["fashion-mnist"].spec.preprocess == "resize" and DATASETS["kmnist"].default_model == "lenet5"
    )
    assert DATASETS["cifar10"].spec.shape == (3, 32, 32) and DATASETS["cifar10"].default_model == ""


def test_labels_match_torchvision_classes() -> None:
    import torchvision.datasets as tv

    assert list(DATASETS["mnist"].labels) == [c.split(" - ")[0] for c in tv.MNIST.classes]
    assert list(DATASETS["fashion-mnist"].labels) == tv.FashionMNIST.classes
    assert list(DATASETS["kmnist"].labels) == tv.KMNIST.classes


def test_unknown_key_and_bad_sizes() -> None:
    with pytest.raises(DatasetUnavailable, match="unknown data set 'nope'; available: digits, shapes, mnist"):
        load_dataset("nope")
    with pytest.raises(ValueError, match="at least one"):
        load_dataset("shapes", train_size=0)
    with pytest.raises(ValueError, match="negative"):
        load_dataset("shapes", train_size=5, val_size=-1)


def test_digits_are_exactly_those_of_generate_digits() -> None:
    data = load_dataset("digits", 30, 10, seed=4)
    train, val = generate_digits(30, 4, workers=1), generate_digits(10, 4 + 1_000_003, workers=1)
    assert np.array_equal(data.train_x, train[0]) and np.array_equal(data.train_y, train[1])
    assert np.array_equal(data.val_x, val[0]) and np.array_equal(data.val_y, val[1])
    assert data.spec == MNIST_SPEC and data.labels == [str(d) for d in range(10)]


def test_shapes_progress_moves_and_ends_at_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "CHUNK", 10)
    seen: list[tuple[str, float]] = []
    data = load_dataset("shapes", 40, 8, seed=1, progress=lambda m, f: seen.append((m, f)))
    assert data.train_x.shape == (40, 3, 64, 64) and data.val_x.shape == (8, 3, 64, 64)
    assert data.labels == list(shapes.SHAPE_LABELS)
    fractions = [f for _, f in seen]
    assert fractions[:5] == pytest.approx([0, 10 / 48, 20 / 48, 30 / 48, 40 / 48]) and fractions[-1] == 1.0
    assert seen[0][0] == "Generating 48 shapes…"
    assert seen[-1][0] == "Synthetic shapes (offline): 40 training and 8 validation samples"


def test_cancel_stops_between_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "CHUNK", 10)
    seen: list[float] = []
    with pytest.raises(DatasetCancelled):
        load_dataset("shapes", 100, 0, progress=lambda m, f: seen.append(f), cancelled=lambda: len(seen) >= 2)
    assert seen == pytest.approx([0.0, 0.1])


def test_worker_processes_give_the_same_images_and_can_be_cancelled() -> None:
    labels = shapes.balanced_labels(24, seed=2)
    serial = generate_chunked(shapes.render_chunk, labels, 2, 6, (3, 64, 64), Meter("", 24))
    parallel = generate_chunked(
        shapes.render_chunk, labels, 2, 6, (3, 64, 64), Meter("", 24), parallel_from=1
    )
    assert np.array_equal(serial, parallel)
    seen: list[float] = []
    meter = Meter("", 24, lambda m, f: seen.append(f), lambda: len(seen) >= 1)
    with pytest.raises(DatasetCancelled):
        generate_chunked(shapes.render_chunk, labels, 2, 6, (3, 64, 64), meter, parallel_from=1)
    assert seen == [0.25]


def test_zero_validation_samples_gives_empty_arrays() -> None:
    data = load_dataset("shapes", 3, 0)
    assert data.val_x.shape == (0, 3, 64, 64) and data.val_x.dtype == np.float32 and data.val_y.shape == (0,)


def test_subsample_keeps_pairs_and_order() -> None:
    x, y = np.arange(10) * 10, np.arange(10)
    sx, sy = subsample(x, y, 4, np.random.default_rng(0))
    assert len(sy) == 4 and np.array_equal(sx, sy * 10) and list(sy) == sorted(set(sy))
    assert subsample(x, y, 99, np.random.default_rng(0))[1] is y


def test_download_state_and_default_root(tmp_path: Path) -> None:
    assert is_downloaded("digits", tmp_path) and not is_downloaded("mnist", tmp_path)
    assert default_root().parts[-1] == "datasets" and "cnnviz" in default_root().parts[-3:]
    assert dataset_info("kmnist") is DATASETS["kmnist"]
    with pytest.raises(DatasetUnavailable, match="folder:<path>"):
        dataset_info("mnsit")


def test_offline_download_failure_is_one_line_naming_folder_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a port nobody listens on: connection refused, like being offline
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{port}/")
    with pytest.raises(DatasetUnavailable) as info:
        load_dataset("mnist", root=tmp_path)
    text = str(info.value)
    assert text.startswith(f"Could not download MNIST handwritten digits: cannot reach 127.0.0.1:{port}")
    assert f"place them in {tmp_path / 'MNIST' / 'raw'}, then try again." in text and "\n" not in text
    assert "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images" in text


def test_custom_loaders_can_be_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    info = datasets.DatasetInfo("tiny", "Tiny", MNIST_SPEC, ("a", "b"), True, "lenet5", 2, 1)
    x, y = np.zeros((2, 1, 28, 28), np.float32), np.array([0, 1])
    calls: list[tuple[int, int, int, object]] = []

    def loader(info: datasets.DatasetInfo, train: int, val: int, seed: int, **kw: object) -> datasets.Dataset:
        calls.append((train, val, seed, kw["root"]))
        return datasets.Dataset(info, x, y, x[:1], y[:1])

    monkeypatch.setitem(DATASETS, "tiny", info)
    monkeypatch.setitem(datasets.LOADERS, "tiny", loader)
    assert load_dataset("tiny", seed=5, root=Path("/r")).labels == ["a", "b"]
    assert calls == [(2, 1, 5, Path("/r"))]
