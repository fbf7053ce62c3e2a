"""A private X server (Xvfb) for real-window tests and screenshots, and Qt's xcb prerequisites."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

X_SOCKETS = Path("/tmp/.X11-unix")
START_TIMEOUT_S = 15.0
ATTEMPTS = 3  # another process may take the same display number at the same moment


def xcb_plugin() -> Path:
    """PySide6's xcb platform plugin (the one QT_QPA_PLATFORM=xcb loads)."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_libraries(library: Path) -> list[str]:
    """Shared libraries ``library`` needs that the system lacks (ldd's "not found" lines)."""
    if shutil.which("ldd") is None:
        return []
    lines = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=False).stdout
    return [line.split("=>")[0].strip() for line in lines.splitlines() if "not found" in line]


def unavailable_reason() -> str | None:
    """Why this machine cannot show a real X window under Xvfb, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "a real X window is tested on Linux only"
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (apt-get install xvfb)"
    if not xcb_plugin().exists():
        return f"Qt's xcb platform plugin is missing: {xcb_plugin()}"
    missing = missing_libraries(xcb_plugin())
    if missing:
        return "Qt's xcb plugin needs libraries that are missing: " + ", ".join(missing)
    return None


def free_display() -> int:
    """A display number with neither a socket nor a lock file."""
    for number in random.sample(range(200, 1200), 200):
        if not (X_SOCKETS / f"X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def start_server(number: int, size: str) -> subprocess.Popen[bytes] | None:
    """Xvfb on ``:number``, once its socket is there; None when it did not come up."""
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while server.poll() is None and time.monotonic() < deadline:
        if (X_SOCKETS / f"X{number}").exists():
            return server
        time.sleep(0.05)
    stop_server(server)
    return None


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Terminate Xvfb (kill it if it lingers)."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def xvfb(size: str = "1600x1000x24") -> Iterator[str]:
    """A fresh Xvfb server (WIDTHxHEIGHTxDEPTH); yields its DISPLAY, ":N"."""
    for _attempt in range(ATTEMPTS):
        number = free_display()
        server = start_server(number, size)
        if server is None:
            continue
        try:
            yield f":{number}"
        finally:
            stop_server(server)
        return
    raise RuntimeError(f"Xvfb did not start ({ATTEMPTS} display numbers tried)")


def app_environment(display: str, home: Path, repo: Path) -> dict[str, str]:
    """The environment of an app on ``display`` with Qt's xcb platform; its data, caches and
    config in ``home`` (never the user's), cnnviz and tests importable from ``repo``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(repo),
    )
    return env
