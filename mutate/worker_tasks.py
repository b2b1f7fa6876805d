"""Tasks the mutation engine sends to isolated workers: import tinygrad (and say from where), trace a program.

Both run in a spawned worker (oracles/worker.py); tinygrad itself is imported through oracles.tiny_eval.
"""
from __future__ import annotations

import os
import sys
import threading
import time


def warm() -> dict:
    """Import tinygrad (a mutant's import-time failure shows here); say where from and the settings it saw."""
    from oracles.tiny_eval import tiny_lib
    lib = tiny_lib()
    from tinygrad.helpers import getenv
    return {"file": lib.tinygrad.__file__, "PARALLEL": getenv("PARALLEL", -1), "SCACHE": getenv("SCACHE", -1)}


def trace_request(program: dict, root: str, files: list[str], render: bool = False, variants: bool = True) -> dict:
    """Run a program under a line tracer: which lines of `files` (relative to root) ran inside function bodies.

    It runs the way its kill test judges it: plain with gradients where it has them, then the JIT, realize,
    Winograd and shard-plan variants that apply (their lines are a mutant's reach too; NOOPT and random opts run the
    plain path's code); `variants=False` (a backend whose tests run no variants: mutate/execute.py VARIANT_BACKENDS)
    runs the plain program only. On a compile-only target (`render`) it renders and compiles the kernels, as its
    kill test does.

    Module and class bodies are not traced: they run at import for every program, so a mutant there is
    selected by the files a program imports (also returned), not by its lines.
    """
    from fuzz.program import Program
    from oracles.tiny_eval import run_request
    from oracles.render_eval import render_request
    from oracles.variant_eval import jit_request
    from oracles.metamorphic import VARIANTS
    from oracles.shard_eval import run_request as shard_request
    wanted = {os.path.join(r, f): f for r in {root, os.path.realpath(root)} for f in files}
    lines: dict[str, set[int]] = {}

    def local(frame, event, arg):
        if event == "line":
            lines[wanted[frame.f_code.co_filename]].add(frame.f_lineno)
        return local

    def tracer(frame, event, arg):
        code = frame.f_code
        if code.co_filename in wanted and code.co_flags & 0x2:       # CO_NEWLOCALS: a function, not a module body
            lines.setdefault(wanted[code.co_filename], set()).add(frame.f_lineno)
            return local
        return None

    start = time.monotonic()
    sys.settrace(tracer)
    threading.settrace(tracer)
    try:
        parsed = Program.from_json(program)
        grad = any(i.requires_grad for i in parsed.inputs)
        plain = parsed.with_(shard=None).to_json()
        result = render_request(plain) if render else run_request(plain, grad=grad)
        runs = [lambda: jit_request(program), lambda: run_request(plain, realize_each=True)]
        if VARIANTS["wino"].applies(parsed):
            runs.append(lambda: _with_env("WINO", lambda: run_request(plain)))
        if parsed.shard is not None:
            runs.append(lambda: shard_request(program, grad=grad))
        for variant_run in runs if variants and not render else ():
            try:
                variant_run()
            except Exception:          # a variant pristine cannot run is not kept for this test (execute.baseline)
                pass
    finally:
        sys.settrace(None)
        threading.settrace(None)
    imported = sorted({wanted[os.path.realpath(m.__file__)] for m in list(sys.modules.values())
                       if getattr(m, "__file__", None) and os.path.realpath(m.__file__) in wanted})
    return {"lines": {f: sorted(v) for f, v in lines.items()}, "imported": imported,
            "counters": result.get("counters", {}), "seconds": time.monotonic() - start}


def _with_env(name: str, run):
    """A run under a tinygrad context variable set to 1 (WINO=1): the variant's worker sets it in the environment."""
    from tinygrad.helpers import Context
    with Context(**{name: 1}):
        return run()
