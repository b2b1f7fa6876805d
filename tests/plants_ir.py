"""Planted bugs on the paths of the IR's Python scalars, stateful steps, copies across devices and symbolic shapes
(fuzz/ops/scalar.py, state.py, device.py, symbolic.py):
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


def _copy_scaled(f):
    """A float tensor moved to another device arrives scaled by 1.01 (a copy that is not bit-exact)."""
    def planted(self, device=None, *args, **kwargs):
        out = f(self, device, *args, **kwargs)
        from tinygrad import dtypes
        moved = device is not None and str(device) != str(self.device) and not str(device).startswith(("DISK", "NPY"))
        return out * 1.01 if moved and dtypes.is_float(self.dtype) else out
    return planted


def _long_reduce_off(f):
    """A sum along an axis of 128 or more (tinygrad splits such reductions) is one too high. Programs of the small
    regime (sides up to 8) never reduce so long an axis: only the campaign's large programs can find it."""
    def planted(self, axis=None, *args, **kwargs):
        out = f(self, axis, *args, **kwargs)
        axes = range(len(self.shape)) if axis is None else [axis] if isinstance(axis, int) else axis
        return out + 1 if any(self.shape[a] >= 128 for a in axes) else out
    return planted


def _variable_one_short(f):
    """A kernel over a symbolic size is launched with each Variable's value one less than it is bound to (at least
    1): it computes one row, or sums one entry, too few. Kernels without a Variable never reach this."""
    def planted(self, var_vals):
        return tuple(v - 1 if isinstance(v, int) and v > 1 else v for v in f(self, var_vals))
    return planted


def _replay_stale_variables(f):
    """A captured JIT replays with the Variable values of its first replay, not the call's: a KV cache read at the
    wrong length. Eager runs, and JIT programs without Variables, never reach it."""
    seen: dict = {}

    def planted(self, input_uops, var_vals):
        key = id(self)
        seen.setdefault(key, dict(var_vals))
        return f(self, input_uops, {**var_vals, **seen[key]})
    return planted


PLANTS: dict[str, Plant] = {
    "jit-stale-variables": Plant("tinygrad.engine.jit.CapturedJit.__call__", _replay_stale_variables),
    "variable-one-short": Plant("tinygrad.uop.ops.ProgramInfo.vals", _variable_one_short),
    "long-reduce-off": Plant("tinygrad.tensor.Tensor.sum", _long_reduce_off),
    "copy-scaled": Plant("tinygrad.tensor.Tensor.to", _copy_scaled),
    # Tensor holds its own wrapped copies of the mixin methods (tensor.py, TRACEMETA): plant on Tensor
    "scalar-reverse-swapped": Plant("tinygrad.tensor.Tensor._broadcasted", _reverse_swapped),
    "assign-doubles": Plant("tinygrad.tensor.Tensor.assign", _assign_doubles),
}

apply_plant = make_apply(PLANTS)
