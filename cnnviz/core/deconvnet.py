"""Deconvnet projection of one unit back to pixel space (Zeiler & Fergus 2014).

Zeiler, M. D. and Fergus, R., "Visualizing and Understanding Convolutional Networks",
ECCV 2014, https://arxiv.org/abs/1311.2901.

A unit's activation is projected down to the input through the deconvnet: max
unpooling through the switches recorded in the forward pass, rectification of the
signal, and the transposed filters. That is exactly backpropagation of a one-hot
at the unit in which every ReLU's backward is replaced by the ReLU of the incoming
gradient (see :mod:`cnnviz.core.backprop`): max pooling's backward routes through
the switches, a convolution's backward applies the transposed filters, batch norm
in eval mode is an affine map, residual additions sum the signals. The result
equals Captum's ``NeuronDeconvolution`` for models whose ReLUs are ``nn.ReLU``
modules; unlike Captum, functional ReLUs (``F.relu`` in ``forward``) are rectified
too.

The forward pass stops at the chosen layer, the model runs in eval mode (every
module's training flag is restored) and nothing is left attached to it. On the CPU
the forward and backward passes run on a private copy cut at the layer, with batch
norm folded into the convolutions and channels-last weights
(:mod:`cnnviz.core.deconv_fast`); :class:`DeconvProjector` keeps one input's forward
pass for the projections of many units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import torch
from torch import nn

from cnnviz.core.backprop import (
    Cancelled,
    SelectionError,
    StopCheck,
    capturing,
    input_leaf,
    relu_rule,
    stoppable,
)
from cnnviz.core.deconv_fast import fast_twin
from cnnviz.core.receptive import evaluating, receptive_fields, unit_region
from cnnviz.core.recording import first_tensor

if TYPE_CHECKING:
    from cnnviz.core.receptive import ReceptiveFields

Position = tuple[int, int] | Literal["strongest"] | None
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Projection:
    """A unit's deconvnet projection and where it sits.

    ``image`` has the model input's shape (C×H×W, float32, signed). ``position`` is
    the unit's (row, col) in its feature map, or None for a vector (fully connected)
    layer. ``box`` is the receptive field in input pixels, (top, left, bottom, right)
    half-open: ``input[:, top:bottom, left:right]`` is what the unit sees.
    """

    image: np.ndarray
    activation: float
    layer: str
    channel: int
    position: tuple[int, int] | None
    box: Box


def strongest_unit(activation_map: np.ndarray | torch.Tensor) -> tuple[int, int]:
    """(row, col) of the largest value of an H×W map; ties go to the first in reading order."""
    values = np.asarray(
        activation_map.detach().cpu() if isinstance(activation_map, torch.Tensor) else activation_map
    )
    if values.ndim != 2 or values.size == 0:
        raise ValueError(f"expected a non-empty H×W map, not shape {values.shape}")
    row, col = np.unravel_index(int(np.argmax(values)), values.shape)
    return int(row), int(col)


def pick_unit(activation: torch.Tensor, channel: int, position: Position) -> tuple[int, ...]:
    """The index (without the batch) of the chosen unit in a layer's output, checked."""
    count = int(activation.shape[1])
    if not 0 <= channel < count:
        raise SelectionError(f"channel {channel} does not exist: the layer has channels 0–{count - 1}.")
    if activation.ndim == 2:
        if position not in (None, "strongest"):
            raise SelectionError("this layer is a vector (fully connected): it has no rows and columns.")
        return (channel,)
    if activation.ndim != 4:
        raise SelectionError(f"cannot project from a layer output of shape {tuple(activation.shape)}.")
    height, width = int(activation.shape[2]), int(activation.shape[3])
    if position is None or position == "strongest":
        return (channel, *strongest_unit(activation[0, channel]))
    row, col = position
    if not (0 <= row < height and 0 <= col < width):
        raise SelectionError(f"unit ({row}, {col}) is outside the {height}×{width} map.")
    return (channel, int(row), int(col))


def unit_box(fields: ReceptiveFields, layer: str, position: tuple[int, int] | None) -> Box:
    """The input region a unit sees; the whole input for vector layers or layers without a field."""
    height, width = fields.input_hw
    field = fields.by_name().get(layer)
    if field is None or position is None:
        return 0, 0, height, width
    return unit_region(field, position[0], position[1], fields.input_hw)


def deconv_projection(
    model: nn.Module,
    x: torch.Tensor | np.ndarray,
    layer: str,
    channel: int,
    position: Position = None,
    fields: ReceptiveFields | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Projection:
    """Project one activation of ``layer`` back to pixel space with the deconvnet.

    ``x`` is the model input (C×H×W or 1×C×H×W, already normalised). ``layer`` is a
    recorded layer name (``name`` or ``name#k``); ``channel`` picks the feature map
    (or the unit of a vector layer); ``position`` is (row, col), or None /
    ``"strongest"`` for the map's largest activation. ``fields`` are the model's
    receptive fields for this input size (computed when not given; pass them in to
    avoid recomputing per click). Raises UnknownLayerError or SelectionError for a
    layer, channel or unit that does not exist, and Cancelled when ``should_stop()``
    is true as the forward pass starts. For several units of one input use
    :class:`DeconvProjector` (one forward pass for all).
    """
    projector = DeconvProjector(model, x, layer, fields, should_stop=should_stop)
    return projector.project(channel, position, keep_graph=False)


class DeconvProjector:
    """One input's forward pass to ``layer``, kept, and the deconvnet projection of any unit of it.

    The forward pass runs once (stopped at the layer; on the CPU through
    :func:`cnnviz.core.deconv_fast.fast_twin` when the model allows it); each
    :meth:`project` is one backward pass, so the units of one input cost a backward each.
    The model is not changed and nothing stays attached to it. Arguments as for
    :func:`deconv_projection`.
    """

    def __init__(
        self,
        model: nn.Module,
        x: torch.Tensor | np.ndarray,
        layer: str,
        fields: ReceptiveFields | None = None,
        *,
        should_stop: StopCheck | None = None,
    ) -> None:
        self.model, self.layer, self.fields = model, layer, fields
        self.leaf = input_leaf(model, x)
        twin = fast_twin(model, layer)
        with torch.enable_grad(), relu_rule("deconvnet"):
            if twin is not None:
                if should_stop is not None and should_stop():
                    raise Cancelled("stopped on request")
                self.activation = first_tensor(twin(self.leaf.contiguous(memory_format=torch.channels_last)))
            else:
                with (
                    evaluating(model),
                    stoppable(model, should_stop),
                    capturing(model, layer, True) as capture,
                ):
                    model(self.leaf)
                self.activation = capture.tensor()
        if self.activation is None:
            raise SelectionError(f"layer '{layer}' gives no tensor to project from.")

    def project(self, channel: int, position: Position = None, keep_graph: bool = True) -> Projection:
        """The projection of one unit (see :func:`deconv_projection`); ``keep_graph=False`` for the last."""
        activation = self.activation
        assert activation is not None
        index = pick_unit(activation, channel, position)
        unit = activation[(0, *index)]
        (grad,) = torch.autograd.grad(unit, self.leaf, retain_graph=keep_graph, allow_unused=True)
        image = torch.zeros_like(self.leaf[0]) if grad is None else grad[0]
        spatial = (index[1], index[2]) if len(index) == 3 else None
        if self.fields is None:
            self.fields = receptive_fields(self.model, tuple(self.leaf.shape[1:]))
        return Projection(
            image=image.detach().float().contiguous().cpu().numpy(),
            activation=float(unit.detach()),
            layer=self.layer,
            channel=int(channel),
            position=spatial,
            box=unit_box(self.fields, self.layer, spatial),
        )


def projection_to_display(image: np.ndarray) -> np.ndarray:
    """A projection as an H×W×3 uint8 picture: zero is mid-grey, scaled symmetrically.

    As Zeiler & Fergus show their projections: centred on zero and stretched by the
    largest magnitude over all channels, so ``v ↦ 127.5·(1 + v / max|v|)`` (rounded;
    zero → 128, the most positive value → 255, its negative → 0). Three channels keep
    their colours; one channel (or any other count, averaged) is grey. An all-zero
    projection is flat grey.
    """
    values = np.asarray(image, dtype=np.float64)
    if values.ndim == 2:
        values = values[None]
    if values.ndim != 3:
        raise ValueError(f"expected a C×H×W or H×W projection, not shape {values.shape}")
    if values.shape[0] != 3:
        values = values.mean(axis=0, keepdims=True)
    peak = float(np.abs(values).max()) if values.size else 0.0
    scaled = values / peak if peak > 0 else np.zeros_like(values)
    rgb = np.clip(np.round(127.5 * (1.0 + scaled)), 0, 255).astype(np.uint8)
    rgb = np.repeat(rgb, 3, axis=0) if rgb.shape[0] == 1 else rgb
    return np.ascontiguousarray(rgb.transpose(1, 2, 0))


def crop_box(image: np.ndarray, box: Box) -> np.ndarray:
    """The part of a C×H×W or H×W array inside ``box`` (the unit's view of the input)."""
    top, left, bottom, right = box
    return image[..., top:bottom, left:right]
