"""Run a Program under its shard plan with tinygrad (worker side): outputs, gradients, per-device peak memory.

The devices are the backend's own, numbered: DEV=CPU gives CPU:0..CPU:n-1, DEV=PYTHON gives PYTHON:0.., and a
CUDA machine CUDA:0... Inputs are loaded on the default device, then placed as the plan says; the plan's steps
run after their nodes. Peak memory counts what tinygrad allocates per device after the inputs are placed, up to
the outputs being realized (copying results to the host is not part of the program's footprint).
"""
from __future__ import annotations

from contextlib import contextmanager

from fuzz.program import Program
from fuzz.shard import ALLREDUCE_SETTINGS, steps_after
from oracles.adapter import absorbing
from oracles.evaluate import walk
from oracles.tiny_eval import VIEW_STEPS, load_input, loss_weights, tiny_lib, to_numpy


def devices_for(n: int) -> tuple[str, ...]:
    from tinygrad import Device
    prefix = Device.DEFAULT.split(":")[0]
    return tuple(f"{prefix}:{i}" for i in range(n))


def place(L, t, devs: tuple[str, ...], axis: int | None):
    """Shard t on axis over devs (replicate when None). tinygrad 0.14 refuses uneven shards ("multi axis
    uneven"): that refusal is by design, so it becomes NotImplementedError, which judges call `unsupported`.
    (Emulating them by pad, shard, shrink runs into tinygrad's shard-axis shrink limits and a crash, see
    reports/triage/metamorphic.md.)"""
    if axis is None or len(t.shape) == 0:
        return t.shard(devs, None)
    try:
        return t.shard(devs, axis)
    except RuntimeError as e:
        if "uneven" in str(e):
            raise NotImplementedError(f"tinygrad refuses uneven shards: {e}") from None
        raise


def _axis_of(t):
    try:
        return t.uop.axis
    except RuntimeError:       # sharded on several axes: replicate when re-placing
        return None


def _like(L, t, fill, plan_devs):
    """A fresh realized tensor of t's shape and dtype, filled, sharded the way t is. A realized 0-d tensor is a
    device-less constant in 0.14 (t.device is None): then the plan's devices, replicated."""
    devs = t.device if t.device is not None else plan_devs
    base = L.Tensor.full(t.shape, fill, dtype=t.dtype, device=devs[0] if isinstance(devs, tuple) else devs)
    return (place(L, base, devs, _axis_of(t)) if isinstance(devs, tuple) else base).contiguous().realize()


def _step_reshard(L, t, step, devs):
    single = t.to(devs[0])
    return place(L, single, devs, step.get("axis"))


def _step_realign(L, t, step, devs):
    ones = L.Tensor.ones(t.shape, dtype=t.dtype, device=devs[0])
    return t * place(L, ones, devs, step.get("axis"))


def _step_roundtrip(L, t, step, devs):
    from tinygrad import Device
    return place(L, t.to(Device.DEFAULT), devs, _axis_of(t) if isinstance(t.device, tuple) else None)


def _step_assign(L, t, step, devs):
    buf = _like(L, t, 0, devs)
    return buf.assign(t).realize()


def _step_setitem(L, t, step, devs):
    if len(t.shape) == 0 or t.shape[0] < 2:
        return _step_assign(L, t, step, devs)
    buf = _like(L, t, 0, devs)
    half = t.shape[0] // 2
    buf[:half] = t[:half]
    buf[half:] = t[half:]
    return buf


def _step_widen(L, t, step, devs):
    from fuzz.shard import WIDER
    name = next((n for n in WIDER if L.dtype(n) == t.dtype), None)   # tinygrad calls float32 "float"
    return t if name is None else t.cast(L.dtype(WIDER[name])).cast(t.dtype)


STEP_IMPL = {"reshard": _step_reshard, "realign": _step_realign, "roundtrip": _step_roundtrip,
             "assign": _step_assign, "setitem": _step_setitem, "widen": _step_widen}


@contextmanager
def peak_memory():
    """Track per-device peak bytes (above the level at entry) while tinygrad allocates; yields the result dict."""
    from tinygrad.device import Buffer
    from tinygrad.helpers import GlobalCounters
    start = dict(GlobalCounters.mem_used_per_device)
    peak: dict[str, int] = {}
    original = Buffer.allocate

    def allocate(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        for dev, used in GlobalCounters.mem_used_per_device.items():
            peak[dev] = max(peak.get(dev, 0), used - start.get(dev, 0))
        return out
    Buffer.allocate = allocate
    try:
        yield peak
    finally:
        Buffer.allocate = original


def _canonical(device: str | None) -> str:
    from tinygrad.device import Device
    return Device.canonicalize(device)


def run_sharded(program: Program, grad: bool = False, counters: bool = True, sharded: bool = True) -> dict:
    """Outputs, gradients and peak memory of the program under its plan (sharded=False: on one device, same path)."""
    from tinygrad import Context
    from tinygrad.helpers import GlobalCounters
    plan = program.shard or {"devices": 1, "inputs": [{"axis": None, "at": "view"}] * len(program.inputs), "steps": []}
    L = tiny_lib()
    devs = devices_for(plan["devices"]) if sharded else ()
    with Context(**ALLREDUCE_SETTINGS[plan.get("allreduce", "naive")]):
        loaded = [load_input(L, inp) for inp in program.inputs]
        placed, leaves = [], []
        for (base, view), inp, entry in zip(loaded, program.inputs, plan["inputs"]):
            axis, at = entry.get("axis"), entry.get("at", "view")
            if grad and inp.requires_grad and sharded and at == "view":
                # gradients flow to a sharded leaf: through .shard() from a one-device tensor they crash (KB candidate
                # in reports/triage/metamorphic.md), so place the stored buffer and apply the view after
                at, axis = "base", axis if axis is not None and axis < len(inp.shape) and inp.shape[axis] else None
            if not sharded:
                leaf = base
            elif at == "base":
                leaf = place(L, base, devs, axis)
            else:
                leaf = place(L, view, devs, axis)
            if grad and inp.requires_grad and sharded:
                leaf = leaf.contiguous().realize()
                leaf.requires_grad = True
            t = leaf
            if at == "base" or not sharded:
                for kind, arg in inp.view:
                    t = VIEW_STEPS[kind](t, arg)
            placed.append(t)
            leaves.append(leaf)
        if placed and not grad:
            L.Tensor.realize(*placed)
        steps = steps_after(plan if sharded else None, grad)

        def after(k, v):
            for s in steps.get(k, []):
                v = STEP_IMPL[s["do"]](L, v, s, devs)
            return v
        GlobalCounters.reset()
        with peak_memory() as peak:
            vals = walk(program, "tiny", L, placed, after)
            outs = [vals[o] for o in program.outputs]
            grads = []
            if grad:
                wants = [leaf for leaf, inp in zip(leaves, program.inputs) if inp.requires_grad]
                grads = list(_loss(L, outs, devs or None).gradient(*wants)) if wants else []
            L.Tensor.realize(*outs, *grads)
        result: dict = {"counters": {"kernels": int(GlobalCounters.kernel_count), "ops": int(GlobalCounters.global_ops),
                                     "mem": int(GlobalCounters.global_mem)} if counters else {},
                        "peak": {d: peak.get(_canonical(d), 0) for d in devs or (None,)}, "devices": list(devs)}
        result["outputs"] = [to_numpy(o) for o in outs]
        if grad:
            result["grads"] = [to_numpy(g) for g in grads]
    return result


def _loss(L, outs: list, plan_devs: tuple):
    """tiny_eval.grad_loss with each weight placed like its output, so the loss runs sharded too. A device-less
    output (a 0-d constant, which .shard() leaves as it is) gets its weight on the plan's devices, replicated: on the
    default device alone it met sharded terms and tinygrad refused the mix (bucket f6d3c48f4d)."""
    total = None
    for i, o in enumerate(outs):
        if not L.dtypes.is_float(o.dtype):
            continue
        devs = o.device if o.device is not None else plan_devs
        home = devs[0] if isinstance(devs, tuple) else devs
        w = L.Tensor(loss_weights(tuple(o.shape), i), dtype=o.dtype, device=home)
        if isinstance(devs, tuple):
            w = place(L, w, devs, _axis_of(o) if o.device is not None else None)
        term = (o * w).float().sum()
        total = term if total is None else total + term
    return total if total is not None else L.Tensor(0.0)


def run_request(program: dict, grad: bool = False, counters: bool = True, sharded: bool = True) -> dict:
    """Worker task: the program arrives as JSON."""
    with absorbing():
        return run_sharded(Program.from_json(program), grad=grad, counters=counters, sharded=sharded)


def memory_request(program: dict) -> dict:
    """Worker task: per-device peaks of the plain and the sharded run, for the memory oracle."""
    p = Program.from_json(program)
    with absorbing():
        plain = run_sharded(p, counters=False, sharded=False)
        shard = run_sharded(p, counters=False, sharded=True)
    return {"plain": plain["peak"], "sharded": shard["peak"], "devices": shard["devices"],
            "outputs": shard["outputs"]}

