"""A process that saves one file over and over until it is killed (run by test_killed_saves).

python -m tests.reliability.save_loop checkpoint|session PATH

It writes version 0 once, prints "ready", then alternates versions 1 and 0 forever, as
the app does when it autosaves a checkpoint each epoch or saves a session again. A
checkpoint's version is the value of every weight; a session's, the value of every pixel.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path

VALUES = (1.0, 2.0)  # version 0 and version 1 of the weights (checkpoints)
PIXELS = (40, 200)  # version 0 and version 1 of the canvas (sessions)


def checkpoint_saver(path: Path) -> Callable[[int], None]:
    """Save LeNet-5 with every weight set to VALUES[version]."""
    import torch

    from cnnviz.core.checkpoint import save_checkpoint
    from cnnviz.core.sources import load_builtin

    bundle = load_builtin("lenet5", weights=False)

    def save(version: int) -> None:
        with torch.no_grad():
            for parameter in bundle.module.parameters():
                parameter.fill_(VALUES[version])
        save_checkpoint(bundle, path, history={"version": version})

    return save


def session_saver(path: Path) -> Callable[[int], None]:
    """Save a session whose canvas is PIXELS[version] everywhere."""
    import numpy as np

    from cnnviz.core.session_file import SessionState, save_session

    states = [
        SessionState(image=np.full((280, 280, 3), value, np.uint8), layer=f"conv{version + 1}")
        for version, value in enumerate(PIXELS)
    ]

    def save(version: int) -> None:
        save_session(path, states[version])

    return save


def main(kind: str, path: str) -> None:
    save = (checkpoint_saver if kind == "checkpoint" else session_saver)(Path(path))
    save(0)
    print("ready", flush=True)
    for version in itertools.cycle((1, 0)):
        save(version)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
