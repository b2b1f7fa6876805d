"""Each campaign mode finds a planted bug on its own path within a small budget, and the same run without the plant
finds nothing (issue 15). The plants break only what that mode exercises: gradients, JIT replay, the shard gather,
the cross-device all-reduce."""
from __future__ import annotations

import json

import pytest

from fuzz.__main__ import main
from fuzz.modes import DEFAULT, MODES, check_modes, schedule

# mode, plant, ops the programs draw from, the oracle whose verdict must find it
CASES = [
    ("grad", "tests.plants_modes:grad-scaled", "mul,add,exp2,sum", {"grad"}),
    ("jit", "tests.plants_modes:jit-replay-skips", "add,mul,neg", {"jit"}),
    ("shard", "tests.plants_shard:shard-offset", "sum,add,mul", {"shard"}),
    ("grad-shard", "tests.plants_shard:allreduce-wrong-op", "mul,sum,add", {"grad-shard"}),
]
BUDGET = 12          # programs


def campaign(tmp_path, mode: str, ops: str, *flags) -> tuple[int, list[dict]]:
    rc = main(["run", "--corpus", str(tmp_path), "--modes", mode, "--ops", ops, "--max-programs", str(BUDGET),
               "--max-ops", "3", "--jobs", "1", "--minimize-checks", "4", "--seed", "0", *flags])
    return rc, [json.loads(p.read_text()) for p in sorted(tmp_path.glob("crashes/*/meta.json"))]


@pytest.mark.parametrize("mode, plant, ops, oracles", CASES, ids=[c[0] for c in CASES])
def test_a_mode_finds_the_bug_on_its_path(tmp_path, capsys, mode, plant, ops, oracles):
    rc, metas = campaign(tmp_path / "planted", mode, ops, "--patch", plant)
    out = capsys.readouterr().out
    assert rc == 1 and metas, out[-3000:]
    assert {m["verdict"]["oracle"] for m in metas} & oracles, [m["verdict"]["detail"][:200] for m in metas]
    assert {m.get("mode") for m in metas} == {mode}
    rc, metas = campaign(tmp_path / "clean", mode, ops)                       # control: pristine tinygrad
    out = capsys.readouterr().out
    assert rc == 0 and metas == [], out[-3000:]


def test_the_values_mode_does_not_see_a_gradient_bug(tmp_path, capsys):
    """Decoy: the grad plant is invisible where no gradient is computed, so a find above is the mode's."""
    rc, metas = campaign(tmp_path, "values", "mul,add,exp2,sum", "--patch", "tests.plants_modes:grad-scaled")
    assert rc == 0 and metas == [], capsys.readouterr().out[-3000:]


def test_the_schedule_gives_each_mode_its_weight():
    round_ = schedule(DEFAULT)
    assert {m: round_.count(m) for m in DEFAULT} == {m: MODES[m].weight for m in DEFAULT}
    assert check_modes("all") == DEFAULT and check_modes("jit, grad") == ("jit", "grad")


def test_an_unknown_mode_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["run", "--corpus", str(tmp_path), "--modes", "jitt"]) == 2
    err = capsys.readouterr().err
    assert "unknown mode 'jitt'; did you mean 'jit'?" in err and err.count("\n") == 1


def test_a_jit_returning_its_input_is_kb_0028_and_a_stale_replay_elsewhere_is_not():
    """KB-0028's rule needs its own symptom (the stale output is an input itself); the jit plant's stale replays of
    computed outputs must stay new, or the registry would swallow a JIT regression."""
    from corpus import known
    from corpus.triage import Decision, triage
    from fuzz.program import Input, Node, Program, Values
    from oracles.config import RunConfig
    from oracles.judge import reference
    from oracles.metamorphic import judge_in_mode, verdict_for
    x = Input((2,), "float32", Values(data=(1.0, 2.0)))
    returns_input = Program((x,), (Node("reshape", (0,), {"shape": (2, 1)}), Node("neg", (0,))), outputs=(1, 2))
    computed = Program((x,), (Node("neg", (0,)),), outputs=(1,))
    registry = known.load()
    v = verdict_for(judge_in_mode(returns_input, RunConfig(), "jit", reference(returns_input)), "jit")
    assert v.failed and "(the output is input x0 itself)" in v.detail, v.summary()
    assert triage(v, registry).bug.id == "KB-0028"
    planted = RunConfig(patches=("tests.plants_modes:jit-replay-skips",))
    v = verdict_for(judge_in_mode(computed, planted, "jit", reference(computed)), "jit")
    assert v.failed and "itself" not in v.detail
    assert triage(v, registry).decision == Decision.NEW
