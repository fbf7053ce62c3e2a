"""The teaching sandbox on the command line: ``cnnviz conv``, ``cnnviz pad`` and ``cnnviz pool``.

    cnnviz conv --input "3 1 4; 2 2 2; 4 8 1" --kernel "0 1; 0 1" [--stride S] [--padding P|T,B,L,R]
                [--padding-mode MODE] [--dilation D] [--flip] [--bias B] [--explain] [--json]
    cnnviz pad --input ... --padding P|T,B,L,R [--padding-mode MODE] [--json]
    cnnviz pool --input ... --size K [--stride S] [--op max|avg|min] [--padding P] [--global]
                [--explain] [--json]

Matrices are rows split by ';' (numbers by spaces or commas); a single row is a 1-D signal,
whose padding is P or LEFT,RIGHT. numpy only: these commands never import torch.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from cnnviz.cli_common import CliError, bounded_float, bounded_int
from cnnviz.core.convolution import (
    CORRELATION_VS_CONVOLUTION,
    ConvResult,
    convolve,
    explain_step,
    output_formulas,
)
from cnnviz.core.matrices import format_matrix, parse_matrix, plain_number, to_lists
from cnnviz.core.padding import PADDING_MODES, pad_any, padding_sides
from cnnviz.core.pooling import POOL_OPS, PoolResult, explain_pool, global_pool, pool

CONV_COMMANDS = ("conv", "pad", "pool")
_MATRIX_HELP = "matrix, rows split by ';', e.g. \"3 1 4; 2 2 2; 4 8 1\" (one row: a 1-D signal)"


def padding_arg(text: str) -> tuple[int, ...]:
    """argparse type for ``P``, ``LEFT,RIGHT`` or ``TOP,BOTTOM,LEFT,RIGHT`` (whole numbers ≥ 0)."""
    try:
        values = tuple(int(part) for part in text.split(","))
    except ValueError:
        values = (-1,)
    if len(values) not in (1, 2, 4) or any(v < 0 or v > 10_000 for v in values):
        raise argparse.ArgumentTypeError(
            f"must be P, LEFT,RIGHT or TOP,BOTTOM,LEFT,RIGHT (≥ 0), not '{text}'"
        )
    return values


def _add_padding(parser: argparse.ArgumentParser, required: bool) -> None:
    """``--padding`` and ``--padding-mode``."""
    parser.add_argument(
        "--padding", type=padding_arg, default=(0,), required=required, help="P or TOP,BOTTOM,LEFT,RIGHT"
    )
    parser.add_argument("--padding-mode", choices=PADDING_MODES, default="zero", help="default zero")


def add_parsers(sub: Any) -> None:
    """Add the ``conv``, ``pad`` and ``pool`` subcommands; each sets ``handler=run``."""
    size = bounded_int(1, 10_000)
    conv = sub.add_parser("conv", help="convolve a small matrix with a kernel, step by step")
    conv.add_argument("--input", required=True, help=_MATRIX_HELP)
    conv.add_argument("--kernel", required=True, help="kernel matrix, same format as --input")
    conv.add_argument("--stride", type=size, default=1, help="default 1")
    _add_padding(conv, required=False)
    conv.add_argument("--dilation", type=size, default=1, help="default 1")
    conv.add_argument("--flip", action="store_true", help="true convolution: rotate the kernel 180°")
    conv.add_argument(
        "--bias", type=bounded_float(-1e12, 1e12), default=0.0, help="added to every output value (default 0)"
    )
    conv.add_argument("--explain", action="store_true", help="print the padded input, formula and every step")
    conv.add_argument("--json", action="store_true", help="print JSON")
    pad = sub.add_parser("pad", help="pad a small matrix (zero, reflect, replicate, symmetric, circular)")
    pad.add_argument("--input", required=True, help=_MATRIX_HELP)
    _add_padding(pad, required=True)
    pad.add_argument("--json", action="store_true", help="print JSON")
    pooling = sub.add_parser("pool", help="max, average or min pooling of a small matrix")
    pooling.add_argument("--input", required=True, help=_MATRIX_HELP)
    pooling.add_argument("--size", type=size, help="window size K (K×K; required unless --global)")
    pooling.add_argument("--stride", type=size, help="default: the window size")
    pooling.add_argument("--op", choices=POOL_OPS, default="max", help="default max")
    pooling.add_argument("--padding", type=bounded_int(0, 10_000), default=0, help="P on every side")
    pooling.add_argument("--global", dest="global_pool", action="store_true", help="pool the whole input")
    pooling.add_argument("--explain", action="store_true", help="print every window")
    pooling.add_argument("--json", action="store_true", help="print JSON")
    for parser in (conv, pad, pooling):
        parser.set_defaults(handler=run)


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_conv(args: argparse.Namespace) -> int:
    """``cnnviz conv``."""
    x, kernel = parse_matrix(args.input, "--input"), parse_matrix(args.kernel, "--kernel")
    result = convolve(
        x, kernel, args.stride, args.padding, args.padding_mode, args.dilation, args.flip, args.bias
    )
    if args.json:
        _print_json(conv_json(result))
    elif args.explain:
        print(explain_conv(result))
    else:
        print(format_matrix(result.output))
    return 0


def conv_json(result: ConvResult) -> dict[str, Any]:
    """Input, kernel, padded input, output, formulas and steps as plain JSON data."""
    steps = [
        {
            "out_row": s.out_row,
            "out_col": s.out_col,
            "window_rows": list(s.window_rows),
            "window_cols": list(s.window_cols),
            "window": to_lists(s.window),
            "products": to_lists(s.products),
            "total": plain_number(s.total),
            "bias": plain_number(s.bias),
            "value": plain_number(s.value),
            "explanation": explain_step(s),
        }
        for s in result.steps
    ]
    arrays = {k: to_lists(getattr(result, k)) for k in ("input", "kernel", "weights", "padded", "output")}
    return arrays | {"formula": output_formulas(result), "steps": steps}


def explain_conv(result: ConvResult) -> str:
    """Padded input, the kernel as applied, the output-size formulas, every step, the output."""
    top, bottom, left, right = result.padding
    sides = f"top {top}, bottom {bottom}, left {left}, right {right}"
    if result.input.ndim == 1:
        sides = f"left {left}, right {right}"
    kind = "convolution (kernel rotated 180°)" if result.flip else "cross-correlation (kernel as given)"
    lines = [f"padded input ({result.mode}; {sides}):", format_matrix(result.padded, align=True)]
    lines += [f"kernel as applied, {kind}:", format_matrix(result.weights, align=True)]
    lines += [f"output {axis}: {formula}" for axis, formula in output_formulas(result).items()]
    for step in result.steps:
        at = f"{step.out_col}" if result.input.ndim == 1 else f"{step.out_row}, {step.out_col}"
        lines.append(f"output ({at}): {explain_step(step)}")
    lines += ["output:", format_matrix(result.output, align=True)]
    return "\n".join(lines)


def cmd_pad(args: argparse.Namespace) -> int:
    """``cnnviz pad``."""
    x = parse_matrix(args.input, "--input")
    padded = pad_any(x, padding_sides(args.padding, x.ndim), args.padding_mode)
    if args.json:
        _print_json({"input": to_lists(x), "mode": args.padding_mode, "padded": to_lists(padded)})
    else:
        print(format_matrix(padded))
    return 0


def cmd_pool(args: argparse.Namespace) -> int:
    """``cnnviz pool``."""
    x = parse_matrix(args.input, "--input")
    if args.global_pool:
        result = global_pool(x, args.op)
    elif args.size is None:
        raise CliError("pool needs --size K (or --global)")
    else:
        result = pool(x, args.size, args.stride, args.op, args.padding)
    if args.json:
        _print_json(pool_json(result))
    else:
        if args.explain:
            print("\n".join([*explain_pool(result), "output:"]))
        print(format_matrix(result.output, align=args.explain))
    return 0


def pool_json(result: PoolResult) -> dict[str, Any]:
    """Input, output and switches (null for avg) as plain JSON data."""
    switches = None if result.switches is None else [list(s) for s in result.switches]
    head = {"op": result.op, "size": list(result.size), "stride": list(result.stride)}
    return head | {"input": to_lists(result.input), "output": to_lists(result.output), "switches": switches}


def run(args: argparse.Namespace) -> int:
    """Run ``conv``, ``pad`` or ``pool`` (by ``args.command``); bad input raises CliError."""
    handlers = {"conv": cmd_conv, "pad": cmd_pad, "pool": cmd_pool}
    try:
        return handlers[args.command](args)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


__all__ = ["CONV_COMMANDS", "CORRELATION_VS_CONVOLUTION", "add_parsers", "run"]
