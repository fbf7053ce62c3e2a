"""Big models stay usable: filters copied and drawn only when they change and can be seen,
and a model switched away from is freed."""

from __future__ import annotations

import copy
import gc
import weakref

import numpy as np
import torch
from pytestqt.qtbot import QtBot

from cnnviz.core.sources import load_builtin
from cnnviz.gui.inference_worker import FiltersCache
from cnnviz.gui.main_window import MainWindow

LOAD_TIMEOUT_MS = 60_000


def stroke(offset: int) -> np.ndarray:
    image = np.zeros((280, 280, 3), dtype=np.float32)
    image[60:220, 120 + offset : 150 + offset] = 1.0
    return image


def show_input(qtbot: QtBot, window: MainWindow, offset: int) -> None:
    session = window.session
    session.set_image(stroke(offset))
    target = session._latest_id
    qtbot.waitUntil(lambda: session._shown_id >= target, timeout=10_000)


def test_filters_are_copied_again_only_when_the_weights_or_the_layer_change() -> None:
    module = load_builtin("lenet5", weights=False).module
    cache = FiltersCache()
    first = cache.bank(module, "conv1")
    assert first is not None and cache.bank(module, "conv1") is first
    module.load_state_dict(copy.deepcopy(module.state_dict()))  # a training snapshot arrives
    reloaded = cache.bank(module, "conv1")
    assert reloaded is not first and reloaded is not None
    np.testing.assert_array_equal(reloaded.weight, first.weight)
    conv1 = dict(module.named_modules())["conv1"]
    assert isinstance(conv1, torch.nn.Conv2d)
    with torch.no_grad():
        conv1.weight.mul_(2.0)  # an optimiser step writes in place
    stepped = cache.bank(module, "conv1")
    assert stepped is not reloaded and stepped is not None
    np.testing.assert_array_equal(stepped.weight, 2 * first.weight)
    conv2 = cache.bank(module, "conv2")
    assert conv2 is not None and conv2.count == 16
    assert cache.bank(module, "fc1") is None
    twin = copy.deepcopy(module)
    assert cache.bank(twin, "conv1") is not cache.bank(module, "conv1")


def test_unchanged_filters_are_not_announced_again(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.session.filters is not None, timeout=10_000)  # the first result
    announced: list[object] = []
    window.session.filters_changed.connect(announced.append)
    for offset in range(3):
        show_input(qtbot, window, offset * 10)
    assert announced == []  # same weights, same layer: nothing to redraw
    window.session.select_layer("conv2")
    qtbot.waitUntil(lambda: len(announced) == 1, timeout=10_000)
    assert announced[0] is window.session.filters and window.session.filters is not None
    assert window.session.filters.count == 16
    show_input(qtbot, window, 5)
    assert len(announced) == 1


def test_filters_behind_a_tab_are_drawn_when_their_tab_is_raised(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.filters_panel
    window.docks["Filters"].raise_()
    qtbot.waitUntil(lambda: panel.title.text().startswith("conv1"), timeout=10_000)
    window.docks["Architecture"].raise_()
    qtbot.waitUntil(lambda: window.docks["Filters"].visibleRegion().isEmpty())
    window.session.select_layer("conv2")
    qtbot.waitUntil(lambda: panel.bank is not None and panel.bank.count == 16, timeout=10_000)
    qtbot.wait(50)
    assert panel.title.text().startswith("conv1")  # not converted while it cannot be seen
    window.docks["Filters"].raise_()
    qtbot.waitUntil(lambda: panel.title.text().startswith("conv2"), timeout=10_000)
    assert panel.item.image.shape[:2] == (16 * 6 - 1, 6 * 6 - 1)


def test_switching_models_frees_the_previous_one(qtbot: QtBot, window: MainWindow) -> None:
    show_input(qtbot, window, 0)
    old = weakref.ref(window.session.bundle.module)  # type: ignore[union-attr]
    window.open_model("tinyvgg")
    qtbot.waitUntil(
        lambda: window.session.bundle is not None and window.session.bundle.arch == "tinyvgg",
        timeout=LOAD_TIMEOUT_MS,
    )
    show_input(qtbot, window, 10)
    result, bundle = window.session.result, window.session.bundle
    assert result is not None and bundle is not None and result.model_name == bundle.name
    assert freed(qtbot, old), "the previous model is still referenced"


def freed(qtbot: QtBot, ref: weakref.ref[object], seconds: float = 30.0) -> bool:
    """Whether ``ref`` dies: background jobs begun for the old model may hold it until they end
    (collected twice a second; collecting in a tight loop would starve those threads)."""
    for _ in range(int(2 * seconds)):
        gc.collect()
        if ref() is None:
            return True
        qtbot.wait(500)
    return False


def test_hidden_panels_convert_nothing_until_shown(qtbot: QtBot, window: MainWindow) -> None:
    kernels = window.kernels_panel
    assert not window.docks["Image kernels"].isVisible()
    show_input(qtbot, window, 0)
    assert kernels.image is None  # the model input was not converted for a hidden panel
    window.actions_["view_image kernels"].trigger()
    qtbot.waitUntil(lambda: kernels.image is not None, timeout=10_000)
    result = window.session.result
    assert result is not None and kernels.image is not None
    assert kernels.image.shape == result.model_input.shape[1:]
    show_input(qtbot, window, 20)  # shown: it follows every input
    np.testing.assert_array_equal(kernels.image, grayscale_of(window))


def grayscale_of(window: MainWindow) -> np.ndarray:
    """The Image kernels panel's picture of the current model input, computed here."""
    from cnnviz.core.kernels import grayscale
    from cnnviz.gui.panels.model_input_view import tensor_to_display

    bundle, result = window.session.bundle, window.session.result
    assert bundle is not None and result is not None
    return grayscale(tensor_to_display(result.model_input, bundle.spec.mean, bundle.spec.std))


def test_the_activation_grid_goes_to_the_screen_as_coloured(qtbot: QtBot, window: MainWindow) -> None:
    from cnnviz.core.grid import render_grid

    show_input(qtbot, window, 0)
    panel, result = window.activations_panel, window.session.result
    assert result is not None and panel.layout_ is not None
    expected, _layout = render_grid(result.activations["conv1"], "map", gap=panel.layout_.gap)
    picture = panel.grid_item.image
    np.testing.assert_array_equal(picture[..., :3], expected)  # the colours of the CLI's PNG
    assert (picture[..., 3] == 255).all()
    assert panel.grid_item.levels is None  # 8-bit colours shown as they are, not rescaled


def test_a_long_class_name_does_not_widen_the_prediction_panel(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.prediction_panel
    before, hints = panel.minimumSizeHint().width(), [label.sizeHint() for label in panel.top_labels]
    for label in panel.top_labels:
        label.set_parts("Greater Swiss Mountain dog, a very long ImageNet class name", "99.9%")
    qtbot.wait(20)  # the layout would take new size hints into account
    assert panel.minimumSizeHint().width() == before  # the window is not laid out again on each input
    assert [label.sizeHint() for label in panel.top_labels] == hints
    for label in panel.top_labels:  # the name gives way, the number stays whole
        assert label.text().endswith("99.9%") and label.text() != label.full_text()
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        assert label.toolTip() == label.full_text()
