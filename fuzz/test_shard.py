"""Fuzz tests: random programs under random shard plans must match the one-device run (values, gradients,
per-device memory). Budgets are a fraction of the profile's: a sharded example costs several plain ones."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings

from fuzz.shard import shard_ops, sharded_programs
from fuzz.strategies import programs
from oracles.metamorphic import metamorphic


def budget(fraction: int) -> settings:
    return settings(max_examples=max(1, settings.default.max_examples // fraction))


def report(verdicts, program) -> None:
    """Fail on the first variant's finding; an open known bug's bucket is an expected failure.

    The plain run's own verdict (verdicts[0]) is fuzz/test_fuzz.py's business: reported there, not twice."""
    from corpus.known import load
    registry = load()
    for v in verdicts[1:]:
        if not v.failed:
            continue
        known = registry.get(v.bucket)
        if known is not None and known.open:
            pytest.xfail(f"{known.id}: {known.title}")
        pytest.fail(f"{v.summary()}\nbucket {v.bucket}\n{program!r}\nshard plan: {program.shard}", pytrace=False)


@budget(6)
@given(program=sharded_programs(programs(ops=shard_ops(), max_ops=3)))
def test_sharded_program_matches_one_device(program, run_config):
    report(metamorphic(program, run_config, variants=["shard", "memory"]), program)


@budget(10)
@given(program=sharded_programs(programs(ops=shard_ops(), max_ops=3, grad=True)))
def test_sharded_gradients_match(program, run_config):
    report(metamorphic(program, dataclasses.replace(run_config, grad=True), variants=["grad-shard"]), program)
