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


def trace_request(program: dict, root: str, files: list[str]) -> dict:
    """Run a program under a line tracer: which lines of `files` (relative to root) ran inside function bodies.

    Module and class bodies are not traced: they run at import for every program, so a mutant there is
    selected by the files a program imports (also returned), not by its lines.
    """
    from oracles.tiny_eval import run_request
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
        result = run_request(program)
    finally:
        sys.settrace(None)
        threading.settrace(None)
    imported = sorted({wanted[os.path.realpath(m.__file__)] for m in list(sys.modules.values())
                       if getattr(m, "__file__", None) and os.path.realpath(m.__file__) in wanted})
    return {"lines": {f: sorted(v) for f, v in lines.items()}, "imported": imported,
            "counters": result.get("counters", {}), "seconds": time.monotonic() - start}
