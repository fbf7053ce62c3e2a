"""Downloads against a local HTTP server: layout, progress, cancel, checksums, failures, loading."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import socket
import struct
import tarfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from cnnviz.core import downloads
from cnnviz.core.datasets import DatasetCancelled, DatasetUnavailable, load_dataset
from cnnviz.core.downloads import (
    MIRROR_ENV,
    REMOTE_SETS,
    DownloadFailed,
    Source,
    download,
    fetch_set,
    md5_of,
    sources_for,
    to_model_input,
    untar,
)
from cnnviz.core.spec import InputSpec

N_TRAIN, N_TEST = 20, 10


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the test folder; /short announces 1,000 bytes and sends 500."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.endswith("/short"):
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 500)
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """(base URL, served folder) of a local HTTP server on an ephemeral port."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    served = tmp_path / "www"
    served.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/file.gz"


def idx_images(count: int) -> bytes:
    """IDX3: magic 2051, count, 28, 28, then pixels; image i has value i at (0, 0), 200 at (14, 14)."""
    pixels = np.zeros((count, 28, 28), dtype=np.uint8)
    pixels[:, 0, 0] = np.arange(count)
    pixels[:, 14, 14] = 200
    return struct.pack(">iiii", 2051, count, 28, 28) + pixels.tobytes()


def idx_labels(count: int) -> bytes:
    return struct.pack(">ii", 2049, count) + (np.arange(count) % 10).astype(np.uint8).tobytes()


def fake_mnist(served: Path, base: str) -> tuple[Source, ...]:
    """Gzipped IDX files under served/mnist/ and Sources with their real checksums."""
    folder = served / "mnist"
    folder.mkdir()
    contents = {
        "train-images-idx3-ubyte.gz": idx_images(N_TRAIN),
        "train-labels-idx1-ubyte.gz": idx_labels(N_TRAIN),
        "t10k-images-idx3-ubyte.gz": idx_images(N_TEST),
        "t10k-labels-idx1-ubyte.gz": idx_labels(N_TEST),
    }
    sources = []
    for name, data in contents.items():
        (folder / name).write_bytes(gzip.compress(data))
        sources.append(Source(name, (f"{base}/mnist/{name}",), md5_of(folder / name)))
    return tuple(sources)


def random_file(served: Path, size: int) -> Source:
    path = served / "blob.bin"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, size, dtype=np.uint8).tobytes())
    return Source("blob.bin", (), md5_of(path))


def test_fake_mnist_lands_in_torchvision_layout_and_loads(server: tuple[str, Path], tmp_path: Path) -> None:
    base, served = server
    root = tmp_path / "root"
    seen: list[tuple[str, float]] = []
    fetch_set("mnist", "MNIST", root, lambda m, f: seen.append((m, f)), sources=fake_mnist(served, base))
    raw = root / "MNIST" / "raw"
    names = sorted(p.name for p in raw.iterdir())
    assert names == sorted([*(s + ".gz" for s in downloads._IDX), *downloads._IDX])
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(0.9)
    assert any("train-images-idx3-ubyte.gz" in m for m, _ in seen)

    import torchvision

    assert len(torchvision.datasets.MNIST(str(root), train=True, download=False)) == N_TRAIN

    final: list[tuple[str, float]] = []
    data = load_dataset("mnist", root=root, progress=lambda m, f: final.append((m, f)))
    assert data.train_x.shape == (N_TRAIN, 1, 28, 28) and data.val_x.shape == (N_TEST, 1, 28, 28)
    assert data.train_y.tolist() == [i % 10 for i in range(N_TRAIN)] and data.val_y.dtype == np.int64
    assert data.train_x[:, 0, 0, 0] == pytest.approx((np.arange(N_TRAIN) / 255 - 0.1307) / 0.3081, abs=1e-5)
    assert data.val_x[3, 0, 14, 14] == pytest.approx((200 / 255 - 0.1307) / 0.3081, abs=1e-5)
    assert data.labels == [str(d) for d in range(10)]
    assert final[-1][1] == 1.0 and "20 training and 10 validation" in final[-1][0]
    assert downloads.is_downloaded("mnist", root)


def test_download_reports_progress_up_to_one(server: tuple[str, Path], tmp_path: Path) -> None:
    base, served = server
    source = random_file(served, 20_000)
    source = Source(source.filename, (f"{base}/blob.bin",), source.md5)
    seen: list[tuple[str, float]] = []
    path = download(source, tmp_path / "in", lambda m, f: seen.append((m, f)), chunk_size=1000)
    assert md5_of(path) == source.md5 and path.stat().st_size == 20_000
    fractions = [f for _, f in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert len(seen) >= 20 and seen[-1][0] == "Downloading blob.bin… 100%"


def test_cancel_mid_download_leaves_no_file(server: tuple[str, Path], tmp_path: Path) -> None:
    base, served = server
    source = random_file(served, 100_000)
    source = Source(source.filename, (f"{base}/blob.bin",), source.md5)
    seen: list[float] = []
    folder = tmp_path / "in"
    with pytest.raises(DatasetCancelled):
        download(source, folder, lambda m, f: seen.append(f), lambda: len(seen) >= 3, chunk_size=1000)
    assert 0 < seen[-1] < 0.1  # stopped after a few chunks
    assert list(folder.iterdir()) == []


def test_checksum_mismatch_is_refused(server: tuple[str, Path], tmp_path: Path) -> None:
    base, served = server
    good = random_file(served, 3000)
    bad = Source(good.filename, (f"{base}/blob.bin",), "0" * 32)
    with pytest.raises(DownloadFailed, match=r"failed its checksum \(MD5 [0-9a-f]{32}, expected 0{32}\)"):
        download(bad, tmp_path / "in")
    assert list((tmp_path / "in").iterdir()) == []
    root = tmp_path / "root"
    with pytest.raises(DatasetUnavailable, match="checksum") as info:
        fetch_set("mnist", "MNIST", root, sources=(bad,))
    assert str(root / "MNIST" / "raw") in str(info.value)


def test_http_404_names_the_folder_and_the_files(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = server
    root = tmp_path / "root"
    missing = tuple(Source(n + ".gz", (f"{base}/nothing/{n}.gz",), None) for n in downloads._IDX)
    with pytest.raises(DatasetUnavailable) as info:
        fetch_set("kmnist", "KMNIST", root, sources=missing)
    text = str(info.value)
    assert "HTTP 404" in text and str(root / "KMNIST" / "raw") in text and "\n" not in text
    assert all(f"{n}.gz" in text for n in downloads._IDX)
    assert not any(p.is_file() for p in root.rglob("*"))


def test_connection_refused_names_the_folder(tmp_path: Path) -> None:
    url = closed_port_url()
    with pytest.raises(DatasetUnavailable) as info:
        fetch_set("cifar10", "CIFAR-10", tmp_path, sources=(Source("cifar-10-python.tar.gz", (url,)),))
    text = str(info.value)
    assert f"cannot reach {url.split('/')[2]}" in text
    assert f"place it in {tmp_path}," in text and "cifar-10-python.tar.gz" in text


def test_truncated_download_fails_and_leaves_nothing(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = server
    with pytest.raises(DownloadFailed, match=r"stopped after 500 of 1,000 bytes|broke off"):
        download(Source("short", (f"{base}/short",)), tmp_path / "in")
    assert list((tmp_path / "in").iterdir()) == []


def test_next_url_is_tried_when_the_first_fails(server: tuple[str, Path], tmp_path: Path) -> None:
    base, served = server
    good = random_file(served, 2000)
    source = Source(good.filename, (closed_port_url(), f"{base}/blob.bin"), good.md5)
    assert md5_of(download(source, tmp_path)) == good.md5


def test_mirror_replaces_the_official_servers(
    server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torchvision.datasets as tv

    official = sources_for("mnist")
    assert [(s.filename, s.md5) for s in official] == [(n, m) for n, m in tv.MNIST.resources]
    assert official[0].urls == tuple(m + "train-images-idx3-ubyte.gz" for m in tv.MNIST.mirrors)
    (cifar,) = sources_for("cifar10")
    assert cifar.urls == (tv.CIFAR10.url,) and cifar.md5 == tv.CIFAR10.tgz_md5
    assert sources_for("kmnist", mirror="http://x/y/")[1].urls == (
        "http://x/y/kmnist/train-labels-idx1-ubyte.gz",
    )

    base, _ = server
    monkeypatch.setenv(MIRROR_ENV, base)
    with pytest.raises(DatasetUnavailable, match=f"HTTP 404 .*for {base}/fashion-mnist/train-images"):
        load_dataset("fashion-mnist", root=tmp_path)


def test_archives_placed_by_hand_are_used_and_damaged_ones_refused(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    base, served = server
    sources = fake_mnist(served, base)
    offline = tuple(Source(s.filename, (closed_port_url(),), s.md5) for s in sources)
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for s in sources:
        (raw / s.filename).write_bytes((served / "mnist" / s.filename).read_bytes())
    (raw / "t10k-labels-idx1-ubyte.gz").write_bytes(b"damaged")
    with pytest.raises(DatasetUnavailable, match=r"t10k-labels-idx1-ubyte\.gz' is damaged"):
        fetch_set("mnist", "MNIST", tmp_path, sources=offline)
    (raw / "t10k-labels-idx1-ubyte.gz").write_bytes(
        (served / "mnist" / "t10k-labels-idx1-ubyte.gz").read_bytes()
    )
    fetch_set("mnist", "MNIST", tmp_path, sources=offline)
    assert downloads.is_downloaded("mnist", tmp_path)


def fake_cifar(served: Path, base: str) -> tuple[Source, dict[str, str]]:
    """A tar.gz of seven tiny pickled batches, and the MD5 of each batch file."""
    rng = np.random.default_rng(0)
    batches: dict[str, bytes] = {}
    for name in downloads._CIFAR[:-1]:
        data = rng.integers(0, 256, (4, 3072), dtype=np.uint8)
        data[:, 0] = 255  # red channel of pixel (0, 0)
        batches[name] = pickle.dumps({"data": data, "labels": [1, 3, 5, 7]})
    batches["batches.meta"] = pickle.dumps({"label_names": ["airplane", "automobile"]})
    archive = served / "cifar10" / "cifar-10-python.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        for name, blob in batches.items():
            member = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            member.size = len(blob)
            tar.addfile(member, io.BytesIO(blob))
    source = Source(archive.name, (f"{base}/cifar10/{archive.name}",), md5_of(archive))
    import hashlib

    return source, {n: hashlib.md5(b).hexdigest() for n, b in batches.items()}


def test_fake_cifar_unpacks_checks_and_loads(
    server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, served = server
    source, md5s = fake_cifar(served, base)
    fetch_set("cifar10", "CIFAR-10", tmp_path, sources=(source,))
    assert sorted(p.name for p in (tmp_path / "cifar-10-batches-py").iterdir()) == sorted(downloads._CIFAR)
    assert not list(tmp_path.glob(".unpack-*")) and downloads.is_downloaded("cifar10", tmp_path)
    with pytest.raises(DatasetUnavailable, match=r"cannot read the files in .*cifar-10-batches-py"):
        load_dataset("cifar10", root=tmp_path)  # torchvision's own checksums refuse the fakes

    import torchvision.datasets as tv

    monkeypatch.setattr(tv.CIFAR10, "train_list", [[n, md5s[n]] for n, _ in tv.CIFAR10.train_list])
    monkeypatch.setattr(tv.CIFAR10, "test_list", [["test_batch", md5s["test_batch"]]])
    monkeypatch.setattr(tv.CIFAR10, "meta", {**tv.CIFAR10.meta, "md5": md5s["batches.meta"]})
    data = load_dataset("cifar10", train_size=12, root=tmp_path)
    assert data.train_x.shape == (12, 3, 32, 32) and data.val_x.shape == (4, 3, 32, 32)
    assert data.val_y.tolist() == [1, 3, 5, 7] and set(data.train_y.tolist()) <= {1, 3, 5, 7}
    assert data.train_x[:, 0, 0, 0] == pytest.approx(np.full(12, (1.0 - 0.4914) / 0.2470), abs=1e-5)


def test_untar_refuses_entries_leaving_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        member = tarfile.TarInfo("../escaped.txt")
        member.size = 2
        tar.addfile(member, io.BytesIO(b"hi"))
    target = tmp_path / "inside"
    target.mkdir()
    with pytest.raises(DatasetUnavailable, match=r"unsafe entry '\.\./escaped\.txt'"):
        untar(archive, target)
    assert not (tmp_path / "escaped.txt").exists() and list(target.iterdir()) == []


def test_to_model_input_hand_computed() -> None:
    images = np.array([0, 51, 255], dtype=np.uint8).reshape(3, 1, 1, 1)
    out = to_model_input(images, InputSpec(1, 1, 1, (0.2,), (0.5,)))
    assert out.dtype == np.float32 and out.ravel() == pytest.approx([-0.4, 0.0, 1.6])


def test_remote_sets_name_the_files_torchvision_reads() -> None:
    import torchvision.datasets as tv

    for key in ("mnist", "fashion-mnist", "kmnist"):
        cls = getattr(tv, REMOTE_SETS[key].class_name)
        expected = [f"{cls.__name__}/raw/{os.path.splitext(n)[0]}" for n, _ in cls.resources]
        assert list(REMOTE_SETS[key].files) == expected
    cifar = [f"{tv.CIFAR10.base_folder}/{n}" for n, _ in tv.CIFAR10.train_list + tv.CIFAR10.test_list]
    assert list(REMOTE_SETS["cifar10"].files) == [
        *cifar,
        f"{tv.CIFAR10.base_folder}/{tv.CIFAR10.meta['filename']}",
    ]
