"""cnnviz.core (and the headless CLI) must work without Qt or pyqtgraph."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import cnnviz.core

CORE_DIR = Path(cnnviz.core.__file__).parent
QT_ROOTS = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy"}
REPO_ROOT = CORE_DIR.parent.parent


def core_modules() -> list[str]:
    return sorted(f"cnnviz.core.{m.name}" for m in pkgutil.iter_modules([str(CORE_DIR)]))


def imported_roots(tree: ast.AST) -> set[str]:
    """Top-level package names imported anywhere in a module (also inside functions)."""
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                roots.add(first.value.split(".")[0])
    return roots


def test_core_has_the_expected_modules() -> None:
    names = core_modules()
    for expected in ("builtins", "preprocess", "recording", "sources", "grid", "layers"):
        assert f"cnnviz.core.{expected}" in names


def test_importing_all_of_core_in_a_fresh_interpreter_loads_no_qt() -> None:
    modules = [*core_modules(), "cnnviz.cli"]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(QT_ROOTS)!r})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_detector_finds_qt_imports() -> None:
    source = (
        "def f():\n    from PySide6 import QtCore\nimport importlib\nimportlib.import_module('pyqtgraph.x')\n"
    )
    assert {"PySide6", "pyqtgraph"} <= imported_roots(ast.parse(source))


def test_no_core_source_file_imports_qt() -> None:
    files = sorted(CORE_DIR.rglob("*.py"))
    assert len(files) >= 10
    offenders = {}
    for path in files:
        bad = imported_roots(ast.parse(path.read_text(encoding="utf-8"))) & QT_ROOTS
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}
