"""Planted bugs: named changes to tinygrad that a worker applies by name when it starts.

A plant replaces an attribute (a function, a method, a table entry) with a wrapped version, or removes it when the
wrap returns REMOVED (a method a tinygrad change dropped). The worker calls
`apply_plant(name)` of the module named in RunConfig.patches ("tests.plants:exp2-high"), so a plant crosses
the process boundary as a string. Other areas keep their plants in tests/plants_<area>.py with the same shape.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable


REMOVED = object()                    # a wrap returning this deletes the target instead of replacing it


@dataclass(frozen=True)
class Plant:
    target: str                       # "package.module.attr" or "package.module.Class.attr"
    wrap: Callable                    # original -> replacement
    expect: str = "mismatch"          # the verdict kind a working oracle gives

    def apply(self) -> None:
        obj, attr = resolve(self.target)
        original = getattr(obj, attr)   # AttributeError: a renamed target fails the test, never passes it
        planted = self.wrap(original)
        if planted is not REMOVED:
            setattr(obj, attr, planted)
            return
        for owner in obj.__mro__ if isinstance(obj, type) else (obj,):   # a mixin may define it too
            if attr in vars(owner):
                delattr(owner, attr)


def resolve(target: str):
    """(object, attribute name) for a dotted path: the longest importable module prefix, then attributes."""
    parts = target.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:-1]:
            obj = getattr(obj, name)
        if not hasattr(obj, parts[-1]):
            raise AttributeError(f"plant target {target!r} does not exist")
        return obj, parts[-1]
    raise ModuleNotFoundError(f"plant target {target!r}: no importable module")


def _sum_off_by_one(f):
    def planted(self, *args, **kwargs):
        out = f(self, *args, **kwargs)
        return out + 1 if out.numel() else out
    return planted


def _cast_truncates(f):
    def planted(self, dtype):
        from tinygrad import dtypes
        out = f(self, dtype)
        return f(f(self, dtypes.float16), dtype) if dtypes.is_float(dtype) and dtype != dtypes.float16 else out
    return planted


def _sort_indices_reversed(f):
    def planted(self, dim=-1, descending=False):
        values, indices = f(self, dim, descending)
        return values, indices.flip(dim)
    return planted


PLANTS: dict[str, Plant] = {
    "exp2-high": Plant("tinygrad.Tensor.exp2", lambda f: lambda self: f(self) * 1.01),
    "sum-off-by-one": Plant("tinygrad.Tensor.sum", _sum_off_by_one),
    "cast-through-half": Plant("tinygrad.Tensor.cast", _cast_truncates),
    "segfault": Plant("tinygrad.Tensor.sqrt", lambda f: lambda self: __import__("ctypes").string_at(0)),
    "hang": Plant("tinygrad.Tensor.sin", lambda f: lambda self: __import__("time").sleep(3600)),
    "slow-sin": Plant("tinygrad.Tensor.sin", lambda f: lambda self: (__import__("time").sleep(4), f(self))[1],
                      expect="pass"),    # a slow compile under load: slower than the timeout, faster than the retry
    "floor-rounds": Plant("tinygrad.Tensor.floor", lambda f: lambda self: f(self + 0.5)),   # a step off, at a step op
    "sort-indices-reversed": Plant("tinygrad.Tensor.sort", _sort_indices_reversed),   # wrong indices, not a tie
    "suite-raises": Plant("oracles.tiny_eval.to_numpy", lambda f: lambda t: f(None), expect="suite"),  # our bug
    "tensor-method-removed": Plant("tinygrad.Tensor.relu", lambda f: REMOVED, expect="crash"),   # crash (API)
}


def make_apply(plants: dict[str, Plant]) -> Callable[[str], None]:
    def apply_plant(name: str) -> None:
        plants[name].apply()
    return apply_plant


apply_plant = make_apply(PLANTS)
