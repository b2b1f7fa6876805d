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
    hits: int = 0                                    # failures that went to an existing, unregistered bucket
    known: Counter = field(default_factory=Counter)  # registered open bug id -> failures it explained (corpus.triage)
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
    return 1 if tally.new or tally.hits else 0     # red: a failure no registered open bug explains


def campaign(args, ops, cfgs, corpus, tally: Tally) -> None:
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from fuzz.strategies import programs
    from corpus import known
    from corpus.record import Recorder, reference_or_none
    from oracles.judge import judge
    from oracles.verdict import SuiteError
    registry = known.load(corpus.root / "known_bugs.json")
    recorder = Recorder(corpus, args.minimize_checks, args.minimize_seconds)
    deadline = time.monotonic() + args.minutes * 60
    progress = Progress(TextColumn("[bold]fuzz"), BarColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[line]}"), transient=False)
    task = progress.add_task("run", total=args.minutes * 60, line="")
    recorder.log = progress.console.print

    @seed(args.seed)
    @settings(max_examples=10**9, database=None, deadline=None, phases=[Phase.generate], derandomize=False,
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
            try:
                verdict = judge(program, config, expected)
            except SuiteError as e:         # ours, not tinygrad's: counted and shown, never a bucket
                tally.suite_errors += 1
                progress.console.print(f"suite bug on {config.label()} for {program.ops()}: {e}", markup=False)
                continue
            if judged(verdict, registry, tally).fails_the_gate:
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


def judged(verdict, registry, tally: Tally):
    """The campaign's decision for one verdict (corpus.triage): a registered open bug is counted, not minimized again;
    the Decision says whether the failure is to be recorded as new."""
    from corpus.triage import Decision, triage
    tally.verdicts[verdict.kind.value] += 1
    decided = triage(verdict, registry)
    if decided.decision == Decision.KNOWN:
        tally.known[decided.bug.id] += 1
    return decided.decision


def _line(t: Tally) -> str:
    fails = sum(n for k, n in t.verdicts.items() if k not in ("pass", "unsupported"))
    return (f"{t.programs} programs, {fails} failures, {len(t.new)} new buckets, {t.hits} hits, "
            f"{sum(t.known.values())} known, {t.suite_errors} suite errors")


def summary(t: Tally, cfgs) -> str:
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(t.verdicts.items())) or "nothing judged"
    known = "; known: " + ", ".join(f"{b} x{n}" for b, n in sorted(t.known.items())) if t.known else ""
    return f"{_line(t)} on {', '.join(c.backend for c in cfgs)} ({kinds}){known}"
