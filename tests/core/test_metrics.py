"""Confusion matrix and per-class accuracy, against counts worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnnviz.core.metrics import accuracy, confusion_matrix, per_class_accuracy


def test_confusion_matrix_by_hand() -> None:
    targets = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    preds = [0, 1, 0, 1, 1, 2, 0, 2, 1]
    cm = confusion_matrix(preds, targets, 4)
    expected = np.array(
        [
            [2, 1, 0, 0],  # class 0: two right, one called 1
            [0, 2, 0, 0],
            [1, 1, 2, 0],  # class 2: called 0 once, 1 once
            [0, 0, 0, 0],  # class 3 never occurs
        ]
    )
    assert cm.dtype == np.int64 and np.array_equal(cm, expected)
    acc = per_class_accuracy(cm)
    assert acc[:3].tolist() == [2 / 3, 1.0, 0.5]
    assert math.isnan(acc[3])
    assert accuracy(cm) == pytest.approx(6 / 9)


def test_empty_and_invalid_inputs() -> None:
    assert confusion_matrix([], [], 2).sum() == 0 and accuracy(confusion_matrix([], [], 2)) == 0.0
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        confusion_matrix([0, 1], [0, 1, 1], 2)
    with pytest.raises(ValueError, match="target 5 is not a class index from 0 to 2"):
        confusion_matrix([0, 1], [0, 5], 3)
    with pytest.raises(ValueError, match="prediction -1"):
        confusion_matrix([-1, 1], [0, 1], 3)
