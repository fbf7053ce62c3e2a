"""Model files that carry a graph instead of Python classes: TorchScript, torch.export and ONNX.

* **TorchScript** (``torch.jit.save``): read by ``torch.jit.load``, which runs no
  Python code: the archive's pickles go through TorchScript's own restricted
  unpickler and its code is TorchScript, run by the TorchScript interpreter
  (torch operators only). A ScriptModule refuses forward hooks, so unless it
  is recognised as a known architecture (see :mod:`cnnviz.core.model_probe`) it
  is wrapped in :class:`ScriptedModel`: prediction and input gradients work,
  per-layer outputs do not.
* **torch.export** (``.pt2``): ``torch.export.load`` unpickles with
  ``weights_only=False``. :func:`check_export_archive` first reads every
  pickled entry with the weights-only unpickler and refuses (NeedsTrust)
  archives holding anything else. The program is unflattened
  (``torch.export.unflatten``): each original submodule becomes a graph module
  that forward hooks see, so the layer table and activations work.
* **ONNX** (protobuf, no code): converted to PyTorch modules by onnx2torch
  (graphs newer than opset 18 are first converted down), so every panel works.
  Inputs must be NCHW; channels-last graphs are refused with a hint.
"""

from __future__ import annotations

import io
import json
import pickletools
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnviz.core.sources import ModelLoadError, NeedsTrust

ONNX_MAX_OPSET = 18  # onnx2torch converts Reshape and friends up to this opset
KERAS_HINT = (
    "export it channels-first, e.g. python -m tf2onnx.convert --saved-model DIR --output model.onnx "
    "--inputs-as-nchw INPUT_NAME"
)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ScriptedModel(nn.Module):
    """A TorchScript module behind an ordinary module: no submodules for hooks to find.

    Forward passes, devices, train/eval and gradients with respect to the input
    work; layer-by-layer recording does not (ScriptModules refuse hooks).
    """

    scripted: torch.jit.ScriptModule

    def __init__(self, scripted: torch.jit.ScriptModule) -> None:
        super().__init__()
        object.__setattr__(self, "scripted", scripted)  # not a child: recording skips it

    def forward(self, *args: Any) -> Any:
        """Run the TorchScript module."""
        return self.scripted(*args)

    def parameters(self, recurse: bool = True) -> Iterator[nn.Parameter]:
        """The TorchScript module's parameters (for counts and devices)."""
        return self.scripted.parameters(recurse)

    def named_parameters(self, *args: Any, **kwargs: Any) -> Iterator[tuple[str, nn.Parameter]]:
        """The TorchScript module's named parameters."""
        return self.scripted.named_parameters(*args, **kwargs)

    def state_dict(self, *args: Any, **kwargs: Any) -> Any:
        """The TorchScript module's state_dict (same names as the original model)."""
        return self.scripted.state_dict(*args, **kwargs)

    def train(self, mode: bool = True) -> ScriptedModel:
        """Switch both this wrapper and the TorchScript module."""
        self.scripted.train(mode)
        return super().train(mode)

    def _apply(self, fn: Any, recurse: bool = True) -> ScriptedModel:
        self.scripted._apply(fn)
        return super()._apply(fn, recurse)


PICKLED_VALUES = frozenset(
    ["BINUNICODE", "SHORT_BINUNICODE", "UNICODE", "GLOBAL", "BININT", "BININT1", "BININT2", "LONG1", "INT"]
)
MEMO_PUTS = frozenset(["BINPUT", "LONG_BINPUT", "PUT"])
MEMO_GETS = frozenset(["BINGET", "LONG_BINGET", "GET"])
TUPLES = frozenset(["TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_TUPLE"])


def storage_claims(pickled: bytes) -> Iterator[tuple[str, int]]:
    """(key, bytes) of each ``('storage', torch.XStorage, key, location, numel)`` a pickle refers to.

    The pickle machine's stack is followed with :mod:`pickletools` (strings, numbers,
    globals, tuples and the memo; anything else is a placeholder): nothing is
    unpickled. ValueError when the pickle is damaged.
    """
    stack: list[Any] = []
    marks: list[int] = []
    memo: dict[Any, Any] = {}
    for opcode, arg, _position in pickletools.genops(pickled):
        name, before = opcode.name, opcode.stack_before
        if name == "MARK":
            marks.append(len(stack))
        elif name in MEMO_PUTS or name == "MEMOIZE":
            memo[arg if name in MEMO_PUTS else len(memo)] = stack[-1] if stack else None
        elif name in MEMO_GETS:
            stack.append(memo.get(arg))
        else:
            if pickletools.markobject in before:
                start = marks.pop() if marks else 0
                items = stack[start:]
                del stack[max(0, start - before.index(pickletools.markobject)) :]
            else:
                items = stack[len(stack) - len(before) :] if before else []
                del stack[len(stack) - len(items) :]
            pid = items[-1] if name == "BINPERSID" and items else None
            if isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage":
                yield str(pid[2]), int(pid[4]) * storage_itemsize(str(pid[1]))
            value = tuple(items) if name in TUPLES else arg if name in PICKLED_VALUES else None
            stack.extend([value] * len(opcode.stack_after))


def storage_itemsize(global_name: str) -> int:
    """Bytes per element of ``torch FloatStorage`` and the like; ValueError for anything else."""
    module, _, name = global_name.partition(" ")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TypedStorage is deprecated
        dtype = getattr(getattr(torch, name, None), "dtype", None) if module == "torch" else None
    if not name.endswith("Storage") or not isinstance(dtype, torch.dtype):
        raise ValueError(f"unknown storage type '{global_name}'")
    return dtype.itemsize


def check_script_storages(path: Path) -> None:
    """ModelLoadError unless every tensor record is as long as the pickles say.

    ``torch.jit.load`` trusts those lengths: a shortened record crashes the process
    (a segmentation fault) when the tensor is first read, so it is refused here.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            if len(sizes) != len(archive.infolist()):
                raise ValueError("entries with the same name")
            for name in sizes:
                folder, _, pickle_name = name.rpartition("/")
                if pickle_name in ("data.pkl", "constants.pkl"):
                    records = f"{folder}/{pickle_name[:-4]}/"
                    for key, needed in storage_claims(archive.read(name)):
                        if sizes.get(records + key, -1) < needed:
                            raise ValueError(f"tensor data '{records}{key}' is missing or too short")
    except Exception as exc:  # zipfile and pickletools raise many kinds of errors on damaged data
        raise ModelLoadError(f"'{path.name}' is a damaged TorchScript file ({_reason(exc)}).") from exc


def load_torchscript(path: Path) -> torch.jit.ScriptModule:
    """``torch.jit.load`` on the CPU, tensor records checked first; ModelLoadError with one line."""
    check_script_storages(path)
    try:
        return torch.jit.load(str(path), map_location="cpu")
    except (RuntimeError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ModelLoadError(f"'{path.name}' is not a readable TorchScript file ({_reason(exc)}).") from exc


def pickled_entries(archive: zipfile.ZipFile) -> Iterator[str]:
    """Members of a .pt2 archive that torch.export.load unpickles."""
    names = archive.namelist()
    for name in names:
        if name.endswith("_config.json") and "/data/" in f"/{name}":
            folder = name.rsplit("/", 1)[0]
            for entry in json.loads(archive.read(name)).get("config", {}).values():
                path = str(entry.get("path_name", ""))
                if entry.get("use_pickle") or not path.startswith(("weight_", "tensor_")):
                    yield f"{folder}/{path}"  # pickled tensors, custom and opaque objects
        elif name.endswith(".pt"):  # sample inputs, legacy weights and constants
            yield name


def check_export_archive(path: Path) -> None:
    """NeedsTrust unless every pickled entry of the .pt2 archive holds only tensors and plain data."""
    try:
        with zipfile.ZipFile(path) as archive:
            unsafe = [name for name in pickled_entries(archive) if not weights_only(archive.read(name))]
    except Exception as exc:  # zipfile and json raise many kinds of errors on damaged data
        raise ModelLoadError(f"'{path.name}' is not a readable torch.export file ({_reason(exc)}).") from exc
    if unsafe:
        raise NeedsTrust(path, "pickled Python objects besides its weights")


def weights_only(data: bytes) -> bool:
    """True when the weights-only unpickler reads ``data`` (a torch.save file)."""
    try:
        torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception:  # anything it refuses, for any reason
        return False
    return True


def load_export(path: Path, trust: bool) -> tuple[nn.Module, tuple[int, ...] | None]:
    """(unflattened module, input shape of the program's first input) of a .pt2 file."""
    if not trust:
        check_export_archive(path)
    try:
        program = torch.export.load(str(path))
        module = torch.export.unflatten(program)
    except Exception as exc:  # the export loader raises many kinds of errors
        raise ModelLoadError(f"'{path.name}' is not a readable torch.export file ({_reason(exc)}).") from exc
    inputs = [
        n
        for n in program.graph.nodes
        if n.op == "placeholder" and n.name in program.graph_signature.user_inputs
    ]
    value = inputs[0].meta.get("val") if inputs else None
    shape = tuple(int(d) if isinstance(d, int) else 0 for d in value.shape) if value is not None else None
    return module, shape


def onnx_input_dims(model: Any) -> list[int]:
    """Dimensions of the graph's first real input (0 where dynamic)."""
    initializers = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    if not inputs:
        raise ValueError("the graph has no input")
    return [int(d.dim_value) for d in inputs[0].type.tensor_type.shape.dim]


def check_nchw(dims: list[int], name: str) -> tuple[int | None, tuple[int, int] | None]:
    """(channels, (height, width)) of an NCHW image input; ModelLoadError for others."""
    if len(dims) != 4:
        raise ModelLoadError(f"'{name}' takes a {len(dims)}-D input; cnnviz needs images (N, C, H, W).")
    _, c, h, w = dims
    if w in (1, 3, 4) and c not in (0, 1, 3, 4):
        raise ModelLoadError(
            f"'{name}' takes channels-last images (N, H, W, C = {dims}); "
            f"cnnviz needs N, C, H, W: {KERAS_HINT}."
        )
    return (c or None), ((h, w) if h and w else None)


def allow_nonzero_reshapes(model: Any) -> None:
    """Reshape's allowzero=1 changes nothing when the target shape has no zero: set it to 0."""
    from onnx import numpy_helper

    constants = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for node in model.graph.node:
        target = constants.get(node.input[1]) if node.op_type == "Reshape" else None
        if target is not None and (target != 0).all():
            for attribute in node.attribute:
                if attribute.name == "allowzero":
                    attribute.i = 0


def convert_onnx(model: Any) -> nn.Module:
    """onnx2torch's conversion, first bringing graphs newer than ONNX_MAX_OPSET down to it."""
    import onnx2torch
    from onnx import version_converter

    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
    if opset > ONNX_MAX_OPSET:
        allow_nonzero_reshapes(model)
        model = version_converter.convert_version(model, ONNX_MAX_OPSET)
    return onnx2torch.convert(model)


def load_onnx(path: Path) -> tuple[nn.Module, int | None, tuple[int, int] | None]:
    """(converted module, input channels, input (height, width)) of an ONNX file."""
    import onnx

    try:
        model = onnx.load(str(path))
        dims = onnx_input_dims(model)
    except Exception as exc:  # protobuf decode errors have no common base class
        raise ModelLoadError(f"'{path.name}' is not a readable ONNX file ({_reason(exc)}).") from exc
    channels, size = check_nchw(dims, path.name)
    try:
        module = convert_onnx(model)
    except Exception as exc:  # NotImplementedError for unsupported operators, and converter errors
        raise ModelLoadError(
            f"'{path.name}' cannot be converted to PyTorch by onnx2torch ({_reason(exc)}); "
            "re-exporting with opset 17 and standard operators usually helps."
        ) from exc
    return module.eval(), channels, size
