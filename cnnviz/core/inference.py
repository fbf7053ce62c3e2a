"""One forward pass with recording: the result object every panel renders from."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from cnnviz.core.filters import FilterBank
from cnnviz.core.preprocess import Invert, prepare_with_display
from cnnviz.core.ranking import strongest_first
from cnnviz.core.recording import first_tensor, recording
from cnnviz.core.spec import ModelBundle
from cnnviz.core.summary import ModelSummary, summary_from_records
from cnnviz.core.summary_cache import SummaryCache, summary_key


@dataclass
class InferenceRequest:
    """What to compute: a raw image for a model, and which layers to keep.

    ``with_inputs`` names layers whose input is kept as well as their output;
    ``functional`` adds functional operations (``layer1.0.add``) to the layers.
    """

    request_id: int
    image: np.ndarray
    layers: frozenset[str] = frozenset()
    invert: Invert = "auto"
    with_inputs: frozenset[str] = frozenset()
    functional: bool = False


@dataclass
class InferenceResult:
    """Everything a forward pass produced, as detached CPU numpy arrays."""

    request_id: int
    model_name: str
    model_input: np.ndarray
    probabilities: np.ndarray
    summary: ModelSummary
    activations: dict[str, np.ndarray] = field(default_factory=dict)
    seconds: float = 0.0
    filters: FilterBank | None = None
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    display: np.ndarray | None = None  # the input as H×W×3 bytes, when preprocessing made them

    def top_k(
        self, labels: list[str], k: int = 3, ranking: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The k most probable (label, probability) pairs (``ranking``: :func:`strongest_first` of
        the probabilities, when already known)."""
        order = (strongest_first(self.probabilities) if ranking is None else ranking)[:k].tolist()
        return [(labels[i] if i < len(labels) else str(i), float(self.probabilities[i])) for i in order]


def probabilities_from_output(output: object) -> np.ndarray:
    """Softmax over the model's main output (its first sample), as float64 numpy."""
    logits = first_tensor(output)
    if logits is None:
        raise TypeError("the model returned no tensor")
    first = logits.detach().reshape(logits.shape[0], -1)[0]
    return softmax(first.float().cpu().numpy().astype(np.float64))


def softmax(logits: np.ndarray) -> np.ndarray:
    """exp(x − max) normalised to sum 1; in numpy, a few microseconds for a thousand classes where
    torch's small-tensor ops take about ten times as long. NaN or +inf logits give NaN."""
    with np.errstate(invalid="ignore", over="ignore"):
        exps = np.exp(logits - logits.max())
        return exps / exps.sum()


def run_inference(
    bundle: ModelBundle,
    request: InferenceRequest,
    device: str | torch.device = "cpu",
    summaries: SummaryCache | None = None,
) -> InferenceResult:
    """Preprocess the request's image, run the model, record the asked-for layers.

    With ``summaries`` holding this model's layer table, only the asked-for layers are hooked.
    """
    start = time.perf_counter()
    chw, display = prepare_with_display(request.image, bundle.spec, request.invert)
    x = torch.from_numpy(chw)[None].to(device)
    wanted, with_inputs = request.layers | request.with_inputs, request.with_inputs
    key = summary_key(bundle.module, x, request.functional) if summaries is not None else ()
    known = summaries.get(bundle.module, key) if summaries is not None else None
    only = None if known is None or request.functional else {name.split("#")[0] for name in wanted}
    with (
        torch.no_grad(),
        recording(
            bundle.module,
            capture=wanted.__contains__,
            capture_inputs=with_inputs.__contains__,
            functional=request.functional,
            only=only,
        ) as recorder,
    ):
        output = bundle.module(x)
    summary = known or summary_from_records(bundle.module, recorder.records, recorder.functional_note)
    if summaries is not None and known is None:
        summaries.put(bundle.module, key, summary)
    activations = {r.name: r.array for r in recorder.records if r.array is not None}
    inputs = {r.name: r.input_array for r in recorder.records if r.input_array is not None}
    return InferenceResult(
        request_id=request.request_id,
        model_name=bundle.name,
        model_input=chw,
        probabilities=probabilities_from_output(output),
        summary=summary,
        activations=activations,
        inputs=inputs,
        display=display,
        seconds=time.perf_counter() - start,
    )
