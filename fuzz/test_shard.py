"""Fuzz tests: random programs under random shard plans must match the one-device run (values, gradients,
per-device memory). Budgets are a fraction of the profile's: a sharded example costs several plain ones."""
from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import given, settings

from fuzz.shard import shard_ops, sharded_programs
from fuzz.strategies import programs
from oracles.metamorphic import metamorphic


def budget(fraction: int) -> settings:
    return settings(max_examples=max(1, settings.default.max_examples // fraction))


# Plans use at most this many devices: 8 virtual CPU devices anywhere, the GPUs present on a GPU machine.
MAX_DEVICES = int(os.environ.get("TINYFUZZ_MAX_DEVICES", "8"))
def report(verdicts, program, known_bugs) -> None:
    """Fail on a variant's finding unless it is a registered open tinygrad bug (then it is counted).

    The plain run's own verdict (verdicts[0]) is fuzz/test_fuzz.py's business: reported there, not twice."""
    for v in verdicts[1:]:
        known_bugs.check(v, f"{program!r}\nshard plan: {program.shard}")


@budget(6)
@given(program=sharded_programs(programs(ops=shard_ops(), max_ops=3), max_devices=MAX_DEVICES))
def test_sharded_program_matches_one_device(program, run_config, known_bugs):
    report(metamorphic(program, run_config, variants=["shard", "memory"]), program, known_bugs)


@budget(10)
@given(program=sharded_programs(programs(ops=shard_ops(), max_ops=3, grad=True), max_devices=MAX_DEVICES))
def test_sharded_gradients_match(program, run_config, known_bugs):
    report(metamorphic(program, dataclasses.replace(run_config, grad=True), variants=["grad-shard"]), program,
           known_bugs)
