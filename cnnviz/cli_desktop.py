"""``cnnviz install-desktop [--uninstall]``: add (or remove) the menu entry and desktop icon."""

from __future__ import annotations

import argparse
from typing import Any

DESKTOP_COMMANDS = ("install-desktop",)


def add_parsers(subparsers: Any) -> None:
    """Add the ``install-desktop`` subcommand (its handler is :func:`run`)."""
    parser = subparsers.add_parser(
        "install-desktop",
        help="add a menu entry and a desktop icon for the current user (Linux desktops)",
        description="Write cnnviz.desktop and its icons into the current user's folders "
        "(XDG_DATA_HOME, the desktop folder); --uninstall removes them again.",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove the entry and the icons")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Install or uninstall, then say what changed."""
    from cnnviz.desktop_entry import Places, install, uninstall

    places = Places.for_user()
    if args.uninstall:
        removed = uninstall(places)
        print(f"removed {len(removed)} files" if removed else "nothing to remove: cnnviz was not installed")
        return 0
    written = install(places)
    print(f"menu entry: {places.applications / 'cnnviz.desktop'}")
    if places.desktop is not None:
        print(f"desktop icon: {places.desktop / 'cnnviz.desktop'}")
    print(f"{len(written)} files written; remove them with: cnnviz install-desktop --uninstall")
    return 0
