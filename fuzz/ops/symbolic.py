"""Symbolic shapes (issue 15): an axis cut to a bound Variable, as a KV cache reads `cache[:, :start_pos]`.

`var_shrink` keeps the first `bound` entries of an axis, spelled `x.shrink(((0, Variable(...).bind(bound)), ...))`:
tinygrad then carries the axis as the Variable, compiles kernels over a symbolic size and fills the bound in at
run time. Later ops see the symbolic axis; `var_unshrink` makes a symbolic value a buffer and reads it back at its
bound numbers (`x.contiguous().shrink(((0, 3), ...))`), as a user realizes one, and every output with a symbolic axis
ends so. torch, which has
no symbolic shapes, computes the same program with the axis narrowed to its bound.

A Variable is named by its bound and its range (1 .. the side it cuts): two cuts with the same bound of the same
side are one Variable, so their values meet in a binary op as tinygrad's cache slices do. Which ops may take a
symbolic axis is two tables: ops whose attributes never name the symbolic side (elementwise ops,
reductions, softmax over an axis, scans, permutes, matmul over the cut: FAMILY_RULES, OP_RULES). Every other op would need the side as a
number, where tinygrad rightly refuses (a reshape to 6 of a (2, v) tensor): the program is invalid, not a bug.
"""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import ALL
from fuzz.ops.base import (ACTIVATION, BINARY, CAST, NORM, REDUCE, SCALAR, SCAN, TERNARY, UNARY, Invalid, Op, Spec,
                           norm_axes)

SYMBOLIC = "symbolic"

Key = tuple[int, int] | None      # an axis's Variable: (bound, side it cuts), or None for a concrete side
Axes = tuple[Key, ...]            # per axis of a value


def _cut_axis(specs: list[Spec]):
    sides = [a for a, s in enumerate(specs[0].shape) if s > 0]
    return st.sampled_from(sides) if sides else st.nothing()


def _bound(specs: list[Spec]):
    return st.integers(1, max(specs[0].shape, default=1))


def _cut(specs: list[Spec], attrs: dict) -> Spec:
    shape = specs[0].shape
    axis, bound = attrs["axis"], attrs["bound"]
    if not 0 <= axis < len(shape) or not 1 <= bound <= shape[axis]:
        raise Invalid(f"var_shrink of axis {axis} to {bound} in {shape}")
    return Spec(shape[:axis] + (bound,) + shape[axis + 1:], specs[0].dtype)


def _read_back(specs: list[Spec], attrs: dict) -> Spec:
    if tuple(attrs["shape"]) != specs[0].shape:
        raise Invalid(f"var_unshrink to {attrs['shape']} of a value of shape {specs[0].shape}")
    return specs[0]


def shrink_to_variable(x, axis: int, bound: int, cut=None):
    """x's first `bound` entries on `axis`, the cut a Variable ranging 1 .. the side, bound to `bound` (or `cut`, a
    bound Variable given: the JIT oracle passes its own in)."""
    from tinygrad import Variable
    side = x.shape[axis]
    cut = cut if cut is not None else Variable(f"v{bound}of{side}", 1, side).bind(bound)
    return x.shrink(tuple((0, cut) if a == axis else None for a in range(x.ndim)))


ROWS = [
    Op("var_shrink", SYMBOLIC, dtypes=ALL, params={"axis": _cut_axis, "bound": _bound}, out=_cut, min_rank=1,
       grad=True, tiny=lambda L, x, axis, bound: shrink_to_variable(x, axis, bound),
       torch=lambda L, x, axis, bound: x.narrow(axis, 0, bound),
       notes="the Variable's range is 1 .. the cut side; its name says bound and side (one Variable per pair)"),
    Op("var_unshrink", SYMBOLIC, dtypes=ALL, params={"shape": lambda specs: st.just(list(specs[0].shape))},
       out=_read_back, grad=True, tiny=lambda L, x, shape: x.contiguous().shrink(tuple((0, s) for s in shape)),
       torch=lambda L, x, shape: x.clone(),
       notes="a symbolic value made into a buffer of its own (allocated at the Variable's range), then read back at "
             "its bound numbers; a shrink alone would fold the Variable away. On a concrete value a copy"),
]


# ---- which ops take a symbolic axis, and where it goes --------------------------------------------------------

def _broadcast(axes: list[Axes], specs: list[Spec], out: Spec) -> Axes:
    """Elementwise: right-aligned, a symbolic axis meets the same Variable or a side of 1. Against a concrete side
    equal to its bound tinygrad cannot tell them equal (it refuses, as it should)."""
    rank = len(out.shape)
    result: list[Key] = []
    for i in range(rank):
        keys = set()
        for a, s in zip(axes, specs):
            j = i - rank + len(s.shape)
            if j >= 0 and (s.shape[j] != 1 or a[j] is not None):     # a cut bound to 1 is still a Variable
                keys.add(a[j])
        if len(keys) > 1:
            raise Invalid(f"axis {i}: a symbolic side meets {'another Variable' if None not in keys else 'a number'}")
        result.append(keys.pop() if keys else None)
    if out.shape != specs[0].shape and len({s.shape for s in specs}) == 1:
        raise Invalid("the op changes the shape")          # a bitcast to another width: its side is a number
    return tuple(result)


def _reduce(axes: list[Axes], specs: list[Spec], out: Spec, attrs: dict) -> Axes:
    rank = len(specs[0].shape)
    gone = norm_axes(attrs.get("axis"), rank)
    if attrs.get("keepdim", False):
        return tuple(None if i in gone else k for i, k in enumerate(axes[0]))
    return tuple(k for i, k in enumerate(axes[0]) if i not in gone)


def _same(axes, specs, out, attrs) -> Axes:
    if out.shape != specs[0].shape:
        raise Invalid("the op changes the shape")
    return axes[0]


def _permute(axes, specs, out, attrs) -> Axes:
    return tuple(axes[0][a] for a in attrs["order"])


def _transpose(axes, specs, out, attrs) -> Axes:
    a = list(axes[0])
    i, j = attrs["dim0"] % len(a), attrs["dim1"] % len(a)
    a[i], a[j] = a[j], a[i]
    return tuple(a)


def _unsqueeze(axes, specs, out, attrs) -> Axes:
    a = list(axes[0])
    d = attrs["dim"]
    a.insert(d if d >= 0 else len(a) + 1 + d, None)
    return tuple(a)


def _matmul(axes, specs, out, attrs) -> Axes:
    (a, b), (sa, sb) = axes, (specs[0].shape, specs[1].shape)
    inner_b = b[-2] if len(sb) >= 2 else b[-1]
    if a[-1] != inner_b:
        raise Invalid("matmul over a cut that the other operand does not share")
    if len(sb) == 1:
        return a[:-1]
    if len(sa) == 1:
        return b[:-2] + b[-1:]
    batch = _broadcast([a[:-2], b[:-2]], [Spec(sa[:-2], ""), Spec(sb[:-2], "")], Spec(out.shape[:-2], ""))
    return batch + (a[-2], b[-1])


_ELEMENTWISE = lambda axes, specs, out, attrs: _broadcast(axes, specs, out)
# (operands' axes, specs, output spec, attrs) -> output axes; by family, and by op name for single rows. Two tables:
# the matmul family and the matmul row share a name, and linear or einsum must not take the row's rule
FAMILY_RULES = {UNARY: _ELEMENTWISE, ACTIVATION: _ELEMENTWISE, CAST: _ELEMENTWISE, SCALAR: _ELEMENTWISE,
                BINARY: _ELEMENTWISE, TERNARY: _ELEMENTWISE, REDUCE: _reduce, NORM: _same, SCAN: _same}
OP_RULES = {"permute": _permute, "transpose": _transpose, "flip": _same, "unsqueeze": _unsqueeze, "matmul": _matmul}


# Rows of those families that do not take a symbolic axis: batchnorm's per-channel operands are not right-aligned,
# a bitcast's side counts bytes; tinygrad builds argmax/argmin from an arange and cummax/cummin/logcumsumexp from a
# pad of the side, both of which need it as a number (2026-12-06: "Could not infer dtype", "eval failed to be a
# single number"), refusals of what it does not support, not miscompiles
NOT_SYMBOLIC = ("batchnorm", "bitcast", "argmax", "argmin", "cummax", "cummin", "logcumsumexp")


def _rule(op: Op):
    return None if op.name in NOT_SYMBOLIC else OP_RULES.get(op.name) or FAMILY_RULES.get(op.family)


def takes_symbolic(op: Op) -> bool:
    return op.family == SYMBOLIC or _rule(op) is not None


def node_axes(op: Op, attrs: dict, axes: list[Axes], specs: list[Spec], out: Spec) -> Axes:
    """A node's symbolic axes from its operands'; raises Invalid where the op cannot take them."""
    if op.name == "var_shrink":
        if axes[0][attrs["axis"]] is not None:
            raise Invalid("var_shrink of an axis that is already symbolic")
        return tuple((attrs["bound"], specs[0].shape[i]) if i == attrs["axis"] else k for i, k in enumerate(axes[0]))
    if op.name == "var_unshrink":
        return (None,) * len(out.shape)
    if not any(is_symbolic(a) for a in axes):
        return (None,) * len(out.shape)
    rule = _rule(op)
    if rule is None:
        raise Invalid(f"{op.name} cannot take a symbolic axis (its attributes would name the side as a number)")
    return rule(axes, specs, out, attrs)


def is_symbolic(axes: Axes) -> bool:
    return any(k is not None for k in axes)
