"""No loader runs code from a file the user did not trust.

Each test writes a file whose unpickling would create a marker file, feeds it
to one entry point, and checks the marker never appears (and, where a trust
switch exists, that trusting the file does run it: the payload is live). The
model-file formats covered in ``tests/core/test_model_files.py`` (torch.save,
raw pickle, nested, cnnviz checkpoint, TorchScript, torch.export) are not
repeated here.
"""

from __future__ import annotations

import pathlib
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnviz.core.checkpoint import load_checkpoint, save_checkpoint
from cnnviz.core.datasets import FOLDER_PREFIX, DatasetUnavailable, load_dataset
from cnnviz.core.imageio import ImageLoadError, load_image
from cnnviz.core.sources import ModelLoadError, NeedsTrust, load_builtin, load_model
from cnnviz.core.zoo_weights import read_state_dict
from tests.fuzz.image_seeds import encoded
from tests.fuzz.test_fuzz_datasets import IDX_SEEDS

pytestmark = pytest.mark.filterwarnings("ignore")


def touch_marker(path: str) -> None:
    """What a malicious file would run while being unpickled."""
    pathlib.Path(path).touch()


class Payload:
    """Unpickling this calls touch_marker(marker)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return touch_marker, (str(self.marker),)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """The marker path; the payload is shown to be live first."""
    pickle.loads(pickle.dumps(Payload(tmp_path / "control")))
    assert (tmp_path / "control").exists()
    return tmp_path / "was_run"


def test_legacy_torch_save_runs_nothing_without_trust(tmp_path: Path, marker: Path) -> None:
    path = tmp_path / "old.pt"
    torch.save({"model": Payload(marker)}, path, _use_new_zipfile_serialization=False)
    with pytest.raises(NeedsTrust):
        load_model(path)
    with pytest.raises(ModelLoadError):
        load_checkpoint(path)
    assert not marker.exists()
    with pytest.raises(ModelLoadError):  # trusted, it runs (and then holds no model)
        load_model(path, trust=True)
    assert marker.exists()


def test_a_pickle_named_safetensors_runs_nothing(tmp_path: Path, marker: Path) -> None:
    """torch.load picks its reader by the name; cnnviz reads by content, weights only."""
    path = tmp_path / "weights.safetensors"
    torch.save(Payload(marker), path)
    with pytest.raises(NeedsTrust):
        load_model(path)
    assert not marker.exists()


def test_shipped_weights_replaced_by_a_payload_run_nothing(
    tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "weights").mkdir()
    torch.save({"conv1.weight": Payload(marker)}, tmp_path / "weights" / "lenet5.pt")
    monkeypatch.setenv("CNNVIZ_RESOURCES", str(tmp_path))
    with pytest.raises(ModelLoadError):
        load_builtin("lenet5")
    assert not marker.exists()


def test_cached_pretrained_weights_with_a_payload_run_nothing(tmp_path: Path, marker: Path) -> None:
    path = tmp_path / "resnet18-f37072fd.pth"
    torch.save({"fc.weight": Payload(marker)}, path)
    with pytest.raises(ValueError, match="delete it to download it again"):
        read_state_dict(path)
    assert not marker.exists()


def test_a_checkpoint_with_a_payload_in_its_training_state_runs_nothing(tmp_path: Path, marker: Path) -> None:
    path = tmp_path / "run.pt"
    save_checkpoint(
        load_builtin("lenet5", weights=False), path, train_state={"version": 1, "x": Payload(marker)}
    )
    with pytest.raises(NeedsTrust):
        load_checkpoint(path)
    assert not marker.exists()


def test_an_image_folder_with_pickles_runs_nothing(tmp_path: Path, marker: Path) -> None:
    """Model, array and pickle files in a data-set folder are not read; a pickle named .png is refused."""
    root = tmp_path / "set"
    for cls in ("a", "b"):
        (root / cls).mkdir(parents=True)
        (root / cls / "ok.png").write_bytes(encoded("PNG"))
        (root / cls / "evil.pkl").write_bytes(pickle.dumps(Payload(marker)))
        torch.save(Payload(marker), root / cls / "evil.pt")
        np.save(root / cls / "evil.npy", np.array([Payload(marker)], dtype=object), allow_pickle=True)
    (root / "a" / "looks.png").write_bytes(pickle.dumps(Payload(marker)))
    data = load_dataset(f"{FOLDER_PREFIX}{root}", seed=0)
    assert data.skipped == ["a/looks.png"] and len(data.train_y) + len(data.val_y) == 2
    with pytest.raises(ImageLoadError):
        load_image(root / "a" / "looks.png")
    assert not marker.exists()


def test_cifar_batches_placed_by_hand_are_checked_before_unpickling(tmp_path: Path, marker: Path) -> None:
    """torchvision unpickles CIFAR-10 batches, but only after their MD5 matches the official files."""
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for name in (*(f"data_batch_{i}" for i in range(1, 6)), "test_batch", "batches.meta"):
        (folder / name).write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(DatasetUnavailable, match="cifar-10-batches-py"):
        load_dataset("cifar10", 10, 5, root=tmp_path)
    assert not marker.exists()


def test_mnist_legacy_processed_files_run_nothing(tmp_path: Path, marker: Path) -> None:
    """torchvision reads old processed/*.pt files first, with weights_only=True."""
    raw, processed = tmp_path / "MNIST" / "raw", tmp_path / "MNIST" / "processed"
    raw.mkdir(parents=True)
    processed.mkdir()
    for name, content in IDX_SEEDS.items():
        (raw / name).write_bytes(content)
    for name in ("training.pt", "test.pt"):
        torch.save((Payload(marker), Payload(marker)), processed / name)
    with pytest.raises(DatasetUnavailable, match="MNIST"):
        load_dataset("mnist", 8, 4, root=tmp_path)
    assert not marker.exists()


def test_a_topk_cache_with_a_pickled_array_runs_nothing(tmp_path: Path, marker: Path) -> None:
    """Top-9 caches are read with allow_pickle=False: an object array is refused, not unpickled."""
    from cnnviz.core.topk_cache import TopKCacheError, load_cache, read_key
    from tests.fuzz.test_fuzz_topk_cache import KEY, cache_bytes, cache_state

    state = cache_state()
    arrays = {n: getattr(state, n) for n in ("images", "rows", "cols")}
    arrays["values"] = np.array([Payload(marker)] * 12, dtype=object).reshape(4, 3)
    path = tmp_path / "topk-conv2.npz"
    path.write_bytes(cache_bytes(arrays=arrays))
    for load in (lambda: load_cache(path, KEY), lambda: read_key(path)):
        with pytest.raises(TopKCacheError, match=r"topk-conv2\.npz"):
            load()
    assert not marker.exists()
    np.load(path, allow_pickle=True)["values"]  # the control: with pickles allowed, it runs
    assert marker.exists()


def test_a_session_runs_no_pickle_and_grants_no_trust(tmp_path: Path, marker: Path) -> None:
    """A pickle inside a .cnnviz is refused; the model it names still needs the user's trust."""
    import io
    import zipfile

    from cnnviz.core.session_file import encode_session, read_session
    from cnnviz.core.session_schema import SessionError, model_source
    from tests.fuzz.test_fuzz_sessions import seed_state

    model = tmp_path / "evil.pt"
    torch.save({"model": Payload(marker)}, model)
    state = seed_state()
    state.model = model_source(str(model))
    data = encode_session(state)
    (tmp_path / "plain.cnnviz").write_bytes(data)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("extra.pkl", pickle.dumps(Payload(marker)))
    (tmp_path / "extra.cnnviz").write_bytes(buffer.getvalue())
    with pytest.raises(SessionError, match="unexpected member"):
        read_session(tmp_path / "extra.cnnviz")
    restored = read_session(tmp_path / "plain.cnnviz")
    assert restored.model is not None
    with pytest.raises(NeedsTrust):
        load_model(restored.model.source_text())
    assert not marker.exists()


def test_the_payload_would_run_through_plain_torch_load(tmp_path: Path, marker: Path) -> None:
    """The control for the tests above: unpickled fully, these files do run code."""
    path = tmp_path / "evil.pt"
    torch.save({"conv1.weight": Payload(marker)}, path)
    torch.load(path, weights_only=False)
    assert marker.exists()
