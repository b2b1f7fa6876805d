"""Planted speed bugs: changes to tinygrad that keep every value right and make the work slower.

Applied in a worker by name, like tests/plants.py: RunConfig(patches=("tests.plants_speed:exp2-unfused",)).
"""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _without_rule(function_name: str):
    """A PatternMatcher like the original minus the rule whose function has this name (a deleted rewrite)."""
    def wrap(pm):
        from tinygrad.uop.ops import PatternMatcher
        kept = [(pat, fn) for pat, fn in pm.patterns if getattr(fn, "__name__", "") != function_name]
        if len(kept) == len(pm.patterns):
            raise AttributeError(f"no rule {function_name!r} to delete: tinygrad changed, update the plant")
        return PatternMatcher(kept)
    return wrap


def _split_threshold(getenv):
    """split_reduceop splits a reduce in two kernels 128 times sooner (a heuristic constant changed)."""
    def planted(key, default=0):
        return 256 if key == "REDUCEOP_SPLIT_THRESHOLD" else getenv(key, default)
    return planted


def _codegen_noopt(full_rewrite_to_sink):
    """Kernels are lowered without optimizations (no upcast, no unroll): more, slower UOps."""
    def planted(sink, ren, *args, optimize=True, **kwargs):
        return full_rewrite_to_sink(sink, ren, *args, optimize=False, **kwargs)
    return planted


PLANTS: dict[str, Plant] = {
    # one elementwise op no longer fuses with its neighbours: one more kernel and a round trip through memory
    "exp2-unfused": Plant("tinygrad.Tensor.exp2", lambda f: lambda self: f(self).contiguous(), expect="slow"),
    # the scheduler's fusion rewrite (remove a bufferize when its cost allows) is deleted: intermediates are stored
    "no-remove-bufferize": Plant("tinygrad.schedule.rangeify.pm_remove_bufferize", _without_rule("remove_bufferize"),
                                 expect="slow"),
    # the reduce-splitting heuristic fires on small reduces: two kernels where one did
    "split-reduce-early": Plant("tinygrad.schedule.rangeify.getenv", _split_threshold, expect="slow"),
    # a change in the compile path (codegen), where tinygrad's compile pool would run pristine code. The counters
    # do not call it slow: ops and traffic are unchanged and UOps fall (no upcast, no unroll) -- a known blind spot
    "codegen-noopt": Plant("tinygrad.codegen.full_rewrite_to_sink", _codegen_noopt, expect="pass"),
}

apply_plant = make_apply(PLANTS)
