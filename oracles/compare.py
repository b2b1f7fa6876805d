"""Compare tinygrad's outputs with the reference: exact for ints and bools, per-dtype tolerances for floats."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# tolerance class -> float dtype -> (atol, rtol). Forward values; gradients use the "grad" class.
TOLERANCES: dict[str, dict[str, tuple[float, float]]] = {
    "exact":          {"float64": (1e-12, 1e-12), "float32": (1e-6, 1e-6), "float16": (1e-3, 1e-3), "bfloat16": (1e-2, 1e-2)},
    "float":          {"float64": (1e-9, 1e-9), "float32": (1e-6, 1e-5), "float16": (2e-3, 2e-3), "bfloat16": (2e-2, 2e-2)},
    "transcendental": {"float64": (1e-7, 1e-7), "float32": (1e-5, 1e-4), "float16": (5e-3, 5e-3), "bfloat16": (3e-2, 3e-2)},
    "accumulate":     {"float64": (1e-7, 1e-7), "float32": (1e-4, 1e-4), "float16": (2e-2, 1e-2), "bfloat16": (1e-1, 5e-2)},
    "loose":          {"float64": (1e-5, 1e-5), "float32": (1e-3, 1e-3), "float16": (5e-2, 5e-2), "bfloat16": (2e-1, 1e-1)},
    "grad":           {"float64": (1e-6, 1e-6), "float32": (1e-4, 1e-3), "float16": (5e-2, 5e-2), "bfloat16": (2e-1, 1e-1)},
}


def program_tolerance(classes: list[str], dtype: str, depth: int) -> tuple[float, float]:
    """The loosest of the classes, per component, widened by the chain's depth: errors compound op after op. Per
    component because "grad" is not looser than "loose" everywhere: a gradient through selu (its constants rounded
    by tinygrad, so "loose") is held to loose's float64 rtol, not grad's tighter one (bucket 454eeb53df)."""
    pairs = [TOLERANCES[c].get(dtype, TOLERANCES[c]["float32"]) for c in (classes or ["exact"])]
    atol, rtol = max(a for a, _ in pairs), max(r for _, r in pairs)
    scale = 1 + max(depth - 1, 0) * 0.5
    return atol * scale, rtol * scale


@dataclass(frozen=True)
class Difference:
    what: str          # oracles.verdict.DIFFERENCES: "shape", "nan" (got nan), "missing-nan" (expected nan), "inf", "value"
    detail: str
    max_abs: float = 0.0
    max_rel: float = 0.0
    index: tuple = ()


# Where a float dtype rounds to infinity: its largest finite value plus half an ulp (round to nearest). float64's is
# past float64's own range, so its largest finite value stands in (its results reach it only through an overflow).
OVERFLOW_AT = {"float16": 65520.0, "bfloat16": 2.0**128 - 2.0**119, "float32": 2.0**128 - 2.0**103,
               "float64": float(np.finfo(np.float64).max)}


def overflow_edge(got: np.ndarray, want: np.ndarray, atol: float, rtol: float, dtype: str | None) -> np.ndarray | None:
    """Elements where one side is an infinity and the other a finite value of the same sign whose tolerance reaches
    past where the dtype rounds to infinity: overflow is a discontinuity, and a result within tolerance of 65472 may
    round to inf in float16 (bucket f609943238: float16 3 ** 10.09, computed through a float16 exp2 0.5% off). A
    finite value further from the edge is not excused (KB-0070's 42400, KB-0086's -1820). None: no such element can
    exist (no dtype, or no infinity on either side)."""
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if dtype not in OVERFLOW_AT or not (np.isinf(g).any() or np.isinf(w).any()):
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        reach = lambda v: np.abs(v) * (1 + rtol) + atol >= OVERFLOW_AT[dtype]
        return (np.sign(g) == np.sign(w)) & ((np.isinf(g) & np.isfinite(w) & reach(w))
                                             | (np.isinf(w) & np.isfinite(g) & reach(g)))


def nonfinite_difference(got: np.ndarray, want: np.ndarray, edge: np.ndarray | None = None) -> Difference | None:
    """The first place where nan-ness or an infinity disagrees ("nan": got nan; "missing-nan": expected nan; "inf"),
    or None. The one classification every value-comparing oracle uses for non-finite values. `edge`: elements where
    an infinity against a finite value is a rounding at the overflow edge (overflow_edge), not a difference."""
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    gn, wn = np.isnan(g), np.isnan(w)
    if (gn != wn).any():
        idx = tuple(int(i) for i in np.argwhere(gn != wn)[0])
        return Difference("nan" if gn[idx] else "missing-nan", f"at {list(idx)}: got {g[idx]!r}, expected {w[idx]!r}", index=idx)
    inf_bad = (np.isinf(g) | np.isinf(w)) & ~gn & (g != w) & (True if edge is None else ~edge)
    if inf_bad.any():
        idx = tuple(int(i) for i in np.argwhere(inf_bad)[0])
        return Difference("inf", f"at {list(idx)}: got {g[idx]!r}, expected {w[idx]!r}", index=idx)
    return None


def compare(got: np.ndarray, want: np.ndarray, atol: float, rtol: float, float_out: bool,
            dtype: str | None = None) -> Difference | None:
    """None when got matches want; else the first kind of difference, with where and how far. `dtype` (the output's
    float dtype) lets an infinity at the overflow edge pass (overflow_edge)."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return Difference("shape", f"shape {list(got.shape)} != expected {list(want.shape)}")
    if got.size == 0:
        return None
    if not float_out:
        g, w = got.astype(np.float64) if got.dtype == bool else got, want.astype(np.float64) if want.dtype == bool else want
        bad = ~(g == w) if got.dtype.kind in "biu" and want.dtype.kind in "biu" else ~np.isclose(
            g.astype(np.float64), w.astype(np.float64), atol=0, rtol=0, equal_nan=True)
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            return Difference("value", f"at {list(idx)}: got {got[idx]!r}, expected {want[idx]!r} "
                              f"({int(bad.sum())} of {bad.size} differ)", index=idx)
        return None
    g, w = got.astype(np.float64), want.astype(np.float64)
    if (d := nonfinite_difference(g, w, overflow_edge(g, w, atol, rtol, dtype))) is not None:
        return d
    finite = np.isfinite(g) & np.isfinite(w)
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.where(finite, np.abs(g - w), 0.0)
    bound = atol + rtol * np.abs(np.where(finite, w, 0.0))
    bad = err > bound
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        rel = err / np.maximum(np.abs(w), 1e-30)
        return Difference("value", f"at {list(idx)}: got {g[idx]!r}, expected {w[idx]!r} "
                          f"({int(bad.sum())} of {bad.size} differ)", float(err.max()), float(np.where(finite, rel, 0).max()), idx)
    return None
