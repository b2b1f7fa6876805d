"""The metamorphic and sharding oracles catch planted bugs, each by the oracle meant for it, and stay quiet on
pristine tinygrad; shard plans round-trip, validate and simplify."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from fuzz.errors import UsageError
from fuzz.program import Input, Node, Program, Values
from fuzz.shard import check_plan, describe, fit_plan, plan_cost, shard_plans, simpler_plans
from oracles.config import RunConfig
from oracles.metamorphic import metamorphic
from oracles.worker import WorkerPool

PLAN = {"devices": 2, "allreduce": "naive", "steps": [],
        "inputs": [{"axis": 0, "at": "view"}, {"axis": 0, "at": "view"}]}


def reduce_program(plan=PLAN, grad=True) -> Program:
    """x*(x+y) and its sum over the shard axis: an elementwise output and an all-reduced one."""
    x = Input((4, 14), "float32", Values(seed=1), requires_grad=grad)
    y = Input((4, 14), "float32", Values(seed=2), requires_grad=grad)
    return Program((x, y), (Node("add", (0, 1)), Node("mul", (2, 0)), Node("sum", (3,), {"axis": 0, "keepdim": False})),
                   (3, 4), shard=plan)


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool()
    yield p
    p.close()


def failing(verdicts) -> dict[str, str]:
    return {v.oracle: v.kind.value for v in verdicts if v.failed}


# ---- plans as data ---------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(plan=shard_plans(reduce_program(None)))
def test_drawn_plans_are_valid_round_trip_and_simplify(plan):
    p = reduce_program(plan)
    check_plan(p)
    assert Program.loads(p.dumps()) == p and Program.loads(p.dumps()).shard == plan
    for q in simpler_plans(p):
        check_plan(q)
        assert q.shard is None or plan_cost(q.shard) <= plan_cost(plan)
    assert describe(plan).startswith(f"{plan['devices']} devices")


@pytest.mark.parametrize("bad, message", [
    ({**PLAN, "devices": 0}, "shard.devices 0"),
    ({**PLAN, "inputs": PLAN["inputs"][:1]}, "1 entries for 2 inputs"),
    ({**PLAN, "inputs": [{"axis": 2}, {"axis": 0}]}, "inputs[0]: axis 2"),
    ({**PLAN, "steps": [{"after": 0, "do": "reshardd", "axis": 0}]}, "did you mean 'reshard'"),
    ({**PLAN, "steps": [{"after": 9, "do": "assign"}]}, "after=9 names no node"),
    ({**PLAN, "allreduce": "tree"}, "shard.allreduce 'tree'"),
])
def test_bad_plans_are_one_line_usage_errors(bad, message):
    with pytest.raises(UsageError) as e:
        check_plan(reduce_program(bad), "seed.json")
    assert message in str(e.value) and "\n" not in str(e.value) and str(e.value).startswith("seed.json: ")


def test_fit_plan_follows_graph_surgery():
    p = reduce_program({**PLAN, "steps": [{"after": 2, "do": "widen"}, {"after": 0, "do": "reshard", "axis": 1}]})
    cut = p.with_(inputs=p.inputs[:1], nodes=(Node("mul", (0, 0)),), outputs=(1,))
    fitted = fit_plan(cut)
    check_plan(fitted)
    assert len(fitted.shard["inputs"]) == 1 and fitted.shard["steps"] == [{"after": 0, "do": "reshard", "axis": 1}]


# ---- planted bugs, each caught by its oracle; pristine tinygrad clean ------------------------------------------

def test_pristine_tinygrad_is_clean(pool):
    verdicts = metamorphic(reduce_program(), RunConfig(), pool=pool, seed=5)
    assert failing(verdicts) == {}
    assert {"value", "shard", "grad-shard", "memory", "opt:noopt", "opt:random", "jit", "realize"} <= \
        {v.oracle for v in verdicts}


@pytest.mark.parametrize("plant, caught", [
    ("allreduce-wrong-op", {"shard", "grad-shard"}),       # the summed output is all-reduced with max
    ("allreduce-drop-shard", {"shard", "grad-shard"}),     # one device's partial sum is lost
    ("shard-offset", {"shard", "grad-shard"}),             # gathered shards land one place over
])
def test_sharding_plants_caught_by_shard_oracles(plant, caught, pool):
    cfg = RunConfig(patches=(f"tests.plants_shard:{plant}",))
    verdicts = metamorphic(reduce_program(), cfg, variants=["shard", "grad-shard", "opt:noopt"], pool=pool)
    assert failing(verdicts) == {o: "mismatch" for o in caught}      # plain and noopt runs never shard: clean
    assert all(names_the_sharded_run(v) for v in verdicts if v.failed)


def names_the_sharded_run(v) -> bool:
    return v.detail.startswith(("output", "gradient")) and "devices" in v.backend


def test_opt_plant_caught_only_by_random_opts(pool):
    # upcasting by 7 drops lanes; the heuristics (default) and NOOPT never upcast by 7 on this kernel, seed 5 does
    x, y = Input((4, 14), "float32", Values(seed=1)), Input((4, 14), "float32", Values(seed=2))
    program = Program((x, y), (Node("add", (0, 1)), Node("mul", (2, 0))), (3,))
    fresh = WorkerPool()       # first compile of the kernel in its worker: see reports/triage/metamorphic.md
    try:
        clean = metamorphic(program, RunConfig(), variants=["opt:noopt", "opt:random"], pool=fresh, seed=5)
        planted = metamorphic(program, RunConfig(patches=("tests.plants_shard:upcast7-drops-lanes",)),
                              variants=["opt:noopt", "opt:random"], pool=fresh, seed=5)
    finally:
        fresh.close()
    assert failing(clean) == {}
    assert failing(planted) == {"opt:random": "mismatch"}
    random_verdict = [v for v in planted if v.oracle == "opt:random"][0]
    assert any("arg=7" in opt for kernel in random_verdict.numbers["opts"] for opt in kernel)


def test_memory_oracle_flags_naive_allreduce_and_passes_elementwise(pool):
    x = Input((8, 16384), "float32", Values(seed=3))          # the sum's output: 64 KiB, the smallest judged peak
    plan = {"devices": 4, "allreduce": "naive", "inputs": [{"axis": 0, "at": "view"}], "steps": []}
    reduced = Program((x,), (Node("sum", (0,), {"axis": 0, "keepdim": False}),), (1,), shard=plan)
    scaled = Program((x,), (Node("mul", (0, 0)),), (1,), shard=plan)
    slow = [v for v in metamorphic(reduced, RunConfig(), variants=["memory"], pool=pool) if v.oracle == "memory"][0]
    fine = [v for v in metamorphic(scaled, RunConfig(), variants=["memory"], pool=pool) if v.oracle == "memory"][0]
    assert slow.kind.value == "slow" and "peaks at" in slow.detail
    assert fine.kind.value == "pass" and max(fine.numbers["device_peaks"].values()) <= 8 * 16384 * 4 // 4


def test_memory_oracle_leaves_tiny_programs_unjudged(pool):
    """Bucket 92de813d60: a correct batchnorm on 3 devices peaks at 4,896 bytes where one device needs 864. Under
    64 KiB the oracle does not judge (allocator blocks and reshard gathers are as big as the data)."""
    x = Input((8, 16), "float32", Values(seed=3))
    plan = {"devices": 4, "allreduce": "naive", "inputs": [{"axis": 0, "at": "view"}], "steps": []}
    small = Program((x,), (Node("sum", (0,), {"axis": 0, "keepdim": False}),), (1,), shard=plan)
    v = [v for v in metamorphic(small, RunConfig(), variants=["memory"], pool=pool) if v.oracle == "memory"][0]
    assert v.kind.value == "unsupported" and "not judged" in v.detail


def test_a_device_less_output_gets_its_loss_weight_on_the_plan_devices(pool):
    """Bucket f6d3c48f4d (the suite's): a 0-d input is a device-less constant that .shard() leaves as it is; its
    output's loss weight went to the default device and met a sharded term, and tinygrad refused the mix. The weight
    now goes to the plan's devices, so pristine tinygrad passes; a planted gradient bug is still caught there."""
    x = Input((), "float32", Values(data=(2.0,)), requires_grad=True)
    plan = {"devices": 2, "allreduce": "ring", "inputs": [{"axis": None, "at": "view"}],
            "steps": [{"after": 1, "axis": None, "do": "realign"}]}
    p = Program((x,), (Node("reshape", (0,), {"shape": [-1]}), Node("pad", (0,), {"pads": [], "value": 0})), (1, 2),
                shard=plan)
    clean = [v for v in metamorphic(p, RunConfig(), variants=["grad-shard"], pool=pool) if v.oracle == "grad-shard"]
    assert clean and not clean[0].failed, clean[0].detail
    planted = metamorphic(p, RunConfig(patches=("tests.plants_modes:grad-scaled",)), variants=["grad-shard"], pool=pool)
    assert any(v.failed and v.oracle in ("grad", "grad-shard") for v in planted)


def conv_program(kernel: int, dtype: str = "float32") -> Program:
    x = Input((1, 2, 6, 6), dtype, Values(seed=1))
    w = Input((3, 2, kernel, kernel), dtype, Values(domain="number", seed=2))
    return Program((x, w), (Node("conv2d", (0, 1), {"groups": 1, "stride": 1, "padding": 1, "dilation": 1}),), (2,))


def test_winograd_plant_caught_only_by_the_wino_variant(pool):
    """WINO=1 takes a 3x3 float32 conv to Winograd's F(4x4, 3x3): a wrong transform is seen there and only there."""
    planted = RunConfig(patches=("tests.plants_modes:winograd-scaled",))
    verdicts = metamorphic(conv_program(3), planted, variants=["wino", "opt:noopt"], pool=pool)
    assert failing(verdicts) == {"wino": "mismatch"}
    assert failing(metamorphic(conv_program(3), RunConfig(), variants=["wino"], pool=pool)) == {}   # control
    # decoys: a 2x2 conv, and a float16 3x3 conv (Winograd rounds in half precision), take no Winograd variant
    for program in (conv_program(2), conv_program(3, "float16")):
        verdicts = metamorphic(program, planted, variants=["wino"], pool=pool)
        assert [v.oracle for v in verdicts] == ["value"] and failing(verdicts) == {}


def test_any_oracle_picks_the_first_failing_verdict_else_the_plain_one():
    from oracles.metamorphic import verdict_for
    from oracles.verdict import Verdict, VerdictKind
    plain, jit_ok = Verdict(VerdictKind.PASS, "value", ""), Verdict(VerdictKind.PASS, "jit", "")
    jit_bad = Verdict(VerdictKind.MISMATCH, "jit", "replay differs")
    assert verdict_for([plain, jit_bad], "*") is jit_bad
    assert verdict_for([plain, jit_ok], "*") is plain
    assert verdict_for([plain, jit_bad], "value") is plain          # control: a named oracle is still that one

