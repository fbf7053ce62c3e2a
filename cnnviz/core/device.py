"""Choosing where models run: CUDA or Apple MPS when present, CPU otherwise."""

from __future__ import annotations

import torch


def available_devices() -> list[str]:
    """Every device this machine can run a model on, best first."""
    devices = [f"cuda:{i}" for i in range(torch.cuda.device_count())] if torch.cuda.is_available() else []
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    devices.append("cpu")
    return devices


def default_device() -> str:
    """The best available device."""
    return available_devices()[0]


def describe_device(device: str) -> str:
    """A short human-readable name, e.g. 'CUDA 0: NVIDIA H100' or 'CPU (2 threads)'."""
    if device.startswith("cuda"):
        index = int(device.split(":")[1]) if ":" in device else 0
        return f"CUDA {index}: {torch.cuda.get_device_name(index)}"
    if device == "mps":
        return "Apple MPS"
    return f"CPU ({torch.get_num_threads()} threads)"
