"""Parsing and printing the small matrices of the teaching sandbox."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.matrices import format_matrix, format_number, parse_matrix, to_lists


def test_parse_rows_by_semicolon_and_newline() -> None:
    expected = np.array([[3.0, 1.0, 4.0], [2.0, 2.0, 2.0], [4.0, 8.0, 1.0]])
    for text in ("3 1 4; 2 2 2; 4 8 1", "3,1,4\n2, 2, 2\n4 8 1\n", " 3 1 4 ;2 2 2;\n4 8 1;"):
        m = parse_matrix(text)
        assert m.dtype == np.float64
        np.testing.assert_array_equal(m, expected)


def test_one_row_is_a_1d_signal() -> None:
    m = parse_matrix("1, -2.5  3 −4")
    assert m.shape == (4,)
    np.testing.assert_array_equal(m, [1.0, -2.5, 3.0, -4.0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 2; 3", "row 1 has 2, row 2 has 1"),
        ("1 x; 2 3", "'x' in row 1 is not a number"),
        ("1 2; 3 nan", "'nan' in row 2 is not a finite number"),
        ("  ; \n", "empty"),
    ],
)
def test_parse_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_matrix(text, "--input")


def test_format_number() -> None:
    assert format_number(3.0) == "3"
    assert format_number(-2.0) == "-2"
    assert format_number(2.5) == "2.5"
    assert format_number(1 / 3) == "0.3333"
    assert format_number(2 / 3) == "0.6667"
    assert format_number(0.1) == "0.1"
    assert format_number(-0.0) == "0"
    assert format_number(-0.00001) == "0"
    assert format_number(1234567.0) == "1234567"
    assert format_number(float("-inf")) == "-inf"


def test_format_matrix_round_trips() -> None:
    m = np.array([[1.0, 2.5, -3.0], [10.0, 0.125, 1 / 3]])
    assert format_matrix(m) == "1 2.5 -3\n10 0.125 0.3333"
    assert format_matrix(m, align=True) == "     1    2.5     -3\n    10  0.125 0.3333"
    assert format_matrix(np.array([1.0, 2.0])) == "1 2"
    np.testing.assert_array_equal(parse_matrix(format_matrix(m[:, :2])), m[:, :2])


def test_to_lists_gives_ints_for_whole_numbers() -> None:
    out = to_lists(np.array([[1.0, 2.5], [3.0, -4.0]]))
    assert out == [[1, 2.5], [3, -4]]
    assert isinstance(out[0][0], int)
    assert to_lists(np.array([7.0])) == [7]
