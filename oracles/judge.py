"""judge(): run a Program on a backend in a worker, compare with the reference, and say what happened."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from fuzz.dtypes import DTYPES, bfloat16_bits, bfloat16_from_bits
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Program
from oracles.anchor import ancestors
from oracles.marks import float64_in_32_bits, grad_marks, half_cumprod_rounded, marks
from oracles.compare import compare, program_tolerance
from oracles.config import RunConfig
from oracles.refusals import is_unsupported   # re-exported: render_eval and uop_judge import it from here
from oracles.verdict import SuiteError, Verdict, VerdictKind, died
from oracles.worker import Outcome, WorkerPool, pool as default_pool

def reference(program: Program, grad: bool = False) -> dict:
    """torch's answer in the program's dtypes and in float64; imported lazily so replay needs no torch."""
    from oracles.reference import run_torch
    same = run_torch(program, grad=grad)
    wide = run_torch(program, grad=grad, float64=True)
    undetermined = [a | b for a, b in zip(same.get("undetermined") or [], wide.get("undetermined") or [])]
    return {"outputs": same["outputs"], "outputs64": wide["outputs"],
            "grads": same.get("grads"), "grads64": wide.get("grads"), "undetermined": undetermined or None}


def run(program: Program, config: RunConfig, pool: WorkerPool | None = None, task: str = "oracles.tiny_eval:run_request",
        **kwargs) -> Outcome:
    return (pool or default_pool()).call(config, task, program=program.to_json(), grad=config.grad,
                                         counters=config.counters, **kwargs)


# A program that gives no answer within the timeout is run once more, in a fresh worker, with this many times the
# timeout: a compile on a loaded machine is slow, not hung (issue 16). Only a second silence is a hang verdict.
HANG_RETRY = 3.0


def retried(outcome: Outcome, pool: WorkerPool, config: RunConfig, again: Callable[[float], Outcome]) -> Outcome:
    """A hang is run `again` once, in the fresh worker the pool put in the hung one's place, with HANG_RETRY times
    the timeout (plain runs and metamorphic variants alike); only a second silence stays a hang."""
    if outcome.status != "hang":
        return outcome
    first = outcome.error.get("reason", "")
    pool.call(config, "oracles.tiny_eval:warm")    # the import has an allowance of its own
    outcome = again(config.timeout * HANG_RETRY)
    if outcome.status == "hang":
        outcome.error["reason"] = f"{first}, nor within {config.timeout * HANG_RETRY:g}s in a fresh worker"
    return outcome


def judge(program: Program, config: RunConfig, expected: dict | None = None, pool: WorkerPool | None = None,
          outcome: Outcome | None = None, hang_retry: bool = True) -> Verdict:
    expected = expected if expected is not None else reference(program, grad=config.grad)
    outcome = outcome or run(program, config, pool)
    if hang_retry:
        outcome = retried(outcome, pool or default_pool(), config,
                          lambda timeout: run(program, config, pool, timeout=timeout))
    verdict = verdict_of(program, config, outcome, expected)
    if verdict.kind == VerdictKind.MISMATCH and verdict.oracle == "value":
        from oracles.anchor import anchored, float32_weights_upstream   # a step may make a small difference whole
        probe_run = lambda probe: run(probe, replace(config, grad=False), pool)
        told = anchored(program, config, verdict, outcome.value, expected, probe_run)
        return float32_weights_upstream(program, told, outcome.value, probe_run) if told.failed else told
    if verdict.kind == VerdictKind.MISMATCH and verdict.oracle == "grad":
        from oracles.anchor import at_a_kink    # at a kink either side's derivative is right
        if at_a_kink(program, outcome.value, expected):
            return Verdict(VerdictKind.PASS, "grad", "at a kink: between torch's derivatives an ulp either side",
                           ops=verdict.ops, backend=verdict.backend, numbers={"anchored": True, "kink": True})
    return verdict


def verdict_of(program: Program, config: RunConfig, outcome: Outcome, expected: dict, oracle: str = "crash") -> Verdict:
    """`oracle`: who ran it (a metamorphic variant's name), for refusals that hold only there (oracles/refusals.py)."""
    base = dict(ops=tuple(program.ops()), backend=config.label())
    if outcome.status == "hang":
        from oracles.capabilities import HANG_REFUSAL, cannot_run
        if why := cannot_run(_dtypes(program), config.backend):    # the machine's compiler hangs by itself
            return Verdict(VerdictKind.UNSUPPORTED, "hang", f"unsupported here: {why}",
                           numbers={"refusal": HANG_REFUSAL}, **base)
        return Verdict(VerdictKind.HANG, "hang", outcome.error.get("reason", ""), **base)
    if outcome.status == "died":
        return died(outcome.error, "died", **base)
    if outcome.status == "error":
        e = outcome.error
        refusal = is_unsupported(e, config.backend, oracle, dtypes=_dtypes(program))
        # ours unless it is a refusal the suite translates on tinygrad's behalf (uneven shards: oracles/refusals.py)
        if e.get("ours") and not refusal:
            raise SuiteError(f"the suite raised in its own code ({config.label()}): {e['type']}: {e['message'][:300]}\n"
                             f"{e.get('traceback', '')}")
        kind = VerdictKind.UNSUPPORTED if refusal else VerdictKind.CRASH
        if e.get("type") == "MemoryError":
            kind = VerdictKind.DIED
        # the suite asked tinygrad for a method, import or signature it lacks (oracles.adapter.APIError)
        what = "crash (API)" if e.get("type") == "APIError" else e["type"]
        return Verdict(kind, "crash", f"{what}: {e['message'][:300]}", exc_type=e["type"], message=e["message"],
                       frame=e.get("frame", ""), numbers={"refusal": refusal.name} if refusal else {}, **base)
    got = outcome.value
    return value_verdict(program, got, expected, base)


def value_verdict(program: Program, got: dict, expected: dict, base: dict) -> Verdict:
    specs = infer(program)
    classes = [OPS[op].tol for op in program.ops()]
    for i, ref in enumerate(program.outputs):
        dt = specs[ref].dtype
        atol, rtol = program_tolerance(classes, dt, depth(program, ref))
        wants = [expected["outputs"][i], (expected.get("outputs64") or [None] * (i + 1))[i]]
        diff = _closest(got["outputs"][i], wants, atol, rtol, DTYPES[dt].is_float, dt)
        if diff is not None and bitcast_within_tolerance(program, ref, got["outputs"][i], expected["outputs"][i]):
            diff = None
        if diff is not None:
            scale = half_products(program, ref, dt, got["outputs"][i], wants, atol, rtol) \
                + float32_weights(program, ref, dt, got["outputs"][i], wants)
            return Verdict(VerdictKind.MISMATCH, "value", f"output {i} ({dt}): {diff.detail}{wrapping_cast(program)}"
                           f"{marks(program)}{half_cumprod_rounded(program, got)}"
                           f"{float64_in_32_bits(program, i, got['outputs'][i], specs)}{scale}",
                           numbers={"output": i, "max_abs": diff.max_abs, "max_rel": diff.max_rel, "what": diff.what,
                                    "dtype": dt}, **base)
    excused = 0
    for i, g in enumerate(got.get("grads") or []):
        dt = [inp.dtype for inp in program.inputs if inp.requires_grad][i]
        atol, rtol = program_tolerance(classes + ["grad"], dt, len(program.nodes))
        wants = [expected["grads"][i], (expected.get("grads64") or [None] * (i + 1))[i]]
        wants, mask = undetermined_excused(g, wants, (expected.get("undetermined") or [None] * (i + 1))[i])
        excused += int(mask.sum())
        atol += rtol * magnitude(np.where(mask, np.nan, np.asarray(wants[0], np.float64)))   # normwise: see magnitude
        diff = _closest(g, wants, atol, rtol, True, dt)
        if diff is not None:
            return Verdict(VerdictKind.MISMATCH, "grad", f"gradient {i} ({dt}): {diff.detail}{twin_scalars(program, i)}"
                           f"{grad_marks(program, got)}",
                           numbers={"grad": i, "max_abs": diff.max_abs, "max_rel": diff.max_rel, "what": diff.what,
                                    "dtype": dt, **({"undetermined": excused} if excused else {})}, **base)
    return Verdict(VerdictKind.PASS, "value", "", numbers={"counters": got.get("counters", {}),
                                                           **({"undetermined": excused} if excused else {})}, **base)


def undetermined_excused(got, wants: list, outside_domain=None) -> tuple[list, np.ndarray]:
    """A gradient element is undetermined where torch's own two runs (the program's dtypes, float64) disagree on
    whether it is nan: the derivative is taken where the forward is nan, and torch's scalar and vectorized kernels
    answer differently there (bucket 0a90e24c5b: float16 hardswish(atanh(x)) at |x| > 1; hardswish's backward of nan
    is the upstream gradient in torch's scalar loop, nan in its Vec blend, 0 in tinygrad). So is an element one of
    whose paths to the loss crosses an op evaluated outside its domain (`outside_domain`, the reference's mask:
    oracles/reference.py _poison_where_born). Such elements are not judged: both references take tinygrad's value
    there, and tinygrad's value there does not set the normwise scale. Returns the references and the mask of
    excused elements. Elsewhere, where both runs are nan or both finite, the element is judged as before."""
    mask = np.zeros(np.shape(wants[0]), dtype=bool)
    if np.shape(got) != mask.shape or any(w is not None and np.shape(w) != mask.shape for w in wants):
        return wants, mask
    if wants[1] is not None:
        mask = np.isnan(np.asarray(wants[0], np.float64)) != np.isnan(np.asarray(wants[1], np.float64))
    if outside_domain is not None and np.shape(outside_domain) == mask.shape:
        mask = mask | np.asarray(outside_domain, dtype=bool)
    if not mask.any():
        return wants, mask
    g = np.asarray(got, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return [None if w is None else np.where(mask, g, w).astype(np.asarray(w).dtype) for w in wants], mask


def magnitude(want) -> float:
    """The largest finite magnitude of a gradient. A gradient is a sum over the whole program, so an element's error
    is bounded by the size of the terms summed, not of the element: compared normwise (|got - want| within rtol of
    the largest element), a small element that cancels is not held to its own relative error (bucket 3c748f546a:
    a conv2d weight gradient over 400 terms, -0.5153 vs -0.5137 in float32)."""
    w = np.asarray(want, dtype=np.float64)
    finite = w[np.isfinite(w)]
    return float(np.abs(finite).max()) if finite.size else 0.0


PRODUCT_OPS = ("matmul", "linear", "dot", "einsum", "conv2d", "conv_transpose2d")


def half_products(program: Program, ref: int, dtype: str, got, wants: list, atol: float, rtol: float) -> str:
    """KB-0081's mark: a bfloat16 output of a matmul or convolution that is off by no more than an error of its
    largest terms, compared normwise. tinygrad rounds each product to bfloat16 before its float32 sum (torch keeps
    products in float32), so where the terms cancel the result is off by an ulp of the terms, not of
    the result (bucket 12eef7d117: bfloat16 conv2d, -516 for -5.12 among terms of 1.8e5)."""
    if dtype != "bfloat16" or not any(program.nodes[k].op in PRODUCT_OPS for k in ancestors(program, ref)):
        return ""
    scale = atol + rtol * max(magnitude(w) for w in wants if w is not None)
    if _closest(got, wants, scale, rtol, True) is None:
        return " (within the scale of the largest terms: bfloat16 products)"
    return ""


FLOAT32_WEIGHTS = " (within float32's precision of its scale: a float64 linear interpolate)"


def float32_weights(program: Program, ref: int, dtype: str, got, wants: list) -> str:
    """KB-0096's mark: a float64 output of a linear interpolate off by no more than float32's precision of the
    output's largest element, compared normwise. tinygrad computes the weights in float32 ((num % den).cast(float32)
    / den) for every dtype, so lerp(a, b, w) is off by up to |b - a| * 2**-24 (bucket fc27611dc3: 0.50000012 for
    0.5). A wrong index or weight is off by far more and gets no mark."""
    if dtype != "float64" or not any(program.nodes[k].op == "interpolate" and program.nodes[k].attrs.get("mode") ==
                                     "linear" for k in ancestors(program, ref)):
        return ""
    scale = 2.0 ** -22 * max(magnitude(w) for w in wants if w is not None)
    return FLOAT32_WEIGHTS if _closest(got, wants, scale, 0.0, True) is None else ""


def bitcast_within_tolerance(program: Program, ref: int, got, want) -> bool:
    """A bitcast output of a float value reads an ulp as a whole integer step (bucket 2ca8def6c2: a bfloat16 linear
    one ulp off, bitcast to uint16, 48776 vs 48777). Read back as the source floats, got and want are compared with
    the tolerance of the ops that made the source: within it, the output matches (issue 16). A bitcast that garbles
    the bits is still far off as floats; the float64 run is not used (its source is another dtype). A chain of
    bitcasts of one width is read back to the float at its start (bucket 4344778b9e: float64 log, then to uint64,
    then to int64)."""
    k, out_dt = ref - len(program.inputs), infer(program)[ref].dtype
    while k >= 0 and program.nodes[k].op == "bitcast" and not DTYPES[program.nodes[k].attrs.get("src", "")].is_float:
        node = program.nodes[k]
        if DTYPES[node.attrs["src"]].bits != DTYPES[out_dt].bits:
            return False
        k = node.args[0] - len(program.inputs)
    if k < 0 or program.nodes[k].op != "bitcast" or not DTYPES[program.nodes[k].attrs.get("src", "")].is_float:
        return False
    from oracles.anchor import operand_tolerance
    node = program.nodes[k]
    src = node.attrs["src"]
    g, w = (_float_of_bits(_bits_of(np.asarray(a), out_dt), src) for a in (got, want))
    if g is None or w is None or g.shape != w.shape:
        return False
    atol, rtol = operand_tolerance(program, node.args[0], src)
    return compare(g, w, atol, rtol, True) is None


def _bits_of(a: np.ndarray, dtype: str):
    """The stored bits of an output held in tinygrad's numpy convention (bfloat16 as float32), as unsigned ints."""
    if dtype == "bfloat16":
        return bfloat16_bits(a)
    return a.view(f"u{a.dtype.itemsize}") if a.dtype.kind in "iuf" else None


def _float_of_bits(bits, dtype: str):
    if bits is None:
        return None
    if dtype == "bfloat16":
        return bfloat16_from_bits(bits) if bits.dtype.itemsize == 2 else None
    target = np.dtype(DTYPES[dtype].numpy)
    return bits.view(target) if bits.dtype.itemsize == target.itemsize else None


def wrapping_cast(program: Program) -> str:
    """KB-0057's mark on a value mismatch: the program casts an unsigned int to a signed int no wider, a cast that
    wraps (uint8 254 -> int8 -2) while tinygrad's range analysis (UOp._min_max) clamps the source's range instead,
    so later rewrites that trust the range (comparisons, maximum, cast folding) give wrong values."""
    specs = infer(program)
    for node in program.nodes:
        if node.op == "cast" and node.args[0] < len(specs):
            src, dst = DTYPES[specs[node.args[0]].dtype], DTYPES.get(node.attrs.get("dtype", ""))
            if dst is not None and src.kind == "uint" and dst.kind == "int" and dst.bits <= src.bits:
                return f" (through a wrapping cast {src.name} -> {dst.name})"
    return ""


def twin_scalars(program: Program, grad: int) -> str:
    """KB-0021's mark on a gradient mismatch: the gradient's input is 0-d and another 0-d input of its dtype holds the
    same value. tinygrad makes a 0-d input one CONST UOp, hash-consed, so the two are one node and gradient() cannot
    tell them apart; a wrong 0-d gradient without such a twin is another bug, and the registry must not take it."""
    import numpy as np
    from fuzz.values import materialize
    k = [n for n, inp in enumerate(program.inputs) if inp.requires_grad][grad]
    me = program.inputs[k]
    if me.shape != () or me.view:
        return ""
    mine = materialize(me)
    for j, other in enumerate(program.inputs):
        if j != k and other.shape == () and not other.view and other.dtype == me.dtype and \
                np.array_equal(materialize(other), mine, equal_nan=True):
            return f" (0-d inputs x{min(j, k)} and x{max(j, k)} hold one value)"
    return ""


def _closest(got, wants: list, atol, rtol, is_float, dtype: str | None = None):
    """Pass when every element of got matches one of the references (the program's dtypes, float64), element by
    element: a float16 chain whose kernel keeps one quotient in float32 and rounds another agrees with the float64
    run at one element and with the float16 run at the next (bucket 57167527d9). Else report against the first."""
    present = [w for w in wants if w is not None]
    first = None
    for want in present:
        d = compare(got, want, atol, rtol, is_float, dtype)
        if d is None:
            return None
        first = first or d
    if len(present) == 2 and is_float and np.shape(got) == np.shape(present[0]) == np.shape(present[1]):
        g, a = np.asarray(got, dtype=np.float64), np.asarray(present[0], dtype=np.float64)
        b = np.asarray(present[1], dtype=np.float64)
        near_first = np.isclose(g, a, atol=atol, rtol=rtol, equal_nan=True)
        want = np.where(near_first, a, b)
        # an element where torch's own dtype run and float64 run disagree is ill-conditioned: its value depends on the
        # order of rounding (a long sum of 1e30, -1e30 and small numbers: bucket 1cbefaed19, float32 -2.30, float64
        # -6.52, tinygrad -5.87). Any finite answer within the span of the two, widened by their distance, is right.
        with np.errstate(invalid="ignore", over="ignore"):
            spread = np.abs(a - b)
            unstable = np.isfinite(a) & np.isfinite(b) & ~np.isclose(a, b, atol=atol, rtol=rtol)
            within = np.isfinite(g) & (g >= np.minimum(a, b) - spread) & (g <= np.maximum(a, b) + spread)
        want = np.where(unstable & within & ~near_first, g, want)
        # torch's dtype run is nan where its float64 run is finite: an intermediate overflowed the dtype and its
        # infinities met (inf - inf); which non-finite value comes out depends on the order they meet in, so an
        # infinity is as right as torch's nan (bucket c291bdc7ba: float16 conv_transpose2d of 240000s, -inf for nan)
        with np.errstate(invalid="ignore"):
            overflowed = np.isnan(a) & np.isfinite(b) & np.isinf(g)
        want = np.where(overflowed & ~near_first, g, want)
        # reported where tinygrad matches neither run: not where torch's dtype run alone is off (bucket 12eef7d117:
        # torch's bfloat16 conv2d gives -inf where its float64 run and tinygrad give inf * 0 = nan)
        with np.errstate(over="ignore", invalid="ignore"):      # a float64 answer past the dtype's range: inf, as torch's
            want = want.astype(np.asarray(present[0]).dtype)
        return compare(got, want, atol, rtol, is_float, dtype)
    return first


def depth(program: Program, ref: int) -> int:
    """Longest chain of ops leading to a value: tolerances widen with it."""
    n_in = len(program.inputs)
    memo: dict[int, int] = {}
    for k, node in enumerate(program.nodes):
        memo[n_in + k] = 1 + max((memo.get(a, 0) for a in node.args), default=0)
    return memo.get(ref, 0)


def _dtypes(program: Program) -> set[str]:
    """Every dtype the program's values have: a refusal row may name one."""
    return {spec.dtype for spec in infer(program)}
