"""Indexing: getitem with ints and stepped slices, an index tensor, or two on any two axes; gather, scatter,
masked_fill, one_hot."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import ALL, FLOATS, NUMERIC
from fuzz.ops.base import AXIS, INDEX, Invalid, Op, Operand, Spec, broadcast_shape, choice, ints, with_dtype


def _items(specs):
    """Per leading axes: an int (maybe negative) or [start, stop, step] with None ends and step 1..3."""
    def item(s):
        end = st.one_of(st.none(), st.integers(-s - 1, s + 1))
        sl = st.tuples(end, end, st.integers(1, 3)).map(list)
        return st.one_of(sl, st.integers(-s, s - 1)) if s else sl
    shape = specs[0].shape
    return st.integers(1, max(len(shape), 1)).flatmap(lambda k: st.tuples(*[item(s) for s in shape[:k]])).map(list)


def _key(index):
    return tuple(slice(*i) if isinstance(i, list) else i for i in index)


def _getitem_out(specs, attrs):
    shape = specs[0].shape
    if len(attrs["index"]) > len(shape):
        raise Invalid("more indices than axes")
    out = []
    for i, s in zip(attrs["index"], shape):
        if isinstance(i, list):
            out.append(len(range(*slice(*i).indices(s))))
        elif not -s <= i < s:
            raise Invalid(f"index {i} of a side {s}")
    return Spec(tuple(out) + shape[len(attrs["index"]):], specs[0].dtype)


def _index_tensor(draw, first: Spec) -> list[Operand]:
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=2)))
    return [Operand(shape, "int32", f"index:{first.shape[0]}")]


def _bounded_index(with_src: bool):
    """An index no larger than the data on any axis, its values valid along every axis (so any `dim` works)."""
    def rule(draw, first: Spec) -> list[Operand]:
        if 0 in first.shape:
            raise Invalid("indexing into an empty axis")
        shape = tuple(draw(st.integers(1, s)) for s in first.shape)
        out = [Operand(shape, "int32", f"index:{min(first.shape)}")]
        return out + [Operand(shape, first.dtype)] if with_src else out
    return rule


def _one_hot_torch(L, x, num_classes):
    # torch's F.one_hot refuses negative or too-large classes; tinygrad gives a zero row. The definition:
    return (x.unsqueeze(-1) == L.torch.arange(num_classes)).to(L.torch.int32)


def _two_indices(draw, first: Spec) -> list[Operand]:
    """Two index tensors that broadcast together, their values valid on every axis (so any two axes take them)."""
    if len(first.shape) < 2 or 0 in first.shape:
        raise Invalid("two index tensors need two non-empty axes")
    a = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    b = tuple(1 if draw(st.booleans()) else s for s in a[len(a) - draw(st.integers(1, len(a))):])
    return [Operand(a, "int32", f"index:{min(first.shape)}"), Operand(b, "int32", f"index:{min(first.shape)}")]


def _two_indices_out(specs, attrs):
    """numpy's rule: the indices' broadcast shape replaces adjacent indexed axes in place; apart, it goes first."""
    shape, (a, b) = specs[0].shape, attrs["axes"]
    lo, hi = sorted((a, b))
    both = broadcast_shape(specs[1].shape, specs[2].shape)
    if hi - lo == 1:
        return Spec(shape[:lo] + both + shape[hi + 1:], specs[0].dtype)
    return Spec(both + tuple(s for d, s in enumerate(shape) if d not in (lo, hi)), specs[0].dtype)


ROWS = [
    Op("getitem", INDEX, dtypes=ALL, params={"index": _items}, min_rank=1, out=_getitem_out, grad=True,
       tiny=lambda L, x, index: x[_key(index)], torch=lambda L, x, index: x[_key(index)].clone()),
    Op("getitem_tensor", INDEX, dtypes=ALL, operands=_index_tensor, min_rank=1, grad=True,   # bfloat16 on CPU: KB-0032
       out=lambda specs, attrs: Spec(specs[1].shape + specs[0].shape[1:], specs[0].dtype),
       check=lambda specs, attrs: specs[0].shape[0] > 0,
       tiny=lambda L, x, i: x[i], torch=lambda L, x, i: x[i.long()]),
    Op("getitem_tensors", INDEX, dtypes=ALL, operands=_two_indices, min_rank=2, grad=True, out=_two_indices_out,
       params={"axes": lambda specs: st.permutations(range(len(specs[0].shape))).map(lambda p: list(p[:2]))},
       tiny=lambda L, x, i, j, axes: x[tuple(i if d == axes[0] else j if d == axes[1] else slice(None)
                                             for d in range(x.ndim))],
       torch=lambda L, x, i, j, axes: x[tuple(i.long() if d == axes[0] else j.long() if d == axes[1] else slice(None)
                                              for d in range(x.dim()))]),
    Op("gather", INDEX, dtypes=ALL, operands=_bounded_index(False), params={"dim": AXIS}, min_rank=1, grad=True,
       out=lambda specs, attrs: Spec(specs[1].shape, specs[0].dtype),   # bfloat16 on CPU: KB-0032
       tiny=lambda L, x, i, dim: x.gather(dim, i), torch=lambda L, x, i, dim: x.gather(dim, i.long())),
    Op("scatter", INDEX, dtypes=NUMERIC, operands=_bounded_index(False), params={"dim": AXIS, "value": ints(-3, 3)},
       min_rank=1, tiny=lambda L, x, i, dim, value: x.scatter(dim, i, value),
       torch=lambda L, x, i, dim, value: x.scatter(dim, i.long(), value),
       notes="a scalar source: duplicate indices write the same value, so the result is defined (a tensor "
             "source with duplicates is not: which write wins is unspecified in torch)."),
    Op("scatter_reduce", INDEX, dtypes=FLOATS, operands=_bounded_index(True), min_rank=1, domain="nonan",
       params={"dim": AXIS, "reduce": choice("sum", "prod", "amax", "amin", "mean"), "include_self": choice(True, False)},
       tiny=lambda L, x, i, src, dim, reduce, include_self: x.scatter_reduce(dim, i, src, reduce, include_self),
       torch=lambda L, x, i, src, dim, reduce, include_self: x.scatter_reduce(dim, i.long(), src, reduce,
                                                                              include_self=include_self),
       tol="accumulate", notes="nan: amax/amin do not propagate it in tinygrad: 'nonan'."),
    Op("masked_fill", INDEX, dtypes=NUMERIC, operands=with_dtype("bool", broadcast=True), params={"value": ints(-2, 2)},
       out=lambda specs, attrs: Spec(specs[0].shape, specs[0].dtype),   # the mask broadcasts into x
       tiny=lambda L, x, m, value: x.masked_fill(m, value), torch=lambda L, x, m, value: x.masked_fill(m, value),
       grad=True),
    Op("one_hot", INDEX, dtypes=("int32",), params={"num_classes": choice(5, 7)}, domain="index:5",
       out=lambda specs, attrs: Spec(specs[0].shape + (attrs["num_classes"],), "int32"),
       tiny=lambda L, x, num_classes: x.one_hot(num_classes), torch=_one_hot_torch,
       notes="classes outside 0..n-1 (a reused value may carry them): tinygrad gives a zero row, torch's "
             "F.one_hot refuses; the reference spells the definition (x[..., None] == arange(n))."),
]
