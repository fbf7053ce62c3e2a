"""torch.fx tracing that other threads' forward passes survive.

While ``fx.Tracer.trace`` runs it replaces ``nn.Module.__call__`` and ``__getattr__``
for the whole process. A model running in another thread at that moment (the
training worker, the inference worker) would go through the tracer and fail with
"module is not installed as a submodule". :class:`ThreadSafeTracer` lets calls
from other threads through unchanged, and one lock keeps two traces from
interleaving (each restores what it found, so interleaved traces could leave the
patch in place for good).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from torch import fx, nn

TRACE_LOCK = threading.RLock()


class ThreadSafeTracer(fx.Tracer):
    """fx's tracer, tracing only the calls made by the thread that traces."""

    _tracing_thread: int | None = None

    def trace(
        self, root: nn.Module | Callable[..., Any], concrete_args: dict[str, Any] | None = None
    ) -> fx.Graph:
        """The graph of ``root``; one trace at a time in the process."""
        with TRACE_LOCK:
            self._tracing_thread = threading.get_ident()
            try:
                return super().trace(root, concrete_args)
            finally:
                self._tracing_thread = None

    def _is_foreign(self) -> bool:
        return threading.get_ident() != self._tracing_thread

    def call_module(
        self, m: nn.Module, forward: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """Another thread's module call runs as if nothing were traced."""
        if self._is_foreign():
            return forward(*args, **kwargs)
        return super().call_module(m, forward, args, kwargs)

    def getattr(self, attr: str, attr_val: Any, parameter_proxy_cache: dict[str, fx.Proxy]) -> Any:
        """Another thread reads the module's real attributes."""
        if self._is_foreign():
            return attr_val
        return super().getattr(attr, attr_val, parameter_proxy_cache)


class LeafTracer(ThreadSafeTracer):
    """Also keeps every module without children as one call (as the recorder names layers)."""

    def is_leaf_module(self, m: nn.Module, module_qualified_name: str) -> bool:
        return super().is_leaf_module(m, module_qualified_name) or not any(True for _ in m.children())


def symbolic_trace(root: nn.Module) -> fx.GraphModule:
    """``torch.fx.symbolic_trace`` with :class:`ThreadSafeTracer`."""
    tracer = ThreadSafeTracer()
    graph = tracer.trace(root)
    return fx.GraphModule(tracer.root, graph, type(root).__name__)
