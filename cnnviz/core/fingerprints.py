"""Fingerprints of what a computation depends on: a model's weights and architecture, a set of images.

SHA-256 digests (hex) that change when any weight, buffer, shape, dtype or image byte changes and
stay the same for an equal copy (another object with the same weights, the same images split
into other parts). :mod:`cnnviz.core.topk_cache` keys its files with them.
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch
from torch import nn

from cnnviz.core.topk_images import ImageSet


def tensor_bytes(tensor: torch.Tensor) -> bytes:
    """A tensor's raw bytes in C order (any dtype)."""
    flat = tensor.detach().to("cpu").contiguous().reshape(-1)
    return flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""


def model_fingerprint(model: nn.Module) -> str:
    """SHA-256 of the architecture (``repr``) and of every state_dict tensor, in name order."""
    digest = hashlib.sha256(repr(model).encode())
    state = model.state_dict()
    for name in sorted(state):
        tensor = state[name]
        digest.update(f"{name}|{tensor.dtype}|{tuple(tensor.shape)}|".encode())
        digest.update(tensor_bytes(tensor))
    return digest.hexdigest()


def data_fingerprint(images: ImageSet) -> str:
    """SHA-256 of the images' shape and bytes (every image, in order)."""
    digest = hashlib.sha256(f"{len(images)}|{images.image_shape if len(images) else ()}|".encode())
    for part in images.parts:
        digest.update(np.ascontiguousarray(part, dtype=np.float32).data)
    return digest.hexdigest()
