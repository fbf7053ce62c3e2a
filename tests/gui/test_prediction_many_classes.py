"""Prediction panel with ImageNet's 1,000 classes: the ten strongest, strongest first, labelled."""

from __future__ import annotations

import numpy as np

from cnnviz.gui.panels.prediction_panel import TOP_BARS, shown_classes
from tests.gui.conftest import open_window


def test_shown_classes_small_and_large() -> None:
    assert shown_classes(np.array([0.2, 0.5, 0.3])) == [0, 1, 2]
    probabilities = np.linspace(0.0, 1.0, 1000)[::-1].copy()
    probabilities[[7, 500]] = probabilities[[500, 7]]
    assert shown_classes(probabilities)[:TOP_BARS] == [0, 1, 2, 3, 4, 5, 6, 500, 8, 9]


def test_imagenet_model_shows_top_classes_with_their_names(qtbot, settings) -> None:
    window = open_window(qtbot, settings, model="zoo:mobilenet_v3_small")
    panel = window.prediction_panel
    rng = np.random.default_rng(0)
    window.session.set_image(rng.random((224, 224, 3)).astype(np.float32))
    qtbot.waitUntil(lambda: window.session.result is not None, timeout=60_000)
    result = window.session.result
    expected = np.argsort(-result.probabilities, kind="stable")[:TOP_BARS]
    ticks = panel.plot.getAxis("left")._tickLevels[0]
    labels = window.session.bundle.labels
    assert [text for _pos, text in ticks] == [labels[c] for c in expected]
    widths = panel.bars.opts["width"]
    assert np.allclose(widths, result.probabilities[expected])
    assert list(widths) == sorted(widths, reverse=True)
    assert panel.top_texts()[0].startswith(labels[int(expected[0])])
