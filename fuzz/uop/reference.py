"""The reference evaluator: a UOp kernel description run in numpy with tinygrad's semantics for each dtype.

Every expression is evaluated at once over the whole iteration grid (loops + reduce ranges) as a broadcast
numpy array. Integers wrap around in their width, CDIV/CMOD truncate toward zero, // and % floor (as UOp's
`//` and `%` do), casts to a narrower int wrap, casts to bool test != 0, a gated load reads 0 where its gate is off.
"""
from __future__ import annotations

import numpy as np

from fuzz.uop.ir import Buffer, UKernel, value_dtype

NP = {"float32": np.float32, "float16": np.float16, "float64": np.float64, "bool": np.bool_, "int8": np.int8,
      "int16": np.int16, "int32": np.int32, "int64": np.int64, "uint8": np.uint8, "uint16": np.uint16,
      "uint32": np.uint32, "uint64": np.uint64}


def buffer_values(buf: Buffer) -> np.ndarray:
    """A buffer's contents, deterministic in its seed: small numbers, with the dtype's extremes when `edges`."""
    rng = np.random.default_rng(buf.seed)
    dt = np.dtype(NP[buf.dtype])
    if dt == np.bool_:
        return rng.integers(0, 2, buf.size).astype(np.bool_)
    if dt.kind == "f":
        vals = (rng.standard_normal(buf.size) * 4).astype(dt)
        extremes = [np.nan, np.inf, -np.inf, -0.0, np.finfo(dt).max, np.finfo(dt).tiny, 0.5, -1.0]
    else:
        info = np.iinfo(dt)
        vals = rng.integers(max(info.min, -100), min(info.max, 100) + 1, buf.size).astype(dt)
        extremes = [info.min, info.max, 0, -1 if info.min < 0 else 1, info.max // 2 + 1]
    if buf.edges:
        where = rng.random(buf.size) < 0.3
        picks = np.array(extremes, dtype=np.float64 if dt.kind == "f" else object)[rng.integers(0, len(extremes), buf.size)]
        vals[where] = picks[where].astype(dt)
    return vals


def trunc_div(a, b):
    q = np.floor_divide(a, b)
    fix = (np.remainder(a, b) != 0) & ((a < 0) != (b < 0))
    return q + fix.astype(q.dtype) if isinstance(q, np.ndarray) else q + int(fix)


def trunc_mod(a, b):
    return a - trunc_div(a, b) * b


IDX_OPS = {
    "+": np.add, "*": np.multiply, "-": np.subtract, "//": np.floor_divide, "%": np.remainder,
    "cdiv": trunc_div, "cmod": trunc_mod, "max": np.maximum, "min": np.minimum,
    "<": np.less, "!=": np.not_equal, "==": np.equal, "<=": np.less_equal, ">=": np.greater_equal, ">": np.greater,
    "and": np.logical_and, "or": np.logical_or,
}


def eval_index(e, env: dict):
    """An index-level expression over `env` ({"rng": [arrays], "var": {name: array}}): int64 or bool arrays."""
    head = e[0]
    if head == "rng":
        return env["rng"][e[1]]
    if head == "int":
        return np.int64(e[1])
    if head == "var":
        return env["var"][e[1]]
    if head == "neg":
        return -eval_index(e[1], env)
    if head == "ifelse":
        return np.where(eval_index(e[1], env), eval_index(e[2], env), eval_index(e[3], env))
    return IDX_OPS[head](eval_index(e[1], env), eval_index(e[2], env))


def _shift(f):
    return lambda a, b: f(a, b.astype(a.dtype))


def _bool_or_int(int_op, bool_op):
    return lambda a, b: bool_op(a, b) if a.dtype == np.bool_ else int_op(a, b)


VAL_BINARY = {
    "add": _bool_or_int(np.add, np.logical_or), "mul": _bool_or_int(np.multiply, np.logical_and),
    "sub": np.subtract, "max": np.maximum, "and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor,
    "cdiv": trunc_div, "cmod": trunc_mod, "shl": _shift(np.left_shift), "shr": _shift(np.right_shift),
}
VAL_UNARY = {"neg": np.negative, "trunc": np.trunc, "sqrt": np.sqrt, "recip": np.reciprocal, "exp2": np.exp2,
             "log2": np.log2, "sin": np.sin}
VAL_CMP = {"lt": np.less, "ne": np.not_equal, "eq": np.equal}


class Evaluator:
    """Evaluates one kernel; `grid` is the broadcast shape (loops + reduce ranges)."""

    def __init__(self, k: UKernel):
        self.k = k
        sizes = k.loops + k.reduce
        self.grid = sizes
        self.env = {"rng": [np.arange(n, dtype=np.int64).reshape([n if i == j else 1 for j in range(len(sizes))])
                            for i, n in enumerate(sizes)], "var": {}}
        self.data = [buffer_values(b) for b in k.bufs]
        self.red_axes = tuple(range(len(k.loops), len(sizes)))

    def typed(self, x, dtype: str):
        return np.asarray(x).astype(NP[dtype])

    def value(self, e):
        head = e[0]
        k = self.k
        if head == "const":
            return np.asarray(e[2]).astype(NP[e[1]])
        if head == "idx":
            return self.typed(eval_index(e[2], self.env), e[1])
        if head == "load":
            data = self.data[e[1]]
            idx = eval_index(e[2], self.env)
            if e[3] is None:
                return data[idx]
            gate = np.broadcast_to(eval_index(e[3], self.env), np.broadcast(idx, eval_index(e[3], self.env)).shape)
            idx = np.broadcast_to(idx, gate.shape)
            return np.where(gate, data[np.where(gate, idx, 0)], np.zeros((), data.dtype))
        if head == "alu":
            a, b = self.value(e[2]), self.value(e[3])
            return np.asarray(VAL_BINARY[e[1]](a, b)).astype(a.dtype)
        if head == "un":
            a = self.value(e[2])
            return np.asarray(VAL_UNARY[e[1]](a)).astype(a.dtype)
        if head == "cmp":
            return np.asarray(VAL_CMP[e[1]](self.value(e[2]), self.value(e[3])))
        if head == "where":
            c = self.value(e[1]) if not _is_index(e[1]) else eval_index(e[1], self.env)
            a, b = self.value(e[2]), self.value(e[3])
            return np.where(c, a, b).astype(a.dtype)
        if head == "cast":
            a = self.value(e[2])
            return (a != 0) if e[1] == "bool" else a.astype(NP[e[1]])
        if head == "bitcast":
            a = np.ascontiguousarray(np.broadcast_to(self.value(e[2]), self.grid))
            return a.view(NP[e[1]])
        if head == "reduce":
            a = np.broadcast_to(self.value(e[2]), self.grid)
            red = {"add": np.sum, "mul": np.prod, "max": np.max}[e[1]]
            if a.dtype == np.bool_:
                red = {"add": np.any, "mul": np.all, "max": np.any}[e[1]]
                return red(a, axis=self.red_axes, keepdims=True)
            return red(a, axis=self.red_axes, keepdims=True, dtype=a.dtype) if e[1] != "max" else \
                red(a, axis=self.red_axes, keepdims=True)
        raise ValueError(f"unknown value node {head!r} in {k!r}")

    def run(self) -> np.ndarray:
        k = self.k
        with np.errstate(all="ignore"):
            v = np.broadcast_to(self.value(k.value), self.grid)
            v = v[(Ellipsis,) + (0,) * len(k.reduce)] if k.reduce else v
            v = v.astype(NP[k.out_dtype]).reshape(-1)
            out = np.full(k.out_size, k.fill).astype(NP[k.out_dtype])
            if k.gate is None:
                return v.copy()
            gate = np.broadcast_to(eval_index(k.gate, self.env), self.grid)
            gate = gate[(Ellipsis,) + (0,) * len(k.reduce)].reshape(-1) if k.reduce else gate.reshape(-1)
            out[gate] = v[gate]
            return out


def _is_index(e) -> bool:
    from fuzz.uop.ir import is_index_expr
    return is_index_expr(e)


def evaluate(k: UKernel) -> np.ndarray:
    """The output buffer the kernel leaves, flat."""
    return Evaluator(k).run()


def expected_dtype(k: UKernel) -> str:
    return value_dtype(k.value, k.bufs)
