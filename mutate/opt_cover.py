"""Which kill tests the CI gate judges in the opt mode for the optimizer's sake: a greedy cover of the kernel-opt
actions (the op and its amount) that the opt mode's seeded random sequences apply to the kill suite.

gate_modes.json names the tests a mutation run saw kill through a variant, and the replay's order covers tinygrad's
lines; neither tells an UPCAST by 7 from an UPCAST by 4 (the same lines run). The gate judged 2 tests in the opt
mode, neither upcasting by 7, so an opt that miscompiles at one amount (tests.plants_shard:upcast7-drops-lanes) left
it green, though 23 kill tests' random sequences upcast by 7 (2026-12-07). Measured on pristine tinygrad, once per
suite (`python -m mutate opt-cover`); the chosen tests join gate_modes.json, which later mutation runs keep.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from corpus.store import Entry
from oracles.config import RunConfig
from oracles.metamorphic import VARIANTS
from oracles.worker import WorkerPool

VARIANT = "opt:random"      # the opt mode's variant whose sequences are drawn (seed 0, as the gate's replay)
_OPT = re.compile(r"OptOps\.(\w+), axis=[^,]*, arg=([^)]*)\)")


def actions_of(opts: Iterable[Iterable[str]]) -> set[str]:
    """{"UPCAST:7", "UNROLL:0", ...}: the kinds of action in each kernel's applied opts (reprs of tinygrad's Opt);
    the axis is left out, it names a position, not a transformation."""
    return {f"{m[1]}:{m[2]}" for kernel in opts for o in kernel if (m := _OPT.search(o))}


def candidates(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(judged in the opt mode already, could be): kill tests a variant applies to; plain ones (no mode, no
    gradients: the metamorphic modes leave gradients out, so those keep the plain judge) may take the opt mode."""
    light = [e for e in entries if e.kind == "kill" and VARIANTS[VARIANT].applies(e.program)]
    already = [e for e in light if e.meta.get("mode") == "opt"]
    plain = [e for e in light if "mode" not in e.meta and not any(i.requires_grad for i in e.program.inputs)]
    return already, plain


def measure(entries: list[Entry], config: RunConfig, pool: WorkerPool, seed: int = 0) -> dict[str, set[str]]:
    """{kill test: the action kinds its random sequences apply} on the tinygrad `config` runs; a test that fails or
    hangs there applies none (the gate judges it plainly as before)."""
    v = VARIANTS[VARIANT]
    cfg = dataclasses.replace(config, opt=v.opt, env=config.env + v.env)
    out = {}
    for e in entries:
        got = pool.call(cfg, v.task, program=e.program.to_json(), grad=False, counters=False,
                        **v.kwargs(e.program, seed))
        out[e.name] = actions_of(got.value.get("opts", [])) if got.status == "ok" else set()
    return out


def cover(actions: dict[str, set[str]], covered: set[str] = frozenset()) -> list[str]:
    """Greedy: the test applying most kinds no earlier one applies, until every kind is covered (ties: the order
    of `actions`, the replay's)."""
    left = set().union(*actions.values()) - set(covered)
    chosen = []
    while left:
        best = max(actions, key=lambda name: len(actions[name] & left))
        chosen.append(best)
        left -= actions[best]
    return chosen
