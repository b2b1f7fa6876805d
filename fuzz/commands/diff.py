"""`python -m fuzz diff --base ENV --head ENV`: run the same programs on two tinygrads, report regressions.

ENV is a version spec (tinygrad==0.13.0: a virtualenv made once under ~/.cache/tinyfuzz/envs), an interpreter,
a tinygrad checkout (or a mutated copy of the package), or `installed`. Programs: a seeded fresh campaign, and
with --replay first every corpus entry. Each program is judged against torch on both sides; regressed, changed
and slower findings are minimized against the pair and written to the corpus as they are found; fixed and
faster ones are reported. Exit 1 when head regressed, crashes differently or got slower.
"""
from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

HELP = "diff two tinygrad environments on the same programs: regressed, fixed, slower, faster"
SHOWN = ("regressed", "changed", "slower", "fixed", "faster")


def add_arguments(p) -> None:
    p.add_argument("--base", required=True, help="the known-good tinygrad: tinygrad==X, an interpreter, a checkout")
    p.add_argument("--head", required=True, help="the tinygrad under test, in the same forms")
    p.add_argument("--backend", default="CPU", help="one backend both sides run on (default CPU)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same programs (default 0)")
    p.add_argument("--programs", type=int, default=200, help="fresh programs to diff (default 200; 0: corpus only)")
    p.add_argument("--minutes", type=float, default=30.0, help="stop after this long (default 30)")
    p.add_argument("--max-ops", type=int, default=6, help="ops per program, at most (default 6)")
    p.add_argument("--ops", default="", help="comma-separated ops to draw from (default: all)")
    p.add_argument("--replay", action="store_true", help="diff every corpus entry (buckets, seeds) first")
    p.add_argument("--corpus", default=None, help="corpus directory read by --replay and written with findings")
    p.add_argument("--report", default=None, metavar="PATH.md", help="also write the findings as a markdown report")
    p.add_argument("--counters", default="kernels,ops,mem",
                   help="speed counters compared (default kernels,ops,mem; ops is an estimate whose accounting changes)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per program and side (default 30)")
    p.add_argument("--minimize-checks", type=int, default=60, help="pair runs the minimizer may spend per finding")
    p.add_argument("--minimize-seconds", type=float, default=90.0, help="seconds the minimizer may spend per finding")


def run(args) -> int:
    from fuzz.errors import UsageError
    from fuzz.ops import known_ops
    from oracles.config import RunConfig, check_backend
    if args.programs < 0:
        raise UsageError(f"--programs {args.programs!r}: must be 0 or more")
    if args.minutes <= 0 or args.timeout <= 0:
        raise UsageError("--minutes and --timeout must be positive")
    if args.max_ops < 1:
        raise UsageError(f"--max-ops {args.max_ops!r}: must be at least 1")
    ops = known_ops([o.strip() for o in args.ops.split(",") if o.strip()])
    config = RunConfig(backend=check_backend(args.backend), timeout=args.timeout)
    from oracles.diff import COUNTERS
    watch = tuple(c.strip() for c in args.counters.split(",") if c.strip())
    if not watch or set(watch) - set(COUNTERS):
        raise UsageError(f"--counters {args.counters!r}: name some of {', '.join(COUNTERS)}")
    from corpus.store import Corpus
    from oracles.diff import Differ
    from oracles.envs import resolve
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    base, head = resolve(args.base), resolve(args.head)
    differ = Differ(base, head, config, watch)
    print(f"base {differ.base.label}: {differ.base.info['file']}\nhead {differ.head.label}: {differ.head.info['file']}")
    session = Session(args, differ, corpus)
    old = signal.signal(signal.SIGTERM, _sigterm)
    try:
        if args.replay:
            for entry in corpus.entries():
                if session.out_of_time():
                    break
                session.one(entry.program, f"corpus {entry.kind} {entry.name}")
        if args.programs:
            session.campaign(ops)
    finally:
        signal.signal(signal.SIGTERM, old)
        differ.close()
        print(session.summary())
        if args.report:
            path = Path(args.report)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(session.markdown())
            print(f"report: {path}")
    return 1 if any(f.failed for _, f, _ in session.findings) else 0


def _sigterm(signum, frame):
    raise KeyboardInterrupt


class _Stop(BaseException):
    """Out of programs or time: a BaseException so Hypothesis stops at once."""


class Session:
    def __init__(self, args, differ, corpus):
        self.args, self.differ, self.corpus = args, differ, corpus
        self.deadline = time.monotonic() + args.minutes * 60
        self.outcomes: Counter = Counter()
        self.findings: list = []          # (program, finding, record) for outcomes worth showing, minimized
        self.seen: set = set()            # (outcome, bucket) already shown: one minimized repro per bucket
        self.fresh = 0
        self.suite_errors = 0

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline

    def campaign(self, ops) -> None:
        from hypothesis import HealthCheck, Phase, given, seed, settings
        from fuzz.strategies import programs

        @seed(self.args.seed)
        @settings(max_examples=10**9, database=None, deadline=None, phases=[Phase.generate], derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(programs(ops=ops, max_ops=self.args.max_ops))
        def explore(program):
            if self.fresh >= self.args.programs or self.out_of_time():
                raise _Stop
            self.fresh += 1
            self.one(program, f"program {self.fresh}")
        try:
            explore()
        except _Stop:
            pass

    def one(self, program, where: str) -> None:
        from oracles.judge import reference
        from oracles.reference import ReferenceError_
        try:
            expected = reference(program)
        except ReferenceError_:
            self.suite_errors += 1
            return
        finding = self.differ.diff(program, expected)
        self.outcomes[finding.outcome] += 1
        if finding.outcome not in SHOWN or (finding.outcome, finding.verdict.bucket) in self.seen:
            return
        self.seen.add((finding.outcome, finding.verdict.bucket))
        record = {}
        if finding.failed or finding.outcome == "fixed":    # a fixed bug's repro is worth a small program too
            raw = (finding.outcome, finding.verdict.bucket)
            program, finding, record = self.keep(program, finding, expected)
            small = (finding.outcome, finding.verdict.bucket)
            if small != raw and small in self.seen:
                return                      # minimized into a finding already shown
            self.seen.add(small)
        self.findings.append((program, finding, record))
        print(f"{where}: {finding.outcome}: {finding.verdict.detail[:200]}"
              + (f" [bucket {record['bucket']}, ops {record['ops_before']} -> {record['ops_after']}]" if record else ""))

    def keep(self, program, finding, expected):
        """Minimize against the pair, then write the bucket; a known raw signature is only a hit."""
        from corpus.record import repro_for
        from fuzz.minimize import Stats, minimize
        from oracles.diff import versions
        from oracles.judge import reference
        raw = finding.verdict.signature
        known = self.corpus.bucket_of_raw(raw)
        if known is not None:
            self.corpus.add_hit(known, raw)
            return program, finding, {"bucket": known, "ops_before": len(program.nodes), "ops_after": len(program.nodes)}
        stats = Stats()
        best, interrupted = program, False
        if self.args.minimize_checks > 0:
            try:
                best = minimize(program, self.differ.still_fails(finding), max_checks=self.args.minimize_checks,
                                max_seconds=self.args.minimize_seconds, stats=stats)
            except KeyboardInterrupt:      # keep the smallest so far, write it, then stop
                best, interrupted = (stats.best if stats.best is not None else program), True
        if best is not program:
            expected = reference(best)
            finding = self.differ.diff(best, expected)
        sizes = {"ops_before": len(program.nodes), "ops_after": len(best.nodes)}
        if not finding.failed:
            if interrupted:
                raise KeyboardInterrupt
            return best, finding, sizes | {"bucket": finding.verdict.bucket}
        config = self.differ.head.config
        repro = repro_for(best, finding.verdict, config, expected)
        bucket, new = self.corpus.record(best, finding.verdict, raw_signature=raw,
                                         tinygrad=versions(self.differ), expected=expected, repro=repro,
                                         sizes={"ops_before": len(program.nodes), "ops_after": len(best.nodes),
                                                "checks": stats.checks})
        if interrupted:
            raise KeyboardInterrupt
        return best, finding, {"bucket": bucket, "new": new, "ops_before": len(program.nodes),
                               "ops_after": len(best.nodes), "repro": repro}

    def summary(self) -> str:
        counts = ", ".join(f"{k} {n}" for k, n in sorted(self.outcomes.items())) or "nothing diffed"
        b, h = self.differ.labels
        return f"diff {b} -> {h}: {sum(self.outcomes.values())} programs ({counts}); {self.suite_errors} suite errors"

    def markdown(self) -> str:
        b, h = self.differ.labels
        lines = [f"# tinyfuzz diff: {b} -> {h}", "",
                 f"`python -m fuzz diff --base {self.args.base} --head {self.args.head} --seed {self.args.seed} "
                 f"--programs {self.args.programs} --backend {self.args.backend}`", "", self.summary(), ""]
        for outcome in SHOWN:
            rows = [(p, f, r) for p, f, r in self.findings if f.outcome == outcome]
            if not rows:
                continue
            lines += [f"## {outcome} ({len(rows)})", ""]
            for program, f, record in rows:
                lines += [f"### {f.verdict.detail[:160]}", "",
                          f"- base: {f.base.summary()[:300]}", f"- head: {f.head.summary()[:300]}",
                          f"- counters: {f.verdict.numbers.get('counters')}"]
                if record:
                    lines.append(f"- bucket `{record['bucket']}`, ops {record['ops_before']} -> {record['ops_after']}")
                lines += ["", "```python", repr(program), "```", ""]
        return "\n".join(lines)
