"""fx tracing in one thread while models run, or trace, in others."""

from __future__ import annotations

import threading

import pytest
import torch
from torch import fx, nn

from cnnviz.core.fx_tracing import LeafTracer, ThreadSafeTracer, symbolic_trace


class PausingNet(nn.Module):
    """A net whose forward, while traced, waits until the test lets it go on."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 1, 1)
        self.reached, self.go = threading.Event(), threading.Event()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.reached.set()
        assert self.go.wait(10)
        return torch.relu(self.conv(x))


def fixed_net() -> nn.Sequential:
    """Conv 1→1 with a 2×2 kernel of ones and bias −1, then ReLU."""
    net = nn.Sequential(nn.Conv2d(1, 1, 2), nn.ReLU())
    with torch.no_grad():
        net[0].weight.fill_(1.0)
        net[0].bias.fill_(-1.0)
    return net


def trace_in_thread(tracer: fx.Tracer, model: PausingNet) -> tuple[threading.Thread, list[object]]:
    """Start tracing ``model`` in a thread; its result (graph or exception) lands in the list."""
    outcome: list[object] = []

    def work() -> None:
        try:
            outcome.append(tracer.trace(model))
        except Exception as exc:  # reported to the test
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    assert model.reached.wait(10)
    return thread, outcome


def forward_during_trace(tracer: fx.Tracer) -> tuple[torch.Tensor, object]:
    """Run fixed_net on a 3×3 image in this thread while another thread is inside ``tracer.trace``."""
    traced, net = PausingNet(), fixed_net()
    x = torch.arange(9.0).reshape(1, 1, 3, 3) / 8  # 0, 1/8 … 1
    thread, outcome = trace_in_thread(tracer, traced)
    try:
        with torch.no_grad():
            y = net(x)
    finally:
        traced.go.set()
        thread.join(10)
    return y, outcome[0]


def test_a_forward_in_another_thread_is_not_traced() -> None:
    y, graph = forward_during_trace(ThreadSafeTracer())
    # each 2×2 window's sum minus 1: (0+1+3+4)/8−1 = 0, (1+2+4+5)/8−1 = 0.5, (3+4+6+7)/8−1 = 1.5, 2
    assert y.flatten().tolist() == [0.0, 0.5, 1.5, 2.0]
    assert isinstance(graph, fx.Graph)
    assert [n.target for n in graph.nodes if n.op == "call_module"] == ["conv"]


def test_fx_tracer_alone_breaks_the_other_threads_forward() -> None:
    """The hazard the tracer exists for (torch's own tracer patches nn.Module for every thread)."""
    with pytest.raises(NameError, match="not installed as a submodule"):
        forward_during_trace(fx.Tracer())


def test_two_traces_take_turns_and_leave_torch_unpatched() -> None:
    original_call, original_getattr = nn.Module.__call__, nn.Module.__getattr__
    first, second = PausingNet(), PausingNet()
    second.go.set()
    thread_a, outcome_a = trace_in_thread(LeafTracer(), first)
    outcome_b: list[object] = []
    thread_b = threading.Thread(target=lambda: outcome_b.append(symbolic_trace(second)))
    thread_b.start()
    thread_b.join(0.3)
    assert thread_b.is_alive() and not second.reached.is_set()  # waits for the first trace
    first.go.set()
    thread_a.join(10)
    thread_b.join(10)
    assert isinstance(outcome_a[0], fx.Graph)
    assert isinstance(outcome_b[0], fx.GraphModule)
    assert nn.Module.__call__ is original_call
    assert nn.Module.__getattr__ is original_getattr


def test_symbolic_trace_matches_the_model() -> None:
    net = fixed_net()
    x = torch.rand(1, 1, 5, 4)
    graph_module = symbolic_trace(net)
    assert torch.equal(graph_module(x), net(x))
    assert type(graph_module).__name__ == "Sequential"
