"""What a model expects as input, and the bundle the rest of cnnviz works with."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import torch

Preprocess = Literal["mnist", "resize", "center_crop"]
Polarity = Literal["light_on_dark", "any"]


@dataclass(frozen=True)
class InputSpec:
    """Shape, normalisation and preprocessing of a model's input.

    ``center_crop`` (torchvision's ImageNet models) scales the shorter side to
    ``resize_size`` with ``interpolation`` (bilinear or bicubic), then cuts out
    the central height×width; ``resize`` scales straight to height×width.
    """

    channels: int
    height: int
    width: int
    mean: tuple[float, ...] = (0.0,)
    std: tuple[float, ...] = (1.0,)
    preprocess: Preprocess = "resize"
    polarity: Polarity = "any"
    resize_size: int = 0
    interpolation: str = "bilinear"

    @property
    def shape(self) -> tuple[int, int, int]:
        """(C, H, W) of one input."""
        return (self.channels, self.height, self.width)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, for checkpoints and JSON."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InputSpec:
        """Inverse of :meth:`to_dict`."""
        return cls(
            channels=int(data["channels"]),
            height=int(data["height"]),
            width=int(data["width"]),
            mean=tuple(float(v) for v in data.get("mean", (0.0,))),
            std=tuple(float(v) for v in data.get("std", (1.0,))),
            preprocess=data.get("preprocess", "resize"),
            polarity=data.get("polarity", "any"),
            resize_size=int(data.get("resize_size", 0)),
            interpolation=str(data.get("interpolation", "bilinear")),
        )


@dataclass
class ModelBundle:
    """A model together with everything needed to feed and label it."""

    name: str
    module: torch.nn.Module
    spec: InputSpec
    labels: list[str]
    trained: bool = False
    source: str = ""
    arch: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def parameter_count(self) -> int:
        """All parameters of the model (shared ones counted once)."""
        return sum(p.numel() for p in self.module.parameters())

    @property
    def description(self) -> str:
        """One line for a status bar or title."""
        state = "trained" if self.trained else "random weights"
        return f"{self.name} ({state}, {self.parameter_count:,} parameters)"
