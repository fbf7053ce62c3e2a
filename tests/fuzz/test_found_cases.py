"""Files that once crashed, froze or confused a loader, found by the fuzzers and by reading them.

Each test names what went wrong before the fix: an exception that was not a user
error, a message over several lines or without the file's name, a segmentation
fault, a hang, or an allocation sized by the file's claims.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import struct
import time
from pathlib import Path

import pytest
import torch
from PIL import EpsImagePlugin, Image

from cnnviz.core.architectures import ArchitectureError, build_from_spec, spec_for_model
from cnnviz.core.builtins import build_builtin
from cnnviz.core.checkpoint import load_checkpoint
from cnnviz.core.datasets import DatasetUnavailable
from cnnviz.core.downloads import gunzip, untar
from cnnviz.core.imageio import ImageLoadError, decode_image_bytes, load_image
from cnnviz.core.model_files import NotAModelFile
from cnnviz.core.sources import ModelLoadError, load_model
from tests.fuzz.harness import peak_rss
from tests.fuzz.image_seeds import CLAIM, png_size, seeds
from tests.fuzz.model_seeds import SMALL_DESIGN
from tests.fuzz.mutations import members, write_zip
from tests.fuzz.test_fuzz_checkpoints import CONTENT

pytestmark = pytest.mark.filterwarnings("ignore")
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C  # torch.save's legacy format starts with this pickled number


def one_line(exc: BaseException, name: str) -> None:
    message = str(exc)
    assert name in message and "\n" not in message and "Traceback" not in message, message


# --- images -----------------------------------------------------------------------------------------


def fake_ghostscript(folder: Path, marker: Path) -> None:
    """A `gs` on PATH that answers --version and otherwise leaves a marker (it was run on the file)."""
    folder.mkdir()
    script = folder / "gs"
    script.write_text(f'#!/bin/sh\n[ "$1" = --version ] && exit 0\ntouch "{marker}"\nexit 1\n')
    script.chmod(0o755)


def test_an_eps_file_named_png_never_runs_ghostscript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow picks decoders by content: EPS ran Ghostscript on the file (and `{} loop` froze the app)."""
    marker = tmp_path / "ghostscript_ran"
    fake_ghostscript(tmp_path / "bin", marker)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)
    eps = tmp_path / "digit.png"
    Image.new("RGB", (20, 20), "white").save(eps, format="EPS")
    with pytest.raises(ImageLoadError, match="not PNG, JPEG, BMP, GIF or WebP") as info:
        load_image(eps)
    one_line(info.value, "digit.png")
    assert not marker.exists()
    with Image.open(eps) as image, pytest.raises(Exception):  # noqa: B017 (the control: Pillow alone runs it)
        image.load()
    assert marker.exists()


def test_a_postscript_endless_loop_named_png_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "loop.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 20 20\n%%EndComments\n{ } loop\n")
    start = time.monotonic()
    with pytest.raises(ImageLoadError):
        load_image(path)
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("fmt", ["TIFF", "PPM", "ICO", "TGA"])
def test_other_formats_named_png_are_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "picture.png"
    Image.new("RGB", (16, 16), "red").save(path, format=fmt)
    with pytest.raises(ImageLoadError, match="is not a readable image") as info:
        load_image(path)
    one_line(info.value, "picture.png")


def test_camera_jpegs_with_several_pictures_still_open(tmp_path: Path) -> None:
    path = tmp_path / "camera.jpg"
    first, second = Image.new("RGB", (12, 8), "red"), Image.new("RGB", (12, 8), "blue")
    first.save(path, format="MPO", save_all=True, append_images=[second])
    with Image.open(path) as image:
        assert image.format == "MPO"
    pixels = load_image(path)
    assert pixels.shape == (8, 12, 3) and pixels[..., 0].mean() > 0.9


BOMBS = {"PNG": (100_000, 100_000), "GIF": (65_535, 65_535), "BMP": (100_000, 100_000)}
BOMBS |= {"JPEG": (65_535, 65_535), "WEBP": (16_383, 16_383), "PNG below Pillow's limit": (9_000, 9_000)}


@pytest.mark.parametrize("fmt", list(BOMBS))
def test_headers_claiming_enormous_sizes_are_refused_before_decoding(fmt: str) -> None:
    base = fmt.split()[0]
    data = CLAIM[base](seeds()[base], *BOMBS[fmt])
    before, start = peak_rss(), time.monotonic()
    with pytest.raises(ImageLoadError, match="too large") as info:
        decode_image_bytes(data, "bomb")
    assert time.monotonic() - start < 1.0 and peak_rss() - before < 64 << 20
    one_line(info.value, "bomb")


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
    one_line(info.value, "junk.safetensors")


def test_torchscript_with_a_shortened_tensor_record_is_refused(tmp_path: Path) -> None:
    """torch.jit.load trusted the pickled sizes: reading the tensor was a segmentation fault."""
    entries = script_file(tmp_path / "seed.ts")
    entries = [(n, b"" if n.endswith("/data/1") else c, t) for n, c, t in entries]
    (tmp_path / "short.ts").write_bytes(write_zip(entries))
    with pytest.raises(ModelLoadError, match="damaged TorchScript file") as info:
        load_model(tmp_path / "short.ts")
    one_line(info.value, "short.ts")


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
        one_line(info.value, "damaged.pt")


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
    one_line(info.value, "model.pt")
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
        one_line(info.value, "bomb.pt")


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
    one_line(info.value, "odd.pt2")


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
        one_line(info.value, "edited.pt")
    assert time.monotonic() - start < 5.0


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
    one_line(info.value, "design.json")


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
    one_line(info.value, "design.json")
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
    one_line(info.value, "design.json")
    lenet_file(tmp_path / "design.pt")  # the same file beside a state_dict is ignored
    assert load_model(tmp_path / "design.pt").arch == "lenet5"


# --- archives ---------------------------------------------------------------------------------------


def test_gunzip_of_a_corrupt_deflate_stream(tmp_path: Path) -> None:
    """zlib.error escaped."""
    data = bytearray(gzip.compress(bytes(range(256)) * 40, mtime=0))
    data[20:24] = b"\xff\xff\xff\xff"
    (tmp_path / "labels.gz").write_bytes(bytes(data))
    with pytest.raises(DatasetUnavailable) as info:
        gunzip(tmp_path / "labels.gz", tmp_path / "labels")
    one_line(info.value, "labels.gz")
    assert not (tmp_path / "labels").exists()


def test_untar_of_an_empty_file_says_so_in_one_line(tmp_path: Path) -> None:
    """tarfile lists every compression it tried, one per line."""
    (tmp_path / "set.tar.gz").write_bytes(b"")
    (tmp_path / "out").mkdir()
    with pytest.raises(DatasetUnavailable) as info:
        untar(tmp_path / "set.tar.gz", tmp_path / "out")
    one_line(info.value, "set.tar.gz")


def test_images_with_enormous_claims_in_a_data_folder_are_skipped(tmp_path: Path) -> None:
    from cnnviz.core.imagefolder import load_image_folder

    png = seeds()["PNG"]
    for cls in ("a", "b"):
        (tmp_path / cls).mkdir()
        (tmp_path / cls / "fine.png").write_bytes(png)
        (tmp_path / cls / "bomb.png").write_bytes(png_size(png, 100_000, 100_000))
    data = load_image_folder(tmp_path)
    assert sorted(data.skipped) == ["a/bomb.png", "b/bomb.png"]
