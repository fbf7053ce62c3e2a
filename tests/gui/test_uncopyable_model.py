"""A model the panels cannot copy for their own threads: a message in each, and the model still answers."""

from __future__ import annotations

from typing import Any

import torch
from pytestqt.qtbot import QtBot
from torch import nn

from cnnviz.core.spec import ModelBundle
from cnnviz.gui.main_window import MainWindow
from tests.gui.conftest import draw_digit

TIMEOUT_MS = 60_000


class Uncopyable(nn.Sequential):
    """A user model holding something that cannot be copied (a live handle)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Uncopyable:
        raise TypeError("it holds a live camera handle")


def copy_panels(window: MainWindow) -> list[Any]:
    """The three panels that run a private copy of the model."""
    return [window.attribution_panel, window.deconv_panel, window.convolution_panel.model_step]


def another_bundle(window: MainWindow, module: nn.Module) -> ModelBundle:
    bundle = window.session.bundle
    assert bundle is not None
    return ModelBundle("another", module, bundle.spec, list(bundle.labels))


def answered_by(window: MainWindow, name: str) -> bool:
    result = window.session.result
    return result is not None and result.model_name == name


def test_a_model_that_cannot_be_copied_is_a_message(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=TIMEOUT_MS)
    draw_digit(window.input_panel.canvas, 3)
    module = Uncopyable(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
    module(torch.zeros(1, 1, 28, 28))  # the lazy layer takes its shape
    window.session.show_model(another_bundle(window, module))
    panels = copy_panels(window)
    qtbot.waitUntil(lambda: all("live camera" in panel.banner.text() for panel in panels), timeout=5_000)
    assert all(panel.twin is None for panel in panels)
    assert "cannot copy this model" in window.attribution_panel.banner.text()
    qtbot.waitUntil(lambda: answered_by(window, "another"), timeout=TIMEOUT_MS)  # the model still answers
