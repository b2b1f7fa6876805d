"""Planted bugs on the paths of the IR's Python scalars and stateful steps (fuzz/ops/scalar.py, fuzz/ops/state.py):
each breaks only what one feature exercises, so only programs with that feature can find it (tests/test_ir_features.py).
Applied by name in a worker, like tests/plants.py."""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _reverse_swapped(f):
    """`3 - t`, `2 / t`, `2 ** t`: a reflected operator with a Python scalar computes t - 3 (the operands of a weak
    constant on the left are swapped back). Tensor-with-tensor operators never reach this branch."""
    def planted(self, y, reverse=False):
        if reverse and not hasattr(y, "uop") and not hasattr(y, "op"):
            reverse = False
        return f(self, y, reverse)
    return planted


def _assign_doubles(f):
    """Every assign (and so `+=`, `*=` and setitem, which assign into a view) writes twice the value it was given."""
    def planted(self, x):
        from tinygrad import Tensor, dtypes
        if isinstance(x, Tensor) and dtypes.is_float(x.dtype):
            x = x * 2
        return f(self, x)
    return planted


PLANTS: dict[str, Plant] = {
    # Tensor holds its own wrapped copies of the mixin methods (tensor.py, TRACEMETA): plant on Tensor
    "scalar-reverse-swapped": Plant("tinygrad.tensor.Tensor._broadcasted", _reverse_swapped),
    "assign-doubles": Plant("tinygrad.tensor.Tensor.assign", _assign_doubles),
}

apply_plant = make_apply(PLANTS)
