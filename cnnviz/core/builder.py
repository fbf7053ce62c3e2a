"""Build a CNN from the course's pattern, and work out its shapes and parameters by hand first.

    INPUT → [[CONV → ACT] × N → POOL?] × M → [FC → ACT] × K → FC

A :class:`BuilderConfig` is plain data (``to_dict``/``from_dict`` give JSON).
:func:`plan` computes every layer's output shape and parameter count with the
textbook formulas, without building anything, and refuses an impossible
configuration with a :class:`BuilderError` that names the layer and shows the
formula with its numbers. :func:`build` returns the matching ``nn.Sequential``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from torch import nn

Activation = Literal["relu", "leakyrelu", "elu", "tanh", "sigmoid"]
PaddingMode = Literal["zeros", "reflect", "replicate", "circular"]
Pool = Literal["max", "avg"]
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "leakyrelu": nn.LeakyReLU,
    "elu": nn.ELU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
}
POOLS: dict[str, type[nn.Module]] = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}
Shape = tuple[int, ...]


class BuilderError(ValueError):
    """An impossible architecture; the message names the layer and shows the arithmetic."""


@dataclass
class ConvSpec:
    """One convolution and its activation (optionally with batch norm in between)."""

    filters: int
    kernel: int
    stride: int = 1
    padding: int = 0
    padding_mode: PaddingMode = "zeros"
    activation: Activation = "relu"
    batchnorm: bool = False


@dataclass
class BlockSpec:
    """Convolutions followed by an optional pooling layer (pool_size × pool_size, same stride)."""

    convs: list[ConvSpec] = field(default_factory=list)
    pool: Pool | None = "max"
    pool_size: int = 2


@dataclass
class BuilderConfig:
    """The whole network: input (C, H, W), conv blocks, hidden FC sizes, dropout and classes."""

    input: tuple[int, int, int] = (1, 28, 28)
    blocks: list[BlockSpec] = field(default_factory=list)
    fc: list[int] = field(default_factory=list)
    fc_activation: Activation = "relu"
    dropout: float = 0.0
    num_classes: int = 10

    def to_dict(self) -> dict[str, Any]:
        """JSON-able plain data."""
        data = asdict(self)
        data["input"] = list(self.input)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BuilderConfig:
        """Inverse of :meth:`to_dict`; raises BuilderError for missing or malformed entries."""
        try:
            blocks = [
                BlockSpec(
                    convs=[ConvSpec(**conv) for conv in block.get("convs", [])],
                    pool=block.get("pool", "max"),
                    pool_size=int(block.get("pool_size", 2)),
                )
                for block in data.get("blocks", [])
            ]
            channels, height, width = (int(v) for v in data["input"])
            return cls(
                input=(channels, height, width),
                blocks=blocks,
                fc=[int(v) for v in data.get("fc", [])],
                fc_activation=data.get("fc_activation", "relu"),
                dropout=float(data.get("dropout", 0.0)),
                num_classes=int(data.get("num_classes", 10)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BuilderError(f"not a builder configuration ({type(exc).__name__}: {exc})") from exc


@dataclass(frozen=True)
class LayerPlan:
    """One layer as planned: name, module type, output shape (no batch), parameters.

    ``formula`` is the output-size arithmetic of convolutions and pooling
    layers, e.g. ``⌊(28 + 2·2 − 5)/1⌋ + 1 = 28``.
    """

    name: str
    type: str
    out_shape: Shape
    params: int
    formula: str = ""


def num(value: int) -> str:
    """An integer with a real minus sign."""
    return f"−{-value}" if value < 0 else str(value)


def conv_formula(size: int, padding: int, kernel: int, stride: int) -> tuple[int, str]:
    """⌊(n + 2·p − k)/s⌋ + 1 with the numbers filled in, and its value."""
    out = (size + 2 * padding - kernel) // stride + 1
    return out, f"⌊({size} + 2·{padding} − {kernel})/{stride}⌋ + 1 = {num(out)}"


def pool_formula(size: int, k: int) -> tuple[int, str]:
    """⌊(n − k)/k⌋ + 1 with the numbers filled in, and its value."""
    out = (size - k) // k + 1
    return out, f"⌊({size} − {k})/{k}⌋ + 1 = {num(out)}"


def output_side(where: str, hw: tuple[int, int], formula: Any, *args: int) -> tuple[tuple[int, int], str]:
    """Apply a size formula to height and width; BuilderError if either is not positive."""
    (h, fh), (w, fw) = formula(hw[0], *args), formula(hw[1], *args)
    for side, value, text in (("height", h, fh), ("width", w, fw)):
        if value < 1:
            label = "size" if hw[0] == hw[1] else side
            raise BuilderError(f"{where}: output {label} {text} is not positive")
    return (h, w), fh if hw[0] == hw[1] else f"height {fh}; width {fw}"


def check_choice(where: str, what: str, value: object, allowed: tuple[object, ...]) -> None:
    """BuilderError unless value is one of allowed."""
    if value not in allowed:
        raise BuilderError(f"{where}: unknown {what} '{value}' (use {', '.join(map(str, allowed))})")


def check_at_least(where: str, what: str, value: int, low: int) -> None:
    """BuilderError unless value ≥ low."""
    if not isinstance(value, int) or value < low:
        raise BuilderError(f"{where}: {what} must be a whole number of at least {low} (got {value})")


def check_conv(where: str, conv: ConvSpec, hw: tuple[int, int]) -> None:
    """Every field of a convolution, and padding that the padding mode can do at this size."""
    check_at_least(where, "filters", conv.filters, 1)
    check_at_least(where, "kernel", conv.kernel, 1)
    check_at_least(where, "stride", conv.stride, 1)
    check_at_least(where, "padding", conv.padding, 0)
    check_choice(where, "padding mode", conv.padding_mode, get_args(PaddingMode))
    check_choice(where, "activation", conv.activation, tuple(ACTIVATIONS))
    smallest = min(hw)
    if conv.padding_mode == "reflect" and conv.padding >= smallest:
        raise BuilderError(
            f"{where}: reflect padding {conv.padding} needs an input larger than {conv.padding} "
            f"pixels (it is {hw[0]}×{hw[1]})"
        )
    if conv.padding_mode == "circular" and conv.padding > smallest:
        raise BuilderError(
            f"{where}: circular padding {conv.padding} cannot be more than the input size ({hw[0]}×{hw[1]})"
        )


def plan_conv(where: str, name: str, conv: ConvSpec, shape: Shape) -> list[LayerPlan]:
    """Conv (+ batch norm) + activation."""
    channels, hw = shape[0], (shape[1], shape[2])
    check_conv(where, conv, hw)
    (h, w), text = output_side(where, hw, conv_formula, conv.padding, conv.kernel, conv.stride)
    out = (conv.filters, h, w)
    params = conv.kernel * conv.kernel * channels * conv.filters + conv.filters
    layers = [LayerPlan(name, "Conv2d", out, params, text)]
    if conv.batchnorm:
        layers.append(LayerPlan(f"{name}_bn", "BatchNorm2d", out, 2 * conv.filters))
    act = ACTIVATIONS[conv.activation].__name__
    layers.append(LayerPlan(f"{name}_{conv.activation}", act, out, 0))
    return layers


def plan_block(index: int, block: BlockSpec, shape: Shape) -> list[LayerPlan]:
    """The layers of one block, given its input shape."""
    if not block.convs and block.pool is None:
        raise BuilderError(f"block {index} is empty: give it a convolution or a pooling layer")
    layers: list[LayerPlan] = []
    for c, conv in enumerate(block.convs, 1):
        layers += plan_conv(f"block {index} conv {c}", f"block{index}_conv{c}", conv, shape)
        shape = layers[-1].out_shape
    if block.pool is not None:
        where = f"block {index} pool"
        check_choice(where, "pooling", block.pool, get_args(Pool))
        check_at_least(where, "pool size", block.pool_size, 1)
        (h, w), text = output_side(where, (shape[1], shape[2]), pool_formula, block.pool_size)
        kind = POOLS[block.pool].__name__
        layers.append(LayerPlan(f"block{index}_pool", kind, (shape[0], h, w), 0, text))
    return layers


def plan_head(config: BuilderConfig, features: int) -> list[LayerPlan]:
    """Flatten, then [dropout → FC → activation] × K, then dropout → output."""
    check_choice("fc", "activation", config.fc_activation, tuple(ACTIVATIONS))
    if not 0.0 <= config.dropout < 1.0:
        raise BuilderError(f"dropout must be from 0 up to (not including) 1 (got {config.dropout})")
    check_at_least("output", "the number of classes", config.num_classes, 2)
    layers = [LayerPlan("flatten", "Flatten", (features,), 0)]
    sizes = [*config.fc, config.num_classes]
    for i, units in enumerate(sizes, 1):
        last = i == len(sizes)
        name = "output" if last else f"fc{i}"
        check_at_least("output" if last else f"fc {i}", "units", units, 1)
        if config.dropout > 0:
            layers.append(LayerPlan(f"dropout{i}", "Dropout", (features,), 0))
        layers.append(
            LayerPlan(name, "Linear", (units,), features * units + units, f"{features}·{units} + {units}")
        )
        if not last:
            act = ACTIVATIONS[config.fc_activation].__name__
            layers.append(LayerPlan(f"{name}_{config.fc_activation}", act, (units,), 0))
        features = units
    return layers


def plan(config: BuilderConfig) -> list[LayerPlan]:
    """Every layer's name, type, output shape and parameter count, computed by hand (nothing is built)."""
    shape: Shape = tuple(config.input)
    if len(shape) != 3 or any(not isinstance(v, int) or v < 1 for v in shape):
        raise BuilderError(f"input: channels, height and width must be at least 1 (got {shape})")
    layers: list[LayerPlan] = []
    for b, block in enumerate(config.blocks, 1):
        layers += plan_block(b, block, shape)
        shape = layers[-1].out_shape
    return layers + plan_head(config, shape[0] * shape[1] * shape[2])


def parameter_count(config: BuilderConfig) -> int:
    """Total parameters of the planned network."""
    return sum(layer.params for layer in plan(config))


def make_layer(layer: LayerPlan, config: BuilderConfig, in_shape: Shape, spec: Any) -> nn.Module:
    """The module for one planned layer."""
    if layer.type == "Conv2d":
        return nn.Conv2d(
            in_shape[0], spec.filters, spec.kernel, spec.stride, spec.padding, padding_mode=spec.padding_mode
        )
    if layer.type == "BatchNorm2d":
        return nn.BatchNorm2d(layer.out_shape[0])
    if layer.type in ("MaxPool2d", "AvgPool2d"):
        return POOLS["max" if layer.type == "MaxPool2d" else "avg"](spec.pool_size)
    if layer.type == "Linear":
        return nn.Linear(in_shape[0], layer.out_shape[0])
    if layer.type == "Dropout":
        return nn.Dropout(config.dropout)
    if layer.type == "Flatten":
        return nn.Flatten()
    return next(cls for cls in ACTIVATIONS.values() if cls.__name__ == layer.type)()


def specs_by_layer(config: BuilderConfig) -> dict[str, Any]:
    """Layer name → the ConvSpec or BlockSpec it comes from."""
    found: dict[str, Any] = {}
    for b, block in enumerate(config.blocks, 1):
        for c, conv in enumerate(block.convs, 1):
            found[f"block{b}_conv{c}"] = conv
        found[f"block{b}_pool"] = block
    return found


def build(config: BuilderConfig) -> nn.Sequential:
    """The network as an ``nn.Sequential`` named as in :func:`plan` (raises BuilderError first)."""
    layers, specs = plan(config), specs_by_layer(config)
    modules: OrderedDict[str, nn.Module] = OrderedDict()
    in_shape: Shape = tuple(config.input)
    for layer in layers:
        modules[layer.name] = make_layer(layer, config, in_shape, specs.get(layer.name))
        in_shape = layer.out_shape
    return nn.Sequential(modules)
