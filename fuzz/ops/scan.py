"""Scans (cumsum, cumprod, cummax, cummin, logcumsumexp) and sorting (sort, argsort, topk); one output by attr."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import FLOATS, NUMERIC
from fuzz.ops.base import AXIS, FLAG, SCAN, SORT, Invalid, Op, Spec, choice, ints
from fuzz.ops.ties import distinct, permutation, prefix
from fuzz.ops.reduce import sum_dtype

PICK = {"values": 0, "indices": 1}
ORDERED = ("float32", "float64", "float16")
TIES = ("ties: torch and tinygrad may pick different indices among equal values, so index-producing rows draw "
        "continuous floats without edges (no repeated inf/0); bfloat16 left out (8 bits of mantissa tie often).")


def _pick(out, output: str, L=None):
    got = out[PICK[output]]
    return got.to(L.torch.int32) if L is not None and output == "indices" else got


def _indexed(out_dtype=None):
    def rule(specs, attrs):
        return Spec(specs[0].shape, "int32" if attrs.get("output") == "indices" else (out_dtype or specs[0].dtype))
    return rule


def _topk_out(specs, attrs):
    shape, d = specs[0].shape, attrs["dim"] % len(specs[0].shape)
    if attrs["k"] > shape[d]:
        raise Invalid(f"topk k={attrs['k']} of a side {shape[d]}")
    return Spec(shape[:d] + (attrs["k"],) + shape[d + 1:], "int32" if attrs["output"] == "indices" else specs[0].dtype)


S = dict(min_rank=1, params={"axis": AXIS})

ROWS = [
    Op("cumsum", SCAN, dtypes=NUMERIC, out=lambda specs, attrs: Spec(specs[0].shape, sum_dtype(specs[0].dtype)),
       tiny="cumsum", grad=True, tol="accumulate",
       torch=lambda L, x, axis: x.cumsum(axis).to(x.dtype if x.is_floating_point() or x.dtype == L.torch.int64
                                                   else L.torch.int32), **S),
    Op("cumprod", SCAN, dtypes=NUMERIC, tiny="cumprod", grad=True, tol="accumulate", domain="small",
       torch=lambda L, x, axis: x.cumprod(axis).to(x.dtype), **S),
    Op("cummax", SCAN, dtypes=ORDERED, params={"axis": AXIS, "output": choice("values", "indices")}, min_rank=1,
       out=_indexed(), edges=False, tiny=lambda L, x, axis, output: _pick(x.cummax(axis), output),
       torch=lambda L, x, axis, output: _pick(x.cummax(axis), output, L), notes=TIES, step=True, ties=prefix("axis")),
    Op("cummin", SCAN, dtypes=ORDERED, params={"axis": AXIS, "output": choice("values", "indices")}, min_rank=1,
       out=_indexed(), edges=False, tiny=lambda L, x, axis, output: _pick(x.cummin(axis), output),
       torch=lambda L, x, axis, output: _pick(x.cummin(axis), output, L), notes=TIES, step=True, ties=prefix("axis")),
    Op("logcumsumexp", SCAN, dtypes=FLOATS, domain="finite",
       notes="TRIAGE: bfloat16 with inf inputs gives nan where torch gives inf.", tiny="logcumsumexp", grad=True, tol="transcendental",
       torch=lambda L, x, axis: x.logcumsumexp(axis), **S),
    Op("sort", SORT, dtypes=ORDERED, min_rank=1, out=_indexed(),
       edges=lambda attrs: attrs["output"] == "values",   # values: nan/inf again (KB-0002); indices: ties, see TIES
       params={"dim": AXIS, "descending": FLAG, "output": choice("values", "indices")},
       tiny=lambda L, x, dim, descending, output: _pick(x.sort(dim, descending), output),
       torch=lambda L, x, dim, descending, output: _pick(x.sort(dim=dim, descending=descending, stable=True),
                                                         output, L), notes=TIES, step=True, ties=permutation("dim")),
    Op("argsort", SORT, dtypes=ORDERED, edges=False, min_rank=1, out=lambda specs, attrs: Spec(specs[0].shape, "int32"),
       params={"dim": AXIS, "descending": FLAG}, tiny=lambda L, x, dim, descending: x.argsort(dim, descending),
       torch=lambda L, x, dim, descending: x.argsort(dim=dim, descending=descending, stable=True).to(L.torch.int32),
       notes=TIES, step=True, ties=permutation("dim")),
    Op("topk", SORT, dtypes=ORDERED, edges=False, min_rank=1, out=_topk_out,
       params={"k": ints(1, 3), "dim": AXIS, "largest": FLAG, "output": choice("values", "indices")},
       tiny=lambda L, x, k, dim, largest, output: _pick(x.topk(k, dim, largest), output),
       torch=lambda L, x, k, dim, largest, output: _pick(x.topk(k, dim, largest), output, L), notes=TIES, step=True,
       ties=distinct("dim")),
]
