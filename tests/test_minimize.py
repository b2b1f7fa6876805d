"""The minimizer: graph surgery keeps programs valid, and a planted bug's 8-op failure shrinks to at most 3 ops."""
from __future__ import annotations

from fuzz.infer import validate
from fuzz.minimize import Stats, cost, cut, is_valid, minimize, prune, substitute
from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.judge import judge, reference


def eight_ops() -> Program:
    """abs, neg, add, mul, sin, exp2, add, mul over a (4, 3) and a broadcast (3,) input, two outputs."""
    x0 = Input((4, 3), "float32", Values(seed=1), view=(("permute", [1, 0]),))   # stored (4, 3), seen (3, 4)
    x1 = Input((4,), "float32", Values(seed=2, edges=False))
    nodes = (Node("abs", (0,)), Node("neg", (2,)), Node("add", (3, 1)), Node("mul", (4, 0)), Node("sin", (5,)),
             Node("exp2", (6,)), Node("add", (7, 3)), Node("mul", (8, 8)))
    return Program(inputs=(x0, x1), nodes=nodes, outputs=(9, 4))


def test_eight_ops_is_valid():
    p = eight_ops()
    validate(p)
    assert len(p.nodes) == 8


def test_prune_and_substitute_renumber():
    p = eight_ops()
    only_add = prune(p.with_(outputs=(4,)))              # add(neg(abs(x0)), x1): three nodes, two inputs
    assert only_add.ops() == ["abs", "neg", "add"] and is_valid(only_add)
    bypassed = substitute(p, 7, 6)                        # exp2 bypassed: reads sin directly
    assert "exp2" not in bypassed.ops() and is_valid(bypassed)
    cut_sin = cut(p, 6, validate(p)[6])                   # sin's value becomes a fresh input: upstream goes
    assert cut_sin.ops() == ["abs", "neg", "add", "exp2", "add", "mul"] and is_valid(cut_sin)
    assert len(cut_sin.inputs) == 3 and cut_sin.inputs[2].shape == (3, 4)


def test_minimize_keeps_the_predicate_and_shrinks():
    p = eight_ops()
    calls = []

    def has_exp2(q: Program) -> bool:
        calls.append(q)
        assert is_valid(q)                                 # the predicate only ever sees valid programs
        return "exp2" in q.ops()
    stats = Stats()
    m = minimize(p, has_exp2, stats=stats)
    assert m.ops() == ["exp2"]
    assert m.inputs[0].view == () and m.inputs[0].dtype == "float32"
    assert cost(m) < cost(p) and stats.checks == len(calls)


def test_minimize_respects_budget():
    m = minimize(eight_ops(), lambda q: True, max_checks=2, stats=(s := Stats()))
    assert s.checks == 2 and s.budget_spent and is_valid(m)


def test_minimize_returns_original_when_nothing_smaller_fails():
    p = eight_ops()
    assert minimize(p, lambda q: False) == p


def test_planted_bug_eight_ops_to_at_most_three():
    """exp2-high (exp2 returns 1% too much) in an 8-op program: the judge's own failure shrinks to <= 3 ops."""
    p = eight_ops()
    planted = RunConfig(backend="CPU", patches=("tests.plants:exp2-high",))
    assert not judge(p, RunConfig(backend="CPU")).failed          # control: pristine tinygrad is clean
    first = judge(p, planted)
    assert first.kind.value == "mismatch"

    def still_fails(q: Program) -> bool:
        v = judge(q, planted, reference(q))
        return v.failed and v.core == first.core
    stats = Stats()
    m = minimize(p, still_fails, stats=stats)
    print(f"minimizer: {len(p.nodes)} ops, size {p.size} -> {len(m.nodes)} ops, size {m.size} in {stats.checks} checks")
    assert len(m.nodes) <= 3 and "exp2" in m.ops()
    assert judge(m, planted).failed and not judge(m, RunConfig(backend="CPU")).failed
