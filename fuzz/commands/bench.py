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


def run(args) -> int:
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
    return 0


class _Done(Exception):
    """Raised to end the Hypothesis loop when the time is up (generate phase only: nothing to shrink)."""


def _warm_program():
    from oracles.dtype_probe import probe_program
    return probe_program("float32")
