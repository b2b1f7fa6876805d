"""`python -m fuzz ops`: list the registry, one op a line, with family, dtypes, tolerance and gradient."""
from __future__ import annotations

HELP = "list the registered ops with their dtypes"


def add_arguments(p) -> None:
    p.add_argument("--family", help="only ops of this family (unary, binary, reduce, ...)")


def run(args) -> int:
    from fuzz.errors import UsageError, did_you_mean
    from fuzz.ops import OPS
    families = sorted({op.family for op in OPS.values()})
    if args.family and args.family not in families:
        raise UsageError(f"unknown family {args.family!r}{did_you_mean(args.family, families)} (known: {', '.join(families)})")
    rows = [op for op in OPS.values() if not args.family or op.family == args.family]
    for op in rows:
        grad = "grad" if op.grad else "    "
        print(f"{op.name:24} {op.family:10} {op.tol:14} {grad} {','.join(op.dtypes)}")
    print(f"{len(rows)} ops")
    return 0
