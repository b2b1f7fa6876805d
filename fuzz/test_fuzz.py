"""Fuzz tests: random tensor programs on each chosen backend, judged against torch (values and gradients)."""
from __future__ import annotations

import dataclasses
import os

from hypothesis import given

from fuzz.strategies import programs
from oracles.judge import judge


OPS = [o for o in os.environ.get("TINYFUZZ_OPS", "").split(",") if o]   # pytest --ops; empty: the whole registry


@given(program=programs(ops=OPS, max_ops=6))
def test_program_matches_torch(program, run_config, known_bugs):
    known_bugs.check(judge(program, run_config), repr(program))


@given(program=programs(ops=OPS, max_ops=4, grad=True))
def test_gradients_match_torch(program, run_config, known_bugs):
    known_bugs.check(judge(program, dataclasses.replace(run_config, grad=True)), repr(program))
