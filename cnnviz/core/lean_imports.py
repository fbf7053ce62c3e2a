"""Keep torch's GPU kernel compiler (Triton) out of the app's process.

Importing torchvision imports ``torch._dynamo``, which imports Triton whenever it is installed,
and the CUDA builds of torch install it. Triton serves only ``torch.compile``, which cnnviz never
uses, yet it costs about 70 MiB of resident memory and 40 ms at start-up. Blocked before torch is
imported, torch sees Triton as absent, as on a CPU-only install. ``CNNVIZ_ALLOW_TRITON=1`` lets it
in, for a model file whose own code imports it.
"""

from __future__ import annotations

import os
import sys

ALLOW_ENV = "CNNVIZ_ALLOW_TRITON"
BLOCKED = "triton"


def keep_triton_out() -> bool:
    """Make ``import triton`` fail in this process; True when applied.

    Only before torch is imported (a process never switches half-way), and not when the
    environment allows Triton.
    """
    if os.environ.get(ALLOW_ENV) or "torch" in sys.modules or BLOCKED in sys.modules:
        return False
    sys.modules[BLOCKED] = None  # type: ignore[assignment]  # import then raises ModuleNotFoundError
    return True


def blocked_import_hint(exc: BaseException) -> str:
    """What to do when a model file's code needed the blocked module; empty for other errors."""
    name = (exc.name or "") if isinstance(exc, ModuleNotFoundError) else ""
    if name.split(".")[0] == BLOCKED and sys.modules.get(BLOCKED, 0) is None:
        return f"the model's code imports Triton, which cnnviz leaves out: start cnnviz with {ALLOW_ENV}=1"
    return ""
