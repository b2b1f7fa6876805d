"""`python -m mutate opt-cover`: the gate's opt mode takes the kill tests whose random opt sequences apply kinds of
action (an op and its amount) no test judged there applies, so an opt broken at one amount is caught."""
from __future__ import annotations

import dataclasses
import json
import shutil

from corpus.store import Corpus
from mutate.__main__ import main
from mutate.opt_cover import actions_of, cover

UPCAST_BY_7 = "ks-139efcb245162773"     # silu of a bfloat16 (5, 11, 9): its sequences upcast by 3, 4, 5 and 7


def test_actions_are_the_op_and_its_amount():
    """Decoy: the same action on another axis is not another kind."""
    opts = [["Opt(op=OptOps.UPCAST, axis=0, arg=7)", "Opt(op=OptOps.UNROLL, axis=1, arg=0)"],
            ["Opt(op=OptOps.UPCAST, axis=2, arg=7)", "Opt(op=OptOps.THREAD, axis=0, arg=2)"]]
    assert actions_of(opts) == {"UPCAST:7", "UNROLL:0", "THREAD:2"}
    assert actions_of([]) == set()


def test_cover_adds_tests_only_for_kinds_not_judged_yet():
    """Greedy: the test applying most uncovered kinds first; a test whose kinds are all covered is not added
    (decoy), nor is one whose kinds the opt mode's own tests apply already (control)."""
    actions = {"a": {"UPCAST:4"}, "b": {"UPCAST:4", "UPCAST:7", "UNROLL:4"}, "c": {"UNROLL:4"}, "d": {"THREAD:2"}}
    assert cover(actions) == ["b", "d"]
    assert cover(actions, covered={"THREAD:2"}) == ["b"]
    assert cover({"a": {"UPCAST:4"}}, covered={"UPCAST:4"}) == [] and cover({}) == []


def test_opt_cover_puts_an_upcast_by_7_under_the_gates_opt_mode(tmp_path, capsys):
    """A real kill test whose random sequences upcast by 7 joins gate_modes.json as "opt"; judged there, the opt
    that drops every lane but the first at an upcast by 7 (tests.plants_shard:upcast7-drops-lanes) is caught and
    pristine tinygrad passes (control). Decoys: a copy of the program on other values (the same kernels, the same
    sequences) is not added, and a test already in another mode keeps it."""
    from oracles.config import RunConfig
    from oracles.metamorphic import judge_as
    real = Corpus()
    program = {e.name: e for e in real.kill_entries()}[UPCAST_BY_7].program
    shifted = lambda i: dataclasses.replace(i, values=dataclasses.replace(i.values, seed=i.values.seed + 1))
    decoy = program.with_(inputs=tuple(map(shifted, program.inputs)))
    suite = tmp_path / "killsuite"
    (suite / "expected").mkdir(parents=True)
    (suite / "programs.jsonl").write_text(program.dumps() + "\n" + decoy.dumps() + "\n")
    for p in (program, decoy):
        shutil.copy(real.killsuite / "expected" / f"{program.content_hash}.npz",
                    suite / "expected" / f"{p.content_hash}.npz")
    (suite / "gate_modes.json").write_text(json.dumps({"ks-gone": "jit"}))
    assert main(["opt-cover", "--suite", str(suite)]) == 0
    assert "1 tests added" in capsys.readouterr().out
    modes = json.loads((suite / "gate_modes.json").read_text())
    assert modes == {UPCAST_BY_7: "opt", "ks-gone": "jit"}
    entry = {e.name: e for e in Corpus(tmp_path).kill_entries()}[UPCAST_BY_7]
    assert entry.meta == {"mode": "opt", "oracle": "*"}
    expected = real.expected(program)
    clean = judge_as(program, RunConfig(backend="CPU"), "opt", "*", expected)
    planted = judge_as(program, RunConfig(backend="CPU", patches=("tests.plants_shard:upcast7-drops-lanes",)),
                       "opt", "*", expected)
    assert clean.kind.value == "pass", clean.summary()
    assert planted.kind.value == "mismatch" and planted.oracle == "opt:random", planted.summary()


def test_opt_cover_refuses_a_folder_without_a_suite(tmp_path, capsys):
    assert main(["opt-cover", "--suite", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no programs.jsonl" in err and err.count("\n") == 1
