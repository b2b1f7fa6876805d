"""`python -m fuzz doctor`: check what the suite needs on this machine, one line per missing piece."""
from __future__ import annotations

import shutil

from fuzz.errors import UsageError

HELP = "check the machine: C compiler for tinygrad's CPU device, tinygrad and torch importable"


def add_arguments(p) -> None:
    pass


def run(args) -> int:
    from oracles.config import default_cc
    import importlib.util
    cc = default_cc()
    if not cc or not shutil.which(cc.split()[0]):
        raise UsageError("no C compiler for tinygrad's CPU device: install clang (apt-get install clang) or set CC")
    if (why := cannot_compile(cc)) is not None:
        raise UsageError(f"the C compiler {cc} does not compile a one-line C file: {why}")
    for module in ("tinygrad", "numpy", "hypothesis"):
        if importlib.util.find_spec(module) is None:
            raise UsageError(f"{module} is not importable: run through tox, or pip install -r requirements.txt")
    import tinygrad
    version = getattr(tinygrad, "__version__", None)
    if version is None:
        from importlib.metadata import PackageNotFoundError, version as dist_version
        try:
            version = dist_version("tinygrad")
        except PackageNotFoundError:
            version = "checkout"
    print(f"ok: tinygrad {version} at {tinygrad.__path__[0]}, CPU compiler {cc}")
    return 0


def cannot_compile(cc: str) -> str | None:
    """None when `cc` compiles a trivial C file as tinygrad invokes it (-c -x c from stdin), else its first error
    line. A compiler that is on PATH and cannot start (a missing shared library) made every CPU program a crash
    verdict: 474 FAIL on the device's replay, 2026-12-07."""
    import subprocess
    try:
        out = subprocess.run([*cc.split(), "-c", "-x", "c", "-", "-o", "/dev/null"], input="int f(void){return 0;}\n",
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{type(e).__name__}: {e}"
    if out.returncode == 0:
        return None
    return next((line for line in (out.stderr + out.stdout).splitlines() if line.strip()), f"exit {out.returncode}")
