"""Run one work item: a mutant (or pristine tinygrad) against its selected kill tests, stopping at the first kill.

Every oracle is a kill test (issue 18). A test's answers are pristine tinygrad's own (outputs and gradients, recorded
by `baseline` with the coverage), so a mutant is judged differentially: values, gradients, speed counters, crashes
and hangs on the plain run of every selected test first, then the metamorphic variants (NOOPT, random kernel opts,
JIT replay, realize boundaries) that agreed with pristine on that test, on the first `variant_tests` tests. A kill
is attributed to the oracle that saw it.

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
from oracles import expected as answers_codec
from oracles.backend_table import BY_NAME
from oracles.config import TRUSTWORTHY, RunConfig
from oracles.judge import judge, run as run_program
from oracles.metamorphic import metamorphic
from oracles.render_eval import render_verdict
from oracles.speed import speed_verdict
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

# Verdict kind -> the oracle a kill is attributed to (a baseline pass made `unsupported` a crash of the mutant).
ORACLE_OF = {VerdictKind.MISMATCH: "value", VerdictKind.CRASH: "crash", VerdictKind.UNSUPPORTED: "crash",
             VerdictKind.HANG: "hang", VerdictKind.DIED: "died", VerdictKind.SLOW: "speed"}


# The metamorphic oracles a kill test may run (oracles/metamorphic.py), each about one more run of the program: all
# but BEAM's search and the memory oracle. Winograd only where a program has a 3x3 conv2d; the shard plans only where
# a kill test carries one (the kill suite draws some), and they are how a mutant in schedule/multi.py is reached.
KILL_VARIANTS = ("opt:noopt", "opt:random", "jit", "realize", "wino", "shard", "grad-shard")
# Backends whose kill tests also run the variants: the variants exercise scheduling, the JIT and kernel opts, code all
# backends share, so one backend runs them; on the others a test is the plain run (the renderer's own code). Recording
# 350 tests with every variant took 14 minutes per backend on 2 cores (2026-12-06).
VARIANT_BACKENDS = ("CPU",)
VARIANT_TIMEOUT = 3.0          # x a test's timeout: a variant compiles its kernels again, another way


@dataclass(frozen=True)
class TestCase:
    name: str
    program: dict              # Program JSON
    expected: dict             # pristine tinygrad's answers (or stored reference outputs)
    timeout: float
    baseline: dict | None = None   # pristine counters: the speed oracle's baseline
    backend: str = "CPU"
    variants: tuple[str, ...] = ()   # metamorphic oracles that agree with pristine on this test


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
    variant_tests: int = 8     # how many selected tests also run their metamorphic variants (0: none)
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
        config = backend_config(item.backend, sut_path=overlay, counters=True)     # a row's settings too
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
        if m is None and not item.stop_at_first:
            details.update(baseline(item, overlay, pool))
            return Result(**base, status="survived", seconds=time.monotonic() - start, tests_run=len(item.tests),
                          setup_s=setup), details
        killed, ran = None, 0
        for t in item.tests:
            ran += 1
            program = Program.from_json(t.program)
            t0 = time.monotonic()
            verdict, counters = mutant_verdict(program, t.backend, _config(t, overlay, program), t.expected, pool,
                                               t.baseline if item.speed else None)
            details[t.name] = {"seconds": time.monotonic() - t0, "counters": counters, "verdict": verdict.kind.value}
            if verdict.kind != VerdictKind.PASS:
                killed = killed or Result(**base, status="killed", test=t.name, oracle=oracle_of(verdict),
                                          detail=verdict.summary()[:300])
                if item.stop_at_first:
                    break
        if not killed:
            for t in [t for t in item.tests if t.variants][:item.variant_tests]:
                ran += 1
                program = Program.from_json(t.program)
                failed = next((v for v in _variant_verdicts(t, overlay, program, pool) if v.failed), None)
                if failed:
                    killed = Result(**base, status="killed", test=t.name, oracle=failed.oracle,
                                    detail=failed.summary()[:300])
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


def baseline(item: WorkItem, overlay: str, pool) -> dict:
    """Pristine tinygrad's answers for every test: {name: {seconds, counters, verdict, answers, variants}}.

    The plain run (with gradients where the program has them) gives the answers a mutant is compared with; a
    variant is kept for the test when pristine tinygrad agrees with itself under it."""
    out = {}
    for t in item.tests:
        program = Program.from_json(t.program)
        cfg = _config(t, overlay, program)
        t0 = time.monotonic()
        if compile_only(t.backend):
            rendered = render_verdict(program, cfg, pool)
            out[t.name] = {"seconds": time.monotonic() - t0, "verdict": rendered.kind.value, "counters": {},
                           "answers": b"", "variants": []}
            continue
        outcome = run_program(program, cfg, pool)
        seconds = time.monotonic() - t0
        if outcome.status != "ok":
            out[t.name] = {"seconds": seconds, "verdict": outcome.status, "counters": {}}
            continue
        value = outcome.value
        answers = answers_of(value)
        test = TestCase(t.name, t.program, answers, t.timeout, backend=t.backend, variants=KILL_VARIANTS)
        agree = [v.oracle for v in _variant_verdicts(test, overlay, program, pool) if v.kind == VerdictKind.PASS] \
            if t.backend in VARIANT_BACKENDS else []
        out[t.name] = {"seconds": seconds, "verdict": "pass", "counters": value.get("counters", {}),
                       "answers": answers_codec.to_bytes(answers), "variants": agree}
    return out


def answers_of(value: dict) -> dict:
    """Pristine tinygrad's answers from its plain run: the outputs and gradients a mutant's are compared with."""
    return {"outputs": value["outputs"], "grads": value.get("grads")}


def mutant_verdict(program: Program, backend: str, cfg: RunConfig, answers: dict, pool,
                   baseline: dict | None = None):
    """(verdict, counters) of one plain run with the mutant planted. On a compile-only target nothing runs: a kernel
    that no longer renders or compiles kills. Elsewhere values and gradients are judged against pristine's answers
    (no hang retry: timeouts come from pristine's timings), then, given pristine's counters, the speed oracle."""
    if compile_only(backend):
        return render_verdict(program, cfg, pool), {}
    verdict = judge(program, cfg, expected=answers, pool=pool, hang_retry=False)
    counters = verdict.numbers.get("counters", {}) if verdict.kind == VerdictKind.PASS else {}
    if verdict.kind == VerdictKind.PASS and baseline:
        verdict = speed_verdict(counters, baseline, ops=tuple(program.ops()), backend=backend)
    return verdict, counters


def compile_only(backend: str) -> bool:
    """A target that renders and compiles kernels but runs none (NULL::gfx1100, NULL:CUDA:sm_90, ...)."""
    row = BY_NAME.get(backend)
    return row is not None and row.mode == "compile-only"


def _config(t: TestCase, overlay: str, program: Program, timeout: float | None = None) -> RunConfig:
    grad = any(i.requires_grad for i in program.inputs) and not compile_only(t.backend)
    return backend_config(t.backend, sut_path=overlay, timeout=timeout or t.timeout, grad=grad)


def backend_config(backend: str, **settings) -> RunConfig:
    """A RunConfig for a kill-test backend: a table row's own settings (DEV, env, worker modes) come with it."""
    row = BY_NAME.get(backend)
    return row.config(**settings) if row else RunConfig(backend=backend, **settings)


def _variant_verdicts(t: TestCase, overlay: str, program: Program, pool) -> list:
    """The verdicts of the test's metamorphic variants against its answers (the plain run's own left out)."""
    cfg = _config(t, overlay, program, t.timeout * VARIANT_TIMEOUT)
    return metamorphic(program, cfg, t.variants, t.expected, pool)[1:]


def _untrustworthy(seen: dict, overlay: str) -> str:
    """Why a worker cannot test this mutant, or "": tinygrad from elsewhere, or settings that hide a mutant."""
    if not str(seen.get("file", "")).startswith(overlay):
        return f"tinygrad came from {seen.get('file')}, not the overlay {overlay}"
    for key, value in TRUSTWORTHY.items():
        if str(seen.get(key)) != value:
            return f"worker ran with {key}={seen.get(key)}, a mutant needs {key}={value}"
    return ""


def oracle_of(verdict) -> str:
    """The oracle a kill is attributed to: one column each in the report."""
    if verdict.kind == VerdictKind.MISMATCH and verdict.oracle == "grad":
        return "grad"
    if verdict.kind in (VerdictKind.CRASH, VerdictKind.UNSUPPORTED) and verdict.oracle == "render":
        return "render"        # a compile-only target's kernel no longer renders or compiles
    return ORACLE_OF.get(verdict.kind, verdict.kind.value)
