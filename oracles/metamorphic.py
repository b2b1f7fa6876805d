"""Metamorphic oracles: the same Program run other ways must give the plain run's answer (and torch's).

Each variant is a row of `VARIANTS`: which worker task runs it, under which settings, when it applies and how
it is judged. A variant's verdict names it (`Verdict.oracle`), so its failures get their own buckets:

    shard       the program under its shard plan (fuzz/shard.py) vs one device
    grad-shard  gradients through the sharded program vs torch's (and the one-device run's)
    memory      per-device peak memory of the sharded run vs the one-device peak / devices, plus slack (SLOW)
    opt:noopt   NOOPT=1;  opt:beam  BEAM=2, bounded;  opt:random  seeded random kernel-opt sequences
    jit         TinyJit capture and replay on changed inputs vs eager calls on the same inputs
    realize     every intermediate realized vs full fusion

A variant that differs from torch where the plain run agrees with torch is a finding of that variant; where the
plain run is already wrong, the variant is a finding only when it also differs from the plain run.
`python -m oracles.metamorphic` prints what each oracle costs per program.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Callable

from fuzz.dtypes import DTYPES
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Program
from oracles.marks import marks, padded_replica, ranked_shards
from oracles.compare import compare, program_tolerance
from oracles.config import RunConfig
from oracles.judge import FLOAT32_WEIGHTS, HANG_RETRY, depth, reference, retried, value_verdict, verdict_of
from oracles.refusals import is_unsupported
from oracles.variant_eval import jit_takes
from oracles.verdict import Verdict, VerdictKind
from oracles.worker import Outcome, WorkerPool, pool as default_pool

PLAIN_TASK = "oracles.tiny_eval:run_request"
# Memory oracle: a device may hold twice its share of the one-device peak, plus 4 KiB for small buffers
# (kernel scratch, scalars). Plans that replicate an input or gather onto one device are not judged, nor realign
# steps: the suite's own ones-tensor for them is built whole on the first device (bucket 91db3b7f3e). Nor programs
# whose one-device peak is under 64 KiB: there the allocator's 256-byte blocks, ring/all2all staging and the
# full-size gathers a reshard needs by design are of the order of the data itself, and correct programs went over
# any bound proportional to it (buckets 4bd1890dd0: 5,696 bytes where one device needs 320; 92de813d60).
MEMORY_RATIO, MEMORY_SLACK_BYTES, MEMORY_MIN_PEAK = 2.0, 4096, 64 * 1024
# BEAM=2 bounded so one program stays in seconds: few upcasts/locals, a short per-kernel timeout.
BEAM_BOUNDS = (("BEAM_UPCAST_MAX", "16"), ("BEAM_LOCAL_MAX", "16"), ("BEAM_TIMEOUT_SEC", "5"))


def _has_plan(p: Program) -> bool:
    return p.shard is not None


def _has_grad(p: Program) -> bool:
    return p.shard is not None and any(i.requires_grad for i in p.inputs)


def _light(p: Program) -> bool:
    """A program a variant may compile many more ways: none of fuzz.ops.COMPILE_HEAVY's ops."""
    from fuzz.ops import COMPILE_HEAVY
    return not any(n.op in COMPILE_HEAVY for n in p.nodes)


def _has_3x3_conv(p: Program) -> bool:
    """WINO=1 takes conv2d with 3x3 weights, stride 1 and dilation 1 to Winograd's F(4x4, 3x3) (mixin/op.py).
    float32/float64 only: in float16/bfloat16 the transforms round in the dtype, and 5 of 26 half-precision 3x3
    convs were off by up to 0.7 (measured 2026-12-06): Winograd's known accuracy in half precision, not a relation."""
    from fuzz.infer import infer
    nodes = [n for n in p.nodes if n.op == "conv2d" and n.attrs.get("stride", 1) == 1 and n.attrs.get("dilation", 1) == 1]
    if not nodes:
        return False
    specs = infer(p)
    return any(specs[n.args[1]].shape[2:] == (3, 3) and specs[n.args[0]].dtype in ("float32", "float64") for n in nodes)


def _memory_judged(p: Program) -> bool:
    plan = p.shard
    return plan is not None and plan["devices"] > 1 and all(e.get("axis") is not None for e in plan["inputs"]) \
        and not any(s["do"] in ("reshard", "roundtrip", "realign") for s in plan.get("steps", []))


@dataclass(frozen=True)
class Variant:
    name: str                                   # Verdict.oracle of its findings
    task: str                                   # worker task "module:function"
    judge: str = "values"                       # values | jit | memory
    opt: str = "default"                        # RunConfig opt level the worker runs under
    env: tuple[tuple[str, str], ...] = ()
    grad: bool = False
    applies: Callable[[Program], bool] = lambda p: True
    kwargs: Callable[[Program, int], dict] = lambda p, seed: {}
    costly: bool = False                        # left out of quick runs (the ci profile)
    timeout_scale: float = 1.0                  # x the config's timeout: a search compiles many kernels per program


VARIANTS: dict[str, Variant] = {v.name: v for v in [
    Variant("shard", "oracles.shard_eval:run_request", applies=_has_plan),
    Variant("grad-shard", "oracles.shard_eval:run_request", grad=True, applies=_has_grad),
    Variant("memory", "oracles.shard_eval:memory_request", judge="memory", applies=_memory_judged),
    Variant("opt:noopt", PLAIN_TASK, opt="noopt"),
    # BEAM compiles and times many candidates per kernel: on a loaded 16-core host 4 sort/topk programs took over
    # 20 s and passed alone in 10-17 s, so the search gets the hang retry's allowance up front
    Variant("opt:beam", PLAIN_TASK, opt="beam", env=BEAM_BOUNDS, costly=True, timeout_scale=HANG_RETRY, applies=_light),
    # its own worker: in a process that already compiled a kernel, a later opt sequence for it may not take
    # effect (seen on 0.14.0, see reports/triage/metamorphic.md), so the plain run must not share the process
    Variant("opt:random", "oracles.variant_eval:random_opts_request", env=(("TINYFUZZ_WORKER", "opt-random"),),
            kwargs=lambda p, seed: {"seed": seed}, applies=_light),
    # symbolic programs pass their Variables as arguments, another value each call (oracles/variant_eval.py JitCuts):
    # a Variable bound inside the jitted function is "unbound" on replay (device campaign, 2026-12-06)
    Variant("jit", "oracles.variant_eval:jit_request", judge="jit", applies=jit_takes),
    Variant("realize", PLAIN_TASK, kwargs=lambda p, seed: {"realize_each": True}),
    # Winograd's transforms add rounding of their own; judged with the program's tolerance like any other variant.
    # Campaigns run it in the opt mode; left out of the gate's quick set (costly) until it has a campaign record
    Variant("wino", PLAIN_TASK, env=(("WINO", "1"),), applies=_has_3x3_conv, costly=True),
]}
QUICK = tuple(n for n, v in VARIANTS.items() if not v.costly)


def check_variants(names) -> list[str]:
    from fuzz.errors import UsageError, did_you_mean
    out = list(names)
    for n in out:
        if n not in VARIANTS:
            raise UsageError(f"unknown metamorphic oracle {n!r}{did_you_mean(n, VARIANTS)} (known: {', '.join(VARIANTS)})")
    return out


def metamorphic(program: Program, config: RunConfig, variants=QUICK, expected: dict | None = None,
                pool: WorkerPool | None = None, seed: int = 0) -> list[Verdict]:
    """The plain run's verdict (oracle "value"), then one verdict per variant that applies, in `variants` order."""
    pool = pool or default_pool()
    chosen = [VARIANTS[n] for n in check_variants(variants) if VARIANTS[n].applies(program)]
    plain_prog = program.with_(shard=None)
    grad = any(v.grad for v in chosen) and any(i.requires_grad for i in program.inputs)
    if expected is None:
        expected = reference(plain_prog, grad=grad)
    start = time.monotonic()
    plain_out = pool.call(config, PLAIN_TASK, program=plain_prog.to_json(), grad=grad, counters=config.counters)
    plain = _with(verdict_of(plain_prog, config, plain_out, _pick(expected, grad)), seconds=time.monotonic() - start)
    verdicts = [plain]
    if plain_out.status != "ok":
        return verdicts           # nothing to compare with: the plain run's own failure is the finding
    probe = lambda p: pool.call(config, PLAIN_TASK, program=p.to_json(), grad=False, counters=False)   # anchoring
    for v in chosen:
        cfg = dataclasses.replace(config, opt=v.opt, env=config.env + v.env, grad=v.grad)
        start = time.monotonic()
        kwargs = {"program": program.to_json(), **v.kwargs(program, seed)}
        if v.judge == "values":
            kwargs.update(grad=v.grad and grad, counters=False)
        out = pool.call(cfg, v.task, timeout=cfg.timeout * v.timeout_scale, **kwargs)
        if v.timeout_scale < HANG_RETRY:     # as the plain judge: a slow compile, not a hang (BEAM has it up front)
            out = retried(out, pool, cfg, lambda timeout: pool.call(cfg, v.task, timeout=timeout, **kwargs))
        extra = {"probe": probe} if v.judge == "values" else {}
        verdict = JUDGES[v.judge](v, program, cfg, out, plain_out, _pick(expected, v.grad and grad), **extra)
        verdicts.append(_with(verdict, seconds=time.monotonic() - start))
    return verdicts


def judge_in_mode(program: Program, config: RunConfig, mode: str, expected: dict, pool: WorkerPool | None = None,
                  hang_retry: bool = True, seed: int = 0) -> list[Verdict]:
    """A campaign's verdicts for one program in one mode (fuzz/modes.py): the plain run's, then each variant's.

    The plain run always gets the full judge (a hang retried in a fresh worker, step ops anchored); in a variant
    mode the metamorphic pass runs it once, and only a failing plain run is judged again that way."""
    from fuzz.modes import MODES
    from oracles.judge import judge
    m = MODES[mode]
    plain_prog = program.with_(shard=None)
    cfg = dataclasses.replace(config, grad=m.grad and any(i.requires_grad for i in program.inputs))
    if not m.variants:
        return [judge(plain_prog, cfg, expected, pool, hang_retry=hang_retry)]
    verdicts = metamorphic(program, config, m.variants, expected, pool, seed)
    if verdicts[0].failed:
        verdicts[0] = judge(plain_prog, cfg, expected, pool, hang_retry=hang_retry)
    return verdicts


def verdict_for(verdicts: list[Verdict], oracle: str) -> Verdict | None:
    """The verdict of one oracle among a mode's: a variant's by its name, else the plain run's; "*" (a kill test the
    gate replays in a mode): the first failing one, else the plain run's."""
    if oracle == "*":
        return next((v for v in verdicts if v.failed), verdicts[0])
    return next((v for v in verdicts[1:] if v.oracle == oracle), None) if oracle in VARIANTS else verdicts[0]


def judge_as(program: Program, config: RunConfig, mode: str, oracle: str, expected: dict,
             pool: WorkerPool | None = None, hang_retry: bool = True) -> Verdict | None:
    """The verdict a bucket found in `mode` by `oracle` gets now (None: that variant no longer applies): the plain
    judge in the values mode, else that oracle's verdict among the mode's. Replay, the minimizer and the fresh-worker
    check all ask this."""
    from oracles.judge import judge
    if mode == "values":
        return judge(program, config, expected, pool, hang_retry=hang_retry)
    return verdict_for(judge_in_mode(program, config, mode, expected, pool, hang_retry), oracle)


def _pick(expected: dict, grad: bool) -> dict:
    return expected if grad else {**expected, "grads": None, "grads64": None}


def _with(v: Verdict, **numbers) -> Verdict:
    return dataclasses.replace(v, numbers={**v.numbers, **numbers})


def _base(program: Program, cfg: RunConfig, v: Variant) -> dict:
    from fuzz.shard import describe
    where = cfg.label() + (f" [{describe(program.shard)}]" if program.shard and v.name in ("shard", "grad-shard", "memory") else "")
    return dict(ops=tuple(program.ops()), backend=where)


def _judge_values(v: Variant, program: Program, cfg: RunConfig, out: Outcome, plain: Outcome, expected: dict,
                  probe: Callable | None = None) -> Verdict:
    plain_prog = program.with_(shard=None)
    if out.status != "ok":
        failed = verdict_of(plain_prog, cfg, out, expected, v.name)
        if v.name in ("shard", "grad-shard"):     # KB-0023's mark: shards of different rank, raw axes compared
            failed = dataclasses.replace(failed, detail=failed.detail + ranked_shards(program))
        return dataclasses.replace(failed, oracle=v.name, **_base(program, cfg, v))
    got = out.value if v.grad else {**out.value, "grads": None}
    plain_val = plain.value if v.grad else {**plain.value, "grads": None}
    vs_torch = value_verdict(plain_prog, got, expected, _base(program, cfg, v))
    if vs_torch.failed and probe is not None:
        # judged anchored as the plain run is (oracles/anchor.py): a variant may break a tie among equal values
        # another way than the plain run and torch, and both be right (bucket 19ec5e824f: cummax indices, realize)
        from oracles.anchor import anchored
        vs_torch = anchored(plain_prog, cfg, vs_torch, got, expected, probe)
    if vs_torch.failed and v.name in ("shard", "grad-shard"):
        vs_torch = dataclasses.replace(vs_torch, detail=vs_torch.detail + ranked_shards(program)
                                       + padded_replica(program))
    extra = {"opts": out.value["opts"]} if "opts" in out.value else {}
    if not vs_torch.failed:
        return _with(dataclasses.replace(vs_torch, oracle=v.name), **extra)
    plain_vs_torch = value_verdict(plain_prog, plain_val, expected, {})
    if not plain_vs_torch.failed:
        return _with(dataclasses.replace(vs_torch, oracle=v.name), **extra)
    diff = _differs(plain_prog, got, plain_val)
    if diff is None:     # wrong the same way as the plain run: that run's finding, not this variant's
        return Verdict(VerdictKind.PASS, v.name, "agrees with the plain run (which differs from torch)", **_base(program, cfg, v))
    text, numbers = diff
    # a mark of the size of the difference (judge.float32_weights) holds for the variant when it holds for both runs
    scaled = FLOAT32_WEIGHTS if FLOAT32_WEIGHTS in vs_torch.detail and FLOAT32_WEIGHTS in plain_vs_torch.detail else ""
    return _with(Verdict(VerdictKind.MISMATCH, v.name, f"differs from the plain run: {text}{marks(plain_prog)}{scaled}", numbers=numbers,
                         **_base(program, cfg, v)), **extra)


def _differs(program: Program, got: dict, want: dict) -> tuple[str, dict] | None:
    """First output (then gradient) where two tinygrad runs differ beyond the program's tolerance."""
    specs = infer(program)
    classes = [OPS[op].tol for op in program.ops()]
    pairs = [(f"output {i}", specs[ref].dtype, got["outputs"][i], want["outputs"][i], depth(program, ref), {"output": i})
             for i, ref in enumerate(program.outputs)]
    grad_dtypes = [i.dtype for i in program.inputs if i.requires_grad]
    pairs += [(f"gradient {i}", grad_dtypes[i], g, w, len(program.nodes), {})
              for i, (g, w) in enumerate(zip(got.get("grads") or [], want.get("grads") or []))]
    for what, dt, g, w, d, where in pairs:
        atol, rtol = program_tolerance(classes + (["grad"] if what.startswith("gradient") else []), dt, d)
        diff = compare(g, w, atol, rtol, DTYPES[dt].is_float, dt)
        if diff is not None:     # the signature's symptom: the output's dtype and the kind of difference
            return f"{what} ({dt}): {diff.detail}", {"dtype": dt, "what": diff.what, **where}
    return None


def _judge_jit(v: Variant, program: Program, cfg: RunConfig, out: Outcome, plain: Outcome, expected: dict) -> Verdict:
    base = _base(program, cfg, v)
    if out.status != "ok":
        return dataclasses.replace(verdict_of(program, cfg, out, expected, v.name), oracle=v.name, **base)
    res = out.value
    if not res["captured"]:
        # variant_eval caught a JitError; only tinygrad's "nothing to capture" is earned (oracles/refusals.py)
        error = {"type": "JitError", "message": res.get("reason", "")}
        if is_unsupported(error, cfg.backend, v.name):
            return Verdict(VerdictKind.UNSUPPORTED, v.name, f"nothing to capture: {error['message']}", **base)
        return Verdict(VerdictKind.CRASH, v.name, f"JitError: {error['message'][:300]}", exc_type="JitError",
                       message=error["message"], **base)
    for call, (jit, eager) in enumerate(zip(res["jit"], res["eager"])):
        diff = _differs(program, {"outputs": jit}, {"outputs": eager})
        if diff is not None:
            stage = "warm-up" if call == 0 else "capture" if call == 1 else "replay"
            text, numbers = diff
            which = numbers.get("output")
            source = input_behind(program, program.outputs[which]) if which is not None else None
            if source is None and which is not None:        # the worker saw the output's buffer is an input's
                source = (res.get("aliases") or [None] * (which + 1))[which]
            # the symptom that tells KB-0028 (a jitted function returning its input) from other stale replays
            same = f" (the output is input x{source} itself)" if source is not None else ""
            return Verdict(VerdictKind.MISMATCH, v.name, f"call {call + 1} ({stage}) differs from eager: {text}{same}{marks(program)}",
                           numbers={"call": call, **numbers}, **base)
    return Verdict(VerdictKind.PASS, v.name, "", **base)


# views of an input that no kernel writes: a jitted function returning one replays stale (KB-0028)
SAME_BUFFER_OPS = {"reshape", "squeeze", "unsqueeze", "flatten", "getitem", "shrink", "split", "expand"}


def input_behind(program: Program, value: int) -> int | None:
    """The input a value is a view of (through SAME_BUFFER_OPS; an input's own view steps are views too), else None."""
    n_in = len(program.inputs)
    while value >= n_in:
        node = program.nodes[value - n_in]
        identity = node.op in ("permute", "transpose") and _is_identity_permute(node)   # tinygrad returns x itself
        if node.op not in SAME_BUFFER_OPS and not OPS[node.op].stateful and not identity:   # a step is its target
            return None
        value = node.args[0]
    return value


def _is_identity_permute(node) -> bool:
    order = node.attrs.get("order")
    if node.op == "transpose":
        return node.attrs.get("dim0") == node.attrs.get("dim1")
    return order is not None and list(order) == sorted(order)


def memory_bound(plain_peak: int, devices: int) -> float:
    return plain_peak / devices * MEMORY_RATIO + MEMORY_SLACK_BYTES


def _judge_memory(v: Variant, program: Program, cfg: RunConfig, out: Outcome, plain: Outcome, expected: dict) -> Verdict:
    base = _base(program, cfg, v)
    if out.status != "ok":
        return dataclasses.replace(verdict_of(program.with_(shard=None), cfg, out, expected, v.name), oracle=v.name,
                                   **base)
    res = out.value
    one = max(res["plain"].values(), default=0)
    worst_dev, worst = max(res["sharded"].items(), key=lambda kv: kv[1], default=("", 0))
    bound = memory_bound(one, len(res["devices"]))
    numbers = {"plain_peak": one, "device_peaks": res["sharded"], "bound": bound}
    if one < MEMORY_MIN_PEAK:
        return Verdict(VerdictKind.UNSUPPORTED, v.name, f"not judged: one device needs {one} bytes, under "
                       f"{MEMORY_MIN_PEAK} (too small for a per-device bound)", numbers=numbers, **base)
    if worst > bound:
        return Verdict(VerdictKind.SLOW, v.name, f"{worst_dev} peaks at {worst} bytes; one device needs {one}, "
                       f"so {len(res['devices'])} devices should need at most {bound:.0f} "
                       f"({MEMORY_RATIO:g}x the share + {MEMORY_SLACK_BYTES} bytes)", numbers=numbers, **base)
    return Verdict(VerdictKind.PASS, v.name, "", numbers=numbers, **base)


JUDGES = {"values": _judge_values, "jit": _judge_jit, "memory": _judge_memory}


def bench(n: int = 10, backend: str = "CPU", variants=tuple(VARIANTS), seed: int = 0, max_ops: int = 4) -> dict:
    """Seconds each oracle costs per program (mean over n drawn sharded programs, warm workers), and what failed."""
    from fuzz.shard import sharded_programs
    from fuzz.strategies import programs
    progs = sample(sharded_programs(programs(max_ops=max_ops, grad=True), max_devices=4), n, seed)
    config = RunConfig(backend=backend)
    pool = default_pool()
    metamorphic(progs[0], config, variants, pool=pool, seed=seed)        # warm the workers up: startup is not cost
    cost: dict[str, list[float]] = {}
    found: list[tuple[Verdict, Program]] = []
    for k, p in enumerate(progs):
        for verdict in metamorphic(p, config, variants, pool=pool, seed=seed + k):
            cost.setdefault(verdict.oracle, []).append(verdict.numbers.get("seconds", 0.0))
            if verdict.failed:
                found.append((verdict, p))
    return {"seconds": {k: sum(v) / len(v) for k, v in cost.items()}, "runs": {k: len(v) for k, v in cost.items()},
            "found": found}


def sample(strategy, n: int, seed: int) -> list:
    """n examples of a strategy, the same ones for the same seed (no example database)."""
    from hypothesis import HealthCheck, Phase, given, settings, seed as hseed
    out: list = []

    @hseed(seed)
    @settings(max_examples=n, database=None, phases=[Phase.generate], deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(x):
        if len(out) < n:
            out.append(x)
    collect()
    return out


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(prog="python -m oracles.metamorphic", description="cost of each metamorphic oracle")
    ap.add_argument("-n", type=int, default=10, help="programs (default 10)")
    ap.add_argument("--backend", default="CPU")
    ap.add_argument("--oracles", default=",".join(VARIANTS), help="comma list (default: all)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    res = bench(args.n, args.backend, [o for o in args.oracles.split(",") if o], args.seed)
    print(f"{'oracle':<12} {'runs':>5} {'s/program':>10}")
    for name, secs in res["seconds"].items():
        print(f"{name:<12} {res['runs'][name]:>5} {secs:>10.2f}")
    for v, p in res["found"]:
        print(f"found: {v.summary()}\n{p!r}\nplan: {p.shard}")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main())
