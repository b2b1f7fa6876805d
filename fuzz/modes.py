"""How a campaign judges a program (issue 15): `fuzz run` draws a mode per program as well as the program.

One table. A mode says which programs it needs (gradients, a shard plan, fewer ops where a run is costly) and which
oracles judge them: none named means the plain judge (values vs torch, and gradients when `grad`); named ones are the
metamorphic variants of oracles/metamorphic.py (opt variants, JIT replay, realize boundaries, shard plans), whose
plain run is judged too. `weight` is a mode's share of programs, so each gets time: costly modes get fewer.
"""
from __future__ import annotations

from dataclasses import dataclass

from fuzz.errors import UsageError, did_you_mean


@dataclass(frozen=True)
class Mode:
    name: str
    weight: int
    variants: tuple[str, ...] = ()     # metamorphic oracles; () = the plain judge
    grad: bool = False                 # programs with gradients, compared with torch's
    sharded: bool = False              # programs carry a shard plan (fuzz/shard.py)
    max_ops: int | None = None         # a cap below --max-ops where one program runs many times


MODES: dict[str, Mode] = {m.name: m for m in [
    Mode("values", 6),
    Mode("grad", 3, grad=True),
    Mode("opt", 2, variants=("opt:noopt", "opt:random", "wino")),   # wino: 3x3 float32/64 convs only
    Mode("beam", 1, variants=("opt:beam",), max_ops=3),
    Mode("jit", 2, variants=("jit",)),
    Mode("realize", 2, variants=("realize",)),
    Mode("shard", 2, variants=("shard", "memory"), sharded=True, max_ops=4),
    Mode("grad-shard", 1, variants=("grad-shard",), grad=True, sharded=True, max_ops=3),
]}
DEFAULT = tuple(MODES)


def check_modes(text: str) -> tuple[str, ...]:
    """`--modes values,grad,...` (or `all`), checked: an unknown name is a UsageError."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names or names == ["all"]:
        return DEFAULT
    for n in names:
        if n not in MODES:
            raise UsageError(f"--modes: unknown mode {n!r}{did_you_mean(n, MODES)} (known: {', '.join(MODES)}, all)")
    return tuple(dict.fromkeys(names))


def schedule(modes: tuple[str, ...]) -> list[str]:
    """One round of modes, each as often as its weight, spread out (smooth weighted round robin). A campaign draws
    each program's mode from it with `sampled_from`, which Hypothesis covers evenly (`one_of` over weighted
    strategies does not: measured, 40 programs gave two modes none)."""
    weights = {n: MODES[n].weight for n in modes}
    current = dict.fromkeys(modes, 0)
    out = []
    for _ in range(sum(weights.values())):
        for n in modes:
            current[n] += weights[n]
        pick = max(modes, key=lambda n: current[n])
        current[pick] -= sum(weights.values())
        out.append(pick)
    return out


def mode_programs(mode: str, ops: list[str], max_ops: int, max_devices: int = 4):
    """Programs a mode can judge, or None when no op of `ops` serves it (shard plans over ops without a shard rule,
    gradients without differentiable ops)."""
    from fuzz.ops import OPS
    from fuzz.shard import shard_ops, sharded_programs
    from fuzz.strategies import programs
    m = MODES[mode]
    usable = [o for o in ops if (not m.grad or OPS[o].grad) and (not m.sharded or o in set(shard_ops()))]
    if not usable:
        return None
    # a mode that runs a program many times (BEAM, shard plans) keeps to small programs: no large ones there
    strategy = programs(ops=usable, max_ops=min(max_ops, m.max_ops or max_ops), grad=m.grad, large=m.max_ops is None)
    return sharded_programs(strategy, max_devices=max_devices) if m.sharded else strategy


def campaign_plan(modes: tuple[str, ...], ops: list[str], max_ops: int, max_devices: int = 4):
    """(schedule, {mode: strategy}) for the modes that can use `ops`; a UsageError when none can."""
    strategies = {m: s for m in modes if (s := mode_programs(m, ops, max_ops, max_devices)) is not None}
    if not strategies:
        raise UsageError(f"no mode of {', '.join(modes)} can use the ops {', '.join(ops[:6])}")
    return schedule(tuple(strategies)), strategies
