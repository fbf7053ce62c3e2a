"""Parameter names and shapes of every known architecture, without building any weights.

A :class:`Signature` is an architecture's ``state_dict`` layout ({name: shape})
plus the entries whose sizes a user may have changed: the classifier head
(its first dimension is the number of classes) and the first convolution (its
second dimension is the number of input channels). Modules are built under
:class:`ShapesOnly`, a thread-local torch function mode that puts new parameters
on the ``meta`` device and skips their initialisation, so no memory is used and
a torchvision model takes milliseconds. The torchvision signatures are kept in
memory and in ``zoo-signatures-<versions>.json`` in the user cache folder
($CNNVIZ_CACHE_DIR overrides it): the ~80 models are built once per machine.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from cnnviz.core.architectures import ArchSpec, build_from_spec, zoo_spec
from cnnviz.core.builtins import BUILTINS

Shapes = dict[str, tuple[int, ...]]
BUILTIN_VARIANTS: tuple[dict[str, Any], ...] = ({}, {"batchnorm": True})
CHANNELS_FIXED = {"lenet5"}  # built-ins without an in_channels option
CACHE_ENV = "CNNVIZ_CACHE_DIR"
_FACTORIES: set[Callable[..., Any]] = {
    torch.empty,
    torch.zeros,
    torch.ones,
    torch.full,
    torch.rand,
    torch.randn,
}
_zoo_lock = threading.Lock()
_zoo_memory: dict[str, Signature] = {}


@dataclass(frozen=True)
class Signature:
    """An architecture's state_dict layout and its resizable entries."""

    spec: ArchSpec
    shapes: Shapes
    head_keys: tuple[str, ...]
    input_key: str | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the cache file."""
        shapes = {k: list(v) for k, v in self.shapes.items()}
        return {"spec": self.spec, "shapes": shapes, "head": list(self.head_keys), "input": self.input_key}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        """Inverse of :meth:`to_dict`."""
        shapes = {str(k): tuple(int(d) for d in v) for k, v in data["shapes"].items()}
        return cls(dict(data["spec"]), shapes, tuple(data["head"]), data["input"])


class ShapesOnly(TorchFunctionMode):
    """Build modules with meta parameters and no initialisation (only this thread is affected)."""

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = dict(kwargs or {})
        if func in _FACTORIES:
            kwargs["device"] = "meta"
        elif args and isinstance(args[0], torch.Tensor) and args[0].is_meta and _is_inplace(func):
            return args[0]  # nn.init on a meta tensor: nothing to fill
        return func(*args, **kwargs)


def _is_inplace(func: Any) -> bool:
    name = getattr(func, "__name__", "")
    return name.endswith("_") and not name.startswith("_") and name not in {"requires_grad_", "resize_"}


def shapes_of(state: Iterable[tuple[str, Any]] | dict[str, Any]) -> Shapes:
    """Name → shape of the tensors of a state_dict (or of its items)."""
    items = state.items() if isinstance(state, dict) else state
    return {k: tuple(v.shape) for k, v in items if isinstance(v, torch.Tensor)}


def meta_module(spec: ArchSpec) -> nn.Module:
    """The architecture with parameters on the meta device (no memory, no initialisation)."""
    with ShapesOnly():
        return build_from_spec(spec)


def head_and_input(spec: ArchSpec, module: nn.Module) -> tuple[tuple[str, ...], str | None]:
    """State_dict keys of the classifier head, and of the first convolution's weight if resizable."""
    layers = [(n, m) for n, m in module.named_modules() if isinstance(m, nn.Linear | nn.Conv2d)]
    if spec["kind"] == "zoo":
        from cnnviz.core.transfer import ZooError, find_head

        try:
            head = find_head(module)[0]
        except ZooError:
            head = layers[-1][0] if layers else ""
    else:
        linears = [n for n, m in layers if isinstance(m, nn.Linear)]
        head = linears[-1] if linears else ""
    head_keys = tuple(k for k in (f"{head}.weight", f"{head}.bias") if k in module.state_dict())
    resizable = not (spec["kind"] == "builtin" and spec["name"] in CHANNELS_FIXED)
    convs = [
        n for n, m in layers if isinstance(m, nn.Conv2d) and (spec["kind"] != "zoo" or m.in_channels == 3)
    ]
    return head_keys, f"{convs[0]}.weight" if resizable and convs else None


def signature_of(spec: ArchSpec) -> Signature:
    """The layout of ``spec`` (cached per spec)."""
    return _signature_cached(json.dumps(spec, sort_keys=True))


@lru_cache(maxsize=256)
def _signature_cached(spec_json: str) -> Signature:
    spec = json.loads(spec_json)
    module = meta_module(spec)
    head_keys, input_key = head_and_input(spec, module)
    return Signature(spec, shapes_of(module.state_dict()), head_keys, input_key)


def builtin_signatures() -> list[Signature]:
    """Every built-in model, with and without batch norm."""
    return [
        signature_of({"kind": "builtin", "name": key, "options": dict(options)})
        for key in BUILTINS
        for options in BUILTIN_VARIANTS
    ]


def cache_dir() -> Path:
    """$CNNVIZ_CACHE_DIR, else the user cache folder of cnnviz."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cnnviz"))


def zoo_cache_file() -> Path:
    """The cache file for the installed torch and torchvision versions."""
    import torchvision

    versions = f"torch{torch.__version__}-tv{torchvision.__version__}".replace("+", "_")
    return cache_dir() / f"zoo-signatures-{versions}.json"


def _read_cache(path: Path) -> dict[str, Signature]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: Signature.from_dict(entry) for name, entry in data.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # missing or damaged: rebuilt below


def _write_cache(path: Path, signatures: dict[str, Signature]) -> None:
    text = json.dumps({name: sig.to_dict() for name, sig in signatures.items()})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder only costs time
    finally:
        tmp.unlink(missing_ok=True)


def zoo_signatures() -> list[Signature]:
    """Every torchvision classification model at 1000 classes and 3 channels (cached)."""
    from cnnviz.core.transfer import zoo_names

    names = zoo_names()
    with _zoo_lock:
        if not all(name in _zoo_memory for name in names):
            path = zoo_cache_file()
            _zoo_memory.update(_read_cache(path))
            missing = [name for name in names if name not in _zoo_memory]
            for name in missing:
                _zoo_memory[name] = signature_of(zoo_spec(name, 1000))
            if missing:
                _write_cache(path, {name: _zoo_memory[name] for name in names})
        return [_zoo_memory[name] for name in names]
