"""Hypothesis strategies for UOp kernels (`uop_programs()`) and bounded index expressions (`index_expressions()`)."""
from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from fuzz.dtypes import DTYPES
from fuzz.uop.ir import BITCAST_GROUPS, IDX_BINARY, REDUCE_OPS, VAL_BINARY, VAL_UNARY, Buffer, UKernel
from fuzz.uop.simplify import IndexProblem

# Simplest first. bfloat16 is left out: numpy has no bfloat16 to compute the reference in.
KERNEL_DTYPES = ("float32", "int32", "bool", "float16", "float64", "int8", "int16", "int64", "uint8", "uint16",
                 "uint32", "uint64")
# Dtypes whose arithmetic tinygrad's C renderers get right: 8- and 16-bit results are not wrapped before a cast or
# compare reads them (C integer promotion; reports/triage/uop.md, UOP-1), so the CI tests compute in these only.
PROMOTION_SAFE = tuple(d for d in KERNEL_DTYPES if d not in ("int8", "int16", "uint8", "uint16"))
CMPS = ("<", "!=", "==", "<=", ">=", ">")
EDGE_FLOATS = (0.0, 1.0, -1.0, 0.5, -0.0, float("inf"), float("-inf"), float("nan"), 65504.0, 1e-7, 3.4e38)


def kind(dt: str) -> str:
    return {"float": "f", "int": "i", "uint": "i", "bool": "b"}[DTYPES[dt].kind]


# Floor division and mod (UOp's // and %), then C's truncating ones: a divmods() node draws one of these.
DIVMOD = ("//", "%", "cdiv", "cmod")
# What a sum's terms are multiplied by, simplest first: tinygrad's indices are ranges times strides like these.
STRIDES = (1, 2, 4, 3, 8, -1, 16)


@st.composite
def index_exprs(draw, leaves: list, max_depth: int = 2, min_const: int = -8, max_const: int = 16,
                favor_divmods: bool = False):
    """An int-valued index expression over `leaves` (["rng", k] / ["var", n]); divisors are positive constants.

    With `favor_divmods`, half the inner nodes are divmods() of sums of leaves: the index arithmetic tinygrad's
    symbolic rewrites fold, and where its bugs have been. Shrinks toward a constant leaf, shallow expressions.
    """
    if max_depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(leaves)) if leaves and draw(st.booleans()) else ["int", draw(st.integers(0, max_const))]
    if favor_divmods and leaves and draw(st.booleans()):
        return draw(divmods(leaves, max_depth - 1, max_const))
    op = draw(st.sampled_from(IDX_BINARY + ("neg", "ifelse")))
    sub = index_exprs(leaves, max_depth - 1, min_const, max_const, favor_divmods)
    if op == "neg":
        return ["neg", draw(sub)]
    if op == "ifelse":
        return ["ifelse", draw(conditions(leaves, max_depth - 1, favor_divmods)), draw(sub), draw(sub)]
    if op in DIVMOD:
        return [op, draw(sub), ["int", draw(st.integers(1, max(1, max_const)))]]
    if op == "*" and draw(st.booleans()):
        return ["*", draw(sub), ["int", draw(st.integers(min_const, max_const))]]
    return [op, draw(sub), draw(sub)]


@st.composite
def divmods(draw, leaves: list, max_depth: int = 2, max_const: int = 16):
    """`s // c`, `s % c`, `cdiv(s, c)` or `cmod(s, c)` for a small positive constant c, where s is a sum of
    distinct leaves times STRIDES plus an offset, as tinygrad's indices are sums of ranges times strides; with
    max_depth > 1 the sum may hold a divmod too, as in `(v0 // 4) % 3`.

    Shrinks toward `leaf // 1`: one term, stride 1, no offset, the smallest divisor.
    """
    terms = draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=3, unique_by=str))
    if max_depth > 1 and draw(st.integers(0, 3)) == 3:
        terms.append(draw(divmods(leaves, max_depth - 1, max_const)))
    s = None
    for leaf in terms:
        k = draw(st.sampled_from(STRIDES))
        t = leaf if k == 1 else ["*", leaf, ["int", k]]
        s = t if s is None else ["+", s, t]
    if draw(st.booleans()):
        s = ["+", s, ["int", draw(st.integers(0, max_const))]]
    op = draw(st.sampled_from(DIVMOD))
    # small divisors most often: the sum then spans several multiples of c, and the rewrites that fold the
    # quotient or drop the mod have something to get wrong
    c = draw(st.integers(1, 8) | st.integers(1, max(1, max_const)))
    return [op, s, ["int", c]]


@st.composite
def conditions(draw, leaves: list, max_depth: int = 1, favor_divmods: bool = False):
    """A bool index expression: comparisons of index expressions, joined by and / or."""
    sub = index_exprs(leaves, max_depth, favor_divmods=favor_divmods)
    c = [draw(st.sampled_from(CMPS)), draw(sub), draw(sub)]
    if max_depth > 0 and draw(st.integers(0, 3)) == 0:
        return [draw(st.sampled_from(("and", "or"))), c, draw(conditions(leaves, max_depth - 1, favor_divmods))]
    return c


def index_expressions(*, max_vars: int = 3, max_depth: int = 3, max_bound: int = 64) -> st.SearchStrategy[IndexProblem]:
    """Index expressions over 1 to max_vars bounded variables, for the simplifier property.

    Most variables are ranges, from 0 like tinygrad's loop indices, and half the roots and inner nodes are
    divmods(): tinygrad's symbolic bugs have mostly been in `//` and `%` by constants over bounded sums.
    Shrinks toward one range, small bounds and shallow expressions.
    """
    if max_vars < 1 or max_bound < 1:
        raise InvalidArgument(f"max_vars={max_vars!r} and max_bound={max_bound!r} must be at least 1")
    return _index_problems(max_vars, max_depth, max_bound)


@st.composite
def _index_problems(draw, max_vars, max_depth, max_bound):
    n = draw(st.integers(1, max_vars))
    vars_ = []
    for i in range(n):
        # a quarter start elsewhere, mostly below 0, where floor and truncating division part
        lo = draw(st.sampled_from((1, -1, -4, -max_bound))) if draw(st.integers(0, 3)) == 3 else 0
        hi = lo + draw(st.integers(0, max_bound))
        vars_.append((f"v{i}", lo, hi))
    leaves = [["var", name] for name, _, _ in vars_]
    if draw(st.booleans()):
        expr = draw(divmods(leaves, max_depth - 1, max_bound))
    else:
        expr = draw(index_exprs(leaves, max_depth, -max_bound, max_bound, favor_divmods=True))
    if draw(st.integers(0, 3)) == 0:
        other = draw(index_exprs(leaves, 1, favor_divmods=True))
        expr = ["ifelse", draw(conditions(leaves, 1, favor_divmods=True)), expr, other]
    return IndexProblem(expr, tuple(vars_))


def uop_programs(*, max_loops: int = 2, max_reduce: int = 2, max_depth: int = 3, max_bufs: int = 3,
                 dtypes: tuple[str, ...] = KERNEL_DTYPES, opts: bool = False,
                 alu_dtypes: tuple[str, ...] | None = None, alu_ops: tuple[str, ...] = tuple(VAL_BINARY)
                 ) -> st.SearchStrategy[UKernel]:
    """UOp kernels: nested output loops, optional reduce ranges, loads (plain, wrapped, gated) of several dtypes,
    ALU ops of every dtype, casts, bitcasts, WHERE and gated stores.

    `alu_dtypes` limits the dtypes ALU ops compute in (None: all of `dtypes`); loads, casts and stores still use
    every dtype; `alu_ops` focuses the binary ops drawn. Shrinks toward one loop, no reduce, float32, shallow expressions and no opts.
    """
    unknown = [d for d in dtypes if d not in KERNEL_DTYPES]
    if unknown or not dtypes:
        raise InvalidArgument(f"dtypes={dtypes!r}: choose from {KERNEL_DTYPES}")
    if max_loops < 1 or max_depth < 0 or max_bufs < 1:
        raise InvalidArgument("max_loops and max_bufs must be at least 1, max_depth at least 0")
    return _kernels(max_loops, max_reduce, max_depth, max_bufs, tuple(dtypes), opts,
                    tuple(dtypes if alu_dtypes is None else alu_dtypes), tuple(alu_ops))


def _const(draw, dt: str):
    d = DTYPES[dt]
    if d.kind == "bool":
        return draw(st.booleans())
    if d.kind == "float":
        return draw(st.sampled_from(EDGE_FLOATS) | st.floats(-100, 100, width=16 if dt == "float16" else 32))
    return draw(st.sampled_from((0, 1, -1, d.min, d.max, 2, 7)).map(lambda v: min(max(v, d.min), d.max))
                | st.integers(d.min, d.max))


@st.composite
def _kernels(draw, max_loops, max_reduce, max_depth, max_bufs, dtypes, opts, alu_dtypes, alu_ops):
    loops = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=max_loops)))
    # sizes from 2: a size-1 reduce range crashes codegen (UOP-4, reports/triage/uop.md)
    reduce = tuple(draw(st.lists(st.integers(2, 5), min_size=0, max_size=max_reduce)))
    bufs = tuple(Buffer(draw(st.sampled_from(dtypes)), draw(st.integers(1, 32)), draw(st.integers(0, 2**16)),
                        draw(st.booleans())) for _ in range(draw(st.integers(1, max_bufs))))
    out_dtype = draw(st.sampled_from(dtypes))
    n_loops = len(loops)
    loop_leaves = [["rng", i] for i in range(n_loops)]
    all_leaves = loop_leaves + [["rng", n_loops + i] for i in range(len(reduce))]

    def load(leaves, dt):
        choices = [i for i, b in enumerate(bufs) if b.dtype == dt]
        if not choices:
            return None
        i = draw(st.sampled_from(choices))
        e = draw(index_exprs(leaves, 2))
        mode = draw(st.sampled_from(("wrap", "gated", "gated+")))
        size = ["int", bufs[i].size]
        if mode == "wrap":
            return ["load", i, ["%", e, size], None]
        gate = ["and", [">=", e, ["int", 0]], ["<", e, size]]
        if mode == "gated+":
            gate = ["and", gate, draw(conditions(leaves, 1))]
        return ["load", i, e, gate]

    def value(dt, depth, leaves):
        k = kind(dt)
        if depth <= 0 or draw(st.integers(0, 3)) == 0:
            leaf = draw(st.sampled_from(("load", "const", "idx")))
            if leaf == "load" and (e := load(leaves, dt)) is not None:
                return e
            if leaf == "idx" and k != "f" or leaf == "idx" and draw(st.booleans()):
                return ["idx", dt, draw(index_exprs(leaves, 2))]
            return ["const", dt, _const(draw, dt)]
        node = draw(st.sampled_from(("alu", "cast", "where", "un", "cmp", "bitcast")))
        if node in ("alu", "un") and dt not in alu_dtypes:
            node = "cast"
        if node == "alu":
            ops = [o for o, kinds in VAL_BINARY.items() if k in kinds and o in alu_ops]
            op = draw(st.sampled_from(ops or [o for o, kinds in VAL_BINARY.items() if k in kinds]))
            if op in ("cdiv", "cmod"):     # a nonzero, positive divisor: INT_MIN / -1 and / 0 are undefined in C
                return ["alu", op, value(dt, depth - 1, leaves), ["const", dt, draw(st.integers(1, min(127, DTYPES[dt].max)))]]
            if op in ("shl", "shr"):
                return ["alu", op, value(dt, depth - 1, leaves), ["const", dt, draw(st.integers(0, DTYPES[dt].bits - 1))]]
            return ["alu", op, value(dt, depth - 1, leaves), value(dt, depth - 1, leaves)]
        if node == "un" and k in "fi":
            op = draw(st.sampled_from([o for o, kinds in VAL_UNARY.items() if k in kinds]))
            return ["un", op, value(dt, depth - 1, leaves)]
        if node == "cmp" and dt == "bool":
            src = draw(st.sampled_from(dtypes))
            op = draw(st.sampled_from(("lt", "ne", "eq")))
            return ["cmp", op, value(src, depth - 1, leaves), value(src, depth - 1, leaves)]
        if node == "where":
            cond = draw(conditions(leaves, 1)) if draw(st.booleans()) else value("bool", depth - 1, leaves)
            return ["where", cond, value(dt, depth - 1, leaves), value(dt, depth - 1, leaves)]
        if node == "bitcast":
            group = next((g for g in BITCAST_GROUPS if dt in g), None)
            if group:
                src = draw(st.sampled_from([d for d in group if d in dtypes] or [dt]))
                return ["bitcast", dt, value(src, depth - 1, leaves)] if src != dt else value(dt, depth - 1, leaves)
        # a cast; float -> int is undefined in C outside the target's range, so ints come from ints and bools only
        srcs = [d for d in dtypes if k == "f" or k == "b" or kind(d) != "f"]
        return ["cast", dt, value(draw(st.sampled_from(srcs)), depth - 1, leaves)]

    if reduce and draw(st.booleans()):
        rdt = draw(st.sampled_from([d for d in dtypes if d in alu_dtypes] or dtypes))
        rop = draw(st.sampled_from(REDUCE_OPS))
        v = ["reduce", rop, value(rdt, max_depth, all_leaves)]
        if draw(st.booleans()):
            v = ["alu", "add" if kind(rdt) != "b" else "or", v, value(rdt, 1, loop_leaves)]
        if rdt != out_dtype:
            v = ["cast", out_dtype, v] if kind(out_dtype) != "i" or kind(rdt) != "f" else ["cast", out_dtype, ["cmp", "ne", v, v]]
    else:
        reduce = ()
        v = value(out_dtype, max_depth, loop_leaves)
    gate = draw(conditions(loop_leaves, 1)) if draw(st.integers(0, 3)) == 0 else None
    fill = _const(draw, out_dtype) if gate is not None else 0
    k = UKernel(bufs, out_dtype, loops, v, reduce, gate, fill)
    return k.with_(opts=draw(opt_sequences(k))) if opts else k


OPT_CHOICES = ("UPCAST", "UNROLL", "PADTO", "NOLOCALS", "SWAP")


@st.composite
def opt_sequences(draw, k: UKernel, max_opts: int = 3):
    """Opts that may apply to the kernel (tinygrad rejects the rest with KernelOptError: the oracle skips those)."""
    seq = []
    for _ in range(draw(st.integers(0, max_opts))):
        op = draw(st.sampled_from(OPT_CHOICES))
        if op == "NOLOCALS":
            seq.append(("NOLOCALS", None, None))
        elif op == "UNROLL" and k.reduce:
            ax = draw(st.integers(0, len(k.reduce) - 1))
            seq.append(("UNROLL", ax, draw(st.sampled_from((0, 2, 3)))))
        elif op == "SWAP" and len(k.loops) > 1:
            seq.append(("SWAP", 0, 1))
        else:
            ax = draw(st.integers(0, len(k.loops) - 1))
            seq.append((op if op == "PADTO" else "UPCAST", ax, draw(st.sampled_from((0, 2, 3, 4)))))
    return tuple(seq)
