"""`python -m fuzz bench`: programs per second and where the time goes (generate, tinygrad, torch, compare)."""
from __future__ import annotations

import time
from collections import Counter

HELP = "measure programs/s and the time split on the chosen backends"


def add_arguments(p) -> None:
    p.add_argument("--seconds", type=float, default=60.0, help="how long to run per backend (default 60)")
    p.add_argument("--backend", default="CPU", help="comma-separated backends (default CPU)")
    p.add_argument("--max-ops", type=int, default=6)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", default="", metavar="N,M",
                   help="also time whole campaigns (all modes, a scratch corpus, no minimization) with these job "
                        "counts, e.g. 1,2: programs/s for each")
    p.add_argument("--red", metavar="PLANTS",
                   help="time to red instead: run the CI gate (replay, then the ci-profile fuzz tests) with each "
                        "planted bug of tests/plants*.py ('all', or a comma list of names) and pristine, and print "
                        "how long each took to fail")
    p.add_argument("--cores-per-gate", type=int, default=2, help="with --red: CPUs each gate is pinned to")
    p.add_argument("--examples", type=int, default=30, help="with --red: the ci profile's examples per test")
    p.add_argument("--within", type=float, default=120.0, help="with --red: the time-to-red target in seconds")
    p.add_argument("--limit", type=float, default=600.0, help="with --red: stop a gate after this many seconds")


def run(args) -> int:
    if args.red:
        return red(args)
    from hypothesis import HealthCheck, Phase, given, seed, settings, strategies as st

    from fuzz.errors import UsageError
    from fuzz.strategies import programs
    from oracles.config import RunConfig, parse_backends
    from oracles.judge import reference, run as run_program, verdict_of
    if args.seconds <= 0:
        raise UsageError(f"--seconds {args.seconds!r} must be positive")
    strategy = programs(max_ops=args.max_ops)
    for backend in parse_backends(args.backend):
        config = RunConfig(backend=backend)
        run_program(_warm_program(), config)   # start the worker and import torch outside the clock
        reference(_warm_program())
        split, kinds, count = Counter(), Counter(), 0
        start = time.perf_counter()

        @seed(args.seed)
        @settings(max_examples=10**6, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate])
        @given(st.data())
        def one(data):
            nonlocal count
            t0 = time.perf_counter()
            program = data.draw(strategy)
            t1 = time.perf_counter()
            if t0 - start > args.seconds:   # after the draw, so Hypothesis's replay of this example draws the same
                raise _Done
            outcome = run_program(program, config)
            t2 = time.perf_counter()
            expected = reference(program)
            t3 = time.perf_counter()
            verdict = verdict_of(program, config, outcome, expected)
            t4 = time.perf_counter()
            split.update(generate=t1 - t0, tinygrad=t2 - t1, torch=t3 - t2, compare=t4 - t3)
            kinds[verdict.kind.value] += 1
            count += 1
        try:
            one()
        except _Done:
            pass
        wall = time.perf_counter() - start
        total = sum(split.values()) or 1.0
        print(f"{backend}: {count} programs in {wall:.1f}s = {count / wall:.2f} programs/s")
        print("  split: " + ", ".join(f"{k} {v / total:.0%}" for k, v in split.items()))
        print("  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    for jobs in _job_counts(args.jobs):
        programs, wall = campaign_rate(args, jobs)
        print(f"campaign, {jobs} job{'s' * (jobs > 1)}: {programs} programs in {wall:.1f}s = {programs / wall:.2f} "
              f"programs/s (all modes)")
    return 0


def red(args) -> int:
    from fuzz import redbench
    from fuzz.errors import UsageError
    if args.cores_per_gate < 1:
        raise UsageError(f"--cores-per-gate {args.cores_per_gate}: must be at least 1")
    names = [] if args.red == "all" else [n.strip() for n in args.red.split(",") if n.strip()]
    plants = redbench.select(redbench.all_plants(), names)
    results = redbench.measure(plants, args.cores_per_gate, args.examples, args.limit)
    print(redbench.summary(results, args.within))
    return 0


def _job_counts(text: str) -> list[int]:
    from fuzz.errors import UsageError
    try:
        counts = [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise UsageError(f"--jobs {text!r}: expected job counts like 1,2") from None
    if any(c < 1 for c in counts):
        raise UsageError(f"--jobs {text!r}: job counts must be at least 1")
    return counts


def campaign_rate(args, jobs: int) -> tuple[int, float]:
    """(programs judged, seconds) of a `fuzz run` over all modes for --seconds with `jobs` jobs, in a scratch
    corpus that knows the registered bugs and minimizes nothing: the campaign's own throughput."""
    import argparse
    import tempfile
    from corpus.store import Corpus
    from fuzz.commands import run as run_command
    from fuzz.commands.run import Tally, campaign, configs, parallel
    from fuzz.modes import check_modes
    from fuzz.ops import known_ops
    with tempfile.TemporaryDirectory(prefix="tinyfuzz-bench-") as tmp:
        parser = argparse.ArgumentParser()
        run_command.add_arguments(parser)          # `fuzz run`'s own defaults, so the two cannot drift apart
        run_args = parser.parse_args(["--corpus", tmp, "--minutes", str(args.seconds / 60), "--seed", str(args.seed),
                                      "--max-ops", str(args.max_ops), "--jobs", str(jobs), "--minimize-checks", "0"])
        run_args.modes = check_modes(run_args.modes)
        tally, start = Tally(), time.perf_counter()
        ops, cfgs, corpus = list(known_ops([])), configs(run_args), Corpus(tmp)
        if jobs == 1:
            campaign(run_args, ops, cfgs, corpus, tally)
        else:
            parallel(run_args, ops, cfgs, corpus, tally, jobs)
        return tally.programs, time.perf_counter() - start


class _Done(Exception):
    """Raised to end the Hypothesis loop when the time is up (generate phase only: nothing to shrink)."""


def _warm_program():
    from oracles.dtype_probe import probe_program
    return probe_program("float32")
