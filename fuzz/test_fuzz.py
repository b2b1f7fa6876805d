"""Fuzz tests: random tensor programs on each chosen backend, judged against torch (values and gradients)."""
from __future__ import annotations

import dataclasses
import os

from hypothesis import given

from fuzz.strategies import programs
from oracles.judge import judge
from oracles.worker import WorkerPool

# Workers of this file's own: tasks of other fuzz files (JIT, opt sequences, sharding) run in the same xdist process
# and may leave tinygrad state behind in a shared worker; a plain program must meet a plain tinygrad.
POOL = WorkerPool()


OPS = [o for o in os.environ.get("TINYFUZZ_OPS", "").split(",") if o]   # pytest --ops; empty: the whole registry


def _fresh(program, config):
    """Judge in a new worker: tells a crash of this program from one left behind by earlier programs."""
    def again():
        pool = WorkerPool()
        try:
            return judge(program, config, pool=pool)
        finally:
            pool.close()
    return again


@given(program=programs(ops=OPS, max_ops=6))
def test_program_matches_torch(program, run_config, known_bugs):
    known_bugs.check(judge(program, run_config, pool=POOL), repr(program), fresh=_fresh(program, run_config),
                     program=program, config=run_config)


@given(program=programs(ops=OPS, max_ops=4, grad=True))
def test_gradients_match_torch(program, run_config, known_bugs):
    config = dataclasses.replace(run_config, grad=True)
    known_bugs.check(judge(program, config, pool=POOL), repr(program), fresh=_fresh(program, config),
                     program=program, config=config)
