"""The one place that absorbs differences between tinygrad versions, by probing features (never version strings).

Worker-side: it imports tinygrad. What the suite asks of tinygrad and this version lacks (a Tensor method or
attribute an op row's lowering calls, an import, a keyword its signature no longer takes) is missed in the suite's
own frames (fuzz/, oracles/). Where that lands depends on the path:
  - judging (the default, api_gaps="crash"): APIError, a crash verdict "crash (API): Tensor has no attribute
    'relu'": a tinygrad change that drops a method the suite uses must turn CI red, never pass silently;
  - `fuzz diff` between two versions (api_gaps="unsupported"): VersionGap, `unsupported` on that side (0.12.0
    has no Tensor.log10, Tensor.fmod), a row of oracles/refusals.py;
  - a `DEV=DEVICE:RENDERER` target on a tinygrad whose DEV takes a device name only (0.12.0) is refused up front;
  - speed counters a version does not keep are left out rather than guessed.
The same AttributeError raised inside tinygrad's own code is an ordinary crash.
"""
from __future__ import annotations

import os
import sys
import traceback
import types
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
OUR_DIRS = tuple(str(REPO / d) + os.sep for d in ("fuzz", "oracles"))
SIGNATURE_MISS = ("unexpected keyword argument", "positional argument", "required positional", "got multiple values")

ApiGaps = Literal["crash", "unsupported"]


class APIError(Exception):
    """The suite asked this tinygrad for a method, attribute, import or signature it does not have."""


class VersionGap(NotImplementedError):
    """`fuzz diff` only: what one side's tinygrad lacks makes the program unsupported there (oracles/refusals.py)."""


# GlobalCounters attribute -> the counter name the suite reports; a version lacking one simply omits it.
COUNTERS = {"kernel_count": "kernels", "global_ops": "ops", "global_mem": "mem"}


def version() -> str:
    """The version of the tinygrad this process imported: its distribution's, its __version__, or 'checkout'."""
    import tinygrad
    import importlib.metadata
    here = Path(tinygrad.__file__).resolve().parent
    try:
        dist = importlib.metadata.distribution("tinygrad")
        if Path(dist.locate_file("tinygrad")).resolve() == here:    # metadata of this copy, not of another on the path
            return dist.version
    except importlib.metadata.PackageNotFoundError:
        pass
    return getattr(tinygrad, "__version__", None) or "checkout"


def probe() -> dict:
    """Worker task: which tinygrad this worker runs and which features it has (shown by `fuzz diff`)."""
    import tinygrad
    from tinygrad import Tensor
    from tinygrad.helpers import GlobalCounters
    return {"version": version(), "file": str(Path(tinygrad.__file__).resolve().parent),
            "python": sys.version.split()[0], "device": _default_device(),
            "features": {"targets": dev_targets(), "gradient": hasattr(Tensor, "gradient"),
                         "counters": sorted(name for attr, name in COUNTERS.items() if hasattr(GlobalCounters, attr)),
                         "track_stats": _has("tinygrad.engine.realize", "track_stats")}}


def _has(module: str, attr: str) -> bool:
    import importlib
    try:
        return hasattr(importlib.import_module(module), attr)
    except ImportError:
        return False


def _default_device() -> str:
    from tinygrad import Device
    return str(Device.DEFAULT)


def dev_targets() -> bool:
    """Does DEV take DEVICE:RENDERER:ARCH targets (0.13+), or a device name only (0.12)?"""
    import tinygrad.helpers as h
    dev = getattr(h, "DEV", None)
    return dev is not None and hasattr(dev, "target")


def check_settings() -> None:
    """Refuse settings this tinygrad would misread, before it misreads them."""
    dev = os.environ.get("DEV", "")
    parts = dev.split(":")
    if len(parts) > 1 and not parts[1].isdigit() and not dev_targets():
        raise NotImplementedError(f"tinygrad {version()} takes DEV=DEVICE only, not the target {dev!r}")


def read_counters() -> dict:
    from tinygrad.helpers import GlobalCounters
    return {name: int(getattr(GlobalCounters, attr)) for attr, name in COUNTERS.items() if hasattr(GlobalCounters, attr)}


def _raised_in_suite(e: BaseException) -> bool:
    """Was it raised in the suite's own frame (fuzz/, oracles/: a lowering, the worker), not in tinygrad's?"""
    tb = traceback.extract_tb(e.__traceback__)
    return bool(tb) and tb[-1].filename.startswith(OUR_DIRS)


def is_suite_error(e: BaseException) -> bool:
    """Raised in the suite's own frame and not a feature this tinygrad lacks (APIError, VersionGap): our bug."""
    return _raised_in_suite(e) and not isinstance(e, (APIError, VersionGap))


def is_our_miss(e: BaseException) -> bool:
    """Did the lookup or call fail in the suite's own frame (a lowering, the worker), i.e. a missing feature?"""
    if not _raised_in_suite(e):
        return False
    if isinstance(e, AttributeError):
        owner = getattr(e, "obj", None)
        if isinstance(owner, types.ModuleType):
            module = owner.__name__
        else:
            module = owner.__module__ if isinstance(owner, type) else type(owner).__module__
        return (module or "").startswith("tinygrad") or isinstance(owner, types.SimpleNamespace)
    if isinstance(e, ImportError):
        return (e.name or "").startswith("tinygrad")
    # a call this version's signature refuses is raised in the caller's frame, before tinygrad's code runs
    return isinstance(e, TypeError) and any(s in str(e) for s in SIGNATURE_MISS)


def api_miss(e: BaseException) -> str:
    """The miss in words: "Tensor has no attribute 'relu'", or the import's or call's own message."""
    owner = getattr(e, "obj", None)
    if isinstance(e, AttributeError) and owner is not None and getattr(e, "name", None):
        what = owner.__name__ if isinstance(owner, (type, types.ModuleType)) else type(owner).__name__
        return f"{what} has no attribute {e.name!r}"
    return str(e)


GAPS_ENV = "TINYFUZZ_API_GAPS"     # `fuzz run --api-gaps unsupported` sets it in the worker (RunConfig.harness)


@contextmanager
def absorbing(api_gaps: ApiGaps | None = None):
    """Run a worker task; what this tinygrad lacks becomes APIError (a crash) or, for diffs, VersionGap (unsupported).
    None: the worker's policy (`fuzz run --api-gaps`), else crash."""
    api_gaps = api_gaps or os.environ.get(GAPS_ENV) or "crash"
    check_settings()
    try:
        yield
    except (AttributeError, ImportError, TypeError) as e:
        if not is_our_miss(e):
            raise
        if api_gaps == "unsupported":
            raise VersionGap(f"tinygrad {version()} lacks what the program needs: {type(e).__name__}: {e}") from None
        where = traceback.extract_tb(e.__traceback__)[-1]
        asked = f"{Path(where.filename).relative_to(REPO).as_posix()}:{where.name}"
        raise APIError(f"{api_miss(e)} (tinygrad {version()}; asked for in {asked})") from None


def run_request(program: dict, grad: bool = False, counters: bool = True, realize_each: bool = False) -> dict:
    """Worker task for diffs: tiny_eval's run, a missing feature unsupported on this side, plus the counters once
    the outputs came back (`counters_total`).

    The compared counters stay tiny_eval's (read right after realize). tinygrad 0.14.0 keeps a 0-d input as a
    CONST, and realize() of an expression over it runs nothing (its kernel runs inside `.numpy()`), so 0.14.0
    shows 0 kernels where 0.13.0 shows 1; read after `.numpy()` instead, 0.14.0 shows a kernel for merely
    returning a 0-d input. Neither is the program's speed; `counters_total` keeps the second view for reports.
    """
    from oracles.tiny_eval import run_request as run
    result = run(program, grad=grad, counters=counters, realize_each=realize_each, api_gaps="unsupported")
    if counters:
        result["counters_total"] = read_counters()
    return result
