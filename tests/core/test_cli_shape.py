"""``cnnviz shape``: the LeNet-5 table, JSON and a user error (wired through a local parser)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cnnviz import cli_shape
from cnnviz.cli_common import CliError, _Parser, fail

LENET = "conv 6 k5 p2; relu; pool k2; conv 16 k5; relu; pool k2; flatten; fc 120; fc 84; fc 10"
TABLE = """\
Layer    Spec          Output shape  Params  RF     Jump
--------------------------------------------------------
input                  1×28×28               1×1    1
conv1    conv 6 k5 p2  6×28×28          156  5×5    1
relu1    relu          6×28×28            0  5×5    1
pool1    pool k2       6×14×14            0  6×6    2
conv2    conv 16 k5    16×10×10       2,416  14×14  2
relu2    relu          16×10×10           0  14×14  2
pool2    pool k2       16×5×5             0  16×16  4
flatten  flatten       400                0  all    -
fc1      fc 120        120           48,120  all    -
fc2      fc 84         84            10,164  all    -
fc3      fc 10         10               850  all    -
Output: 10
Total parameters: 61,706
"""


def main(argv: list[str]) -> int:
    """What cnnviz.cli.main does once ``shape`` is wired in."""
    parser = _Parser(prog="cnnviz")
    cli_shape.add_parsers(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
        return int(args.handler(args))
    except CliError as exc:
        return fail(exc)


def test_lenet_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shape", "--input", "1x28x28", "--layers", LENET]) == 0
    assert capsys.readouterr().out == TABLE


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shape", "--input", "1x28x28", "--layers", LENET, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_params"] == 61_706
    assert data["layers"][0] == {
        "name": "conv1",
        "layer": "conv 6 k5 p2",
        "output_shape": [6, 28, 28],
        "params": 156,
        "rf": [5, 5],
        "jump": [1, 1],
        "whole_input": False,
    }
    assert data["layers"][5]["rf"] == [16, 16] and data["layers"][5]["jump"] == [4, 4]


def test_bad_token_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shape", "--input", "1x28x28", "--layers", "conv 6 k5; pool k2 x3"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "cnnviz: error: layer 'pool k2 x3': bad token 'x3' (expected kN, sN, pN, avg or max, each once)\n"
    )


def test_missing_layers_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shape", "--input", "1x28x28"]) == 2
    assert capsys.readouterr().err.startswith("cnnviz: error: the following arguments are required: --layers")


def test_no_torch_import() -> None:
    code = (
        "import sys; from cnnviz import cli_shape; from cnnviz.core import shapes_calc; "
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
