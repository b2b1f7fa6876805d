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
