"""`python -m fuzz run`: explore with seeded programs, judge them on backends, write each new failure to the corpus.

This CLI wires the stages: fuzz.strategies generates, oracles.judge judges, fuzz.minimize shrinks with the
judge as its predicate, fuzz.repro writes the script and corpus.store keeps the bucket. Failures are written as
they are found (atomically), so Ctrl-C or SIGTERM loses nothing already found.
"""
from __future__ import annotations

import math
import os
import signal
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HELP = "explore: generate programs, judge them on backends, write new failures to the corpus"


def add_arguments(p) -> None:
    p.add_argument("--backend", default="CPU", help="comma-separated backends (CPU, CPU:X86, PYTHON, ...)")
    p.add_argument("--minutes", type=float, default=10.0, help="stop after this long (default 10)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same programs (default 0)")
    p.add_argument("--max-ops", type=int, default=6, help="ops per program, at most (default 6)")
    p.add_argument("--modes", default="all", help="how programs are judged, drawn per program (fuzz/modes.py): "
                                                 "values, grad, opt, beam, jit, realize, shard, grad-shard; default all")
    p.add_argument("--stats", action="store_true", help="print a table of programs per mode, op family and dtype")
    p.add_argument("--jobs", type=int, default=0,
                   help="campaigns in parallel over one corpus (default 0: one per core); job j takes every N-th "
                        "batch of the same seeded sequence")
    p.add_argument("--max-programs", type=int, default=None, help="stop after this many programs")
    p.add_argument("--ops", default="", help="comma-separated ops to draw from (default: all)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: the repository's corpus/)")
    p.add_argument("--known", default=None, help="known-bug registry (default: the corpus's known_bugs.json, else "
                                                 "the repository's)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program before it is a hang (default 20)")
    p.add_argument("--minimize-checks", type=int, default=150, help="judge calls the minimizer may spend per failure")
    p.add_argument("--minimize-seconds", type=float, default=120.0, help="seconds the minimizer may spend per failure")
    p.add_argument("--patch", action="append", default=[], metavar="MODULE:NAME",
                   help="apply a planted bug in the workers (the suite's own tests: tests.plants:exp2-high)")
    p.add_argument("--tinygrad", default=None, metavar="PATH|REPO@REF",
                   help="fuzz the tinygrad package under PATH (a checkout), or at REF of the git repository REPO "
                        "(e.g. ~/tinygrad@v0.13.0), instead of the installed one")
    p.add_argument("--api-gaps", choices=("crash", "unsupported"), default="crash",
                   help="what a Tensor method or signature this tinygrad lacks becomes: crash (default: a regression "
                        "of the tinygrad under test) or unsupported (an older release the registry was not written for)")
    p.add_argument("--base", default=None, metavar="ENV",
                   help="with --head: judge every program on two tinygrads (tinygrad==X, an interpreter, a checkout or "
                        "REPO@REF) and report what head broke or slowed: `fuzz diff` over this campaign's settings")
    p.add_argument("--head", default=None, metavar="ENV", help="the tinygrad under test, with --base")
    p.add_argument("--coverage", default=None, metavar="DIR",
                   help="record which lines of tinygrad's codegen/, schedule/, uop/, renderer/ the campaign ran and "
                        "which rewrite rules fired (slower: coverage.py traces each worker); DIR gets the data and "
                        "coverage.md")


@dataclass
class Tally:
    programs: int = 0
    verdicts: Counter = field(default_factory=Counter)
    new: list = field(default_factory=list)          # (bucket, summary, sizes)
    hits: int = 0                                    # failures that went to an existing, unregistered bucket
    known: Counter = field(default_factory=Counter)  # registered open bug id -> failures it explained (corpus.triage)
    suite_errors: int = 0
    modes: Counter = field(default_factory=Counter)     # programs judged per mode
    families: Counter = field(default_factory=Counter)  # programs that used an op of each family
    dtypes: Counter = field(default_factory=Counter)    # programs that held a value of each dtype
    sizes: Counter = field(default_factory=Counter)     # long (over 6 ops) and large (a value over 4096 elements)
    failed_by_mode: Counter = field(default_factory=Counter)

    def merge(self, other: "Tally") -> None:
        for name in ("programs", "hits", "suite_errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("verdicts", "known", "modes", "families", "dtypes", "sizes", "failed_by_mode"):
            getattr(self, name).update(getattr(other, name))
        self.new += other.new

    def count(self, mode: str, program) -> None:
        from fuzz.infer import infer
        from fuzz.ops import OPS
        self.programs += 1
        self.modes[mode] += 1
        self.families.update({OPS[op].family for op in program.ops()})
        specs = infer(program)
        self.dtypes.update({s.dtype for s in specs})
        self.sizes["long"] += len(program.nodes) > LONG_OPS
        self.sizes["large"] += max((math.prod(s.shape) for s in specs), default=0) > LARGE_VALUE


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
    sut = getattr(args, "tinygrad", None)
    if sut is not None:
        from oracles.checkout import tinygrad_at
        sut = str(tinygrad_at(sut))
    from oracles.adapter import GAPS_ENV
    from oracles.coverage_probe import ENV as COVERAGE_ENV
    gaps = getattr(args, "api_gaps", "crash")
    harness = ((GAPS_ENV, gaps),) if gaps != "crash" else ()
    if getattr(args, "coverage", None):
        harness += ((COVERAGE_ENV, str(coverage_folder(args.coverage))),)
    return [RunConfig(backend=b, timeout=args.timeout, patches=tuple(args.patch), sut_path=sut, harness=harness)
            for b in backends]


def coverage_folder(path: str) -> Path:
    """`--coverage DIR`: a new or empty folder (data of an earlier run would add up with this one's)."""
    from fuzz.errors import UsageError
    folder = Path(path).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"--coverage {path!r}: give a new or empty folder (this one holds files)")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
    if args.jobs < 0:
        raise UsageError(f"--jobs {args.jobs!r}: must be 0 (one per core) or more")
    if args.base or args.head:
        return base_head(args)
    ops = known_ops([o.strip() for o in args.ops.split(",") if o.strip()])
    from fuzz.modes import check_modes
    args.modes = check_modes(args.modes)
    cfgs = configs(args)
    from corpus.store import Corpus
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    tally = Tally()
    jobs = args.jobs or os.cpu_count() or 1
    if args.max_programs is not None:
        jobs = min(jobs, args.max_programs)
    old = signal.signal(signal.SIGTERM, _sigterm)
    try:
        if jobs == 1:
            campaign(args, ops, cfgs, corpus, tally)
        else:
            parallel(args, ops, cfgs, corpus, tally, jobs)
    finally:
        signal.signal(signal.SIGTERM, old)
        print(summary(tally, cfgs))
        if args.stats:
            print(stats_table(tally))
        if args.coverage:
            print(coverage_report(cfgs[0], args.coverage))
    return 1 if tally.new or tally.hits else 0     # red: a failure no registered open bug explains


# Programs per Hypothesis run: the campaign cycles through the weighted round of modes (fuzz/modes.py), one short
# seeded run per mode in turn, so each mode gets its share from the first minute and no draw depends on another.
BATCH = 4


def campaign(args, ops, cfgs, corpus, tally: Tally, job: int = 0, jobs: int = 1, seconds: float | None = None,
             first: int = 0) -> None:
    """Judge programs until the time or program budget is spent. Job `job` of `jobs` takes every jobs-th batch,
    so the jobs together judge the batches one job would, and each writes its finds to the corpus at once.
    `seconds` (default: --minutes) and `first` (the first batch round) are a restarted job's: the time left, and
    rounds past the ones its predecessor may have reached."""
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from corpus import known
    from corpus.record import Recorder, reference_or_none
    from fuzz.modes import MODES, campaign_plan
    from oracles.metamorphic import judge_in_mode
    from oracles.verdict import SuiteError
    own = corpus.root / "known_bugs.json"     # a scratch corpus still knows the registered bugs
    registry = known.load(args.known or (own if own.exists() else known.DEFAULT_PATH))
    recorder = Recorder(corpus, args.minimize_checks, args.minimize_seconds, registry=registry)
    deadline = time.monotonic() + (args.minutes * 60 if seconds is None else seconds)
    progress = Progress(TextColumn(f"[bold]fuzz{f' {job + 1}/{jobs}' if jobs > 1 else ''}"), BarColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[line]}"), transient=False, disable=jobs > 1)
    task = progress.add_task("run", total=args.minutes * 60, line="")
    recorder.log = progress.console.print
    budget = args.max_programs and args.max_programs // jobs + (job < args.max_programs % jobs)   # this job's share
    rounds, strategies = campaign_plan(args.modes, list(ops), args.max_ops)
    seen: set[str] = set()

    def judge_one(mode: str, program) -> None:
        if time.monotonic() > deadline or (budget and tally.programs >= budget):
            raise _Stop
        if program.content_hash in seen:     # each run starts from its simplest program: judged once is enough
            return
        seen.add(program.content_hash)
        tally.count(mode, program)
        expected = reference_or_none(program.with_(shard=None), grad=MODES[mode].grad)
        if expected is None:
            tally.suite_errors += 1
            progress.console.print(f"suite bug: torch refused or died on {program.ops()} (not a tinygrad bug; see oracles/reference.py)")
            return
        for config in cfgs:
            try:
                verdicts = judge_in_mode(program, config, mode, expected)
            except SuiteError as e:         # ours, not tinygrad's: counted and shown, never a bucket
                tally.suite_errors += 1
                progress.console.print(f"suite bug on {config.label()} ({mode}) for {program.ops()}: {e}",
                                       markup=False)
                continue
            except Exception as e:          # tinygrad runs in workers: anything raised here is the judge's own bug
                suite_bug(f"on {config.label()} ({mode})", program, e)   # (a KeyError in anchoring took two
                continue                                                 # campaigns down, 2026-12-06)
            for verdict in verdicts:
                if not judged(verdict, registry, tally).fails_the_gate:
                    continue
                tally.failed_by_mode[mode] += 1
                bucket, new, sizes = recorder.record(program, verdict, config, expected, mode)   # mode sets grad
                if new:
                    tally.new.append((bucket, verdict.summary(), sizes))
                    stateful = "" if sizes["fresh"] != "pass" else "; passes in a fresh worker: state-dependent"
                    progress.console.print(f"new bucket {bucket} ({mode}): {verdict.summary()[:160]} "
                                           f"(ops {sizes['ops_before']} -> {sizes['ops_after']}{stateful})")
                else:
                    tally.hits += 1
        progress.update(task, completed=min(args.minutes * 60 - (deadline - time.monotonic()), args.minutes * 60),
                        line=_line(tally))

    def suite_bug(where: str, program, e: Exception) -> None:
        tally.suite_errors += 1
        frame = traceback.extract_tb(e.__traceback__)[-1]
        progress.console.print(f"suite bug {where} for {program.ops()}: {type(e).__name__}: {e} "
                               f"at {frame.filename}:{frame.lineno}", markup=False)

    def batch(number: int) -> None:
        mode = rounds[number % len(rounds)]

        @seed(args.seed * 1_000_003 + number)
        @settings(max_examples=BATCH, database=None, deadline=None, phases=[Phase.generate], derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(strategies[mode])
        def explore(program):
            # Nothing raised here may reach Hypothesis: it replays the example, which passes (judged once, `seen`),
            # and raises FlakyFailure, hiding the cause and ending the job (seed 9's campaign, 2026-12-07).
            try:
                judge_one(mode, program)
            except Exception as e:
                suite_bug(f"in {mode}", program, e)
        explore()

    with progress:
        try:
            for number in range(job + first * jobs, 10**9, jobs):
                batch(number)
        except _Stop:
            pass


def _job(args, ops, cfgs, corpus_root: str, job: int, jobs: int, seconds: float | None = None,
         first: int = 0) -> Tally:
    """One job of a parallel campaign, in its own process (its own tinygrad workers). SIGTERM or Ctrl-C ends it
    after the program at hand (a minimization in progress keeps its best so far) and returns what it counted."""
    from corpus.store import Corpus
    old = signal.signal(signal.SIGTERM, _sigterm)
    tally = Tally()
    try:
        campaign(args, ops, cfgs, Corpus(corpus_root), tally, job, jobs, seconds, first)
    except KeyboardInterrupt:
        pass                       # what was found is on disk; the parent reports the interruption
    finally:
        signal.signal(signal.SIGTERM, old)     # an idle pool process then ends quietly when terminated
    return tally


STOP_GRACE = 30.0      # seconds the jobs get to hand in their tallies after an interruption


RESTART_ROUNDS = 1_000_000    # batch rounds a restarted job skips: past any its predecessor reached, so no repeat
MIN_RESTART_S = 30.0           # a job that dies with less time left is not restarted


def parallel(args, ops, cfgs, corpus, tally: Tally, jobs: int, job_fn=_job) -> None:
    """`--jobs N`: N campaigns over one corpus (buckets are written atomically, each by the job that found it).
    Tallies merge as jobs finish; on an interruption the running jobs are told to stop and what they counted is
    merged too, so the summary covers every program judged.

    Each job has a process pool of its own: a job whose process dies (torch's heap corrupted in an in-process
    anchoring rerun killed both jobs of a shared pool, 2026-12-06) loses only its own counts, and it is started
    again for the time left, on batches its predecessor did not reach."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    print(f"{jobs} jobs over {corpus.root}")
    end = time.monotonic() + args.minutes * 60
    context = multiprocessing.get_context("spawn")
    pools, pending = {}, {}

    def start(j: int, restarts: int = 0) -> None:
        pools[j] = ProcessPoolExecutor(1, mp_context=context)
        seconds = None if not restarts else end - time.monotonic()
        future = pools[j].submit(job_fn, args, ops, cfgs, str(corpus.root), j, jobs, seconds, restarts * RESTART_ROUNDS)
        pending[future] = (j, restarts)

    for j in range(jobs):
        start(j)
    try:
        while pending:
            done, _ = wait(set(pending), return_when=FIRST_COMPLETED)
            for f in done:
                j, restarts = pending.pop(f)
                if (e := f.exception()) is None:
                    tally.merge(f.result())
                    continue
                tally.suite_errors += 1           # a job the suite's own bug (or a dying process) ended
                again = end - time.monotonic() > MIN_RESTART_S
                print(f"suite bug: job {j + 1} ended early: {type(e).__name__}: {str(e)[:300]} (its buckets are kept; "
                      f"its counts are lost{'; started again for the time left' if again else ''})", flush=True)
                pools.pop(j).shutdown(wait=False, cancel_futures=True)
                if again:
                    start(j, restarts + 1)
    except KeyboardInterrupt:
        procs = [p for pool in pools.values() for p in getattr(pool, "_processes", {}).values()]
        for proc in procs:
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGTERM)
        done, _ = wait(set(pending), timeout=STOP_GRACE)
        for f in done:
            if f.exception() is None:
                tally.merge(f.result())
        for proc in procs:
            proc.terminate()
        for proc in procs:                 # a job stuck past SIGTERM (a worker call that holds signals) is killed:
            proc.join(5.0)                 # the interrupted run must end, and its buckets are already written
            if proc.is_alive():
                proc.kill()
        for pool in pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        pools.clear()
        raise
    finally:
        for pool in pools.values():
            pool.shutdown(wait=True, cancel_futures=True)


def base_head(args) -> int:
    """`--base/--head`: the campaign's programs judged on both tinygrads by `fuzz diff` (values against torch on each
    side and the speed counters); a regression, a new crash or a slowdown of head is minimized and recorded."""
    from argparse import Namespace
    from fuzz.commands import diff
    from fuzz.errors import UsageError
    if not (args.base and args.head):
        raise UsageError("--base and --head go together: name both tinygrads")
    clash = [flag for flag, on in (("--tinygrad", args.tinygrad), ("--coverage", args.coverage), ("--patch", args.patch))
             if on]
    if clash:
        raise UsageError(f"{', '.join(clash)} and --base/--head do not go together: name the tinygrads in --base/--head")
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if len(backends) != 1:
        raise UsageError(f"--backend {args.backend!r}: --base/--head compare on one backend")
    return diff.run(Namespace(base=args.base, head=args.head, backend=backends[0], seed=args.seed,
                              programs=args.max_programs or 10**9, minutes=args.minutes, max_ops=args.max_ops,
                              ops=args.ops, replay=False, corpus=args.corpus, report=None,
                              counters="kernels,ops,mem", timeout=args.timeout,
                              minimize_checks=args.minimize_checks, minimize_seconds=args.minimize_seconds))


def coverage_report(config, folder: str) -> str:
    """`--coverage`: every rule and the lines of a bare import, from a fresh interpreter (the report's denominator
    and baseline), then the report, written and summarized."""
    import subprocess
    from oracles.coverage_probe import record_rules
    from reports import coverage
    try:
        record_rules(folder, config.sut_path)
    except (subprocess.SubprocessError, OSError) as e:
        return f"coverage: could not list tinygrad's rules: {str(getattr(e, 'stderr', b'') or e)[-300:]}"
    c = coverage.load(folder)
    Path(folder, "coverage.md").write_text(coverage.report(c, label="fuzz run"))
    return f"{coverage.summary_line(c)}; report: {Path(folder, 'coverage.md')}"


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
    modes = "; modes: " + ", ".join(f"{m} {n}" for m, n in sorted(t.modes.items())) if t.modes else ""
    features = "; features: " + ", ".join([f"{label} {t.families[family]}" for family, label in FEATURES.items()]
                                          + [f"long programs {t.sizes['long']}, large values {t.sizes['large']}"])
    return f"{_line(t)} on {', '.join(c.backend for c in cfgs)} ({kinds}){known}{modes}{features if t.programs else ''}"


# What the IR can say beyond plain ops (issue 15), as the op families that say it: programs counted per feature.
FEATURES = {"scalar": "scalar operands", "state": "assign/setitem", "device": "cross-device copies",
            "symbolic": "symbolic shapes"}
LONG_OPS, LARGE_VALUE = 6, 4096     # beyond the default --max-ops and the small programs' per-value bound


def stats_table(t: Tally) -> str:
    """`--stats`: how many programs each mode, op family and dtype got, and the failures no registered bug explains."""
    from fuzz.modes import MODES
    rows = [("mode", m, t.modes.get(m, 0), t.failed_by_mode.get(m, 0)) for m in MODES]
    rows += [("family", f, n, "") for f, n in sorted(t.families.items())]
    rows += [("dtype", d, n, "") for d, n in sorted(t.dtypes.items())]
    lines = [f"{'what':8} {'name':14} {'programs':>8} {'new fails':>9}"]
    lines += [f"{kind:8} {name:14} {n:>8} {str(f):>9}" for kind, name, n, f in rows]
    return "\n".join(lines)
