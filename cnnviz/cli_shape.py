"""``cnnviz shape``: output shapes, parameters and receptive fields of a layer list, no model needed.

    cnnviz shape --input 1x28x28 --layers "conv 6 k5 p2; relu; pool k2; flatten; fc 10" [--json]

The layer syntax is documented in :mod:`cnnviz.core.shapes_calc`; a bad layer is
a user error (exit 2, one ``cnnviz: error:`` line). torch is never imported.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from cnnviz.cli_common import CliError

if TYPE_CHECKING:
    from cnnviz.core.shapes_calc import CalcLayer, ShapeReport

SYNTAX = (
    "layers separated by ';': conv FILTERS kK [sS] [pP] [dD]; pool kK [sS] [pP] [avg|max]; "
    "fc UNITS; flatten; relu; tanh; sigmoid"
)
HEADER = ("Layer", "Spec", "Output shape", "Params", "RF", "Jump")


def add_parsers(subparsers: Any) -> None:
    """Add the ``shape`` subcommand (its handler is :func:`run`)."""
    shape = subparsers.add_parser(
        "shape",
        help="output shapes, parameters and receptive fields of a layer list",
        description=f"Compute a layer list by hand, without a model. {SYNTAX}.",
    )
    shape.add_argument(
        "--input", required=True, metavar="CxHxW", help="input shape, e.g. 1x28x28 or 3x224x224"
    )
    shape.add_argument("--layers", required=True, metavar="LAYERS", help=SYNTAX)
    shape.add_argument("--json", action="store_true", help="print JSON instead of a table")
    shape.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON) for ``args.input`` and ``args.layers``; bad input raises CliError."""
    from cnnviz.core.shapes_calc import calculate

    try:
        report = calculate(args.input, args.layers)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0


def dims(values: tuple[int, ...]) -> str:
    """Sizes joined with ×: ``6×28×28``."""
    return "×".join(str(v) for v in values)


def row(layer: CalcLayer) -> tuple[str, ...]:
    """One table row: the field as H×W, or ``all`` and jump ``-`` when it is the whole input."""
    fld = layer.field
    rf = "all" if fld.whole else dims(fld.rf)
    jump = str(fld.jump[0]) if fld.jump[0] == fld.jump[1] else dims(fld.jump)
    jump = "-" if fld.whole else jump
    return (layer.name, layer.spec.text, dims(layer.output_shape), f"{layer.params:,}", rf, jump)


def format_report(report: ShapeReport) -> str:
    """The aligned table, the input line and the totals."""
    rows: list[tuple[str, ...]] = [("input", "", dims(report.input_shape), "", "1×1", "1")]
    rows += [row(layer) for layer in report.layers]
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    right = {3}
    fmt = "  ".join(f"{{:>{w}}}" if i in right else f"{{:<{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*HEADER).rstrip(), "-" * (sum(widths) + 2 * (len(widths) - 1))]
    lines += [fmt.format(*r).rstrip() for r in rows]
    lines.append(f"Output: {dims(report.output_shape)}")
    lines.append(f"Total parameters: {report.total_params:,}")
    return "\n".join(lines)
