"""The shape calculator: shapes, parameters and fields of a layer list, checked by hand."""

from __future__ import annotations

import pytest

from cnnviz.core.shapes_calc import calculate, parse_input

LENET = "conv 6 k5 p2; relu; pool k2; conv 16 k5; relu; pool k2; flatten; fc 120; fc 84; fc 10"


def test_lenet5() -> None:
    report = calculate("1x28x28", LENET)
    rows = [(layer.name, layer.output_shape, layer.params) for layer in report.layers]
    assert rows == [
        ("conv1", (6, 28, 28), 156),  # (28 + 4 − 5)/1 + 1 = 28; (1·25 + 1)·6
        ("relu1", (6, 28, 28), 0),
        ("pool1", (6, 14, 14), 0),  # (28 − 2)//2 + 1 = 14
        ("conv2", (16, 10, 10), 2416),  # 14 − 5 + 1 = 10; (6·25 + 1)·16
        ("relu2", (16, 10, 10), 0),
        ("pool2", (16, 5, 5), 0),
        ("flatten", (400,), 0),  # 16·5·5
        ("fc1", (120,), 48120),  # 400·120 + 120
        ("fc2", (84,), 10164),  # 120·84 + 84
        ("fc3", (10,), 850),  # 84·10 + 10
    ]
    assert report.total_params == 61_706
    assert report.output_shape == (10,)
    fields = [(layer.field.rf[0], layer.field.jump[0]) for layer in report.layers[:6]]
    assert fields == [(5, 1), (5, 1), (6, 2), (14, 2), (14, 2), (16, 4)]
    assert report.layers[6].field.whole and report.layers[6].field.rf == (28, 28)


def test_stride_padding_dilation_and_avg_pool() -> None:
    report = calculate("3x32x32", "conv 8 k3 s2 p1 d2; pool k3 s1 avg")
    conv, pool = report.layers
    # dilated kernel 2·(3 − 1) + 1 = 5: (32 + 2 − 4 − 1)//2 + 1 = 15
    assert conv.output_shape == (8, 15, 15) and conv.params == (3 * 9 + 1) * 8 == 224
    assert conv.field.rf == (5, 5) and conv.field.jump == (2, 2)
    # pool k3 s1: 15 − 3 + 1 = 13; rf 5 + 2·2 = 9, jump 2
    assert pool.output_shape == (8, 13, 13) and pool.spec.mode == "avg"
    assert pool.field.rf == (9, 9) and pool.field.jump == (2, 2)


def test_input_forms() -> None:
    assert parse_input("28x28") == (1, 28, 28)
    assert parse_input("3×224×224") == (3, 224, 224)
    with pytest.raises(ValueError, match="bad input shape '1x0x28'"):
        parse_input("1x0x28")


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ("conv 6 k5 q2", "bad token 'q2'"),
        ("pool k2 big", "bad token 'big'"),
        ("conv 6 s2", "kernel size"),
        ("softmax", "unknown layer 'softmax'"),
        ("fc 10", "add 'flatten'"),
        ("conv 6 k29", "too small"),
        ("flatten; pool k2", "needs a C×H×W input"),
        ("relu now", "bad token 'now'"),
        (" ; ", "no layers"),
    ],
)
def test_errors_name_the_bad_token(layers: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        calculate("1x28x28", layers)
