"""What a cnnviz session holds, and its ``session.json`` checked field by field.

:class:`SessionState` is the whole state a window can be put back into: the model's
source (:class:`ModelSource`), the input pixels, the selected layer, unit and class,
the device, each panel's options and the dock layout. :func:`state_to_json` and
:func:`state_from_json` convert it to and from plain JSON; the reader trusts nothing:
every field's type and size is checked and a bad one is a :class:`SessionError`
naming it. The ZIP container is :mod:`cnnviz.core.session_file`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from cnnviz import __version__

FORMAT = "cnnviz-session"
VERSION = 1
MODEL_KINDS = ("builtin", "zoo", "file")
INVERT_CHOICES = ("auto", "yes", "no")
MAX_TEXT = 4096  # characters in any one text field (paths included)
MAX_INDEX = 10_000_000  # rows, columns, channels and classes
MAX_PANELS = 64
MAX_DOCK_STATE = 256 * 1024  # bytes of QMainWindow.saveState()

ModelKind = Literal["builtin", "zoo", "file"]


class SessionError(ValueError):
    """A session file could not be read or written; the message says why, in one line."""


@dataclass(frozen=True)
class ModelSource:
    """Where the model comes from: a built-in name, a torchvision name, or a file (with its SHA-256)."""

    kind: ModelKind
    name: str
    pretrained: bool = False
    path: str = ""  # a file's absolute path when saved
    relative_path: str = ""  # the same path relative to the session file's folder ("" if none)
    sha256: str = ""
    arch_spec: dict[str, Any] | None = None  # the architecture chosen for a bare state_dict

    def source_text(self, path: str | Path | None = None) -> str:
        """The string :func:`cnnviz.core.sources.load_model` takes (a file at ``path`` if given)."""
        if self.kind == "builtin":
            return self.name
        if self.kind == "zoo":
            return f"zoo:{self.name}{':pretrained' if self.pretrained else ''}"
        return str(path if path is not None else self.path)


@dataclass
class SessionState:
    """Everything a session file restores; ``image`` is the canvas, H×W×3 uint8, exact."""

    image: np.ndarray
    model: ModelSource | None = None
    layer: str = ""
    unit: tuple[int, int] | None = None
    unit_channel: int | None = None
    target_class: int | None = None
    device: str = ""
    invert: str = "auto"
    functional: bool = False
    panels: dict[str, dict[str, Any]] = field(default_factory=dict)
    dock_state: bytes = b""
    large_fonts: bool = False
    app_version: str = __version__


# -- model sources -------------------------------------------------------------------------------
_digests: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256 in hex (remembered while its size and modification time stay the same)."""
    stat = os.stat(path)
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _digests[key] = digest.hexdigest()
    return _digests[key]


def model_source(
    source: str, session_folder: str | Path | None = None, arch_spec: dict[str, Any] | None = None
) -> ModelSource | None:
    """Describe a loaded model's source string; None if it cannot be loaded again (a model in memory)."""
    from cnnviz.core.builtins import canonical_builtin

    if source.startswith("zoo:"):
        body = source.removeprefix("zoo:")
        pretrained = body.endswith(":pretrained")
        return ModelSource("zoo", body.removesuffix(":pretrained"), pretrained)
    path = Path(source)
    if source and path.is_file():
        absolute = path.resolve()
        relative = relative_path(absolute, session_folder) if session_folder is not None else ""
        return ModelSource(
            "file", absolute.name, False, str(absolute), relative, file_sha256(absolute), arch_spec
        )
    key = canonical_builtin(source) if source else None
    return ModelSource("builtin", key) if key is not None else None


def relative_path(path: Path, folder: str | Path) -> str:
    """``path`` relative to ``folder`` ("" where there is none, e.g. another drive)."""
    try:
        return os.path.relpath(path, Path(folder).resolve())
    except ValueError:
        return ""


def find_model_file(model: ModelSource, session_path: str | Path) -> Path | None:
    """The model file where it was saved, else beside the session as it was then; None if moved."""
    candidates = [Path(model.path)] if model.path else []
    if model.relative_path:
        candidates.append(Path(session_path).resolve().parent / model.relative_path)
    return next((c for c in candidates if c.is_file()), None)


# -- JSON ----------------------------------------------------------------------------------------
def state_to_json(state: SessionState) -> dict[str, Any]:
    """The state as plain JSON data (the image goes beside it as input.png)."""
    model = state.model
    return {
        "format": FORMAT,
        "version": VERSION,
        "app_version": state.app_version,
        "model": None if model is None else asdict(model),
        "input": {
            "file": "input.png",
            "width": int(state.image.shape[1]),
            "height": int(state.image.shape[0]),
        },
        "layer": state.layer,
        "unit": None if state.unit is None else list(state.unit),
        "unit_channel": state.unit_channel,
        "target_class": state.target_class,
        "device": state.device,
        "invert": state.invert,
        "functional": state.functional,
        "panels": state.panels,
        "view": {"large_fonts": state.large_fonts, "dock_state": base64.b64encode(state.dock_state).decode()},
    }


class Fields:
    """Typed reads from one JSON object; a wrong or missing field is a SessionError naming it."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise SessionError(f"{where} is not a JSON object")
        self.data, self.where = data, where

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., none: bool = False) -> Any:
        """``data[key]`` if it has type ``kind`` (or is null where ``none``); ``default`` if absent."""
        if key not in self.data:
            if default is ...:
                raise SessionError(f"{self.where} has no '{key}'")
            return default
        value = self.data[key]
        if value is None and none:
            return None
        bad_bool = isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))
        if not isinstance(value, kind) or bad_bool:
            raise SessionError(f"'{key}' in {self.where} has the wrong type ({type(value).__name__})")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        """A string field of at most MAX_TEXT characters."""
        value = self.get(key, str, ... if default is None else default)
        if len(value) > MAX_TEXT:
            raise SessionError(f"'{key}' in {self.where} is too long ({len(value)} characters)")
        return str(value)

    def index(self, key: str) -> int | None:
        """A non-negative whole number below MAX_INDEX, or null."""
        value = self.get(key, int, None, none=True)
        if value is not None and not 0 <= value < MAX_INDEX:
            raise SessionError(f"'{key}' in {self.where} is out of range ({value})")
        return value


def check_header(data: object) -> None:
    """The format name and version; a newer version gets its own message."""
    head = Fields(data, "session.json")
    if head.get("format", str, "") != FORMAT:
        raise SessionError("session.json does not name the cnnviz session format")
    version = head.get("version", int)
    if version > VERSION:
        raise SessionError(
            f"it was saved by a newer cnnviz (session format {version}; this version reads up to {VERSION})"
        )
    if version < 1:
        raise SessionError(f"unknown session format version {version}")


def model_from_json(data: object) -> ModelSource | None:
    """The model section (null: no model recorded)."""
    if data is None:
        return None
    fields = Fields(data, "'model'")
    kind = fields.text("kind")
    if kind not in MODEL_KINDS:
        raise SessionError(f"unknown model kind '{kind[:40]}'")
    sha = fields.text("sha256", "")
    if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
        raise SessionError("the model's sha256 is not 64 hex digits")
    name = fields.text("name")
    path = fields.text("path", "")
    if not name or (kind == "file" and not path):
        raise SessionError(f"the {kind} model has no {'path' if name else 'name'}")
    return ModelSource(
        kind,  # type: ignore[arg-type]
        name,
        fields.get("pretrained", bool, False),
        path,
        fields.text("relative_path", ""),
        sha,
        fields.get("arch_spec", dict, None, none=True),
    )


def panels_from_json(data: object) -> dict[str, dict[str, Any]]:
    """Each panel's options: an object per panel title (the panels check their own values)."""
    panels = Fields(data, "'panels'").data
    if len(panels) > MAX_PANELS:
        raise SessionError(f"too many panels ({len(panels)})")
    for title, options in panels.items():
        if len(title) > 100 or not isinstance(options, dict):
            raise SessionError(f"the options of panel '{title[:40]}' are not a JSON object")
    return dict(panels)


def dock_state_from(text: str) -> bytes:
    """The base64 dock layout, decoded and size-checked."""
    if len(text) > MAX_DOCK_STATE * 4 // 3 + 4:
        raise SessionError("the dock layout is too large")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SessionError(f"the dock layout is not base64 ({exc})") from exc


def state_from_json(data: object, image: np.ndarray) -> SessionState:
    """A checked SessionState from session.json's data and the decoded input image."""
    check_header(data)
    top = Fields(data, "session.json")
    unit = top.get("unit", list, None, none=True)
    if unit is not None:
        if len(unit) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in unit):
            raise SessionError("'unit' is not a [row, column] pair of whole numbers")
        if not all(0 <= v < MAX_INDEX for v in unit):
            raise SessionError("'unit' is out of range")
    invert = top.text("invert", "auto")
    if invert not in INVERT_CHOICES:
        raise SessionError(f"'invert' must be one of {', '.join(INVERT_CHOICES)}")
    view = Fields(top.get("view", dict, {}), "'view'")
    return SessionState(
        image=image,
        model=model_from_json(top.get("model", dict, None, none=True)),
        layer=top.text("layer", ""),
        unit=None if unit is None else (unit[0], unit[1]),
        unit_channel=top.index("unit_channel"),
        target_class=top.index("target_class"),
        device=top.text("device", ""),
        invert=invert,
        functional=top.get("functional", bool, False),
        panels=panels_from_json(top.get("panels", dict, {})),
        dock_state=dock_state_from(view.text("dock_state", "")),
        large_fonts=view.get("large_fonts", bool, False),
        app_version=top.text("app_version", ""),
    )
