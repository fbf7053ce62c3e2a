"""Imported before torch by the benchmarks that run the app: the process then leaves Triton out, as
``cnnviz`` itself does (:mod:`cnnviz.core.lean_imports`), so they measure the app as shipped."""

from cnnviz.core.lean_imports import keep_triton_out

keep_triton_out()
