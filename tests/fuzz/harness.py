"""What every fuzzed loader call must satisfy, and how many cases each loader gets.

A call either succeeds or raises one of the project's user errors
(:func:`cnnviz.cli_common.is_user_error`) whose message is one line, names
the file and holds no traceback; it uses at most :data:`LIMIT_S` seconds of
CPU time and :data:`WALL_LIMIT_S` of wall-clock time (more, so that a busy
machine is not mistaken for a hang; waiting on something, a child process
say, shows there) and never grows the process's peak memory by more than :data:`GROWTH_LIMIT`
(an address-space cap turns a runaway allocation into a failure, not a
frozen machine). ``quick`` runs in the normal test run (derandomised, a few
hundred cases in all); ``full`` (``-m slow``) runs :data:`FULL_TOTAL` cases,
or ``$CNNVIZ_FUZZ_EXAMPLES`` in all, shared in the same proportions. With
``$CNNVIZ_FUZZ_REPORT`` set to a file, each loader appends one JSON line
(cases, seconds, failures) to it. With ``$CNNVIZ_FUZZ_KEEP`` set to a folder,
each case's files are written to ``<folder>/case`` (emptied between cases), so
the files of a case that kills the process (a segmentation fault) stay there;
with ``$CNNVIZ_FUZZ_COLLECT`` also set, failing cases do not stop the run: each
is kept in ``<folder>/failures/<n>`` and listed in ``<folder>/failures.jsonl``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz.cli_common import is_user_error

T = TypeVar("T")
LIMIT_S = 5.0
WALL_LIMIT_S = 20.0
GROWTH_LIMIT = 1536 << 20  # peak resident memory one loader's cases may add, in bytes
ADDRESS_HEADROOM = 6 << 30  # address space one case may add before allocations fail
EXAMPLES_ENV = "CNNVIZ_FUZZ_EXAMPLES"
REPORT_ENV = "CNNVIZ_FUZZ_REPORT"
KEEP_ENV = "CNNVIZ_FUZZ_KEEP"
COLLECT_ENV = "CNNVIZ_FUZZ_COLLECT"
# Cases per loader in the full run (they add up to FULL_TOTAL); the quick run takes 1/QUICK_SHARE.
FULL_CASES = {
    "image file": 1800,
    "image bytes": 600,
    "image header size": 600,
    "state_dict": 900,
    "state_dict (legacy format)": 300,
    "checkpoint": 500,
    "safetensors": 500,
    "pickled model": 300,
    "pickled model, trusted": 200,
    "torchscript": 400,
    "onnx": 500,
    "torch.export": 300,
    "foreign and random files": 500,
    "load_checkpoint": 500,
    "checkpoint (content)": 600,
    "image folder": 400,
    "mnist idx": 400,
    "gunzip": 300,
    "untar": 400,
    "builder json": 600,
    "builder json (structure)": 400,
    "top-9 cache": 600,
    "session": 600,
}
FULL_TOTAL = sum(FULL_CASES.values())
QUICK_SHARE = 30
PROFILES = [pytest.param("quick", id="quick"), pytest.param("full", id="full", marks=pytest.mark.slow)]


class LoaderHang(BaseException):
    """A loader call ran past the time limit (a BaseException: loaders' ``except Exception`` let it by)."""


def examples(loader: str, profile: str) -> int:
    """How many cases `loader` gets in `profile`."""
    full = FULL_CASES[loader]
    if profile == "quick":
        return max(5, full // QUICK_SHARE)
    total = int(os.environ.get(EXAMPLES_ENV, FULL_TOTAL))
    return max(1, round(full * total / FULL_TOTAL))


def peak_rss() -> int:
    """Peak resident memory of this process so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def address_space() -> int:
    """The process's current virtual size, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


@contextmanager
def limits(seconds: float = WALL_LIMIT_S) -> Iterator[None]:
    """Raise :class:`LoaderHang` after `seconds` (plus a second); cap the address space meanwhile."""

    def expire(_signum: int, _frame: object) -> None:
        raise LoaderHang(f"still running after {seconds + 1:g} s")

    old_handler = signal.signal(signal.SIGALRM, expire)
    old_cap = resource.getrlimit(resource.RLIMIT_AS)
    used = address_space()
    if used:
        resource.setrlimit(resource.RLIMIT_AS, (used + ADDRESS_HEADROOM, old_cap[1]))
    signal.setitimer(signal.ITIMER_REAL, seconds + 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, old_cap)


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and its causes and contexts."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def check_rejection(
    exc: Exception, names: Sequence[str], also: tuple[type[Exception], ...] = (), trusted: bool = False
) -> None:
    """A user error (or one of `also`) in one clear line naming the file, not a failed allocation.

    `trusted`: the file was trusted (a pickle runs whatever it says), so allocations are not checked.
    """
    message = str(exc)
    kind = f"{type(exc).__module__}.{type(exc).__name__}"
    assert is_user_error(exc) or isinstance(exc, also), f"{kind} is not a user error: {message}"
    assert message.strip(), f"{type(exc).__name__} without a message"
    assert "\n" not in message and "Traceback" not in message, f"not one line: {message!r}"
    assert any(name in message for name in names), f"the message names none of {list(names)}: {message}"
    for link in exception_chain(exc) if not trusted else ():
        assert not isinstance(link, MemoryError), f"ran out of memory on a claimed size: {message}"
        assert "can't allocate memory" not in str(link), f"tried to allocate a claimed size: {link}"


WARM_UP_S = 120.0  # the first call of a loader imports its libraries (torchvision, onnx2torch, …)
_limit = {"seconds": LIMIT_S, "wall": WALL_LIMIT_S}
slowest = {"cpu": 0.0, "wall": 0.0}  # the slowest call of the loader being fuzzed


def assert_one_line(exc: BaseException, name: str) -> None:
    """The error's message is one line naming `name`, without a traceback."""
    message = str(exc)
    assert name in message and "\n" not in message and "Traceback" not in message, message


def attempt(
    load: Callable[[], Any],
    names: Sequence[str],
    also: tuple[type[Exception], ...] = (),
    trusted: bool = False,
) -> Any:
    """Run one loader call and check it: success (its result) or a clean rejection (None).

    `also`: error types accepted besides the user errors (a loader's own, handled by its caller).
    """
    seconds, wall_limit = _limit["seconds"], _limit["wall"]
    start, cpu_start = time.monotonic(), time.process_time()
    error: Exception | None = None
    result = None
    with limits(wall_limit):
        try:
            result = load()
        except Exception as exc:  # checked below: only user errors may come out
            error = exc
    wall, cpu = time.monotonic() - start, time.process_time() - cpu_start
    slowest.update(cpu=max(slowest["cpu"], cpu), wall=max(slowest["wall"], wall))
    assert cpu <= seconds, f"used {cpu:.1f} s of CPU time (limit {seconds:g} s)"
    assert wall <= wall_limit, f"took {wall:.1f} s (limit {wall_limit:g} s)"
    if error is not None:
        check_rejection(error, names, also, trusted)
    return result


def fuzz(
    loader: str,
    profile: str,
    strategy: st.SearchStrategy[T],
    case: Callable[[T, Path], None],
    warm_up: T | None = None,
) -> None:
    """Run `case(value, fresh temporary folder)` on `examples(loader, profile)` generated values.

    `warm_up`, a valid value, runs first without the time limit (it loads the loader's libraries).
    """
    if warm_up is not None:
        _limit.update(seconds=WARM_UP_S, wall=WARM_UP_S)
        try:
            with case_folder() as folder:
                case(warm_up, folder)
        finally:
            _limit.update(seconds=LIMIT_S, wall=WALL_LIMIT_S)
    stats = {"cases": 0, "failures": 0}
    slowest.update(cpu=0.0, wall=0.0)
    baseline = peak_rss()

    def one(value: T) -> None:
        stats["cases"] += 1
        try:
            with case_folder() as folder:
                case(value, folder)
            grown = peak_rss() - baseline
            assert grown <= GROWTH_LIMIT, f"peak memory grew by {grown >> 20} MiB"
        except BaseException as exc:
            stats["failures"] += 1
            if not (os.environ.get(COLLECT_ENV) and os.environ.get(KEEP_ENV)):
                raise
            collect(loader, exc)

    run = settings(
        max_examples=examples(loader, profile),
        derandomize=profile == "quick",
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(one))
    start = time.monotonic()
    try:
        run()
    finally:
        report(loader, profile, stats, time.monotonic() - start)


def collect(loader: str, exc: BaseException) -> None:
    """Keep a failing case's files and one line about it (``$CNNVIZ_FUZZ_COLLECT`` mode)."""
    keep = Path(os.environ[KEEP_ENV])
    failures = keep / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    number = len(list(failures.iterdir()))
    shutil.copytree(keep / "case", failures / str(number))
    where = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in traceback.extract_tb(exc.__traceback__)]
    inner = exc.__context__ or exc.__cause__
    line = {"loader": loader, "n": number, "error": f"{type(exc).__name__}: {exc}"[:300], "where": where[-3:]}
    if inner is not None:
        line["inner"] = f"{type(inner).__name__}: {inner}"[:300]
    with open(keep / "failures.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


@contextmanager
def case_folder() -> Iterator[Path]:
    """A fresh empty folder for one case: temporary, or ``$CNNVIZ_FUZZ_KEEP/case`` (kept)."""
    keep = os.environ.get(KEEP_ENV)
    if not keep:
        with tempfile.TemporaryDirectory(prefix="cnnviz-fuzz-") as folder:
            yield Path(folder)
        return
    kept = Path(keep) / "case"
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    yield kept


def report(loader: str, profile: str, stats: dict[str, int], seconds: float) -> None:
    """Append this loader's figures to ``$CNNVIZ_FUZZ_REPORT`` when it is set."""
    target = os.environ.get(REPORT_ENV)
    if target:
        line = {"loader": loader, "profile": profile, "seconds": round(seconds, 1), **stats}
        line |= {f"slowest_{kind}_s": round(value, 2) for kind, value in slowest.items()}
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
