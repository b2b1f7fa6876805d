"""Shard plans: how a Program's inputs are spread over 2-8 devices, and what happens to its values on the way.

A plan is JSON data kept in `Program.shard`, so it travels, hashes and replays with its program:

    {"devices": 4,                                  # CPU:0..CPU:3 (PYTHON:0.., CUDA:0..: the backend's prefix)
     "allreduce": "naive",                          # naive | ring | all2all: tinygrad's RING / ALL2ALL switches
     "inputs": [{"axis": 0, "at": "view"},          # shard the value the program sees on axis 0
                {"axis": null, "at": "view"},       # replicate it on every device
                {"axis": 1, "at": "base"}],         # shard the stored buffer, then apply the input's view steps
     "steps": [{"after": 0, "do": "reshard", "axis": 1}]}   # after node 0, move that value to another sharding

An axis whose size the device count does not divide is an uneven shard; tinygrad 0.14 refuses those by design
(verdict `unsupported`), so plans draw them rarely, to notice when tinygrad starts to accept them. Every step leaves the values unchanged, so a sharded program has the same torch
reference as the plain one; only how tinygrad computes it changes. Steps are a table (`STEPS`).
"""
from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from fuzz.errors import UsageError, did_you_mean
from fuzz.infer import infer
from fuzz.program import Program

MIN_DEVICES, MAX_DEVICES = 2, 8
ALLREDUCE = ("naive", "ring", "all2all")          # simplest first: shrinking lands on the naive all-reduce
PLACES = ("view", "base")

# Value-preserving steps a plan may put after a node. name -> what it does (the evaluator, oracles/shard_eval.py,
# keeps the tinygrad spelling of each under the same name).
STEPS: dict[str, str] = {
    "reshard":  "copy to the first device, shard again on `axis` (None: replicate)",
    "realign":  "multiply by ones sharded on `axis`: tinygrad reshards inside the ALU op",
    "roundtrip": "copy back to the host device (CPU) and shard again the same way",
    "assign":   "assign into a fresh zero tensor sharded the same way, use that",
    "setitem":  "write into a fresh zero tensor sharded the same way through two slice setitems",
    "widen":    "cast to a wider dtype and back (dtype change under sharding)",
}
STEP_NAMES = tuple(STEPS)
WIDER = {"float16": "float32", "bfloat16": "float32", "float32": "float64", "int8": "int16", "int16": "int32",
         "int32": "int64", "uint8": "uint16", "uint16": "uint32", "uint32": "uint64", "bool": "int32"}
AXIS_STEPS = {"reshard", "realign"}
REALIZING_STEPS = {"assign", "setitem"}     # left out when gradients are taken: a realized tensor keeps no graph
# tinygrad's all-reduce switches per plan (read at import: a repro sets them in the environment)
ALLREDUCE_SETTINGS = {"naive": {"RING": 0, "ALL2ALL": 0}, "ring": {"RING": 2, "ALL2ALL": 0},
                      "all2all": {"RING": 0, "ALL2ALL": 2}}


def steps_after(plan: dict | None, grad: bool) -> dict[int, list]:
    """The plan's steps grouped by the node they follow; realizing steps are left out when gradients are taken. The
    shard oracle (oracles/shard_eval.py) and the repro writer (fuzz/repro.py) apply the same ones."""
    steps: dict[int, list] = {}
    for step in (plan or {}).get("steps", []):
        if not (grad and step["do"] in REALIZING_STEPS):
            steps.setdefault(step["after"], []).append(step)
    return steps

# The plan written out in a repro (fuzz/repro.py), in tinygrad's own spelling, as oracles/shard_eval.py runs it;
# tests/test_repro.py checks that a shard verdict's repro fails with a planted bug and passes without.
REPRO_HELPERS = """
def shard(t, axis, devs=DEVS):   # a 0-d tensor can only be replicated
    return t.shard(devs, None if axis is None or len(t.shape) == 0 else axis)

def axis_of(t):
    try:
        return t.uop.axis
    except RuntimeError:         # sharded on several axes: placed replicated
        return None

def zeros_placed_like(t):        # a fresh zero tensor sharded the way t is
    devs = t.device if t.device is not None else DEVS
    z = Tensor.full(t.shape, 0, dtype=t.dtype, device=devs[0] if isinstance(devs, tuple) else devs)
    return (shard(z, axis_of(t), devs) if isinstance(devs, tuple) else z).contiguous().realize()

def write_halves(t):             # two slice setitems into a fresh zero tensor placed like t
    if len(t.shape) == 0 or t.shape[0] < 2:
        return zeros_placed_like(t).assign(t).realize()
    buf, half = zeros_placed_like(t), t.shape[0] // 2
    buf[:half] = t[:half]
    buf[half:] = t[half:]
    return buf

def placed_like(o, w):           # a loss weight placed like its output (a device-less 0-d one: on DEVS)
    devs = o.device if o.device is not None else DEVS
    t = Tensor(w, dtype=o.dtype, device=devs[0] if isinstance(devs, tuple) else devs)
    return shard(t, axis_of(o) if o.device is not None else None, devs) if isinstance(devs, tuple) else t
""".strip()


def step_code(v: str, step: dict, dtype: str) -> str:
    """tinygrad code for a step on value `v` (of `dtype`), using REPRO_HELPERS."""
    axis = step.get("axis")
    return {
        "reshard": lambda: f"shard({v}.to(DEVS[0]), {axis!r})",
        "realign": lambda: f"{v} * shard(Tensor.ones({v}.shape, dtype={v}.dtype, device=DEVS[0]), {axis!r})",
        "roundtrip": lambda: f"shard({v}.to(Device.DEFAULT), axis_of({v}) if isinstance({v}.device, tuple) else None)",
        "assign": lambda: f"zeros_placed_like({v}).assign({v}).realize()",
        "setitem": lambda: f"write_halves({v})",
        "widen": lambda: f"{v}.cast(dtypes.{WIDER[dtype]}).cast({v}.dtype)" if dtype in WIDER else v,
    }[step["do"]]()


def shard_plans(program: Program, *, min_devices: int = MIN_DEVICES, max_devices: int = MAX_DEVICES,
                max_steps: int = 3) -> SearchStrategy[dict]:
    """Plans for this program: a device count, a placement per input, value-preserving steps, an all-reduce kind.

    Shrinks toward 2 devices, replicated inputs sharded where the program sees them, no steps, naive all-reduce.
    """
    if not MIN_DEVICES <= min_devices <= max_devices <= MAX_DEVICES:
        raise InvalidArgument(f"devices {min_devices}..{max_devices} must lie within {MIN_DEVICES}..{MAX_DEVICES}")
    if max_steps < 0:
        raise InvalidArgument(f"max_steps={max_steps!r} must not be negative")
    return _plans(program, min_devices, max_devices, max_steps)


def sharded_programs(programs: SearchStrategy[Program], **plan_bounds) -> SearchStrategy[Program]:
    """Programs from the given strategy, each with a shard plan drawn for it."""
    return programs.flatmap(lambda p: shard_plans(p, **plan_bounds).map(lambda plan: p.with_(shard=plan)))


def _axis_choices(shape: tuple[int, ...], ndev: int) -> tuple[list[int], list[int]]:
    """(axes the device count divides, the other non-empty axes): even shards first, uneven ones rarer."""
    even = [a for a, s in enumerate(shape) if s > 0 and s % ndev == 0]
    uneven = [a for a, s in enumerate(shape) if s > 0 and s % ndev != 0]
    return even, uneven


@st.composite
def _axis(draw, shape: tuple[int, ...], ndev: int):
    even, uneven = _axis_choices(shape, ndev)
    kind = draw(st.integers(0, 7))          # 0: replicate, 1: uneven (tinygrad refuses), else even
    pool = uneven if kind == 1 and uneven else even if kind > 0 else []
    return pool[draw(st.integers(0, len(pool) - 1))] if pool else None


@st.composite
def _plans(draw, program: Program, min_devices: int, max_devices: int, max_steps: int) -> dict:
    specs = infer(program)
    dims = {d for inp, spec in zip(program.inputs, specs) for d in tuple(inp.shape) + tuple(spec.shape) if d > 0}
    fitting = [n for n in range(min_devices, max_devices + 1) if any(d % n == 0 for d in dims)]
    if fitting and draw(st.integers(0, 3)) > 0:     # mostly a count some input divides: sharding that runs
        ndev = draw(st.sampled_from(fitting))
    else:
        ndev = draw(st.integers(min_devices, max_devices))
    inputs = []
    for inp, spec in zip(program.inputs, specs):
        at = draw(st.sampled_from(PLACES)) if inp.view else "view"
        shape = tuple(inp.shape) if at == "base" else tuple(spec.shape)
        inputs.append({"axis": draw(_axis(shape, ndev)), "at": at})
    steps = []
    n_in = len(program.inputs)
    for _ in range(draw(st.integers(0, max_steps)) if program.nodes else 0):
        after = draw(st.integers(0, len(program.nodes) - 1))
        do = draw(st.sampled_from(STEP_NAMES))
        step: dict = {"after": after, "do": do}
        if do in AXIS_STEPS:
            step["axis"] = draw(_axis(tuple(specs[n_in + after].shape), ndev))
        steps.append(step)
    steps.sort(key=lambda s: s["after"])
    return {"devices": ndev, "allreduce": draw(st.sampled_from(ALLREDUCE)), "inputs": inputs, "steps": steps}


def check_plan(program: Program, where: str = "program") -> None:
    """A plan read from outside (corpus file, user JSON): UsageError names the first fault."""
    plan = program.shard
    if plan is None:
        return
    specs = infer(program)
    n = plan.get("devices")
    if not isinstance(n, int) or not 1 <= n <= 64:
        raise UsageError(f"{where}: shard.devices {n!r} must be a device count from 1 to 64")
    if plan.get("allreduce", "naive") not in ALLREDUCE:
        raise UsageError(f"{where}: shard.allreduce {plan['allreduce']!r} is not one of {', '.join(ALLREDUCE)}")
    entries = plan.get("inputs", [])
    if len(entries) != len(program.inputs):
        raise UsageError(f"{where}: shard.inputs has {len(entries)} entries for {len(program.inputs)} inputs")
    for i, (e, inp, spec) in enumerate(zip(entries, program.inputs, specs)):
        shape = inp.shape if e.get("at", "view") == "base" else spec.shape
        _check_axis(e.get("axis"), shape, f"{where}: shard.inputs[{i}]")
    for j, s in enumerate(plan.get("steps", [])):
        if s.get("do") not in STEPS:
            raise UsageError(f"{where}: shard.steps[{j}]: unknown step {s.get('do')!r}{did_you_mean(str(s.get('do')), STEPS)}")
        if not isinstance(s.get("after"), int) or not 0 <= s["after"] < len(program.nodes):
            raise UsageError(f"{where}: shard.steps[{j}]: after={s.get('after')!r} names no node")
        if s["do"] in AXIS_STEPS:
            _check_axis(s.get("axis"), specs[len(program.inputs) + s["after"]].shape, f"{where}: shard.steps[{j}]")


def _check_axis(axis, shape, where: str) -> None:
    if axis is not None and not (isinstance(axis, int) and 0 <= axis < len(shape) and shape[axis] > 0):
        raise UsageError(f"{where}: axis {axis!r} is not a non-empty axis of shape {list(shape)}")


def simpler_plans(program: Program) -> list[Program]:
    """The program with each one-step simplification of its plan, simplest first: what a minimizer tries.

    No plan at all, then fewer devices, no steps, one step fewer, an input replicated, sharded where the
    program sees it rather than at its base, the naive all-reduce. A shrink that stops failing is dropped by the caller.
    """
    plan = program.shard
    if plan is None:
        return []
    out: list[dict | None] = [None]
    for n in sorted({2, plan["devices"] // 2, plan["devices"] - 1}):
        if MIN_DEVICES <= n < plan["devices"]:
            out.append(_fit({**plan, "devices": n}, program))
    if plan.get("steps"):
        out.append({**plan, "steps": []})
        out += [{**plan, "steps": plan["steps"][:j] + plan["steps"][j + 1:]} for j in range(len(plan["steps"]))]
    for i, e in enumerate(plan["inputs"]):
        if e.get("axis") is not None:
            out.append(_with_input(plan, i, {**e, "axis": None}))
        if e.get("at") == "base":
            out.append(_fit(_with_input(plan, i, {**e, "at": "view"}), program))
    if plan.get("allreduce", "naive") != "naive":
        out.append({**plan, "allreduce": "naive"})
    seen, programs = set(), []
    for p in out:
        key = repr(p)
        if key not in seen and p != plan:
            seen.add(key)
            programs.append(program.with_(shard=p))
    return programs


def _with_input(plan: dict, i: int, entry: dict) -> dict:
    return {**plan, "inputs": [entry if k == i else e for k, e in enumerate(plan["inputs"])]}


def _fit(plan: dict, program: Program) -> dict:
    """Keep axes valid after a change: an axis that no longer exists where the input is placed is replicated."""
    specs = infer(program)
    fixed = []
    for e, inp, spec in zip(plan["inputs"], program.inputs, specs):
        shape = inp.shape if e.get("at") == "base" else spec.shape
        ok = e.get("axis") is None or (e["axis"] < len(shape) and shape[e["axis"]] > 0)
        fixed.append(e if ok else {**e, "axis": None})
    return {**plan, "inputs": fixed}


def describe(plan: dict | None) -> str:
    """One line for people and repro headers: '4 devices, x0 on axis 0, x1 replicated, reshard after v1'."""
    if plan is None:
        return "one device"
    parts = [f"{plan['devices']} devices"]
    for i, e in enumerate(plan["inputs"]):
        where = "" if e.get("at", "view") == "view" else " (at base)"
        parts.append(f"x{i} replicated" if e.get("axis") is None else f"x{i} on axis {e['axis']}{where}")
    for s in plan.get("steps", []):
        axis = f"(axis={s['axis']})" if "axis" in s else ""
        parts.append(f"{s['do']}{axis} after v{s['after']}")
    if plan.get("allreduce", "naive") != "naive":
        parts.append(f"{plan['allreduce']} all-reduce")
    return ", ".join(parts)



def plan_cost(plan: dict | None) -> tuple:
    """How complicated a plan is, for a minimizer's cost: devices, steps, sharded inputs, base placements, all-reduce."""
    if plan is None:
        return (0, 0, 0, 0, 0)
    return (plan["devices"], len(plan.get("steps", [])), sum(e.get("axis") is not None for e in plan["inputs"]),
            sum(e.get("at") == "base" for e in plan["inputs"]), ALLREDUCE.index(plan.get("allreduce", "naive")))


def fit_plan(program: Program) -> Program:
    """After graph surgery (inputs or nodes dropped), bend the plan to fit: one entry per input (new ones
    replicated), steps only after nodes that exist, axes that exist. A program without a plan comes back as is."""
    plan = program.shard
    if plan is None:
        return program
    entries = list(plan["inputs"][:len(program.inputs)])
    entries += [{"axis": None, "at": "view"}] * (len(program.inputs) - len(entries))
    entries = [e if e.get("at") != "base" or program.inputs[i].view else {**e, "at": "view"} for i, e in enumerate(entries)]
    try:
        specs = infer(program)
    except Exception:       # the surgery made an invalid program: the caller's validity check drops it
        return program.with_(shard={**plan, "inputs": entries})
    steps = []
    for s in plan.get("steps", []):
        if s["after"] < len(program.nodes):
            shape = specs[len(program.inputs) + s["after"]].shape
            if "axis" in s and s["axis"] is not None and not (s["axis"] < len(shape) and shape[s["axis"]] > 0):
                s = {**s, "axis": None}
            steps.append(s)
    return program.with_(shard=_fit({**plan, "inputs": entries, "steps": steps}, program))


# Ops that meet sharding in interesting ways (reductions across or along the shard axis, split-K matmul,
# sharded conv and normalization, casts under sharding); fuzz tests focus on those the registry has.
SHARD_OPS = ("add", "mul", "sum", "max", "mean", "matmul", "linear", "conv2d", "layernorm", "batchnorm", "softmax",
             "cast", "relu", "where", "exp2", "reshape", "permute", "pad", "cat", "getitem")


def shard_ops() -> list[str]:
    from fuzz.ops import OPS
    return [n for n in SHARD_OPS if n in OPS]
