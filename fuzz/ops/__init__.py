"""The op registry: every op the suite knows, declared once, gathered from one file per family."""
from __future__ import annotations

from fuzz.errors import UsageError, did_you_mean
from fuzz.ops.base import Invalid, Op, Operand, Spec
from fuzz.ops import (binary, cast, conv, device, elementwise, indexing, linalg, movement, nn, reduce, scalar, scan,
                      state, symbolic)

FAMILY_MODULES = [elementwise, binary, cast, reduce, movement, indexing, linalg, conv, scan, nn, scalar, state, device,
                  symbolic]

OPS: dict[str, Op] = {}
for _module in FAMILY_MODULES:
    for _row in _module.ROWS:
        if _row.name in OPS:
            raise AssertionError(f"op {_row.name!r} declared twice: {OPS[_row.name].where} and {_row.where}")
        OPS[_row.name] = _row

# Property sets metamorphic oracles read; kept beside the rows, named by op.
COMMUTATIVE = {name for name in ("add", "mul", "maximum", "minimum", "bitwise_and", "bitwise_or", "bitwise_xor",
                                 "eq", "ne") if name in OPS}
# Ops whose lowering unrolls into hundreds of kernels or a huge one (Keccak's 24 rounds, Jacobi sweeps, Householder
# steps): 4 to 12 s to compile plainly on 2 loaded cores, and past the hang retry's 60 s under random kernel opts
# (buckets 1b40e1b440, 8fb54ad4d0: slow compiles, not hangs). The opt:random and BEAM variants leave them out.
COMPILE_HEAVY = {name for name in ("keccak", "svdvals", "qr") if name in OPS}


def known_ops(names=()) -> list[str]:
    """The names asked for (all ops when empty), checked: an unknown name is a UsageError."""
    names = list(names) or list(OPS)
    for name in names:
        if name not in OPS:
            raise UsageError(f"unknown op {name!r}{did_you_mean(name, OPS)}")
    return names


__all__ = ["OPS", "Op", "Operand", "Spec", "Invalid", "known_ops", "COMMUTATIVE", "COMPILE_HEAVY"]
