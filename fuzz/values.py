"""Turn an input's value recipe into numbers (numpy only), the same in every process.

Domains are a table: each maps (rng, n, dtype) to values the op is meant to see. Edge values are
sprinkled over a seeded subset of positions when a recipe asks for them.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from fuzz.dtypes import DType, bfloat16_round, dtype
from fuzz.program import Input, Values


def _ints(lo: int, hi: int) -> Callable:
    def draw(rng, n, dt: DType):
        return rng.integers(max(lo, int(dt.min)), min(hi, int(dt.max)) + 1, n, dtype=np.int64)
    return draw


def _full_range(rng, n, dt: DType):
    if dt.kind == "bool":
        return rng.integers(0, 2, n)
    if dt.is_float:
        return rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)
    hi = min(int(dt.max), (1 << 62) - 1)   # KB policy: uint64 stays below 2**63 (torch computes it in int64)
    return rng.integers(int(dt.min), hi, n, dtype=np.int64, endpoint=True)


def _floats_or_ints(floats: Callable, lo: int, hi: int) -> Callable:
    return lambda rng, n, dt: floats(rng, n) if dt.is_float else _ints(lo, hi)(rng, n, dt)


# name: how numbers are drawn. Floats use the float rows, ints the int rows where both exist.
DOMAINS: dict[str, Callable] = {
    "normal":   _floats_or_ints(lambda rng, n: rng.standard_normal(n) * 2, -9, 9),
    "nonan":    _floats_or_ints(lambda rng, n: rng.standard_normal(n) * 2, -9, 9),
    "finite":   _floats_or_ints(lambda rng, n: rng.standard_normal(n) * 2, -9, 9),
    "endpoint": _floats_or_ints(lambda rng, n: rng.standard_normal(n) * 2, -9, 9),
    "number":   _floats_or_ints(lambda rng, n: rng.standard_normal(n) * 2, -9, 9),
    "positive": _floats_or_ints(lambda rng, n: rng.uniform(0.05, 4.0, n), 1, 9),
    "nonneg":   _floats_or_ints(lambda rng, n: rng.uniform(0.0, 100.0, n), 0, 9),
    "unit":     _floats_or_ints(lambda rng, n: rng.uniform(-0.99, 0.99, n), -1, 1),
    "small":    _floats_or_ints(lambda rng, n: rng.uniform(-3.0, 3.0, n), -3, 3),
    "wide":     _floats_or_ints(lambda rng, n: rng.uniform(-100.0, 100.0, n), -100, 100),
    "castable": _floats_or_ints(lambda rng, n: rng.uniform(-100.0, 100.0, n), -100, 100),   # fits int8
    "nonzero":  lambda rng, n, dt: (rng.uniform(0.25, 4.0, n) * rng.choice([-1, 1], n)) if dt.is_float
                else _ints(1, 9)(rng, n, dt) * (rng.choice([-1, 1], n) if dt.kind == "int" else 1),
    "divisor":  lambda rng, n, dt: _ints(1, 9)(rng, n, dt) * (rng.choice([-1, 1], n) if dt.kind == "int" else 1),
    "above1":   _floats_or_ints(lambda rng, n: rng.uniform(1.01, 5.0, n), 1, 9),
    "full":     _full_range,
    "bits":     lambda rng, n, dt: _ints(0, max(dt.bits - 1, 0))(rng, n, dt),   # shift amounts
    "prob":     _floats_or_ints(lambda rng, n: rng.uniform(0.02, 0.98, n), 0, 1),
}
# Index domains name their bound: "index:7" draws 0..6 (gather/one_hot/embedding indices).

# The edge-value policy, by domain: which edge values an input of that domain may carry when its recipe
# asks for edges. A domain exists because an op is only defined (or only agreed on) over it, so its edges
# stay inside it: a divisor ("nonzero") never gets 0 or -1 (int division by zero and INT_MIN / -1 are
# undefined in C and trap on x86); "positive" gets no negative; "nonan" no nan (tinygrad's maximum/minimum
# and comparisons-by-select do not propagate nan the way torch does). Domains not listed take no edges.
EDGE_KINDS = ("nan", "inf", "-inf", "-0", "0", "tiny", "-tiny", "big", "-big", "min", "max", "1", "-1")
EDGE_POLICY: dict[str, frozenset] = {
    "normal":   frozenset(EDGE_KINDS),
    "full":     frozenset(EDGE_KINDS),
    "small":    frozenset(EDGE_KINDS),
    "unit":     frozenset(EDGE_KINDS) - {"min", "max"},        # ints stay within -1..1 by their domain
    "wide":     frozenset(EDGE_KINDS),
    "nonan":    frozenset(EDGE_KINDS) - {"nan"},
    # No inf and no near-overflow values: rows where tinygrad is wrong on them and the bug is not registered yet
    # (reports/triage/registry.md), or where tinygrad computes float16 intermediates in float16 and torch in
    # float32 (x*x overflows). A registered bug (corpus/known_bugs.json) reopens its row: the gate tells it apart.
    "finite":   frozenset(EDGE_KINDS) - {"inf", "-inf", "big", "-big"},
    "endpoint": frozenset(EDGE_KINDS) - {"nan", "inf", "-inf", "big", "-big"},
    "number":   frozenset(EDGE_KINDS) - {"nan", "inf", "-inf", "big", "-big"},   # conv weights: zero padding * nan
    "positive": frozenset({"nan", "inf", "tiny", "big", "max", "1"}),
    "nonneg":   frozenset({"0", "tiny", "1"}),                  # float -> unsigned casts: no inf/nan/overflow
    "castable": frozenset({"-0", "0", "tiny", "-tiny", "1", "-1"}),   # float -> int casts: nothing out of range
    "nonzero":  frozenset({"nan", "inf", "-inf", "tiny", "-tiny", "big", "-big", "max", "1"}),
    "divisor":  frozenset({"max", "1", "-1"}),        # "min" is 0 for unsigned
    "above1":   frozenset({"nan", "inf", "big", "max", "1"}),   # big: float16 acosh(6e4) is inf in tinygrad (KB-0014)
}


# Where a domain ends: an op defined on "unit" (asin, acos, atanh) or "above1" (acosh) meets its edge there, and a
# value within rounding of an edge may land on either side of it (oracles/anchor.py `_spans`).
DOMAIN_EDGES: dict[str, tuple[float, ...]] = {"unit": (-1.0, 1.0), "above1": (1.0,)}


# Domains an op's first operand must keep, because outside them the op has no defined answer: a float -> int cast
# out of range is undefined in C, binary cross entropy is defined on [0, 1], an index must fall inside its axis. The
# generator gives such an op a fresh input of its domain (never a reused value), and the minimizer keeps candidates
# inside it (campaign buckets f0b2ea3bce, a3e103277d, 5c6b7af283, adf15ae400: a literal -2.0 cast to uint).
HARD_DOMAINS: dict[str, Callable[[np.ndarray], bool]] = {
    "castable": lambda a: bool(np.all(np.isfinite(a)) and np.all(a >= -128) and np.all(a <= 127)),
    "nonneg": lambda a: bool(np.all(np.isfinite(a)) and np.all(a >= 0)),
    # lerp's endpoints: with an infinite one, a + w*(b - a) is inf - inf, and torch itself answers nan for w < 0.5
    # and inf above (bucket 64dc128630: a reused input holding inf)
    "endpoint": lambda a: bool(np.all(np.isfinite(a))),
    "divisor": lambda a: bool(np.all(a != 0)),       # an int divisor (scalar_rfloordiv): no 0
    "prob": lambda a: bool(np.all(a >= 0) and np.all(a <= 1)),
}


def hard_domain(domain: str) -> Callable[[np.ndarray], bool] | None:
    """The check of a domain outside which its op is undefined (index domains included), or None."""
    if domain.startswith("index:"):
        bound = int(domain.split(":")[1])
        return lambda a: _within_index(np.asarray(a, dtype=np.float64), bound)
    check = HARD_DOMAINS.get(domain)
    return None if check is None else (lambda a: check(np.asarray(a, dtype=np.float64)))


def _within_index(a: np.ndarray, bound: int) -> bool:
    return bool(np.all(a >= 0) and np.all(a < bound) and np.all(np.floor(a) == a))


def keeps_domain(inp: Input, domain: str) -> bool:
    """Does this input stay inside a hard domain? Seeded values must be drawn from it (its edge policy keeps edges
    inside); literal data must satisfy it."""
    check = hard_domain(domain)
    if check is None:
        return True
    if inp.values.data is None:
        return inp.values.domain == domain
    return check(np.asarray(inp.values.data, dtype=np.float64))


def edge_values(dt: DType, domain: str = "normal") -> list:
    """The edge values an input of this dtype and domain may carry (empty: the domain takes none)."""
    allowed = EDGE_POLICY.get(domain, frozenset())
    if dt.kind == "bool":
        return [v for k, v in (("0", 0), ("1", 1)) if k in allowed] if allowed else []
    if dt.is_float:
        tiny = {"float16": 6e-8, "bfloat16": 1e-39, "float32": 1e-40, "float64": 5e-324}[dt.name]
        big = 1e30 if dt.bits > 16 else 6e4
        table = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "-0": -0.0, "0": 0.0,
                 "tiny": tiny, "-tiny": -tiny, "big": big, "-big": -big}
    else:
        hi = int(dt.max) if dt.name != "uint64" else (1 << 63) - 1   # uint64 stays below 2**63 (torch: int64)
        table = {"min": int(dt.min), "max": hi, "0": 0, "1": 1}
        if dt.kind == "int":
            table["-1"] = -1
    return [v for k, v in table.items() if k in allowed]


def materialize(inp: Input) -> np.ndarray:
    """The input's base buffer as a numpy array of its carrier dtype (bfloat16 travels as float32)."""
    dt = dtype(inp.dtype)
    n = int(np.prod(inp.shape, dtype=np.int64))
    vals = inp.values
    if vals.data is not None:
        if len(vals.data) != n:
            raise ValueError(f"literal data has {len(vals.data)} values for shape {list(inp.shape)}")
        flat = np.array(vals.data, dtype=np.float64 if dt.is_float else np.int64 if dt.kind != "uint" else np.uint64)
    else:
        flat = _draw(vals, n, dt)
    if dt.kind == "bool":
        return (flat != 0).reshape(inp.shape)
    out = flat.astype(np.dtype(dt.numpy)) if not dt.is_float else _round_float(flat, dt)
    return out.reshape(inp.shape)


def _draw(vals: Values, n: int, dt: DType) -> np.ndarray:
    rng = np.random.default_rng(vals.seed)
    if vals.domain.startswith("index:"):
        flat = rng.integers(0, max(int(vals.domain.split(":")[1]), 1), n, dtype=np.int64)
    else:
        flat = DOMAINS[vals.domain](rng, n, dt)
    flat = np.asarray(flat, dtype=np.float64 if dt.is_float else np.int64).copy()
    if vals.edges and n:
        edges = edge_values(dt, vals.domain)
        where = rng.random(n) < (0.3 if edges else 0.0)
        picks = rng.integers(0, max(len(edges), 1), n)
        if dt.is_float:
            flat[where] = np.array(edges or [0.0], dtype=np.float64)[picks[where]]
        else:
            flat = flat.astype(object)
            for i in np.nonzero(where)[0]:
                flat[i] = edges[picks[i]]
            return np.array(flat.tolist(), dtype=np.uint64 if dt.kind == "uint" else np.int64)
    return flat


def _round_float(flat: np.ndarray, dt: DType) -> np.ndarray:
    with np.errstate(over="ignore"):
        if dt.name == "bfloat16":   # round to bfloat16 so both libraries start from the same numbers
            return bfloat16_round(flat)
        return flat.astype(np.dtype(dt.numpy))
