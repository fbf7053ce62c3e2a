"""Incremental inference for occlusion: recompute only what an occluding square can change.

The model is traced with ``torch.fx`` and run once on the unoccluded image, keeping
every node's output. For a batch of occluding positions each node then holds
either a :class:`~cnnviz.core.incremental_ops.Patch` (the blocks that differ from
the cached map) or the whole batched value. Window layers (Conv2d, max/average
pooling, adaptive pooling to a divisor of the size) recompute only the output
region the changed input region can reach, from slices of the cached input with
the blocks pasted in; elementwise layers (ReLU, eval-mode BatchNorm, Dropout, …)
act on the blocks; elementwise sums and products of two patched maps (the
residual add of ResNet blocks) work on the union of both regions. Once a region
covers most of its map, or at any other node (Flatten, Linear, global pooling),
the blocks are pasted into copies of the cached map and the node runs as usual.
Convolutions use weights prepared once (channels-last, as the slices are, with an
eval-mode BatchNorm that follows folded in; see :mod:`cnnviz.core.incremental_nodes`).
Results equal full forward passes of the occluded images up to float32 rounding
(Nakandala et al., "Incremental and Approximate Inference for Faster
Occlusion-based Deep CNN Explanations", SIGMOD 2019).

In-place operations overwrite only values no other node reads (else they run on
copies), so a model that reads a tensor again after overwriting it in place is
not reproduced (no torchvision model does that).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import fx, nn

from cnnviz.core.incremental_nodes import (
    PreparedConv,
    Whole,
    feature_node,
    is_eval_batchnorm,
    is_inplace,
    node_kind,
    prepare_conv,
    spatial_shape,
    trace,
)
from cnnviz.core.incremental_ops import (
    Patch,
    SourceTable,
    WindowOp,
    block_places,
    bounding,
    capped_regions,
    extents,
    gather,
    materialize,
    padded_table,
    slice_blocks,
    window_op,
    window_regions,
)
from cnnviz.core.recording import first_tensor

FULL_FRACTION = 0.6  # a block covering more of its map than this runs on the whole batch instead


class IncrementalEngine:
    """Runs batches of occluding squares through ``model`` reusing the unoccluded image's activations."""

    def __init__(
        self, model: nn.Module, x: torch.Tensor, feature: tuple[str, int] | None = None,
        approx_fraction: float | None = None,
    ) -> None:  # fmt: skip
        """Trace and cache; call in eval mode under ``torch.no_grad()``. UnsupportedModel if untraceable.

        ``approx_fraction`` caps every changed region at that fraction of its map
        (the approximate mode: values outside are taken from the unoccluded image).
        """
        self.graph = trace(model)
        self.modules = dict(model.named_modules())
        self.approx_fraction = approx_fraction
        self.placeholder = next(n for n in self.graph.nodes if n.op == "placeholder")
        self.feature_node = None if feature is None else feature_node(self.graph, feature[0])
        self.feature_channel = 0 if feature is None else int(feature[1])
        self.cached: dict[fx.Node, Any] = {}
        self.aliases: set[fx.Node] = set()  # nodes that may return one of their inputs (Identity, Dropout)
        self.prepared: dict[fx.Node, PreparedConv] = {}
        self.cache_forward(x)
        nodes = list(self.graph.nodes)
        self.last_use = {
            n: max([i for i, u in enumerate(nodes) if n in u.all_input_nodes], default=0) for n in nodes
        }
        self.passthrough = self.fold_batchnorms()
        self.window_ops = {n: op for n in self.dependent if (op := self.window_for(n)) is not None}
        self.kinds = {
            n: self.kind(n) for n in self.dependent if n.op != "output" and n is not self.placeholder
        }
        self.padded: dict[fx.Node, SourceTable] = {}
        self.tables: dict[tuple[fx.Node, int | None], SourceTable] = {}

    def cache_forward(self, x: torch.Tensor) -> None:
        """Run the graph on the unoccluded image, keeping every node's value."""
        self.dependent = {self.placeholder}
        for node in self.graph.nodes:
            if node is self.placeholder:
                self.cached[node] = x
            elif node.op == "placeholder":
                self.cached[node] = node.args[0] if node.args else None
            elif node.op != "output":
                self.cached[node] = self.call(node, {})
                if any(self.cached[node] is self.cached[n] for n in node.all_input_nodes):
                    self.aliases.add(node)
                if any(n in self.dependent for n in node.all_input_nodes):
                    self.dependent.add(node)

    def fold_batchnorms(self) -> set[fx.Node]:
        """Prepare every zero-padded convolution; fold in an eval BatchNorm that is its only user."""
        folded = set()
        for node in self.dependent:
            conv = self.modules.get(node.target) if node.op == "call_module" else None
            if not isinstance(conv, nn.Conv2d) or conv.padding_mode != "zeros":
                continue
            users = list(node.users)
            user = (
                self.modules.get(users[0].target)
                if len(users) == 1 and users[0].op == "call_module"
                else None
            )
            norm = user if is_eval_batchnorm(user) and node is not self.feature_node else None
            self.prepared[node] = prepare_conv(conv, norm)
            if norm is not None:
                self.cached[node] = self.cached[users[0]]
                folded.add(users[0])
        return folded

    def window_for(self, node: fx.Node) -> WindowOp | None:
        """The window op of a Conv2d/pooling node on a spatial map, else None."""
        if node.op != "call_module" or len(node.all_input_nodes) != 1:
            return None
        in_shape = spatial_shape(self.cached[node.all_input_nodes[0]])
        out_shape = spatial_shape(self.cached[node])
        if in_shape is None or out_shape is None:
            return None
        prepared = self.prepared.get(node)
        weights = None if prepared is None else (prepared.weight, prepared.bias)
        in_hw, out_hw = (in_shape[2], in_shape[3]), (out_shape[2], out_shape[3])
        return window_op(self.modules[node.target], in_hw, out_hw, weights)

    def kind(self, node: fx.Node) -> str:
        """'passthrough' (a folded BatchNorm), 'window', 'elementwise', 'binary' or 'whole'."""
        if node in self.passthrough:
            return "passthrough"
        if node in self.window_ops:
            return "window"
        return node_kind(
            node, self.modules.get(node.target) if node.op == "call_module" else None, self.cached
        )

    def call(self, node: fx.Node, given: dict[fx.Node, Any]) -> Any:
        """Run one node with ``given`` values for some inputs and cached values for the rest."""
        args = fx.node.map_arg(node.args, lambda n: given[n] if n in given else self.cached[n])
        kwargs = fx.node.map_arg(node.kwargs, lambda n: given[n] if n in given else self.cached[n])
        if node.op == "get_attr":
            value: Any = self.modules[""]
            for part in str(node.target).split("."):
                value = getattr(value, part)
            return value
        module = self.modules[node.target] if node.op == "call_module" else None
        overwrites = is_inplace(node, module) and args and isinstance(args[0], torch.Tensor)
        if overwrites and not self.owns_first_argument(node, given):
            args = (args[0].clone(), *args[1:])  # type: ignore[union-attr]
        if node in self.prepared:
            return self.prepared[node].whole(args[0])  # type: ignore[arg-type]
        if module is not None:
            return module(*args, **kwargs)
        if node.op == "call_method":
            return getattr(args[0], str(node.target))(*args[1:], **kwargs)
        return node.target(*args, **kwargs)  # type: ignore[operator]

    def owns_first_argument(self, node: fx.Node, given: dict[fx.Node, Any]) -> bool:
        """True when an in-place op may overwrite its first argument: a batch value only it uses."""
        first = node.args[0] if node.args else None
        if not isinstance(first, fx.Node) or first not in given or first in self.aliases:
            return False
        return (
            len(first.users) == 1 and first is not self.placeholder and given[first] is not self.cached[first]
        )

    def run(self, boxes: np.ndarray, patch_hw: tuple[int, int], baseline: torch.Tensor) -> tuple[Any, Any]:
        """The model's output for B occluded images, and the chosen feature map's totals (or None).

        ``boxes`` are the occluded squares (B×4, clipped to the image) whose unclipped
        size is ``patch_hw``; ``baseline`` (1×C×1×1) is their colour.
        """
        batch, channels = len(boxes), self.cached[self.placeholder].shape[1]
        square = baseline.to(self.cached[self.placeholder].dtype).expand(batch, channels, *patch_hw)
        top, left = torch.from_numpy(boxes[:, 0].copy()), torch.from_numpy(boxes[:, 1].copy())
        states: dict[fx.Node, Patch | Whole] = {self.placeholder: Patch(square, top, left, boxes.copy())}
        totals, output = None, None
        for index, node in enumerate(self.graph.nodes):
            if node.op == "output":
                output = self.call_output(node, states)
            elif node in self.kinds:
                states[node] = self.step(node, states)
            if self.feature_node is not None and node is self.feature_node:
                totals = self.feature_totals(node, states[node])
            for used in node.all_input_nodes:
                if self.last_use[used] <= index and used is not self.feature_node:
                    states.pop(used, None)
        return output, totals

    def step(self, node: fx.Node, states: dict[fx.Node, Patch | Whole]) -> Patch | Whole:
        """One node's state for the batch: blocks where the node allows it, else the whole value."""
        kind, inputs = self.kinds[node], [states.get(n) for n in node.all_input_nodes]
        patches = [s for s in inputs if isinstance(s, Patch)]
        if len(patches) == len(inputs) and patches:
            if kind == "passthrough":
                return patches[0]
            if kind == "window":
                stepped = self.window_step(node, patches[0])
            elif kind == "elementwise":
                values = self.call(node, {node.all_input_nodes[0]: patches[0].values})
                stepped = Patch(values, patches[0].top, patches[0].left, patches[0].regions)
            else:
                stepped = self.binary_step(node, patches[0], patches[1]) if kind == "binary" else None
            if stepped is not None:
                return stepped
        if kind == "passthrough":
            return Whole(self.whole_value(node.all_input_nodes[0], states))
        return Whole(self.call(node, {n: self.whole_value(n, states) for n in node.all_input_nodes}))

    def window_step(self, node: fx.Node, patch: Patch) -> Patch | None:
        """Recompute the output region a window layer can change; None if that is most of the map."""
        op, (source_node,) = self.window_ops[node], node.all_input_nodes
        in_hw, out_hw = self.hw(source_node), self.hw(node)
        regions = window_regions(patch.regions, op, out_hw)
        if self.approx_fraction is not None:
            regions = capped_regions(regions, self.approx_fraction, out_hw)
        size, top, left = block_places(regions, out_hw)
        if size[0] * size[1] > FULL_FRACTION * out_hw[0] * out_hw[1]:
            return None
        if node not in self.padded:
            self.padded[node] = padded_table(self.cached[source_node], op, out_hw)
        reach = ((size[0] - 1) * op.stride[0] + op.kernel[0], (size[1] - 1) * op.stride[1] + op.kernel[1])
        top_in, left_in = top * op.stride[0], left * op.stride[1]
        slices = gather(self.padded[node], op.padding, in_hw, patch, top_in, left_in, reach)
        return Patch(op.apply(slices), top, left, regions)

    def binary_step(self, node: fx.Node, first: Patch, second: Patch) -> Patch | None:
        """An elementwise op of two patched maps on the union of their blocks; None if that is too big."""
        hw = self.hw(node)
        size, top, left = block_places(bounding(extents(first), extents(second)), hw)
        if size[0] * size[1] > FULL_FRACTION * hw[0] * hw[1]:
            return None
        given = {}
        for source_node, patch in zip(node.all_input_nodes, (first, second), strict=True):
            placed = (
                patch.values.shape[-2:] == size
                and torch.equal(patch.top, top)
                and torch.equal(patch.left, left)
            )
            given[source_node] = (
                patch.values if placed else slice_blocks(self.table(source_node), patch, top, left, size)
            )
        return Patch(self.call(node, given), top, left, bounding(first.regions, second.regions))

    def table(self, node: fx.Node, channel: int | None = None) -> SourceTable:
        """The node's cached map (or one channel of it) as a gather table, kept for the whole sweep."""
        key = (node, channel)
        if key not in self.tables:
            value = self.cached[node]
            self.tables[key] = SourceTable(value if channel is None else value[:, channel : channel + 1])
        return self.tables[key]

    def whole_value(self, node: fx.Node, states: dict[fx.Node, Patch | Whole]) -> Any:
        """A node's value for the whole batch (blocks pasted into the cached map, kept for other users)."""
        state = states.get(node)
        if state is None:
            return self.cached[node]
        if isinstance(state, Patch):
            state = states[node] = Whole(materialize(self.table(node), state))
        return state.value

    def call_output(self, node: fx.Node, states: dict[fx.Node, Patch | Whole]) -> Any:
        """The model's output for the batch."""
        return fx.node.map_arg(node.args[0], lambda n: self.whole_value(n, states))

    def feature_totals(self, node: fx.Node, state: Patch | Whole) -> torch.Tensor:
        """Per position, the sum of the chosen channel of the feature node (its value for a vector)."""
        channel = self.feature_channel
        if isinstance(state, Patch):
            single = Patch(state.values[:, channel : channel + 1], state.top, state.left, state.regions)
            return materialize(self.table(node, channel), single).sum(dim=(1, 2, 3))
        value = first_tensor(state.value)
        if value is None:
            raise ValueError("the chosen layer gives no tensor")
        return value[:, channel].reshape(value.shape[0], -1).sum(dim=1)

    def hw(self, node: fx.Node) -> tuple[int, int]:
        """(H, W) of a node's cached 4-D map."""
        value = self.cached[node]
        return int(value.shape[-2]), int(value.shape[-1])
