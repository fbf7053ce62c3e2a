"""Pieces every CLI command shares: user errors and their reporting, the parser, argument types, the device.

Cheap to import: torch is only imported by :func:`pick_device`, when it runs.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from typing import NoReturn

USAGE_ERROR = 2
USER_ERRORS = (
    "cnnviz.core.imageio.ImageLoadError",
    "cnnviz.core.sources.ModelLoadError",
    "cnnviz.core.preprocess.EmptyInputError",
    "cnnviz.core.layers.UnknownLayerError",
    "cnnviz.core.datasets.DatasetUnavailable",
    "cnnviz.core.architectures.ArchitectureError",
    "cnnviz.core.transfer.PretrainedUnavailable",
    "cnnviz.core.train_config.TrainingError",
)


class CliError(Exception):
    """A user error, reported as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become :class:`CliError` instead of usage spam."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type accepting whole numbers from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not '{text}'")
        return value

    return parse


def bounded_float(low: float, high: float, open_low: bool = False) -> Callable[[str], float]:
    """An argparse type accepting numbers in [low, high] (or (low, high] with open_low)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (low < value if open_low else low <= value) or not value <= high:
            bracket = "(" if open_low else "["
            raise argparse.ArgumentTypeError(f"must be a number in {bracket}{low:g}, {high:g}], not '{text}'")
        return value

    return parse


def add_device_option(parser: argparse.ArgumentParser) -> None:
    """The ``--device`` option."""
    parser.add_argument("--device", help="cpu, cuda, cuda:N or mps (default: the best available)")


def pick_device(requested: str | None) -> str:
    """The device to run on: the one asked for if this machine has it, else the best one."""
    from cnnviz.core.device import available_devices, default_device

    if requested is None:
        return default_device()
    available = available_devices()
    name = requested.strip().lower()
    if name == "cuda" and "cuda:0" in available:
        return "cuda:0"
    if name in available:
        return name
    raise CliError(f"device '{requested}' is not available here (available: {', '.join(available)}).")


def is_user_error(exc: BaseException) -> bool:
    """True for the exceptions that mean "bad input", not "bug".

    Looked up in ``sys.modules`` so that checking never imports torch: an error
    class whose module was never loaded cannot have been raised.
    """
    if isinstance(exc, CliError):
        return True
    for qualified in USER_ERRORS:
        module, _, name = qualified.rpartition(".")
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(exc, cls):
            return True
    return False


def fail(message: object) -> int:
    """Report one error line on stderr and return the usage-error exit code."""
    text = " ".join(str(message).split()) or "unknown error"
    print(f"cnnviz: error: {text}", file=sys.stderr)
    return USAGE_ERROR
