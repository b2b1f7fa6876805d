"""Overflow is a discontinuity: an infinity where the expected finite value's tolerance reaches past the dtype's
rounding-to-infinity point is a rounding at the edge, not a wrong result (bucket f609943238, 2026-12-07: float16
3 ** 10.09 is inf in tinygrad, 65440 in torch; tinygrad's float16 exp2 is 0.2-0.5% off, within float16's tolerance,
and 65440 * 1.005 rounds to inf). Wrong overflows further from the edge stay caught.
"""
from __future__ import annotations

import numpy as np
import pytest

from fuzz.program import Input, Node, Program, Values
from oracles.compare import OVERFLOW_AT, compare
from oracles.config import RunConfig
from oracles.judge import judge
from oracles.verdict import VerdictKind

TOL = (5e-3, 5e-3)      # float16 transcendental


def test_an_inf_within_tolerance_of_the_edge_passes():
    assert compare(np.array([np.inf], np.float16), np.array([65440.0], np.float16), *TOL, True, "float16") is None
    assert compare(np.array([65440.0], np.float16), np.array([np.inf], np.float16), *TOL, True, "float16") is None
    assert compare(np.array([-np.inf], np.float16), np.array([-65440.0], np.float16), *TOL, True, "float16") is None


@pytest.mark.parametrize("got, want, dtype", [
    (np.inf, 42400.0, "float16"),        # KB-0070's wrong overflow: far from the edge
    (-np.inf, 65440.0, "float16"),       # the wrong sign
    (np.nan, 65440.0, "float16"),        # nan is never a rounding
    (np.inf, 65440.0, "float32"),        # float32's edge is 3.4e38
    (np.inf, 3.0e38, "bfloat16"),        # 3.0e38 * 1.005 is short of bfloat16's edge, 3.396e38
])
def test_wrong_overflows_stay_caught(got, want, dtype):
    assert want * (1 + TOL[1]) + TOL[0] < OVERFLOW_AT[dtype] or np.sign(got) != np.sign(want) or np.isnan(got)
    arr = np.float16 if dtype == "float16" else np.float32
    assert compare(np.array([got], arr), np.array([want], arr), *TOL, True, dtype) is not None


def test_without_the_dtype_the_comparison_is_exact_about_infinities():
    assert compare(np.array([np.inf], np.float16), np.array([65440.0], np.float16), *TOL, True) is not None


def test_the_bucket_passes_and_a_planted_early_overflow_is_caught():
    """The judge end to end: float16 3 ** z around the edge passes on pristine tinygrad (control: inf at 10.09375,
    torch 65440); a planted exp2 1% high overflows float16 exp2(15.99) = 65080, short of the edge by more than
    its tolerance, and is caught (plant)."""
    z = Input((4,), "float16", Values(data=(10.0, 10.08, 10.09375, 10.2)))
    program = Program((z,), (Node("scalar_rpow", (0,), {"scalar": 3.0}),), outputs=(1,))
    assert judge(program, RunConfig(backend="CPU")).kind == VerdictKind.PASS
    near = Program((Input((2,), "float16", Values(data=(15.0, 15.99))),), (Node("exp2", (0,)),), outputs=(1,))
    assert judge(near, RunConfig(backend="CPU")).kind == VerdictKind.PASS
    v = judge(near, RunConfig(backend="CPU", patches=("tests.plants:exp2-high",)))   # 65080 * 1.01: inf
    assert v.kind == VerdictKind.MISMATCH and v.numbers["what"] == "inf", v.summary()


# ---- an intermediate that overflowed the dtype: torch's own run is nan, its float64 run finite (c291bdc7ba) -------

@pytest.mark.parametrize("got, fails", [
    ([-np.inf, 2.0], False),      # tinygrad's infinities met in another order: -inf where torch's met as nan
    ([np.inf, 2.0], False),
    ([-20.984375, 2.0], False),   # the float64 answer itself stays right
    ([5.0, 2.0], True),           # decoy: a finite wrong number is judged against the float64 run
    ([-np.inf, np.inf], True),    # decoy: where torch's run is finite an infinity is wrong
])
def test_an_overflowed_intermediate_leaves_any_infinity_right(got, fails):
    from oracles.judge import _closest
    first, wide = np.array([np.nan, 2.0], np.float16), np.array([-20.9775, 2.0])
    assert (_closest(np.array(got, np.float16), [first, wide], 5e-3, 5e-3, True, "float16") is not None) == fails


def test_a_gradient_is_held_to_its_ops_looser_class_per_component():
    """selu's constants are rounded by tinygrad (tol "loose"): its float64 gradient is 2.9e-6 off (bucket
    454eeb53df), within loose's 1e-5 but not grad's 1e-6; the loosest class is taken per component."""
    from oracles.compare import TOLERANCES, program_tolerance
    assert program_tolerance(["loose", "grad"], "float64", 1) == TOLERANCES["loose"]["float64"]
    assert program_tolerance(["exact", "grad"], "float64", 1) == TOLERANCES["grad"]["float64"]     # decoy
    assert program_tolerance(["loose", "grad"], "float32", 1) == (1e-3, 1e-3)       # loose's atol, grad's rtol
