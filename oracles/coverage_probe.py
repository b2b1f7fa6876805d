"""`fuzz run --coverage`: the worker side. Which lines of tinygrad's compiler a campaign ran, and which rewrite rules
fired.

A worker started with TINYFUZZ_COVERAGE=<folder> traces tinygrad with coverage.py (lines of codegen/, schedule/,
uop/, renderer/) and turns on tinygrad's own rule counters (TRACK_MATCH_STATS=1: every PatternMatcher counts tries
and matches per rule). Both are written to the folder after every task, so a worker killed for a hang or a segfault
loses only the program that killed it. reports/coverage.py adds the folder up.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

ENV = "TINYFUZZ_COVERAGE"            # the folder a worker writes to; unset: no recording
AREAS = ("codegen", "schedule", "uop", "renderer")   # tinygrad's compiler: what a campaign should reach


class Probe:
    def __init__(self, folder: Path):
        import coverage
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        # data_suffix: one data file per worker process, combined by the report
        self.cov = coverage.Coverage(data_file=str(folder / ".coverage"), data_suffix=True, config_file=False,
                                     include=[f"*/tinygrad/{area}/*" for area in AREAS])
        self.cov.start()
        self.rules_path = folder / f"rules-{os.getpid()}.json"

    def flush(self) -> None:
        self.cov.save()
        stats = rule_stats()
        if stats:
            tmp = self.rules_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(stats))
            os.replace(tmp, self.rules_path)


def start() -> Probe | None:
    """Called by the worker before tinygrad is imported (its rule counters are chosen at import)."""
    folder = os.environ.get(ENV)
    if not folder:
        return None
    os.environ.setdefault("TRACK_MATCH_STATS", "1")
    return Probe(Path(folder))


def rule_location(location) -> str:
    """"codegen/late/devectorizer.py:120" for a UPat's (filename, line): the path below tinygrad/."""
    filename, line = location
    path = str(filename).replace(os.sep, "/")
    return f"{path.split('/tinygrad/')[-1]}:{line}"


def rule_stats() -> dict:
    """{rule location: [matches, tries]} from tinygrad's counters in this process; {} before tinygrad is imported."""
    import sys
    ops = sys.modules.get("tinygrad.uop.ops")
    if ops is None:
        return {}
    out: dict[str, list[int]] = {}
    for pat, (matched, tried, *_) in list(ops.match_stats.items()):
        key = rule_location(pat.location)
        m, t = out.get(key, (0, 0))
        out[key] = [m + int(matched), t + int(tried)]
    return out


IMPORT_FOLDER = "import"      # lines run by importing the compiler's modules alone: the report's baseline
ALL_RULES = "rules-all.json"  # every rule alive and the tinygrad root: the report's denominator


def record_rules(folder: str | Path, sut_path: str | None = None, timeout: float = 600.0) -> None:
    """In a fresh interpreter, recording into <folder>/import: import every compiler module, list every rule, and
    write rules-all.json (the tinygrad root and {rule: source line}). The import's lines are what any run of
    tinygrad reaches; the report counts a campaign's lines beyond them."""
    import subprocess
    import sys
    folder = Path(folder)
    repo = Path(__file__).resolve().parent.parent
    path = os.pathsep.join(p for p in (sut_path, str(repo), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, ENV: str(folder / IMPORT_FOLDER), "PYTHONPATH": path}
    code = ("import json, sys; from oracles import coverage_probe as c; probe = c.start(); "
            "import tinygrad; from pathlib import Path; "
            "out = {'root': str(Path(tinygrad.__file__).parent.parent), 'rules': c.all_rules()}; probe.flush(); "
            "Path(sys.argv[1]).write_text(json.dumps(out))")
    subprocess.run([sys.executable, "-c", code, str(folder / ALL_RULES)], env=env, check=True,
                   timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def all_rules() -> dict[str, str]:
    """{rule location: its source line} for every PatternMatcher rule alive once the compiler's modules are imported:
    the denominator of the rule report. Run in a fresh interpreter (reports/coverage.py does)."""
    import gc
    import importlib
    import linecache
    import pkgutil
    import tinygrad
    from tinygrad.uop.ops import PatternMatcher
    root = Path(tinygrad.__file__).parent
    for area in AREAS:
        for mod in pkgutil.walk_packages([str(root / area)], prefix=f"tinygrad.{area}."):
            try:
                importlib.import_module(mod.name)
            except Exception:          # a renderer for hardware or libraries this machine lacks
                continue
    rules = {}
    for obj in gc.get_objects():
        if isinstance(obj, PatternMatcher):
            for pat, _ in obj.patterns:
                rules[rule_location(pat.location)] = linecache.getline(pat.location[0], pat.location[1]).strip()
    return rules


# `pytest -p oracles.coverage_probe` with TINYFUZZ_COVERAGE=<folder>: the same recording for another test suite
# (tinygrad's own test/test_ops.py, docs/search.md), so the two reports compare like with like.
_PYTEST_PROBE: Probe | None = None


def pytest_configure(config) -> None:
    global _PYTEST_PROBE
    _PYTEST_PROBE = start()


def pytest_unconfigure(config) -> None:
    if _PYTEST_PROBE is None:
        return
    _PYTEST_PROBE.flush()
    if not hasattr(config, "workerinput"):       # the xdist controller (or a plain run) writes the denominator
        record_rules(_PYTEST_PROBE.folder)
