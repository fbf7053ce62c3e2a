"""Checks on the Qt translation sources (.ts) that every translation group's tests share."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    """(context name, <message> element) of every message of a .ts file."""
    root = ET.parse(path).getroot()
    return [(c.findtext("name") or "", m) for c in root.iter("context") for m in c.iter("message")]


def markers(text: str) -> list[str]:
    """What a translation must keep: {placeholders}, %n / %Ln, HTML tags, line breaks."""
    return sorted(re.findall(r"\{\w+\}|%L?n|<[^>]+>|\n", text))


def assert_spanish_complete(path: Path, at_least: int) -> None:
    """Every message finished, with one form (two for a plural), none empty, and each form
    keeping the source's placeholders, tags and line breaks."""
    found = messages(path)
    assert len(found) >= at_least
    for context, message in found:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        assert len(forms) == (2 if message.get("numerus") == "yes" else 1), (context, source)
        for form in forms:
            assert form, (context, source)
            assert markers(form) == markers(source), (context, source, form)


def assert_up_to_date(ts: Path, sources: list[Path], scratch: Path) -> None:
    """lupdate on a copy of ``ts`` finds no message the file lacks (nothing new, nothing unfinished)."""
    copy = scratch / ts.name
    copy.write_bytes(ts.read_bytes())
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    args = [str(lupdate), *map(str, sources), "-source-language", "en", "-target-language", "es"]
    run = subprocess.run(
        [*args, "-no-obsolete", "-ts", str(copy)], capture_output=True, text=True, check=True
    )
    assert "(0 new and" in run.stdout, run.stdout
    assert all(m.find("translation").get("type") is None for _c, m in messages(copy))  # type: ignore[union-attr]
