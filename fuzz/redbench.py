"""Time to red: how long the CI gate (`tox -e fuzz`'s two commands) takes to fail with a planted bug in tinygrad.

A broken tinygrad must turn the gate red fast (issue 18): the ci profile does not shrink, and pytest stops at the
first failed test (-x). This measures it the way CI meets it: the gate's own commands, run as subprocesses with the
plant applied in every worker (`--patch tests.plants:exp2-high`), each gate on its own cores, so gates can run side
by side on a bigger machine without borrowing each other's CPUs. A decoy changes no answer tinygrad gives, so the gate
must stay green with it.
"""
from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `tox -e fuzz`'s commands (tox.ini), with the plant added to each
REPLAY = ["-m", "fuzz", "replay", "-x", "--jobs", "2"]
PYTEST = ["-m", "pytest", "fuzz", "-n", "2", "-x", "-q", "--hypothesis-seed=0", "-p", "no:cacheprovider"]
GATE = (("quick", PYTEST + ["-m", "quick"]), ("replay", REPLAY), ("pytest", PYTEST + ["-m", "not quick"]))
# Plants the gate must not flag: sin sleeps 4 s and answers right (a slow compile, within the hang retry's allowance).
# codegen-noopt "passes" the speed oracle's own test but is a real change (no kernel optimizations: slower kernels, and
# KB-0001's coalesced store is gone), so the gate noticing it is right.
DECOYS = ("tests.plants:slow-sin",)


@dataclass(frozen=True)
class PlantSpec:
    spec: str                 # "tests.plants:exp2-high", what --patch takes
    expect: str               # the verdict kind the plant's own oracle test wants

    @property
    def decoy(self) -> bool:
        return self.spec in DECOYS


@dataclass(frozen=True)
class RedTime:
    plant: PlantSpec
    red: bool
    seconds: float
    step: str                 # "replay", "pytest", or "" when green
    first: str                # the first failure's line

    @property
    def verdict(self) -> str:
        if self.plant.decoy:
            return "green (decoy)" if not self.red else "RED ON A DECOY"
        return "red" if self.red else "MISSED"


def all_plants(directory: Path = ROOT / "tests") -> list[PlantSpec]:
    """Every plant in tests/plants*.py, in file then table order."""
    out = []
    for path in sorted(directory.glob("plants*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        out += [PlantSpec(f"tests.{path.stem}:{name}", plant.expect) for name, plant in module.PLANTS.items()]
    return out


def select(plants: list[PlantSpec], names: list[str]) -> list[PlantSpec]:
    """Plants named by spec or by bare name; an unknown name is a usage error."""
    from fuzz.errors import UsageError
    if not names:
        return plants
    by_name = {p.spec: p for p in plants} | {p.spec.split(":")[1]: p for p in plants}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise UsageError(f"unknown plant {unknown[0]!r} (known: {', '.join(p.spec.split(':')[1] for p in plants)})")
    return [by_name[n] for n in names]


def gate_env(examples: int, buckets: str) -> dict:
    path = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    return os.environ | {"PYTHONPATH": path, "PYTHONHASHSEED": "0", "HYPOTHESIS_PROFILE": "ci",
                         "TINYFUZZ_CI_EXAMPLES": str(examples), "TINYFUZZ_NEW_BUCKETS": buckets}


def time_to_red(plant: PlantSpec | None, cores: tuple[int, ...] = (), examples: int = 30,
                limit: float = 900.0) -> RedTime:
    """Run the gate with one plant (None: pristine) and time it until it fails or ends green."""
    patch = ["--patch", plant.spec] if plant else []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="redbench-") as buckets:
        env = gate_env(examples, buckets)
        for step, args in GATE:
            left = limit - (time.monotonic() - start)
            try:
                done = subprocess.run([sys.executable, *args, *patch], cwd=ROOT, env=env, capture_output=True,
                                      text=True, timeout=max(left, 1.0), start_new_session=True,
                                      preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None)
            except subprocess.TimeoutExpired:
                return RedTime(plant, False, time.monotonic() - start, step, f"still running after {limit:.0f}s")
            if done.returncode != 0:
                return RedTime(plant, True, time.monotonic() - start, step, first_failure(done.stdout + done.stderr))
    return RedTime(plant, False, time.monotonic() - start, "", "")


def first_failure(output: str) -> str:
    """The line naming what went red: pytest's first FAILED/ERROR line, or replay's first FAIL/SUITE/XPASS line."""
    for pattern in (r"^(FAILED|ERROR) .*$", r"^.*\b(FAIL|SUITE|XPASS)\b.*$"):
        m = re.search(pattern, output, re.M)
        if m:
            return m.group(0).strip()[:160]
    lines = [ln for ln in output.splitlines() if ln.strip()]
    return lines[-1][:160] if lines else ""


def measure(plants: list[PlantSpec], cores_per_gate: int = 2, examples: int = 30, limit: float = 900.0,
            pristine: bool = True, report=print) -> list[RedTime]:
    """Pristine first (the green baseline), then every plant; as many gates at once as the CPUs hold."""
    cpus = sorted(os.sched_getaffinity(0))
    slots = [tuple(cpus[i:i + cores_per_gate]) for i in range(0, len(cpus) - cores_per_gate + 1, cores_per_gate)]
    slots = slots or [tuple(cpus)]
    todo = ([None] if pristine else []) + list(plants)
    free = list(slots)

    def one(plant):
        cores = free.pop()
        try:
            result = time_to_red(plant, cores, examples, limit)
        finally:
            free.append(cores)
        report(line(result))
        return result

    with ThreadPoolExecutor(len(slots)) as pool:
        return list(pool.map(one, todo))


def line(r: RedTime) -> str:
    name = r.plant.spec if r.plant else "pristine"
    verdict = r.verdict if r.plant else ("green" if not r.red else "RED ON PRISTINE")
    where = f" at {r.step}: {r.first}" if r.red else (f" ({r.first})" if r.first else "")
    return f"{name:52s} {verdict:14s} {r.seconds:6.0f}s{where}"


def summary(results: list[RedTime], within: float) -> str:
    plants = [r for r in results if r.plant and not r.plant.decoy]
    fast = sum(r.red and r.seconds <= within for r in plants)
    decoys = [r for r in results if r.plant and r.plant.decoy]
    base = next((r for r in results if r.plant is None), None)
    text = f"{fast} of {len(plants)} plants red within {within:.0f}s"
    text += f"; {sum(r.red for r in plants)} red at all"
    if base:
        text += f"; pristine {'green' if not base.red else 'RED'} in {base.seconds:.0f}s"
    if decoys:
        text += f"; decoys flagged: {sum(r.red for r in decoys)} of {len(decoys)}"
    return text
