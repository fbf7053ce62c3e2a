"""The freedesktop entry: valid, installed into a temporary home, and removed again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cnnviz.cli import main as cli_main
from cnnviz.desktop_entry import ENTRY_NAME, Places, entry_text, install, uninstall

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def validate(path: Path) -> None:
    """desktop-file-validate must accept ``path`` (skipped where the tool is not installed)."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.fixture
def places(tmp_path: Path) -> Places:
    (tmp_path / "Desktop").mkdir()
    return Places(
        tmp_path / "share" / "applications", tmp_path / "share" / "icons" / "hicolor", tmp_path / "Desktop"
    )


def test_packaged_entry_is_the_generated_one_and_valid() -> None:
    shipped = PACKAGING / "cnnviz.desktop"
    assert shipped.read_text(encoding="utf-8") == entry_text("cnnviz")
    validate(shipped)


def test_install_writes_entry_icons_and_launcher_then_uninstall_removes_them(places: Places) -> None:
    written = install(places, command="/opt/my env/bin/cnnviz")
    entry = places.applications / ENTRY_NAME
    assert entry in written and places.desktop is not None and (places.desktop / ENTRY_NAME) in written
    assert "Exec=/opt/my env/bin/cnnviz %f" in entry.read_text(encoding="utf-8")
    assert (places.icons / "scalable" / "apps" / "cnnviz.svg").is_file()
    png = places.icons / "48x48" / "apps" / "cnnviz.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert entry.stat().st_mode & 0o100
    validate(entry)
    removed = uninstall(places)
    assert sorted(removed) == sorted(written)
    assert not any(path.exists() for path in written)
    assert uninstall(places) == []


def test_cli_install_and_uninstall_use_the_xdg_folders(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DESKTOP_DIR", str(tmp_path / "nowhere"))  # no desktop folder: menu only
    assert cli_main(["install-desktop"]) == 0
    entry = tmp_path / "data" / "applications" / ENTRY_NAME
    assert entry.is_file() and "menu entry" in capsys.readouterr().out
    assert not (tmp_path / "nowhere").exists()
    assert cli_main(["install-desktop", "--uninstall"]) == 0
    assert not entry.exists()
    assert "removed" in capsys.readouterr().out
