"""The render oracle: schedule, render and compile a Program's kernels on a compile-only NULL target, run nothing.

On `NULL:<RENDERER>:<arch>` tinygrad does every step up to launching a kernel: scheduling, codegen, rendering
(OpenCL C, CUDA C, PTX, HIP) and compiling (NVRTC, nvJitLink, comgr) or assembling; the NULL device then
skips the launch, so nothing comes back to compare. An exception on that path is a finding of its own
(Verdict CRASH, oracle "render"): a renderer or assembler that cannot express a kernel the scheduler made.
"""
from __future__ import annotations

from fuzz.program import Program
from oracles.config import RunConfig
from oracles.judge import is_unsupported
from oracles.verdict import Verdict, VerdictKind, died
from oracles.worker import WorkerPool, pool as default_pool

ORACLE = "render"


def _hip_render_only() -> None:
    """HIP without AMD's comgr: HIPRenderer builds a HIPCompiler that needs comgr, so swap in tinygrad's base
    Compiler (it returns the source as the binary). Rendering, WMMA included, is then checked; compiling is not."""
    import tinygrad.runtime.support.compiler_amd as compiler_amd
    from tinygrad.device import Compiler

    class RenderOnly(Compiler):
        def __init__(self, arch: str, *args, **kwargs):
            super().__init__(None)          # no cache key: nothing is cached for a compiler that compiles nothing
    compiler_amd.HIPCompiler = RenderOnly


# Worker settings applied by name, like plants (RunConfig.patches "oracles.render_eval:NAME"): not bugs, modes.
MODES = {"hip-render-only": _hip_render_only}


def apply_plant(name: str) -> None:
    MODES[name]()


def render_request(program: dict) -> dict:
    """Worker task: realize every output on the NULL device; how many kernels were rendered and compiled."""
    from tinygrad.helpers import GlobalCounters
    from oracles.evaluate import walk
    from oracles.tiny_eval import load_input, tiny_lib
    prog = Program.from_json(program)
    L = tiny_lib()
    loaded = [load_input(L, inp)[1] for inp in prog.inputs]
    GlobalCounters.reset()
    vals = walk(prog, "tiny", L, loaded)
    L.Tensor.realize(*[vals[o] for o in prog.outputs])
    return {"kernels": int(GlobalCounters.kernel_count)}


def render_verdict(program: Program, config: RunConfig, pool: WorkerPool | None = None) -> Verdict:
    """pass when every kernel rendered and compiled; crash (oracle "render") when tinygrad raised on the way."""
    out = (pool or default_pool()).call(config, "oracles.render_eval:render_request", program=program.to_json())
    base = dict(ops=tuple(program.ops()), backend=config.label())
    if out.status == "ok":
        return Verdict(VerdictKind.PASS, ORACLE, numbers={"kernels": out.value["kernels"]}, **base)
    if out.status == "hang":
        return Verdict(VerdictKind.HANG, ORACLE, out.error.get("reason", ""), **base)
    if out.status == "died":
        return died(out.error, ORACLE, **base)
    e = out.error
    kind = VerdictKind.UNSUPPORTED if is_unsupported(e, config.backend, ORACLE) else VerdictKind.CRASH
    return Verdict(kind, ORACLE, f"{e['type']}: {e['message'][:300]}", exc_type=e["type"], message=e["message"],
                   frame=e.get("frame", ""), **base)
