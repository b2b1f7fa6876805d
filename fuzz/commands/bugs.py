"""`python -m fuzz bugs`: write BUGS.md and reports/upstream/KB-xxxx.md from the known-bug registry.

BUGS.md lists every bug, newest first, each with its repro. reports/upstream/ holds one report per genuine open bug
(not a duplicate, not debatable): what a tinygrad maintainer would want filed. Both are generated; `--check` fails
when either is out of date.
"""
from __future__ import annotations

HELP = "write BUGS.md and reports/upstream/ from the known-bug registry (--check: fail when out of date)"


def add_arguments(p) -> None:
    p.add_argument("--known", default=None, help="known-bug registry (default: corpus/known_bugs.json)")
    p.add_argument("--out", default="BUGS.md", help="where to write (default BUGS.md)")
    p.add_argument("--upstream-dir", default=None, metavar="DIR",
                   help="where the upstream reports go (default: reports/upstream beside the registry's corpus)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file differs")


def run(args) -> int:
    from pathlib import Path
    from corpus import known, upstream
    from corpus.store import write_atomic
    registry = known.load(args.known or known.DEFAULT_PATH)
    base = Path(args.known or known.DEFAULT_PATH).resolve().parent.parent    # repro paths are repository-relative
    texts = {row.id: script.read_text() for row in registry.rows if (script := row.script(base)) is not None}
    wanted = {Path(args.out): known.render_markdown(registry, texts)}
    up_dir = Path(args.upstream_dir) if args.upstream_dir else base / "reports" / "upstream"
    wanted |= {up_dir / name: text for name, text in upstream.reports(registry, texts).items()}
    stale = sorted(p for p in up_dir.glob("KB-*.md") if p not in wanted) if up_dir.is_dir() else []
    if args.check:
        differ = [str(p) for p, text in wanted.items() if not p.exists() or p.read_text() != text]
        differ += [f"{p} (no longer a genuine open bug)" for p in stale]
        print("up to date" if not differ else "out of date: run python -m fuzz bugs: " + ", ".join(differ))
        return 1 if differ else 0
    for p, text in wanted.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, text)
    for p in stale:
        p.unlink()
    print(f"wrote {args.out}: {len(registry.bugs)} known bugs ({len(registry.rows) - len(registry.bugs)} duplicate "
          f"rows); {len(wanted) - 1} upstream reports in {up_dir}")
    return 0
