"""Entry point: ``cnnviz`` starts the app; ``cnnviz COMMAND ...`` runs the headless CLI."""

from __future__ import annotations

import sys

from cnnviz.cli import COMMANDS as CLI_COMMANDS  # light: the CLI imports torch only when it runs


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the CLI for a subcommand, otherwise start the desktop app."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in CLI_COMMANDS:
        from cnnviz.cli import main as cli_main

        return cli_main(args)
    from cnnviz.gui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
