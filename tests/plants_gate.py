"""Regressions that look like registered bugs but are not (issue 17): the gate must fail on each with a new bucket.

- relu6 raises: a crash in an op whose registered bug (KB-0012) is a wrong value;
- the segfault plant of tests/plants.py (sqrt): a death outside any tinygrad kernel, unlike KB-0022/KB-0027;
- integer max is off by one: a value mismatch in an op whose registered bug (KB-0003) is a lost nan in floats.
"""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _relu6_raises(f):
    def planted(self, *args, **kwargs):
        raise RuntimeError("planted: relu6 lost its lowering")
    return planted


def _int_max_off(f):
    def planted(self, *args, **kwargs):
        from tinygrad import dtypes
        out = f(self, *args, **kwargs)
        return out + 1 if dtypes.is_int(out.dtype) and out.numel() else out
    return planted


PLANTS: dict[str, Plant] = {
    "relu6-raises": Plant("tinygrad.Tensor.relu6", _relu6_raises, expect="crash"),
    "int-max-off": Plant("tinygrad.Tensor.max", _int_max_off, expect="mismatch"),
}

apply_plant = make_apply(PLANTS)
