"""Elementwise ops: unary math, binary arithmetic and comparisons, where."""
from __future__ import annotations

from fuzz.dtypes import ALL, FLOATS, INTS, NUMERIC
from fuzz.ops.base import BINARY, TERNARY, UNARY, Op, broadcastable, elementwise, with_dtype

FLOAT_UNARY = dict(family=UNARY, dtypes=FLOATS, grad=True)

ROWS = [
    Op("neg", UNARY, dtypes=FLOATS + ("int32", "int8", "int16", "int64"), tiny="neg", torch="neg", grad=True),
    Op("exp2", tol="transcendental", domain="small", tiny="exp2", torch="exp2", **FLOAT_UNARY),
    Op("log2", tol="transcendental", domain="positive", tiny="log2", torch="log2", **FLOAT_UNARY),
    Op("sqrt", tol="float", domain="positive", tiny="sqrt", torch="sqrt", **FLOAT_UNARY),
    Op("sin", tol="transcendental", domain="small", tiny="sin", torch="sin", **FLOAT_UNARY),
    Op("add", BINARY, dtypes=NUMERIC, operands=broadcastable(), out=elementwise(), tiny="add", torch="add",
       grad=True, tol="float"),
    Op("mul", BINARY, dtypes=NUMERIC, operands=broadcastable(), out=elementwise(), tiny="mul", torch="mul",
       grad=True, tol="float"),
    Op("maximum", BINARY, dtypes=NUMERIC, operands=broadcastable(), out=elementwise(), tiny="maximum",
       torch="maximum", tol="exact"),
    Op("cmplt", BINARY, dtypes=NUMERIC, operands=broadcastable(), out=elementwise("bool"),
       tiny=lambda L, x, y: x < y, torch=lambda L, x, y: x < y),
    Op("where", TERNARY, dtypes=("bool",),
       operands=lambda draw, first: [*broadcastable(1)(draw, first)[:0],
                                     *[o._replace(dtype="float32") for o in broadcastable(2)(draw, first)]],
       out=lambda specs, attrs: elementwise()(specs, attrs)._replace(dtype=specs[1].dtype),
       tiny=lambda L, c, x, y: c.where(x, y), torch=lambda L, c, x, y: L.torch.where(c, x, y)),
]
