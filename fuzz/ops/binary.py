"""Binary and ternary elementwise ops: arithmetic, division, comparisons (isclose too), bitwise, shifts, where, clamp,
lerp."""
from __future__ import annotations

from fuzz.dtypes import FLOATS, INTS, NUMERIC, SIGNED, UNSIGNED
from fuzz.ops.base import BINARY, FLAG, TERNARY, Op, broadcastable, chain, choice, elementwise, ints, with_dtype

B = dict(family=BINARY, operands=broadcastable(), out=elementwise())
CMP = dict(family=BINARY, dtypes=NUMERIC, operands=broadcastable(), out=elementwise("bool"), step=True)
INT_DIV = dict(family=BINARY, dtypes=INTS, operands=broadcastable(1, "nonzero"), out=elementwise(),
               notes="int division by zero and INT_MIN / -1 are undefined (they trap on x86): the divisor's "
                     "'nonzero' domain keeps 0 and -1 out, edges included; the dividend keeps its extremes.")


def _shift_amounts(draw, first):
    # A shift by >= the bit width is undefined in C; the amounts come from "bits" (0..bits-1), same dtype.
    return broadcastable(1, "bits")(draw, first)


ROWS = [
    Op("add", dtypes=NUMERIC, tiny="add", torch="add", grad=True, tol="float", **B),
    Op("sub", dtypes=NUMERIC, tiny="sub", torch="sub", grad=True, tol="float", **B),
    Op("mul", dtypes=NUMERIC, tiny="mul", torch="mul", grad=True, tol="float", **B),
    Op("div", dtypes=FLOATS, tiny="div", torch="div", grad=True, tol="float", **B),
    Op("div_rounded", BINARY, dtypes=FLOATS, params={"mode": choice("trunc", "floor")},
       operands=broadcastable(1, "nonzero"), out=elementwise(),
       tiny=lambda L, x, y, mode: x.div(y, rounding_mode=mode), tol="float", step=True, rounds_inside=True,
       torch=lambda L, x, y, mode: L.torch.div(x, y).trunc() if mode == "trunc" else L.torch.div(x, y).floor(),
       notes="floats: tinygrad rounds x/y to the dtype, then truncates or floors; torch's own rounding_mode rounds "
             "once, after. The reference spells tinygrad's definition, so its run in the dtype rounds the quotient "
             "first and its float64 run gives the exact answer: a bfloat16 quotient of 45.99 is 46 by the first "
             "and 45 by the second, and either is accepted (issue 16: rounding just before a step; bucket "
             "c3bc44d0fd). tinygrad's quotient is x * (1/y), rounded twice, so it may be an ulp off the rounded "
             "one (bfloat16 67 / -1.8203125: -37.0 for -36.75, trunc -37 for -36): the quotient of the inputs each "
             "moved an ulp is accepted too (rounds_inside; bucket c3bc44d0fd again, 2026-12-07). The divisor "
             "comes from 'nonzero'.",
       domain="wide"),
    Op("idiv", params={"mode": choice("trunc", "floor")},
       tiny=lambda L, x, y, mode: x.div(y, rounding_mode=mode),
       torch=lambda L, x, y, mode: L.torch.div(x, y, rounding_mode=mode), **INT_DIV),
    Op("mod", tiny="mod", torch="remainder", **INT_DIV),      # python-style: the sign of the divisor
    Op("fmod", tiny="fmod", torch="fmod", **INT_DIV),         # C-style: the sign of the dividend
    Op("pow", dtypes=FLOATS, tiny="pow", torch="pow", domain="positive", grad=True, tol="transcendental",
       family=BINARY, operands=broadcastable(1, "small"), out=elementwise(),
       notes="base from 'positive': a negative base with a non-integer exponent is nan on both sides, but "
             "tinygrad's sign handling for integral exponents of negative bases is its own rule."),
    Op("maximum", dtypes=NUMERIC, tiny="maximum", torch="maximum", domain="nonan", tol="exact",
       notes="nan: torch.maximum propagates it, tinygrad's select-based maximum returns the other operand; "
             "inputs come from 'nonan' (inf and extremes stay).", **B),
    Op("minimum", dtypes=NUMERIC, tiny="minimum", torch="minimum", domain="nonan", tol="exact",
       notes="nan: as maximum.", **B),
    Op("copysign", dtypes=FLOATS, tiny="copysign", torch="copysign", **B),
    Op("logaddexp", dtypes=FLOATS, tiny="logaddexp", torch="logaddexp", grad=True,   # -inf, -inf: nan (KB-0011)
       tol="transcendental", **B),
    Op("lt", tiny=lambda L, x, y: x < y, torch=lambda L, x, y: x < y, **CMP),
    Op("le", tiny=lambda L, x, y: x <= y, torch=lambda L, x, y: x <= y, **CMP),
    Op("gt", tiny=lambda L, x, y: x > y, torch=lambda L, x, y: x > y, **CMP),
    Op("ge", tiny=lambda L, x, y: x >= y, torch=lambda L, x, y: x >= y, **CMP),
    Op("eq", tiny=lambda L, x, y: x == y, torch=lambda L, x, y: x == y, **CMP),
    Op("ne", tiny=lambda L, x, y: x != y, torch=lambda L, x, y: x != y, **CMP),
    # a comparison of |x - y| with atol + rtol * |y|: a step where the two sides meet
    Op("isclose", BINARY, dtypes=FLOATS, operands=broadcastable(), out=elementwise("bool"), step=True,
       params={"rtol": choice(1e-5, 1e-2, 0.5), "atol": choice(1e-8, 1e-2, 1.0), "equal_nan": FLAG},
       tiny=lambda L, x, y, rtol, atol, equal_nan: x.isclose(y, rtol=rtol, atol=atol, equal_nan=equal_nan),
       torch=lambda L, x, y, rtol, atol, equal_nan: L.torch.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)),
    Op("bitwise_and", dtypes=("bool",) + INTS, tiny="bitwise_and", torch="bitwise_and", **B),
    Op("bitwise_or", dtypes=("bool",) + INTS, tiny="bitwise_or", torch="bitwise_or", **B),
    Op("bitwise_xor", dtypes=("bool",) + INTS, tiny="bitwise_xor", torch="bitwise_xor", **B),
    Op("lshift", BINARY, dtypes=("int32", "int64") + UNSIGNED, operands=_shift_amounts, out=elementwise(),
       tiny="lshift", torch=lambda L, x, y: L.torch.bitwise_left_shift(x, y),
       notes="shift amounts 0..bits-1 (larger is undefined in C); int8/int16 left out: tinygrad shifts "
             "them as x * 2**y in their own width, torch promotes the shift to int and wraps differently."),
    Op("rshift", BINARY, dtypes=("int32", "int64") + UNSIGNED, operands=_shift_amounts, out=elementwise(),
       tiny="rshift", torch=lambda L, x, y: L.torch.bitwise_right_shift(x, y), domain="full",
       notes="shift amounts 0..bits-1; a signed right shift of a negative value: tinygrad divides (rounds "
             "toward zero?) -- see the triage notes; values drawn from 'full'."),
    Op("where", TERNARY, dtypes=("bool",), operands=chain(with_dtype("float32", broadcast=True),
                                                          with_dtype("float32", broadcast=True)),
       out=lambda specs, attrs: elementwise(specs[1].dtype)(specs, attrs),
       tiny=lambda L, c, x, y: c.where(x, y), torch=lambda L, c, x, y: L.torch.where(c, x, y)),
    Op("where_scalar", TERNARY, dtypes=("bool",), operands=with_dtype("int32", broadcast=True),
       params={"other": ints(-5, 5)}, out=lambda specs, attrs: elementwise(specs[1].dtype)(specs, attrs),
       tiny=lambda L, c, x, other: c.where(x, other), torch=lambda L, c, x, other: L.torch.where(c, x, other)),
    Op("clamp", TERNARY, dtypes=FLOATS + SIGNED, params={"lo": ints(-4, 0), "hi": ints(0, 4)},
       tiny=lambda L, x, lo, hi: x.clamp(lo, hi), torch=lambda L, x, lo, hi: x.clamp(lo, hi), domain="nonan",
       grad=True, notes="nan: torch.clamp propagates it, tinygrad's clamp (maximum/minimum) does not: 'nonan'."),
    Op("lerp", TERNARY, dtypes=FLOATS, operands=chain(broadcastable(1, "endpoint"), broadcastable(1, "prob")),
       domain="endpoint", notes="Endpoints are finite (a hard domain): with an inf endpoint the answer is the "
       "formula's (torch: nan for weight < 0.5, inf above; tinygrad: nan).",
       out=elementwise(), tiny="lerp", torch="lerp", grad=True, tol="float"),
]
