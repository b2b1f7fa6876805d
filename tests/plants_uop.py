"""Planted bugs for the UOp oracles: a simplifier rule that drops a condition, a renderer that emits `-` for one dtype.

Applied by name in a worker (RunConfig(patches=("tests.plants_uop:NAME",))), as tests/plants.py's are.
"""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _mod_without_bound(symbolic):
    """x % c -> x whenever x >= 0: the real rule also needs x < c (the dropped mod condition)."""
    from tinygrad.uop.ops import Ops, PatternMatcher, UPat
    wrong = PatternMatcher([(UPat((Ops.FLOORMOD, Ops.CMOD), src=(UPat.var("x"), UPat.cvar("c"))),
                             lambda x, c: x if x.vmin >= 0 and c.arg > 0 else None)])
    return wrong + symbolic


def _add_as_sub(code_for_op):
    """Clang's renderer writes a-b for an int16 addition (every other dtype still adds)."""
    from tinygrad.dtype import dtypes
    from tinygrad.uop.ops import Ops
    add = code_for_op[Ops.ADD]
    return {**code_for_op, Ops.ADD: lambda a, b, dtype: f"({a}-{b})" if dtype == dtypes.int16 else add(a, b, dtype)}


PLANTS: dict[str, Plant] = {
    "simplify-mod-drops-bound": Plant("tinygrad.uop.symbolic.symbolic", _mod_without_bound, expect="mismatch"),
    "sym-mod-drops-bound": Plant("tinygrad.uop.symbolic.sym", _mod_without_bound, expect="mismatch"),
    "clang-int16-add-renders-sub": Plant("tinygrad.renderer.cstyle.ClangRenderer.code_for_op", _add_as_sub,
                                         expect="mismatch"),
}

apply_plant = make_apply(PLANTS)
