"""Registry rows test themselves: every op, every declared dtype, agrees with torch on CPU; and the table is sound.

One program per op holds one node per declared dtype (edges on where the row allows them), so a row costs one
tinygrad run; rows with gradients get a second, float32 program judged with gradients.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from random import Random

import pytest
from hypothesis import strategies as st
from hypothesis.control import BuildContext
from hypothesis.errors import UnsatisfiedAssumption
from hypothesis.internal.conjecture.data import ConjectureData

from fuzz.dtypes import ALL, DTYPES
from fuzz.infer import infer, read_back
from fuzz.ops import COMMUTATIVE, FAMILY_MODULES, OPS, Invalid, Spec
from fuzz.program import Input, Node, Program, Values
from fuzz.strategies import programs
from fuzz.values import DOMAINS, EDGE_POLICY
from oracles.compare import TOLERANCES
from oracles import capabilities
from oracles.config import RunConfig
from oracles.judge import judge
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

if "CC" not in os.environ and shutil.which("clang-19"):
    os.environ["CC"] = "clang-19"     # clang 14 lacks __bf16; workers inherit the environment

POOL = WorkerPool()


@pytest.fixture(scope="module", autouse=True)
def _close_pool():
    yield
    POOL.close()


@contextmanager
def seeded(seed: int):
    """A `draw` over Hypothesis strategies from a fixed seed: the row test needs varied yet repeatable
    operands and attributes without a Hypothesis run per row. (Internal API; a change there fails loudly.)"""
    data = ConjectureData(random=Random(seed))
    with BuildContext(data, wrapped_test=None):
        yield data.draw


def one_node(name: str, dtype: str, seed: int, grad: bool = False) -> tuple[list[Input], Node] | None:
    """Inputs and a node for one call of the row on a first operand of `dtype` (None if no draw fits)."""
    op = OPS[name]
    rank = min(max(op.min_rank, 2), op.max_rank)
    for attempt in range(30):
        with seeded(seed * 1000 + attempt) as draw:
            first = Spec(tuple(draw(st.integers(1, 4)) for _ in range(rank)), dtype)
            try:
                others, attrs = op.draw_operands_and_attrs(draw, first)
                specs = [first] + [Spec(o.shape, o.dtype) for o in others]
                op.spec_of(specs, attrs)
            except (Invalid, UnsatisfiedAssumption):
                continue
        domains = [op.domain] + [o.domain for o in others]
        edges = op.edges_for(attrs) and not grad
        inputs = [Input(s.shape, s.dtype, Values(seed=seed + 7 * k, domain=d, edges=edges),
                        requires_grad=grad and DTYPES[s.dtype].is_float)
                  for k, (s, d) in enumerate(zip(specs, domains))]
        return inputs, Node(name, tuple(range(len(inputs))), attrs)
    return None


def row_program(name: str, dtypes, seed: int = 0, grad: bool = False) -> Program:
    """One node per dtype, each on its own fresh inputs; every node is an output (read back where symbolic)."""
    inputs, nodes = [], []
    for k, dt in enumerate(dtypes):
        made = one_node(name, dt, seed + k, grad)
        assert made is not None, f"{name}: no operands/attributes fit a {dt} first operand in 30 draws"
        ins, node = made
        base = len(inputs)
        inputs += ins
        nodes.append(Node(node.op, tuple(base + a for a in node.args), node.attrs))
    n = len(inputs)
    program = Program(tuple(inputs), tuple(Node(x.op, x.args, x.attrs) for x in nodes),
                      tuple(n + k for k in range(len(nodes))))
    return read_back(program)



def _failing_dtypes(name: str, dtypes, config: RunConfig, grad: bool) -> list[str]:
    return [dt for dt in dtypes
            if judge(row_program(name, [dt], grad=grad), config, pool=POOL).kind != VerdictKind.PASS]


# A row's first dtype plus a rotating pick of its others keeps `tox -e test` within minutes while every dtype is
# still met across the rows; TINYFUZZ_ROW_DTYPES=all (nightly) walks every declared dtype of every row.
ROW_DTYPES = os.environ.get("TINYFUZZ_ROW_DTYPES", "3")


# A machine whose C compiler lacks __bf16 (Debian 12's clang 14) cannot run bfloat16 on CPU: those rows are checked
# in their other dtypes there, and the machine's refusal is `unsupported` in the fuzz tests (oracles/refusals.py).
HOST_DTYPES = None if capabilities.probe().cc_bf16 else {"bfloat16"}


def dtypes_to_check(name: str) -> tuple[str, ...]:
    dts = tuple(d for d in OPS[name].dtypes if not HOST_DTYPES or d not in HOST_DTYPES) or OPS[name].dtypes
    if ROW_DTYPES == "all" or len(dts) <= int(ROW_DTYPES):
        return dts
    k, rest = list(OPS).index(name), dts[1:]
    picks = [rest[(k * (int(ROW_DTYPES) - 1) + j) % len(rest)] for j in range(int(ROW_DTYPES) - 1)]
    return (dts[0], *dict.fromkeys(picks))


@pytest.mark.parametrize("name", list(OPS))
def test_row_agrees_with_torch(name, known_bugs):
    op = OPS[name]
    dts = dtypes_to_check(name)
    program = row_program(name, dts)
    infer(program)                                   # the rules accept what they drew
    verdict = judge(program, RunConfig(), pool=POOL)
    bug = known_bugs.registry.matching(verdict)
    if verdict.kind != VerdictKind.PASS and bug is None:
        bad = _failing_dtypes(name, dts, RunConfig(), False)
        pytest.fail(f"{name} [{', '.join(bad)}]: {verdict.summary()}\n{program!r}", pytrace=False)
    floats = [d for d in ("float32",) if d in op.dtypes]
    if op.grad and floats:  # also when the values show a known bug: it does not excuse a wrong gradient
        gprog = row_program(name, floats, seed=1, grad=True)
        gverdict = judge(gprog, RunConfig(grad=True), pool=POOL)
        if gverdict.kind != VerdictKind.PASS:
            pytest.fail(f"{name} (gradient): {gverdict.summary()}\n{gprog!r}", pytrace=False)
    if bug is not None:     # a registered open tinygrad bug: the row still shows it (replay says when it is fixed)
        pytest.xfail(f"{bug.id}: {bug.title}")


# ---- the table itself ---------------------------------------------------------------------------

def test_at_least_120_ops_and_no_duplicates():
    assert len(OPS) >= 120
    assert sum(len(m.ROWS) for m in FAMILY_MODULES) == len(OPS)   # a duplicate would have raised at import


@pytest.mark.parametrize("name", list(OPS))
def test_row_is_well_formed(name):
    op = OPS[name]
    path, line = op.where.rsplit(":", 1)
    module = next(m for m in FAMILY_MODULES if any(r.name == name for r in m.ROWS))
    assert module.__file__.endswith(path), f"{name}: `where` {op.where} is not its file {module.__file__}"
    assert f'Op("{name}"' in open(module.__file__).read().splitlines()[int(line) - 1]
    assert op.tol in TOLERANCES, f"{name}: unknown tolerance class {op.tol!r}"
    assert op.dtypes and set(op.dtypes) <= set(ALL), f"{name}: dtypes {op.dtypes}"
    assert op.domain in DOMAINS or op.domain.startswith("index:"), f"{name}: unknown domain {op.domain!r}"
    assert 0 <= op.min_rank <= op.max_rank
    if op.grad:
        assert any(DTYPES[d].is_float for d in op.dtypes), f"{name}: grad=True without a float dtype"
    if op.edges is not True or op.domain in ("nonan", "castable", "nonneg"):
        assert op.notes, f"{name}: an edge policy narrower than the default needs its reason in `notes`"


def test_edge_policy_names_known_domains():
    assert set(EDGE_POLICY) <= set(DOMAINS)
    assert COMMUTATIVE <= set(OPS)


@pytest.mark.parametrize("name", list(OPS))
def test_strategies_draw_every_op(name):
    """programs() can build each op: some seed among a few gives a program that uses it and infers."""
    strategy = programs(ops=[name], max_ops=2)
    for seed in range(25):
        try:
            with seeded(seed) as draw:
                program = draw(strategy)
        except UnsatisfiedAssumption:
            continue
        if name in program.ops():
            infer(program)
            Program.loads(program.dumps())
            return
    pytest.fail(f"programs(ops=[{name!r}]) never drew {name} in 25 seeds", pytrace=False)


def test_ops_command_lists_every_op(capsys):
    import argparse
    from fuzz.commands import ops
    assert ops.run(argparse.Namespace(family=None)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{len(OPS)} ops"
    listed = {line.split()[0]: line.split()[-1] for line in lines[:-1]}
    assert listed.keys() == OPS.keys()
    assert all(listed[n] == ",".join(OPS[n].dtypes) for n in OPS)


def test_max_unpool2d_takes_only_sides_a_multiple_of_its_window():
    """Elsewhere torch's max_unpool2d writes past its output (the pooled indices address the input's width): the row
    refuses such sides (a decoy a multiple of the window is taken)."""
    assert OPS["max_unpool2d"].spec_of([Spec((1, 2, 4, 6), "float32")], {"kernel": 2}) == Spec((1, 2, 4, 6), "float32")
    with pytest.raises(Invalid):
        OPS["max_unpool2d"].spec_of([Spec((1, 2, 5, 6), "float32")], {"kernel": 2})


def test_a_max_pool_window_of_padding_only_is_refused():
    """torch's max_pool2d backward writes out of its buffer for a window that reads no input element (a double free
    in float64, garbage gradients in float16: device bucket 9ea4d5df93): such programs are invalid, not judged.
    Decoy: the same pooling of a 3x3 input, whose every window reads an element, is drawn as before."""
    from fuzz.infer import infer
    from fuzz.ops.base import Invalid
    from fuzz.program import Input, Node, Program, Values
    attrs = {"kernel": 2, "stride": 1, "padding": 1, "dilation": 2, "ceil_mode": False}
    def pooled(side):
        return Program((Input((1, 2, side, side), "float16", Values(seed=1)),), (Node("max_pool2d", (0,), attrs),), (1,))
    with pytest.raises(Invalid, match="padding only"):
        infer(pooled(1))
    assert infer(pooled(3))[-1].shape == (1, 2, 3, 3)
