"""The Op row and the vocabulary rows are written in: specs, operand rules, parameter kinds, shape rules.

The registry imports neither tinygrad nor torch. A lowering is a method name (called as
`x.name(*others, **attrs)`) or a callable taking the library namespace first: `lambda L, x, w: L.F.conv2d(x, w)`.
On the tinygrad side L has `Tensor`, `dtypes`, `dtype(name)`; on the torch side `torch`, `F`, `dtype(name)`.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from hypothesis import strategies as st

Shape = tuple[int, ...]

UNARY, BINARY, TERNARY, CAST, REDUCE, MOVEMENT, INDEX, MATMUL, CONV, POOL, NORM, LOSS, SCAN, SORT, ACTIVATION = (
    "unary", "binary", "ternary", "cast", "reduce", "movement", "index", "matmul", "conv", "pool", "norm", "loss",
    "scan", "sort", "activation")
SCALAR, STATE, DEVICE = "scalar", "state", "device"   # a Python scalar operand; a stateful step; a copy across devices


class Spec(NamedTuple):
    """What the suite knows of a value without running it: its shape and dtype."""
    shape: Shape
    dtype: str


class Operand(NamedTuple):
    """An operand an op needs besides its first: a spec and the domain fresh values come from."""
    shape: Shape
    dtype: str
    domain: str = "normal"


class Invalid(Exception):
    """A rule refuses this combination of operands and attributes (strategies then draw again)."""


def _same_shape(specs: list[Spec], attrs: dict) -> Spec:
    return specs[0]


@dataclass(frozen=True)
class Op:
    name: str
    family: str
    dtypes: tuple[str, ...]                                    # dtypes the first operand may have
    tiny: str | Callable
    torch: str | Callable
    operands: Callable[[Callable, Spec], list[Operand]] | None = None   # (draw, first) -> other operands
    params: dict[str, Callable[[list[Spec]], Any]] = field(default_factory=dict)   # name -> specs -> strategy
    check: Callable[[list[Spec], dict], bool] | None = None   # reject attribute combinations
    out: Callable[[list[Spec], dict], Spec] = _same_shape     # output spec (raise Invalid to refuse)
    min_rank: int = 0
    max_rank: int = 6
    domain: str = "normal"            # where the first operand's fresh values come from
    edges: bool | Callable[[dict], bool] = True   # may inputs carry nan/inf/extremes (callable: by attrs)
    grad: bool = False
    tol: str = "exact"                # tolerance class; its numbers live in oracles/compare.py
    notes: str = ""                   # where torch and tinygrad legitimately differ, and what the row does about it
    step: bool = False                # an operand change below tolerance may move the output a whole step (floor,
                                      # comparisons, float->int, bitcast) or across a domain edge (acosh: a number
                                      # on one side of 1, nan on the other; bucket 38964d8f4b): judged anchored
                                      # (oracles/anchor.py). The domain-edge rows: acosh, asin, acos, atanh
                                      # (bucket a7e42efaa1: float16 asin(0.8418) rounds to 1.0, then asin of it)
    rounds_inside: bool = False       # rounds a value of its own to the dtype before its step (div_rounded's
                                      # quotient): judged as a sum is, with its float inputs moved an ulp
                                      # (oracles/anchor.py _inputs_nudged; bucket c3bc44d0fd)
    ties: Callable | None = None      # index outputs: (x, attrs, got, want) -> both right (fuzz/ops/ties.py)
    stateful: bool = False            # writes into its first operand, an input, and is that input (fuzz/ops/state.py)
    params_first: bool = False        # attributes are drawn from the first operand alone, then operands(draw, first,
                                      # attrs): a written value's shape follows the index
    where: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.where:
            frame = sys._getframe(2)     # the row's line in its family file (inspect.stack() reads every source)
            object.__setattr__(self, "where", f"{frame.f_code.co_filename.split('/fuzz/')[-1]}:{frame.f_lineno}")

    def edges_for(self, attrs: dict) -> bool:
        """Whether fresh inputs of a node with these attributes may carry edge values."""
        return self.edges(attrs) if callable(self.edges) else self.edges

    def accepts(self, spec: Spec) -> bool:
        return spec.dtype in self.dtypes and self.min_rank <= len(spec.shape) <= self.max_rank

    def draw_operands_and_attrs(self, draw, first: Spec) -> tuple[list, dict]:
        """(other operands, attributes), in the order the row asks for (`params_first`)."""
        def attrs_for(specs):
            drawn = {name: draw(kind(specs)) for name, kind in self.params.items()}
            return {k: (list(v) if isinstance(v, tuple) else v) for k, v in drawn.items()}
        if self.params_first:
            attrs = attrs_for([first])
            return (self.operands(draw, first, attrs) if self.operands else []), attrs
        others = self.operands(draw, first) if self.operands else []
        return others, attrs_for([first] + [Spec(o.shape, o.dtype) for o in others])

    def spec_of(self, specs: list[Spec], attrs: dict) -> Spec:
        if self.check is not None and not self.check(specs, attrs):
            raise Invalid(f"{self.name}: attributes {attrs} refused for {specs}")
        return self.out(specs, attrs)


# ---- operand rules -----------------------------------------------------------------------------

def same(n: int = 1, domain: str = "normal") -> Callable:
    """n more operands exactly like the first (shape and dtype)."""
    return lambda draw, first: [Operand(first.shape, first.dtype, domain)] * n


def broadcastable(n: int = 1, domain: str = "normal") -> Callable:
    """n more operands of the first's dtype whose shapes broadcast with it (some dims 1, some dropped)."""
    def rule(draw, first: Spec) -> list[Operand]:
        out = []
        for _ in range(n):
            shape = list(first.shape)
            keep = draw(st.integers(0, len(shape)))
            shape = shape[len(shape) - keep:]
            shape = [1 if draw(st.booleans()) and s != 0 else s for s in shape] if shape else shape
            out.append(Operand(tuple(shape), first.dtype, domain))
        return out
    return rule


def with_dtype(dtype: str, domain: str = "normal", broadcast: bool = False) -> Callable:
    """One more operand of the first's shape (or one broadcasting with it) in a fixed dtype (e.g. a bool mask)."""
    if broadcast:
        return lambda draw, first: [o._replace(dtype=dtype) for o in broadcastable(1, domain)(draw, first)]
    return lambda draw, first: [Operand(first.shape, dtype, domain)]


def chain(*rules: Callable) -> Callable:
    """The operands of several rules, in order: `chain(broadcastable(1), same(1, "nonzero"))`."""
    return lambda draw, first: [o for rule in rules for o in rule(draw, first)]


# ---- shape rules -------------------------------------------------------------------------------

def broadcast_shape(*shapes: Shape) -> Shape:
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(rank):
        dims = {s[i - rank + len(s)] for s in shapes if i - rank + len(s) >= 0} - {1}
        if len(dims) > 1:
            raise Invalid(f"shapes {shapes} do not broadcast")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def elementwise(out_dtype: str | None = None) -> Callable:
    """Output is the broadcast of all operands, in out_dtype (or the first operand's dtype). Operands of one dtype
    (a comparison's too): the rows draw them so, and a minimizer's dtype change to one input must not pass as valid,
    since tinygrad would promote where the spec does not (bucket df5823aac5: uint64 * float32)."""
    def rule(specs: list[Spec], attrs: dict) -> Spec:
        if out_dtype in (None, "bool") and len({s.dtype for s in specs}) > 1:
            raise Invalid(f"operands of dtypes {[s.dtype for s in specs]}")
        return Spec(broadcast_shape(*(s.shape for s in specs)), out_dtype or specs[0].dtype)
    return rule


def as_dtype(attr: str) -> Callable:
    """Same shape as the first operand, dtype named by an attribute (casts)."""
    return lambda specs, attrs: Spec(specs[0].shape, attrs[attr])


def norm_axes(axis, rank: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(rank))
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return tuple(sorted({a % rank for a in axes})) if rank else ()


def reduced(empty_axis: bool = True, out_dtype: Callable[[str], str] | None = None, attr: str = "axis") -> Callable:
    """Reduce over attrs[attr] (None, an int, or a list), honouring attrs['keepdim']."""
    def rule(specs: list[Spec], attrs: dict) -> Spec:
        shape = specs[0].shape
        axes = norm_axes(attrs.get(attr), len(shape))
        if not empty_axis and any(shape[a] == 0 for a in axes):
            raise Invalid("reduction over an empty axis")
        keep = attrs.get("keepdim", False)
        new = tuple(1 if i in axes else s for i, s in enumerate(shape)) if keep else \
            tuple(s for i, s in enumerate(shape) if i not in axes)
        return Spec(new, out_dtype(specs[0].dtype) if out_dtype else specs[0].dtype)
    return rule


# ---- parameter kinds: specs -> strategy ----------------------------------------------------------

class choice:
    """A categorical parameter: one of `values`. It names them, so the kill suite can draw a program per value
    (mutate/killsuite.py by_value: a draw per op takes one pad mode of three, one reduction of five)."""
    def __init__(self, *values, strategy=None):
        self.values, self.strategy = values, strategy

    def __call__(self, specs: list[Spec]):
        return self.strategy if self.strategy is not None else st.sampled_from(self.values)


FLAG = choice(False, True, strategy=st.booleans())     # st.booleans(): the draws every seed has always made


def AXIS(specs: list[Spec]):
    rank = len(specs[0].shape)
    return st.integers(-rank, rank - 1) if rank else st.just(None)


def AXES(specs: list[Spec]):
    """None, one axis (maybe negative), or a tuple of distinct axes."""
    rank = len(specs[0].shape)
    if rank == 0:
        return st.none()
    one = st.integers(-rank, rank - 1)
    many = st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True)
    return st.one_of(st.none(), one, many)


def AXIS_OR_NONE(specs: list[Spec]):
    return st.one_of(st.none(), AXIS(specs))


def ints(lo: int, hi: int) -> Callable:
    return lambda specs: st.integers(lo, hi)
