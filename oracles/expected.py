"""Stored oracle answers: the reference outputs of a Program, keyed by its content hash, so replay needs no torch.

One .npz per program under a directory (corpus/expected/ by default): arrays out_<i>, out64_<i>, grad_<i>,
grad64_<i>, undet_<i> (gradient elements whose path crosses an op outside its domain), and `counters` where the speed
oracle recorded them.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np

KEYS = ("outputs", "outputs64", "grads", "grads64", "undetermined")
_PREFIX = {"outputs": "out", "outputs64": "out64", "grads": "grad", "grads64": "grad64", "undetermined": "undet"}


def save(directory: str | os.PathLike, content_hash: str, expected: dict) -> Path:
    path = Path(directory) / f"{content_hash}.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(to_bytes(expected))
    os.replace(tmp, path)          # atomic: an interrupted run never leaves half a file
    return path


def to_bytes(expected: dict) -> bytes:
    """One answer set as the bytes of an .npz (what save writes; the mutation store keeps pristine answers so)."""
    arrays = {}
    for key in KEYS:
        for i, arr in enumerate(expected.get(key) or []):
            arrays[f"{_PREFIX[key]}_{i}"] = np.asarray(arr)
    arrays["meta"] = np.frombuffer(json.dumps({k: len(expected.get(k) or []) for k in KEYS} |
                                              {"counters": expected.get("counters", {})}).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def load(directory: str | os.PathLike, content_hash: str) -> dict | None:
    path = Path(directory) / f"{content_hash}.npz"
    return from_bytes(path.read_bytes()) if path.exists() else None


def from_bytes(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta = json.loads(bytes(z["meta"]).decode())
        out: dict = {key: [z[f"{_PREFIX[key]}_{i}"] for i in range(meta.get(key, 0))] or None for key in KEYS}
        out["counters"] = meta.get("counters", {})
    return out
