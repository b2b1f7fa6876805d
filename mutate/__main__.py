"""`python -m mutate`: mutation testing of tinygrad's compiler (list, run, show, bench, suite, merge, harden)."""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from fuzz.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _common(p, run=False):
    p.add_argument("--tinygrad", help="a tinygrad checkout or package directory (default: the installed one)")
    p.add_argument("--store", default="reports/mutation/results.sqlite", help="results store (SQLite)")
    p.add_argument("--path", action="append", default=[], help="in-scope file or directory under tinygrad/ (repeatable)")
    p.add_argument("--function", action="append", default=[], help="only mutants in functions matching this glob")
    p.add_argument("--operator", action="append", default=[], help="only this operator (repeatable)")
    p.add_argument("--sample", type=int, help="a random sample of N mutants")
    p.add_argument("--seed", type=int, default=0, help="seed of the sample")
    p.add_argument("--shard", help="K/N: this job's deterministic share of the mutants")
    p.add_argument("--since", help="only mutants on lines changed since REV (needs a git checkout)")
    if run:
        p.add_argument("--backend", default="CPU", help="comma list of backend table rows: kill tests run on each "
                       "(CPU, CPU:X86, \"CPU DISABLE_FAST_IDIV=0\" ...)")
        p.add_argument("--jobs", type=int, default=2, help="mutants run at once (local pool)")
        p.add_argument("--dask", help="a Dask scheduler address: run the work items there")
        p.add_argument("--no-speed", action="store_true", help="leave the speed oracle out")
        p.add_argument("--max-tests", type=int, default=0,
                       help="at most this many covering tests per mutant: the smoke set, then those that killed most "
                            "(the store's and the suite's killers.json), then the fastest (default 0: all)")
        p.add_argument("--variant-tests", type=int, default=8,
                       help="selected tests per mutant that also run their metamorphic variants (NOOPT, random opts, "
                            "JIT, realize) once the plain runs pass (default 8; 0: none)")
        p.add_argument("--secondary-tests", type=int, default=0,
                       help="backends after the first run only this many kill tests: those reaching most tinygrad "
                            "lines on the first (default 0: all)")
        p.add_argument("--suite", default=str(ROOT / "corpus" / "killsuite"), help="kill suite directory")
        p.add_argument("--corpus", default=str(ROOT / "corpus"), help="corpus root whose seeds/crashes also kill")
        p.add_argument("--quiet", action="store_true")


def parse_args(argv):
    parser = _Parser(prog="python -m mutate", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _common(sub.add_parser("list", help="list in-scope mutants and how many were dropped as equivalent"))
    sub.choices["list"].add_argument("--count", action="store_true", help="counts only")
    _common(sub.add_parser("run", help="run mutants against the kill tests; print the mutation score"), run=True)
    p = sub.add_parser("show", help="a mutant's diff and stored results")
    p.add_argument("id")
    p.add_argument("--tinygrad")
    p.add_argument("--store", default="reports/mutation/results.sqlite")
    _common(sub.add_parser("bench", help="mutants/hour on this machine, split into setup, selection and test"), run=True)
    sub.choices["bench"].set_defaults(sample=40, seed=1)
    _common(sub.add_parser("harden", help="search programs that kill the survivors of a run (same arguments as the "
                                          "run); killing programs join the kill suite and corpus/seeds/"), run=True)
    sub.choices["harden"].add_argument("--budget", type=float, default=60.0,
                                       help="seconds of search per survivor (default 60)")
    sub.choices["harden"].add_argument("--max", type=int, default=0, help="at most this many survivors (0: all)")
    sub.choices["harden"].add_argument("--draw-seed", type=int, default=0, help="seed of the programs drawn")
    p = sub.add_parser("suite", help="(re)build the deterministic kill suite (needs torch, once)")
    p.add_argument("--count", type=int, default=60)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-ops", type=int, default=3)
    p.add_argument("--per-op", type=int, default=1, help="programs focused on each registry op (0: --count plain draws)")
    p.add_argument("--grad-per-op", type=int, default=1, help="programs with gradients focused on each differentiable op")
    p.add_argument("--sharded", type=int, default=24, help="programs with shard plans (multi-device kill tests)")
    p.add_argument("--per-value", action=argparse.BooleanOptionalAction, default=True,
                   help="a program per value of each categorical attribute (pad modes, reductions, ...)")
    p.add_argument("--per-variant", type=int, default=2,
                   help="programs each narrow metamorphic variant applies to (Winograd: 3x3 stride-1 convs)")
    p.add_argument("--extend", action="store_true",
                   help="keep the suite's programs and add only drawn programs it lacks (a rebuild redraws all)")
    p.add_argument("--backend", default="CPU")
    p.add_argument("--suite", default=str(ROOT / "corpus" / "killsuite"))
    p = sub.add_parser("opt-cover", help="add to the gate's opt mode the kill tests whose random opt sequences "
                                         "apply kinds of action no test judged there applies (on pristine tinygrad)")
    p.add_argument("--suite", default=str(ROOT / "corpus" / "killsuite"))
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program (default 20)")
    p.add_argument("--tinygrad", default=None, help="a tinygrad checkout or package (default: the installed one)")
    p = sub.add_parser("merge", help="merge shard stores into one")
    p.add_argument("stores", nargs="+")
    p.add_argument("--store", default="reports/mutation/results.sqlite", help="the store merged into")
    return parser.parse_args(argv)


def resolve_root(arg: str | None) -> tuple[str, str | None]:
    """(tinygrad package directory, git checkout or None)."""
    from mutate.coverage_map import default_root
    if not arg:
        return default_root(), None
    p = Path(arg)
    if (p / "tinygrad" / "__init__.py").exists():
        return str((p / "tinygrad").resolve()), str(p)
    if (p / "__init__.py").exists():
        return str(p.resolve()), str(p.parent)
    raise UsageError(f"--tinygrad {arg!r}: no tinygrad package there (expected {arg}/tinygrad/__init__.py)")


def selected(args, store):
    from mutate import run as R
    from mutate.generate import DEFAULT_SCOPE
    root, checkout = resolve_root(args.tinygrad)
    k_n = R.parse_shard(args.shard) if args.shard else None
    if args.sample is not None and args.sample < 1:
        raise UsageError(f"--sample {args.sample}: must be at least 1")
    if getattr(args, "secondary_tests", 0) < 0:
        raise UsageError(f"--secondary-tests {args.secondary_tests}: must be 0 (all) or more")
    plan = R.plan(store, root, tuple(args.path) or DEFAULT_SCOPE, tuple(args.function), tuple(args.operator))
    mutants = plan.mutants
    if args.since:
        mutants = R.since(mutants, R.changed_lines(checkout or str(Path(root).parent), args.since))
    if k_n:
        mutants = R.shard(mutants, *k_n)
    if args.sample is not None:
        mutants = R.sample(mutants, args.sample, args.seed)
    return plan, mutants


def cmd_list(args) -> int:
    from mutate.store import Store
    store = Store(args.store)
    plan, mutants = selected(args, store)
    if not args.count:
        for m in sorted(mutants, key=lambda m: (m.path, m.line, m.operator)):
            print(f"{m.id}  {m.operator:<12} {m.location:<32} {m.func[:40]:<40} {m.old[:30]!r} -> {m.new[:30]!r}")
    print(f"{plan.in_scope} in-scope mutants ({plan.equivalent} equivalent dropped: same bytecode; "
          f"{plan.invalid} that do not compile dropped); {len(mutants)} selected")
    print("by operator: " + ", ".join(f"{k} {v}" for k, v in Counter(m.operator for m in mutants).most_common()))
    print("by module:   " + ", ".join(f"{k} {v}" for k, v in Counter(_module(m.path) for m in mutants).most_common()))
    return 0


def _module(path: str) -> str:
    return path.split("/")[0] if "/" in path else path


def load_tests(args):
    from mutate.killsuite import load_suite
    suite = Path(args.suite)
    corpus = Path(args.corpus) if args.corpus and Path(args.corpus).is_dir() else None
    tests = load_suite(suite, corpus)
    if not tests:
        raise UsageError(f"no kill tests: {suite}/programs.jsonl is missing or empty; build it with "
                         f"`python -m mutate suite`")
    return tests


def backend_rows(text: str) -> str:
    """--backend: a comma list of backend table rows, by name: a row with settings ("CPU DISABLE_FAST_IDIV=0",
    "NULL:HIP:gfx1100 render-only") too, which `fuzz run --backend` does not take."""
    from oracles.backends import lookup
    return ",".join(lookup(b.strip()).name for b in text.split(",") if b.strip()) or "CPU"


def cmd_run(args) -> int:
    from mutate import run as R
    from oracles.backends import require_running
    from mutate.store import Store
    args.backend = backend_rows(args.backend)
    require_running(R.backends_of(args.backend))
    store = Store(args.store)
    plan, mutants = selected(args, store)
    tests = load_tests(args)
    print(f"{len(mutants)} mutants of {plan.in_scope} in scope ({plan.equivalent} equivalent dropped); "
          f"{len(tests)} kill tests; store {args.store}")

    def progress(r, n, total):
        if not args.quiet:
            print(f"  [{n}] {r.status:<11} {r.mutant} {r.operator:<11} {r.path}:{r.line}"
                  + (f"  by {r.test} ({r.oracle})" if r.status == "killed" else "") + f"  {r.seconds:.1f}s", flush=True)

    from mutate.killsuite import load_killers, write_killers
    summary = R.execute_all(store, plan, mutants, tests, backend=args.backend, jobs=args.jobs,
                            speed=not args.no_speed, dask=args.dask, max_tests=args.max_tests, progress=progress,
                            variant_tests=args.variant_tests, killers=load_killers(args.suite),
                            secondary=args.secondary_tests)
    ids = {m.id for m in mutants}
    suite = R.results_key(tests, args.backend, not args.no_speed, args.variant_tests, args.secondary_tests)
    rows = store.results(plan.sut, suite, ids)
    print_score(rows, summary)
    if Path(args.suite).is_dir():       # the gate replays each test with the variant it killed through
        from mutate.killsuite import GATE_FILE, write_gate_modes
        every = store.results(plan.sut, suite)
        modes = write_gate_modes(args.suite, every, {t.name for t in tests})
        print(f"gate: {len(modes)} kill tests replayed in the mode of the variant they killed with ({GATE_FILE})")
        killers = write_killers(args.suite, every, {t.name for t in tests})
        print(f"selection: {len(killers)} kill tests with kills run first under --max-tests (killers.json)")
        from mutate.killsuite import write_gate_order
        record = store.coverage(plan.sut, R.coverage_key(tests, R.backends_of(args.backend)[0]))
        if record is not None:      # the replay judges first the tests reaching most of tinygrad
            from mutate.killsuite import gate_trim
            names = [t.name for t in tests]
            reached, rest = R.by_reach(record, names)
            trimmed = gate_trim(record, rest, killers, modes)      # the files just written
            order = write_gate_order(args.suite, reached + rest, names, trimmed)
            print(f"gate: {len(trimmed)} kill tests trimmed from the replay (reach nothing new, kill nothing, slow)")
            print(f"gate: the replay judges {len(order)} kill tests in order of tinygrad lines reached (gate_order.json)")
    return 0


def print_score(rows, summary=None) -> None:
    from mutate.run import score
    s = score(rows)
    if summary is not None:
        print(f"{len(summary.results)} run now, {summary.skipped} already in the store; wall {summary.wall_s:.0f}s")
    print(f"mutation score {s['score']:.1%} ({s['killed']} killed / {s['killed'] + s['survived'] + s['no_coverage']}"
          f"; {s['survived']} survived, {s['no_coverage']} no coverage, {s['error']} errors); "
          f"covered mutants killed: {s['covered_score']:.1%}")
    for key, label in (("operator", "by operator"), ("path", "by module")):
        groups = defaultdict(list)
        for r in rows:
            groups[r[key] if key == "operator" else _module(r[key])].append(r)
        print(label + ":")
        for name, g in sorted(groups.items()):
            gs = score(g)
            print(f"  {name:<14} {gs['score']:6.1%}  killed {gs['killed']:>4} survived {gs['survived']:>4} "
                  f"no-coverage {gs['no_coverage']:>4}")
    oracles = Counter(r["oracle"] for r in rows if r["status"] == "killed")
    print("kills by oracle: " + (", ".join(f"{k} {v}" for k, v in oracles.most_common()) or "none"))


def cmd_show(args) -> int:
    from mutate import run as R
    from mutate.store import Store
    store = Store(args.store)
    root, _ = resolve_root(args.tinygrad)
    plan = R.plan(store, root)
    found = [m for m in plan.mutants if m.id.startswith(args.id)]
    if not found:
        raise UsageError(f"no in-scope mutant has an id starting with {args.id!r} (see `python -m mutate list`)")
    m = found[0]
    print(f"{m.id}  {m.operator}  {m.location}  in {m.func}")
    print(m.diff((Path(root) / m.path).read_text()))
    for r in store.find(m.id):
        print(f"{r['status']}  test={r['test'] or '-'} oracle={r['oracle'] or '-'}  {r['seconds']:.1f}s  "
              f"(tinygrad {r['sut']}, suite {r['suite']})  {r['detail'][:200]}")
    return 0


def cmd_suite(args) -> int:
    from mutate.killsuite import build_suite
    from oracles.config import RunConfig
    tests = build_suite(args.count, args.seed, RunConfig(backend=args.backend), args.suite, args.max_ops,
                        per_op=args.per_op, grad_per_op=args.grad_per_op, sharded=args.sharded,
                        per_value=args.per_value, per_variant=args.per_variant, extend=args.extend)
    print(f"kill suite: {len(tests)} programs in {args.suite}")
    return 0


def cmd_opt_cover(args) -> int:
    from corpus.store import Corpus
    from mutate.killsuite import add_gate_modes
    from mutate.opt_cover import candidates, cover, measure
    from oracles.config import RunConfig
    from oracles.worker import WorkerPool
    suite = Path(args.suite)
    if not (suite / "programs.jsonl").is_file():
        raise UsageError(f"--suite {args.suite!r}: no programs.jsonl there")
    if args.timeout <= 0:
        raise UsageError(f"--timeout {args.timeout!r}: must be positive")
    from oracles.checkout import tinygrad_at
    sut = str(tinygrad_at(args.tinygrad)) if args.tinygrad else None
    entries = Corpus(suite.parent).replay_entries()
    already, plain = candidates(entries)
    pool = WorkerPool()
    try:
        config = RunConfig(backend="CPU", timeout=args.timeout, sut_path=sut)
        judged, could = measure(already, config, pool), measure(plain, config, pool)
    finally:
        pool.close()
    covered = set().union(*judged.values())
    every = covered.union(*could.values())
    added = cover(could, covered)
    add_gate_modes(suite, {name: "opt" for name in added})
    print(f"opt mode: {len(already)} kill tests judged there apply {len(covered)} of the {len(every)} kinds of action "
          f"the random sequences of {len(already) + len(plain)} tests apply; {len(added)} tests added to cover the "
          f"rest ({suite / 'gate_modes.json'})")
    for name in added:
        print(f"  {name}: {', '.join(sorted(could[name] - covered))}")
        covered |= could[name]
    return 0


def cmd_harden(args) -> int:
    from mutate import run as R
    from mutate.harden import adopt, harden_all
    from oracles.backends import require_running
    from mutate.store import Store
    args.backend = backend_rows(args.backend)
    if args.budget <= 0:
        raise UsageError(f"--budget {args.budget}: must be positive")
    require_running(R.backends_of(args.backend))
    store = Store(args.store)
    plan, mutants = selected(args, store)
    tests = load_tests(args)
    suite = R.results_key(tests, args.backend, not args.no_speed, args.variant_tests, args.secondary_tests)
    rows = {r["mutant"]: r for r in store.results(plan.sut, suite, {m.id for m in mutants})}
    if not rows:
        raise UsageError(f"no results for these mutants in {args.store}: run `python -m mutate run` with the same "
                         f"arguments first")
    survivors = [m for m in mutants if rows.get(m.id, {}).get("status") == "survived"][:args.max or None]
    cov = R.coverage_for(store, plan, tests, args.backend, args.jobs, secondary=args.secondary_tests)
    print(f"harden: {len(survivors)} survivors of {len(rows)} mutants; {args.budget:g}s each, on a backend whose "
          f"tests reach the line")
    found = harden_all(plan.root, survivors, cov, tests, R.backends_of(args.backend), args.budget, args.draw_seed,
                       jobs=args.jobs, log=lambda *a: print(*a, flush=True))
    kept = [adopt(h, plan.root, Path(args.suite), Path(args.corpus)) for h in found if h.program is not None]
    kept = [h for h in kept if h.program is not None]
    print(f"converted {len(kept)} of {len(survivors)} survivors into kill tests ({sum(h.seed for h in kept)} also "
          f"in corpus/seeds/, where pristine tinygrad agrees with torch); by oracle: "
          + (", ".join(f"{k} {v}" for k, v in Counter(h.oracle for h in kept).most_common()) or "none"))
    if kept:
        print("the kill suite changed: `python -m mutate run` with the same arguments re-tests every mutant")
    return 0


def cmd_merge(args) -> int:
    from mutate.store import Store
    store = Store(args.store)
    for other in args.stores:
        if not Path(other).exists():
            raise UsageError(f"{other!r}: no such store")
        print(f"{other}: {store.merge_from(other)} new results")
    return 0


def cmd_bench(args) -> int:
    from mutate.bench import bench
    return bench(args)


COMMANDS = {"list": cmd_list, "run": cmd_run, "show": cmd_show, "bench": cmd_bench, "suite": cmd_suite,
            "merge": cmd_merge, "harden": cmd_harden, "opt-cover": cmd_opt_cover}


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        return int(COMMANDS[args.command](args))
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished mutants are in the store; run again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
