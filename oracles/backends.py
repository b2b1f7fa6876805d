"""The backend matrix: every backend the suite knows, how it runs, what it needs, and a probe of whether it runs here.

A probe opens the backend in a worker process (tinygrad may crash or hang while opening a device) and pushes
one tiny kernel through it: real, emulated and mock backends must also give the right numbers back (mock NV
without gpuocelot silently returns zeros), compile-only ones must render and compile. When it fails, the
exception becomes a reason a person can act on ("NVRTC not found: pip install nvidia-cuda-nvrtc ...").
"""
from __future__ import annotations

import functools

import glob
import os
import re
import sys
from dataclasses import dataclass
from typing import Literal

from fuzz.errors import UsageError, did_you_mean
from oracles.backend_table import BY_NAME, COMPILE_ONLY, TABLE, Backend, Mode  # noqa: F401 (re-exported)
from oracles.config import RunConfig, default_cc


# Why a probe failed: what a dependency's absence looks like ("missing": a compiler binary, a shared library, a GPU
# driver or device, a tinygrad checkout), where a backend's tests are skipped; and what a broken setup or a broken
# tinygrad looks like ("broken"), where they fail. A failure no row explains is "broken" too.
# Exception text -> cause, what it means in words. First match wins; {0} is the first regex group.
Cause = Literal["missing", "broken"]
REASONS: list[tuple[re.Pattern, Cause, str]] = [
    (re.compile(r"failed to load library nvrtc"), "missing",
     "NVRTC not found: pip install nvidia-cuda-nvrtc, or set NVRTC_PATH"),
    (re.compile(r"failed to load library nvjitlink", re.I), "missing",
     "nvJitLink not found: pip install nvidia-nvjitlink, or set NVJITLINK_PATH"),
    (re.compile(r"comgr not available"), "missing", "AMD comgr not found (ROCm is not installed; set COMGR_PATH)"),
    (re.compile(r"failed to load library ocelot"), "missing",
     "gpuocelot not found (the mock NV/CUDA GPUs run PTX on it; OCELOT_PATH)"),
    (re.compile(r"compute_class.*\n.*\n\s*StopIteration", re.S), "missing",      # no driver for this GPU
     "tinygrad's NV driver knows no compute class of this GPU (0.14.0 lists Blackwell, Ada, Ampere; a Hopper "
     "H100/H200 offers only HOPPER_COMPUTE_A, 0xcbc0)"),
    (re.compile(r"CUDA Error 2, out of memory"), "broken",                        # the suite's setting, not the machine
     "CUDA could not start under the worker's address-space limit (run GPU backends with memory_mb=0)"),
    (re.compile(r"failed to load library cuda\b"), "missing", "no NVIDIA driver (libcuda) on this machine"),
    (re.compile(r"No interface for (\w+):\d+ is available"), "missing", "no {0} device here (every driver interface refused)"),
    (re.compile(r"No module named '?test\.mockgpu"), "missing",
     "needs a tinygrad checkout: its test/mockgpu is not in the wheel"),
    (re.compile(r"defined with type '\w+\*' but expected"), "missing", "libLLVM too old (LLVM 14 rejects tinygrad's IR)"),
    (re.compile(r"No such file or directory: '([^']*clang[^']*)'"), "missing", "C compiler {0!r} not found"),
    (re.compile(r"Command '\['(gcc|cc)'"), "broken", "CC is {0}, but tinygrad's CPU device needs clang"),   # a setting
]


_SUB_EXCEPTION = re.compile(r"^\s*\|\s*(\w+(?:Error|Exception|Interrupt)): (.*)$", re.M)


def _explained(error: dict) -> tuple[Cause, str]:
    """(cause, a one-line reason) for a failed probe: a known cause in words, else the exception as it came."""
    text = f"{error.get('type', '')}: {error.get('message', '')}\n{error.get('traceback', '')}"
    for pattern, cause, reason in REASONS:
        m = pattern.search(text)
        if m:
            subs = _SUB_EXCEPTION.findall(error.get("traceback", ""))   # an ExceptionGroup: say what each try hit
            more = "; ".join(f"{t}: {msg.strip()[:120]}" for t, msg in dict.fromkeys(subs))
            return cause, reason.format(*m.groups()) + (f" [{more}]" if more and "interface" in reason else "")
    first = (error.get("message") or "").strip().splitlines()
    return "broken", f"{error.get('type', 'error')}: {first[0][:200] if first else ''}".strip()


def reason_of(error: dict) -> str:
    return _explained(error)[1]


def missing_dependency(error: dict) -> bool:
    """Is a failed probe explained by something absent here (skip), not by a broken setup or tinygrad (fail)?"""
    return _explained(error)[0] == "missing"


def lookup(name: str) -> Backend:
    if name not in BY_NAME:
        raise UsageError(f"unknown backend {name!r}{did_you_mean(name, BY_NAME)} (known: {', '.join(BY_NAME)})")
    return BY_NAME[name]


def export_library_paths() -> dict[str, str]:
    """Set NVRTC_PATH / NVJITLINK_PATH from the NVIDIA PyPI wheels when the user set neither: workers inherit them.

    Called by the CLI and the tests before any worker starts (the paths are not tinygrad settings, so they
    stay out of RunConfig and out of verdict labels). Returns what it set.
    """
    found = {}
    for var, lib in (("NVRTC_PATH", "libnvrtc.so*"), ("NVJITLINK_PATH", "libnvJitLink.so*")):
        if not os.environ.get(var) and (path := _wheel_library(lib)):
            os.environ[var] = found[var] = path
    return found


def _wheel_library(pattern: str) -> str | None:
    for base in sys.path:
        hits = sorted(glob.glob(os.path.join(base, "nvidia", "*", "lib", pattern)) +
                      glob.glob(os.path.join(base, "nvidia", "*", "lib64", pattern)))
        hits = [h for h in hits if re.search(r"\.so\.\d+$", h)]   # the versioned file, as tinygrad's loader wants
        if hits:
            return hits[-1]
    return None


@dataclass(frozen=True)
class Probe:
    name: str
    runs: bool
    reason: str = ""          # why not, when it does not run
    detail: str = ""          # the renderer/device tinygrad picked, or the exception in full
    missing: bool = False     # it does not run because a dependency is absent here (REASONS): tests skip, else fail

    def line(self) -> str:
        b = BY_NAME[self.name]
        state = "runs here" if self.runs else f"not here: {self.reason}"
        return f"{self.name:22} {b.mode:13} {state}"


def probe(name: str, pool, tinygrad: str | None = None, timeout: float = 120.0) -> Probe:
    """Whether a backend runs here, asked of a worker; `tinygrad` is a checkout for the mock rows."""
    b = lookup(name)
    if b.checkout and not tinygrad:
        return Probe(name, False, "needs a tinygrad checkout (--tinygrad PATH): test/mockgpu is not in the wheel",
                     missing=True)
    if b.cpu_device and not default_cc():
        return Probe(name, False, "no clang on PATH (tinygrad's CPU device compiles with clang; set CC)", missing=True)
    config = b.config(sut_path=tinygrad if b.checkout else None, timeout=timeout, counters=False)
    out = pool.call(config, "oracles.backends:probe_task", mode=b.mode)
    if out.status == "ok":
        return Probe(name, True, detail=out.value)
    if out.status in ("hang", "died"):
        return Probe(name, False, f"the probe {out.status}: {out.error.get('reason', '')}", out.error.get("reason", ""))
    cause, reason = _explained(out.error)
    return Probe(name, False, reason, out.error.get("traceback", "") or out.error.get("message", ""),
                 missing=cause == "missing")


def probe_task(mode: str) -> str:
    """Worker task: push one kernel through the backend; check its numbers unless it only compiles."""
    from tinygrad import Device, Tensor
    dev = Device[Device.DEFAULT]
    if mode == "compile-only":
        (Tensor.empty(4, 4) @ Tensor.empty(4, 4) + 1).realize()
    else:
        got = (Tensor([1.0, 2.0, 3.0]) * 2 + 1).tolist()
        if got != [3.0, 5.0, 7.0]:
            raise RuntimeError(f"wrong numbers: (x*2+1) of [1, 2, 3] gave {got}")
    return f"{Device.DEFAULT} with {type(dev.renderer).__name__} ({getattr(dev.renderer.target, 'arch', '') or 'no arch'})"


def probe_each(names, tinygrad: str | None = None, timeout: float = 120.0):
    """Each named backend probed in turn, in a worker pool of its own (one device per worker: never 20 tinygrads
    alive at once), the NVIDIA wheels' library paths exported first; yields each Probe as it comes."""
    from oracles.worker import WorkerPool
    export_library_paths()
    for name in names:
        pool = WorkerPool()
        try:
            yield probe(name, pool, tinygrad=tinygrad, timeout=timeout)
        finally:
            pool.close()


def require_running(names: list[str] | tuple[str, ...], tinygrad: str | None = None) -> list[Probe]:
    """Each named backend probed once; UsageError naming every one that does not run here. A mutation run on a
    backend that cannot compile drops each of its tests as unsupported and reports its renderer's mutants "not
    reached" (NULL:CUDA and NULL:PTX did, in the W50 run, 2026-12-07)."""
    probes = list(probe_each(dict.fromkeys(names), tinygrad))
    failing = [p for p in probes if not p.runs]
    if failing:
        raise UsageError("; ".join(f"backend {p.name} does not run here: {p.reason}" for p in failing)
                         + " (python -m fuzz backends lists what each needs)")
    return probes


@functools.lru_cache(maxsize=None)
def probe_here(name: str):
    """probe(name) once per process, in a pool of its own (the fuzz tests' skip-with-reason check)."""
    from oracles.worker import WorkerPool
    export_library_paths()
    pool = WorkerPool()
    try:
        return probe(name, pool)
    finally:
        pool.close()
