"""`python -m fuzz run`: explore with seeded programs, judge them on backends, write each new failure to the corpus.

This CLI wires the stages: fuzz.strategies generates, oracles.judge judges, fuzz.minimize shrinks with the
judge as its predicate, fuzz.repro writes the script and corpus.store keeps the bucket. Failures are written as
they are found (atomically), so Ctrl-C or SIGTERM loses nothing already found.
"""
from __future__ import annotations

import signal
import time
from collections import Counter
from dataclasses import dataclass, field

HELP = "explore: generate programs, judge them on backends, write new failures to the corpus"


def add_arguments(p) -> None:
    p.add_argument("--backend", default="CPU", help="comma-separated backends (CPU, CPU:X86, PYTHON, ...)")
    p.add_argument("--minutes", type=float, default=10.0, help="stop after this long (default 10)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same programs (default 0)")
    p.add_argument("--max-ops", type=int, default=6, help="ops per program, at most (default 6)")
    p.add_argument("--max-programs", type=int, default=None, help="stop after this many programs")
    p.add_argument("--ops", default="", help="comma-separated ops to draw from (default: all)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: the repository's corpus/)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program before it is a hang (default 20)")
    p.add_argument("--minimize-checks", type=int, default=150, help="judge calls the minimizer may spend per failure")
    p.add_argument("--minimize-seconds", type=float, default=120.0, help="seconds the minimizer may spend per failure")
    p.add_argument("--patch", action="append", default=[], metavar="MODULE:NAME",
                   help="apply a planted bug in the workers (the suite's own tests: tests.plants:exp2-high)")


@dataclass
class Tally:
    programs: int = 0
    verdicts: Counter = field(default_factory=Counter)
    new: list = field(default_factory=list)          # (bucket, summary, sizes)
    hits: int = 0
    suite_errors: int = 0


def configs(args) -> list:
    """RunConfigs for the flags, checked: bad values are UsageErrors before anything runs."""
    from fuzz.errors import UsageError
    from oracles.config import RunConfig, parse_backends
    backends = parse_backends(args.backend)
    if not backends:
        raise UsageError(f"--backend {args.backend!r}: name at least one backend")
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout!r}: must be positive")
    for patch in args.patch:
        module, _, name = patch.partition(":")
        if not module or not name:
            raise UsageError(f"--patch {patch!r}: expected MODULE:NAME, e.g. tests.plants:exp2-high")
        _check_plant(module, name, patch)
    return [RunConfig(backend=b, timeout=args.timeout, patches=tuple(args.patch)) for b in backends]


def _check_plant(module: str, name: str, patch: str) -> None:
    import importlib
    from fuzz.errors import UsageError, did_you_mean
    try:
        mod = importlib.import_module(module)
    except ImportError:
        raise UsageError(f"--patch {patch!r}: no module {module!r}") from None
    plants = getattr(mod, "PLANTS", None)
    if not hasattr(mod, "apply_plant") or (plants is not None and name not in plants):
        raise UsageError(f"--patch {patch!r}: {module} has no plant {name!r}{did_you_mean(name, plants or [])}")


def tinygrad_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("tinygrad")
    except metadata.PackageNotFoundError:
        return "unknown"


# ---- judging and recording: shared with `replay` and `minimize` ------------------------------------

def reference_or_none(program, grad: bool = False):
    """torch's answer, or None when torch refuses (oracles.reference.ReferenceError_: the suite's bug)."""
    from oracles.judge import reference
    from oracles.reference import ReferenceError_
    try:
        return reference(program, grad=grad)
    except ReferenceError_:
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


def repro_for(program, verdict, config, expected: dict | None) -> str:
    from fuzz.repro import write_repro
    from oracles.config import TRUSTWORTHY
    env = {k: v for k, v in config.environ().items() if k not in TRUSTWORTHY}
    title = f"tinyfuzz bucket {verdict.bucket}: {verdict.summary()}"
    hang = config.timeout * 3 if verdict.kind.value == "hang" else None
    return write_repro(program, title=title[:300], env=env, expected=(expected or {}).get("outputs"),
                       tolerances=tolerances(program), hang_after=hang)


def fails_alike(verdict, config, seen: dict):
    """The minimizer's predicate: a candidate still fails with the same core signature. Every judged candidate's
    (verdict, expected) lands in `seen`, keyed by content hash, so the caller can write the one it keeps."""
    from oracles.judge import judge

    def still_fails(candidate) -> bool:
        exp = reference_or_none(candidate, config.grad)
        if exp is None:
            return False
        v = judge(candidate, config, exp)
        seen[candidate.content_hash] = (v, exp)
        return v.failed and v.core == verdict.core
    return still_fails


class Recorder:
    """Turns one failure into a bucket: a hit when its raw signature is known, else minimize, repro, write."""

    def __init__(self, corpus, max_checks: int = 150, max_seconds: float = 120.0, log=print):
        self.corpus, self.max_checks, self.max_seconds, self.log = corpus, max_checks, max_seconds, log
        self.version = tinygrad_version()

    def record(self, program, verdict, config, expected: dict) -> tuple[str, bool, dict]:
        from fuzz.minimize import Stats, minimize
        from oracles.judge import judge
        known = self.corpus.bucket_of_raw(verdict.signature)
        if known is not None:
            self.corpus.add_hit(known, verdict.signature, verdict.backend)
            return known, False, {}
        seen = {program.content_hash: (verdict, expected)}
        still_fails = fails_alike(verdict, config, seen)
        stats = Stats()
        best = program
        try:
            if self.max_checks > 0:
                best = minimize(program, still_fails, max_checks=self.max_checks, max_seconds=self.max_seconds,
                                stats=stats)
        except KeyboardInterrupt:
            best = stats.best if stats.best is not None else program   # keep what was found, then stop
            self._write(best, program, verdict, seen, config, stats)
            raise
        return self._write(best, program, verdict, seen, config, stats)

    def _write(self, best, program, verdict, seen, config, stats) -> tuple[str, bool, dict]:
        final, exp = seen[best.content_hash]
        sizes = {"ops_before": len(program.nodes), "ops_after": len(best.nodes), "size_before": program.size,
                 "size_after": best.size, "checks": stats.checks, "fresh": fresh_verdict(best, config, exp)}
        bucket, new = self.corpus.record(best, final, raw_signature=verdict.signature, tinygrad=self.version,
                                         expected=exp, repro=repro_for(best, final, config, exp), sizes=sizes)
        return bucket, new, sizes


def fresh_verdict(program, config, expected) -> str:
    """The verdict in a new worker: a failure that needs an earlier program's state there says 'pass' here."""
    from oracles.judge import judge
    from oracles.worker import WorkerPool
    pool = WorkerPool()
    try:
        return judge(program, config, expected, pool=pool).kind.value
    finally:
        pool.close()


# ---- the campaign -----------------------------------------------------------------------------------

class _Stop(BaseException):
    """Out of time or programs: a BaseException so Hypothesis stops at once instead of shrinking."""


def _sigterm(signum, frame):
    raise KeyboardInterrupt


def run(args) -> int:
    from fuzz.errors import UsageError
    from fuzz.ops import known_ops
    if args.minutes <= 0:
        raise UsageError(f"--minutes {args.minutes!r}: must be positive")
    if args.max_ops < 1:
        raise UsageError(f"--max-ops {args.max_ops!r}: must be at least 1")
    if args.max_programs is not None and args.max_programs < 1:
        raise UsageError(f"--max-programs {args.max_programs!r}: must be at least 1")
    ops = known_ops([o.strip() for o in args.ops.split(",") if o.strip()])
    cfgs = configs(args)
    from corpus.store import Corpus
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    tally = Tally()
    old = signal.signal(signal.SIGTERM, _sigterm)
    try:
        campaign(args, ops, cfgs, corpus, tally)
    finally:
        signal.signal(signal.SIGTERM, old)
        print(summary(tally, cfgs))
    return 1 if tally.new else 0


def campaign(args, ops, cfgs, corpus, tally: Tally) -> None:
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from fuzz.strategies import programs
    from oracles.judge import judge
    recorder = Recorder(corpus, args.minimize_checks, args.minimize_seconds)
    deadline = time.monotonic() + args.minutes * 60
    progress = Progress(TextColumn("[bold]fuzz"), BarColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[line]}"), transient=False)
    task = progress.add_task("run", total=args.minutes * 60, line="")
    recorder.log = progress.console.print

    @seed(args.seed)
    @settings(max_examples=10**9, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(programs(ops=ops, max_ops=args.max_ops))
    def explore(program):
        if time.monotonic() > deadline or (args.max_programs and tally.programs >= args.max_programs):
            raise _Stop
        tally.programs += 1
        expected = reference_or_none(program)
        if expected is None:
            tally.suite_errors += 1
            progress.console.print(f"suite bug: torch refused {program.ops()} (not a tinygrad bug; see oracles/reference.py)")
            return
        for config in cfgs:
            verdict = judge(program, config, expected)
            tally.verdicts[verdict.kind.value] += 1
            if verdict.failed:
                bucket, new, sizes = recorder.record(program, verdict, config, expected)
                if new:
                    tally.new.append((bucket, verdict.summary(), sizes))
                    stateful = "" if sizes["fresh"] != "pass" else "; passes in a fresh worker: state-dependent"
                    progress.console.print(f"new bucket {bucket}: {verdict.summary()[:160]} "
                                           f"(ops {sizes['ops_before']} -> {sizes['ops_after']}{stateful})")
                else:
                    tally.hits += 1
        progress.update(task, completed=min(args.minutes * 60 - (deadline - time.monotonic()), args.minutes * 60),
                        line=_line(tally))

    with progress:
        try:
            explore()
        except _Stop:
            pass


def _line(t: Tally) -> str:
    fails = sum(n for k, n in t.verdicts.items() if k not in ("pass", "unsupported"))
    return f"{t.programs} programs, {fails} failures, {len(t.new)} new buckets, {t.hits} hits, {t.suite_errors} suite errors"


def summary(t: Tally, cfgs) -> str:
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(t.verdicts.items())) or "nothing judged"
    return f"{_line(t)} on {', '.join(c.backend for c in cfgs)} ({kinds})"
