"""The minimizer: shrink a failing Program at the IR level while the caller's predicate says it still fails.

Delta-debugging style: passes propose smaller or simpler variants (fewer outputs, a prefix of the graph,
a node bypassed or cut into a fresh input, views removed, shapes and ranks shrunk, dtypes moved toward
float32, values made literal and small); the first variant that still fails is kept and the passes run again
until none helps or the budget is spent. The judge is the caller's: fuzz/ never imports oracles.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from fuzz.dtypes import DTYPES
from fuzz.infer import infer, input_spec
from fuzz.ops import OPS
from fuzz.program import Input, Node, Program, Values
from fuzz.values import hard_domain, keeps_domain, materialize


def cost(p: Program) -> tuple:
    """What 'smaller' means: size first, then views, non-float32 dtypes, edge values and seeded (not literal) values."""
    views = sum(len(i.view) for i in p.inputs)
    odd_dtypes = sum(i.dtype != "float32" for i in p.inputs)
    edges = sum(i.values.edges for i in p.inputs)
    seeded = sum(i.values.data is None for i in p.inputs)
    rank = sum(len(i.shape) for i in p.inputs)
    return (p.size, rank, views, odd_dtypes, edges, seeded)


def is_valid(p: Program) -> bool:
    """A variant the registry accepts; passes may propose ones it does not (a reduce axis past the rank...)."""
    if not p.outputs or not all(0 <= o < p.n_values for o in p.outputs):
        return False
    try:
        infer(p)
        for inp in p.inputs:
            materialize(inp)
    except Exception:   # any refusal by a shape rule or a literal of the wrong length: not a candidate
        return False
    return all(_keeps_hard_domain(p, node) for node in p.nodes)


def _keeps_hard_domain(p: Program, node: Node) -> bool:
    """An op defined only on a domain (fuzz/values.py HARD_DOMAINS) keeps a first operand inside it: an input drawn
    from it or literal data satisfying it, never a computed value a bypass or cut put there."""
    domain = OPS[node.op].domain
    if hard_domain(domain) is None:
        return True
    first = node.args[0]
    return first < len(p.inputs) and keeps_domain(p.inputs[first], domain)


# ---- graph surgery ------------------------------------------------------------------------------

def prune(p: Program) -> Program:
    """Drop nodes no output needs and inputs no node uses, renumbering what stays."""
    n_in = len(p.inputs)
    live = set(p.outputs)
    for k in range(len(p.nodes) - 1, -1, -1):
        if n_in + k in live:
            live.update(p.nodes[k].args)
    keep_in = [i for i in range(n_in) if i in live]
    keep_nodes = [k for k in range(len(p.nodes)) if n_in + k in live]
    new = {old: i for i, old in enumerate(keep_in)}
    new |= {n_in + k: len(keep_in) + j for j, k in enumerate(keep_nodes)}
    nodes = tuple(Node(p.nodes[k].op, tuple(new[a] for a in p.nodes[k].args), p.nodes[k].attrs) for k in keep_nodes)
    return p.with_(inputs=tuple(p.inputs[i] for i in keep_in), nodes=nodes,
                   outputs=tuple(dict.fromkeys(new[o] for o in p.outputs)))


def substitute(p: Program, old: int, new: int) -> Program:
    """Every use of value `old` (in later nodes and outputs) now reads value `new`; then prune."""
    nodes = tuple(Node(n.op, tuple(new if a == old else a for a in n.args), n.attrs) for n in p.nodes)
    return prune(p.with_(nodes=nodes, outputs=tuple(new if o == old else o for o in p.outputs)))


def cut(p: Program, value: int, spec) -> Program:
    """Replace a node's value with a fresh input of the same shape and dtype: everything upstream may go."""
    n_in = len(p.inputs)
    shift = lambda v: v if v < n_in else v + 1
    fresh = Input(tuple(spec.shape), spec.dtype, Values(seed=0))
    nodes = tuple(Node(n.op, tuple(shift(a) for a in n.args), n.attrs) for n in p.nodes)
    q = p.with_(inputs=p.inputs + (fresh,), nodes=nodes, outputs=tuple(shift(o) for o in p.outputs))
    return substitute(q, shift(value), n_in)


def reshaped(inp: Input, shape: tuple[int, ...]) -> Input:
    """The input with a new buffer shape; literal data is cut or repeated to fit."""
    vals = inp.values
    if vals.data is not None:
        n = int(np.prod(shape, dtype=np.int64))
        data = (vals.data * (n // max(len(vals.data), 1) + 1))[:n] if vals.data else (0,) * n
        vals = Values(data=tuple(data))
    return Input(tuple(shape), inp.dtype, vals, inp.view, inp.requires_grad)


def _small_literal(inp: Input) -> Values:
    arr = np.asarray(materialize(inp), dtype=np.float64).reshape(-1)
    arr = np.nan_to_num(arr, nan=0.0, posinf=4.0, neginf=-4.0)
    small = np.clip(np.round(arr), -4, 4)
    return Values(data=tuple(int(v) if DTYPES[inp.dtype].kind != "float" else float(v) for v in small))


# ---- passes: each yields candidate variants, most reducing first ---------------------------------

def _outputs(p: Program) -> Iterator[Program]:
    if len(p.outputs) > 1:
        for o in p.outputs:
            yield prune(p.with_(outputs=(o,)))


def _prefixes(p: Program) -> Iterator[Program]:
    n_in = len(p.inputs)
    for k in range(len(p.nodes)):
        if (n_in + k,) != p.outputs:
            yield prune(p.with_(outputs=(n_in + k,)))


def _bypasses(p: Program) -> Iterator[Program]:
    n_in = len(p.inputs)
    specs = infer(p)
    for k in range(len(p.nodes) - 1, -1, -1):
        args = sorted(set(p.nodes[k].args), key=lambda a: specs[a] != specs[n_in + k])   # same spec first
        for a in args:
            yield substitute(p, n_in + k, a)


def _cuts(p: Program) -> Iterator[Program]:
    n_in = len(p.inputs)
    specs = infer(p)
    for k in range(len(p.nodes) - 1, -1, -1):
        if any(a >= n_in for a in p.nodes[k].args) or len(p.nodes[k].args) > 1:
            for other in p.nodes[k + 1:]:
                if n_in + k in other.args:
                    yield cut(p, n_in + k, specs[n_in + k])
                    break


def _views(p: Program) -> Iterator[Program]:
    for i, inp in enumerate(p.inputs):
        if inp.view:
            shape = input_spec(inp).shape
            plain = reshaped(Input(inp.shape, inp.dtype, inp.values, (), inp.requires_grad), shape)
            yield p.with_(inputs=p.inputs[:i] + (plain,) + p.inputs[i + 1:])


def _shapes(p: Program) -> Iterator[Program]:
    """Shrink one size everywhere it appears (broadcast partners shrink together), then drop leading axes."""
    sizes = sorted({s for inp in p.inputs for s in inp.shape if s > 1}, reverse=True)
    for s in sizes:
        for smaller in dict.fromkeys([1, 2, s // 2, s - 1]):
            if 1 <= smaller < s:
                yield p.with_(inputs=tuple(reshaped(i, tuple(smaller if d == s else d for d in i.shape)) for i in p.inputs))
    top = max((len(i.shape) for i in p.inputs), default=0)
    if top:
        yield p.with_(inputs=tuple(reshaped(i, i.shape[1:]) if len(i.shape) == top else i for i in p.inputs))
    for i, inp in enumerate(p.inputs):
        if inp.shape:
            yield p.with_(inputs=p.inputs[:i] + (reshaped(inp, inp.shape[1:]),) + p.inputs[i + 1:])


def _dtypes(p: Program) -> Iterator[Program]:
    odd = [i for i, inp in enumerate(p.inputs) if inp.dtype != "float32"]
    if len(odd) > 1:
        yield p.with_(inputs=tuple(_as_f32(inp) if inp.dtype != "float32" else inp for inp in p.inputs))
    for i in odd:
        yield p.with_(inputs=p.inputs[:i] + (_as_f32(p.inputs[i]),) + p.inputs[i + 1:])
    for k, node in enumerate(p.nodes):      # dtype-valued attributes (casts) toward float32 too
        for key, v in node.attrs.items():
            if isinstance(v, str) and v in DTYPES and v != "float32":
                nodes = p.nodes[:k] + (Node(node.op, node.args, node.attrs | {key: "float32"}),) + p.nodes[k + 1:]
                yield p.with_(nodes=nodes)


def _as_f32(inp: Input) -> Input:
    vals = inp.values
    if vals.data is not None:
        vals = Values(data=tuple(float(v) for v in vals.data))
    return Input(inp.shape, "float32", vals, inp.view, inp.requires_grad)


def _values(p: Program) -> Iterator[Program]:
    for i, inp in enumerate(p.inputs):
        if inp.values.edges:
            plain = Values(seed=inp.values.seed, domain=inp.values.domain)
            yield p.with_(inputs=p.inputs[:i] + (Input(inp.shape, inp.dtype, plain, inp.view, inp.requires_grad),) + p.inputs[i + 1:])
    for i, inp in enumerate(p.inputs):
        if inp.values.data is None:
            lit = Input(inp.shape, inp.dtype, _small_literal(inp), inp.view, inp.requires_grad)
            yield p.with_(inputs=p.inputs[:i] + (lit,) + p.inputs[i + 1:])


PASSES: list[tuple[str, Callable[[Program], Iterator[Program]]]] = [
    ("outputs", _outputs), ("prefix", _prefixes), ("bypass", _bypasses), ("cut", _cuts), ("views", _views),
    ("shapes", _shapes), ("dtypes", _dtypes), ("values", _values),
]


@dataclass
class Stats:
    checks: int = 0
    accepted: dict = field(default_factory=dict)     # pass name -> times it made progress
    seconds: float = 0.0
    budget_spent: bool = False
    best: Program | None = None                      # the smallest failing variant so far (read it after Ctrl-C)


def minimize(program: Program, still_fails: Callable[[Program], bool], *, max_checks: int = 300,
             max_seconds: float | None = None, stats: Stats | None = None) -> Program:
    """The smallest variant found that still fails; `program` itself is assumed failing and never re-checked."""
    stats = stats if stats is not None else Stats()
    start = time.monotonic()
    seen: set[str] = {program.content_hash}
    best = program

    def out_of_budget() -> bool:
        over = stats.checks >= max_checks or (max_seconds is not None and time.monotonic() - start > max_seconds)
        stats.budget_spent |= over
        return over

    progress = True
    while progress and not out_of_budget():
        progress = False
        for name, propose in PASSES:
            for cand in propose(best):
                if out_of_budget():
                    break
                h = cand.content_hash
                if h in seen or cost(cand) >= cost(best) or not is_valid(cand):
                    continue
                seen.add(h)
                stats.checks += 1
                if still_fails(cand):
                    best, progress = cand, True
                    stats.best = best
                    stats.accepted[name] = stats.accepted.get(name, 0) + 1
                    break               # restart this pass's proposals from the smaller program
            if progress:
                break                   # and the passes from the top: early passes remove the most
    stats.seconds = time.monotonic() - start
    return best
