"""The layer table: name, type, output shape and parameters of every layer.

With ``functional=True`` the functional operations (``layer1.0.add``, ``flatten``) are
rows too, with no parameters of their own; ``functional_note`` says when a model
could not be traced to find them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import nn

from cnnviz.core.recording import LayerRecord, recording
from cnnviz.core.spec import ModelBundle


@dataclass(frozen=True)
class LayerRow:
    """One row of the layer table."""

    name: str
    type_name: str
    output_shape: tuple[int, ...]
    params: int
    trainable: int


@dataclass(frozen=True)
class ModelSummary:
    """All rows plus totals."""

    rows: list[LayerRow]
    total_params: int
    trainable_params: int
    functional_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        data: dict[str, Any] = {
            "layers": [asdict(r) | {"output_shape": list(r.output_shape)} for r in self.rows],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
        }
        return data | ({"functional_note": self.functional_note} if self.functional_note else {})


def own_params(module: nn.Module | None) -> tuple[int, int]:
    """(all, trainable) parameters held directly by a module (none for a functional operation)."""
    params = list(module.parameters(recurse=False)) if module is not None else []
    return sum(p.numel() for p in params), sum(p.numel() for p in params if p.requires_grad)


def rows_from_records(model: nn.Module, records: list[LayerRecord]) -> list[LayerRow]:
    """Layer rows in call order; a reused module's parameters count on its first call."""
    modules = dict(model.named_modules())
    rows = []
    for record in records:
        first_call = record.name == record.module_name
        total, trainable = own_params(modules.get(record.module_name)) if first_call else (0, 0)
        rows.append(LayerRow(record.name, record.type_name, record.shape, total, trainable))
    return rows


def summarize(
    bundle: ModelBundle, device: str | torch.device = "cpu", functional: bool = False
) -> ModelSummary:
    """Run a zero input through the model and tabulate every layer (and functional operation)."""
    model = bundle.module
    x = torch.zeros((1, *bundle.spec.shape), device=device)
    with torch.no_grad(), recording(model, capture=lambda _name: False, functional=functional) as recorder:
        model(x)
    return summary_from_records(model, recorder.records, recorder.functional_note)


def summary_from_records(
    model: nn.Module, records: list[LayerRecord], functional_note: str = ""
) -> ModelSummary:
    """A summary built from the records of a forward pass already run."""
    params = list(model.parameters())
    return ModelSummary(
        rows=rows_from_records(model, records),
        total_params=sum(p.numel() for p in params),
        trainable_params=sum(p.numel() for p in params if p.requires_grad),
        functional_note=functional_note,
    )


def format_table(summary: ModelSummary) -> str:
    """The layer table as aligned text for a terminal."""
    header = ("Layer", "Type", "Output shape", "Params")
    lines = [
        (r.name, r.type_name, "×".join(str(d) for d in r.output_shape), f"{r.params:,}") for r in summary.rows
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" if i < 3 else f"{{:>{w}}}" for i, w in enumerate(widths))
    out = [fmt.format(*header), "-" * (sum(widths) + 6)]
    out += [fmt.format(*row) for row in lines]
    out.append(f"Total parameters: {summary.total_params:,}")
    out.append(f"Trainable parameters: {summary.trainable_params:,}")
    if summary.functional_note:
        out.append(f"Note: {summary.functional_note}")
    return "\n".join(out)
