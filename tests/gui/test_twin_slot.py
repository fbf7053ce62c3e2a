"""Private twins are copied after the model-switching turn, or at once when a panel needs one first."""

from __future__ import annotations

import copy

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from torch import nn

from cnnviz.core.builtins import lenet5
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.panels.twin_slot import TwinSlot
from tests.gui.test_uncopyable_model import TIMEOUT_MS, Uncopyable, another_bundle, copy_panels


class CountingCopy:
    """A deep copy that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, module: nn.Module) -> nn.Module:
        self.calls += 1
        return copy.deepcopy(module)


def test_the_twin_is_made_in_a_later_turn(qtbot: QtBot) -> None:
    owner, make, made = QObject(), CountingCopy(), []
    slot = TwinSlot(make, lambda: made.append(slot.twin), owner)
    model = lenet5()
    slot.follow(model)
    assert slot.pending and slot.usable and slot.twin is None and make.calls == 0
    qtbot.waitUntil(lambda: slot.twin is not None, timeout=5_000)
    assert make.calls == 1 and made == [slot.twin] and not slot.pending
    assert slot.twin is not model and slot.get() is slot.twin and make.calls == 1


def test_asking_first_copies_at_once_and_only_once(qtbot: QtBot) -> None:
    owner, make = QObject(), CountingCopy()
    slot = TwinSlot(make, lambda: None, owner)
    slot.follow(lenet5())
    twin = slot.get()
    assert twin is not None and make.calls == 1
    qtbot.wait(50)  # the queued turn finds nothing left to copy
    assert make.calls == 1 and slot.twin is twin


def test_a_newer_model_replaces_a_pending_one(qtbot: QtBot) -> None:
    owner, make = QObject(), CountingCopy()
    slot = TwinSlot(make, lambda: None, owner)
    slot.follow(lenet5())
    newer = nn.Sequential(nn.Conv2d(1, 3, 5))
    slot.follow(newer)
    qtbot.waitUntil(lambda: slot.twin is not None, timeout=5_000)
    qtbot.wait(50)
    assert make.calls == 1 and isinstance(slot.twin, nn.Sequential) and slot.twin[0].out_channels == 3


def test_a_model_that_cannot_be_copied_leaves_an_error(qtbot: QtBot) -> None:
    owner = QObject()
    slot = TwinSlot(copy.deepcopy, lambda: None, owner)
    slot.follow(Uncopyable(nn.ReLU()))
    qtbot.waitUntil(lambda: not slot.pending, timeout=5_000)
    assert slot.twin is None and not slot.usable
    assert slot.error == "TypeError: it holds a live camera handle"


def test_switching_the_model_copies_nothing_in_that_turn(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.session.bundle is not None, timeout=TIMEOUT_MS)
    window.session.show_model(another_bundle(window, lenet5()))
    panels = copy_panels(window)
    assert all(panel.twin is None and panel.twins.pending for panel in panels)
    qtbot.waitUntil(lambda: all(panel.twin is not None for panel in panels), timeout=5_000)
    assert window.session.bundle is not None and window.session.bundle.name == "another"
