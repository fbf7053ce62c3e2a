"""Model files, checkpoints and designs that once crashed or confused a loader, found by the fuzzers.

Each test names what went wrong before the fix: an exception that was not a user
error, a message over several lines or without the file's name, a segmentation
fault, or an allocation sized by the file's claims.
"""

from __future__ import annotations

import json
import pickle
import struct
import time
from pathlib import Path

import pytest
import torch

from cnnviz.core.architectures import ArchitectureError, build_from_spec, spec_for_model
from cnnviz.core.builtins import build_builtin
from cnnviz.core.checkpoint import load_checkpoint
from cnnviz.core.model_files import NotAModelFile
from cnnviz.core.sources import ModelLoadError, NeedsTrust, load_model
from tests.fuzz.harness import assert_one_line, peak_rss
from tests.fuzz.model_seeds import SMALL_DESIGN
from tests.fuzz.mutations import members, write_zip
from tests.fuzz.test_fuzz_checkpoints import CONTENT

pytestmark = pytest.mark.filterwarnings("ignore")
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C  # torch.save's legacy format starts with this pickled number


# --- model files ------------------------------------------------------------------------------------


def lenet_file(path: Path, legacy: bool = False) -> Path:
    torch.save(build_builtin("lenet5").state_dict(), path, _use_new_zipfile_serialization=not legacy)
    return path


def script_file(path: Path) -> list[tuple[str, bytes, int]]:
    torch.jit.save(torch.jit.script(build_builtin("lenet5")), str(path))
    return members(path.read_bytes())


def test_a_state_dict_named_safetensors_loads_by_its_content(tmp_path: Path) -> None:
    """torch.load handed *.safetensors to safetensors by name (SafetensorError escaped)."""
    bundle = load_model(lenet_file(tmp_path / "weights.safetensors"))
    assert bundle.arch == "lenet5" and bundle.extra["format"] == "state_dict"
    (tmp_path / "junk.safetensors").write_bytes(b"\x80\x02K\x01.")
    with pytest.raises(ModelLoadError) as info:
        load_model(tmp_path / "junk.safetensors")
    assert_one_line(info.value, "junk.safetensors")


def test_torchscript_with_a_shortened_tensor_record_is_refused(tmp_path: Path) -> None:
    """torch.jit.load trusted the pickled sizes: reading the tensor was a segmentation fault."""
    entries = script_file(tmp_path / "seed.ts")
    entries = [(n, b"" if n.endswith("/data/1") else c, t) for n, c, t in entries]
    (tmp_path / "short.ts").write_bytes(write_zip(entries))
    with pytest.raises(ModelLoadError, match="damaged TorchScript file") as info:
        load_model(tmp_path / "short.ts")
    assert_one_line(info.value, "short.ts")


def test_torchscript_with_a_record_stored_twice_is_refused(tmp_path: Path) -> None:
    """Python's zipfile sees the last copy, torch the first (empty) one: a segmentation fault."""
    entries = script_file(tmp_path / "seed.ts")
    first = next(i for i, (n, _c, _t) in enumerate(entries) if n.endswith("/data/0"))
    entries.insert(first, (entries[first][0], b"", 0))
    (tmp_path / "twice.ts").write_bytes(write_zip(entries))
    with pytest.raises(ModelLoadError, match="same name"):
        load_model(tmp_path / "twice.ts")


LEGACY_HEADER = pickle.dumps(LEGACY_MAGIC, 2) + pickle.dumps(1001, 2) + pickle.dumps({}, 2)
PICKLES = {
    "empty stack (IndexError)": b"\x80\x02.",
    "unhashable key (TypeError)": b"\x80\x02}(}K\x01u.",
    "persistent id not a tuple (AssertionError)": LEGACY_HEADER + b"\x80\x02K\x05Q.",
}


@pytest.mark.parametrize("kind", list(PICKLES))
def test_damaged_pickles_give_one_line_whatever_torch_load_raises(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "damaged.pt"
    path.write_bytes(PICKLES[kind])
    for load in (load_model, load_checkpoint):
        with pytest.raises(ModelLoadError) as info:
            load(path)
        assert_one_line(info.value, "damaged.pt")


def test_a_damaged_trusted_pickle_gives_one_line(tmp_path: Path) -> None:
    """Trusted, the full unpickler's AssertionError (a persistent id that is not a tuple) escaped."""
    path = tmp_path / "trusted.pt"
    path.write_bytes(LEGACY_HEADER + b"\x80\x02cbuiltins\nprint\n0X\x01\x00\x00\x00aQ.")
    with pytest.raises(NeedsTrust):
        load_model(path)
    with pytest.raises(NotAModelFile, match="not a readable PyTorch file") as info:
        load_model(path, trust=True)
    assert_one_line(info.value, "trusted.pt")


def test_a_trusted_module_with_damaged_state_gives_one_line(tmp_path: Path) -> None:
    """Running a pickled module that lost an attribute raised AttributeError out of the input probe."""
    module = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 7))
    del module.__dict__["_forward_hooks"]
    torch.save(module, tmp_path / "broken.pt")
    with pytest.raises(ModelLoadError, match="goes through the model") as info:
        load_model(tmp_path / "broken.pt", trust=True)
    assert_one_line(info.value, "broken.pt")


def central_directory_patch(data: bytes, offset: int, value: bytes) -> bytes:
    """`value` written at `offset` into the first central-directory record of a zip."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + value + data[at + len(value) :]


@pytest.mark.parametrize(
    ("what", "offset", "value"),
    [
        ("an unsupported zip version", 6, struct.pack("<H", 215)),
        ("a member name that is not UTF-8", 46, b"\x80"),
    ],
)
def test_damaged_zip_directories_are_refused(tmp_path: Path, what: str, offset: int, value: bytes) -> None:
    """zipfile raised NotImplementedError and UnicodeDecodeError for these."""
    path = tmp_path / "model.pt"
    path.write_bytes(central_directory_patch(lenet_file(path).read_bytes(), offset, value))
    with pytest.raises(NotAModelFile, match="damaged or truncated archive") as info:
        load_model(path)
    assert_one_line(info.value, "model.pt")
    assert what


def test_a_zip_bomb_inside_a_model_file_is_refused_before_torch_reads_it(tmp_path: Path) -> None:
    """torch allocates what an entry claims: 64 MiB of zeros in 64 KiB (an inflation of 1000)."""
    entries = members(lenet_file(tmp_path / "seed.pt").read_bytes())
    bomb = [(n, b"\x00" * (64 << 20) if n.endswith("data.pkl") else c, 8) for n, c, _t in entries]
    path = tmp_path / "bomb.pt"
    path.write_bytes(write_zip(bomb))
    assert path.stat().st_size < 1 << 20
    for load in (load_model, load_checkpoint):
        with pytest.raises(NotAModelFile, match="zip bomb") as info:
            load(path)
        assert_one_line(info.value, "bomb.pt")


def with_compression(data: bytes, name: str, method: int) -> bytes:
    """The zip with `name`'s compression method set to `method` in its local and central headers."""
    out = bytearray(data)
    for signature, name_at, method_at in ((b"PK\x03\x04", 30, 8), (b"PK\x01\x02", 46, 10)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at : at + name_at + len(name)] == name.encode():
                struct.pack_into("<H", out, at + method_at, method)
            at = data.find(signature, at + 4)
    return bytes(out)


def test_an_export_archive_with_an_unknown_compression_is_refused(tmp_path: Path) -> None:
    """zipfile raised NotImplementedError while the .pt2 entries were checked."""
    program = torch.export.export(build_builtin("lenet5").eval(), (torch.zeros(1, 1, 28, 28),))
    torch.export.save(program, tmp_path / "seed.pt2")
    data = (tmp_path / "seed.pt2").read_bytes()
    config = next(n for n, _c, _t in members(data) if n.endswith("model_weights_config.json"))
    (tmp_path / "odd.pt2").write_bytes(with_compression(data, config, 99))
    with pytest.raises(ModelLoadError, match=r"not a readable torch\.export file") as info:
        load_model(tmp_path / "odd.pt2")
    assert_one_line(info.value, "odd.pt2")


# --- checkpoints ------------------------------------------------------------------------------------


def edited_checkpoint(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "edited.pt"
    torch.save({**CONTENT, **changes}, path)
    return path


CHECKPOINT_EDITS: dict[str, dict[str, object]] = {
    "classes beyond any model (would allocate terabytes)": {
        "arch_spec": {"kind": "builtin", "name": "lenet5", "options": {"num_classes": 2**40}}
    },
    "a tensor as the architecture kind (message over many lines)": {"arch_spec": {"kind": torch.zeros(9, 9)}},
    "a negative input height (accepted before)": {"input_spec": {**CONTENT["input_spec"], "height": -4}},
    "a tensor as the input spec (IndexError)": {"input_spec": torch.zeros(2, 2, 2, 2)},
    "a number as the labels (TypeError)": {"labels": 7},
    "three labels for ten classes": {"labels": ["a", "b", "c"]},
}


@pytest.mark.parametrize("edit", list(CHECKPOINT_EDITS))
def test_checkpoints_that_say_impossible_things_are_refused(tmp_path: Path, edit: str) -> None:
    path = edited_checkpoint(tmp_path, **CHECKPOINT_EDITS[edit])
    start = time.monotonic()
    for load in (load_model, load_checkpoint):
        with pytest.raises(ModelLoadError) as info:
            load(path)
        assert_one_line(info.value, "edited.pt")
    assert time.monotonic() - start < 5.0


def test_a_training_state_with_a_tensor_for_its_version_is_refused(tmp_path: Path) -> None:
    """TrainState.from_dict compared a tensor with a number: RuntimeError ("ambiguous")."""
    path = edited_checkpoint(tmp_path, train_state={**CONTENT["train_state"], "version": torch.zeros(0)})
    with pytest.raises(ModelLoadError, match="unreadable training state") as info:
        load_checkpoint(path)
    assert_one_line(info.value, "edited.pt")


def test_tensors_as_history_and_trained_flag_are_ignored(tmp_path: Path) -> None:
    """bool(tensor) raised RuntimeError ("ambiguous"); a tensor history was kept as is."""
    bundle, _state = load_checkpoint(
        edited_checkpoint(tmp_path, history=torch.zeros(3), trained=torch.zeros(2))
    )
    assert bundle.extra["history"] == {} and bundle.trained


# --- builder designs ----------------------------------------------------------------------------


def design_file(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "design.json"
    path.write_text(json.dumps({**SMALL_DESIGN.to_dict(), **changes}))
    return path


@pytest.mark.parametrize(
    "changes",
    [{"input": None}, {"blocks": [{"convs": [{"filters": 4, "kernel": 99}]}]}, {"fc": ["many"]}],
    ids=["no input", "kernel larger than the image", "words for sizes"],
)
def test_builder_design_mistakes_name_the_file(tmp_path: Path, changes: dict[str, object]) -> None:
    """The message used to say what was wrong but not in which file."""
    with pytest.raises(ArchitectureError) as info:
        spec_for_model(str(design_file(tmp_path, **changes)), 10, 1)
    assert_one_line(info.value, "design.json")


@pytest.mark.parametrize(
    "changes",
    [
        {"fc": [10**12]},
        {"blocks": [{"convs": [{"filters": 10**7, "kernel": 3}]}]},
        {"input": [1, 100_000, 100_000], "blocks": [{"convs": [], "pool": "max", "pool_size": 10_000}]},
        {"blocks": [{"convs": [{"filters": 2, "kernel": 1}], "pool": None}] * 5000},
    ],
    ids=["huge hidden layer", "ten million filters", "huge input", "five thousand blocks"],
)
def test_oversized_designs_are_refused_before_allocating(tmp_path: Path, changes: dict[str, object]) -> None:
    before, start = peak_rss(), time.monotonic()
    with pytest.raises(ArchitectureError) as info:
        spec_for_model(str(design_file(tmp_path, **changes)), 10, 1)
    assert_one_line(info.value, "design.json")
    spec = {"kind": "builder", "config": {**SMALL_DESIGN.to_dict(), **changes}}
    with pytest.raises(ArchitectureError):  # the same spec inside a checkpoint
        build_from_spec(spec)
    assert time.monotonic() - start < 5.0 and peak_rss() - before < 256 << 20


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    """json.loads raises RecursionError, which no loader caught."""
    path = tmp_path / "design.json"
    path.write_text("[" * 100_000)
    with pytest.raises(ArchitectureError) as info:
        spec_for_model(str(path), 10, 1)
    assert_one_line(info.value, "design.json")
    lenet_file(tmp_path / "design.pt")  # the same file beside a state_dict is ignored
    assert load_model(tmp_path / "design.pt").arch == "lenet5"
