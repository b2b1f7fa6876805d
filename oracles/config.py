"""RunConfig: every setting a worker needs, as one frozen value, and the environment it becomes."""
from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass, field

from fuzz.errors import UsageError, did_you_mean
from oracles.backend_table import TYPED

# Backends users may name (`python -m fuzz backends` probes which run here): one table, oracles/backend_table.py.
BACKENDS = TYPED

GPU_DRIVERS = {"CUDA", "NV", "AMD", "MOCKKFD+AMD", "MOCK+NV", "MOCK+CUDA"}   # map GPU memory: no RLIMIT_AS

OPT_LEVELS = {                        # name -> tinygrad settings
    "default": {},
    "noopt": {"NOOPT": "1"},
    "beam": {"BEAM": "2", "IGNORE_BEAM_CACHE": "1"},
}

# Settings without which a change to tinygrad (a mutant, a plant) may silently not apply, or counts drift:
# PARALLEL=0 keeps compilation in this process (spawned compile workers import pristine tinygrad);
# SCACHE=0 stops the schedule cache from answering for a changed scheduler.
TRUSTWORTHY = {"PARALLEL": "0", "SCACHE": "0"}
# Settings of this machine, not of the program: a repro leaves them to the machine that runs it (issue 16: repros
# named the compiler and cache paths of the machine that found them).
MACHINE_SETTINGS = ("CC", "CACHEDB")


@dataclass(frozen=True)
class RunConfig:
    backend: str = "CPU"
    opt: str = "default"
    env: tuple[tuple[str, str], ...] = ()        # extra tinygrad settings, e.g. (("IMAGE", "1"),)
    patches: tuple[str, ...] = ()               # "module:NAME" plants applied when the worker starts
    # settings of the suite's own worker code, not of tinygrad (the API-gap policy, a coverage folder): in the
    # worker's environment, never in a verdict's backend label or a repro
    harness: tuple[tuple[str, str], ...] = ()
    sut_path: str | None = None                 # a tinygrad checkout or mutated copy put first on sys.path
    grad: bool = False                          # also compare gradients of a scalar loss
    counters: bool = True                       # record kernel count, ops, memory traffic
    timeout: float = 60.0                       # seconds per program before it is a hang
    memory_mb: int = 8192                       # address-space limit of a worker: past it, `died` (out of memory)
    seed: int = 0

    def __post_init__(self):
        check_backend(self.backend)
        if self.backend.split(":")[0] in GPU_DRIVERS and self.memory_mb == RunConfig.memory_mb:
            object.__setattr__(self, "memory_mb", 0)   # CUDA cannot start under an 8 GB address-space cap
        if self.opt not in OPT_LEVELS:
            raise UsageError(f"unknown opt level {self.opt!r}{did_you_mean(self.opt, OPT_LEVELS)} "
                             f"(known: {', '.join(OPT_LEVELS)})")

    def environ(self) -> dict[str, str]:
        """The environment a worker starts tinygrad with."""
        env = {"DEV": self.backend, **TRUSTWORTHY, **OPT_LEVELS[self.opt], **dict(self.env), **dict(self.harness)}
        cc = default_cc()
        if cc and "CC" not in env:
            env["CC"] = cc
        # tinygrad's compile cache is keyed by kernel source, not by compiler: an object another clang built (with
        # different bfloat16 helper calls) would be loaded as is. One cache per compiler keeps runs reproducible.
        env.setdefault("CACHEDB", str(cache_dir() / f"tinygrad-{os.path.basename(env.get('CC') or 'cc')}.db"))
        return env

    @property
    def worker_key(self) -> tuple:
        return (self.backend, self.opt, self.env, self.patches, self.sut_path, self.memory_mb, self.harness)

    def label(self) -> str:
        parts = [self.backend] + ([self.opt] if self.opt != "default" else []) + [f"{k}={v}" for k, v in self.env]
        return " ".join(parts)


def check_backend(name: str) -> str:
    base = name.split(":")
    if name in BACKENDS or (base[0] in {"CPU", "PYTHON", "CUDA", "NV", "AMD"} and len(base) == 2 and base[1].isdigit()):
        return name
    raise UsageError(f"unknown backend {name!r}{did_you_mean(name, BACKENDS)} (known: {', '.join(BACKENDS)})")


def parse_backends(text: str) -> list[str]:
    return [check_backend(b.strip()) for b in text.split(",") if b.strip()]


@functools.lru_cache(maxsize=None)
def default_cc() -> str | None:
    """The C compiler for tinygrad's CPU device: the user's CC, else the newest clang-NN on PATH.

    clang 14 (Debian 12's default) rejects __bf16 on x86, so bfloat16 programs need a newer clang.
    """
    if os.environ.get("CC"):
        return os.environ["CC"]
    for version in range(22, 14, -1):
        if shutil.which(f"clang-{version}"):
            return f"clang-{version}"
    return shutil.which("clang") and "clang"


def cache_dir():
    """Where tinyfuzz keeps tinygrad's compile caches (TINYFUZZ_CACHE, else ~/.cache/tinyfuzz)."""
    from pathlib import Path
    path = Path(os.environ.get("TINYFUZZ_CACHE") or Path.home() / ".cache" / "tinyfuzz")
    path.mkdir(parents=True, exist_ok=True)
    return path
