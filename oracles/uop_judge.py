"""Judging UOp kernels: run one in a worker and compare with the numpy reference; render on NULL targets;
check the symbolic simplifier on index expressions; check opt invariance. Each answer is a Verdict."""
from __future__ import annotations

import numpy as np

from fuzz.uop.ir import UKernel
from fuzz.uop.reference import evaluate
from fuzz.uop.simplify import IndexProblem
from oracles.compare import nonfinite_difference
from oracles.config import RunConfig
from oracles.judge import is_unsupported
from oracles.verdict import Verdict, VerdictKind, died
from oracles.worker import Outcome, WorkerPool, pool as default_pool

# Tolerances per dtype (atol, rtol): exact for ints and bools; transcendental ops and reductions need slack.
TOL = {"float64": (1e-9, 1e-7), "float32": (1e-5, 1e-5), "float16": (1e-2, 2e-3)}
TRANSCENDENTAL_TOL = {"float64": (1e-6, 1e-5), "float32": (1e-4, 1e-3), "float16": (2e-2, 1e-2)}


def _outcome_verdict(outcome: Outcome, oracle: str, base: dict) -> Verdict | None:
    if outcome.status == "hang":
        return Verdict(VerdictKind.HANG, oracle, outcome.error.get("reason", ""), **base)
    if outcome.status == "died":
        return died(outcome.error, oracle, **base)
    if outcome.status == "error":
        e = outcome.error
        # oracles/refusals.py: opts the kernel cannot take, a compile-only target's missing compiler library...
        unsupported = is_unsupported(e, base["backend"].split(" ")[0], oracle)
        return Verdict(VerdictKind.UNSUPPORTED if unsupported else VerdictKind.CRASH, oracle,
                       f"{e['type']}: {e['message'][:300]}", exc_type=e["type"], message=e["message"],
                       frame=e.get("frame", ""), **base)
    return None


def difference(got: np.ndarray, want: np.ndarray) -> str:
    """The kind of difference (oracles.verdict.DIFFERENCES) between a kernel's output and the reference's."""
    if got.shape != want.shape:
        return "shape"
    if got.dtype != want.dtype:
        return "dtype"
    nonfinite = nonfinite_difference(got, want) if want.dtype.kind == "f" else None
    return nonfinite.what if nonfinite is not None else "value"


def compare_output(k: UKernel, got: np.ndarray, want: np.ndarray) -> str:
    """'' when got matches want under the kernel's tolerance, else a sentence saying where and by how much."""
    if got.shape != want.shape or got.dtype != want.dtype:
        return f"output has shape {got.shape} {got.dtype}, expected {want.shape} {want.dtype}"
    if want.dtype.kind != "f":
        bad = np.nonzero(got != want)[0]
        return f"{len(bad)} of {want.size} elements differ; first at [{bad[0]}]: got {got[bad[0]]}, want {want[bad[0]]}" \
            if len(bad) else ""
    transcendental = any(op.split(".")[-1] in ("exp2", "log2", "sin", "sqrt", "recip") for op in k.ops())
    atol, rtol = (TRANSCENDENTAL_TOL if transcendental else TOL)[want.dtype.name]
    g, w = got.astype(np.float64), want.astype(np.float64)
    # float max and the C ternary disagree on which NaN operand wins: a NaN in the reference only asks for "any".
    wild = np.isnan(w) if any(op in ("alu.max", "reduce.max") for op in k.ops()) else np.zeros(w.shape, bool)
    with np.errstate(all="ignore"):
        close = np.isclose(g, w, atol=atol, rtol=rtol, equal_nan=True) | wild
        reduced = bool(k.reduce) and "reduce" in str(k.value)
        if reduced:                       # accumulation order differs; scale the slack by the magnitude summed
            close |= np.abs(g - w) <= atol + rtol * 8 * np.abs(w).max(initial=0)
    bad = np.nonzero(~close)[0]
    return f"{len(bad)} of {want.size} elements differ; first at [{bad[0]}]: got {got[bad[0]]}, want {want[bad[0]]}" \
        if len(bad) else ""


def judge_uop(k: UKernel, config: RunConfig, pool: WorkerPool | None = None, expected: np.ndarray | None = None) -> Verdict:
    """Run the kernel on config.backend and compare with the reference (oracle "uop"); NULL targets render only."""
    base = dict(ops=tuple(k.ops()), backend=config.label())
    if config.backend.startswith("NULL"):
        out = (pool or default_pool()).call(config, "oracles.uop_eval:render_kernel", kernel=k.to_json())
        return _outcome_verdict(out, "render", base) or Verdict(VerdictKind.PASS, "render", "", **base)
    want = evaluate(k) if expected is None else expected
    out = (pool or default_pool()).call(config, "oracles.uop_eval:run_kernel", kernel=k.to_json())
    if (v := _outcome_verdict(out, "uop", base)) is not None:
        return v
    got = out.value["output"]
    diff = compare_output(k, got, want)
    if diff:
        return Verdict(VerdictKind.MISMATCH, "uop", diff, numbers={"got": got.tolist()[:64], "want": want.tolist()[:64],
                                                                   "dtype": str(want.dtype), "what": difference(got, want)}, **base)
    return Verdict(VerdictKind.PASS, "uop", "", **base)


def judge_simplify(p: IndexProblem, config: RunConfig, pool: WorkerPool | None = None, limit: int = 4096) -> Verdict:
    """Does simplify() (and the codegen's sym rewrites) keep the expression's value everywhere in bounds?"""
    base = dict(ops=tuple(sorted({n[0] for n in _nodes(p.expr)})), backend=config.label())
    out = (pool or default_pool()).call(config, "oracles.uop_eval:check_simplify", problem=p.to_json(), limit=limit)
    if (v := _outcome_verdict(out, "simplify", base)) is not None:
        return v
    bad = out.value["bad"]
    if bad:
        b = bad[0]
        return Verdict(VerdictKind.MISMATCH, "simplify",
                       f"{b['rewrite']} changes the value at {b['at']}: {b['got']} instead of {b['want']} "
                       f"({b['count']} of {out.value['checked']} assignments); rewritten: {b['rendered'][:200]}",
                       numbers={"bad": bad}, **base)
    return Verdict(VerdictKind.PASS, "simplify", "", numbers={"checked": out.value["checked"]}, **base)


def judge_opts(k: UKernel, config: RunConfig, pool: WorkerPool | None = None) -> Verdict:
    """Opt invariance: the kernel with its opts gives what it gives without (the reference is not consulted)."""
    base = dict(ops=tuple(k.ops()), backend=config.label())
    p = pool or default_pool()
    plain = p.call(config, "oracles.uop_eval:run_kernel", kernel=k.with_(opts=()).to_json())
    opted = p.call(config, "oracles.uop_eval:run_kernel", kernel=k.to_json())
    for o in (plain, opted):
        if (v := _outcome_verdict(o, "opts", base)) is not None:
            return v
    diff = compare_output(k, opted.value["output"], plain.value["output"])
    if diff:
        return Verdict(VerdictKind.MISMATCH, "opts", f"with opts {list(k.opts)}: {diff}", **base)
    return Verdict(VerdictKind.PASS, "opts", "", **base)


def _nodes(e) -> list:
    from fuzz.uop.ir import walk
    return walk(e)


def bench(backends=("CPU", "CPU:X86", "PYTHON"), n: int = 30) -> dict:
    """Kernels judged per second on each backend (warm worker, derandomized kernels); prints one line each."""
    import time
    from hypothesis import HealthCheck, given, settings
    from fuzz.uop.strategies import PROMOTION_SAFE, index_expressions, uop_programs
    rates = {}
    pool = WorkerPool()
    try:
        def timed(name, strategy, judge_one):
            items = []

            @settings(max_examples=n, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
            @given(strategy)
            def collect(x):
                items.append(x)
            collect()
            judge_one(items[0])                       # warm the worker: tinygrad's import is not a kernel
            start = time.perf_counter()
            kinds = [judge_one(x).kind.value for x in items]
            rates[name] = len(items) / (time.perf_counter() - start)
            print(f"{name:18} {rates[name]:6.1f} kernels/s over {len(items)} ({kinds.count('pass')} pass)")
        for b in backends:
            timed(b, uop_programs(alu_dtypes=PROMOTION_SAFE), lambda k: judge_uop(k, RunConfig(backend=b), pool))
        timed("simplify", index_expressions(), lambda p: judge_simplify(p, RunConfig(backend="PYTHON"), pool))
    finally:
        pool.close()
    return rates


if __name__ == "__main__":
    bench()
