"""`python -m fuzz minimize PATH`: shrink a failing program (a program.json or a corpus bucket) while it fails alike.

Prints the before/after sizes and the minimized program; `--out FILE` writes it as JSON and `--repro FILE`
writes its standalone repro. Works on any program file, not only ones Hypothesis made.
"""
from __future__ import annotations

HELP = "shrink a failing program.json or corpus bucket, keeping its failure signature"


def add_arguments(p) -> None:
    p.add_argument("path", help="a program.json, or a corpus bucket directory (corpus/crashes/<bucket>)")
    p.add_argument("--backend", default="", help="backend to judge on (default: the bucket's own, else CPU)")
    p.add_argument("--out", default=None, help="write the minimized program here (JSON)")
    p.add_argument("--repro", default=None, help="write the minimized program's repro.py here")
    p.add_argument("--max-checks", type=int, default=300, help="judge calls to spend at most (default 300)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program before it is a hang (default 20)")
    p.add_argument("--patch", action="append", default=[], metavar="MODULE:NAME",
                   help="apply a planted bug in the workers (the suite's own tests)")


def run(args) -> int:
    import json
    from argparse import Namespace
    from pathlib import Path
    from corpus.store import read_json, read_program, write_atomic
    from corpus.record import fails_alike, reference_or_none, repro_for
    from fuzz.commands.run import configs
    from fuzz.errors import UsageError
    from fuzz.minimize import Stats, minimize
    from oracles.judge import judge
    path = Path(args.path)
    if args.max_checks < 1:
        raise UsageError(f"--max-checks {args.max_checks!r}: must be at least 1")
    backend = args.backend
    if path.is_dir():
        meta = path / "meta.json"
        if not (path / "program.json").exists():
            raise UsageError(f"{args.path}: not a corpus bucket (no program.json)")
        backend = backend or (read_json(meta).get("backend", "CPU").split(" ")[0] if meta.exists() else "CPU")
        path = path / "program.json"
    elif not path.exists():
        raise UsageError(f"{args.path}: no such file or directory")
    program = read_program(path, str(path))
    cfgs = configs(Namespace(**{**vars(args), "backend": backend or "CPU"}))
    if len(cfgs) != 1:
        raise UsageError(f"--backend {args.backend!r}: name one backend")
    config = cfgs[0]
    expected = reference_or_none(program)
    if expected is None:
        raise UsageError(f"{args.path}: torch refuses this program, so there is nothing to compare against")
    verdict = judge(program, config, expected)
    if not verdict.failed:
        print(f"{args.path}: {verdict.kind.value} on {config.backend}; nothing to minimize")
        return 0
    print(f"failure: {verdict.summary()[:200]}")
    seen = {program.content_hash: (verdict, expected)}
    stats = Stats()
    from corpus import known
    registry = known.load(args.known) if getattr(args, "known", None) else known.load()
    # the minimal program is the same failure: new stays new, a registered bug stays that bug (corpus.record)
    best = minimize(program, fails_alike(verdict, config, seen, registry=registry), max_checks=args.max_checks,
                    stats=stats)
    final, exp = seen[best.content_hash]
    print(f"before: {len(program.nodes)} ops, size {program.size}; after: {len(best.nodes)} ops, size {best.size} "
          f"({stats.checks} checks in {stats.seconds:.1f}s{', budget spent' if stats.budget_spent else ''})")
    print(repr(best))
    print(f"bucket {final.bucket}: {final.summary()[:200]}")
    if args.out:
        write_atomic(Path(args.out), best.dumps(indent=1))
    if args.repro:
        write_atomic(Path(args.repro), repro_for(best, final, config, exp))
    return 1
