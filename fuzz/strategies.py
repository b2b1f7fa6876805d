"""Hypothesis strategies for Programs: shapes, views, values and programs built from the op registry."""
from __future__ import annotations

from typing import Iterable

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from fuzz.dtypes import ALL, DTYPES
from fuzz.infer import read_back, stale_aliases, view_shape
from fuzz.ops import OPS, Invalid, Op, Operand, Spec, known_ops
from fuzz.ops.state import ALIASING_VIEWS
from fuzz.ops.symbolic import is_symbolic, node_axes, takes_symbolic
from fuzz.program import Input, Node, Program, Values
from fuzz.values import hard_domain

MAX_ELEMENTS = 4096   # per value: keeps a program's run in the tens of milliseconds


def shapes(*, min_rank: int = 0, max_rank: int = 4, max_side: int = 8, zero: bool = True) -> SearchStrategy:
    """Shapes of min_rank..max_rank dims, sides 1..max_side, sometimes 0. Shrinks toward (1,)-like shapes."""
    # a zero side one time in twenty: empty tensors matter, but most programs should compute something
    side = st.tuples(st.integers(1, max_side), st.integers(0, 19)).map(lambda t: 0 if t[1] == 19 else t[0]) \
        if zero else st.integers(1, max_side)
    return st.integers(min_rank, max_rank).flatmap(lambda r: st.tuples(*[side] * r)).filter(
        lambda s: _numel(s) <= MAX_ELEMENTS)


def values(dtype: str, domain: str = "normal") -> SearchStrategy[Values]:
    """Seeded value recipes; one in four sprinkles edge values. Shrinks toward seed 0 and no edges."""
    return st.builds(Values, seed=st.integers(0, 2**31 - 1), domain=st.just(domain),
                     edges=st.integers(0, 3).map(lambda k: k == 3))


VIEW_KINDS = ("permute", "expand", "shrink", "stride", "flip", "pad")


@st.composite
def views(draw, target: tuple[int, ...], kinds: tuple[str, ...] = VIEW_KINDS):
    """(base shape, view steps) whose view has exactly the target shape: permuted, expanded, sliced, padded."""
    kind = draw(st.sampled_from(("none",) + tuple(kinds)))
    rank = len(target)
    if kind == "none" or rank == 0:
        return target, ()
    if kind == "permute":
        perm = draw(st.permutations(range(rank)))
        base = tuple(target[perm.index(i)] for i in range(rank))
        return base, (("permute", list(perm)),)
    if kind == "expand":
        base = tuple(1 if draw(st.booleans()) else s for s in target)
        return base, (("expand", list(target)),)
    if kind == "shrink":
        extra = [(draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in target]
        base = tuple(s + a + b for s, (a, b) in zip(target, extra))
        return base, (("shrink", [[a, a + s] for s, (a, _) in zip(target, extra)]),)
    if kind == "stride":
        steps = [draw(st.integers(1, 3)) for _ in target]
        base = tuple(s * k - draw(st.integers(0, k - 1)) if s else 0 for s, k in zip(target, steps))
        return base, (("stride", steps),)
    if kind == "flip":
        return target, (("flip", draw(st.lists(st.integers(0, rank - 1), min_size=1, unique=True))),)
    pads = [(draw(st.integers(0, min(s, 2))), 0) for s in target]
    pads = [(a, draw(st.integers(0, s - a))) for (a, _), s in zip(pads, target)]
    base = tuple(s - a - b for s, (a, b) in zip(target, pads))
    return base, (("pad", [list(p) for p in pads]),)


# Bigger, stranger programs (issue 15): with large=True (the campaign) one program in LARGE_ONE_IN is long, up to
# max_ops * 8 // 3 ops (16 for the default 6), over shapes whose sides sit on tinygrad's thresholds: long reduce axes
# (split and grouped reductions), primes, powers of two and one past them, 1 and 0; up to LARGE_ELEMENTS per value.
LARGE_ONE_IN = 8
THRESHOLD_SIDES = (1, 2, 3, 0, 5, 7, 16, 17, 31, 32, 33, 127, 128, 129, 255, 256, 257, 1023, 1024, 1031, 4096, 4099)
LARGE_ELEMENTS = 1 << 16


@st.composite
def threshold_shapes(draw, *, min_rank: int = 0, max_rank: int = 4) -> tuple[int, ...]:
    """Shapes whose sides are THRESHOLD_SIDES, at most LARGE_ELEMENTS elements by construction (each side drawn among
    those the rest of the budget allows). Shrinks toward sides of 1."""
    shape, budget = [], LARGE_ELEMENTS
    for _ in range(draw(st.integers(min_rank, max_rank))):
        side = draw(st.sampled_from([s for s in THRESHOLD_SIDES if s <= budget]))
        shape.append(side)
        budget //= max(side, 1)
    return tuple(shape)


def programs(*, ops: Iterable[str] = (), max_ops: int = 6, dtypes: Iterable[str] = ALL,
             grad: bool = False, large: bool = False) -> SearchStrategy[Program]:
    """Programs of 1 to max_ops registry ops over fresh or reused values; grad=True keeps to float ops with gradients;
    large=True makes one program in LARGE_ONE_IN long and over threshold shapes.

    Shrinks toward fewer ops, ops earlier in the registry, float32 and small shapes (and away from large).
    """
    names = known_ops(ops)
    allowed = tuple(d for d in ALL if d in set(dtypes))
    if max_ops < 1:
        raise InvalidArgument(f"max_ops={max_ops!r} must be at least 1")
    unknown = set(dtypes) - set(DTYPES)
    if unknown:
        raise InvalidArgument(f"unknown dtypes {sorted(unknown)}")
    if grad:
        names = [n for n in names if OPS[n].grad]
    usable = [n for n in names if any(d in allowed for d in OPS[n].dtypes)]
    if not usable:
        raise InvalidArgument(f"no op among {names[:5]}... takes any of the dtypes {list(allowed)}")
    return _programs(tuple(usable), max_ops, allowed, grad, large)


@st.composite
def _programs(draw, names: tuple[str, ...], max_ops: int, allowed: tuple[str, ...], grad: bool,
              large: bool = False) -> Program:
    focus = draw(st.lists(st.sampled_from(weighted(names)), min_size=1, max_size=4, unique=True))   # few ops, meeting often
    big = large and draw(st.integers(0, LARGE_ONE_IN - 1)) == LARGE_ONE_IN - 1
    n_ops = draw(st.integers(1, max(max_ops, max_ops * 8 // 3) if big else max_ops))
    b = _Builder(draw, allowed, grad, big)
    for _ in range(n_ops):
        b.add(OPS[draw(st.sampled_from(focus))])
    if not b.nodes:
        b.add(OPS[focus[0]], attempts=20)
    if not b.nodes:
        from hypothesis import reject
        reject()
    used = {a for n in b.nodes for a in n.args}
    last = len(b.inputs) + len(b.nodes) - 1
    stale = stale_aliases(len(b.inputs), b.nodes)[len(b.nodes)]   # aliases a later step wrote: not outputs
    outputs = sorted({last} | {len(b.inputs) + k for k in range(len(b.nodes)) if len(b.inputs) + k not in used} - stale)
    program = Program(inputs=tuple(b.inputs), nodes=tuple(b.nodes), outputs=tuple(outputs))
    return read_back(program) if b.symbolic else program


# The IR's features beyond plain ops (issue 15) are a few rows each among ~200: drawn uniformly, assign/setitem met 3%
# of programs (19 of 516 in a 3-minute campaign) though they found four tinygrad bugs in a campaign of their own. Each
# feature family present gets about this share of the focus draws; its rows repeat after the registry's order, so
# shrinking still goes toward the first rows.
FEATURE_SHARE = {"state": 0.08, "device": 0.05, "scalar": 0.12, "symbolic": 0.05}


def weighted(names: tuple[str, ...]) -> list[str]:
    """The names to draw a program's focus from: each once, then feature rows repeated up to their family's share."""
    out = list(names)
    for family, share in FEATURE_SHARE.items():
        rows = [n for n in names if OPS[n].family == family]
        if rows and len(rows) < len(names):
            copies = round(share * len(names) / len(rows)) - 1
            out += [n for _ in range(max(copies, 0)) for n in rows]
    return out


class _Builder:
    """Grows one program: picks operands among earlier values or fresh inputs, draws attributes."""

    def __init__(self, draw, allowed: tuple[str, ...], grad: bool, big: bool = False):
        self.draw, self.allowed, self.grad = draw, allowed, grad
        self.shapes, self.max_elements = (threshold_shapes, LARGE_ELEMENTS) if big else (shapes, MAX_ELEMENTS)
        self.inputs: list[Input] = []
        self.nodes: list[Node] = []
        self.input_specs: list[Spec] = []
        self.node_specs: list[Spec] = []
        self.axes: dict[tuple, tuple] = {}        # builder ref -> its symbolic axes, where it has any
        self.symbolic = False

    def _ref_specs(self) -> list[tuple[int | tuple, Spec]]:
        # refs are resolved after the fact: ("in", k) or ("node", k)
        return [(("in", k), s) for k, s in enumerate(self.input_specs)] + \
               [(("node", k), s) for k, s in enumerate(self.node_specs)]

    def add(self, op: Op, attempts: int = 3) -> None:
        for _ in range(attempts):
            try:
                self._try_add(op)
                return
            except Invalid:
                continue

    def _dtypes(self, op: Op) -> list[str]:
        ok = [d for d in self.allowed if d in op.dtypes]
        return [d for d in ok if DTYPES[d].is_float] if self.grad else ok

    def _try_add(self, op: Op) -> None:
        draw = self.draw
        dts = self._dtypes(op)
        if not dts:
            raise Invalid(f"{op.name}: no allowed dtype")
        stale = self._stale()        # values a step has made unreadable, once per node drawn
        candidates = [(ref, s) for ref, s in self._ref_specs() if op.accepts(s) and s.dtype in dts and ref not in stale
                      and (ref not in self.axes or takes_symbolic(op))]
        if hard_domain(op.domain) is not None:
            candidates = []          # a reused value may leave the domain the op is defined on (fuzz/values.py)
        if op.stateful:
            candidates = [(ref, s) for ref, s in candidates if self._writable(ref, op)]
        if candidates and draw(st.integers(0, 3)) > 0:
            first_ref, first = candidates[draw(st.integers(0, len(candidates) - 1))]
        else:
            shape = draw(self.shapes(min_rank=op.min_rank, max_rank=min(op.max_rank, 4)))
            first = Spec(shape, draw(st.sampled_from(dts)))
            first_ref = None
        others, attrs = op.draw_operands_and_attrs(draw, first)
        specs = [first] + [Spec(o.shape, o.dtype) for o in others]
        out = op.spec_of(specs, attrs)
        if _numel(out.shape) > self.max_elements:
            raise Invalid("output too large")
        edges = op.edges_for(attrs)
        first_axes = self.axes.get(first_ref, (None,) * len(first.shape))
        wanted = [_aligned_axes(op, first, first_axes, Spec(o.shape, o.dtype)) for o in others]
        axes = node_axes(op, attrs, [first_axes] + wanted, specs, out)      # Invalid before anything is added
        first_operand = Operand(first.shape, first.dtype, op.domain)
        refs = [first_ref if first_ref is not None else self._fresh(first_operand, edges, target=op.stateful)]
        for o, want in zip(others, wanted):
            reuse = [ref for ref, s in self._ref_specs() if s == (o.shape, o.dtype) and o.domain == "normal"
                     and ref not in stale and self.axes.get(ref, (None,) * len(o.shape)) == want]
            if reuse and draw(st.booleans()):
                refs.append(reuse[draw(st.integers(0, len(reuse) - 1))])
            else:
                refs.append(self._fresh_cut(o, edges, want) if is_symbolic(want) else self._fresh(o, edges))
        self._append(Node(op.name, tuple(refs), attrs), out, axes)

    def _append(self, node: Node, out: Spec, axes: tuple) -> None:
        self.nodes.append(node)                 # refs resolved to numbers in _resolve
        self.node_specs.append(out)
        if is_symbolic(axes):
            self.axes[("node", len(self.nodes) - 1)] = axes
            self.symbolic = True
        self._resolve()

    def _fresh_cut(self, operand: Operand, edges: bool, want: tuple) -> tuple:
        """A fresh operand with the symbolic axes `want`: an input of the cut sides, then a var_shrink per axis."""
        base = tuple(k[1] if k else s for s, k in zip(operand.shape, want))
        ref = self._fresh(operand._replace(shape=base), edges)
        spec, axes = Spec(base, operand.dtype), (None,) * len(base)
        for a, k in enumerate(want):
            if k is not None:
                attrs = {"axis": a, "bound": k[0]}
                cut = OPS["var_shrink"].spec_of([spec], attrs)
                axes = node_axes(OPS["var_shrink"], attrs, [axes], [spec], cut)
                self._append(Node("var_shrink", (ref,), attrs), cut, axes)
                ref, spec = ("node", len(self.nodes) - 1), cut
        return ref

    def _stale(self) -> set[tuple]:
        """Values a step has made unreadable (fuzz/infer.py stale_aliases), as builder refs."""
        n_in = len(self.inputs)
        stale = stale_aliases(n_in, self.nodes)[len(self.nodes)] if self.nodes else set()
        return {("in", v) if v < n_in else ("node", v - n_in) for v in stale}

    def _writable(self, ref: tuple, op: Op) -> bool:
        """May a step write into this value? An input with aliasing views only (fuzz/ops/state.py); for setitem, one
        no earlier node reads (tinygrad refuses to setitem a tensor with other uses)."""
        if ref[0] != "in" or not set(k for k, _ in self.inputs[ref[1]].view) <= set(ALIASING_VIEWS):
            return False
        reads = {a for n in self.nodes for a in n.args if not OPS[n.op].stateful}
        return not op.name.startswith("setitem") or ref not in {self._unresolve(a) for a in reads}

    def _fresh(self, operand: Operand, edges: bool, target: bool = False) -> tuple:
        draw = self.draw
        base, view = draw(views(tuple(operand.shape), ALIASING_VIEWS if target else VIEW_KINDS)) \
            if operand.domain == "normal" else (tuple(operand.shape), ())
        vals = draw(values(operand.dtype, operand.domain))
        if not edges or operand.domain.startswith("index") or self.grad:
            vals = Values(seed=vals.seed, domain=vals.domain, edges=False)
        self.inputs.append(Input(base, operand.dtype, vals, view, requires_grad=self.grad and DTYPES[operand.dtype].is_float))
        self.input_specs.append(Spec(tuple(operand.shape), operand.dtype))
        return ("in", len(self.inputs) - 1)

    def _resolve(self) -> None:
        """Rewrite ("in", k)/("node", k) refs into value numbers now that input count may have changed."""
        n_in = len(self.inputs)
        fixed = []
        for node in self.nodes:
            args = tuple(a if isinstance(a, int) else (a[1] if a[0] == "in" else n_in + a[1]) for a in
                         (self._unresolve(x) for x in node.args))
            fixed.append(Node(node.op, args, node.attrs))
        self.nodes = fixed
        self._n_in_at_resolve = n_in

    def _unresolve(self, a):
        if isinstance(a, tuple):
            return a
        prev = getattr(self, "_n_in_at_resolve", 0)
        return ("in", a) if a < prev else ("node", a - prev)


def _aligned_axes(op: Op, first: Spec, first_axes: tuple, other: Spec) -> tuple:
    """The symbolic axes another operand needs to meet a symbolic first one: its sides that line up with a cut
    (right-aligned, as broadcasting does; a matmul's inner side with the first's last), else none."""
    if not is_symbolic(first_axes):
        return (None,) * len(other.shape)
    if op.name == "matmul":
        inner = len(other.shape) - 2 if len(other.shape) >= 2 else 0
        return tuple(first_axes[-1] if j == inner else None for j in range(len(other.shape)))
    out = []
    for j, side in enumerate(other.shape):
        i = j - len(other.shape) + len(first.shape)
        out.append(first_axes[i] if i >= 0 and side != 1 and side == first.shape[i] else None)
    return tuple(out)


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n
