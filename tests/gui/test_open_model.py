"""File ▸ Open model: the list, pretrained downloads (progress, cancel, offline), files that ask
(trust, architecture), what works for a model, functional operations, and freeing the old model."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import pathlib
import socket
import sys
import threading
import types
import weakref
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import torch
import torchvision
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from torch import nn

from cnnviz.core.architectures import build_from_spec, builder_spec
from cnnviz.core.builtins import build_builtin
from cnnviz.core.lean_imports import ALLOW_ENV, BLOCKED
from cnnviz.core.spec import ModelBundle
from cnnviz.core.zoo_weights import WEIGHTS_MIRROR_ENV
from cnnviz.gui.load_dialogs import ArchitectureDialog, QuestionBox
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.open_model_dialog import OpenModelDialog
from tests.gui.conftest import LOAD_TIMEOUT_MS, draw_digit, open_window, wait_for_latest

SMALL = "mobilenet_v3_small"
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def private_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty torch.hub cache per test, no weights mirror, no proxies; returns the weights folder."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("CNNVIZ_CACHE_DIR", str(tmp_path / "cnnviz-cache"))
    monkeypatch.delenv(WEIGHTS_MIRROR_ENV, raising=False)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "torch" / "hub" / "checkpoints"


class GatedHandler(SimpleHTTPRequestHandler):
    """Sends the first half of a file, then waits for the test to open the server's gate."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.directory) / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.server.gate.wait(timeout=60)  # type: ignore[attr-defined]
            self.wfile.write(data[len(data) // 2 :])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled


@pytest.fixture
def gated_server(tmp_path: Path) -> Iterator[tuple[str, Path, threading.Event]]:
    """(base URL, served folder, gate) of a local HTTP server that stops halfway until the gate opens."""
    served = tmp_path / "www"
    served.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(GatedHandler, directory=str(served)))
    httpd.gate = threading.Event()  # type: ignore[attr-defined]
    httpd.handle_error = lambda *_args: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served, httpd.gate  # type: ignore[attr-defined]
    finally:
        httpd.gate.set()  # type: ignore[attr-defined]
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port_base() -> str:
    """A local address nothing listens on: the network is 'down'."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def publish_small_weights(served: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, torch.Tensor]:
    """Serve a mobilenet_v3_small state_dict under a torchvision-style name whose hash prefix is its own,
    and point torchvision's weights entry at that name (the mirror then serves it)."""
    torch.manual_seed(3)
    state = torchvision.models.mobilenet_v3_small().state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    data = buffer.getvalue()
    name = f"{SMALL}-{hashlib.sha256(data).hexdigest()[:8]}.pth"
    (served / name).write_bytes(data)
    weights = torchvision.models.get_model_weights(SMALL).DEFAULT
    monkeypatch.setattr(weights.value, "url", f"https://download.pytorch.org/models/{name}")
    return state


def bundle_of(window: MainWindow) -> ModelBundle:
    """The window's current model (there always is one in these tests)."""
    assert window.session.bundle is not None
    return window.session.bundle


def loaders_idle(window: MainWindow) -> bool:
    return not any(loader.isRunning() for loader in window.session._loaders)


def catalogue_dialog(qtbot: QtBot, window: MainWindow) -> OpenModelDialog:
    """File ▸ Open model… with its list read."""
    window.actions_["open_model_dialog"].trigger()
    dialog = window.model_opener.dialog
    assert isinstance(dialog, OpenModelDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: "zoo:resnet18" in dialog.entries, timeout=LOAD_TIMEOUT_MS)
    return dialog


def question(qtbot: QtBot, window: MainWindow) -> Any:
    """The dialog a failed load opened."""
    qtbot.waitUntil(lambda: window.model_opener.dialog is not None, timeout=LOAD_TIMEOUT_MS)
    return window.model_opener.dialog


def test_the_dialog_offers_the_classics_and_opens_resnet18_with_random_weights(
    qtbot: QtBot, settings: QSettings
) -> None:
    window = open_window(qtbot, settings)
    assert window.actions_["open_model_dialog"].shortcut().toString() == "Ctrl+M"
    dialog = catalogue_dialog(qtbot, window)
    sources = dialog.visible_sources()
    assert sources[:2] == ["lenet5", "tinyvgg"]
    classics = ["alexnet", "vgg11", "vgg11_bn", "vgg16", "vgg16_bn", "googlenet", "resnet18", "resnet50"]
    assert sources[2:10] == [f"zoo:{n}" for n in classics]
    assert {"zoo:mobilenet_v3_small", "zoo:efficientnet_b0", "zoo:convnext_tiny", "zoo:vit_b_16"} <= set(
        sources
    )
    alexnet = dialog.entries["zoo:alexnet"]
    assert (alexnet.year, alexnet.params, round(alexnet.top1 or 0, 3)) == (2012, 61_100_840, 56.522)
    dialog.search.setText("ResNet-18")  # separators and case do not matter
    assert dialog.visible_sources() == ["zoo:resnet18"]
    selected = dialog.selected_entry()
    assert selected is not None and selected.title == "ResNet-18"
    assert "ImageNet top-1 69.8 %" in dialog.details.text()
    assert dialog.pretrained.isEnabled() and "44.7 MB download" in dialog.pretrained.text()
    dialog.pretrained.setChecked(False)
    assert "predictions mean nothing" in dialog.details.text()
    assert dialog.chosen_source() == "zoo:resnet18" and dialog.open_button.isDefault()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # Enter in the search opens the highlighted model
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: bundle_of(window).arch == "resnet18", timeout=LOAD_TIMEOUT_MS)
    bundle = bundle_of(window)
    assert not bundle.trained and bundle.spec.shape == (3, 224, 224) and len(bundle.labels) == 1000
    names = window.architecture_panel.layer_names()
    assert {"conv1", "layer1.0.conv1", "layer4.1.bn2", "fc"} <= set(names)
    footer = window.architecture_panel.footer
    assert footer.works.text().startswith("✓ All 12 panels and methods work")
    assert window.settings.value("model/last") == "zoo:resnet18"
    dialog = catalogue_dialog(qtbot, window)  # the built-ins can be picked too, without weights to choose
    assert dialog.select_source("lenet5") and not dialog.pretrained.isEnabled()
    assert dialog.chosen_source() == "lenet5"
    dialog.reject()


def test_pretrained_weights_download_with_progress_then_the_model_shows(
    qtbot: QtBot, settings: QSettings, gated_server: tuple[str, Path, threading.Event],
    private_caches: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    base, served, gate = gated_server
    state = publish_small_weights(served, monkeypatch)
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, base)
    window = open_window(qtbot, settings)
    progress: list[float] = []
    window.session.load_progress.connect(lambda _message, fraction: progress.append(fraction))
    dialog = catalogue_dialog(qtbot, window)
    assert dialog.select_source(f"zoo:{SMALL}") and dialog.pretrained.isChecked()
    assert "download, once" in dialog.pretrained.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    status = window.status
    qtbot.waitUntil(  # the label and the bar follow the first chunk in separate updates
        lambda: "Downloading" in status.model_label.text() and 0 < status.busy.value() < 1000,
        timeout=LOAD_TIMEOUT_MS,
    )
    assert f"{SMALL}-" in status.model_label.text() and " of " in status.model_label.text()
    assert status.busy.isVisible() and status.busy.maximum() == 1000
    assert status.cancel.isVisible()
    assert bundle_of(window).arch == "lenet5"  # still the old model while the weights arrive
    gate.set()
    qtbot.waitUntil(lambda: bundle_of(window).arch == SMALL, timeout=LOAD_TIMEOUT_MS)
    bundle = bundle_of(window)
    assert bundle.trained and bundle.source == f"zoo:{SMALL}:pretrained"
    torch.testing.assert_close(
        bundle.module.state_dict()["features.0.0.weight"], state["features.0.0.weight"]
    )
    assert progress[-1] == 1.0 and progress == sorted(progress) and any(0 < f < 1 for f in progress)
    assert not status.busy.isVisible() and not status.cancel.isVisible()
    assert [p.name for p in private_caches.iterdir()] == [Path(bundle.extra["weights_file"]).name]
    again = catalogue_dialog(qtbot, window)  # now marked as cached
    assert again.select_source(f"zoo:{SMALL}") and again.pretrained.text().endswith("(cached)")
    again.reject()


def test_cancel_mid_download_keeps_the_previous_model(
    qtbot: QtBot, settings: QSettings, gated_server: tuple[str, Path, threading.Event],
    private_caches: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    base, served, gate = gated_server
    publish_small_weights(served, monkeypatch)
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, base)
    window = open_window(qtbot, settings)
    before = window.session.bundle
    window.model_opener.open(f"zoo:{SMALL}:pretrained")
    status = window.status
    qtbot.waitUntil(lambda: "Downloading" in status.model_label.text(), timeout=LOAD_TIMEOUT_MS)
    qtbot.mouseClick(status.cancel, Qt.MouseButton.LeftButton)
    assert window.session.bundle is before
    assert status.model_label.text().startswith(
        f"Cancelled loading zoo:{SMALL}:pretrained; still showing LeNet-5"
    )
    assert not status.busy.isVisible() and not status.cancel.isVisible()
    gate.set()  # the download goes on, sees the cancel at its next block and stops
    qtbot.waitUntil(lambda: loaders_idle(window), timeout=LOAD_TIMEOUT_MS)
    assert window.session.bundle is before and window.model_opener.dialog is None
    assert not private_caches.exists() or list(private_caches.iterdir()) == []  # no partial file
    draw_digit(window.input_panel.canvas, 3)  # the old model still answers
    wait_for_latest(qtbot, window)
    assert window.session.result is not None and len(window.session.result.probabilities) == 10


def test_offline_offers_random_weights(
    qtbot: QtBot, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WEIGHTS_MIRROR_ENV, closed_port_base())
    window = open_window(qtbot, settings)
    window.model_opener.open("zoo:resnet18:pretrained")
    box = question(qtbot, window)
    assert isinstance(box, QuestionBox) and box.random_button is not None
    assert "could not be downloaded" in box.text() and "cannot reach 127.0.0.1" in box.informativeText()
    assert bundle_of(window).arch == "lenet5"  # the previous model stays meanwhile
    qtbot.mouseClick(box.random_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundle_of(window).arch == "resnet18", timeout=LOAD_TIMEOUT_MS)
    assert not bundle_of(window).trained and bundle_of(window).source == "zoo:resnet18"


def touch_marker(path: str) -> None:
    """What a malicious file runs while being unpickled."""
    pathlib.Path(path).touch()


class Payload:
    """Unpickling this calls touch_marker: code from the file runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return touch_marker, (str(self.marker),)


def test_a_pickled_model_opens_only_after_i_trust_this_file(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    marker, path = tmp_path / "code_ran", tmp_path / "pickled.pt"
    torch.save({"model": build_builtin("tinyvgg", seed=4).eval(), "side_effect": Payload(marker)}, path)
    window = open_window(qtbot, settings)
    before = window.session.bundle
    window.model_opener.open(str(path))
    box = question(qtbot, window)
    assert isinstance(box, QuestionBox) and box.trust_button is not None
    assert box.windowTitle() == "Run code from this file?" and "runs Python code" in box.text()
    assert box.defaultButton() is not box.trust_button and box.escapeButton() is box.defaultButton()
    qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)  # Cancel
    qtbot.waitUntil(lambda: window.model_opener.dialog is None)
    assert window.session.bundle is before and not marker.exists()
    window.model_opener.open(str(path))
    box = question(qtbot, window)
    qtbot.mouseClick(box.trust_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundle_of(window).source == str(path), timeout=LOAD_TIMEOUT_MS)
    assert marker.exists() and bundle_of(window).arch == "tinyvgg"
    assert window.model_opener.dialog is None


class TritonNet(nn.Module):
    """A model whose class lives in a module under ``triton`` (as custom Triton kernels would)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x).flatten(1)


def test_a_model_whose_code_needs_triton_says_how_to_start(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernels = types.ModuleType("triton.cnnviz_test_kernels")
    kernels.TritonNet = TritonNet  # type: ignore[attr-defined]
    monkeypatch.setattr(TritonNet, "__module__", kernels.__name__)
    monkeypatch.setitem(sys.modules, kernels.__name__, kernels)
    path = tmp_path / "triton_model.pt"
    torch.save(TritonNet(), path)
    monkeypatch.delitem(sys.modules, kernels.__name__)
    monkeypatch.setitem(sys.modules, BLOCKED, None)  # as in the app's own process
    window = open_window(qtbot, settings)
    before = window.session.bundle
    window.model_opener.open(str(path))
    qtbot.mouseClick(question(qtbot, window).trust_button, Qt.MouseButton.LeftButton)
    label = window.status.model_label
    qtbot.waitUntil(lambda: "Could not load the model" in label.text(), timeout=LOAD_TIMEOUT_MS)
    assert f"{ALLOW_ENV}=1" in label.text() and window.session.bundle is before


def small_design(pool: str) -> dict[str, Any]:
    """A builder design; max or avg pooling gives the same parameters and another network."""
    block = {"convs": [{"filters": 4, "kernel": 3, "padding": 1}], "pool": pool, "pool_size": 2}
    return {"input": [1, 8, 8], "blocks": [block], "fc": [5], "num_classes": 3}


def test_state_dicts_that_fit_no_or_several_architectures_ask(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    odd = build_builtin("lenet5").state_dict()
    odd["conv1.weight"] = torch.zeros(6, 3, 5, 5)
    del odd["fc2.bias"]
    torch.save(odd, tmp_path / "odd.pt")
    window = open_window(qtbot, settings)
    window.model_opener.open(str(tmp_path / "odd.pt"))
    box = question(qtbot, window)
    assert isinstance(box, QuestionBox) and box.windowTitle() == "No architecture fits these weights"
    assert "closest: LeNet-5" in box.informativeText()
    report = box.detailedText()
    assert "missing in the file: fc2.bias" in report and "conv1.weight: file [6, 3, 5, 5]" in report
    box.reject()
    assert bundle_of(window).arch == "lenet5"
    specs = [builder_spec(small_design(pool)) for pool in ("max", "avg")]  # same weights, two networks
    source = build_from_spec(specs[1], seed=2).eval()
    torch.save(source.state_dict(), tmp_path / "mine.pt")
    (tmp_path / "mine.json").write_text(json.dumps(small_design("max")))
    (tmp_path / "mine.pt.json").write_text(json.dumps(specs[1]))
    window.model_opener.open(str(tmp_path / "mine.pt"))
    chooser = question(qtbot, window)
    assert isinstance(chooser, ArchitectureDialog) and chooser.list.count() == 2
    chooser.list.setCurrentRow(1)
    chooser.accept()
    qtbot.waitUntil(lambda: bundle_of(window).source == str(tmp_path / "mine.pt"), timeout=LOAD_TIMEOUT_MS)
    assert bundle_of(window).extra["arch_spec"] == specs[1]
    x = torch.rand(1, 1, 8, 8)
    torch.testing.assert_close(bundle_of(window).module(x), source(x))


class TwoChannelNet(nn.Module):
    """No known architecture: 2 input channels, 7 classes, 32×32."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3)
        self.fc = nn.Linear(4 * 15 * 15, 7)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(nn.functional.max_pool2d(torch.relu(self.conv(x)), 2).flatten(1))


def test_what_works_is_said_and_panels_that_cannot_work_say_why(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    window = open_window(qtbot, settings)
    info = window.model_opener.show_info()
    assert all(mark == "✓" for mark, _name, _why in info.rows()) and len(info.rows()) == 12
    assert "Format: built-in model" in info.header.text()
    info.close()
    path = tmp_path / "odd.ts"
    torch.jit.save(torch.jit.trace(TwoChannelNet().eval(), torch.rand(1, 2, 32, 32)), path)
    window.model_opener.open(str(path))
    qtbot.waitUntil(lambda: bundle_of(window).source == str(path), timeout=LOAD_TIMEOUT_MS)
    shown = window.model_opener.info  # the input was guessed: Model info opened by itself
    assert shown is not None and shown.isVisible()
    info = shown
    assert "Format: TorchScript file" in info.header.text() and "2×32×32" in info.header.text()
    assert info.input_editor.title().startswith("Input: guessed")
    rows = {name: (mark, why) for mark, name, why in info.rows()}
    assert rows["Prediction"] == ("✓", "") and rows["Occlusion"][0] == "✓"
    assert rows["Activations"] == (
        "✗",
        "per-layer outputs cannot be read (TorchScript modules refuse layer hooks)",
    )
    assert rows["Filters"][0] == "✗" and rows["Training"][0] == "✗"
    assert window.activations_panel.message.text().startswith("No activations for this model: per-layer")
    qtbot.waitUntil(lambda: window.filters_panel.message.text().startswith("No filters for this model"))
    works = window.architecture_panel.footer.works
    assert (
        works.text().startswith("✗ Not available for this model: Activations")
        and "Filters:" in works.toolTip()
    )
    info.input_editor.height_box.setValue(40)  # the model only takes 32×32: refused, with the reason
    info.input_editor.apply()
    assert info.input_editor.problem.text().startswith("Not applied:")
    assert bundle_of(window).spec.height == 32


def test_functional_operations_can_be_shown_as_layers(qtbot: QtBot, settings: QSettings) -> None:
    window = open_window(qtbot, settings, model="zoo:resnet18")
    panel, session = window.architecture_panel, window.session
    assert "layer1.0.add" not in panel.layer_names()
    panel.footer.functional.setChecked(True)
    qtbot.waitUntil(lambda: "layer1.0.add" in panel.layer_names(), timeout=LOAD_TIMEOUT_MS)
    row = panel.layer_names().index("layer1.0.add")
    cells = [panel.table.item(row, column) for column in (1, 3)]
    assert [cell.text() if cell is not None else "" for cell in cells] == ["add()", "0"]
    panel.table.selectRow(row)
    assert session.layer == "layer1.0.add"
    qtbot.waitUntil(
        lambda: window.activations_panel.title.text().startswith("layer1.0.add: 64 maps, 56×56"),
        timeout=LOAD_TIMEOUT_MS,
    )
    assert not panel.footer.note.isVisible()  # resnet18 traces: nothing to say
    panel.footer.functional.setChecked(False)
    qtbot.waitUntil(lambda: "layer1.0.add" not in panel.layer_names(), timeout=LOAD_TIMEOUT_MS)
    assert session.layer == "conv1"  # the functional row is gone: back to the first layer with maps


def open_and_wait(qtbot: QtBot, window: MainWindow, source: str, arch: str) -> None:
    window.model_opener.open(source)
    qtbot.waitUntil(lambda: bundle_of(window).arch == arch and loaders_idle(window), timeout=120_000)
    wait_for_latest(qtbot, window)


def assert_switching_frees(qtbot: QtBot, settings: QSettings, name: str) -> None:
    window = open_window(qtbot, settings)
    draw_digit(window.input_panel.canvas, 3)  # every model gets a real input, and answers it
    window.architecture_panel.footer.functional.setChecked(True)  # fx-traced views must not keep it either
    open_and_wait(qtbot, window, f"zoo:{name}", name)
    old = weakref.ref(bundle_of(window).module)
    assert old() is not None
    open_and_wait(qtbot, window, "lenet5", "lenet5")
    window.session.request()  # the worker lets go of its last job only when the next one comes
    wait_for_latest(qtbot, window)
    gc.collect()
    assert old() is None


def test_switching_models_frees_the_previous_one(qtbot: QtBot, settings: QSettings) -> None:
    assert_switching_frees(qtbot, settings, "resnet18")


@pytest.mark.slow
def test_switching_from_vgg16_to_lenet_frees_vgg16(qtbot: QtBot, settings: QSettings) -> None:
    assert_switching_frees(qtbot, settings, "vgg16")
