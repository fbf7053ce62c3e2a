"""Classification metrics from predictions: the confusion matrix and per-class accuracy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def confusion_matrix(preds: npt.ArrayLike, targets: npt.ArrayLike, n: int) -> np.ndarray:
    """An n×n int64 count matrix: row = true class, column = predicted class.

    ``cm[i, j]`` is how many samples of class ``i`` were predicted as ``j``;
    the diagonal holds the correct ones. Raises ValueError for labels outside
    ``0 … n−1`` or arrays of different lengths.
    """
    if n < 1:
        raise ValueError(f"the number of classes must be at least 1, not {n}")
    p = np.asarray(preds, dtype=np.int64).ravel()
    t = np.asarray(targets, dtype=np.int64).ravel()
    if p.shape != t.shape:
        raise ValueError(f"{p.size} predictions but {t.size} targets")
    for name, values in (("prediction", p), ("target", t)):
        if values.size and (values.min() < 0 or values.max() >= n):
            bad = int(values.min() if values.min() < 0 else values.max())
            raise ValueError(f"{name} {bad} is not a class index from 0 to {n - 1}")
    return np.bincount(t * n + p, minlength=n * n).reshape(n, n)


def per_class_accuracy(cm: np.ndarray) -> np.ndarray:
    """Share of each true class predicted correctly (the recall); NaN for a class with no samples."""
    cm = np.asarray(cm)
    totals = cm.sum(axis=1).astype(np.float64)
    correct = np.diag(cm).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, correct / np.where(totals > 0, totals, 1.0), np.nan)


def accuracy(cm: np.ndarray) -> float:
    """Overall accuracy from a confusion matrix (0.0 when it is empty)."""
    total = int(np.asarray(cm).sum())
    return float(np.trace(cm)) / total if total else 0.0
