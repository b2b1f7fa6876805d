"""`python -m fuzz coverage DIR`: the report of a `fuzz run --coverage DIR` folder, optionally beside another folder
(tinygrad's own test_ops recorded with `pytest -p oracles.coverage_probe`, docs/search.md)."""
from __future__ import annotations

HELP = "report which tinygrad compiler lines and rewrite rules a `fuzz run --coverage` folder reached"


def add_arguments(p) -> None:
    p.add_argument("folder", help="a folder `fuzz run --coverage` (or `pytest -p oracles.coverage_probe`) wrote")
    p.add_argument("--against", default=None, metavar="DIR", help="another such folder to compare with")
    p.add_argument("--label", default="fuzz run", help="this folder's name in the report")
    p.add_argument("--other", default="test_ops", help="the other folder's name in the report")
    p.add_argument("--out", default=None, help="write the markdown here (default: print it)")


def run(args) -> int:
    from pathlib import Path
    from fuzz.errors import UsageError
    from reports import coverage
    try:
        here = coverage.load(args.folder)
        there = coverage.load(args.against) if args.against else None
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    text = coverage.report(here, there, label=args.label, other=args.other)
    if args.out:
        Path(args.out).write_text(text)
        print(f"{coverage.summary_line(here)}; report: {args.out}")
    else:
        print(text, end="")
    return 0
