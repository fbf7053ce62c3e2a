"""Fuzzing the data-set readers: image folders, MNIST-style idx files, and the archive unpackers."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import strategies as st

from cnnviz.core.datasets import FOLDER_PREFIX, load_dataset
from cnnviz.core.downloads import gunzip, untar
from tests.fuzz.harness import PROFILES, attempt, fuzz
from tests.fuzz.image_seeds import SUFFIX, encoded, png_size
from tests.fuzz.mutations import damaged, file_bytes, random_file

pytestmark = pytest.mark.filterwarnings("ignore")
CLASSES = ("cat", "dog")
FOLDER_IMAGES = [
    (c, f"{c}{i}{s}", fmt) for c in CLASSES for i, (fmt, s) in enumerate(SUFFIX.items()) if i < 3
]
IMAGE_BYTES = {fmt: encoded(fmt, (9, 7)) for _c, _n, fmt in FOLDER_IMAGES}
IDX = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def write_folder(root: Path) -> list[Path]:
    """root/cat and root/dog, three small images each (PNG, JPEG, BMP)."""
    paths = []
    for cls, name, fmt in FOLDER_IMAGES:
        path = root / cls / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(IMAGE_BYTES[fmt])
        paths.append(path)
    return paths


FolderEdit = tuple[str, int, bytes]
FOLDER_EDITS = st.one_of(
    st.tuples(
        st.just("damage"),
        st.integers(0, 5),
        st.sampled_from(sorted(IMAGE_BYTES)).flatmap(lambda fmt: damaged(IMAGE_BYTES[fmt], [(0, 64)])),
    ),
    st.tuples(st.just("replace"), st.integers(0, 5), random_file()),
    st.tuples(st.just("bomb"), st.integers(0, 5), st.just(png_size(IMAGE_BYTES["PNG"], 100_000, 100_000))),
    st.tuples(
        st.sampled_from(
            ["empty class", "drop class", "hidden", "nested", "loop", "fifo", "dangling", "folder"]
        ),
        st.integers(0, 5),
        st.just(b""),
    ),
)


def apply_folder_edit(root: Path, files: list[Path], edit: FolderEdit) -> None:
    """Damage one file or the folder structure (an edit that no longer applies does nothing)."""
    kind, index, data = edit
    target, cls = files[index], root / CLASSES[index % 2]
    if kind in ("damage", "replace", "bomb"):
        target.write_bytes(data) if target.is_file() else None
    elif kind == "drop class":
        shutil.rmtree(cls, ignore_errors=True)
    elif not cls.is_dir():
        return
    elif kind == "empty class":
        for path in cls.iterdir():
            path.unlink() if path.is_symlink() or not path.is_dir() else None
    elif kind == "hidden":
        (root / ".hidden").mkdir(exist_ok=True)
        (cls / ".secret.png").write_bytes(b"not shown")
    elif kind == "nested":
        (cls / "deeper" / "deepest").mkdir(parents=True, exist_ok=True)
        (cls / "deeper" / "deepest" / "x.gif").write_bytes(IMAGE_BYTES["PNG"])
    else:
        add_special_file(root, cls, kind)


def add_special_file(root: Path, cls: Path, kind: str) -> None:
    """A symlink loop, a named pipe, a dangling link or a folder, all named like images."""
    path = cls / {"loop": "loop", "fifo": "pipe.png", "dangling": "gone.jpg", "folder": "album.png"}[kind]
    if path.exists() or path.is_symlink():
        return
    if kind == "loop":
        path.symlink_to(root, target_is_directory=True)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling":
        path.symlink_to(root / "nowhere.jpg")
    else:
        path.mkdir()


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_image_folders(profile: str) -> None:
    def case(edits: list[FolderEdit], folder: Path) -> None:
        root = folder / "pets"
        files = write_folder(root)
        for edit in edits:
            apply_folder_edit(root, files, edit)
        data = attempt(lambda: load_dataset(f"{FOLDER_PREFIX}{root}", seed=1), [root.name])
        if data is not None:
            assert data.labels == list(CLASSES) or len(data.labels) >= 2
            assert len(data.train_y) >= 1 and data.train_x.shape[1:] == (3, 64, 64)
            assert np.isfinite(data.train_x).all()

    edits = st.lists(FOLDER_EDITS, min_size=1, max_size=4)
    fuzz("image folder", profile, edits, case, warm_up=[("hidden", 0, b"")])


def idx_files(train: int = 12, test: int = 6) -> dict[str, bytes]:
    """MNIST's four idx files with a few seeded 28×28 digits."""
    rng = np.random.default_rng(3)
    files = {}
    for prefix, count in (("train", train), ("t10k", test)):
        pixels = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
        labels = (np.arange(count) % 10).astype(np.uint8)
        files[f"{prefix}-images-idx3-ubyte"] = (
            b"\x00\x00\x08\x03" + np.array([count, 28, 28], dtype=">i4").tobytes() + pixels.tobytes()
        )
        files[f"{prefix}-labels-idx1-ubyte"] = (
            b"\x00\x00\x08\x01" + np.array([count], dtype=">i4").tobytes() + labels.tobytes()
        )
    return files


IDX_SEEDS = idx_files()


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_mnist_idx_files(profile: str) -> None:
    def case(value: tuple[str, bytes], folder: Path) -> None:
        name, data = value
        raw = folder / "MNIST" / "raw"
        raw.mkdir(parents=True)
        for file, content in IDX_SEEDS.items():
            (raw / file).write_bytes(data if file == name else content)
        result = attempt(lambda: load_dataset("mnist", 8, 4, root=folder), ["MNIST"])
        if result is not None:
            assert result.train_x.shape[1:] == (1, 28, 28) and len(result.train_x) == len(result.train_y)

    damaged_idx = st.sampled_from(IDX).flatmap(
        lambda name: st.tuples(st.just(name), file_bytes(IDX_SEEDS[name], [(0, 16)]))
    )
    fuzz("mnist idx", profile, damaged_idx, case, warm_up=(IDX[0], IDX_SEEDS[IDX[0]]))


def nothing_outside(folder: Path, inside: Path, allowed: set[str]) -> None:
    """No file or link in `folder` outside `inside`, except the `allowed` names."""
    stray = [
        p for p in folder.rglob("*") if not p.is_dir() and inside not in p.parents and p.name not in allowed
    ]
    assert not stray, f"written outside the destination: {stray}"


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_gunzip(profile: str) -> None:
    seed = gzip.compress(IDX_SEEDS["t10k-labels-idx1-ubyte"] * 20, mtime=0)

    def case(data: bytes, folder: Path) -> None:
        archive, target = folder / "labels.gz", folder / "labels"
        archive.write_bytes(data)
        if attempt(lambda: gunzip(archive, target), [archive.name]) is None:
            assert not target.exists() and [p.name for p in folder.iterdir()] == [archive.name]

    fuzz("gunzip", profile, file_bytes(seed, [(0, 32)]), case)


TarMember = tuple[str, str, bytes]
MEMBER_NAMES = st.sampled_from(
    ["batches/data_1", "batches/meta", "../escaped", "/tmp/absolute", "batches/../../up", "a/./b", "batches"]
)
MEMBER_KINDS = st.sampled_from(["file", "file", "dir", "symlink", "hardlink", "fifo", "chardev"])


def tar_bytes(members: list[TarMember], compressed: bool) -> bytes:
    """A tar (gzip-compressed or not) holding `members` exactly as given, odd ones included."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if compressed else "w", format=tarfile.GNU_FORMAT) as tar:
        for name, kind, content in members:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.type = {
                "file": tarfile.REGTYPE,
                "dir": tarfile.DIRTYPE,
                "symlink": tarfile.SYMTYPE,
                "hardlink": tarfile.LNKTYPE,
                "fifo": tarfile.FIFOTYPE,
                "chardev": tarfile.CHRTYPE,
            }[kind]
            if kind in ("symlink", "hardlink"):
                info.linkname = content.decode("latin-1") or "/etc/passwd"
            info.size = len(content) if kind == "file" else 0
            tar.addfile(info, io.BytesIO(content) if kind == "file" else None)
    return buffer.getvalue()


TAR_SEED = [("batches/data_1", "file", b"\x80\x02}q\x00." * 50), ("batches/meta", "file", b"labels")]
TAR_MEMBERS = st.lists(
    st.tuples(
        MEMBER_NAMES, MEMBER_KINDS, st.sampled_from([b"", b"abc", b"../../etc/passwd", b"/etc/passwd"])
    ),
    max_size=4,
)
TAR_FILES = st.one_of(
    st.tuples(TAR_MEMBERS, st.booleans()).map(lambda v: tar_bytes(TAR_SEED + v[0], v[1])),
    file_bytes(tar_bytes(TAR_SEED, False), [(0, 512), (512 + 1024, 512 + 1024 + 512)]),
    file_bytes(tar_bytes(TAR_SEED, True), [(0, 64)]),
)


@pytest.mark.parametrize("profile", PROFILES)
def test_fuzz_untar(profile: str) -> None:
    def case(data: bytes, folder: Path) -> None:
        archive, destination = folder / "set.tar.gz", folder / "unpacked"
        archive.write_bytes(data)
        destination.mkdir()
        attempt(lambda: untar(archive, destination), [archive.name])
        nothing_outside(folder, destination, {archive.name})
        links = [p for p in destination.rglob("*") if p.is_symlink() or not (p.is_file() or p.is_dir())]
        assert not links, f"unpacked links or special files: {links}"

    fuzz("untar", profile, TAR_FILES, case)
