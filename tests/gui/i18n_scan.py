"""Find user-visible strings in cnnviz/gui that bypass Qt's translation system.

A string literal (or f-string) with letters passed straight to a Qt call that shows
text — ``QLabel("Layer")``, ``button.setToolTip(f"…")``, ``menu.addAction("&Open")`` —
is never translated. Wrapped strings (``self.tr("Layer")``,
``QCoreApplication.translate("Ctx", "Layer")``) pass. Run as a script to list the
offenders per file: ``.venv/bin/python -m tests.gui.i18n_scan [files…]``.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "cnnviz" / "gui"

# Calls whose string arguments are shown to the user.
TEXT_CALLS = frozenset(
    {
        "setText",
        "setToolTip",
        "setWindowTitle",
        "setStatusTip",
        "setWhatsThis",
        "showMessage",
        "setPlaceholderText",
        "setTitle",
        "addItem",
        "addItems",
        "addAction",
        "addMenu",
        "addTab",
        "insertTab",
        "setTabText",
        "setTabToolTip",
        "addRow",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setSuffix",
        "setPrefix",
        "setSpecialValueText",
        "setInformativeText",
        "setDetailedText",
        "setLabelText",
        "setHtml",
        "setFormat",
        "addButton",
        "information",
        "warning",
        "critical",
        "question",
        "getOpenFileName",
        "getSaveFileName",
        "getExistingDirectory",
        "getText",
        "getItem",
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QToolButton",
        "QMenu",
        "QMessageBox",
    }
)
# Literals that read the same in every language (symbols, units, file patterns, proper names).
UNTRANSLATED = re.compile(
    r"^[\W\d_]*$"  # no letters at all
    r"|^(cnnviz|PNG|SVG|PDF|ONNX|CUDA|CPU|MPS|ReLU|Grad-CAM|SmoothGrad|LeNet-5|TinyVGG|[A-Z]|[xyXY]|px|ms|fps)$"
)


def letters_in(node: ast.expr) -> str | None:
    """The text of a literal or f-string that needs translation, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        return None if UNTRANSLATED.match(text) else text
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        text = "".join(parts).strip()
        return None if UNTRANSLATED.match(text) else f"f'{text}…'"
    if isinstance(node, (ast.List, ast.Tuple)):
        found = [t for t in (letters_in(e) for e in node.elts) if t]
        return found[0] if found else None
    return None


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def offenders(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line, call, text) for every untranslated visible string in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or call_name(node) not in TEXT_CALLS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg in {"text", "title"})]:
            text = letters_in(arg)
            if text:
                yield node.lineno, call_name(node), text


def gui_files() -> list[Path]:
    return sorted(GUI.rglob("*.py"))


def main(argv: list[str]) -> int:
    files = [Path(a).resolve() for a in argv] or gui_files()
    total = 0
    for path in files:
        for line, call, text in offenders(path):
            print(f"{path.relative_to(GUI.parents[1])}:{line}: {call}({text!r})")
            total += 1
    print(f"{total} untranslated strings", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
