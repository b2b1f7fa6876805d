"""The fuzz tests' gate: registered open bugs pass (counted), state-dependent crashes are reported, the rest fail."""
from __future__ import annotations

import pytest

from conftest import KnownBugGate
from corpus.known import KnownBug, Registry
from oracles.verdict import Verdict, VerdictKind

CRASH = Verdict(VerdictKind.CRASH, "crash", "RuntimeError: boom", exc_type="RuntimeError", message="boom",
                ops=("sort",), backend="CPU")
PASS = Verdict(VerdictKind.PASS, "value", backend="CPU")


def gate(rows=()) -> KnownBugGate:
    g = KnownBugGate()
    g.registry = Registry(list(rows))
    g.hits = {}
    return g


def test_unknown_crash_fails():
    with pytest.raises(pytest.fail.Exception, match="boom"):
        gate().check(CRASH, "program")


def test_registered_bug_is_counted_not_failed():
    bug = KnownBug("KB-9999", "x", "boom on sort", "open", (), "crash", match={"verdict": "crash", "oracle": "crash", "ops": ["sort"], "text": "boom"})
    g = gate([bug])
    g.check(CRASH, "program")
    assert g.hits == {"KB-9999": 1}


def test_crash_that_recurs_in_a_fresh_worker_fails():
    with pytest.raises(pytest.fail.Exception):
        gate().check(CRASH, "program", fresh=lambda: CRASH)


def test_crash_gone_in_a_fresh_worker_is_reported_as_state_dependent():
    g = gate()
    g.check(CRASH, "program", fresh=lambda: PASS)
    assert list(g.hits) == [f"state-dependent crash {CRASH.bucket} (RuntimeError)"]


def test_mismatch_is_not_rechecked():
    mismatch = Verdict(VerdictKind.MISMATCH, "value", "off", ops=("add",), backend="CPU")
    with pytest.raises(pytest.fail.Exception):
        gate().check(mismatch, "program", fresh=lambda: PASS)


def test_unsupported_share_counts_tinygrads_refusals_apart_from_the_machines(monkeypatch):
    from conftest import over_bound
    g = gate()
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "fuzz/test_fuzz.py::test_x (call)")
    refused = Verdict(VerdictKind.UNSUPPORTED, "crash", numbers={"refusal": "null-copyout"}, backend="NULL")
    machine = Verdict(VerdictKind.UNSUPPORTED, "crash", numbers={"refusal": "cc-without-bf16"}, backend="CPU")
    for v in [refused] * 6 + [machine] * 3 + [PASS]:
        g.check(v)
    assert g.unsupported_share("fuzz/test_fuzz.py::test_x") == (10, 6, 3)
    assert over_bound(10, 6) and not over_bound(10, 5) and not over_bound(9, 9)
