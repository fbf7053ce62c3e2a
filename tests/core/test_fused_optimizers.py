"""The training loop's optimisers are torch's fused ones where torch has them, with the same results."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cnnviz.core.train_config import TrainConfig
from cnnviz.core.train_steps import load_optimizer_state, optimizer_for

SETTINGS = {
    "adam": {"lr": 0.01, "weight_decay": 0.001},
    "adamw": {"lr": 0.01, "weight_decay": 0.05},
    "sgd": {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.001},
}
PLAIN = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}


def tiny_net() -> nn.Module:
    """A conv and a linear layer with fixed weights."""
    torch.manual_seed(3)
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))


def batch() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(5)
    return torch.randn(4, 1, 6, 6, generator=generator), torch.tensor([0, 2, 1, 2])


def train_steps(model: nn.Module, optimizer: torch.optim.Optimizer, steps: int) -> None:
    x, y = batch()
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_fused_on_the_cpu_with_the_plain_optimizers_results(name: str) -> None:
    fused_model, plain_model = tiny_net(), tiny_net()
    config = TrainConfig(optimizer=name, **SETTINGS[name])  # type: ignore[arg-type]
    fused = optimizer_for(list(fused_model.parameters()), config)
    plain = PLAIN[name](plain_model.parameters(), **SETTINGS[name])
    assert fused.param_groups[0]["fused"] is True
    assert not plain.param_groups[0]["fused"]
    train_steps(fused_model, fused, 8)
    train_steps(plain_model, plain, 8)
    for (key, a), b in zip(fused_model.state_dict().items(), plain_model.state_dict().values(), strict=True):
        assert not torch.equal(a, tiny_net().state_dict()[key])  # the steps moved every weight
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)


def test_parameters_without_fused_kernels_get_the_plain_optimizer() -> None:
    param = nn.Parameter(torch.ones(3, dtype=torch.complex64))
    optimizer = optimizer_for([param], TrainConfig(optimizer="adam", lr=0.1))
    assert not optimizer.param_groups[0]["fused"]
    param.grad = torch.ones(3, dtype=torch.complex64)
    optimizer.step()
    assert not torch.equal(param.detach(), torch.ones(3, dtype=torch.complex64))


def test_a_plain_state_resumes_fused_and_continues_as_an_unbroken_run() -> None:
    config = TrainConfig(optimizer="adam", lr=0.01)
    unbroken_model = tiny_net()
    unbroken = optimizer_for(list(unbroken_model.parameters()), config)
    train_steps(unbroken_model, unbroken, 6)

    first_model = tiny_net()
    plain = torch.optim.Adam(first_model.parameters(), lr=0.01)  # a checkpoint written unfused
    train_steps(first_model, plain, 3)
    resumed_model = tiny_net()
    resumed_model.load_state_dict(first_model.state_dict())
    resumed = optimizer_for(list(resumed_model.parameters()), config)
    load_optimizer_state(resumed, plain.state_dict())
    assert resumed.param_groups[0]["fused"] is True  # torch's own load would have taken the file's None
    train_steps(resumed_model, resumed, 3)
    for a, b in zip(resumed_model.parameters(), unbroken_model.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)


def test_a_fused_state_loads_into_a_plain_optimizer_with_cpu_step_counts() -> None:
    model = tiny_net()
    fused = optimizer_for(list(model.parameters()), TrainConfig(optimizer="adam", lr=0.01))
    train_steps(model, fused, 2)
    plain = torch.optim.Adam(model.parameters(), lr=0.01)
    load_optimizer_state(plain, fused.state_dict())
    assert not plain.param_groups[0]["fused"]
    steps = [plain.state[p]["step"] for p in model.parameters()]
    assert all(s.device.type == "cpu" and float(s) == 2.0 for s in steps)
    train_steps(model, plain, 1)
    assert float(plain.state[next(model.parameters())]["step"]) == 3.0


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_a_cpu_state_resumes_fused_on_cuda_with_the_steps_on_the_device() -> None:
    model = tiny_net()
    plain = torch.optim.Adam(model.parameters(), lr=0.01)
    train_steps(model, plain, 2)
    model.cuda()
    fused = optimizer_for(list(model.parameters()), TrainConfig(optimizer="adam", lr=0.01))
    load_optimizer_state(fused, plain.state_dict())
    assert fused.param_groups[0]["fused"] is True
    assert all(fused.state[p]["step"].device.type == "cuda" for p in model.parameters())
    x, y = batch()
    fused.zero_grad()
    nn.functional.cross_entropy(model(x.cuda()), y.cuda()).backward()
    fused.step()
    assert float(fused.state[next(model.parameters())]["step"]) == 3.0
