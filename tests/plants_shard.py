"""Planted bugs for the sharding and metamorphic oracles: a broken all-reduce, a wrong shard offset, an opt
that miscompiles only when one particular action is chosen. Applied by name in a worker, like tests/plants.py."""
from __future__ import annotations

import functools

from tests.plants import Plant, make_apply

BROKEN_UPCAST = 7     # the heuristics never upcast by 7 on these test shapes; random sequences and BEAM can


def _allreduce_wrong_op(f):
    def planted(buf, red):
        from tinygrad.uop.ops import Ops
        op, device = red.arg
        return f(buf, red.replace(arg=(Ops.MAX if op is Ops.ADD else Ops.ADD, device)))
    return planted


def _allreduce_drop_shard(f):
    def planted(buf, red):
        if not isinstance(buf.device, tuple):
            return f(buf, red)
        op, device = red.arg
        b = buf.pad_to(buf.max_shape).contiguous()
        parts = [b.mselect(i).copy_to_device(device) for i in range(len(buf.device) - 1)]   # the last shard is lost
        return functools.reduce(lambda x, y: x.alu(op, y), parts).shrink_to(buf.shape)
    return planted


def _shard_offset_rotated(f):
    def planted(rng, dev_idx):
        return (f(rng, dev_idx) + 1) % (int(rng.vmax) + 1)   # gathering puts device i's shard at offset i+1
    return planted


def _upcast_drops_lanes(f):
    def planted(self, *args, **kwargs):
        from tinygrad.uop.ops import AxisType
        if any(o.op.name == "UPCAST" and o.arg == BROKEN_UPCAST for o in self.applied_opts):
            lanes = [r for r in self.rngs if r.arg[-1] is AxisType.UPCAST and int(r.vmax) + 1 == BROKEN_UPCAST]
            self.ast = self.ast.substitute({r: r.const_like(0) for r in lanes})   # every lane reads and writes lane 0
        return f(self, *args, **kwargs)
    return planted


PLANTS: dict[str, Plant] = {
    "allreduce-wrong-op": Plant("tinygrad.schedule.allreduce.handle_allreduce", _allreduce_wrong_op),
    "allreduce-drop-shard": Plant("tinygrad.schedule.allreduce.handle_allreduce", _allreduce_drop_shard),
    "shard-offset": Plant("tinygrad.schedule.multi._shard_idx", _shard_offset_rotated),
    "upcast7-drops-lanes": Plant("tinygrad.codegen.opt.postrange.Scheduler.get_optimized_ast", _upcast_drops_lanes),
}

apply_plant = make_apply(PLANTS)
