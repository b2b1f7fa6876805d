"""`python -m fuzz backends`: the backend matrix, each backend probed in a worker: runs here, or why not."""
from __future__ import annotations

HELP = "list the backends, how each runs, and whether it runs here (and why not)"


def add_arguments(p) -> None:
    p.add_argument("names", nargs="*", help="backends to probe (all when none)")
    p.add_argument("--tinygrad", metavar="PATH", help="a tinygrad checkout: enables the mock AMD/NV devices")
    p.add_argument("--no-probe", action="store_true", help="print the table without starting any worker")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds a probe may take (default 120)")


def run(args) -> int:
    from pathlib import Path
    from fuzz.errors import UsageError
    from oracles.backends import TABLE, lookup, probe_each
    rows = [lookup(n) for n in args.names] if args.names else TABLE
    if args.tinygrad and not (Path(args.tinygrad) / "tinygrad" / "__init__.py").exists():
        raise UsageError(f"--tinygrad {args.tinygrad!r}: no tinygrad/__init__.py there")
    tinygrad = str(Path(args.tinygrad).resolve()) if args.tinygrad else None
    if args.no_probe:
        for b in rows:
            print(f"{b.name:22} {b.mode:13} needs {b.needs}")
        return 0
    running = 0
    for result in probe_each([b.name for b in rows], tinygrad=tinygrad, timeout=args.timeout):
        running += result.runs
        print(result.line(), flush=True)
    print(f"{running} of {len(rows)} backends run here")
    return 0
