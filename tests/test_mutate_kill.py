"""Hand-made mutants of the installed tinygrad, run through the engine: killed for the right reason, or not at all.

Two tiny kill programs (add; neg of add) with expected outputs from numpy. The mutants change Tensor's `add` only
(the same mixin method also serves UOps inside the compiler, which must stay intact), so each one's effect is
certain: wrong values, one kernel more, or an endless loop.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from fuzz.program import Input, Node, Program, Values
from fuzz.values import materialize
from mutate import run as R
from mutate.coverage_map import default_root
from mutate.generate import hand_mutant, source_hash
from mutate.killsuite import KillTest
from mutate.store import Store

ROOT = Path(__file__).resolve().parent.parent
ADD_LINE = "return self._binop(Ops.ADD, x, reverse)"
ONLY_TENSOR = "return self._binop(Ops.ADD, x, reverse) if type(self).__name__ != 'Tensor' else "
MUTANTS = {
    "value": ONLY_TENSOR + "self._binop(Ops.MUL, x, reverse)",
    "speed": ONLY_TENSOR + "self._binop(Ops.ADD, x, reverse).contiguous()",
    "hang": ONLY_TENSOR + "exec('while True: pass')",
}
# Mutants only one oracle can see: the ADD rule's first gradient doubled (plain runs compute no gradients), and a
# captured JIT that runs no kernels (plain runs never capture). Both lines exist once in tinygrad 0.14.0.
ORACLE_ONLY = {
    "grad": ("mixin/gradient.py", "(UPat(Ops.ADD), lambda ctx: (ctx, ctx)),", "(UPat(Ops.ADD), lambda ctx: (ctx*2, ctx)),"),
    "jit": ("engine/jit.py", "    run_linear(self.linear, var_vals, input_uops=concrete, jit=True)\n", "    pass\n"),
}


def _program(neg: bool, grad: bool = False) -> Program:
    inputs = (Input((4, 3), "float32", Values(seed=1), requires_grad=grad), Input((4, 3), "float32", Values(seed=2)))
    nodes = (Node("add", (0, 1)),) + ((Node("neg", (2,)),) if neg else ())
    return Program(inputs, nodes, (len(inputs) + len(nodes) - 1,))


def _test(name: str, neg: bool, grad: bool = False) -> KillTest:
    p = _program(neg, grad)
    a, b = (materialize(i) for i in p.inputs)
    out = (a.astype(np.float64) + b) * (-1 if neg else 1)
    return KillTest(name, p, {"outputs": [out.astype(np.float32)], "outputs64": [out]})


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The installed tinygrad, two kill tests, a store holding their coverage (recorded once for the module)."""
    root = default_root()
    tests = [_test("add", False), _test("add-neg", True), _test("add-grad", False, grad=True)]
    store = Store(tmp_path_factory.mktemp("mutate") / "results.sqlite")
    plan = R.Plan(root, source_hash(root), [], 0, 0, 0)
    R.coverage_for(store, plan, tests, "CPU", jobs=2, log=lambda *a: None)
    return root, tests, store, plan


def mutant(root, kind):
    return hand_mutant(root, "mixin/elementwise.py", ADD_LINE, MUTANTS[kind])


def test_coverage_sees_the_add_method(world):
    root, tests, store, plan = world
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    assert cov.covering(mutant(root, "value")) == {"add", "add-neg", "add-grad"}
    far = hand_mutant(root, "renderer/ptx.py", "def render_val(", "def render_val(")   # PTX never runs on CPU
    assert cov.covering(far) == set()


def test_value_mutant_is_killed_by_the_value_oracle_and_pristine_survives(world):
    root, tests, store, plan = world
    from mutate.execute import TestCase, WorkItem, execute
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    cases = tuple(TestCase(t.name, t.program.to_json(), cov.answers(t.name), cov.timeout(t.name),
                           cov.data["tests"][t.name]["counters"]) for t in tests)
    pristine, _ = execute(WorkItem(root, None, cases))
    assert pristine.status == "survived", pristine.detail          # control: clean tinygrad passes every test
    for fork in (True, False):                                      # forked from the zygote, or spawned afresh
        killed, _ = execute(WorkItem(root, mutant(root, "value"), cases, fork=fork))
        assert (killed.status, killed.oracle, killed.test) == ("killed", "value", "add"), killed.detail


def test_each_oracle_kills_what_only_it_sees(world):
    """Every oracle is a kill test, judged against pristine tinygrad's own answers (issue 18). Planted: a gradient-only
    mutant is killed by the grad oracle, a JIT-only mutant by the jit variant. Control: pristine survives every oracle
    (variants included). Decoy: with the variants off the JIT mutant survives, so it was that oracle's kill."""
    root, tests, store, plan = world
    from mutate.execute import TestCase, WorkItem, execute
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    assert {"opt:noopt", "jit", "realize"} <= set(cov.variants("add")), cov.variants("add")
    assert cov.answers("add-grad")["grads"] is not None and cov.answers("add")["grads"] is None
    cases = tuple(TestCase(t.name, t.program.to_json(), cov.answers(t.name), cov.timeout(t.name),
                           cov.data["tests"][t.name]["counters"], variants=cov.variants(t.name)) for t in tests)
    pristine, _ = execute(WorkItem(root, None, cases))
    assert (pristine.status, pristine.tests_run) == ("survived", 2 * len(tests)), pristine.detail
    for oracle, (rel, old, new) in ORACLE_ONLY.items():
        m = hand_mutant(root, rel, old, new)
        assert cov.covering(m), f"no kill test reaches the {oracle} mutant"
        r, _ = execute(WorkItem(root, m, cases))
        assert (r.status, r.oracle) == ("killed", oracle), r.detail
    r, _ = execute(WorkItem(root, hand_mutant(root, *ORACLE_ONLY["jit"]), cases, variant_tests=0))
    assert r.status == "survived", r.detail


def test_renderer_mutant_is_killed_on_a_compile_only_target(world):
    """A renderer only GPU targets use (OpenCL's local ids dropped): no CPU-side test reaches it (decoy), a kill test
    on NULL:OPENCL renders every kernel and kills it (oracle "render"); pristine renders everything (control)."""
    root, tests, store, plan = world
    gone = hand_mutant(root, "renderer/cstyle.py", '"l": lambda x: f"get_local_id({x})", ', "")
    assert not R.coverage_for(store, plan, tests, "CPU", 1).covering(gone)
    cov = R.coverage_for(store, plan, tests, "NULL:OPENCL", 1)
    assert cov.covering(gone) and not cov.variants("add@NULL:OPENCL") and cov.answers("add@NULL:OPENCL") == {}
    s = R.execute_all(store, plan, [gone], tests, backend="CPU,NULL:OPENCL", jobs=1, log=lambda *a: None)
    assert [(r.status, r.oracle, r.test.split("@")[1]) for r in s.results] == [("killed", "render", "NULL:OPENCL")]
    from mutate.execute import TestCase, WorkItem, execute
    cases = tuple(TestCase(t.name, t.program.to_json(), {}, 30.0, backend="NULL:OPENCL") for t in tests)
    assert execute(WorkItem(root, None, cases, backend="NULL:OPENCL"))[0].status == "survived"


def test_a_setting_row_reaches_code_no_default_target_takes(world):
    """fast_idiv (division by a constant as a multiply and shift) runs only with DISABLE_FAST_IDIV=0, a table row of
    its own ("CPU DISABLE_FAST_IDIV=0"): W50 left it unreached. Its overflow check dropped (a uint8 times the magic
    number wraps): on CPU no test reaches it (decoy), on the row a uint8 floordiv by 7 reaches and kills it
    (value), where pristine tinygrad agrees with its answers (the execute_all baseline)."""
    root, _, store, plan = world
    p = Program((Input((4, 8), "uint8", Values(seed=3)),), (Node("scalar_floordiv", (0,), {"scalar": 7}),), (1,))
    x = materialize(p.inputs[0])
    test = KillTest("floordiv7", p, {"outputs": [x // 7], "outputs64": [x // 7]})
    wraps = hand_mutant(root, "codegen/decomp/op.py", "if m*vmin >= x.dtype.min and m*vmax <= x.dtype.max:", "if True:")
    assert not R.coverage_for(store, plan, [test], "CPU", 1, log=lambda *a: None).covering(wraps)
    row = "CPU DISABLE_FAST_IDIV=0"
    assert R.coverage_for(store, plan, [test], row, 1, log=lambda *a: None).covering(wraps)
    s = R.execute_all(store, plan, [wraps], [test], backend=row, jobs=1, log=lambda *a: None)
    assert [(r.status, r.oracle) for r in s.results] == [("killed", "value")]


def test_kernel_adding_mutant_is_killed_by_the_speed_oracle(world):
    root, tests, store, plan = world
    from mutate.execute import TestCase, WorkItem, execute
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    t = tests[1]
    case = TestCase(t.name, t.program.to_json(), cov.answers(t.name), cov.timeout(t.name), cov.data["tests"][t.name]["counters"])
    r, _ = execute(WorkItem(root, mutant(root, "speed"), (case,)))
    assert (r.status, r.oracle) == ("killed", "speed"), r.detail
    assert "kernels" in r.detail
    r, _ = execute(WorkItem(root, mutant(root, "speed"), (case,), speed=False))
    assert r.status == "survived"                                   # values are right: only the speed oracle sees it


def test_hang_times_out_without_stalling_the_run_and_resume_skips(world):
    root, tests, store, plan = world
    ms = [mutant(root, "hang"), mutant(root, "value"),
          hand_mutant(root, "renderer/ptx.py", "def render_val(", "def render_val(")]
    start = time.monotonic()
    s = R.execute_all(store, plan, ms, tests, jobs=2, log=lambda *a: None)
    by_id = {r.mutant: r for r in s.results}
    assert (by_id[ms[0].id].status, by_id[ms[0].id].oracle) == ("killed", "hang")
    assert (by_id[ms[1].id].status, by_id[ms[1].id].oracle) == ("killed", "value")
    assert by_id[ms[2].id].status == "no_coverage" and by_id[ms[2].id].tests_run == 0
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    assert time.monotonic() - start < cov.import_timeout() + 2 * max(cov.timeout(t.name) for t in tests) + 60
    again = R.execute_all(store, plan, ms, tests, jobs=2, log=lambda *a: None)
    assert again.skipped == 3 and again.results == []


def _counting_records(monkeypatch, with_backend: bool = False) -> list[str]:
    """The names of the kill tests mutate.run records from now on (name@backend with `with_backend`)."""
    real, seen = R.record, []

    def counting(root, ts, *args, backend="CPU", **kwargs):
        seen.extend(f"{t.name}@{backend}" if with_backend else t.name for t in ts)
        return real(root, ts, *args, backend=backend, **kwargs)
    monkeypatch.setattr(R, "record", counting)
    return seen


def test_a_grown_suite_records_only_its_new_tests(world, monkeypatch):
    """Harden adds programs to the suite; recording all of it again took 25 minutes (2026-12-06). Each test's pristine
    record is kept on its own: the new test is recorded, the old ones are not (control: the grown suite again records
    nothing); decoy: an old name with another program is recorded again."""
    root, tests, store, plan = world
    seen = _counting_records(monkeypatch)
    grown = tests + [_test("neg-grad", True, grad=True)]
    cov = R.coverage_for(store, plan, grown, "CPU", 1, log=lambda *a: None)
    assert seen == ["neg-grad"] and len(cov.seconds) == 4
    R.coverage_for(store, plan, grown, "CPU", 1, log=lambda *a: None)
    assert seen == ["neg-grad"]
    changed = [_test("add", True)] + tests[1:]
    R.coverage_for(store, plan, changed, "CPU", 1, log=lambda *a: None)
    assert seen == ["neg-grad", "add"]


def test_a_test_dropped_as_unsupported_is_recorded_again(world, monkeypatch):
    """The W50 store held 46 of 55 NULL:CUDA and NULL:PTX kill tests as unsupported (NVRTC and nvJitLink not found:
    `mutate run` never exported their paths), and kept them so on every later run: what the machine lacked is not
    what the test is. A test stored as unsupported is recorded again; control: one stored as a crash is not."""
    root, tests, store, plan = world
    seen = _counting_records(monkeypatch)
    keys = [R.coverage_key(tests, "CPU"), R.test_key(tests[0], "CPU"), R.test_key(tests[1], "CPU")]
    kept = {k: store.coverage(plan.sut, k) for k in keys}          # the module's store, put back for later tests
    whole = json.loads(json.dumps(kept[keys[0]]))
    try:
        for t, why in ((tests[0], "unsupported"), (tests[1], "crash")):
            store.put_coverage(plan.sut, R.test_key(t, "CPU"), {"test": None, "dropped": why, "import_s": 0.0})
            del whole["tests"][t.name]
            whole["dropped"][t.name] = why
        store.put_coverage(plan.sut, keys[0], whole)
        cov = R.coverage_for(store, plan, tests, "CPU", 1, log=lambda *a: None)
        assert seen == ["add"]
        assert "add" in cov.seconds and "add-neg" not in cov.seconds
    finally:
        for k, v in kept.items():
            store.put_coverage(plan.sut, k, v)


def test_secondary_backends_record_the_tests_reaching_most_lines():
    """Greedy by new lines reached on the first backend, ties to the faster; it stops once nothing new is reached
    (B's lines are A's: never chosen), and a test the record dropped is not chosen."""
    def rec(lines, seconds):
        return {"lines": {"f.py": lines}, "seconds": seconds}
    data = {"tests": {"A": rec([1, 2, 3], 2.0), "B": rec([1, 2], 0.1), "C": rec([4], 1.0), "D": rec([3, 4], 0.5)}}
    tests = [KillTest(n, _program(False), {}) for n in "ABCDE"]
    assert [t.name for t in R.reaching_most(data, tests, 2)] == ["A", "D"]
    assert [t.name for t in R.reaching_most(data, tests, 10)] == ["A", "D"]
    assert [t.name for t in R.reaching_most(data, tests, 1)] == ["A"]
    # the gate's replay order (write_gate_order): the greedy picks, then the rest fastest first; E is unrecorded
    assert R.by_reach(data, list("ABCDE")) == (["A", "D"], ["B", "C"])


def test_a_secondary_backend_records_only_the_chosen_tests(world, monkeypatch):
    """--secondary-tests 1: NULL:OPENCL records one test, not three (the recording per backend is what made a run of
    real programs take hours), and the results are filed apart."""
    root, tests, store, plan = world
    seen = _counting_records(monkeypatch, with_backend=True)
    cov = R.coverage_for(store, plan, tests, "CPU,NULL:OPENCL", 1, log=lambda *a: None, secondary=1)
    assert len(seen) <= 1 and not any(n.endswith("@CPU") for n in seen)    # another test may have recorded it
    assert len([n for n in cov.seconds if n.endswith("@NULL:OPENCL")]) == 1 and len(cov.seconds) == len(tests) + 1
    assert R.results_key(tests, "CPU,NULL:OPENCL", secondary=1) != R.results_key(tests, "CPU,NULL:OPENCL")
    assert R.results_key(tests, "CPU", secondary=1) == R.results_key(tests, "CPU")      # one backend: nothing cut


def test_a_test_that_dies_under_the_tracer_is_left_out_and_the_rest_is_kept(world, tmp_path, monkeypatch):
    """An int fmod kill test died under the line tracer after 13 minutes of recording, and the exception took the
    whole record with it (2026-12-07). Now that test is dropped with the reason, the others are recorded and stored
    (control: they are in the map); records are stored chunk by chunk."""
    from mutate import coverage_map
    root, tests, _, plan = world
    real = coverage_map._trace

    def dying(root, test, files, backend):
        if test.name == "add-neg":
            raise RuntimeError("tracing add-neg failed: died {'reason': 'exited with code None'}")
        return real(root, test, files, backend)
    monkeypatch.setattr(coverage_map, "_trace", dying)
    monkeypatch.setattr(R, "RECORD_CHUNK", 2)
    store = Store(tmp_path / "results.sqlite")
    cov = R.coverage_for(store, plan, tests, "CPU", 1, log=lambda *a: None)
    assert set(cov.seconds) == {"add", "add-grad"} and "died" in cov.data["dropped"]["add-neg"]
    assert store.coverage(plan.sut, R.test_key(tests[0], "CPU"))["test"]["lines"]


def test_dask_runs_the_same_work_items(world, tmp_path):
    distributed = pytest.importorskip("distributed")
    root, tests, store, plan = world
    other = Store(tmp_path / "dask.sqlite")
    key = R.coverage_key(tests, "CPU")
    other.put_coverage(plan.sut, key, store.coverage(plan.sut, key))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        s = R.execute_all(other, plan, [mutant(root, "value")], tests, dask=client, log=lambda *a: None)
    assert [(r.status, r.oracle) for r in s.results] == [("killed", "value")]


def test_a_killed_zygote_is_replaced(world):
    import os
    import signal
    from mutate import zygote as Z
    root, tests, store, plan = world
    from mutate.execute import TestCase, WorkItem, execute
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    t = tests[0]
    case = TestCase(t.name, t.program.to_json(), cov.answers(t.name), cov.timeout(t.name), cov.data["tests"][t.name]["counters"])
    os.kill(Z.zygote().proc.pid, signal.SIGKILL)
    Z.zygote().proc.join(5)
    r, _ = execute(WorkItem(root, mutant(root, "value"), (case,)))
    assert (r.status, r.oracle) == ("killed", "value"), r.detail


def test_a_forked_worker_applies_its_configs_worker_modes():
    """The zygote forked workers without the config's patches: the HIP render-only row's mode never applied, and 36
    of its 40 kill tests were dropped as unsupported (2026-12-07). Planted: exp2-high (tests/plants.py) in a forked
    worker gives exp2 * 1.01; control: the same config without it gives exp2."""
    from mutate.zygote import ForkPool, zygote
    from oracles.config import RunConfig
    program = Program((Input((4,), "float32", Values(data=(0.0, 1.0, 2.0, 3.0))),), (Node("exp2", (0,)),), (1,))
    pool = ForkPool(zygote())
    try:
        outs = [pool.call(RunConfig(backend="CPU", patches=patches), "oracles.tiny_eval:run_request",
                          program=program.to_json()) for patches in ((), ("tests.plants:exp2-high",))]
    finally:
        pool.close()
    assert [o.status for o in outs] == ["ok", "ok"], outs
    plain, planted = (np.asarray(o.value["outputs"][0], np.float64) for o in outs)
    assert np.allclose(plain, [1, 2, 4, 8]) and np.allclose(planted, plain * 1.01)


def test_harden_turns_a_survivor_into_a_kill_test_and_a_seed(world, tmp_path):
    """A mutant that breaks integer addition only survives the float32 kill tests (control). `harden` searches
    programs over the ops that reach its line and finds one that kills it; the program joins the kill suite and,
    since pristine tinygrad agrees with torch on it, corpus/seeds/ with torch's answers. Decoy: pristine tinygrad
    passes the new seed's replay."""
    from mutate.harden import adopt, harden_all
    root, tests, store, plan = world
    ints_wrong = hand_mutant(root, "mixin/elementwise.py", ADD_LINE,
                             "return self._binop(Ops.SUB if type(self).__name__ == 'Tensor' and 'int' in str(self.dtype) "
                             "else Ops.ADD, x, reverse)")
    s = R.execute_all(store, plan, [ints_wrong], tests, jobs=1, log=lambda *a: None)
    assert [r.status for r in s.results] == ["survived"]
    cov = R.coverage_for(store, plan, tests, "CPU", 1)
    found = harden_all(root, [ints_wrong], cov, tests, budget_s=120, jobs=1, log=lambda *a: None)
    assert found[0].program is not None, found
    assert any("int" in spec.dtype for spec in __import__("fuzz.infer", fromlist=["infer"]).infer(found[0].program))
    suite, corpus = tmp_path / "suite", tmp_path / "corpus"
    kept = adopt(found[0], root, suite, corpus)
    assert kept.seed and found[0].program.dumps() in (suite / "hardened.jsonl").read_text()
    # a later round's other program for the same mutant joins beside the first (it overwrote it, 2026-12-07: a seed
    # the gate caught a plant with was lost); the same program again adds nothing
    first = found[0].program
    other = first.with_(inputs=tuple(dataclasses.replace(i, values=Values(seed=7)) for i in first.inputs))
    adopt(found[0], root, suite, corpus)
    adopt(dataclasses.replace(found[0], program=other), root, suite, corpus)
    seeds = {p.read_text().strip() for p in (corpus / "seeds").glob(f"harden-{ints_wrong.id}*.json")}
    assert seeds == {first.dumps(), other.dumps()}, seeds
    # decoy: a program the gate's judging (torch's answers) would not fail with its mutant planted is no seed (a JIT
    # mutant, which a plain run never meets); it still joins the kill suite
    blind = adopt(dataclasses.replace(found[0], mutant=hand_mutant(root, *ORACLE_ONLY["jit"])), root,
                  tmp_path / "suite2", tmp_path / "corpus2")
    assert blind.program is not None and not blind.seed and not (tmp_path / "corpus2" / "seeds").exists()
    from mutate.apply import overlay as planted

    def replay(*extra):
        return subprocess.run([sys.executable, "-m", "fuzz", "replay", "--corpus", str(corpus), *extra],
                              capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}, cwd=ROOT)
    pristine = replay()
    assert pristine.returncode == 0 and "harden-" in pristine.stdout, pristine.stdout + pristine.stderr
    with planted(root, ints_wrong) as overlay:         # the gate's replay now turns red on this compiler change
        broken = replay("--tinygrad", overlay)
    assert broken.returncode == 1 and "FAIL   seed harden-" in broken.stdout, broken.stdout + broken.stderr


def test_harden_searches_where_the_line_is_reached():
    """A line only CPU:X86's kill tests reach is searched on CPU:X86, one only a compile-only target reaches on that
    target (renders judged), else the first backend; a runnable backend wins over a compile-only one."""
    from mutate.harden import where
    allowed = ("CPU", "CPU:X86", "NULL:OPENCL")
    assert where({"CPU:X86"}, allowed) == "CPU:X86"
    assert where({"NULL:OPENCL"}, allowed) == "NULL:OPENCL"
    assert where({"NULL:OPENCL", "CPU:X86"}, allowed) == "CPU:X86"
    assert where({"CPU", "CPU:X86"}, allowed) == "CPU" and where(set(), allowed) == "CPU"


def test_the_kill_suite_draws_gradients_and_shard_plans():
    """Besides one plain program per op, the suite draws programs with gradients (differentiable ops only) and with
    shard plans (over the ops with a shard rule), each the same list on every draw."""
    from fuzz.ops import OPS
    from fuzz.shard import shard_ops
    from mutate.killsuite import draw_programs, stratified
    grads = stratified(1, 3, grad=True)
    assert grads and all(any(i.requires_grad for i in p.inputs) for p in grads)
    assert all(OPS[n.op].grad for p in grads for n in p.nodes)
    plans = draw_programs(4, 5, 3, sharded=True)
    assert len(plans) == 4 and all(p.shard is not None for p in plans)
    assert all(n.op in set(shard_ops()) for p in plans for n in p.nodes)
    assert [p.content_hash for p in draw_programs(4, 5, 3, sharded=True)] == [p.content_hash for p in plans]
    assert all(p.shard is None for p in draw_programs(4, 5, 3))          # control: plain draws carry no plan


def test_the_kill_suite_draws_no_programs_of_single_elements():
    """Hypothesis draws its simplest example first: one program per op kept a 0-d input for 382 of 400 programs
    (W50), where a planted reversal of sort's indices changes nothing. Every drawn program has an input of two
    elements or more; sort's program sorts at least two (the plant is seen), and every op still gets its program."""
    from fuzz.ops import OPS
    from mutate.killsuite import degenerate, stratified
    one = Program((Input((), "float32", Values(seed=0)), Input((1, 1), "float32", Values(seed=1))),
                  (Node("add", (0, 1)),), (2,))
    assert degenerate(one) and not degenerate(one.with_(inputs=(Input((2,), "float32", Values(seed=0)),) + one.inputs[1:]))
    drawn = stratified(1, 0, ops=("sort", "argmax", "matmul", "pad"))
    assert {n.op for p in drawn for n in p.nodes} >= {"sort", "argmax", "matmul", "pad"}
    assert drawn and not any(degenerate(p) for p in drawn)
    from fuzz.infer import infer
    sorts = [(p, n) for p in drawn for n in p.nodes if n.op == "sort"]
    assert any(infer(p)[n.args[0]].shape[n.attrs["dim"]] >= 2 for p, n in sorts), [p.to_json() for p, _ in sorts]


def test_the_committed_kill_record_orders_the_capped_tests(world):
    """Under --max-tests a fresh store ran the fastest covering tests and lost kills (W50). The suite's committed
    killers.json puts a test that killed before first: with one test per mutant, the gradient-only mutant is killed
    when the record names add-grad; control: a record naming add-grad-y (it reaches the doubled rule, but takes the
    gradient of the add's other operand only) runs that test and the mutant survives, whichever test is fastest."""
    root, tests, store, plan = world
    x, y = _program(False).inputs
    other = Program((x, dataclasses.replace(y, requires_grad=True)), (Node("add", (0, 1)),), (2,))
    a, b = (materialize(i) for i in other.inputs)
    suite = tests + [KillTest("add-grad-y", other, {"outputs": [a + b], "outputs64": [a.astype(np.float64) + b]})]
    m = hand_mutant(root, *ORACLE_ONLY["grad"])
    assert R.coverage_for(store, plan, suite, "CPU", 1).covering(m) >= {"add-grad", "add-grad-y"}
    outcomes = {}
    for killer in ("add-grad-y", "add-grad"):
        store.db.execute("DELETE FROM results WHERE mutant=?", (m.id,))
        s = R.execute_all(store, plan, [m], suite, jobs=1, max_tests=1, killers={killer: 3}, log=lambda *a: None)
        outcomes[killer] = (s.results[0].status, s.results[0].test)
    store.db.execute("DELETE FROM results WHERE mutant=?", (m.id,))
    assert outcomes == {"add-grad-y": ("survived", ""), "add-grad": ("killed", "add-grad")}, outcomes


def test_the_kill_record_keeps_the_most_a_test_killed_in_a_run(tmp_path):
    """Each run raises a test's count to its kills in that run, never lowers it (a test another test beat to a kill
    this time keeps its place); a test no longer in the suite is dropped (decoy: a corpus entry of another backend's
    label is kept by its name)."""
    from mutate.killsuite import load_killers, write_killers
    row = lambda test, status="killed": {"test": test, "status": status}
    assert load_killers(tmp_path) == {}
    write_killers(tmp_path, [row("ks-a"), row("ks-a"), row("ks-b"), row("gone")], {"ks-a", "ks-b", "seed-c"})
    kept = write_killers(tmp_path, [row("ks-b"), row("ks-b"), row("ks-b"), row("seed-c@PYTHON"), row("ks-a", "survived")],
                         {"ks-a", "ks-b", "seed-c"})
    assert kept == load_killers(tmp_path) == {"ks-a": 2, "ks-b": 3, "seed-c@PYTHON": 1}


def test_the_gate_replays_a_kill_test_in_the_mode_of_the_variant_it_killed_with(tmp_path):
    """A kill-suite test that killed mutants through JIT replays (and once through random opts) is replayed by the gate
    in the jit mode; kills through the plain run, on another backend or by a corpus entry name no mode (decoys)."""
    from mutate.killsuite import GATE_FILE, gate_modes, write_gate_modes
    row = lambda test, oracle, status="killed": {"test": test, "oracle": oracle, "status": status}
    rows = [row("ks-a", "jit"), row("ks-a", "jit"), row("ks-a", "opt:random"), row("ks-b", "wino"),
            row("ks-c", "value"), row("ks-c", "crash"), row("ks-d@PYTHON", "jit"), row("seed-e", "jit"),
            row("ks-f", "jit", "survived")]
    assert gate_modes(rows) == {"ks-a": "jit", "ks-b": "opt"}
    assert write_gate_modes(tmp_path, rows) == {"ks-a": "jit", "ks-b": "opt"}
    assert (tmp_path / GATE_FILE).exists()
    # a later run with no variant kill keeps the modes of the tests still in the suite (ks-b left it), and its own win
    later = [row("ks-c", "value"), row("ks-g", "realize")]
    assert write_gate_modes(tmp_path, later, {"ks-a", "ks-c", "ks-g"}) == {"ks-a": "jit", "ks-g": "realize"}
    assert json.loads((tmp_path / GATE_FILE).read_text()) == {"ks-a": "jit", "ks-g": "realize"}



def test_an_engine_exception_is_the_mutants_error_and_a_stale_kill_test_is_skipped(monkeypatch, tmp_path):
    """An exception in the engine for one mutant is that mutant's `error` (retried by the next run), not the end of
    the run; a kill test whose program a registry row now refuses is stale: left out when the suite loads, it kills
    nothing (decoy: a valid program is a kill test)."""
    from mutate.killsuite import load_suite
    from mutate.generate import Mutant
    from oracles import expected as expected_store
    from mutate.execute import WorkItem

    def boom(item):
        raise ValueError("planted")
    monkeypatch.setattr(R, "execute", boom)
    m = Mutant("abc", "uop/ops.py", "constant", 0, 1, "1", "0", 1, 1, "f")
    r = R._execute_result(WorkItem("/nonexistent", m, ()))
    assert r.status == "error" and "ValueError" in r.detail
    big = Program((Input((5, 3, 3), "float32", Values(seed=1)),), (Node("svdvals", (0,)),), (1,))
    small = Program((Input((2, 3, 3), "float32", Values(seed=1)),), (Node("svdvals", (0,)),), (1,))
    (tmp_path / "programs.jsonl").write_text(big.dumps() + "\n" + small.dumps() + "\n")
    for p in (big, small):
        expected_store.save(tmp_path / "expected", p.content_hash, {"outputs": [np.zeros((2, 3), np.float32)]})
    assert [t.name for t in load_suite(tmp_path)] == [f"ks-{small.content_hash}"]


def test_the_kill_suite_draws_every_value_of_a_categorical_attribute():
    """by_value: a program per value of each categorical attribute (pad_edge's three modes, scatter_reduce's five
    reductions), where one draw per op takes one; the row is restored after (a later draw takes any value again).
    Decoy: a range parameter (an int kernel size) is not categorical and draws nothing of its own."""
    from fuzz.ops import OPS
    from mutate.killsuite import by_value
    rows = {n: OPS[n] for n in ("pad_edge", "scatter_reduce", "max_unpool2d")}
    drawn = by_value(7, 3, ops=tuple(rows))
    modes = {n.attrs["mode"] for p in drawn for n in p.nodes if n.op == "pad_edge"}
    reductions = {n.attrs["reduce"] for p in drawn for n in p.nodes if n.op == "scatter_reduce"}
    assert modes == {"reflect", "replicate", "circular"}, modes
    assert reductions == {"sum", "prod", "amax", "amin", "mean"}, reductions
    assert not any(n.op == "max_unpool2d" for p in drawn for n in p.nodes)
    assert all(OPS[n] is row for n, row in rows.items())


def test_the_kill_suite_draws_programs_a_narrow_variant_applies_to():
    """for_variants: programs WINO=1 takes (3x3 float32/64 stride-1 convs), which a plain conv2d draw of the same
    size rarely holds (W50's suite had none: Winograd's code was unreached). Decoy: the plain draw's programs mostly
    are not such convs, so the filter, not the op, makes them."""
    from mutate.killsuite import draw_programs, for_variants
    from oracles.metamorphic import VARIANTS
    drawn = for_variants(2, 40_000)
    assert len(drawn) == 2 and all(VARIANTS["wino"].applies(p) for p in drawn)
    plain = draw_programs(8, 40_000, 3, ops=("conv2d",))
    assert sum(VARIANTS["wino"].applies(p) for p in plain) < len(plain) // 2


def test_an_extended_kill_suite_keeps_its_programs_first(tmp_path):
    """`mutate suite --extend`: the suite's drawn programs stay, first and in order, with their answers, and drawn
    programs it lacks are added; harden's programs stay in hardened.jsonl only. Control: without --extend the same
    draw replaces the suite (the kept program is gone)."""
    from fuzz.program import Input, Node, Program, Values
    from mutate import killsuite
    from oracles import expected as expected_store
    from oracles.config import RunConfig
    old = Program((Input((3,), "float32", Values(seed=4)),), (Node("exp", (0,)),), (1,))
    hard = Program((Input((2,), "float32", Values(seed=5)),), (Node("neg", (0,)),), (1,))
    suite = tmp_path / "killsuite"
    (suite / "expected").mkdir(parents=True)
    (suite / "programs.jsonl").write_text(old.dumps() + "\n")
    (suite / "hardened.jsonl").write_text(hard.dumps() + "\n")
    for p in (old, hard):
        expected_store.save(suite / "expected", p.content_hash, {"outputs": [np.zeros(p.inputs[0].shape, np.float32)]})
    new = killsuite.build_suite(2, 3, RunConfig(backend="CPU"), suite, max_ops=2, extend=True, log=lambda *a: None)
    lines = (suite / "programs.jsonl").read_text().splitlines()
    assert lines[0] == old.dumps() and len(lines) == len(new) > 1
    assert hard.dumps() not in lines and (suite / "expected" / f"{hard.content_hash}.npz").is_file()
    assert (suite / "expected" / f"{old.content_hash}.npz").is_file()
    killsuite.build_suite(2, 3, RunConfig(backend="CPU"), suite, max_ops=2, log=lambda *a: None)
    assert old.dumps() not in (suite / "programs.jsonl").read_text().splitlines()


def test_the_gate_kills_a_planted_bug_through_a_program_harden_found(tmp_path):
    """Issue 18's last done-when: `tox -e fuzz` kills a planted compiler bug it could not kill before. Mutant
    0aa5fba38959 (mixin/op.py, a reshape's merged axis d*(d+0) for d*(d+1)) survived every kill test of the W50 run
    (reports/weekly/2026-W50/mutation.json as committed at 8ac7a97, before harden round 3); round 3 found a program
    that kills it and put it in corpus/seeds/. The gate's replay of that seed, with the mutant as tinygrad (`fuzz replay
    --tinygrad <overlay>`, the user path), is red; with pristine tinygrad it is green (control)."""
    import shutil
    from corpus.store import Corpus
    from fuzz.program import Program
    from mutate.apply import make_overlay, remove_overlay
    from mutate.generate import TABLE, Generated, file_mutants
    mid, rel = "0aa5fba38959", "mixin/op.py"
    # the run before round 3 (its report, committed at 8ac7a97; the thirteenth session's run rewrote W50's)
    before = subprocess.run(["git", "show", "8ac7a97:reports/weekly/2026-W50/mutation.json"], cwd=ROOT,
                            capture_output=True, text=True)
    if before.returncode != 0:
        pytest.skip(f"needs the repository's history (git show 8ac7a97): {before.stderr.strip()[:100]}")
    w50 = json.loads(before.stdout)
    assert [m["status"] for m in w50["files"][f"tinygrad/{rel}"]["mutants"] if m["id"] == mid] \
        == ["Survived"]
    root = default_root()
    g = Generated()
    file_mutants(Path(root) / rel, rel, TABLE, (), g)
    mutant = next(m for m in g.mutants if m.id == mid)
    seed = ROOT / "corpus" / "seeds" / f"harden-{mid}.json"
    program = Program.loads(seed.read_text())
    corpus = Corpus(tmp_path / "corpus")
    corpus.seeds.mkdir(parents=True)
    shutil.copy(seed, corpus.seeds / seed.name)
    corpus.save_expected(program, Corpus(ROOT / "corpus").expected(program))
    (tmp_path / "corpus" / "known_bugs.json").write_text((ROOT / "corpus" / "known_bugs.json").read_text())
    overlay = make_overlay(root, mutant, parent=str(tmp_path))
    try:
        def replay(*extra):
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            return subprocess.run([sys.executable, "-m", "fuzz", "replay", "-x", "--corpus", str(tmp_path / "corpus"),
                                   *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        planted, pristine = replay("--tinygrad", overlay), replay()
    finally:
        remove_overlay(overlay)
    assert planted.returncode == 1 and "FAIL" in planted.stdout, planted.stdout + planted.stderr
    assert pristine.returncode == 0 and "1 pass" in pristine.stdout, pristine.stdout + pristine.stderr
