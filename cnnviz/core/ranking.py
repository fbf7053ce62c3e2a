"""Classes ordered by probability (numpy only: the GUI imports it before torch is loaded)."""

from __future__ import annotations

import numpy as np


def strongest_first(probabilities: np.ndarray) -> np.ndarray:
    """Class indices by falling probability; equal ones in class order."""
    return np.argsort(-probabilities, kind="stable")
