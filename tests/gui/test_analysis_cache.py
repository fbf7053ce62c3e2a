"""The layer table's analysis (receptive fields, FLOPs) is reused only for the same architecture."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from torch import nn

from cnnviz.core.sources import load_builtin
from cnnviz.gui.loader import analyse

# Prints exactly like torch's Sequential of the same layers, but is another class (it could have
# another forward).
LookAlike = type("Sequential", (nn.Sequential,), {})


def test_a_model_built_alike_reuses_the_analysis_and_others_do_not() -> None:
    first, second = load_builtin("lenet5"), load_builtin("lenet5")
    found = analyse(first)
    assert found is not None and found.field_of["pool2"].rf == (16, 16)
    assert analyse(second) is found  # a fresh LeNet-5 (training's copy): the same layers, input size
    conv = replace(first, module=nn.Sequential(nn.Conv2d(1, 2, 5), nn.MaxPool2d(2)))
    at_28 = analyse(conv)
    at_32 = analyse(replace(conv, spec=replace(conv.spec, height=32, width=32)))
    assert at_28 is not None and at_32 is not None and at_32 is not at_28
    assert at_32.flops_of["0"].flops > at_28.flops_of["0"].flops  # 24×24 → 28×28 outputs
    same_print = replace(first, module=LookAlike(OrderedDict(first.module.named_children())))
    assert repr(same_print.module) == repr(first.module)
    assert analyse(same_print) is not found
