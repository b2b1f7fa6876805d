"""Tests of the UOp oracles: the IR round-trips, the reference has tinygrad's semantics, planted bugs are caught."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from fuzz.errors import UsageError
from fuzz.uop.ir import Buffer, UKernel
from fuzz.uop.reference import evaluate, trunc_div, trunc_mod
from fuzz.uop.simplify import IndexProblem, assignments
from fuzz.uop.strategies import PROMOTION_SAFE, index_expressions, uop_programs
from oracles.config import RunConfig
from oracles.uop_judge import judge_simplify, judge_uop
from oracles.worker import WorkerPool

QUICK = settings(max_examples=20, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))


@QUICK
@given(uop_programs(opts=True))
def test_kernel_json_round_trips(k):
    assert UKernel.loads(k.dumps()) == k
    assert UKernel.loads(k.dumps()).content_hash() == k.content_hash()


def test_malformed_kernel_is_a_usage_error():
    with pytest.raises(UsageError, match="range 3 does not exist"):
        UKernel.from_json({"bufs": [], "out_dtype": "int32", "loops": [2], "value": ["idx", "int32", ["rng", 3]]})
    with pytest.raises(UsageError, match="malformed"):
        UKernel.from_json({"loops": [2]})


def test_reference_semantics():
    assert list(trunc_div(np.array([-7, 7, -7]), np.array([2, 2, -2]))) == [-3, 3, 3]
    assert list(trunc_mod(np.array([-7, 7]), np.array([2, 2]))) == [-1, 1]
    wrap = UKernel((Buffer("int8", 4, edges=False),), "int8", (4,),
                   ["alu", "add", ["idx", "int8", ["rng", 0]], ["const", "int8", 127]])
    assert list(evaluate(wrap)) == [127, -128, -127, -126]           # int8 wraps around
    floor = UKernel((), "int32", (3,), ["idx", "int32", ["//", ["-", ["rng", 0], ["int", 1]], ["int", 2]]])
    assert list(evaluate(floor)) == [-1, 0, 0]                       # UOp's // floors
    gated = UKernel((Buffer("int32", 2, seed=1),), "int32", (4,),
                    ["load", 0, ["rng", 0], ["<", ["rng", 0], ["int", 2]]], gate=[">", ["rng", 0], ["int", 0]], fill=9)
    out = evaluate(gated)
    assert out[0] == 9 and list(out[2:]) == [0, 0]                  # gated store keeps fill; gated load reads 0
    red = UKernel((), "int32", (2,), ["reduce", "add", ["idx", "int32", ["*", ["rng", 0], ["rng", 1]]]], reduce=(4,))
    assert list(evaluate(red)) == [0, 6]


def test_assignments_exhaustive_and_sampled():
    small = IndexProblem(["var", "a"], (("a", -2, 2), ("b", 0, 3)))
    env = assignments(small)
    assert len(env["a"]) == 20 and set(env["a"]) == {-2, -1, 0, 1, 2}
    big = IndexProblem(["var", "a"], (("a", 0, 10**6),))
    env = assignments(big, limit=100)
    assert len(env["a"]) == 100 and {0, 10**6} <= set(env["a"].tolist())


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool()
    yield p
    p.close()


def _kinds(verdicts) -> set:
    return {v.kind.value for v in verdicts}


def _simplify_campaign(pool, patches=(), n=40) -> list:
    config = RunConfig(backend="PYTHON", patches=patches)
    verdicts = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(index_expressions(max_vars=2))
    def run(p):
        verdicts.append(judge_simplify(p, config, pool))
    run()
    return verdicts


@pytest.mark.parametrize("plant", ["simplify-mod-drops-bound", "sym-mod-drops-bound"])
def test_dropped_mod_condition_is_caught(pool, plant):
    assert _kinds(_simplify_campaign(pool)) == {"pass"}                      # control: pristine tinygrad is clean
    caught = [v for v in _simplify_campaign(pool, (f"tests.plants_uop:{plant}",)) if v.failed]
    assert caught and all(v.kind.value == "mismatch" and v.oracle == "simplify" for v in caught)


INT16_ADD = UKernel((Buffer("int16", 8, seed=3), Buffer("int16", 8, seed=4)), "int16", (8,),
                    ["alu", "add", ["load", 0, ["rng", 0], None], ["load", 1, ["rng", 0], None]])
INT32_ADD = INT16_ADD.with_(bufs=(Buffer("int32", 8, seed=3), Buffer("int32", 8, seed=4)), out_dtype="int32",
                            value=["alu", "add", ["load", 0, ["rng", 0], None], ["load", 1, ["rng", 0], None]])


def test_renderer_wrong_operator_is_caught(pool):
    clean, planted = RunConfig(backend="CPU"), RunConfig(backend="CPU", patches=("tests.plants_uop:clang-int16-add-renders-sub",))
    assert judge_uop(INT16_ADD, clean, pool).kind.value == "pass"             # control
    v = judge_uop(INT16_ADD, planted, pool)
    assert v.kind.value == "mismatch" and v.oracle == "uop", v.summary()
    assert judge_uop(INT32_ADD, planted, pool).kind.value == "pass"          # only the planted dtype is wrong


def test_renderer_plant_found_by_fuzzing(pool):
    """The fuzzer, not a hand-written kernel, finds the planted renderer bug among int16 kernels."""
    planted = RunConfig(backend="CPU", patches=("tests.plants_uop:clang-int16-add-renders-sub",))
    verdicts = []

    @settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(uop_programs(dtypes=("int16",), alu_ops=("add",), max_reduce=0, max_depth=3))
    def run(k):
        if any(n in k.ops() for n in ("alu.add",)):
            verdicts.append(judge_uop(k, planted, pool))
    run()
    assert "mismatch" in _kinds(verdicts)
