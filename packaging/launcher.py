"""Entry script of the stand-alone app (packaging/cnnviz.spec): the same ``main`` as the
``cnnviz`` command."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # The synthetic data sets build in "spawn" worker processes; in a frozen app each child
    # re-runs this executable, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    from cnnviz.__main__ import main

    sys.exit(main())
