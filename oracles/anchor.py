"""A value mismatch at a step is judged again, with the reference anchored on tinygrad's own operands.

Step ops (rows with `step=True`: floor/ceil/trunc/round, rounded division, comparisons, float->int and float->bool
casts, bitcasts, sign, index outputs, and asin/acos/atanh/acosh at their domain edge) turn an operand difference
below tolerance into a whole step: 1.0, True vs False, an ulp read as an integer, another index among ties, a number
vs nan. Those are not bugs when tinygrad's operand agrees with torch's within tolerance. So, on a value mismatch in a
program with step nodes:
  1. tinygrad computes every step node's operands, and every index node's output, as the outputs of a probe run
     (a separate run: realizing them inside the judged program would change its kernels);
  2. each probed operand must match torch's within the tolerance of the ops above it, else the verdict stands
     (the bug is upstream of the step);
  3. torch runs the program again with those operands substituted, and an index output of tinygrad's replaces
     torch's where the row's `ties` rule says both are right (fuzz/ops/ties.py);
  4. the outputs are compared with that anchored answer. A match is a pass ("anchored"); otherwise the original
     verdict stands, so signatures do not depend on whether the probe ran.
A bug in the step op itself, or in its fusion with the operand, still shows: the anchored answer is torch's step of
tinygrad's operand, and the operand is computed by a kernel of its own.
A value mismatch in a program without step ops is judged for its conditioning instead (`ill_conditioned`): where an
ulp of an intermediate moves the output past the tolerance, any answer within that movement is right.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from fuzz.dtypes import DTYPES
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Program
from oracles.compare import compare, program_tolerance
from oracles.verdict import Verdict, VerdictKind


def index_nodes(program: Program) -> set[int]:
    """Values made by rows with a ties rule (index outputs)."""
    return {len(program.inputs) + k for k, n in enumerate(program.nodes) if OPS[n.op].ties is not None}


def probes(program: Program) -> tuple[int, ...]:
    """Values the judge needs tinygrad's numbers of: step nodes' operands that are nodes, and index nodes."""
    n_in = len(program.inputs)
    operands = {a for n in program.nodes if OPS[n.op].step for a in n.args if a >= n_in}
    return tuple(sorted(operands | index_nodes(program)))


def ancestors(program: Program, ref: int) -> list[int]:
    """Node positions (0-based among nodes) that value `ref` depends on, itself included."""
    n_in, seen, stack = len(program.inputs), set(), [ref]
    while stack:
        v = stack.pop()
        if v >= n_in and v - n_in not in seen:
            seen.add(v - n_in)
            stack.extend(program.nodes[v - n_in].args)
    return sorted(seen)


def operand_tolerance(program: Program, ref: int, dtype: str, specs=None) -> tuple[float, float]:
    """The tolerance of the ops `ref` is computed by (not the whole program's), in the loosest float dtype any of them
    computed in: a cast up does not make a value more accurate (bucket 6024fa4718: float16 acos, cast to float64 and
    float32, is off by a float16 ulp, 1.7773 for 1.7783). Inputs do not count: they are exact in any dtype."""
    from oracles.judge import depth
    nodes = ancestors(program, ref)
    classes = [OPS[program.nodes[k].op].tol for k in nodes]
    specs = specs or infer(program)
    computed = {specs[len(program.inputs) + k].dtype for k in nodes} | {dtype}
    floats = [d for d in computed if DTYPES[d].is_float] or [dtype]
    d = depth(program, ref)
    return max((program_tolerance(classes, f, d) for f in floats), key=lambda t: t[1])


def anchored(program: Program, config, verdict: Verdict, got: dict, expected: dict, run) -> Verdict:
    """The verdict after anchoring (see the module doc); `run(probe_program)` gives tinygrad's outcome."""
    if verdict.kind != VerdictKind.MISMATCH or verdict.oracle != "value" or program.shard:
        return verdict
    refs = probes(program)
    if not refs:       # no step: an ulp of an intermediate moves the output continuously, by its conditioning
        if ill_conditioned(program, got, expected):
            return Verdict(VerdictKind.PASS, "value", "ill-conditioned: within the span of torch's runs with every "
                           "intermediate, and every input a sum reads, an ulp apart (scans: rounded step by step)",
                           ops=verdict.ops, backend=verdict.backend, numbers={"anchored": True, "conditioned": True})
        return verdict
    probe = program.with_(outputs=refs)
    if (tiny := _probed(probe, run)) is None:
        return verdict
    tiny.update({r: g for r, g in zip(program.outputs, got["outputs"]) if r in tiny})   # the judged run's own numbers
    seen = {**tiny, **dict(zip(program.outputs, got["outputs"]))}     # every value of tinygrad's at hand, for nan
    specs = infer(program)
    index_refs = index_nodes(program)
    try:      # torch's value of each probed operand, from tinygrad's numbers of the probed values before it
        probed = torch_run(probe, hook={"kind": "chain", "tiny": tiny, "index_refs": sorted(index_refs)})["outputs"]
    except TorchRunFailed:
        return verdict
    for r, want in zip(refs, probed):
        if r not in index_refs:               # index outputs are judged by their row's ties rule instead
            atol, rtol = operand_tolerance(program, r, specs[r].dtype, specs)
            if (diff := compare(tiny[r], want, atol, rtol, DTYPES[specs[r].dtype].is_float, specs[r].dtype)) is not None:
                return _upstream(program, verdict, r, specs[r].dtype, diff)   # off before the step: say where
        elif r not in program.outputs and (told := _at_index(program, verdict, specs, seen, r, want)) is not None:
            return told
    from oracles.judge import value_verdict
    hook = {"kind": "operands", "tiny": tiny, "index_refs": sorted(index_refs)}
    for float64 in (False, True):
        try:
            answer = torch_run(program, float64=float64, hook=hook)
        except TorchRunFailed:     # torch refusing tinygrad's numbers leaves the verdict as it was
            return verdict
        if not value_verdict(program, _values_of(got), {"outputs": answer["outputs"]}, {}).failed:
            return Verdict(VerdictKind.PASS, "value", "anchored: a step of an operand within tolerance",
                           ops=verdict.ops, backend=verdict.backend, numbers={"anchored": True})
        if not float64 and _within_span(program, specs, got, answer["outputs"], _spans(program, specs, tiny, index_refs)):
            return Verdict(VerdictKind.PASS, "value", "anchored: within the step's span over its operand's tolerance",
                           ops=verdict.ops, backend=verdict.backend, numbers={"anchored": True, "span": True})
    return _at_step(program, verdict, specs, seen)


def float32_weights_upstream(program: Program, verdict: Verdict, got: dict, run) -> Verdict:
    """KB-0096's mark told at the interpolate: a float64 linear interpolate whose output in tinygrad is within float32's
    precision of torch's (its weights are float32), and torch, given tinygrad's interpolate, agrees with tinygrad's
    output. A later op may amplify the weights' error past the bound taken at the output (bucket 5c00836d7e: 1.3e-7
    at the interpolate, 65x after `** -0.5`). A wrong interpolate is off by more there and gets no mark."""
    from oracles.judge import FLOAT32_WEIGHTS, float32_weights, value_verdict
    if verdict.kind != VerdictKind.MISMATCH or verdict.oracle != "value" or FLOAT32_WEIGHTS in verdict.detail \
            or program.shard or "output" not in verdict.numbers:
        return verdict
    n_in, specs = len(program.inputs), infer(program)
    above = ancestors(program, program.outputs[verdict.numbers["output"]])
    refs = tuple(n_in + k for k in above if program.nodes[k].op == "interpolate" and
                 program.nodes[k].attrs.get("mode") == "linear" and specs[n_in + k].dtype == "float64")
    if not refs or any(OPS[n.op].stateful for n in program.nodes):
        return verdict
    probe = program.with_(outputs=refs)
    if (tiny := _probed(probe, run)) is None:
        return verdict
    try:
        wants = torch_run(probe, float64=True)["outputs"]
        answer = torch_run(program, float64=True, hook={"kind": "operands", "tiny": tiny, "index_refs": []})
    except TorchRunFailed:
        return verdict
    if any(float32_weights(probe, r, "float64", tiny[r], [w]) != FLOAT32_WEIGHTS for r, w in zip(refs, wants)):
        return verdict
    if value_verdict(program, _values_of(got), {"outputs": answer["outputs"]}, {}).failed:
        return verdict
    return dataclasses.replace(verdict, detail=verdict.detail + FLOAT32_WEIGHTS)


def _probed(probe: Program, run) -> dict | None:
    """{ref: tinygrad's numbers} of the probe program's outputs (the values the judge needs); None when that run
    fails (the verdict then stays as it was)."""
    outcome = run(probe)
    return dict(zip(probe.outputs, outcome.value["outputs"])) if outcome.status == "ok" else None


def ill_conditioned(program: Program, got: dict, expected: dict) -> bool:
    """Does every differing element lie where the program is ill-conditioned? torch runs the program twice more in
    the program's dtypes with every float intermediate moved by one ulp of its dtype, up and down in turn node by
    node; twice more with every float input a sum reads moved by one ulp instead, input by input in turn
    (_inputs_nudged: a single op whose internal sum cancels has no intermediate to move; bucket 0dde06d54f,
    scatter_reduce mean of -1, 1e30, 1.894, -1e30 is 0.0 in torch, -0.25 in tinygrad, 0.2235 exactly. Apart from the
    node runs: moved together, a moved input may offset a moved node and narrow the span, and fa138811e1 fell out of
    it); and once with cumsum/cumprod rounded step by step (_sequential_scans, bucket 5331659f14). Where those runs and
    torch's two spread beyond the tolerance, the answer depends on how each intermediate was rounded (fusion, FMA, the
    order of a sum): any finite answer within their span, widened by it, is right (bucket fa138811e1: batchnorm of a
    batchnorm, 3.118 - 3.129 then times 1e30, -4.47174e27 for -4.47182e27).
    Only for programs without step ops: across a step an ulp moves the output a whole step, and the anchored judging
    above tells whether the operand was right. A stateful step's own value is not moved: it is the tensor the step
    wrote, and a moved copy would no longer be it (the value it wrote was moved already); the rules such programs keep
    (fuzz/infer.py check_state: no alias of the target is read after a step) let every other value be moved
    (bucket dc02a0560e: a layernorm of 1e30s read after an assign)."""
    if expected.get("outputs64") is None:
        return False
    specs = infer(program)
    runs = []
    for sign in (1.0, -1.0):
        try:
            runs.append(torch_run(program, hook={"kind": "nudge", "sign": sign})["outputs"])
            if (moved := _inputs_nudged(program, sign)) is not None:
                runs.append(torch_run(moved)["outputs"])
        except TorchRunFailed:     # torch refusing a moved value leaves the verdict as it was
            return False
    sequential = []
    if any(n.op in SEQUENTIAL_SCANS or n.op == "prod" for n in program.nodes):
        try:
            sequential.append(torch_run(program, hook={"kind": "scans"})["outputs"])
        except TorchRunFailed:
            return False
    if _within(program, specs, got, expected["outputs"], [expected["outputs64"], *runs, *sequential], widen=True,
               overflows=sequential):
        return True
    if not any(n.op in ("prod", "cumprod") for n in program.nodes):
        return False
    from oracles.judge import value_verdict
    try:      # a product whose running value passes the dtype's range and comes back: the exact answer is finite
        wide = torch_run(program, hook={"kind": "wide_range"})["outputs"]
    except TorchRunFailed:
        return False
    return not value_verdict(program, _values_of(got), {"outputs": wide}, {}).failed


def _nudge(program: Program, sign: float):
    """run_torch's anchor for ill_conditioned: every float intermediate moved one ulp toward +inf (sign 1) or -inf,
    alternating node by node; a stateful step's own value is left as it is (see ill_conditioned)."""
    def anchor(T, k, value, values):
        if OPS[program.nodes[k].op].stateful or not hasattr(value, "is_floating_point") \
                or not value.is_floating_point():
            return value      # one ulp: a subnormal intermediate's ulp is large for its size (bucket 5331659f14)
        toward = T.torch.full_like(value, float("inf") if (sign if k % 2 == 0 else -sign) > 0 else float("-inf"))
        return T.torch.nextafter(value, toward)
    return anchor


# torch's anchored reruns run in the reference's own worker (oracles.reference.REFERENCE_CONFIG), as the reference
# does: a torch that crashes on tinygrad's numbers is a death there, not the judging process's (in-process, a torch
# double free on a max_unpool2d rerun took a 2-job campaign down on 2026-12-06). An anchor crosses as data.
ANCHOR_TASK = "oracles.anchor:anchored_request"


class TorchRunFailed(Exception):
    """torch refused, crashed or timed out on an anchored rerun: the verdict stays as it was."""


def torch_run(program: Program, grad: bool = False, float64: bool = False, hook: dict | None = None) -> dict:
    """run_torch in the reference's worker, with `hook` an anchor as data: {"kind": "operands", "tiny": {ref:
    numbers}, "index_refs": [...]}, {"kind": "nudge", "sign": 1.0}, {"kind": "scans"} or {"kind": "wide_range"}
    (see anchored_request)."""
    from oracles.reference import REFERENCE_CONFIG, REFERENCE_TIMEOUT
    from oracles.worker import pool
    out = pool().call(REFERENCE_CONFIG, ANCHOR_TASK, timeout=REFERENCE_TIMEOUT, program=program.to_json(), grad=grad,
                      float64=float64, hook=hook)
    if out.status != "ok":
        raise TorchRunFailed(f"{out.status}: {(out.error or {}).get('message', '')[:200]}")
    return out.value


def anchored_request(program: dict, grad: bool = False, float64: bool = False, hook: dict | None = None) -> dict:
    """Worker task: torch's answer with the anchor `hook` describes, built here (closures do not cross processes)."""
    from oracles.reference import run_torch
    p = Program.from_json(program)
    anchor, own = None, {}
    if hook is not None:
        kind, specs = hook["kind"], infer(p)
        tiny = {int(r): v for r, v in hook.get("tiny", {}).items()}    # JSON-like data: the refs arrive as keys
        anchor = {"operands": lambda: _hook(p, specs, tiny, set(hook["index_refs"])),
                  "nudge": lambda: _nudge(p, hook["sign"]),
                  "chain": lambda: _chained(p, specs, tiny, set(hook["index_refs"]), own),
                  "scans": lambda: _sequential_scans(p),
                  "wide_range": lambda: _wide_range_products(p)}[kind]()
    result = run_torch(p, grad=grad, float64=float64, anchor=anchor)
    if own:      # "chain": each output is torch's own value of its node, not the tinygrad numbers it was anchored to
        from oracles.reference import to_numpy
        n_in = len(p.inputs)
        result["outputs"] = [to_numpy(own[o - n_in], specs[o].dtype) if o - n_in in own else out
                             for o, out in zip(p.outputs, result["outputs"])]
    return result


# scans whose torch CPU kernel carries a float64 running value (at::acc_type<float> is double) and rounds only its
# outputs, where a right evaluation in the program's dtype (numpy's np.cumprod, tinygrad) rounds every step
SEQUENTIAL_SCANS = {"cumprod": lambda a, b: a * b, "cumsum": lambda a, b: a + b}
WIDE = ("float32", "float64")      # dtypes that are their own accumulator: a narrower one sums in float32


def _sequential_scans(program: Program):
    """run_torch's anchor: cumprod and cumsum of float values recomputed one rounding per step, in their own dtype
    or float32 where that is wider (the half-precision policy: a float16 running sum in float16 is KB-0086's bug).
    A partial product that underflows into the subnormals keeps only a few bits there, and every later element
    carries that loss: float32 cumprod of [1.674, 1e-40, 0.00484, 1e30] is 8.0995e-13 rounding each step (tinygrad,
    numpy) and 8.0966e-13 in torch, whose running product is a double (bucket 5331659f14, 3.6e-4 relative)."""
    def anchor(T, k, value, values):
        node = program.nodes[k]
        if node.op == "prod" and value.is_floating_point():
            return _sequential_prod(T, node, values[node.args[0]], value)
        if node.op not in SEQUENTIAL_SCANS or not value.is_floating_point() or value.dim() == 0:
            return value
        wide = value.dtype if value.dtype in (T.torch.float32, T.torch.float64) else T.torch.float32
        x = values[node.args[0]].to(wide).movedim(node.attrs["axis"], 0)
        if x.shape[0] == 0:
            return value
        step, run = SEQUENTIAL_SCANS[node.op], [x[0]]
        for i in range(1, x.shape[0]):
            run.append(step(run[-1], x[i]))
        return T.torch.stack(run).movedim(0, node.attrs["axis"]).to(value.dtype)
    return anchor


def _wide_range_products(program: Program):
    """run_torch's anchor: prod and cumprod of float values in numpy's long double (an exponent range far past
    float64's), rounded to the value's dtype once. A running product that passes the dtype's largest number and comes
    back under it is finite: torch's left-to-right float64 cumprod stays inf once a prefix overflows, where tinygrad
    (a 2047-long axis split into chunks of 256, whose partials never form that prefix) gives the exact 6.557e307
    (bucket ee6d37b6e2)."""
    def anchor(T, k, value, values):
        node = program.nodes[k]
        if node.op not in ("prod", "cumprod") or not value.is_floating_point():
            return value
        x = values[node.args[0]].detach().to(T.torch.float64).numpy().astype(np.longdouble)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            if node.op == "cumprod":
                exact = np.cumprod(x, axis=node.attrs["axis"])
            else:
                axis = node.attrs.get("axis")
                exact = np.prod(x, axis=axis if axis is None or isinstance(axis, int) else tuple(axis),
                                keepdims=bool(node.attrs.get("keepdim")))
            rounded = np.asarray(exact).astype(np.float64)
        return T.torch.from_numpy(rounded).to(value.dtype).reshape(value.shape)
    return anchor


def _sequential_prod(T, node, x, value):
    """prod over its axes as one running product in the axis order (numpy's loop), rounded each step in the value's
    dtype or float32 where that is wider. torch's CPU float32 prod keeps a double running product, so a partial
    product past float32's range is no overflow there: float32 prod of [2.2, -3.6, -1e30, ...] is -inf in a float32
    accumulator whose partials pass 3.4e38 and -3.86e19 in torch (device bucket fd9d37c66d)."""
    wide = value.dtype if value.dtype in (T.torch.float32, T.torch.float64) else T.torch.float32
    axis = node.attrs.get("axis")
    axes = list(range(x.dim())) if axis is None else [a % max(x.dim(), 1) for a in
                                                       ([axis] if isinstance(axis, int) else axis)]
    if x.dim() == 0 or not axes:
        return value
    kept = [a for a in range(x.dim()) if a not in axes]
    flat = x.to(wide).permute(*kept, *axes).reshape(*[x.shape[a] for a in kept], -1)
    run = T.torch.ones(flat.shape[:-1], dtype=wide)
    for i in range(flat.shape[-1]):
        run = run * flat[..., i]
    if node.attrs.get("keepdim"):
        run = run.reshape([1 if a in axes else x.shape[a] for a in range(x.dim())])
    return run.to(value.dtype).reshape(value.shape)


def _inputs_nudged(program: Program, sign: float) -> Program | None:
    """The program with every float input that an accumulating op (a row of the "accumulate" class: sums, products,
    matmul, convolution, scatter_reduce) reads moved one ulp of its dtype, toward +inf (sign 1) or -inf, alternating
    input by input as ill_conditioned alternates nodes; nan and inf stay. None where no such input exists.
    A sum rounded in any order is the exact sum of its terms each moved by a few ulps (backward stability), so an ulp
    of a term is how far a right order may move it. An elementwise op is held to its own accuracy instead: its input
    is exact, and tinygrad's cos(1e6) off by an ulp of 1e6 in the phase is a bug (KB-0006), not conditioning.
    float32 and float64 inputs only: a float16 or bfloat16 sum is held to a float32 accumulator (the half-precision
    policy, KB-0086), whose roundings are far finer than an ulp of its terms (bucket f150e1728f, a float16 cumsum
    rounded to float16 in halves, is a bug by that policy and stays one). Rows that round a value of their own
    before a step (rounds_inside: div_rounded's quotient x * (1/y)) have their float inputs moved in any dtype: the
    quotient rounded twice is the exact quotient of inputs an ulp apart (bucket c3bc44d0fd). Those move by magnitude,
    the dividend away from 0 and the divisor toward 0 (sign 1), then the reverse, so each run moves |x / y| one way
    whatever the signs (device bucket c3bc44d0fd again: -59.75 / 3, alternating by input the two moves cancelled)."""
    from fuzz.program import Input, Values
    from fuzz.values import materialize
    n_in = len(program.inputs)
    summed = {a for n in program.nodes if OPS[n.op].tol == "accumulate" for a in n.args
              if a < n_in and program.inputs[a].dtype in WIDE}
    role: dict[int, int] = {}      # input -> 1 as a dividend, -1 as a divisor of a rounds_inside row (its first reader)
    for n in program.nodes:        # any float dtype: the value rounds in the op's own dtype
        for pos, a in enumerate(n.args[:2] if OPS[n.op].rounds_inside else ()):
            if a < n_in and a not in summed and DTYPES[program.inputs[a].dtype].is_float:
                role.setdefault(a, 1 if pos == 0 else -1)
    if not summed and not role:
        return None
    inputs = []
    for j, inp in enumerate(program.inputs):
        if j not in summed and j not in role:
            inputs.append(inp)
            continue
        base = materialize(inp)
        if j in role:
            direction = np.where(base < 0, -1, 1) * (1 if sign * role[j] > 0 else -1)
        else:
            direction = 1 if (sign if j % 2 == 0 else -sign) > 0 else -1
        moved = np.where(np.isfinite(base), _ulp_step(base, inp.dtype, direction), base)
        inputs.append(Input(inp.shape, inp.dtype, Values(data=tuple(moved.ravel().tolist())), inp.view,
                            inp.requires_grad))
    return program.with_(inputs=tuple(inputs))


def at_a_kink(program: Program, got: dict, expected: dict) -> bool:
    """Is every differing gradient element one torch itself gives two answers for, an input's tolerance either side?
    torch differentiates the program again with every float input that takes a gradient moved down, then up, by the
    larger of an ulp and the dtype's elementwise tolerance (tinygrad's own rounding of x + 3 to float16 may put
    hardsigmoid's 3.002 on the kink: bucket cac28579c8). At a kink (hardswish at 3, relu at 0, max over equal values) the two sides' derivatives differ, and any value between
    them is a right one (a subgradient): tinygrad's hardswish takes the left side at 3 (1.5), torch the right (1.0)
    (bucket c7ae485550). A gradient passes within the judge's tolerance of that span; elsewhere the moved runs agree
    with torch's and nothing more passes."""
    from oracles.judge import value_verdict
    from fuzz.program import Input, Values
    from fuzz.values import materialize
    if not got.get("grads") or any(OPS[n.op].stateful for n in program.nodes):
        return False
    sides = []
    for direction in (-1, 1):
        inputs = [Input(inp.shape, inp.dtype, Values(data=tuple(_moved(materialize(inp), inp.dtype, direction)
                                                                 .ravel().tolist())), inp.view, inp.requires_grad)
                  if inp.requires_grad and DTYPES[inp.dtype].is_float else inp for inp in program.inputs]
        try:
            sides.append(torch_run(program.with_(inputs=tuple(inputs)), grad=True)["grads"])
        except TorchRunFailed:
            return False
    wants = []
    for i, g in enumerate(got["grads"]):
        g = np.asarray(g, dtype=np.float64)
        stack = np.stack([np.asarray(c, dtype=np.float64) for c in (expected["grads"][i], *(s[i] for s in sides))])
        lo, hi = np.fmin.reduce(stack, axis=0), np.fmax.reduce(stack, axis=0)
        with np.errstate(invalid="ignore"):     # the nearest point of the span; the judge's tolerance does the rest
            wants.append(np.where(np.isnan(lo) | np.isnan(g), stack[0], np.clip(g, lo, hi)))
    return not value_verdict(program, {**got, "outputs": expected["outputs"]},
                             {**expected, "grads": wants, "grads64": None}, {}).failed


def _moved(base: np.ndarray, dtype: str, direction: int) -> np.ndarray:
    """Every number moved toward +inf (1) or -inf (-1) by the larger of one ulp and the dtype's elementwise
    tolerance (bfloat16: one ulp, which is coarser already)."""
    step = _ulp_step(base, dtype, direction)
    if dtype == "bfloat16":
        return step
    atol, rtol = program_tolerance(["float"], dtype, 1)
    with np.errstate(over="ignore", invalid="ignore"):
        far = (base.astype(np.float64) + direction * (atol + rtol * np.abs(base.astype(np.float64)))).astype(base.dtype)
    farther = (far > step) if direction > 0 else (far < step)
    return np.where(np.isfinite(base) & farther, far, step)


def _ulp_step(base: np.ndarray, dtype: str, direction) -> np.ndarray:
    """Every number moved one ulp of `dtype` toward +inf (direction 1) or -inf (-1), elementwise where `direction` is an
    array; nan and inf stay."""
    from fuzz.dtypes import bfloat16_bits, bfloat16_from_bits
    if dtype != "bfloat16":
        return np.nextafter(base, np.asarray(np.inf * direction, base.dtype))
    bits = bfloat16_bits(base).astype(np.int64)
    zero = (bits & 0x7FFF) == 0
    away = (base > 0) == (direction > 0)                  # moving away from 0 adds one to the magnitude's bits
    moved = np.where(zero, np.where(direction > 0, 0x0001, 0x8001), np.where(away, bits + 1, bits - 1))
    moved = np.where(np.isfinite(base), moved, bits)
    return bfloat16_from_bits(moved.astype(np.uint16))


def _values_of(got: dict) -> dict:
    """A run's outputs without its gradients: anchoring and conditioning judge values (a grad-mode run carries
    gradients too, and comparing them against an answer that has none raised KeyError; device campaign,
    2026-12-06)."""
    return {"outputs": got["outputs"]}


def _spans(program: Program, specs, tiny: dict, index_refs: set[int]) -> list:
    """torch's anchored answers with every probed float operand moved down, then up, by its tolerance. Near a
    discontinuity (a domain edge: acosh at 1, sqrt at 0; a rounding boundary) a correct tinygrad may land anywhere
    between them (bucket 38964d8f4b: a bfloat16 acosh one ulp above 1 where torch's is one below, then acosh again:
    0.0825 vs nan). An operand that is an input is exact and is not probed, so it is not moved; the inputs that
    conditioning moves (_inputs_nudged: those a sum reads, those a rounds_inside row reads) are moved an ulp in two
    more anchored runs, as conditioning does where nothing is probed (bucket 19a9fdcc06: a bfloat16 quotient of two
    inputs rounded twice before floor, 7 for torch's 8, in a program that also argsorts)."""
    out = []
    for sign in (-1.0, 1.0):
        if (nudged := _inputs_nudged(program, sign)) is not None:
            try:
                out.append(torch_run(nudged, hook={"kind": "operands", "tiny": tiny,
                                                    "index_refs": sorted(index_refs)})["outputs"])
            except TorchRunFailed:
                return []
    for sign in (-1.0, 1.0):
        moved = dict(tiny)
        for r, v in tiny.items():
            if r not in index_refs and DTYPES[specs[r].dtype].is_float:
                atol, rtol = operand_tolerance(program, r, specs[r].dtype, specs)
                a = np.asarray(v, dtype=np.float64)
                with np.errstate(over="ignore", invalid="ignore"):
                    moved[r] = (a + sign * (atol + rtol * np.abs(a))).astype(np.asarray(v).dtype)
        try:
            out.append(torch_run(program, hook={"kind": "operands", "tiny": moved,
                                                 "index_refs": sorted(index_refs)})["outputs"])
        except TorchRunFailed:
            return []
    if (edged := _at_domain_edges(program, specs, tiny, index_refs)) is not None:
        try:
            out.append(torch_run(program, hook={"kind": "operands", "tiny": edged,
                                                 "index_refs": sorted(index_refs)})["outputs"])
        except TorchRunFailed:
            return []
    return out


def _at_domain_edges(program: Program, specs, tiny: dict, index_refs: set[int]) -> dict | None:
    """Probed operands of a step op with a domain edge inside their tolerance set to that edge (None: none is). The two
    moved runs take the ends of the operand's range, and where one end leaves the domain its answer is nan, so the
    span missed the op's value at the edge itself (device bucket d1006fda83: float16 acosh of 0.9999 rounds to 1.0005
    in tinygrad, within tolerance; acosh of that is 0.0308, between acosh(1) = 0 and the upper end's 0.14)."""
    from fuzz.values import DOMAIN_EDGES
    edged, moved = dict(tiny), False
    for r, v in tiny.items():
        edges = {e for n in program.nodes if r in n.args and OPS[n.op].step
                 for e in DOMAIN_EDGES.get(OPS[n.op].domain, ())}
        if not edges or r in index_refs or not DTYPES[specs[r].dtype].is_float:
            continue
        atol, rtol = operand_tolerance(program, r, specs[r].dtype, specs)
        a = np.asarray(v, dtype=np.float64)
        at = a.copy()
        with np.errstate(invalid="ignore"):
            for e in sorted(edges):
                at = np.where(np.abs(a - e) <= atol + rtol * np.abs(a), e, at)
        if not np.array_equal(at, a, equal_nan=True):
            edged[r], moved = at.astype(np.asarray(v).dtype), True
    return edged if moved else None


def _within_span(program: Program, specs, got: dict, answer: list, spans: list) -> bool:
    """Every float output element matches the anchored answer, or lies between the lowest and highest of the answer
    and its moved versions (a nan where one of them is nan); integer outputs must match exactly."""
    return len(spans) >= 2 and _within(program, specs, got, answer, spans, widen=False)


def _within(program: Program, specs, got: dict, answer: list, others: list, widen: bool,
            overflows: list = ()) -> bool:
    """Does got pass against the answer, each float element taken as right where it lies within the span of the
    answer and the other runs (`others`: per run, its outputs)? widen (conditioning): a finite element within the span
    widened by its own width, or an infinity one of the `overflows` runs (products rounded step by step in the dtype)
    reaches too; else (the anchored span): within the span, or nan where one of them is nan. Only those runs may
    excuse an inf: a nudged run overflowing near the dtype's limit would excuse a wrong overflow (KB-0062)."""
    from oracles.judge import value_verdict
    wants = []
    for i, ref in enumerate(program.outputs):
        g = np.asarray(got["outputs"][i])
        candidates = [np.asarray(answer[i])] + [np.asarray(o[i]) for o in others]
        if not DTYPES[specs[ref].dtype].is_float or any(c.shape != g.shape for c in candidates):
            wants.append(answer[i])
            continue
        stack = np.stack([c.astype(np.float64) for c in candidates])
        gf = g.astype(np.float64)
        nan = np.isnan(stack)
        with np.errstate(invalid="ignore", over="ignore"):
            lo, hi = np.where(nan, np.inf, stack).min(axis=0), np.where(nan, -np.inf, stack).max(axis=0)
            if widen:       # a step's output is not widened: its span is whole steps already (-36 and -37 for
                stepped = ref >= len(program.inputs) and OPS[program.nodes[ref - len(program.inputs)].op].step
                spread = np.zeros_like(hi) if stepped else hi - lo       # div_rounded, not -35 too)
                inside = np.isfinite(gf) & np.isfinite(spread) & (gf >= lo - spread) & (gf <= hi + spread)
                for o in overflows:
                    inside |= np.isinf(gf) & (np.asarray(o[i], dtype=np.float64) == gf)
            else:
                inside = (np.isfinite(gf) & (gf >= lo) & (gf <= hi)) | (np.isnan(gf) & nan.any(axis=0))
        wants.append(np.where(inside, gf, stack[0]).astype(np.asarray(answer[i]).dtype))
    return not value_verdict(program, _values_of(got), {"outputs": wants}, {}).failed


def _at_step(program: Program, verdict: Verdict, specs, seen: dict) -> Verdict:
    """A mismatch that stands at a step's output says which step, of which operand dtype, and whether the operand
    holds nan ("topk of float16 values: ...", "argmax of float32 values with nan: ..."): a registry rule can then tell
    float16 index bugs (KB-0035) and nan through an index row (KB-0002, KB-0003) from other bugs of that row; the
    signature is unchanged."""
    ref = program.outputs[verdict.numbers.get("output", 0)]
    k = ref - len(program.inputs)
    if k < 0 or not OPS[program.nodes[k].op].step:
        return verdict
    node = program.nodes[k]
    operand = node.args[0]
    nan = " with nan" if _holds_nan(program, operand, specs[operand].dtype, seen, k) else ""
    return dataclasses.replace(verdict, detail=f"{node.op} of {specs[operand].dtype} values{nan}: {verdict.detail}")


def _at_index(program: Program, verdict: Verdict, specs, seen: dict, ref: int, want) -> Verdict | None:
    """An index node inside the program (not an output) whose operand holds nan and whose indices differ from
    torch's: the mismatch is told there, as _at_step tells one at an output ("argmin of float32 values with nan:
    index v0 (int32): ...; then output 0 ..."), so KB-0002/KB-0003 know it after a later op (bucket 9d0d37394f:
    argmin, then 3 - index). Without nan, a difference among ties is the ties rule's to judge."""
    k = ref - len(program.inputs)
    node = program.nodes[k]
    operand = node.args[0]
    if not _holds_nan(program, operand, specs[operand].dtype, seen, k):
        return None
    diff = compare(seen[ref], want, 0.0, 0.0, False)
    if diff is None:
        return None
    return dataclasses.replace(verdict, detail=f"{node.op} of {specs[operand].dtype} values with nan: index v{k} "
                               f"({specs[ref].dtype}): {diff.detail}; then {verdict.detail}",
                               numbers={**verdict.numbers, "dtype": specs[ref].dtype, "what": "value"})


def _holds_nan(program: Program, ref: int, dtype: str, seen: dict, reader: int) -> bool:
    """Does tinygrad's operand `ref` of node `reader` hold a nan? A probed node's or an output's numbers (`seen`), or
    an input's stored buffer; an input that a step wrote into before `reader` is that step's numbers (bucket
    2b5b35da64: x = [-0.0], x *= nan, then x.argmin()), and unknown (no nan told) where those were not kept."""
    if not DTYPES[dtype].is_float:
        return False
    n_in = len(program.inputs)
    if ref < n_in:
        from oracles.marks import holding_before
        ref = holding_before(program, ref, reader)
    if ref in seen:
        values = seen[ref]
    elif ref < n_in:
        from fuzz.values import materialize
        values = materialize(program.inputs[ref])
    else:
        return False
    return bool(np.isnan(np.asarray(values, dtype=np.float64)).any())


def _upstream(program: Program, verdict: Verdict, ref: int, dtype: str, diff) -> Verdict:
    """The mismatch, told at the step's operand: its dtype and kind of difference make the signature, so a nan lost
    before a sort is the same bug as one lost before any other output."""
    user = next(n.op for n in program.nodes if ref in n.args and OPS[n.op].step)
    return dataclasses.replace(verdict, detail=f"operand of {user} ({dtype}): {diff.detail}; then {verdict.detail}",
                               numbers={**verdict.numbers, "dtype": dtype, "what": diff.what, "operand": ref,
                                        "max_abs": diff.max_abs, "max_rel": diff.max_rel})


def _chained(program: Program, specs, tiny: dict, index_refs: set[int], own: dict):
    """_hook that also keeps, in `own`, torch's value of each probed node computed from tinygrad's numbers of the
    probed nodes before it. A probed operand is then judged against the step torch takes from tinygrad's own operand,
    not against torch's whole chain: bfloat16 acosh(1.539) is 0.99609 in torch and 1.0 in tinygrad, both neighbours of
    the exact 0.99657, and the next acosh is nan vs 0 (device bucket 38964d8f4b); held against torch's chain, the
    second operand was a mismatch although each step was right."""
    inner = _hook(program, specs, tiny, index_refs)

    def anchor(T, k, value, values):
        if len(program.inputs) + k in tiny:
            own[k] = value
        return inner(T, k, value, values)
    return anchor


def _hook(program: Program, specs, tiny: dict, index_refs: set[int]):
    """run_torch's anchor: tinygrad's numbers for probed operands; tinygrad's indices where they are a tie-break."""
    n_in = len(program.inputs)

    def anchor(T, k, value, values):
        ref = n_in + k
        if ref not in tiny:
            return value
        from oracles.reference import tensor_of, to_numpy
        if ref in index_refs:
            node, row = program.nodes[k], OPS[program.nodes[k].op]
            x = to_numpy(values[node.args[0]], None).astype(np.float64)
            if not row.ties(x, dict(node.attrs), tiny[ref], to_numpy(value, specs[ref].dtype)):
                return value
        return tensor_of(T, tiny[ref], specs[ref].dtype)
    return anchor
