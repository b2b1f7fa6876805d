"""Stateful steps (issue 15): assign, `+=`/`*=` into a tensor or a view of it, setitem with basic, advanced (a list)
and mixed indices.

A step writes into its first operand, the target, which is a program input (a realized buffer, maybe seen through
a permute, shrink or stride view, which alias it in both libraries). The step's value is the target itself, so every
later read of the input or of the step sees the write: the IR's meaning is the Python program's, run eagerly, as in
torch. What tinygrad must get right: the write lands in the base buffer through the view, a value read before the
write keeps its old numbers (tinygrad#17074), overlapping reads and writes (`x[1:] = x[:-1]`) read first.

The rules a program with steps keeps (fuzz/infer.py `check_state`, so the generator and the minimizer both keep
them): the target is an input with aliasing views only, without gradients; and a value that may alias the target
(a movement or cast of it, which tinygrad and torch may return as the very same tensor) is not read after the step,
where the two libraries' aliasing rules part (docs/tinygrad-notes.md).
"""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import ALL, DTYPES, NUMERIC
from fuzz.ops.base import STATE, Invalid, Op, Spec, broadcastable
from fuzz.ops.indexing import _getitem_out, _items, _key

ALIASING_VIEWS = ("permute", "shrink", "stride")   # view steps that are views in torch too (pad, flip copy there)


def _value_of_index(draw, first: Spec, attrs: dict):
    """The written value: the indexed region's shape, or one broadcasting into it, in the target's dtype."""
    region = _region(first, attrs)
    return broadcastable(1)(draw, region)


def _region(first: Spec, attrs: dict) -> Spec:
    index = attrs["index"]
    if any(isinstance(i, dict) for i in index):
        return _advanced_out([first], attrs)
    return _getitem_out([first], attrs)


def _target(specs: list[Spec], attrs: dict) -> Spec:
    if "index" in attrs:
        _region(specs[0], attrs)             # an index that does not fit the target raises Invalid
    return specs[0]


def _fill(specs: list[Spec]):
    dt = DTYPES[specs[0].dtype]
    if dt.kind == "bool":
        return st.booleans()
    if dt.is_float:
        return st.sampled_from((0.0, -1.5, 2.0, 0.5))
    return st.integers(0 if dt.kind == "uint" else -3, 3)


def _advanced_items(specs: list[Spec]):
    """Slices on every axis but one, which takes a list of distinct in-range ints (negative too): the list is the only
    advanced index, so its axis keeps its place in the region. Distinct, because which of two writes to one element
    wins is unspecified in torch."""
    shape = specs[0].shape
    def items(axis: int):
        def item(k: int, s: int):
            if k == axis:
                return st.lists(st.integers(-s, s - 1), min_size=1, max_size=s, unique_by=lambda i: i % s).map(
                    lambda xs: {"list": xs})
            end = st.one_of(st.none(), st.integers(-s - 1, s + 1))
            return st.tuples(end, end, st.integers(1, 3)).map(list)
        return st.tuples(*[item(k, s) for k, s in enumerate(shape)]).map(list)
    usable = [a for a, s in enumerate(shape) if s > 0]
    return st.sampled_from(usable).flatmap(items) if usable else st.nothing()


def _advanced_key(index):
    return tuple(i["list"] if isinstance(i, dict) else slice(*i) for i in index)


def _advanced_out(specs: list[Spec], attrs: dict) -> Spec:
    shape = specs[0].shape
    index = attrs["index"]
    if len(index) != len(shape) or sum(isinstance(i, dict) for i in index) != 1:
        raise Invalid("an advanced index names every axis, one of them with a list")
    out = []
    for i, s in zip(index, shape):
        if isinstance(i, dict):
            if not i["list"] or any(not -s <= j < s for j in i["list"]) or len({j % s for j in i["list"]}) < len(i["list"]):
                raise Invalid(f"list index {i['list']} on a side {s}")
            out.append(len(i["list"]))
        else:
            out.append(len(range(*slice(*i).indices(s))))
    return Spec(tuple(out), specs[0].dtype)


STEP = dict(family=STATE, stateful=True, edges=True)

ROWS = [
    Op("assign", dtypes=ALL, operands=broadcastable(1), out=_target,
       tiny=lambda L, x, v: x.assign(v), torch=lambda L, x, v: x.copy_(v.clone()), **STEP),
    Op("assign_add", dtypes=NUMERIC, operands=broadcastable(1), out=_target, tol="float",
       tiny=lambda L, x, v: x.__iadd__(v), torch=lambda L, x, v: x.__iadd__(v.clone()), **STEP),
    Op("assign_mul", dtypes=NUMERIC, operands=broadcastable(1), out=_target, tol="float",
       tiny=lambda L, x, v: x.__imul__(v), torch=lambda L, x, v: x.__imul__(v.clone()), **STEP),
    Op("setitem", dtypes=ALL, params={"index": _items}, operands=_value_of_index, params_first=True, min_rank=1,
       out=_target, tiny=lambda L, x, v, index: x.__setitem__(_key(index), v) or x,
       torch=lambda L, x, v, index: x.__setitem__(_key(index), v.clone()) or x, **STEP),
    Op("setitem_scalar", dtypes=ALL, params={"index": _items, "value": _fill}, min_rank=1, out=_target,
       tiny=lambda L, x, index, value: x.__setitem__(_key(index), value) or x,
       torch=lambda L, x, index, value: x.__setitem__(_key(index), value) or x, **STEP),
    Op("setitem_list", dtypes=ALL, params={"index": _advanced_items}, operands=_value_of_index, params_first=True,
       min_rank=1, out=_target, tiny=lambda L, x, v, index: x.__setitem__(_advanced_key(index), v) or x,
       torch=lambda L, x, v, index: x.__setitem__(_advanced_key(index), v.clone()) or x, **STEP),
]
