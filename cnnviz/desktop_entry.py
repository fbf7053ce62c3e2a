"""``cnnviz install-desktop``: a menu entry and a desktop icon for the current user (freedesktop).

Writes ``cnnviz.desktop`` into ``$XDG_DATA_HOME/applications`` (default
``~/.local/share/applications``), the icons into the hicolor theme under
``$XDG_DATA_HOME/icons``, and a launcher onto the desktop folder
(``$XDG_DESKTOP_DIR``, else ``~/Desktop`` when it exists). ``--uninstall`` removes
exactly those files. No Qt, no torch: it runs in a fraction of a second.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cnnviz.core.resources import resources_dir

ENTRY_NAME = "cnnviz.desktop"
ICON_NAME = "cnnviz"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
TEMPLATE = """[Desktop Entry]
Type=Application
Version=1.4
Name=cnnviz
GenericName=CNN Visualiser
GenericName[es]=Visualizador de redes convolucionales
Comment=See inside convolutional neural networks: draw a digit and watch every layer respond
Comment[es]=Mira dentro de las redes neuronales convolucionales: dibuja un dígito y observa cada capa
Exec={exec} %f
Icon={icon}
Terminal=false
StartupNotify=true
StartupWMClass=cnnviz
Categories=Education;ArtificialIntelligence;
Keywords=neural network;CNN;convolution;deep learning;activation;red neuronal;convolución;
MimeType=image/png;image/jpeg;image/bmp;image/gif;image/webp;
"""


@dataclass(frozen=True)
class Places:
    """Where the entry, the icons and the desktop launcher go."""

    applications: Path
    icons: Path
    desktop: Path | None

    @classmethod
    def for_user(cls) -> Places:
        """The current user's folders, from the XDG variables or their defaults."""
        home = Path.home()
        data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
        desktop_env = os.environ.get("XDG_DESKTOP_DIR")
        desktop = Path(desktop_env) if desktop_env else home / "Desktop"
        return cls(data / "applications", data / "icons" / "hicolor", desktop if desktop.is_dir() else None)


def launcher_command() -> str:
    """How the desktop starts this installation: the ``cnnviz`` script beside Python, else ``-m``."""
    script = Path(sys.executable).parent / "cnnviz"
    if script.is_file():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m cnnviz"


def entry_text(command: str, icon: str = ICON_NAME) -> str:
    """The .desktop file for ``command`` (the Exec line) and ``icon`` (a theme name or a path)."""
    return TEMPLATE.format(exec=command, icon=icon)


def icon_files(places: Places) -> list[tuple[Path, Path]]:
    """(shipped icon, installed path) for the SVG and every PNG size."""
    icons = resources_dir() / "icons"
    pairs = [(icons / "cnnviz.svg", places.icons / "scalable" / "apps" / f"{ICON_NAME}.svg")]
    for size in PNG_SIZES:
        target = places.icons / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        pairs.append((icons / f"cnnviz-{size}.png", target))
    return pairs


def install(places: Places | None = None, command: str | None = None) -> list[Path]:
    """Write the menu entry, the icons and the desktop launcher; return what was written."""
    places = places or Places.for_user()
    written: list[Path] = []
    for source, target in icon_files(places):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    text = entry_text(command or launcher_command())
    targets = [places.applications / ENTRY_NAME]
    if places.desktop is not None:
        targets.append(places.desktop / ENTRY_NAME)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR)  # desktops only start trusted launchers
        written.append(target)
    return written


def uninstall(places: Places | None = None) -> list[Path]:
    """Remove what :func:`install` writes; return what was removed."""
    places = places or Places.for_user()
    candidates = [target for _source, target in icon_files(places)]
    candidates.append(places.applications / ENTRY_NAME)
    if places.desktop is not None:
        candidates.append(places.desktop / ENTRY_NAME)
    removed = [path for path in candidates if path.is_file()]
    for path in removed:
        path.unlink()
    return removed
