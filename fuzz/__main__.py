"""`python -m fuzz`: the campaign CLI. One table of subcommands; each lives in fuzz/commands/<name>.py.

Each command module has `HELP` (one line), `add_arguments(parser)` and `run(args) -> int`. This module
turns exceptions into exit codes; commands raise UsageError and never call sys.exit.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from enum import IntEnum

from fuzz.errors import UsageError

COMMANDS = {                 # name -> module under fuzz/commands
    "ops": "ops",
    "baseline": "baseline",
    "doctor": "doctor",
    "bench": "bench",
    "backends": "backends",
    "run": "run", "replay": "replay", "minimize": "minimize", "bugs": "bugs",
    "add": "add",
    "diff": "diff",
    "bisect": "bisect", "upstream": "upstream",
    "coverage": "coverage",
}


class Exit(IntEnum):
    OK = 0
    FOUND = 1          # the run found failures (or a repro still fails)
    USAGE = 2
    INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message):            # argparse prints usage and exits; we want one line and exit 2
        raise UsageError(message)


def parse_args(argv):
    parser = _Parser(prog="python -m fuzz", description="tinyfuzz: differential fuzzing of tinygrad")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module in COMMANDS.items():
        mod = importlib.import_module(f"fuzz.commands.{module}")
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        return int(args._run(args))
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("interrupted: everything found so far is in the corpus", file=sys.stderr)
        return Exit.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
