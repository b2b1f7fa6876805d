"""Record tinygrad's deterministic speed counters for a Program (the worker's job): kernels, ops, traffic, UOps, image reads.

kernels, ops and mem are tinygrad's own GlobalCounters. uops, image_reads and gated_image_reads are read from the
compiled kernels themselves: every kernel tinygrad executes passes through `engine.realize.track_stats` as a CALL
whose PROGRAM holds (SINK, LINEAR, SOURCE, BINARY); LINEAR is the linearized UOp list the renderer printed. An image
read is a LOAD through a 2-D INDEX on an image-shaped buffer (what the OpenCL renderer prints as read_imagef); a
gated one carries a gate and an alternative value (`gate ? read_imagef(...) : alt`). Images only appear where the
target allows them (IMAGE=1 on a CL/QCOM/NULL/PYTHON device whose arch names an IMAGE_PITCH_ALIGNMENT).
"""
from __future__ import annotations

from contextlib import contextmanager

from fuzz.program import Program
from oracles.evaluate import walk
from oracles.tiny_eval import load_input, tiny_lib

COUNTERS = ("kernels", "ops", "mem", "uops", "image_reads", "gated_image_reads")


class Recorder:
    """The CALLs tinygrad executes while recording (only those that update its statistics, like GlobalCounters)."""

    def __init__(self):
        self.calls: list = []

    def counters(self) -> dict:
        from tinygrad.helpers import GlobalCounters
        out = {"kernels": int(GlobalCounters.kernel_count), "ops": int(GlobalCounters.global_ops),
               "mem": int(GlobalCounters.global_mem), "uops": 0, "image_reads": 0, "gated_image_reads": 0}
        for call in self.calls:
            for key, n in kernel_counts(call).items():
                out[key] += n
        return out


def kernel_counts(call) -> dict:
    """uops / image reads of one executed CALL; zero for copies and anything that is not a compiled kernel."""
    from tinygrad.helpers import is_image_shape
    from tinygrad.uop.ops import Ops
    prg = call.src[0]
    if prg.op is Ops.CUSTOM_FUNCTION and prg.arg == "hcq" and prg.src:
        prg = prg.src[0]
    lin = next((s for s in prg.src if s.op is Ops.LINEAR), None) if prg.op is Ops.PROGRAM else None
    if lin is None:
        return {}
    image = [u for u in lin.src if u.op is Ops.LOAD and u.src and u.src[0].op is Ops.INDEX and len(u.src[0].src) == 3
             and is_image_shape(u.src[0].src[0]._shape)]
    return {"uops": len(lin.src), "image_reads": len(image), "gated_image_reads": sum(len(u.src) > 1 for u in image)}


@contextmanager
def recording():
    """Reset GlobalCounters and collect every executed CALL until the block ends."""
    from tinygrad.engine import realize
    from tinygrad.helpers import GlobalCounters
    rec = Recorder()
    original = realize.track_stats    # run_linear looks the name up at call time, so the wrapper sees every kernel

    def track_stats(ctx, call, st, ets):
        if ctx.update_stats:
            rec.calls.append(call)
        return original(ctx, call, st, ets)
    GlobalCounters.reset()
    realize.track_stats = track_stats
    try:
        yield rec
    finally:
        realize.track_stats = original


def tinygrad_version() -> str:
    """The version baselines are filed under: the installed distribution's, or 'checkout' for a source tree."""
    import importlib.metadata
    try:
        return importlib.metadata.version("tinygrad")
    except importlib.metadata.PackageNotFoundError:
        return "checkout"


def program_counters(program: Program, realize_each: bool = False) -> dict:
    """Counters of running the program once, inputs already on the device (loading them is not counted)."""
    L = tiny_lib()
    views = [view for _, view in (load_input(L, inp) for inp in program.inputs)]
    after = (lambda k, v: v.realize()) if realize_each else None
    with recording() as rec:
        vals = walk(program, "tiny", L, views, after)
        L.Tensor.realize(*[vals[o] for o in program.outputs])
    return rec.counters()


def run_request(program: dict, realize_each: bool = False) -> dict:
    """Worker task: {"counters": {...}, "version": tinygrad's version}; needs no copy back, so NULL targets work."""
    return {"counters": program_counters(Program.from_json(program), realize_each=realize_each),
            "version": tinygrad_version()}


def apply_plant(spec: str) -> bool:
    """Worker task: apply a plant ("module:NAME") to the running worker, after tinygrad has warmed up.

    This is how a change arriving late behaves (a mutant swapped in after warm-up): the tests of the TRUSTWORTHY
    settings use it to show which caches would hide it.
    """
    import importlib
    module, name = spec.split(":", 1)
    importlib.import_module(module).apply_plant(name)
    return True
