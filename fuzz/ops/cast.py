"""Casts between every pair of dtypes, and bitcasts between dtypes of one size."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import ALL, DTYPES, FLOATS, SIGNED, UNSIGNED
from fuzz.ops.base import CAST, Op, Spec, as_dtype


def _targets(allowed):
    return lambda specs: st.sampled_from([d for d in ALL if d in allowed])


def _same_size(specs: list[Spec]):
    bits = DTYPES[specs[0].dtype].bits
    return st.sampled_from([d for d in ALL if DTYPES[d].bits == bits and d != "bool"])


def _source(specs: list[Spec]):
    return st.just(specs[0].dtype)


def _not_float_to_int(specs, attrs) -> bool:
    return not (DTYPES[specs[0].dtype].is_float and DTYPES[attrs["dtype"]].is_int)


ROWS = [
    Op("cast", CAST, dtypes=ALL, params={"dtype": _targets(ALL)}, check=_not_float_to_int, out=as_dtype("dtype"),
       step=True,   # float -> bool, and a narrower float: an operand a hair off a rounding boundary
       tiny=lambda L, x, dtype: x.cast(L.dtype(dtype)), torch=lambda L, x, dtype: x.to(L.dtype(dtype)),
       notes="float -> int is the cast_float_int / cast_float_uint rows (out-of-range values are undefined); "
             "int -> narrower int wraps on both sides; float -> bool is x != 0 (nan is True)."),
    Op("cast_float_int", CAST, dtypes=FLOATS, params={"dtype": _targets(SIGNED)}, out=as_dtype("dtype"),
       domain="castable", step=True, tiny=lambda L, x, dtype: x.cast(L.dtype(dtype)),
       torch=lambda L, x, dtype: x.to(L.dtype(dtype)),
       notes="float -> signed int truncates toward zero; nan, inf and values out of the target's range are "
             "undefined in C (torch and tinygrad give different garbage): 'castable' keeps |x| < 100."),
    Op("cast_float_uint", CAST, dtypes=FLOATS, params={"dtype": _targets(UNSIGNED)}, out=as_dtype("dtype"),
       domain="nonneg", step=True, tiny=lambda L, x, dtype: x.cast(L.dtype(dtype)),
       torch=lambda L, x, dtype: x.to(L.dtype(dtype)),
       notes="float -> unsigned: negative values are undefined in C; 'nonneg' draws 0..100."),
    Op("bitcast", CAST, dtypes=tuple(d for d in ALL if d != "bool"), params={"dtype": _same_size, "src": _source},
       check=lambda specs, attrs: attrs["src"] == specs[0].dtype, out=as_dtype("dtype"), step=True,
       tiny=lambda L, x, dtype, src: x.bitcast(L.dtype(dtype)),
       torch=lambda L, x, dtype, src: L.bitcast(x, src, dtype),
       domain="nonan",
       notes="same-size dtypes only (a size change reshapes the last axis); `src` names the operand's dtype "
             "because torch carries uint16/32/64 in wider signed dtypes. No nan: a nan's payload bits are not kept "
             "by every float conversion (tinygrad's float32 -> bfloat16 cast makes it 0x7fc0, torch's keeps them), "
             "so its bitcast is no defined number (bucket d69406be7a: 32704 for -1)."),
]
