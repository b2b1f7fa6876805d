"""Fuzz tests: a random program must give the same answer under NOOPT, random kernel-opt sequences, BEAM,
TinyJit replay with changed inputs, and with every intermediate realized."""
from __future__ import annotations

from hypothesis import given, settings

from fuzz.strategies import programs
from fuzz.test_shard import budget, report
from oracles.metamorphic import metamorphic


@budget(6)
@given(program=programs(max_ops=4))
def test_compiled_other_ways_same_answer(program, run_config, known_bugs):
    report(metamorphic(program, run_config, variants=["opt:noopt", "opt:random", "jit", "realize"]), program, known_bugs)


@budget(30)
@given(program=programs(max_ops=3))
def test_beam_same_answer(program, run_config, known_bugs):
    report(metamorphic(program, run_config, variants=["opt:beam"]), program, known_bugs)
