"""`python -m fuzz upstream --repo PATH`: run every registered bug's repro on other tinygrads and record what they say.

Runs on the installed tinygrad, the newest release tags of the repository and its head (e.g. a master checkout or
mirror), writes each row's `versions`, and bisects where the head behaves unlike an older release (`fixed_at`,
`first_bad`). `--dry-run` prints and writes nothing. Then `python -m fuzz bugs` regenerates BUGS.md and
reports/upstream/.
"""
from __future__ import annotations

HELP = "replay every registered bug on a tinygrad checkout (and its releases) and record fixed/failing/changed"


def add_arguments(p) -> None:
    p.add_argument("--repo", required=True, metavar="PATH", help="a tinygrad git repository (work tree or bare)")
    p.add_argument("--head", default="HEAD", metavar="REF", help="the commit to check (default HEAD)")
    p.add_argument("--releases", type=int, default=2, help="how many of the newest release tags to run too (default 2)")
    p.add_argument("--only", default="", metavar="IDS", help="comma-separated registry ids (default: every row)")
    p.add_argument("--known", default=None, help="known-bug registry (default: corpus/known_bugs.json)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per repro run (default 300)")
    p.add_argument("--dry-run", action="store_true", help="print the results; change nothing")


def run(args) -> int:
    from pathlib import Path
    from corpus import known, upstream
    from corpus.store import write_atomic
    from fuzz.errors import UsageError
    from oracles.checkout import Repository
    path = Path(args.known or known.DEFAULT_PATH)
    registry = known.load(path)
    repo = Repository(args.repo)
    wanted = [i.strip() for i in args.only.split(",") if i.strip()]
    unknown = [i for i in wanted if registry.by_id(i) is None]
    if unknown:
        raise UsageError(f"--only: no registry row {unknown[0]!r}")
    rows = [r for r in registry.rows if not wanted or r.id in wanted]
    where = upstream.targets(repo, args.head, args.releases)
    print("tinygrads: " + ", ".join(t.label for t in where))
    results = upstream.check(rows, repo, where, args.timeout, root=path.resolve().parent.parent)
    new_rows = {r.id: upstream.updated(r, results[r.id], repo, where, args.timeout, root=path.resolve().parent.parent)
                for r in rows if r.id in results}
    head = where[-1].label
    for state in ("passes", "fails", "cannot-run"):
        ids = [i for i, res in results.items() if res[head].kind == state]
        print(f"at {head}: {len(ids)} {state}: {', '.join(ids)}")
    for r in new_rows.values():
        for key, what in (("fixed_at", "fixed by"), ("first_bad", "first bad commit")):
            c = getattr(r, key)
            if c:
                print(f"{r.id} {what} {c['sha'][:12]} ({c['date']}) {c['subject']}")
    if not args.dry_run:
        write_atomic(path, known.dump([new_rows.get(r.id, r) for r in registry.rows]))
        print(f"wrote {path}: versions of {len(new_rows)} rows")
    return 0
