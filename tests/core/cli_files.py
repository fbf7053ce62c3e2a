"""Files the CLI tests of the views read: a drawn "1" and a LeNet-5 weights file."""

from __future__ import annotations

from pathlib import Path

import torch
from PIL import Image, ImageDraw

from cnnviz.core.sources import load_builtin


def drawn_one_and_lenet(folder: Path) -> dict[str, Path]:
    """A drawn "1" ("one"), a LeNet-5 state_dict with seeded random weights ("model") and an
    output path ("out") in ``folder``."""
    one = Image.new("RGB", (280, 280), "black")
    ImageDraw.Draw(one).line([(140, 40), (160, 240)], fill="white", width=24)
    paths = {"one": folder / "one.png", "model": folder / "lenet.pt", "out": folder / "out.png"}
    one.save(paths["one"])
    torch.manual_seed(0)
    torch.save(load_builtin("lenet5", weights=False).module.state_dict(), paths["model"])
    return paths
