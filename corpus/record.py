"""Turning a failure into a corpus bucket: torch's reference, the minimizer's predicate, the repro, the write.

The library half of `fuzz run`, `fuzz minimize`, `fuzz add`, `fuzz diff` and the pytest gate: commands only wire
these. The flow stays one way: corpus code may use fuzz (generate, minimize, write repros) and oracles (judge).
"""
from __future__ import annotations

import dataclasses


def tinygrad_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("tinygrad")
    except metadata.PackageNotFoundError:
        return "unknown"


def reference_or_none(program, grad: bool = False):
    """torch's answer, or None when torch refuses (oracles.reference.ReferenceError_: the suite's bug) or dies.

    torch runs in a worker of its own (oracles.reference.REFERENCE_CONFIG): a torch that crashes on a program (a
    segfault in conv_transpose2d took a 2-job campaign down on 2026-12-06) is a death there, not the campaign's."""
    from oracles.reference import REFERENCE_CONFIG, REFERENCE_TASK, REFERENCE_TIMEOUT
    from oracles.verdict import SuiteError
    from oracles.worker import pool
    out = pool().call(REFERENCE_CONFIG, REFERENCE_TASK, timeout=REFERENCE_TIMEOUT, program=program.to_json(), grad=grad)
    if out.status == "ok":
        return out.value
    if out.status == "error" and out.error.get("type") != "ReferenceError_":
        raise SuiteError(f"the reference raised: {out.error.get('type')}: {out.error.get('message', '')[:300]}\n"
                         f"{out.error.get('traceback', '')}")
    return None


def tolerances(program) -> list:
    """(atol, rtol) per output as the judge uses them; None for exact (integer, bool) outputs."""
    from fuzz.dtypes import DTYPES
    from fuzz.infer import infer
    from fuzz.ops import OPS
    from oracles.compare import program_tolerance
    from oracles.judge import depth
    specs = infer(program)
    classes = [OPS[op].tol for op in program.ops()]
    return [program_tolerance(classes, specs[o].dtype, depth(program, o)) if DTYPES[specs[o].dtype].is_float else None
            for o in program.outputs]


def repro_for(program, verdict, config, expected: dict | None, grad_run: bool = False) -> str:
    from fuzz.repro import write_repro
    from oracles.config import MACHINE_SETTINGS, TRUSTWORTHY
    from oracles.metamorphic import VARIANTS
    if (variant := VARIANTS.get(verdict.oracle)) is not None:   # the settings the variant ran under: an opt:beam
        config = dataclasses.replace(config, opt=variant.opt, env=config.env + variant.env)   # repro sets BEAM=2
    harness = dict(config.harness)
    env = {k: v for k, v in config.environ().items()
           if k not in TRUSTWORTHY and k not in MACHINE_SETTINGS and k not in harness}
    title = f"tinyfuzz bucket {verdict.bucket}: {verdict.summary()}"
    hang = config.timeout * 3 if verdict.kind.value == "hang" else None
    return write_repro(program, title=title[:300], env=env, expected=(expected or {}).get("outputs"),
                       tolerances=tolerances(program), hang_after=hang,
                       grads=grad_check(program, verdict, expected, grad_run or config.grad),
                       sharded=bool(program.shard) and verdict.oracle in SHARD_ORACLES)


SHARD_ORACLES = ("shard", "grad-shard", "memory")    # their verdicts need the plan in the repro


def grad_check(program, verdict, expected: dict | None, grad_run: bool = False):
    """A gradient verdict's repro checks the gradients, with the judge's loss and tolerance (oracles.judge). A crash,
    death or hang of a run that took gradients (grad mode) takes them too, checking them where torch gave some: the
    backward pass is where it may fail (bucket 20de794b44, a segfault in a max's gradient, whose repro without the
    backward exited 0)."""
    import numpy as np
    from fuzz.dtypes import DTYPES
    from fuzz.infer import infer
    from fuzz.ops import OPS
    from fuzz.repro import GradCheck
    from oracles.compare import program_tolerance
    from oracles.judge import magnitude
    from oracles.tiny_eval import loss_weights
    failed_running = grad_run and verdict.kind.value in ("crash", "died", "hang") and \
        any(inp.requires_grad for inp in program.inputs)
    if not failed_running and (verdict.oracle not in ("grad", "grad-shard") or not (expected or {}).get("grads")):
        return None
    specs = infer(program)
    weights = [loss_weights(tuple(specs[o].shape), i) if DTYPES[specs[o].dtype].is_float else None
               for i, o in enumerate(program.outputs)]
    classes = [OPS[op].tol for op in program.ops()] + ["grad"]
    tols = []
    undetermined = list((expected or {}).get("undetermined") or [])
    for i, (inp, want) in enumerate(zip([inp for inp in program.inputs if inp.requires_grad],
                                        (expected or {}).get("grads") or [])):
        atol, rtol = program_tolerance(classes, inp.dtype, len(program.nodes))
        if i < len(undetermined) and np.shape(undetermined[i]) == np.shape(want):    # not judged, not the scale
            want = np.where(undetermined[i], np.nan, np.asarray(want, np.float64))
        tols.append((atol + rtol * magnitude(want), rtol))     # normwise, as the judge compares gradients
    return GradCheck(weights=weights, expected=list((expected or {}).get("grads") or []), tolerances=tols,
                     undetermined=undetermined)


def fails_alike(verdict, config, seen: dict, mode: str = "values", registry=None):
    """The minimizer's predicate: a candidate still fails with the same core signature, judged in the campaign mode
    that found the failure (fuzz/modes.py; a variant's failure is looked for in that variant's verdict). Every judged
    candidate's (verdict, expected) lands in `seen`, keyed by content hash, so the caller can write the one it keeps.

    With a registry, a candidate must also keep the failure's identity (corpus.triage): a new failure stays new, a
    registered bug stays that bug. Shrinking drifts toward the simplest failing program, and under a planted JIT bug
    that was an output that is an input itself, KB-0028's own symptom: the regression was counted known."""
    from fuzz.modes import MODES
    from oracles.metamorphic import judge_as
    from oracles.verdict import SuiteError
    grad = config.grad or MODES[mode].grad
    identity = _identity(verdict, registry)

    def still_fails(candidate) -> bool:
        exp = reference_or_none(candidate.with_(shard=None), grad)
        if exp is None:
            return False
        try:   # the failure's own hang was retried already
            v = judge_as(candidate, config, mode, verdict.oracle, exp, hang_retry=False)
        except SuiteError:            # a candidate the suite cannot judge is not the same failure
            return False
        if v is None:
            return False
        seen[candidate.content_hash] = (v, exp)
        return v.failed and v.core == verdict.core and _identity(v, registry) == identity
    return still_fails


def _identity(verdict, registry):
    """New, or the registered bug's id (corpus.triage); None without a registry (no constraint)."""
    if registry is None:
        return None
    from corpus.triage import Decision, triage
    decided = triage(verdict, registry)
    return decided.bug.id if decided.decision in (Decision.KNOWN, Decision.REGRESSION) else "new"


class Recorder:
    """Turns one failure into a bucket: a hit when its raw signature is known, else minimize, repro, write."""

    def __init__(self, corpus, max_checks: int = 150, max_seconds: float = 120.0, log=print, registry=None):
        self.corpus, self.max_checks, self.max_seconds, self.log = corpus, max_checks, max_seconds, log
        self.registry = registry        # minimization keeps the failure's triage identity (fails_alike)
        self.version = tinygrad_version()

    def record(self, program, verdict, config, expected: dict, mode: str = "values") -> tuple[str, bool, dict]:
        from fuzz.minimize import Stats, minimize
        known = self.corpus.bucket_of_raw(verdict.signature)
        if known is not None:
            self.corpus.add_hit(known, verdict.signature, verdict.backend)
            return known, False, {}
        seen = {program.content_hash: (verdict, expected)}
        still_fails = fails_alike(verdict, config, seen, mode, self.registry)
        stats = Stats()
        best = program
        try:
            if self.max_checks > 0:
                best = minimize(program, still_fails, max_checks=self.max_checks, max_seconds=self.max_seconds,
                                stats=stats)
        except KeyboardInterrupt:
            best = stats.best if stats.best is not None else program   # keep what was found, then stop
            self._write(best, program, verdict, seen, config, stats, mode, interrupted=True)
            raise
        return self._write(best, program, verdict, seen, config, stats, mode)

    def _write(self, best, program, verdict, seen, config, stats, mode, interrupted: bool = False) -> tuple[str, bool, dict]:
        final, exp = seen[best.content_hash]
        # interrupted: write at once, without the fresh worker's judgement (a large program's cold compile there kept
        # a Ctrl-C'd 2-job run alive past a minute)
        fresh = "not checked (interrupted)" if interrupted else fresh_verdict(best, config, exp, mode, verdict.oracle)
        sizes = {"ops_before": len(program.nodes), "ops_after": len(best.nodes), "size_before": program.size,
                 "size_after": best.size, "checks": stats.checks, "fresh": fresh}
        from fuzz.modes import MODES
        from oracles.capabilities import probe
        host = probe(config.environ().get("CC")).to_json()      # replay elsewhere compares what matters (NEEDS)
        repro = repro_for(best, final, config, exp, MODES[mode].grad)
        bucket, new = self.corpus.record(best, final, raw_signature=verdict.signature, tinygrad=self.version,
                                         expected=exp, repro=repro, sizes=sizes, host=host,
                                         mode=mode)
        return bucket, new, {**sizes, "verdict": final}     # the minimized verdict, for the caller's triage


def fresh_verdict(program, config, expected, mode: str = "values", oracle: str = "value") -> str:
    """The verdict in a new worker: a failure that needs an earlier program's state there says 'pass' here."""
    from oracles.metamorphic import judge_as
    from oracles.worker import WorkerPool
    pool = WorkerPool()
    try:
        v = judge_as(program, config, mode, oracle, expected, pool)
        return v.kind.value if v is not None else "pass"
    finally:
        pool.close()
