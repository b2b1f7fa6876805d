"""The UOp kernel description: a JSON-serializable kernel, independent of tinygrad, that a worker builds as UOps.

A kernel loops over `loops` (nested output ranges, row-major) and optionally `reduce` (reduce ranges, innermost),
computes one value expression per output element and stores it into `out` at the linear index of the loop
ranges, optionally gated. Range k is `loops[k]` for k < len(loops), then `reduce[k - len(loops)]`.

Expressions are nested lists, the head names the node:

  index level (weak ints over ranges, what tinygrad's symbolic simplifier sees):
    ["rng", k]  ["int", v]  ["var", name]  [op, a, b] for op in IDX_BINARY  ["neg", a]
    [cmp, a, b] for cmp in CMP (bool)  ["and", p, q] / ["or", p, q] (bool over bools)  ["ifelse", p, a, b]
  value level (typed):
    ["const", dtype, v]  ["load", buf, idx, gate|None]  ["idx", dtype, idx]  ["alu", op, a, b]  ["un", op, a]
    ["cmp", op, a, b] (bool)  ["where", cond, a, b]  ["cast", dtype, a]  ["bitcast", dtype, a]  ["reduce", op, a]
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from fuzz.errors import UsageError

UIR_VERSION = 1

# index-level binary ops: floor division/mod (UOp's // and %) and C's truncating ones (Ops.CDIV / Ops.CMOD)
IDX_BINARY = ("+", "*", "-", "//", "%", "cdiv", "cmod", "max", "min")
CMP = ("<", "!=", "==", "<=", ">=", ">")
# value-level ops: name -> (dtype kinds it takes). Simplest first.
VAL_BINARY = {"add": "fib", "mul": "fib", "sub": "fi", "max": "fi", "and": "ib", "or": "ib", "xor": "ib",
              "cdiv": "i", "cmod": "i", "shl": "i", "shr": "i"}
VAL_UNARY = {"neg": "fi", "trunc": "f", "sqrt": "f", "recip": "f", "exp2": "f", "log2": "f", "sin": "f"}
VAL_CMP = ("lt", "ne", "eq")
REDUCE_OPS = ("add", "max", "mul")
BITCAST_GROUPS = (("int32", "uint32", "float32"), ("int16", "uint16", "float16"), ("int64", "uint64", "float64"),
                  ("int8", "uint8"))
OPT_OPS = ("UPCAST", "UNROLL", "PADTO", "SWAP", "NOLOCALS", "LOCAL", "GROUP", "THREAD")


@dataclass(frozen=True)
class Buffer:
    dtype: str
    size: int
    seed: int = 0
    edges: bool = False          # sprinkle the dtype's extreme values (nan, inf, min, max, -0.0)

    def to_json(self) -> dict:
        return {"dtype": self.dtype, "size": self.size, "seed": self.seed, "edges": self.edges}

    @staticmethod
    def from_json(d: dict) -> "Buffer":
        return Buffer(str(d["dtype"]), int(d["size"]), int(d.get("seed", 0)), bool(d.get("edges", False)))


@dataclass(frozen=True)
class UKernel:
    bufs: tuple[Buffer, ...]              # inputs, read through loads
    out_dtype: str
    loops: tuple[int, ...]                # output ranges, outermost first; the output holds prod(loops) values
    value: Any                            # value expression (nested lists)
    reduce: tuple[int, ...] = ()          # reduce ranges; a ["reduce", ...] node reduces over all of them
    gate: Any = None                      # index-level bool: store only where it holds (the output starts as `fill`)
    fill: float = 0                       # what the output holds before the kernel runs
    opts: tuple[tuple, ...] = ()          # (op, axis, arg) applied to the kernel in order; () is tinygrad's choice
    meta: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def out_size(self) -> int:
        return math.prod(self.loops)

    @property
    def n_ranges(self) -> int:
        return len(self.loops) + len(self.reduce)

    def to_json(self) -> dict:
        d = {"version": UIR_VERSION, "bufs": [b.to_json() for b in self.bufs], "out_dtype": self.out_dtype,
             "loops": list(self.loops), "reduce": list(self.reduce), "value": _encode(self.value)}
        if self.gate is not None:
            d["gate"] = _encode(self.gate)
        if self.fill:
            d["fill"] = self.fill
        if self.opts:
            d["opts"] = [list(o) for o in self.opts]
        return d

    @staticmethod
    def from_json(d: dict) -> "UKernel":
        try:
            if d.get("version", UIR_VERSION) != UIR_VERSION:
                raise UsageError(f"UOp kernel version {d.get('version')!r} is not {UIR_VERSION}")
            k = UKernel(tuple(Buffer.from_json(b) for b in d["bufs"]), str(d["out_dtype"]),
                        tuple(int(x) for x in d["loops"]), _decode(d["value"]), tuple(int(x) for x in d.get("reduce", [])),
                        _decode(d["gate"]) if d.get("gate") is not None else None, d.get("fill", 0),
                        tuple((str(o[0]), o[1], o[2]) for o in d.get("opts", [])))
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise UsageError(f"malformed UOp kernel: {type(e).__name__}: {e}") from None
        validate(k)
        return k

    def dumps(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True)

    @staticmethod
    def loads(text: str) -> "UKernel":
        return UKernel.from_json(json.loads(text))

    def content_hash(self) -> str:
        return hashlib.sha1(self.dumps().encode()).hexdigest()[:16]

    def with_(self, **changes) -> "UKernel":
        return replace(self, **changes)

    def ops(self) -> list[str]:
        """Op names used, for verdict signatures: 'alu.add', 'cast', 'reduce.max', ..."""
        names: list[str] = []
        for e in walk(self.value) + (walk(self.gate) if self.gate is not None else []):
            if e[0] in ("alu", "un", "cmp", "reduce"):
                names.append(f"{e[0]}.{e[1]}")
            elif e[0] in ("cast", "bitcast", "where", "load"):
                names.append(e[0])
        return sorted(set(names))

    def __repr__(self) -> str:
        return f"UKernel.loads({self.dumps()!r})"


def walk(e) -> list:
    """Every node of an expression, parents first."""
    out, todo = [], [e]
    while todo:
        n = todo.pop()
        if isinstance(n, (list, tuple)) and n and isinstance(n[0], str):
            out.append(n)
            todo.extend(c for c in reversed(n[1:]) if isinstance(c, (list, tuple)))
    return out


def value_dtype(e, bufs: tuple[Buffer, ...]) -> str:
    """The dtype a value expression has."""
    head = e[0]
    if head in ("const", "idx", "cast", "bitcast"):
        return e[1]
    if head == "load":
        return bufs[e[1]].dtype
    if head == "cmp":
        return "bool"
    if head in ("alu", "reduce"):
        return value_dtype(e[2], bufs)
    if head == "un":
        return value_dtype(e[2], bufs)
    if head == "where":
        return value_dtype(e[2], bufs)
    raise ValueError(f"not a value expression: {head!r}")


def is_index_expr(e) -> bool:
    return e[0] in ("rng", "int", "var", "neg", "and", "or", "ifelse") or e[0] in IDX_BINARY or e[0] in CMP


def validate(k: UKernel) -> None:
    """Raise UsageError when the description cannot be a kernel: bad ranges, buffers, dtypes or ops."""
    from fuzz.dtypes import DTYPES
    if not k.loops or any(n < 1 for n in k.loops + k.reduce):
        raise UsageError(f"loops {list(k.loops)} / reduce {list(k.reduce)}: every range needs a size of at least 1")
    for name in [k.out_dtype] + [b.dtype for b in k.bufs]:
        if name not in DTYPES:
            raise UsageError(f"unknown dtype {name!r}")
    for n in walk(k.value) + (walk(k.gate) if k.gate is not None else []):
        if n[0] == "rng" and not 0 <= n[1] < k.n_ranges:
            raise UsageError(f"range {n[1]} does not exist (the kernel has {k.n_ranges})")
        if n[0] == "load" and not 0 <= n[1] < len(k.bufs):
            raise UsageError(f"buffer {n[1]} does not exist (the kernel has {len(k.bufs)})")
        if n[0] in ("alu",) and n[1] not in VAL_BINARY or n[0] == "un" and n[1] not in VAL_UNARY:
            raise UsageError(f"unknown {n[0]} op {n[1]!r}")


def _encode(e):
    if isinstance(e, float) and not math.isfinite(e):
        return {"float": repr(e)}
    if isinstance(e, (list, tuple)):
        return [_encode(x) for x in e]
    return e


def _decode(e):
    if isinstance(e, dict) and "float" in e:
        return float(e["float"])
    if isinstance(e, list):
        return [_decode(x) for x in e]
    return e
