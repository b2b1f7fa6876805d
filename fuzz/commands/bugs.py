"""`python -m fuzz bugs`: write BUGS.md from the known-bug registry (newest first, each with its repro)."""
from __future__ import annotations

HELP = "write BUGS.md from the known-bug registry (--check: fail when it is out of date)"


def add_arguments(p) -> None:
    p.add_argument("--known", default=None, help="known-bug registry (default: corpus/known_bugs.json)")
    p.add_argument("--out", default="BUGS.md", help="where to write (default BUGS.md)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file differs")


def run(args) -> int:
    from pathlib import Path
    from corpus import known
    from corpus.store import write_atomic
    registry = known.load(args.known or known.DEFAULT_PATH)
    base = Path(args.known or known.DEFAULT_PATH).resolve().parent.parent    # repro paths are repository-relative
    texts = {}
    for row in registry.rows:
        p = base / row.repro if row.repro else None
        if p is not None and p.is_file():
            texts[row.id] = p.read_text()
    text = known.render_markdown(registry, texts)
    out = Path(args.out)
    if args.check:
        current = out.read_text() if out.exists() else ""
        print(f"{args.out} is {'up to date' if current == text else 'out of date: run python -m fuzz bugs'}")
        return 0 if current == text else 1
    write_atomic(out, text)
    print(f"wrote {args.out}: {len(registry)} known bugs")
    return 0
