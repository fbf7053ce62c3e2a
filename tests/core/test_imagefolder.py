"""Image folders: classes from sub-folders, skipped files, stratified split, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.core.datasets import DatasetCancelled, DatasetUnavailable, dataset_info, load_dataset
from cnnviz.core.imagefolder import describe_image_folder, load_image_folder, stratified_split, val_count
from cnnviz.core.spec import InputSpec

RED, BLUE = (255, 0, 0), (0, 0, 255)


def save(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


@pytest.fixture
def pets(tmp_path: Path) -> Path:
    """cats: 5 red PNGs; dogs: 5 blue JPEG/PNGs + 1 nested + 1 broken; plus files to ignore."""
    root = tmp_path / "pets"
    for i in range(5):
        save(root / "cats" / f"c{i}.png", RED)
        save(root / "dogs" / f"d{i}.{'jpg' if i % 2 else 'png'}", BLUE)
    save(root / "dogs" / "more" / "nested.PNG", BLUE, (300, 200))
    (root / "dogs" / "broken.png").write_bytes(b"not an image")
    (root / "dogs" / "notes.txt").write_text("ignored")
    save(root / "cats" / ".hidden.png", BLUE)
    (root / ".git").mkdir()
    (root / "README.txt").write_text("ignored")
    return root


def test_reads_classes_skips_broken_files_and_splits_per_class(pets: Path) -> None:
    seen: list[tuple[str, float]] = []
    data = load_image_folder(pets, progress=lambda m, f: seen.append((m, f)))
    assert data.labels == ["cats", "dogs"] and data.skipped == ["dogs/broken.png"]
    # cats 5 → 1 validation, dogs 6 readable → round(1.2) = 1 validation
    assert data.train_x.shape == (9, 3, 64, 64) and data.val_x.shape == (2, 3, 64, 64)
    assert np.bincount(data.train_y).tolist() == [4, 5] and np.bincount(data.val_y).tolist() == [1, 1]
    assert data.train_x.dtype == np.float32 and data.train_y.dtype == np.int64
    reds = data.train_x[data.train_y == 0]  # (1 − 0.5) / 0.5 = 1 for red, (0 − 0.5) / 0.5 = −1 otherwise
    assert reds[:, 0] == pytest.approx(np.ones_like(reds[:, 0]), abs=1e-4)
    assert reds[:, 2] == pytest.approx(-np.ones_like(reds[:, 2]), abs=1e-4)
    assert data.info.default_model == "tinyvgg" and data.info.key == f"folder:{pets}"
    assert seen[-1] == ("Read 11 images; skipped 1 unreadable file (dogs/broken.png)", 1.0)
    assert [f for _, f in seen] == sorted(f for _, f in seen)


def test_split_is_seeded_and_stratified() -> None:
    labels = np.array([0] * 10 + [1] * 5 + [2] * 2)
    train, val = stratified_split(labels, 0.2, np.random.default_rng(0))
    assert np.bincount(labels[val]).tolist() == [2, 1, 1] and len(train) == 13
    assert sorted([*train, *val]) == list(range(17))
    again = stratified_split(labels, 0.2, np.random.default_rng(0))
    other = stratified_split(labels, 0.2, np.random.default_rng(1))
    assert np.array_equal(val, again[1]) and not np.array_equal(val, other[1])


@pytest.mark.parametrize(
    ("size", "fraction", "expected"),
    [(10, 0.2, 2), (6, 0.2, 1), (2, 0.2, 1), (1, 0.2, 0), (10, 0.0, 0), (3, 0.9, 2)],
)
def test_val_count(size: int, fraction: float, expected: int) -> None:
    assert val_count(size, fraction) == expected


def test_describe_scans_without_decoding(pets: Path) -> None:
    info = describe_image_folder(pets)
    # dogs has 7 image files by name (the broken one included): 1 + 1 for validation
    assert info.labels == ("cats", "dogs") and (info.default_train_size, info.default_val_size) == (10, 2)
    assert info.offline and info.spec.shape == (3, 64, 64)


def test_load_dataset_opens_folder_keys_and_caps_sizes(pets: Path) -> None:
    seen: list[str] = []
    data = load_dataset(f"folder:{pets}", train_size=3, val_size=1, progress=lambda m, f: seen.append(m))
    assert len(data.train_y) == 3 and len(data.val_y) == 1
    assert dataset_info(f"folder:{pets}").labels == ("cats", "dogs")
    assert (
        seen[-1] == "pets: 3 training and 1 validation samples; skipped 1 unreadable file (dogs/broken.png)"
    )
    full = load_dataset(f"folder:{pets}")
    direct = load_image_folder(pets)
    assert np.array_equal(full.train_x, direct.train_x) and np.array_equal(full.val_y, direct.val_y)


def test_gray_spec_and_cancel(pets: Path) -> None:
    spec = InputSpec(1, 28, 28, (0.5,), (0.25,))
    data = load_image_folder(pets, spec, val_fraction=0.0)
    assert data.train_x.shape == (11, 1, 28, 28) and len(data.val_y) == 0
    blue_gray = (0.114 - 0.5) / 0.25
    assert data.train_x[data.train_y == 1].mean() == pytest.approx(blue_gray, abs=1e-3)
    with pytest.raises(DatasetCancelled):
        load_image_folder(pets, cancelled=lambda: True)


def test_missing_and_malformed_folders_give_one_clear_line(tmp_path: Path) -> None:
    cases = {
        tmp_path / "nowhere": "does not exist",
        tmp_path / "flat": "has no class sub-folders",
        tmp_path / "single": "only one class sub-folder ('only')",
        tmp_path / "emptyclass": "emptyclass/b' holds no images",
        tmp_path / "unreadable": "unreadable/b' holds no readable images",
    }
    save(tmp_path / "flat" / "x.png", RED)
    save(tmp_path / "single" / "only" / "x.png", RED)
    save(tmp_path / "emptyclass" / "a" / "x.png", RED)
    (tmp_path / "emptyclass" / "b").mkdir()
    save(tmp_path / "unreadable" / "a" / "x.png", RED)
    (tmp_path / "unreadable" / "b").mkdir()
    (tmp_path / "unreadable" / "b" / "y.jpg").write_bytes(b"garbage")
    for folder, message in cases.items():
        with pytest.raises(DatasetUnavailable) as info:
            load_image_folder(folder)
        assert message in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(ValueError, match="val_fraction"):
        load_image_folder(tmp_path / "unreadable", val_fraction=1.0)
