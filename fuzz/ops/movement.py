"""Movement ops: reshape, permute, expand, pad (all modes, negative pads), shrink, flip, transpose, squeeze,
unsqueeze, flatten, cat, stack, split/chunk (one piece chosen by `index`), repeat, roll, tril/triu, diag, diagonal,
rearrange (einops formulas)."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import ALL
from fuzz.ops.base import AXIS, MOVEMENT, Invalid, Op, Operand, Spec, choice, ints

M = dict(family=MOVEMENT, dtypes=ALL, grad=True)


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def _reshapes(specs):
    shape = specs[0].shape
    n = _numel(shape)
    cands = [(n,), tuple(reversed(shape)), (1,) + shape, shape + (1,), (-1,)]
    cands += [(d, n // d) for d in range(2, 7) if n and n % d == 0]
    if len(shape) >= 2:
        cands.append(shape[:-2] + (shape[-2] * shape[-1],))
        cands.append((-1,) + shape[-1:])
    return st.sampled_from([list(c) for c in cands])


def _reshape_out(specs, attrs):
    n, shape = _numel(specs[0].shape), list(attrs["shape"])
    if -1 in shape:
        rest = _numel([s for s in shape if s != -1])
        if rest == 0:
            raise Invalid("reshape with -1 next to a zero dim")
        shape[shape.index(-1)] = n // rest
    if _numel(shape) != n:
        raise Invalid(f"reshape {specs[0].shape} to {attrs['shape']}")
    return Spec(tuple(shape), specs[0].dtype)


def _expands(specs):
    shape = specs[0].shape
    sides = [st.integers(1, 3) if s == 1 else st.just(s) for s in shape]
    lead = st.lists(st.integers(1, 3), max_size=1)
    return st.tuples(lead, st.tuples(*sides)).map(lambda t: list(t[0]) + list(t[1]))


def _pads(specs):
    """[before, after] per axis; negative pads crop (never past the axis)."""
    return st.tuples(*[st.tuples(st.integers(-min(s, 2) // 2 if s else 0, 2), st.integers(-(s // 2), 2))
                       for s in specs[0].shape]).map(lambda t: [list(p) for p in t])


def _edge_pads(specs):
    """reflect/replicate/circular: torch pads only the last k axes of a (k+1)- or (k+2)-d tensor, and reflect
    needs pad < side. So: k = rank-1 or rank-2 (1..3) trailing axes, pads 0..side-1."""
    shape = specs[0].shape
    r = len(shape)
    k = min(r - 1, 3)
    if k < 1 or r > k + 2:
        return st.nothing()
    side = lambda s: st.integers(0, max(min(s - 1, 2), 0))
    return st.tuples(*[st.tuples(side(s), side(s)) for s in shape[r - k:]]).map(
        lambda t: [[0, 0]] * (r - k) + [list(p) for p in t])


def _padded(specs, attrs):
    return Spec(tuple(s + a + b for s, (a, b) in zip(specs[0].shape, attrs["pads"])), specs[0].dtype)


def _edge_padded(specs, attrs):
    """Edge padding copies from the input's own border: an empty axis has none, and both torch and tinygrad refuse
    it ("Padding (0, 0) should be less than the input size=0"), by design."""
    if 0 in specs[0].shape:
        raise Invalid("edge padding of an empty tensor")
    return _padded(specs, attrs)


def _edge_pad_reference(L, x, pads, mode):
    """torch's reflect/replicate/circular pad; of an empty tensor (which torch refuses: it wants non-zero dims) the
    result is empty too, of the padded shape: nothing to copy, by definition."""
    if x.numel() == 0:
        return L.torch.zeros([s + a + b for s, (a, b) in zip(x.shape, pads)], dtype=x.dtype)
    return L.F.pad(x, _torch_pads(pads)[:2 * min(len(pads) - 1, 3)], mode=mode)


def _torch_pads(pads):
    return [p for pair in reversed(pads) for p in pair]


def _bounds(specs):
    def one(s):
        return st.integers(0, s).flatmap(lambda a: st.tuples(st.just(a), st.integers(a, s)))
    return st.tuples(*[one(s) for s in specs[0].shape]).map(lambda t: [list(b) for b in t])


def _axes_list(specs):
    r = len(specs[0].shape)
    return st.lists(st.integers(0, r - 1), min_size=1, max_size=r, unique=True) if r else st.nothing()


def _new_axis(specs):
    r = len(specs[0].shape)
    return st.integers(-r - 1, r)


def _along_axis(n_max: int):
    """1..n_max more operands like the first but for their size along one axis (cat)."""
    def rule(draw, first: Spec) -> list[Operand]:
        r = len(first.shape)
        axis = draw(st.integers(0, r - 1)) if r else None
        out = []
        for _ in range(draw(st.integers(1, n_max))):
            shape = list(first.shape)
            if axis is not None:
                shape[axis] = draw(st.integers(0, 4))
            out.append(Operand(tuple(shape), first.dtype))
        return out
    return rule


def _cat_dim(specs):
    shapes = [s.shape for s in specs]
    differ = [i for i in range(len(shapes[0])) if len({s[i] for s in shapes}) > 1]
    return st.just(differ[0]) if differ else AXIS(specs)


def _cat_out(specs, attrs):
    shapes, d = [s.shape for s in specs], attrs["dim"]
    if not shapes[0]:
        raise Invalid("cat of 0-d tensors")
    d %= len(shapes[0])
    if any(len(s) != len(shapes[0]) or any(a != b for i, (a, b) in enumerate(zip(s, shapes[0])) if i != d)
           for s in shapes):
        raise Invalid(f"cat of {shapes} along {d}")
    out = list(shapes[0])
    out[d] = sum(s[d] for s in shapes)
    return Spec(tuple(out), specs[0].dtype)


def _stack_out(specs, attrs):
    shape = specs[0].shape
    d = attrs["dim"] % (len(shape) + 1)
    return Spec(shape[:d] + (len(specs),) + shape[d:], specs[0].dtype)


def _pieces(side: int, size: int) -> list[int]:
    return [min(size, side - i) for i in range(0, side, size)] if size > 0 else []


def _split_out(specs, attrs, sizes_of):
    shape = specs[0].shape
    if not shape:
        raise Invalid("split of a 0-d tensor")
    d = attrs["dim"] % len(shape)
    pieces = _pieces(shape[d], sizes_of(shape[d], attrs))
    if not pieces or not 0 <= attrs["index"] < len(pieces):
        raise Invalid(f"piece {attrs['index']} of {pieces}")
    return Spec(shape[:d] + (pieces[attrs["index"]],) + shape[d + 1:], specs[0].dtype)


def _chunk_size(side, attrs):
    return -(-side // attrs["chunks"])   # torch and tinygrad: pieces of ceil(side / chunks)


def _repeats(specs):
    return st.tuples(st.lists(st.integers(1, 2), max_size=1),
                     st.tuples(*[st.integers(1, 3)] * len(specs[0].shape))).map(lambda t: list(t[0]) + list(t[1]))


def _repeat_out(specs, attrs):
    reps, shape = attrs["repeats"], specs[0].shape
    shape = (1,) * (len(reps) - len(shape)) + shape
    return Spec(tuple(s * r for s, r in zip(shape, reps)), specs[0].dtype)


def _flatten_ends(specs):
    r = max(len(specs[0].shape), 1)
    return st.integers(0, r - 1).flatmap(lambda a: st.tuples(st.just(a), st.integers(a, r - 1))).map(list)


def _flatten_out(specs, attrs):
    shape = specs[0].shape
    if not shape:
        return Spec((1,), specs[0].dtype)
    a, b = attrs["dims"]
    return Spec(shape[:a] + (_numel(shape[a:b + 1]),) + shape[b + 1:], specs[0].dtype)


def _squeezed(specs, attrs):
    shape, d = specs[0].shape, attrs["dim"]
    if d is None:
        return Spec(tuple(s for s in shape if s != 1), specs[0].dtype)
    d %= max(len(shape), 1)
    return Spec(shape[:d] + shape[d + 1:] if shape and shape[d] == 1 else shape, specs[0].dtype)


def _transposed(specs, attrs):
    shape = list(specs[0].shape)
    a, b = attrs["dim0"], attrs["dim1"]
    shape[a], shape[b] = shape[b], shape[a]
    return Spec(tuple(shape), specs[0].dtype)


def _diagonal_dims(specs):
    return st.permutations(range(len(specs[0].shape))).map(lambda p: list(p[:2]))


def _diagonal_out(specs, attrs):
    """torch.diagonal: the two axes go, the diagonal's length (offset > 0: above the main one) is appended."""
    shape, (d1, d2), off = specs[0].shape, attrs["dims"], attrs["offset"]
    n = max(0, min(shape[d1] - max(-off, 0), shape[d2] - max(off, 0)))
    return Spec(tuple(s for i, s in enumerate(shape) if i not in (d1, d2)) + (n,), specs[0].dtype)


_NAMES = "abcdef"


def _rearranges(specs):
    """An einops formula over the axes: a permutation with one run of output axes merged, the leading axes maybe
    an ellipsis, one input axis maybe split in two (its first factor given as a size): 'a (b0 b1) c -> (c a) b0 b1'."""
    shape = specs[0].shape
    r = len(shape)

    def formula(draw):
        ell = draw(st.integers(0, max(r - 1, 0))) if r > 1 and draw(st.booleans()) else 0
        lhs, sizes, atoms = [], [], []           # atoms: the names the output permutes, in input order
        splittable = [i for i in range(ell, r) if shape[i] and any(shape[i] % d == 0 for d in (2, 3))]
        split = draw(st.sampled_from(splittable)) if splittable and draw(st.booleans()) else None
        for i in range(ell, r):
            n = _NAMES[i]
            if i == split:
                f = next(d for d in (2, 3) if shape[i] % d == 0)
                lhs.append(f"({n}0 {n}1)")
                sizes.append([f"{n}0", f])
                atoms += [f"{n}0", f"{n}1"]
            else:
                lhs.append(n)
                atoms.append(n)
        order = list(draw(st.permutations(atoms)))
        if order:
            a = draw(st.integers(0, len(order) - 1))
            b = draw(st.integers(a, len(order) - 1))
            if b > a:
                order[a:b + 1] = ["(" + " ".join(order[a:b + 1]) + ")"]
        head = ["..."] if ell else []
        return [" ".join(head + lhs) + " -> " + " ".join(head + order), sizes]
    return st.composite(lambda draw: formula(draw))()


def _rearrange_plan(shape, formula, sizes):
    """(split shape, permutation, output shape) of a formula _rearranges writes: the reference's own reading."""
    lhs, rhs = (side.replace("(", " ( ").replace(")", " ) ").split() for side in formula.split("->"))
    given = dict(sizes)
    ell = len(shape) - sum(1 for t in lhs if t not in ("(", ")", "...")) + sum(1 for t in lhs if t == "(")
    names, split, k, group = [], [], 0, None
    for t in lhs:
        if t == "...":
            names += [f"...{j}" for j in range(ell)]
            split += list(shape[k:k + ell])
            k += ell
        elif t == "(":
            group = []
        elif t == ")":
            known = [given[n] for n in group if n in given]
            names += group
            split += [given.get(n, shape[k] // max(1, _prod(known))) for n in group]
            k, group = k + 1, None
        elif group is not None:
            group.append(t)
        else:
            names.append(t)
            split.append(shape[k])
            k += 1
    out_names, out_shape, group = [], [], None
    for t in rhs:
        if t == "...":
            out_names += [f"...{j}" for j in range(ell)]
            out_shape += [split[names.index(f"...{j}")] for j in range(ell)]
        elif t == "(":
            group = []
        elif t == ")":
            out_names += group
            out_shape.append(_prod(split[names.index(n)] for n in group))
            group = None
        elif group is not None:
            group.append(t)
        else:
            out_names.append(t)
            out_shape.append(split[names.index(t)])
    return split, [names.index(n) for n in out_names], out_shape


def _prod(xs) -> int:
    out = 1
    for x in xs:
        out *= x
    return out


def _rearrange_out(specs, attrs):
    if 0 in specs[0].shape:        # tinygrad's unflatten infers -1 by dividing by the other sides (bucket 76833849a9)
        raise Invalid("rearrange of an empty tensor")
    return Spec(tuple(_rearrange_plan(specs[0].shape, *attrs["formula"])[2]), specs[0].dtype)


def _rearrange_reference(L, x, formula):
    split, order, out = _rearrange_plan(tuple(x.shape), *formula)
    return x.reshape(split).permute(order).reshape(out).clone()


ROWS = [
    Op("reshape", params={"shape": _reshapes}, out=_reshape_out, tiny=lambda L, x, shape: x.reshape(shape),
       torch=lambda L, x, shape: x.reshape(shape), **M),
    Op("permute", params={"order": lambda specs: st.permutations(range(len(specs[0].shape))).map(list)},
       out=lambda specs, attrs: Spec(tuple(specs[0].shape[a] for a in attrs["order"]), specs[0].dtype),
       tiny=lambda L, x, order: x.permute(order), torch=lambda L, x, order: x.permute(order), **M),
    Op("expand", params={"shape": _expands}, out=lambda specs, attrs: Spec(tuple(attrs["shape"]), specs[0].dtype),
       tiny=lambda L, x, shape: x.expand(shape), torch=lambda L, x, shape: x.expand(shape), **M),
    Op("pad", params={"pads": _pads, "value": choice(0, 1)}, out=_padded,
       tiny=lambda L, x, pads, value: x.pad(tuple(tuple(p) for p in pads), value=value),
       torch=lambda L, x, pads, value: L.F.pad(x, _torch_pads(pads), value=value) if pads else x.clone(),
       notes="constant mode; negative pads crop. value 0 or 1: torch refuses a pad value outside the dtype.", **M),
    Op("pad_edge", params={"pads": _edge_pads, "mode": choice("reflect", "replicate", "circular")}, out=_edge_padded,
       tiny=lambda L, x, pads, mode: x.pad(tuple(tuple(p) for p in pads), mode=mode),
       torch=_edge_pad_reference,
       min_rank=2, max_rank=5, family=MOVEMENT, dtypes=("float32", "float16", "bfloat16", "float64"), grad=True,
       notes="torch pads reflect/replicate/circular only for floats, on trailing axes of a 2-5-d tensor."),
    Op("shrink", params={"bounds": _bounds},
       out=lambda specs, attrs: Spec(tuple(b - a for a, b in attrs["bounds"]), specs[0].dtype),
       tiny=lambda L, x, bounds: x.shrink(tuple(tuple(b) for b in bounds)),
       torch=lambda L, x, bounds: x[tuple(slice(a, b) for a, b in bounds)], **M),
    Op("flip", params={"axes": _axes_list}, min_rank=1, tiny=lambda L, x, axes: x.flip(axes),
       torch=lambda L, x, axes: x.flip(axes), **M),
    Op("transpose", params={"dim0": AXIS, "dim1": AXIS}, min_rank=1, out=_transposed,
       tiny=lambda L, x, dim0, dim1: x.transpose(dim0, dim1), torch=lambda L, x, dim0, dim1: x.transpose(dim0, dim1), **M),
    Op("squeeze", params={"dim": lambda specs: st.one_of(st.none(), AXIS(specs)) if specs[0].shape else st.none()},
       out=_squeezed, tiny=lambda L, x, dim: x.squeeze(dim),
       torch=lambda L, x, dim: x.squeeze() if dim is None else x.squeeze(dim), **M),
    Op("unsqueeze", params={"dim": _new_axis},
       out=lambda specs, attrs: _stack_out(specs, attrs)._replace(dtype=specs[0].dtype),
       tiny=lambda L, x, dim: x.unsqueeze(dim), torch=lambda L, x, dim: x.unsqueeze(dim), **M),
    Op("flatten", params={"dims": _flatten_ends}, out=_flatten_out,
       tiny=lambda L, x, dims: x.flatten(*dims), torch=lambda L, x, dims: x.flatten(*dims), **M),
    Op("cat", operands=_along_axis(2), params={"dim": _cat_dim, "n_inputs": lambda specs: st.just(len(specs))},
       out=_cat_out, min_rank=1, tiny=lambda L, x, *ys, dim, n_inputs: x.cat(*ys, dim=dim),
       torch=lambda L, x, *ys, dim, n_inputs: L.torch.cat([x, *ys], dim), **M),
    Op("stack", operands=lambda draw, first: [Operand(first.shape, first.dtype)] * draw(st.integers(1, 2)),
       params={"dim": _new_axis, "n_inputs": lambda specs: st.just(len(specs))}, out=_stack_out,
       tiny=lambda L, x, *ys, dim, n_inputs: x.stack(*ys, dim=dim),
       torch=lambda L, x, *ys, dim, n_inputs: L.torch.stack([x, *ys], dim), **M),
    Op("split", params={"size": ints(1, 4), "dim": AXIS, "index": ints(0, 3)}, min_rank=1,
       out=lambda specs, attrs: _split_out(specs, attrs, lambda side, a: a["size"]),
       tiny=lambda L, x, size, dim, index: x.split(size, dim)[index],
       torch=lambda L, x, size, dim, index: x.split(size, dim)[index], **M),
    Op("chunk", params={"chunks": ints(1, 4), "dim": AXIS, "index": ints(0, 3)}, min_rank=1,
       out=lambda specs, attrs: _split_out(specs, attrs, _chunk_size),
       tiny=lambda L, x, chunks, dim, index: x.chunk(chunks, dim)[index],
       torch=lambda L, x, chunks, dim, index: x.chunk(chunks, dim)[index], **M),
    Op("repeat", params={"repeats": _repeats}, out=_repeat_out,
       tiny=lambda L, x, repeats: x.repeat(repeats), torch=lambda L, x, repeats: x.repeat(repeats), **M),
    Op("roll", params={"shifts": ints(-5, 5), "dims": AXIS}, min_rank=1,
       tiny=lambda L, x, shifts, dims: x.roll(shifts, dims), torch=lambda L, x, shifts, dims: x.roll(shifts, dims), **M),
    Op("tril", params={"diagonal": ints(-2, 2)}, min_rank=2, tiny=lambda L, x, diagonal: x.tril(diagonal),
       torch=lambda L, x, diagonal: x.tril(diagonal), **M),
    Op("triu", params={"diagonal": ints(-2, 2)}, min_rank=2, tiny=lambda L, x, diagonal: x.triu(diagonal),
       torch=lambda L, x, diagonal: x.triu(diagonal), **M),
    Op("diag", min_rank=1, max_rank=1, out=lambda specs, attrs: Spec(specs[0].shape * 2, specs[0].dtype),
       tiny=lambda L, x: x.diag(), torch=lambda L, x: L.torch.diag(x), **M),
    Op("diagonal", params={"offset": ints(-2, 2), "dims": _diagonal_dims}, min_rank=2, out=_diagonal_out,
       tiny=lambda L, x, offset, dims: x.diagonal(offset, *dims),
       torch=lambda L, x, offset, dims: x.diagonal(offset, *dims).clone(), **M),
    Op("rearrange", params={"formula": _rearranges}, out=_rearrange_out, min_rank=1, max_rank=5,
       tiny=lambda L, x, formula: x.rearrange(formula[0], **dict(formula[1])), torch=_rearrange_reference,
       notes="torch has no einops: the reference reads the formula as split, permute, merge (_rearrange_plan).", **M),
]
