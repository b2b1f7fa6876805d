"""Speed fuzz tests: the baselined programs are not slower, and random programs' counters behave.

Counters must be deterministic (two runs of one program in one worker agree, else baselines would flap) and
fusion must never cost kernels: realizing every intermediate cannot take fewer kernels than the fused schedule.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from fuzz.ops import OPS
from fuzz.program import Program
from fuzz.strategies import programs

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PROGRAMS = sorted((CORPUS / "baselines" / "programs").glob("*.json")) + sorted((CORPUS / "seeds").glob("*.json"))


@pytest.fixture(scope="module")
def pool():
    from oracles.worker import WorkerPool
    p = WorkerPool()
    yield p
    p.close()


@pytest.mark.parametrize("path", PROGRAMS, ids=[f"{p.parent.name}/{p.stem}" for p in PROGRAMS])
def test_baselined_program_not_slow(path, run_config, pool):
    from oracles.speed import Baselines, judge_speed, installed_version
    program = Program.loads(path.read_text())
    store = Baselines(installed_version())
    if store.get(program.content_hash, run_config) is None:
        pytest.skip(f"no baseline for {path.stem} on {run_config.label()}: run `python -m fuzz baseline`")
    verdict = judge_speed(program, run_config, store, pool)
    if verdict.failed:
        pytest.fail(f"{path.stem}: {verdict.summary()}", pytrace=False)


def _counters(program, config, pool, realize_each=False):
    from oracles.speed import measure
    out = measure(program, config, pool, realize_each=realize_each)
    return out.value["counters"] if out.status == "ok" else None


@given(program=programs(max_ops=4, dtypes=("float32",)))
def test_counters_deterministic_and_fusion_never_adds_kernels(program, run_config, pool):
    first = _counters(program, run_config, pool)
    if first is None:
        return            # crashes and refusals are the value oracle's business (fuzz/test_fuzz.py)
    again = _counters(program, run_config, pool)
    assert again == first, f"counters differ between two runs:\n{first}\n{again}\n{program!r}"
    # stateful steps are left out of the fusion comparison: realized one by one, two setitems into a tensor write it
    # in place, while the fused schedule of both and a later reader takes one kernel more (3 vs 2 on pristine 0.14.0,
    # 2026-12-06; open, not yet minimized into a registered speed bug)
    if any(OPS[n.op].stateful for n in program.nodes):
        return
    unfused = _counters(program, run_config, pool, realize_each=True)
    if unfused is not None and first["kernels"] > unfused["kernels"]:
        pytest.fail(f"fused schedule takes {first['kernels']} kernels, realizing every op {unfused['kernels']}\n"
                    f"{program!r}", pytrace=False)
