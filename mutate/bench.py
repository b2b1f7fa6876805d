"""`python -m mutate bench`: mutants/hour on this machine over a mixed sample, split into setup, selection and test.

The bench runs a seeded sample into a scratch copy of the store (cached generation and coverage kept, results
dropped), so it measures what a weekly run pays per mutant. One-time costs (generation of an uncached file,
coverage recording) are printed apart from the per-mutant rate. mutmut is reported for the same files as far
as it can reach them: it mutates only inside function bodies (no module-level rule tables, no lambdas).
"""
from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from mutate import run as R
from mutate.store import Store


def bench(args) -> int:
    from mutate.__main__ import load_tests, resolve_root, selected
    scratch = Path(tempfile.mkdtemp(prefix="mutate-bench-")) / "bench.sqlite"
    if Path(args.store).exists():
        shutil.copy(args.store, scratch)
        db = sqlite3.connect(scratch)
        db.execute("DELETE FROM results")
        db.commit()
        db.close()
    store = Store(scratch)
    t0 = time.monotonic()
    plan, mutants = selected(args, store)
    gen_s = time.monotonic() - t0
    tests = load_tests(args)
    print(f"bench: {len(mutants)} mutants sampled (seed {args.seed}) of {plan.in_scope} in scope; "
          f"{len(tests)} kill tests; {args.jobs} jobs")
    summary = R.execute_all(store, plan, mutants, tests, backend=args.backend, jobs=args.jobs,
                            speed=not args.no_speed, dask=args.dask, max_tests=args.max_tests,
                            variant_tests=args.variant_tests, secondary=args.secondary_tests,
                            log=lambda *a: print("  " + " ".join(map(str, a))))
    rs = summary.results
    ran = [r for r in rs if r.status != "no_coverage"]
    run_wall = summary.wall_s - summary.setup_s
    rate = len(rs) / run_wall * 3600 if run_wall > 0 else 0.0
    print(f"one-time: generation {gen_s:.1f}s (cached per file), coverage recording {summary.setup_s:.1f}s "
          f"({'cached' if summary.setup_s < 5 else 'recorded now'})")
    print(f"selection {summary.select_s:.2f}s; test {run_wall - summary.select_s:.1f}s wall for {len(ran)} executed "
          f"mutants ({len(rs) - len(ran)} no coverage, not run)")
    if ran:
        print(f"per executed mutant: setup (overlay, worker, tinygrad import) {statistics.mean(r.setup_s for r in ran):.2f}s, "
              f"tests {statistics.mean(r.test_s for r in ran):.2f}s, {statistics.mean(r.tests_run for r in ran):.1f} "
              f"tests run (stop at first kill)")
    print(f"MUTANTS/HOUR: {rate:.0f} over the mixed sample on {args.jobs} jobs "
          f"({len(ran) / run_wall * 3600 if run_wall > 0 else 0:.0f} executed mutants/hour)")
    if rate:
        print(f"a full in-scope run ({plan.in_scope} mutants) would take {plan.in_scope / rate:.1f} h at this rate")
    R_score = R.score([r.__dict__ for r in rs])
    print(f"sample score {R_score['score']:.1%} ({R_score['killed']} killed, {R_score['survived']} survived, "
          f"{R_score['no_coverage']} no coverage, {R_score['error']} errors)")
    mutmut_line(mutants, args)
    shutil.rmtree(scratch.parent, ignore_errors=True)
    return 0


def mutmut_line(mutants, args) -> None:
    """What mutmut could do on the same files: it mutates only inside def bodies, and it wraps functions in
    trampolines, which tinygrad's PatternMatcher refuses for rule callbacks (closures are rejected)."""
    reach = [m for m in mutants if m.func != "<module>" and "<lambda>" not in m.func and m.cover is not None
             and m.operator not in ("delete-rule",)]
    print(f"mutmut: could reach {len(reach)} of {len(mutants)} sampled mutants ({len(reach) / max(len(mutants), 1):.0%}): "
          f"only code inside def bodies; module-level rule tables and lambdas are out of its reach")
    print("mutmut: not timed. Its trampolines and fork-per-mutant run need tinygrad copied into a project and the kill "
          "suite run in-process under pytest; forked from a warm parent, tinygrad's caches hide mutants (see "
          "TINYGRAD-NOTES.md), so a timing would not be a like-for-like figure")
