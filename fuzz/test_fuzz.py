"""Fuzz tests: random tensor programs on each chosen backend, judged against torch (values and gradients)."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given

from fuzz.strategies import programs
from oracles.judge import judge


def _check(program, config):
    verdict = judge(program, config)
    if verdict.failed:
        pytest.fail(f"{verdict.summary()}\n{program!r}", pytrace=False)


@given(program=programs(max_ops=6))
def test_program_matches_torch(program, run_config):
    _check(program, run_config)


@given(program=programs(max_ops=4, grad=True))
def test_gradients_match_torch(program, run_config):
    _check(program, dataclasses.replace(run_config, grad=True))
