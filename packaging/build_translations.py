"""Update the translation sources and compile them: the "lupdate report".

    python packaging/build_translations.py               # every group: lupdate, then lrelease
    python packaging/build_translations.py --group shell # one group's .ts, then lrelease
    python packaging/build_translations.py --check       # change nothing; exit 1 if anything is missing

Each group of source files has its own ``resources/i18n/es/<group>.ts`` (every message) and
``resources/i18n/en/<group>.ts`` (plural forms only: the source texts are English). lrelease
merges them into ``resources/i18n/cnnviz_es.qm`` and ``cnnviz_en.qm``. The report prints each
group's messages and how many are finished and unfinished. ``--check`` runs lupdate on copies
(so a string added to the code and not yet translated counts as unfinished) and compiles to a
temporary file (a .qm that differs from it is stale).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
GUI = ROOT / "cnnviz" / "gui"
LANGUAGES = ("es", "en")
NOT_SHELL = {"class_names.py", "training_worker.py"}


def group_files() -> dict[str, list[Path]]:
    """The source files of each group (see the table in README ▸ Language)."""
    return {
        "shell": sorted(p for p in GUI.glob("*.py") if p.name not in NOT_SHELL),
        "panels_a": sorted(p for p in (GUI / "panels").glob("[a-f]*.py")),
        "panels_b": sorted(p for p in (GUI / "panels").glob("[g-z]*.py")),
        "training": sorted(
            p
            for p in [*(GUI / "training").glob("*.py"), GUI / "training_worker.py", GUI / "class_names.py"]
            if p.exists()
        ),
    }


def tool(name: str) -> str:
    """A PySide6 tool (pyside6-lupdate, pyside6-lrelease) beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def ts_path(group: str, language: str, folder: Path = I18N) -> Path:
    return folder / language / f"{group}.ts"


def lupdate(files: list[Path], ts: Path, language: str) -> None:
    """Extract the messages of ``files`` into ``ts`` (English: plural forms only)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("pyside6-lupdate"), *(str(f.relative_to(ROOT)) for f in files)]
    command += ["-source-language", "en", "-target-language", language]
    command += ["-pluralonly"] if language == "en" else []
    command += ["-no-obsolete", "-ts", str(ts)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)


def lrelease(language: str, qm: Path, folder: Path = I18N) -> None:
    """Compile every group's .ts of ``language`` into one .qm."""
    sources = sorted((folder / language).glob("*.ts"))
    command = [tool("pyside6-lrelease"), *map(str, sources), "-qm", str(qm)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)


@dataclass(frozen=True)
class Counts:
    """The messages of one .ts file."""

    messages: int
    finished: int

    @property
    def unfinished(self) -> int:
        return self.messages - self.finished


def count(ts: Path) -> Counts:
    """Messages and finished translations (a plural is finished when every form is filled)."""
    if not ts.exists():
        return Counts(0, 0)
    messages = finished = 0
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type", "") if translation is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        messages += 1
        forms = translation.findall("numerusform") if translation is not None else []
        texts = [f.text for f in forms] if forms else [translation.text if translation is not None else ""]
        finished += kind != "unfinished" and all(texts)
    return Counts(messages, finished)


def report(groups: list[str], folder: Path = I18N) -> int:
    """Print each group's counts; the number of unfinished entries in all."""
    unfinished = 0
    print(f"{'group':<10} {'language':<8} {'messages':>8} {'finished':>8} {'unfinished':>10}")
    for group in groups:
        for language in LANGUAGES:
            counts = count(ts_path(group, language, folder))
            unfinished += counts.unfinished
            print(
                f"{group:<10} {language:<8} {counts.messages:>8} {counts.finished:>8} {counts.unfinished:>10}"
            )
    return unfinished


def build(groups: list[str]) -> int:
    """Update the chosen groups' .ts files, compile every language, report."""
    files = group_files()
    for group in groups:
        for language in LANGUAGES:
            lupdate(files[group], ts_path(group, language), language)
    for language in LANGUAGES:
        lrelease(language, I18N / f"cnnviz_{language}.qm")
    report(list(files))
    return 0


def check() -> int:
    """Nothing unfinished once the sources are scanned again, and every .qm up to date; 0 if so."""
    files = group_files()
    problems = []
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary)
        for group in files:
            for language in LANGUAGES:
                source, target = ts_path(group, language), ts_path(group, language, copy)
                target.parent.mkdir(parents=True, exist_ok=True)
                if source.exists():
                    shutil.copy(source, target)
                lupdate(files[group], target, language)
        if report(list(files), copy):
            problems.append("unfinished translations: translate them, then run this script")
        for language in LANGUAGES:
            fresh, shipped = copy / f"cnnviz_{language}.qm", I18N / f"cnnviz_{language}.qm"
            lrelease(language, fresh)  # from the .ts files as they are
            if not shipped.exists() or not filecmp.cmp(fresh, shipped, shallow=False):
                problems.append(f"{shipped.relative_to(ROOT)} is stale: run this script")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=sorted(group_files()), help="update only this group's .ts files")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is missing")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    return build([args.group] if args.group else list(group_files()))


if __name__ == "__main__":
    raise SystemExit(main())
