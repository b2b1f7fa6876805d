"""`python -m reports weekly`: build the week's report from the mutation results store and the corpus.

Library code raises UsageError for what the user got wrong; this module prints it as one line, exit 2.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fuzz.errors import UsageError
from reports import history
from reports.source import Sources, installed_root
from reports.weekly import Paths, build, default_week

DEFAULT_STORE = "reports/mutation/results.sqlite"


class _Parser(argparse.ArgumentParser):
    def error(self, message):            # argparse prints usage and exits; we want one line and exit 2
        raise UsageError(message)


def parse_args(argv):
    parser = _Parser(prog="python -m reports", description="tinyfuzz reports")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("weekly", help="the weekly mutation-score report (index.html, mutation.json, summary.md)")
    p.add_argument("--store", default=DEFAULT_STORE, help=f"mutation results store (default {DEFAULT_STORE})")
    p.add_argument("--week", type=history.parse_week, help="ISO week YYYY-Www (default: the week the run finished)")
    p.add_argument("--out", default="reports/weekly", help="reports go to OUT/<week>/ (default reports/weekly)")
    p.add_argument("--history", default="reports/history.jsonl", help="the history file, appended to")
    p.add_argument("--corpus", default="corpus", help="the corpus, for new and fixed bugs (default corpus)")
    p.add_argument("--tinygrad", help="a tinygrad checkout (or the directory holding the package) for source "
                                      "text; default: the installed tinygrad, read but not imported")
    return parser.parse_args(argv)


def _source_root(arg: str | None) -> Path | None:
    if arg is None:
        return installed_root()
    root = Path(arg)
    if (root / "tinygrad" / "__init__.py").exists():
        return root
    if (root / "__init__.py").exists() and root.name == "tinygrad":
        return root.parent
    raise UsageError(f"--tinygrad {arg!r}: no tinygrad package there (expected {arg}/tinygrad/__init__.py)")


def weekly(args) -> int:
    from reports.store_adapter import load            # the one place that knows the store's schema
    sources = Sources(_source_root(args.tinygrad))
    run, mutants = load(Path(args.store), sources)
    week = args.week or default_week(run)
    written = build(run, mutants, Paths(Path(args.out), Path(args.history), Path(args.corpus)), week, sources)
    print(written.summary, end="")
    print(f"\nwrote {written.dir}/index.html, mutation.json, summary.md; "
          f"{args.history} {'got a line' if written.appended else 'already had these results'}")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:                                  # GitHub Actions shows this file on the run's page
        with open(step_summary, "a", encoding="utf-8") as f:
            f.write(written.summary)
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        return {"weekly": weekly}[args.command](args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
