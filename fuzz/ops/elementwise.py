"""Unary elementwise ops: math (transcendental and rounding), sign and magnitude, predicates, logical/bitwise not;
a linspace ramp added along the last axis."""
from __future__ import annotations

from fuzz.dtypes import FLOATS, INTS, NUMERIC, SIGNED
from fuzz.ops.base import UNARY, Op, choice, elementwise

F = dict(family=UNARY, dtypes=FLOATS)
STEP = dict(family=UNARY, dtypes=FLOATS, step=True)   # rounding: an operand a hair off an integer may land a step away
PRED = dict(family=UNARY, dtypes=FLOATS, out=elementwise("bool"))

ROWS = [
    Op("neg", UNARY, dtypes=FLOATS + SIGNED, tiny="neg", torch="neg", grad=True),   # INT_MIN wraps on both sides
    Op("abs", UNARY, dtypes=FLOATS + SIGNED, tiny="abs", torch="abs", grad=True),
    Op("sign", UNARY, dtypes=FLOATS + SIGNED, tiny="sign", torch="sign", step=True),
    Op("square", UNARY, dtypes=NUMERIC, tiny="square", torch="square", grad=True, tol="float"),
    Op("exp", tiny="exp", torch="exp", domain="small", grad=True, tol="transcendental", **F),
    Op("exp2", tiny="exp2", torch="exp2", domain="small", grad=True, tol="transcendental", **F),
    Op("log", tiny="log", torch="log", domain="positive", grad=True, tol="transcendental", **F),
    Op("log2", tiny="log2", torch="log2", domain="positive", grad=True, tol="transcendental", **F),
    Op("log10", tiny="log10", torch="log10", domain="positive", grad=True, tol="transcendental", **F),
    Op("sqrt", tiny="sqrt", torch="sqrt", domain="positive", grad=True, tol="float", **F),
    Op("rsqrt", tiny="rsqrt", torch="rsqrt", domain="positive", grad=True, tol="float", **F),
    Op("reciprocal", tiny="reciprocal", torch="reciprocal", domain="nonzero", grad=True, tol="float", **F),
    Op("sin", tiny="sin", torch="sin", domain="small", grad=True, tol="transcendental", **F),
    Op("cos", tiny="cos", torch="cos", domain="small", grad=True, tol="transcendental", **F),
    Op("tan", tiny="tan", torch="tan", domain="unit", grad=True, tol="transcendental", **F),   # away from the poles
    # asin, acos, atanh, acosh: step ops at their domain edge (|x| = 1, x = 1): an operand within rounding of it lands
    # on one side or the other, a number or nan (bucket a7e42efaa1: float16 asin(asin(x)): 1.0 vs 1.001, pi/2 vs nan)
    Op("asin", tiny="asin", torch="asin", step=True, domain="unit", grad=True, tol="transcendental", **F),
    Op("acos", tiny="acos", torch="acos", step=True, domain="unit", grad=True, tol="transcendental", **F),
    Op("atan", tiny="atan", torch="atan", grad=True, tol="transcendental", **F),   # +-inf: nan (KB-0009)
    Op("sinh", tiny="sinh", torch="sinh", domain="small", grad=True, tol="transcendental", **F),
    Op("cosh", tiny="cosh", torch="cosh", domain="small", grad=True, tol="transcendental", **F),
    Op("tanh", tiny="tanh", torch="tanh", domain="normal", grad=True, tol="transcendental", **F),
    Op("asinh", tiny="asinh", torch="asinh", grad=True, tol="transcendental", **F),   # -inf: nan (KB-0010)
    Op("acosh", tiny="acosh", torch="acosh", step=True, domain="above1", grad=True, tol="transcendental", **F),
    Op("atanh", tiny="atanh", torch="atanh", step=True, domain="unit", grad=True, tol="transcendental", **F),
    Op("sigmoid", tiny="sigmoid", torch="sigmoid", domain="normal", grad=True, tol="transcendental", **F),
    Op("erf", tiny="erf", torch="erf", domain="normal", grad=True, tol="loose", **F,   # tinygrad: a polynomial fit
       notes="tinygrad's erf is an Abramowitz-Stegun style approximation (~1e-7 abs): the loose class."),
    Op("floor", tiny="floor", torch="floor", **STEP),
    Op("ceil", tiny="ceil", torch="ceil", **STEP),
    Op("trunc", tiny="trunc", torch="trunc", **STEP),
    Op("round", tiny="round", torch="round", **STEP),   # half to even on both sides
    Op("isnan", tiny="isnan", torch="isnan", **PRED),
    Op("isinf", tiny="isinf", torch="isinf", **PRED),
    Op("isfinite", tiny="isfinite", torch="isfinite", **PRED),
    Op("logical_not", UNARY, dtypes=("bool",), tiny="logical_not", torch="logical_not"),
    Op("bitwise_not", UNARY, dtypes=("bool",) + INTS, tiny="bitwise_not", torch="bitwise_not"),
    Op("linspace", UNARY, dtypes=("float32", "float16", "bfloat16"), min_rank=1, params={"start": choice(-2, 0, 0.5), "stop": choice(-1.5, 3, 100)},
       tiny=lambda L, x, start, stop: x + L.Tensor.linspace(start, stop, x.shape[-1], dtype=x.dtype),
       torch=lambda L, x, start, stop: x + L.torch.linspace(start, stop, x.shape[-1], dtype=x.dtype), tol="float",
       grad=True),
]
