"""Build the stand-alone cnnviz application (one folder, dist/cnnviz/) and measure it.

.venv/bin/pip install -e ".[packaging]"
.venv/bin/python packaging/build_app.py               # build, print the folder's size
.venv/bin/python packaging/build_app.py --measure 5   # then time 5 starts: bundle vs venv
.venv/bin/python packaging/build_app.py --no-build --measure 5   # time the existing bundle

A start is timed from spawning the process to the moment the main window shows the first
prediction of the shipped LeNet-5 for a drawn digit ($CNNVIZ_SMOKE_TEST, see
cnnviz/gui/smoke.py), offscreen, without network where `unshare -n` is allowed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "cnnviz.spec"
DIST = ROOT / "dist"
BUNDLE = DIST / "cnnviz"
EXECUTABLE = BUNDLE / ("cnnviz.exe" if sys.platform == "win32" else "cnnviz")
VENV_COMMAND = Path(sys.executable).with_name("cnnviz.exe" if sys.platform == "win32" else "cnnviz")
SOURCES = (ROOT / "cnnviz", ROOT / "resources", SPEC, ROOT / "packaging" / "launcher.py")
SEVEN = [((60, 60), (220, 60)), ((220, 60), (120, 230))]  # two strokes on a 280×280 canvas


def build() -> Path:
    """Run PyInstaller with the spec; the bundle lands in dist/cnnviz/."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean"]
    command += ["--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"), str(SPEC)]
    subprocess.run(command, cwd=ROOT, check=True)
    return BUNDLE


def bundle_is_current() -> bool:
    """Whether dist/cnnviz/ exists and is newer than every source file it was built from."""
    if not EXECUTABLE.exists():
        return False
    built = EXECUTABLE.stat().st_mtime
    files = [p for s in SOURCES for p in ([s] if s.is_file() else s.rglob("*")) if p.is_file()]
    return all(p.stat().st_mtime < built for p in files if "__pycache__" not in p.parts)


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``, links not followed."""
    sizes = [p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(sizes), len(sizes)


def digit_image(path: Path) -> Path:
    """A white 7 on black, 280×280 PNG: what the canvas would hold."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(image)
    for start, end in SEVEN:
        draw.line([start, end], fill=255, width=24)
    image.save(path)
    return path


def offline_prefix() -> list[str]:
    """``unshare -n`` (or ``-rn``) where this machine allows a process without network; else []."""
    if not shutil.which("unshare"):
        return []
    for flags in ("-n", "-rn"):
        if subprocess.run(["unshare", flags, "true"], capture_output=True).returncode == 0:
            return ["unshare", flags]
    return []


def smoke_env(config: Path) -> dict[str, str]:
    """Offscreen, a fresh settings folder, no resource override, the smoke report on."""
    env = {k: v for k, v in os.environ.items() if k != "CNNVIZ_RESOURCES"}
    env.update(QT_QPA_PLATFORM="offscreen", CNNVIZ_SMOKE_TEST="1", XDG_CONFIG_HOME=str(config))
    return env


def timed_start(command: list[str], image: Path, env: dict[str, str]) -> tuple[float, str, int]:
    """(seconds from spawn to the ready line, that line, exit status) of one start."""
    start = time.time()
    out = subprocess.run([*command, str(image)], env=env, capture_output=True, text=True, timeout=300)
    ready = [line for line in out.stdout.splitlines() if line.startswith("ready ")]
    if not ready:
        raise RuntimeError(f"no ready line (exit {out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")
    return float(ready[0].split()[1]) - start, ready[0], out.returncode


def measure(runs: int) -> None:
    """Median start time of the bundle and of the venv's cnnviz, alternating, after a warm-up."""
    offline = offline_prefix()
    with tempfile.TemporaryDirectory() as tmp:
        image = digit_image(Path(tmp) / "seven.png")
        commands = {"bundle": [*offline, str(EXECUTABLE)], "venv": [*offline, str(VENV_COMMAND)]}
        envs = {name: smoke_env(Path(tmp) / name) for name in commands}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(runs + 1):  # round 0 warms the file cache and writes the settings
            for name, command in commands.items():
                seconds, line, _code = timed_start(command, image, envs[name])
                print(f"{name:6} {seconds:6.2f} s  {line.split(' ', 2)[2]}", flush=True)
                if round_:
                    times[name].append(seconds)
    network = "no network (unshare)" if offline else "network available"
    print(f"start → first prediction shown, median of {runs} ({network}):")
    for name, values in times.items():
        print(
            f"  {name:6} {statistics.median(values):6.2f} s   (min {min(values):.2f}, max {max(values):.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="skip the build when dist/cnnviz/ is current")
    parser.add_argument("--no-build", action="store_true", help="use dist/cnnviz/ as it is")
    parser.add_argument("--measure", type=int, default=0, metavar="RUNS", help="time RUNS starts each")
    args = parser.parse_args()
    if not (args.no_build or (args.reuse and bundle_is_current())):
        started = time.time()
        build()
        print(f"built in {time.time() - started:.0f} s")
    size, files = folder_size(BUNDLE)
    print(f"{BUNDLE}: {size / 1e6:,.0f} MB ({size / 2**30:.2f} GiB), {files:,} files")
    if args.measure:
        measure(args.measure)


if __name__ == "__main__":
    main()
