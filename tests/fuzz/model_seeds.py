"""Valid seed files of every model format cnnviz reads, written once per test session."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import torch

from cnnviz.core.builder import BlockSpec, BuilderConfig, ConvSpec
from cnnviz.core.builtins import build_builtin
from cnnviz.core.checkpoint import save_checkpoint
from cnnviz.core.sources import load_builtin

SMALL_DESIGN = BuilderConfig(
    input=(1, 12, 12),
    blocks=[
        BlockSpec([ConvSpec(4, 3, padding=1, batchnorm=True)], "max"),
        BlockSpec([ConvSpec(6, 3)], "avg"),
    ],
    fc=[16],
    num_classes=5,
)


def builder_json() -> bytes:
    """A small builder design as the JSON file ``cnnviz train --model design.json`` reads."""
    return json.dumps(SMALL_DESIGN.to_dict(), indent=1).encode()


def model_seeds(folder: Path) -> dict[str, bytes]:
    """format → bytes of a valid LeNet-5 file in that format (written and read back via `folder`)."""
    lenet = build_builtin("lenet5").eval()
    example = (torch.zeros(1, 1, 28, 28),)
    writers = {
        "state_dict": lambda p: torch.save(lenet.state_dict(), p),
        "state_dict (legacy format)": lambda p: torch.save(
            lenet.state_dict(), p, _use_new_zipfile_serialization=False
        ),
        "checkpoint": lambda p: save_checkpoint(load_builtin("lenet5", weights=False), p),
        "safetensors": lambda p: safetensors_file(lenet, p),
        "pickled model": lambda p: torch.save(lenet, p),
        "torchscript": lambda p: torch.jit.save(torch.jit.script(lenet), str(p)),
        "onnx": lambda p: torch.onnx.export(lenet, example, str(p), dynamo=False),
        "torch.export": lambda p: torch.export.save(torch.export.export(lenet, example), p),
    }
    seeds: dict[str, bytes] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fmt, write in writers.items():
            path = folder / f"seed-{len(seeds)}.bin"
            write(path)
            seeds[fmt] = path.read_bytes()
    return seeds


def safetensors_file(module: torch.nn.Module, path: Path) -> None:
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, str(path))


def safetensors_header(data: bytes) -> tuple[int, int]:
    """The byte range of a safetensors file's length field and JSON header."""
    return 0, 8 + int.from_bytes(data[:8], "little")


def zipped(data: bytes) -> bool:
    """True for zip archives (torch.save, TorchScript, torch.export)."""
    return data.startswith(b"PK")


def pickled_bytes(obj: object) -> bytes:
    """torch.save of `obj` into bytes."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()
