"""Python scalars as operands (issue 15): `t ** 0.5`, `t // -3`, `3 - t`, an int tensor times a float.

A scalar is a node attribute, drawn for the tensor's dtype; each row is one Python operator on one side, spelled the
same on both libraries, so the repro reads as the user wrote it (`v0 = 3 - x0`). tinygrad 0.14 makes a Python scalar
a weak constant (weakint/weakfloat): it takes the tensor's dtype, except that a float scalar lifts an int tensor to
a float, and that result is typed `weakfloat` (it computes and realizes as float32; docs/tinygrad-notes.md). torch
gives float32 too; the reference spells that result in float32 explicitly, so its float64 run computes it wide.
"""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import DTYPES, FLOATS, INTS, NUMERIC, SIGNED, UNSIGNED
from fuzz.ops.base import SCALAR, Op, Spec

FLOAT_SCALARS = (0.5, 2.0, -1.5, 3, -2, 0.1, 1e-3, -0.0, 1.0, 1e4, 7.25)   # ints too: a Python int keeps a float dtype
INT_SCALARS = (1, 2, -3, 3, 0, -1, 5, 7, 100, 127, 255, 32767)
PROMOTING = (0.5, -1.5, 2.0, 0.25)          # float scalars an int tensor meets: the result is float32


def _ints_for(dtype: str, nonzero: bool = False, nonneg: bool = False, no_minus_one: bool = False) -> list[int]:
    d = DTYPES[dtype]
    out = [s for s in INT_SCALARS if d.min <= s <= d.max]
    return [s for s in out if not (nonzero and s == 0) and not (nonneg and s < 0) and not (no_minus_one and s == -1)]


def scalar(promote: bool = True, **int_rules):
    """The scalar attribute: floats for a float tensor; ints in the int tensor's range (by `int_rules`), or a float
    that promotes it when `promote`. Unsigned tensors get no negative scalar: torch and tinygrad both wrap it into the
    dtype, but the reference computes uint16/32 wide (fuzz/dtypes.py) and would not."""
    def kind(specs: list[Spec]):
        dt = specs[0].dtype
        if DTYPES[dt].is_float:
            return st.sampled_from(FLOAT_SCALARS)
        ints = _ints_for(dt, nonneg=dt in UNSIGNED or int_rules.get("nonneg", False),
                         **{k: v for k, v in int_rules.items() if k != "nonneg"})
        # uint64 stays out of float promotion: the reference carries it in int64, which reads values from 2**63 up
        # (a wrapped `3 - x`) as negative; the cast row converts those through numpy (oracles/reference.py)
        return st.sampled_from(ints + list(PROMOTING)) if promote and dt != "uint64" else st.sampled_from(ints)
    return kind


def result_dtype(x: str, s) -> str:
    """tinygrad's (and torch's) result dtype of `x <op> s` for arithmetic: a float scalar lifts an int to float32."""
    return "float32" if isinstance(s, float) and not DTYPES[x].is_float else x


def _arith(specs: list[Spec], attrs: dict) -> Spec:
    return Spec(specs[0].shape, result_dtype(specs[0].dtype, attrs["scalar"]))


def _true_div(specs: list[Spec], attrs: dict) -> Spec:
    return Spec(specs[0].shape, specs[0].dtype if DTYPES[specs[0].dtype].is_float else "float32")


def _bool(specs: list[Spec], attrs: dict) -> Spec:
    return Spec(specs[0].shape, "bool")


def _as_result(L, x, s, out):
    """torch: a float scalar on an int tensor gives float32, spelled explicitly so the float64 run computes it wide."""
    return out.to(L.dtype("float32")) if isinstance(s, float) and not x.is_floating_point() else out


def _torch_pow_int(L, x, scalar):
    return _as_result(L, x, scalar, x ** scalar)


ARITH = dict(family=SCALAR, out=_arith, tol="float")
CMP = dict(family=SCALAR, dtypes=NUMERIC, out=_bool, step=True, params={"scalar": scalar()})
SHIFTS = lambda specs: st.sampled_from((1, 2, 3, 0))   # below every width: a larger shift is undefined in C
BITS = dict(family=SCALAR, dtypes=INTS, params={"scalar": scalar(promote=False, nonneg=True)})

ROWS = [
    Op("scalar_add", dtypes=NUMERIC, params={"scalar": scalar()}, grad=True,
       tiny=lambda L, x, scalar: x + scalar, torch=lambda L, x, scalar: _as_result(L, x, scalar, x + scalar), **ARITH),
    Op("scalar_radd", dtypes=NUMERIC, params={"scalar": scalar()}, grad=True,
       tiny=lambda L, x, scalar: scalar + x, torch=lambda L, x, scalar: _as_result(L, x, scalar, scalar + x), **ARITH),
    Op("scalar_sub", dtypes=NUMERIC, params={"scalar": scalar()}, grad=True,
       tiny=lambda L, x, scalar: x - scalar, torch=lambda L, x, scalar: _as_result(L, x, scalar, x - scalar), **ARITH),
    Op("scalar_rsub", dtypes=NUMERIC, params={"scalar": scalar()}, grad=True,
       tiny=lambda L, x, scalar: scalar - x, torch=lambda L, x, scalar: _as_result(L, x, scalar, scalar - x), **ARITH),
    Op("scalar_mul", dtypes=NUMERIC, params={"scalar": scalar()}, grad=True,
       tiny=lambda L, x, scalar: x * scalar, torch=lambda L, x, scalar: _as_result(L, x, scalar, x * scalar), **ARITH),
    Op("scalar_div", SCALAR, dtypes=NUMERIC, params={"scalar": scalar(nonzero=True)}, out=_true_div, grad=True,
       tiny=lambda L, x, scalar: x / scalar, torch=lambda L, x, scalar: (x / scalar).to(L.dtype("float32"))
       if not x.is_floating_point() else x / scalar, tol="float"),
    Op("scalar_rdiv", SCALAR, dtypes=NUMERIC, params={"scalar": scalar()}, out=_true_div, grad=True, domain="nonzero",
       tiny=lambda L, x, scalar: scalar / x, torch=lambda L, x, scalar: (scalar / x).to(L.dtype("float32"))
       if not x.is_floating_point() else scalar / x, tol="float"),
    Op("scalar_floordiv", SCALAR, dtypes=INTS, params={"scalar": scalar(promote=False, nonzero=True, no_minus_one=True)},
       tiny=lambda L, x, scalar: x // scalar, torch=lambda L, x, scalar: x // scalar,
       notes="ints only: a divisor of 0, and INT_MIN // -1, are undefined in C; the scalar is never 0 or -1."),
    Op("scalar_rfloordiv", SCALAR, dtypes=INTS, params={"scalar": scalar(promote=False)}, domain="divisor",
       tiny=lambda L, x, scalar: scalar // x, torch=lambda L, x, scalar: scalar // x,
       notes="the tensor is the divisor: a fresh input from 'divisor' (no 0), never a reused value that may hold 0 "
             "(integer division by zero is undefined in C; torch raises: 9 suite errors in a 30-minute campaign)."),
    Op("scalar_mod", SCALAR, dtypes=INTS, params={"scalar": scalar(promote=False, nonzero=True, no_minus_one=True)},
       tiny=lambda L, x, scalar: x % scalar, torch=lambda L, x, scalar: x % scalar),
    Op("scalar_pow", SCALAR, dtypes=NUMERIC, params={"scalar": lambda specs: st.sampled_from(
           (2, 3, 0, 1) if not DTYPES[specs[0].dtype].is_float else (2, 3, 0, 1, -1, 2.0, -2))},
       out=_arith, tiny=lambda L, x, scalar: x ** scalar, torch=_torch_pow_int, grad=True, tol="transcendental",
       notes="integral exponents, any base: tinygrad folds them to multiplies (simplify_pow); an int tensor takes "
             "only exponents >= 0 (tinygrad refuses negative ones: 'base needs to be float')."),
    Op("scalar_fpow", SCALAR, dtypes=FLOATS, params={"scalar": lambda specs: st.sampled_from((0.5, 1.5, -0.5, 2.5))},
       tiny=lambda L, x, scalar: x ** scalar, torch=lambda L, x, scalar: x ** scalar, domain="positive", grad=True,
       tol="transcendental", notes="a fractional exponent of a negative base is nan on both sides: base 'positive'."),
    Op("scalar_rpow", SCALAR, dtypes=FLOATS + SIGNED, domain="positive", out=_arith, grad=True, tol="transcendental",
       params={"scalar": lambda specs: st.sampled_from((2.0, 0.5, 3.0, 10.0) if DTYPES[specs[0].dtype].is_float
                                                       else (2, 3))},
       tiny=lambda L, x, scalar: scalar ** x, torch=lambda L, x, scalar: scalar ** x,
       notes="exponents from 'positive': torch's int pow of a negative exponent is no number (3 ** -1 is -1431655765 in int32); an int exponent tensor reaches tinygrad's int POW (KB-0001): values computed in float, not cast back."),
    Op("scalar_maximum", SCALAR, dtypes=NUMERIC, params={"scalar": scalar()}, out=_arith, domain="nonan",
       tiny=lambda L, x, scalar: x.maximum(scalar),
       torch=lambda L, x, scalar: _as_result(L, x, scalar, L.torch.clamp(x, min=scalar)),
       notes="torch spells a scalar maximum as clamp(min=); nan is kept out as for the tensor maximum."),
    Op("scalar_minimum", SCALAR, dtypes=NUMERIC, params={"scalar": scalar()}, out=_arith, domain="nonan",
       tiny=lambda L, x, scalar: x.minimum(scalar),
       torch=lambda L, x, scalar: _as_result(L, x, scalar, L.torch.clamp(x, max=scalar)),
       notes="nan: as scalar_maximum."),
    Op("scalar_lt", tiny=lambda L, x, scalar: x < scalar, torch=lambda L, x, scalar: x < scalar, **CMP),
    Op("scalar_gt", tiny=lambda L, x, scalar: x > scalar, torch=lambda L, x, scalar: x > scalar, **CMP),
    Op("scalar_le", tiny=lambda L, x, scalar: x <= scalar, torch=lambda L, x, scalar: x <= scalar, **CMP),
    Op("scalar_ge", tiny=lambda L, x, scalar: x >= scalar, torch=lambda L, x, scalar: x >= scalar, **CMP),
    Op("scalar_eq", tiny=lambda L, x, scalar: x == scalar, torch=lambda L, x, scalar: x == scalar, **CMP),
    Op("scalar_ne", tiny=lambda L, x, scalar: x != scalar, torch=lambda L, x, scalar: x != scalar, **CMP),
    Op("scalar_and", tiny=lambda L, x, scalar: x & scalar, torch=lambda L, x, scalar: x & scalar, **BITS),
    Op("scalar_or", tiny=lambda L, x, scalar: x | scalar, torch=lambda L, x, scalar: x | scalar, **BITS),
    Op("scalar_xor", tiny=lambda L, x, scalar: x ^ scalar, torch=lambda L, x, scalar: x ^ scalar, **BITS),
    Op("scalar_lshift", SCALAR, dtypes=("int32", "int64") + UNSIGNED, params={"scalar": SHIFTS},
       tiny=lambda L, x, scalar: x << scalar, torch=lambda L, x, scalar: x << scalar),
    Op("scalar_rshift", SCALAR, dtypes=("int32", "int64") + UNSIGNED, params={"scalar": SHIFTS},
       tiny=lambda L, x, scalar: x >> scalar, torch=lambda L, x, scalar: x >> scalar, domain="full",
       notes="as the tensor rshift: a signed right shift of a negative value, drawn from 'full'."),
]
