"""Copies across devices (issue 15): a value, often a view (permuted, flipped, padded, shrunk, strided), moved to
another device and back. tinygrad copies the base buffer and replays the view on the far side, or copies a
contiguous one first; either way the numbers must come back unchanged, and the gradient must flow through both
copies. The other device is the second instance of the same kind (CPU -> CPU:1, PYTHON -> PYTHON:1), and tinygrad's
emulator for any other device (a GPU's copy to the host's kind needs a C compiler there). torch: the identity.
"""
from __future__ import annotations

from fuzz.dtypes import ALL
from fuzz.ops.base import DEVICE, Op


def _elsewhere(device: str) -> str:
    return f"{device}:1" if device in ("CPU", "PYTHON") else "PYTHON"


ROWS = [
    Op("to_device", DEVICE, dtypes=ALL, grad=True,
       tiny=lambda L, x: x.to(_elsewhere(x.device)).to(x.device), torch=lambda L, x: x.clone(),
       notes="there and back: the copy of a view must keep the view's numbers"),
    Op("to_device_contiguous", DEVICE, dtypes=ALL, grad=True,
       tiny=lambda L, x: x.to(_elsewhere(x.device)).contiguous().to(x.device), torch=lambda L, x: x.clone(),
       notes="realized on the far side before it comes back: two copies of a contiguous buffer"),
]
