"""``cnnviz conv``, ``pad`` and ``pool`` through a parser built the way cnnviz.cli builds its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cnnviz import cli_conv
from cnnviz.cli_common import CliError, _Parser, fail, is_user_error

X33 = "3 1 4; 2 2 2; 4 8 1"
X44 = "3 1 4 1; 2 2 2 5; 4 8 1 0; 0 9 2 6"


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Parse and run like cnnviz.cli.main: (exit code, stdout, stderr)."""
    parser = _Parser(prog="cnnviz")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    cli_conv.add_parsers(sub)
    try:
        args = parser.parse_args(argv)
        code = int(args.handler(args))
    except Exception as exc:
        assert is_user_error(exc), exc
        code = fail(exc)
    out, err = capsys.readouterr()
    return code, out, err


def test_conv_prints_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert call(["conv", "--input", X33, "--kernel", "0 1; 0 1"], capsys) == (0, "3 6\n10 3\n", "")
    code, out, _ = call(["conv", "--input", X33, "--kernel", "0 1; 0 1", "--flip", "--bias", "-1.5"], capsys)
    assert (code, out) == (0, "3.5 1.5\n4.5 8.5\n")


def test_conv_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        ["conv", "--input", X33, "--kernel", "0 1; 0 1", "--padding", "0,0,0,1", "--explain"], capsys
    )
    assert code == 0
    assert out == (
        "padded input (zero; top 0, bottom 0, left 0, right 1):\n"
        "3 1 4 0\n2 2 2 0\n4 8 1 0\n"
        "kernel as applied, cross-correlation (kernel as given):\n0 1\n0 1\n"
        "output height: ⌊(3 + 2·0 − 1·(2−1) − 1)/1⌋ + 1 = 2\n"
        "output width: ⌊(3 + 0 + 1 − 1·(2−1) − 1)/1⌋ + 1 = 3\n"
        "output (0, 0): window rows 0–1, cols 0–1: 3·0 + 1·1 + 2·0 + 2·1 = 3; + bias 0 = 3\n"
        "output (0, 1): window rows 0–1, cols 1–2: 1·0 + 4·1 + 2·0 + 2·1 = 6; + bias 0 = 6\n"
        "output (0, 2): window rows 0–1, cols 2–3: 4·0 + 0·1 + 2·0 + 0·1 = 0; + bias 0 = 0\n"
        "output (1, 0): window rows 1–2, cols 0–1: 2·0 + 2·1 + 4·0 + 8·1 = 10; + bias 0 = 10\n"
        "output (1, 1): window rows 1–2, cols 1–2: 2·0 + 2·1 + 8·0 + 1·1 = 3; + bias 0 = 3\n"
        "output (1, 2): window rows 1–2, cols 2–3: 2·0 + 0·1 + 1·0 + 0·1 = 0; + bias 0 = 0\n"
        "output:\n 3  6  0\n10  3  0\n"
    )


def test_conv_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["conv", "--input", "1 2 3 4", "--kernel", "1 0 -1", "--padding", "1", "--stride", "2", "--json"]
    code, out, _ = call(argv, capsys)
    data = json.loads(out)
    assert code == 0
    assert data["padded"] == [0, 1, 2, 3, 4, 0]
    assert data["output"] == [-2, -2]
    assert data["formula"] == {"width": "⌊(4 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 2"}
    assert data["steps"][1]["window_cols"] == [2, 3, 4]
    assert data["steps"][1]["explanation"] == "window positions 2–4: 2·1 + 3·0 + 4·(-1) = -2; + bias 0 = -2"


def test_conv_1d_dilation_and_padding_mode(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["conv", "--input", "1 2 3", "--kernel", "1 10", "--padding", "2", "--padding-mode", "symmetric"]
    assert call(argv, capsys)[1] == "12 11 21 32 33 23\n"
    argv = ["conv", "--input", "1 2 3 4 5", "--kernel", "1 1", "--dilation", "3"]
    assert call(argv, capsys)[1] == "5 7\n"


@pytest.mark.parametrize(
    ("argv", "out"),
    [
        (["pad", "--input", "1 2 3", "--padding", "2", "--padding-mode", "symmetric"], "2 1 1 2 3 3 2\n"),
        (["pad", "--input", "1 2 3", "--padding", "2", "--padding-mode", "reflect"], "3 2 1 2 3 2 1\n"),
        (["pad", "--input", "1 2 3", "--padding", "1,0", "--padding-mode", "circular"], "3 1 2 3\n"),
        (
            ["pad", "--input", "1 2 3; 4 5 6", "--padding", "1,0,2,1", "--padding-mode", "replicate"],
            "1 1 1 2 3 3\n1 1 1 2 3 3\n4 4 4 5 6 6\n",
        ),
    ],
)
def test_pad(argv: list[str], out: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert call(argv, capsys) == (0, out, "")


def test_pool(capsys: pytest.CaptureFixture[str]) -> None:
    assert call(["pool", "--input", X44, "--size", "2", "--op", "max"], capsys)[1] == "3 5\n9 6\n"
    assert call(["pool", "--input", X44, "--size", "2", "--op", "avg"], capsys)[1] == "2 3\n5.25 2.25\n"
    assert call(["pool", "--input", X44, "--global", "--op", "avg"], capsys)[1] == "3.125\n"
    code, out, _ = call(
        ["pool", "--input", X44, "--size", "3", "--stride", "1", "--op", "min", "--explain"], capsys
    )
    assert code == 0
    assert out.splitlines()[0] == "window rows 0–2, cols 0–2: min(3, 1, 4, 2, 2, 2, 4, 8, 1) = 1 at (0, 1)"
    assert out.splitlines()[-3:] == ["output:", "1 0", "0 0"]
    data = json.loads(call(["pool", "--input", X44, "--size", "2", "--op", "min", "--json"], capsys)[1])
    assert data["output"] == [[1, 1], [0, 0]] and data["switches"] == [[0, 1], [0, 3], [3, 0], [2, 3]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pad", "--input", "1 2 3", "--padding", "3", "--padding-mode", "reflect"], "reflect padding"),
        (["conv", "--input", "1 2; 3", "--kernel", "1"], "row 2 has 1"),
        (["conv", "--input", "1 2; 3 4", "--kernel", "1 1 1; 1 1 1; 1 1 1"], "covers 3 positions"),
        (["conv", "--input", "1 2", "--kernel", "1", "--padding", "1,2,3"], "--padding"),
        (["conv", "--input", "1 2", "--kernel", "1", "--stride", "0"], "--stride"),
        (["pool", "--input", X44], "needs --size"),
        (["pad", "--input", "1 2 3"], "--padding"),
    ],
)
def test_errors_exit_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("cnnviz: error: ") and err.count("\n") == 1
    assert message in err


def test_run_turns_value_errors_into_cli_errors() -> None:
    parser = _Parser(prog="cnnviz")
    cli_conv.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["pad", "--input", "1 x", "--padding", "1"])
    with pytest.raises(CliError, match="not a number"):
        cli_conv.run(args)


def test_does_not_import_torch() -> None:
    code = (
        "import sys; from cnnviz import cli_conv; import cnnviz.core.pooling; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
