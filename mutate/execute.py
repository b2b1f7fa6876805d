"""Run one work item: a mutant (or pristine tinygrad) against its selected kill tests, stopping at the first kill.

A work item is plain data (the mutant, the tinygrad directory, the tests with their stored outputs and
timeouts), so the local pool and a Dask cluster run the same thing. Each mutant gets its own overlay and its
own spawned worker: module-level tables are built at import, so a mutant needs a fresh tinygrad import.
The worker's first task imports tinygrad and reports where from; a mutant whose import did not come from its
overlay is an error, never a survivor.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from fuzz.program import Program
from mutate.apply import make_overlay, remove_overlay
from mutate.generate import Mutant
from mutate.store import Result
from oracles.config import TRUSTWORTHY, RunConfig
from oracles.judge import judge
from oracles.speed import speed_verdict
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

# Verdict kind -> the oracle a kill is attributed to (a baseline pass made `unsupported` a crash of the mutant).
ORACLE_OF = {VerdictKind.MISMATCH: "value", VerdictKind.CRASH: "crash", VerdictKind.UNSUPPORTED: "crash",
             VerdictKind.HANG: "hang", VerdictKind.DIED: "died", VerdictKind.SLOW: "speed"}


@dataclass(frozen=True)
class TestCase:
    name: str
    program: dict              # Program JSON
    expected: dict
    timeout: float
    baseline: dict | None = None   # pristine counters: the speed oracle's baseline
    backend: str = "CPU"


@dataclass(frozen=True)
class WorkItem:
    root: str                  # the tinygrad package directory
    mutant: Mutant | None      # None: pristine tinygrad (the baseline run)
    tests: tuple[TestCase, ...]
    backend: str = "CPU"
    import_timeout: float = 30.0
    speed: bool = True
    stop_at_first: bool = True
    overlay_dir: str | None = None
    fork: bool = True          # fork workers from the zygote (mutate/zygote.py) rather than spawn each one
    timings: dict = field(default_factory=dict, hash=False)


def execute(item: WorkItem) -> tuple[Result, dict]:
    """(result, per-test details: seconds and counters) for one mutant."""
    start = time.monotonic()
    m = item.mutant
    ident = (m.id, m.path, m.operator, m.line, m.func) if m else ("pristine", "", "", 0, "")
    base = dict(zip(("mutant", "path", "operator", "line", "func"), ident))
    overlay = make_overlay(item.root, m, parent=item.overlay_dir)
    if item.fork:
        from mutate.zygote import ForkPool, zygote
        pool = ForkPool(zygote())
    else:
        pool = WorkerPool()
    details: dict = {}
    try:
        config = RunConfig(backend=item.backend, sut_path=overlay, counters=True)
        out = pool.call(config, "mutate.worker_tasks:warm", timeout=item.import_timeout)
        setup = time.monotonic() - start
        details["import_s"] = out.seconds
        if out.status != "ok":
            kind = {"hang": "hang", "died": "died"}.get(out.status, "crash")
            detail = out.error.get("reason") or f"{out.error.get('type')}: {out.error.get('message', '')[:200]}"
            return Result(**base, status="killed", test="<import>", oracle=kind, detail=f"import: {detail}",
                          seconds=time.monotonic() - start, setup_s=setup), details
        problem = _untrustworthy(out.value, overlay)
        if problem:
            return Result(**base, status="error", detail=problem, seconds=time.monotonic() - start,
                          setup_s=setup), details
        killed, ran = None, 0
        for t in item.tests:
            ran += 1
            program = Program.from_json(t.program)
            t0 = time.monotonic()
            verdict = judge(program, RunConfig(backend=t.backend, sut_path=overlay, timeout=t.timeout),
                            expected=t.expected, pool=pool, hang_retry=False)   # timeouts: from pristine timings
            counters = verdict.numbers.get("counters", {}) if verdict.kind == VerdictKind.PASS else {}
            details[t.name] = {"seconds": time.monotonic() - t0, "counters": counters, "verdict": verdict.kind.value}
            if verdict.kind == VerdictKind.PASS and item.speed and t.baseline:
                verdict = speed_verdict(counters, t.baseline, ops=tuple(program.ops()), backend=t.backend)
            if verdict.kind != VerdictKind.PASS:
                killed = killed or Result(**base, status="killed", test=t.name, oracle=_oracle(verdict),
                                          detail=verdict.summary()[:300])
                if item.stop_at_first:
                    break
        total = time.monotonic() - start
        if killed:
            return Result(**{**killed.__dict__, "seconds": total, "tests_run": ran, "setup_s": setup,
                             "test_s": total - setup}), details
        return Result(**base, status="survived", seconds=total, tests_run=ran, setup_s=setup,
                      test_s=total - setup), details
    finally:
        pool.close()
        remove_overlay(overlay)


def _untrustworthy(seen: dict, overlay: str) -> str:
    """Why a worker cannot test this mutant, or "": tinygrad from elsewhere, or settings that hide a mutant."""
    if not str(seen.get("file", "")).startswith(overlay):
        return f"tinygrad came from {seen.get('file')}, not the overlay {overlay}"
    for key, value in TRUSTWORTHY.items():
        if str(seen.get(key)) != value:
            return f"worker ran with {key}={seen.get(key)}, a mutant needs {key}={value}"
    return ""


def _oracle(verdict) -> str:
    if verdict.kind == VerdictKind.MISMATCH and verdict.oracle == "grad":
        return "grad"
    return ORACLE_OF.get(verdict.kind, verdict.kind.value)
