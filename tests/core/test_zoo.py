"""torchvision zoo: input spec and preprocessing against torchvision's own transforms, labels,
pretrained weights from a real local HTTP server (hash check, 404, truncation, cancel), and the
structures the pretrained files are made for."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image
from torch import nn

from cnnviz.cli import main
from cnnviz.core.datasets import DatasetCancelled
from cnnviz.core.downloads import DownloadFailed
from cnnviz.core.preprocess import prepare_input
from cnnviz.core.sources import ModelLoadError, load_model
from cnnviz.core.transfer import PretrainedUnavailable, ZooError
from cnnviz.core.zoo import (
    CLASSICS,
    drop_aux_heads,
    is_cached,
    load_zoo,
    parse_zoo_source,
    pretrained_module,
    structure_options,
    weights_file,
    zoo_names,
    zoo_spec,
)
from cnnviz.core.zoo_weights import (
    WEIGHTS_MIRROR_ENV,
    WeightsFile,
    cache_folder,
    fetch_weights,
    read_state_dict,
)

SMALL = "mobilenet_v3_small"


class Handler(SimpleHTTPRequestHandler):
    """Serves the folder; under /short/ it announces the whole file and sends half of it."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/short/"):
            data = (Path(self.directory) / self.path.removeprefix("/short/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """(base URL, served folder) of a local HTTP server; torch.hub's cache under tmp_path."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    served = tmp_path / "www"
    served.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def torch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty torch.hub cache."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.delenv(WEIGHTS_MIRROR_ENV, raising=False)
    return tmp_path / "torch" / "hub" / "checkpoints"


@pytest.fixture(scope="module")
def small_state() -> tuple[dict[str, torch.Tensor], bytes]:
    """A real state_dict of mobilenet_v3_small (random weights) and its bytes as torch.save writes them."""
    torch.manual_seed(0)
    state = torchvision.models.mobilenet_v3_small().state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return state, buffer.getvalue()


def closed_port_base() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def photo(height: int, width: int) -> np.ndarray:
    """An 8-bit RGB test picture with stripes, a ramp and noise."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:height, 0:width]
    planes = [
        (np.sin(xx / 7) + np.cos(yy / 11)) * 60 + 128,
        xx * 255 / width,
        rng.integers(0, 256, (height, width)),
    ]
    return np.stack(planes, axis=-1).clip(0, 255).astype(np.uint8)


def assert_same_tensors(ours: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> None:
    assert ours.keys() == expected.keys()
    for key, tensor in expected.items():
        assert torch.equal(ours[key], tensor), key


# -- input spec and preprocessing ------------------------------------------------------------


def test_spec_comes_from_the_weights_transforms() -> None:
    resnet50 = zoo_spec("resnet50")  # IMAGENET1K_V2: resized to 232, not 256
    assert (resnet50.shape, resnet50.resize_size, resnet50.interpolation) == ((3, 224, 224), 232, "bilinear")
    assert resnet50.mean == (0.485, 0.456, 0.406) and resnet50.std == (0.229, 0.224, 0.225)
    assert resnet50.preprocess == "center_crop"
    assert (zoo_spec("efficientnet_b0").resize_size, zoo_spec("efficientnet_b0").interpolation) == (
        256,
        "bicubic",
    )
    assert (zoo_spec("inception_v3").shape, zoo_spec("inception_v3").resize_size) == ((3, 299, 299), 342)


@pytest.mark.parametrize("name", ["resnet18", "efficientnet_b0", "inception_v3"])
@pytest.mark.parametrize("size", [(300, 410), (410, 300), (225, 225)])
def test_preprocessing_equals_the_weights_own_transforms(name: str, size: tuple[int, int]) -> None:
    """Same pixels as ``weights.transforms()`` on a PIL image: atol 1e-6 (float32 rounding of the
    normalisation; one 8-bit grey level would be 1/255/0.225 ≈ 0.017)."""
    picture = photo(*size)
    expected = torchvision.models.get_model_weights(name).DEFAULT.transforms()(Image.fromarray(picture))
    ours = prepare_input(picture.astype(np.float32) / 255, zoo_spec(name))
    assert ours.shape == tuple(expected.shape) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, expected.numpy(), rtol=0, atol=1e-6)


def test_gray_images_are_fed_as_three_equal_channels() -> None:
    gray = photo(200, 260)[..., 0]
    expected = torchvision.models.ResNet18_Weights.DEFAULT.transforms()(Image.fromarray(gray).convert("RGB"))
    ours = prepare_input(gray.astype(np.float32) / 255, zoo_spec("resnet18"))
    np.testing.assert_allclose(ours, expected.numpy(), rtol=0, atol=1e-6)


# -- random weights -------------------------------------------------------------------------


def test_random_weights_have_imagenet_labels_and_say_so() -> None:
    bundle = load_zoo(SMALL)
    assert not bundle.module.training and not bundle.trained
    assert len(bundle.labels) == 1000 and bundle.labels[0] == "tench" and bundle.labels[-1] == "toilet tissue"
    assert bundle.description == f"{SMALL} (random weights, 2,542,856 parameters)"
    assert bundle.source == f"zoo:{SMALL}" and bundle.arch == SMALL and bundle.spec == zoo_spec(SMALL)
    assert bundle.extra["arch_spec"] == {
        "kind": "zoo",
        "name": SMALL,
        "num_classes": 1000,
        "in_channels": None,
    }


def test_googlenet_has_the_pretrained_structure_without_auxiliary_heads() -> None:
    model = load_zoo("googlenet").module
    assert model.transform_input and not model.aux_logits and model.aux1 is None and model.aux2 is None
    assert sum(p.numel() for p in model.parameters()) == 6_624_904  # torchvision's meta["num_params"]
    with torch.no_grad():
        assert isinstance(model(torch.zeros(1, 3, 64, 64)), torch.Tensor)


def test_unknown_names_and_source_strings() -> None:
    with pytest.raises(ZooError, match="unknown torchvision model 'resnet19'"):
        load_zoo("resnet19")
    with pytest.raises(ModelLoadError, match="unknown torchvision model 'resnet19'"):
        load_model("zoo:resnet19")
    assert parse_zoo_source("zoo:resnet18") == ("resnet18", False)
    assert parse_zoo_source("zoo:resnet18:pretrained") == ("resnet18", True)
    assert load_model(f"zoo:{SMALL}").source == f"zoo:{SMALL}"
    assert set(CLASSICS) <= set(zoo_names())


QUICK_STRUCTURES = {*CLASSICS, "inception_v3", "densenet121", "squeezenet1_0", "convnext_tiny", "vit_b_16"}


@pytest.mark.parametrize(
    "name",
    [n if n in QUICK_STRUCTURES else pytest.param(n, marks=pytest.mark.slow) for n in zoo_names()],
)
def test_pretrained_structure_has_the_documented_parameter_count(name: str) -> None:
    """Built on the meta device (no memory, no initialisation): the architecture each weights file fits.

    torchvision counts Inception v3's auxiliary head in ``num_params`` and GoogLeNet's not.
    """
    weights = torchvision.models.get_model_weights(name).DEFAULT
    options = structure_options(name, True)
    try:
        with torch.device("meta"):
            model = torchvision.models.get_model(name, weights=None, **options)
    except NotImplementedError:  # RegNet's builder reads tensor values: it needs real data
        model = torchvision.models.get_model(name, weights=None, **options)
    with_aux = sum(p.numel() for p in model.parameters())
    drop_aux_heads(name, model)
    assert weights.meta["num_params"] in (with_aux, sum(p.numel() for p in model.parameters()))


# -- pretrained weights --------------------------------------------------------------------


def test_weights_file_names_are_torchvisions(monkeypatch: pytest.MonkeyPatch, torch_home: Path) -> None:
    source = weights_file("resnet18")
    assert source == WeightsFile(
        "resnet18-f37072fd.pth", "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    )
    assert source.hash_prefix == "f37072fd" and cache_folder() == torch_home
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, "http://mirror.example/w/")
    assert weights_file("resnet18").url == "http://mirror.example/w/resnet18-f37072fd.pth"


def test_download_checks_the_hash_and_torchvision_finds_the_file(
    server: tuple[str, Path], small_state: tuple[dict[str, torch.Tensor], bytes], torch_home: Path
) -> None:
    base, served = server
    state, data = small_state
    name = f"{SMALL}-{hashlib.sha256(data).hexdigest()[:8]}.pth"
    (served / name).write_bytes(data)
    seen: list[tuple[str, float]] = []
    path = fetch_weights(
        WeightsFile(name, f"{base}/{name}"), cache_folder(), lambda m, f: seen.append((m, f))
    )
    assert path == torch_home / name and path.read_bytes() == data
    fractions = [f for _, f in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert seen[-1][0] == f"Downloading {name}: {len(data) / 1e6:.1f} of {len(data) / 1e6:.1f} MB"
    loaded = pretrained_module(SMALL, read_state_dict(path))
    assert_same_tensors(loaded.state_dict(), state)
    assert all(p.requires_grad and not p.is_meta for p in loaded.parameters())
    # torch.hub (and so torchvision) takes the cached file: the URL's port is closed.
    found = torch.hub.load_state_dict_from_url(
        f"{closed_port_base()}/{name}", check_hash=True, weights_only=True
    )
    assert_same_tensors(found, state)


def test_cached_weights_load_without_network_and_torchvision_reads_them_too(
    small_state: tuple[dict[str, torch.Tensor], bytes], torch_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, data = small_state
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, closed_port_base())
    torch_home.mkdir(parents=True)
    (torch_home / weights_file(SMALL).filename).write_bytes(data)
    assert is_cached(SMALL)
    bundle = load_zoo(SMALL, pretrained=True)
    assert bundle.trained and bundle.source == f"zoo:{SMALL}:pretrained" and not bundle.module.training
    assert bundle.extra["weights_file"] == str(torch_home / "mobilenet_v3_small-047dcff4.pth")
    assert bundle.extra["weights"] == "MobileNet_V3_Small_Weights.IMAGENET1K_V1"
    assert_same_tensors(bundle.module.state_dict(), state)
    theirs = torchvision.models.mobilenet_v3_small(weights="DEFAULT")
    assert_same_tensors(theirs.state_dict(), state)


def test_a_file_that_fails_its_hash_is_discarded(
    server: tuple[str, Path],
    small_state: tuple[dict[str, torch.Tensor], bytes],
    torch_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, served = server
    (served / weights_file(SMALL).filename).write_bytes(small_state[1])  # not the real file: hash differs
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, base)
    with pytest.raises(
        PretrainedUnavailable, match=r"failed its check \(SHA-256 [0-9a-f]{16}…, expected 047dcff4…\)"
    ):
        load_zoo(SMALL, pretrained=True)
    assert list(torch_home.iterdir()) == []


def test_a_truncated_file_is_refused(
    server: tuple[str, Path], small_state: tuple[dict[str, torch.Tensor], bytes], torch_home: Path
) -> None:
    base, served = server
    data = small_state[1]
    name = f"{SMALL}-{hashlib.sha256(data).hexdigest()[:8]}.pth"
    (served / name).write_bytes(data)
    with pytest.raises(DownloadFailed, match=f"stopped after {len(data) // 2:,} of {len(data):,} bytes"):
        fetch_weights(WeightsFile(name, f"{base}/short/{name}"), torch_home)
    (served / name).write_bytes(data[: len(data) // 2])  # the server itself has half a file
    with pytest.raises(DownloadFailed, match="failed its check"):
        fetch_weights(WeightsFile(name, f"{base}/{name}"), torch_home)
    assert list(torch_home.iterdir()) == []


def test_http_404_and_offline_name_the_cache_folder_and_offer_random_weights(
    server: tuple[str, Path], torch_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = server
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, base)
    with pytest.raises(PretrainedUnavailable) as info:
        load_zoo("resnet18", pretrained=True)
    text = str(info.value)
    assert "HTTP 404" in text and str(torch_home) in text and "Random weights work without them" in text
    assert f"resnet18-f37072fd.pth from {base}/resnet18-f37072fd.pth" in text and "\n" not in text
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, closed_port_base())
    with pytest.raises(PretrainedUnavailable, match=r"cannot reach 127\.0\.0\.1"):
        load_zoo("resnet18", pretrained=True)
    assert not any(torch_home.iterdir())
    assert load_zoo("resnet18").trained is False  # random weights still work


def test_cancel_mid_download_leaves_no_partial_file(
    server: tuple[str, Path],
    small_state: tuple[dict[str, torch.Tensor], bytes],
    torch_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, served = server
    (served / weights_file(SMALL).filename).write_bytes(small_state[1])
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, base)
    seen: list[float] = []
    with pytest.raises(DatasetCancelled):
        load_zoo(SMALL, True, lambda _m, f: seen.append(f), lambda: len(seen) >= 3)
    assert 0 < seen[-1] < 0.5
    assert list(torch_home.iterdir()) == []  # not even a hidden .part file


def test_unreadable_or_code_carrying_cache_files_are_refused(torch_home: Path) -> None:
    torch_home.mkdir(parents=True)
    target = torch_home / weights_file(SMALL).filename
    target.write_bytes(b"not a checkpoint")
    with pytest.raises(PretrainedUnavailable, match=r"is not readable .*delete it to download it again"):
        load_zoo(SMALL, pretrained=True)
    torch.save({"weights": torch.ones(1), "hook": Handler}, target)  # a class: needs full unpickling
    with pytest.raises(PretrainedUnavailable, match="is not readable"):
        load_zoo(SMALL, pretrained=True)


def test_googlenet_weights_with_auxiliary_heads_load_into_the_plain_model() -> None:
    torch.manual_seed(1)
    original = torchvision.models.googlenet(aux_logits=True, transform_input=True, init_weights=False).eval()
    state = original.state_dict()
    assert any(key.startswith("aux1.") for key in state)  # as in torchvision's file
    model = pretrained_module("googlenet", state).eval()
    assert model.aux1 is None and model.transform_input
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(model(x), original(x))


def test_densenet_legacy_parameter_names_are_renamed() -> None:
    torch.manual_seed(2)
    state = torchvision.models.densenet121().state_dict()
    legacy = {k.replace(".norm1.", ".norm.1.").replace(".conv2.", ".conv.2."): v for k, v in state.items()}
    assert "features.denseblock1.denselayer1.norm.1.weight" in legacy
    model: nn.Module = pretrained_module("densenet121", legacy)
    assert_same_tensors(model.state_dict(), state)


# -- command line ---------------------------------------------------------------------------


def test_cli_summary_of_a_zoo_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "zoo:resnet18", "--json", "--device", "cpu"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_params"] == 11_689_512 and data["trained"] is False
    assert data["input_shape"] == [3, 224, 224] and len(data["labels"]) == 1000
    assert sum(layer["params"] for layer in data["layers"]) == 11_689_512
    assert data["layers"][-1] == {
        "name": "fc",
        "type_name": "Linear",
        "output_shape": [1000],
        "params": 513_000,
        "trainable": 513_000,
    }
    assert main(["summary", "zoo:resnet19"]) == 2
    assert "cnnviz: error: unknown torchvision model 'resnet19'" in capsys.readouterr().err
