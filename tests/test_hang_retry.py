"""A hang is judged only after a fresh-worker retry with a longer allowance (oracles/judge.py HANG_RETRY, issue 16).

Planted: Tensor.sin sleeping 4 s (a slow compile) under a 2 s timeout passes on the retry; Tensor.sin sleeping an hour
is still a hang, and says it was retried. Control: the same program, unplanted, passes at once.
"""
from __future__ import annotations

import pytest

from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.judge import HANG_RETRY, judge
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

SIN = Program((Input((3,), "float32", Values(data=(0.0, 0.5, 1.0))),), (Node("sin", (0,)),), outputs=(1,))
NEG = SIN.with_(nodes=(Node("neg", (0,)),))


@pytest.fixture
def warm(monkeypatch):
    """A pool whose worker has answered once (a fresh worker's import allowance is over), and a short allowance for
    the fresh worker of the retry."""
    import oracles.worker
    monkeypatch.setattr(oracles.worker, "STARTUP_ALLOWANCE", 8.0)
    pool = WorkerPool()

    def judged(patches, **kwargs):
        config = RunConfig(backend="CPU", timeout=2.0, patches=patches)
        assert judge(NEG, config, pool=pool).kind == VerdictKind.PASS
        return judge(SIN, config, pool=pool, **kwargs)
    yield judged
    pool.close()


@pytest.mark.parametrize("patches, kind", [
    ((), VerdictKind.PASS),                                    # control
    (("tests.plants:slow-sin",), VerdictKind.PASS),            # slower than the timeout, not hung
    (("tests.plants:hang",), VerdictKind.HANG),                # silent through the retry too
])
def test_hang_needs_a_second_silence(warm, patches, kind):
    assert 4 < 2 * HANG_RETRY < 3600
    verdict = warm(patches)
    assert verdict.kind == kind, verdict.summary()
    if kind == VerdictKind.HANG:
        assert "in a fresh worker" in verdict.detail


def test_without_retry_a_slow_compile_is_a_hang(warm):
    """Mutation testing opts out (its timeouts come from pristine timings): the plant shows the retry is what helps."""
    assert warm(("tests.plants:slow-sin",), hang_retry=False).kind == VerdictKind.HANG


def test_a_variant_slower_than_the_timeout_is_retried_too():
    """A metamorphic variant's silence is retried in a fresh worker as the plain run's is: under TinyJit the planted
    4 s sin runs five times (20 s) against a 9 s timeout; before, that was a jit "hang" bucket (17fa7012db: svdvals
    compiling under jit on a loaded machine, passing when judged again)."""
    from oracles.metamorphic import metamorphic
    pool = WorkerPool()
    try:
        config = RunConfig(backend="CPU", timeout=9.0, patches=("tests.plants:slow-sin",))
        plain, jit = metamorphic(SIN, config, ("jit",), pool=pool)
        assert plain.kind == VerdictKind.PASS and jit.oracle == "jit"
        assert jit.kind == VerdictKind.PASS, jit.summary()
    finally:
        pool.close()
