"""What this machine can do, probed once per process: the C compiler, the CPU, the GPUs, the library versions.

Principle 9 of shared/DESIGN.md: green means nothing new, on any machine. A bucket records the capabilities it was
found with (`host` in meta.json); replay on a machine whose *relevant* capability differs says "not reproducible
here" instead of FAIL or XPASS, and a program the machine cannot run (bfloat16 on CPU with a compiler that lacks
__bf16) is `unsupported` with that reason (oracles/refusals.py), never a crash.

Which capabilities matter to which programs is one table, NEEDS: tinygrad compiles CPU kernels with
`-march=native`, so whether a bfloat16 conversion is an instruction or a call of compiler-rt's __truncsfbf2
(KB-0032) depends on the CPU (avx512_bf16) as well as on the compiler.
"""
from __future__ import annotations

import functools
import importlib.metadata
import os
import platform
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase

BF16_CAPS = ("cc_bf16", "cc_calls_truncsfbf2", "cc_bf16_store_hangs")
# (dtype the program uses, backend pattern) -> the capabilities its verdict may depend on
NEEDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("bfloat16", "CPU", BF16_CAPS),          # clang renders __bf16; -march=native decides how it is lowered
    ("bfloat16", "CPU:[0-9]*", BF16_CAPS),   # the shard plans' virtual CPU devices
    # Observed, cause not isolated: KB-0016's float16 argmin bucket fails on PYTHON with Python 3.11.7 / numpy 2.4.6
    # and passes with Python 3.12.3 / numpy 2.5.2 on the same CPU and clang (2026-12-06, H200 host).
    ("float16", "PYTHON", ("python", "numpy")),
]
CPU_FLAGS = ("avx512_bf16", "amx_bf16", "avx512f", "avx2", "f16c")  # the flags -march=native turns into code paths
# tinygrad's CPU device compiles like this (tinygrad/runtime/support/compiler_cpu.py, 0.14.0)
CC_ARGS = ["-c", "-x", "c", "-O2", "-fPIC", "-ffreestanding", "-fno-math-errno", "-nostdlib", "-fno-ident",
           "--target=x86_64-none-unknown-elf", "-march=native", "-", "-o"]
BF16_PROBE = "__bf16 to_bf16(float x) { return (__bf16)x; }\n"
# clang 19 with -march=native on a CPU with AVX10.1 (seen on an Intel Xeon with avx512_bf16 and amx_bf16) never
# finishes this kernel tinygrad renders for Tensor.zeros(64, dtype=bfloat16) (it grows past 6 GB); with
# -march=x86-64-v4 it compiles in 40 ms. A compiler bug, not tinygrad's: such a machine cannot run those programs.
BF16_STORE_PROBE = """void E_16_4(__bf16* restrict data0_64) {
  for (int Lidx0 = 0; Lidx0 < 16; Lidx0++) {
    int alu0 = (Lidx0<<2);
    *(data0_64+(alu0+1)) = ((__bf16)(0.0f));
    *(data0_64+(alu0+2)) = ((__bf16)(0.0f));
    *(data0_64+(alu0+3)) = ((__bf16)(0.0f));
    *(data0_64+alu0) = ((__bf16)(0.0f));
  }
}
"""
BF16_STORE_SECONDS = 15.0    # the probe compiles in well under a second where the compiler is sound


@dataclass(frozen=True)
class Host:
    cc: str                      # the compiler tinygrad's CPU device uses (oracles.config.default_cc)
    cc_version: str              # its first --version line
    cc_bf16: bool                # does it take __bf16 for the CPU target? (clang 14 does not)
    cc_calls_truncsfbf2: bool    # does float -> __bf16 become a call of __truncsfbf2 here (no native conversion)?
    cc_bf16_store_hangs: bool    # does the compiler hang on tinygrad's bf16 constant stores here (BF16_STORE_PROBE)?
    cpu: str
    cpu_flags: tuple[str, ...]
    gpus: tuple[str, ...]
    python: str
    numpy: str
    torch: str
    tinygrad: str

    def to_json(self) -> dict:
        d = asdict(self)
        d["cpu_flags"], d["gpus"] = list(self.cpu_flags), list(self.gpus)
        return d


def relevant(dtypes, backend: str) -> tuple[str, ...]:
    """The capabilities a program of these dtypes on this backend may depend on (NEEDS)."""
    base = backend.split(" ")[0]
    return tuple(dict.fromkeys(c for dt, pattern, caps in NEEDS if dt in dtypes and fnmatchcase(base, pattern)
                               for c in caps))


def differences(recorded: dict, here: Host, keys) -> list[str]:
    """'cc_calls_truncsfbf2: True there, False here' for each relevant capability that differs (missing: unknown)."""
    now = here.to_json()
    return [f"{k}: {recorded[k]!r} there, {now[k]!r} here" for k in keys if k in recorded and recorded[k] != now[k]]


@functools.lru_cache(maxsize=None)
def probe(cc: str | None = None) -> Host:
    from oracles.config import default_cc
    cc = cc or default_cc() or ""
    bf16, calls = _bf16(cc)
    cc_version = _first_line([cc, "--version"]) if cc else ""
    cpu, flags = _cpu_name(), _cpu_flags()
    machine = "|".join([cc_version, cpu, *sorted(flags)])     # what the hang probe's answer depends on
    return Host(cc=cc, cc_version=cc_version, cc_bf16=bf16, cc_calls_truncsfbf2=calls,
                cc_bf16_store_hangs=bf16 and _hangs(cc, BF16_STORE_PROBE, machine), cpu=cpu,
                cpu_flags=tuple(f for f in CPU_FLAGS if f in flags), gpus=_gpus(), python=platform.python_version(),
                numpy=_version("numpy"), torch=_version("torch"), tinygrad=_version("tinygrad"))


def _bf16(cc: str) -> tuple[bool, bool]:
    """(compiles __bf16, the conversion needs __truncsfbf2), compiled exactly as tinygrad compiles a CPU kernel."""
    if not cc:
        return False, False
    with tempfile.TemporaryDirectory() as d:
        obj = os.path.join(d, "probe.o")
        try:
            done = subprocess.run([cc, *CC_ARGS, obj], input=BF16_PROBE, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return False, False
        if done.returncode != 0:
            return False, False
        return True, b"__truncsfbf2" in open(obj, "rb").read()


def _hangs(cc: str, source: str, machine: str) -> bool:
    """Does compiling `source` as tinygrad does outlast BF16_STORE_SECONDS? (The compiler is killed then.) Remembered
    per `machine` (compiler version, CPU and flags) in the cache directory, so only the first process waits for it."""
    import hashlib
    import json
    from oracles.config import cache_dir
    key = hashlib.sha1(f"{machine}|{source}".encode())
    memo = cache_dir() / f"hangs-{key.hexdigest()[:12]}.json"
    try:
        return bool(json.loads(memo.read_text())["hangs"])
    except (OSError, ValueError, KeyError):
        pass
    hangs = _compile_outlasts(cc, source)
    memo.write_text(json.dumps({"hangs": hangs, "cc": cc}))
    return hangs


def _compile_outlasts(cc: str, source: str) -> bool:
    with tempfile.TemporaryDirectory() as d:
        proc = subprocess.Popen([cc, *CC_ARGS, os.path.join(d, "probe.o")], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        try:
            proc.communicate(source, timeout=BF16_STORE_SECONDS)
            return False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return True


def cannot_run(dtypes, backend: str, host: Host | None = None) -> str:
    """Why this machine cannot judge a hang of such a program ('' when it can): its compiler hangs by itself."""
    if "cc_bf16_store_hangs" not in relevant(dtypes, backend):
        return ""
    host = host or probe()
    if host.cc_bf16_store_hangs:
        return (f"{host.cc_version or 'the C compiler'} hangs on bfloat16 stores with -march=native on "
                f"this CPU (oracles.capabilities.BF16_STORE_PROBE): this machine cannot run bfloat16 CPU kernels")
    return ""


HANG_REFUSAL = "cc-hangs-on-bf16"    # the refusal a hang becomes where cannot_run() says why (oracles.refusals.MACHINE)


def _cpu_flags() -> set[str]:
    try:
        text = open("/proc/cpuinfo").read()
    except OSError:
        return set()
    m = re.search(r"^flags\s*:\s*(.*)$", text, re.M)
    return set(m.group(1).split()) if m else set()


def _cpu_name() -> str:
    try:
        m = re.search(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read(), re.M)
        return m.group(1).strip() if m else platform.processor()
    except OSError:
        return platform.processor()


def _gpus() -> tuple[str, ...]:
    root = "/proc/driver/nvidia/gpus"
    try:
        return tuple(sorted(os.listdir(root)))
    except OSError:
        return ()


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.splitlines()[0].strip() if out.strip() else ""


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""
