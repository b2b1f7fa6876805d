"""Coverage-based selection: record once which kill tests run which tinygrad lines, then pick tests per mutant.

Recording runs every test once on pristine tinygrad without tracing (its time and counters are the baseline:
per-test timeouts and the speed oracle's numbers) and once more, each in a fresh worker, under a line tracer.
A fresh worker per test matters: tinygrad caches a lot in functools caches, so a second program in the same
process would not show lines the first one already warmed.
"""
from __future__ import annotations

import base64
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutate.execute import VARIANT_BACKENDS, TestCase, WorkItem, backend_config, compile_only, execute
from mutate.generate import Mutant
from mutate.killsuite import KillTest
from oracles import expected as expected_codec

# A mutant's test may take 10x its warm baseline, plus twice the cold start (the first program a fresh process
# runs pays for clang, lazy imports and caches: whichever test a mutant runs first is cold), plus 5 s of load noise.
TIMEOUT_FACTOR, TIMEOUT_FLOOR, COLD_FACTOR = 10.0, 5.0, 2.0
IMPORT_FACTOR, IMPORT_FLOOR = 4.0, 10.0


def record(root: str, tests: list[KillTest], files: list[str], backend: str = "CPU", jobs: int = 2,
           log=print) -> dict:
    """{"tests": {name: {seconds, counters, answers, variants, lines, imported}}, "import_s": s,
    "dropped": {name: why}}.

    `answers` (pristine tinygrad's outputs and gradients, .npz bytes in base64) and `variants` (the metamorphic
    oracles pristine agrees with itself under) come from execute.baseline: what a mutant is judged against."""
    cases = [TestCase(t.name, t.program.to_json(), t.expected, timeout=120.0, backend=backend) for t in tests]
    chunks = [tuple(cases[k::max(1, jobs)]) for k in range(max(1, jobs))]     # each chunk in its own worker
    details: dict = {}
    with ThreadPoolExecutor(len(chunks)) as ex:
        for result, part in ex.map(lambda c: execute(WorkItem(root, None, c, backend=backend, import_timeout=120.0,
                                                               speed=False, stop_at_first=False)), chunks):
            if result.status == "error":
                raise RuntimeError(f"baseline run failed: {result.detail}")
            details.update(part | {"import_s": max(details.get("import_s", 0.0), part.get("import_s", 0.0))})
    data: dict = {"tests": {}, "import_s": details.get("import_s", 0.0), "dropped": {}}
    for t in tests:
        d = details.get(t.name)
        if not d or d["verdict"] != "pass":
            data["dropped"][t.name] = d["verdict"] if d else "not run"
            continue
        data["tests"][t.name] = {"seconds": d["seconds"], "counters": d["counters"], "variants": d["variants"],
                                 "answers": base64.b64encode(d["answers"]).decode(), "compile_only": not d["answers"]}
    if data["dropped"]:
        log(f"coverage: {len(data['dropped'])} tests do not run on pristine tinygrad and are left out: "
            + ", ".join(sorted(data["dropped"]))[:300])
    keep = [t for t in tests if t.name in data["tests"]]
    with ThreadPoolExecutor(max(1, jobs)) as ex:
        for t, traced in zip(keep, ex.map(lambda t: _traced_or_why(root, t, files, backend), keep)):
            if isinstance(traced, str):      # the traced run died or hung: tinygrad's doing, the test is left out
                log(f"coverage: {t.name} is left out: {traced}")
                data["dropped"][t.name] = traced
                del data["tests"][t.name]
            else:
                data["tests"][t.name].update(traced)
    return data


def _traced_or_why(root: str, test: KillTest, files: list[str], backend: str) -> dict | str:
    """The test's traced lines, or why tracing failed (an int fmod kill test died under the tracer after 13 minutes
    of recording, and the exception took the whole record down with it, 2026-12-07)."""
    try:
        return _trace(root, test, files, backend)
    except RuntimeError as e:
        return str(e)


def _trace(root: str, test: KillTest, files: list[str], backend: str) -> dict:
    from mutate.zygote import ForkPool, zygote
    pool = ForkPool(zygote())          # forked, not spawned: the zygote never imported tinygrad, so tracing sees it all
    try:
        config = backend_config(backend, sut_path=str(Path(root).parent))
        out = pool.call(config, "mutate.worker_tasks:trace_request", timeout=600.0, program=test.program.to_json(),
                        root=str(root), files=files, render=compile_only(backend),
                        variants=backend in VARIANT_BACKENDS)
        if out.status != "ok":
            raise RuntimeError(f"tracing {test.name} failed: {out.status} {out.error.get('message', out.error)}")
        return {"lines": out.value["lines"], "imported": out.value["imported"]}
    finally:
        pool.close()


class CoverageMap:
    def __init__(self, data: dict):
        self.data = data
        self.seconds = {name: t["seconds"] for name, t in data["tests"].items()}
        self.by_line: dict[tuple[str, int], set[str]] = {}
        self.by_file: dict[str, set[str]] = {}
        for name, t in data["tests"].items():
            for f, lines in t.get("lines", {}).items():
                for line in lines:
                    self.by_line.setdefault((f, line), set()).add(name)
            for f in t.get("imported", []):
                self.by_file.setdefault(f, set()).add(name)

    def covering(self, mutant: Mutant) -> set[str]:
        if mutant.cover is None:        # module-level code: runs at import, for every program that imports the file
            return set(self.by_file.get(mutant.path, ()))
        out: set[str] = set()
        for line in mutant.cover:
            out |= self.by_line.get((mutant.path, line), set())
        return out

    def select(self, mutant: Mutant, kills: dict[str, int], first: set[str] = frozenset()) -> list[str]:
        """Covering tests: `first` (the smoke set), then most-killing, then fastest: the first kill ends the run."""
        return sorted(self.covering(mutant), key=lambda n: (n not in first, -kills.get(n, 0), self.seconds[n], n))

    def answers(self, name: str) -> dict:
        """Pristine tinygrad's outputs and gradients for a test: what a mutant's are compared with."""
        data = base64.b64decode(self.data["tests"][name]["answers"])
        return expected_codec.from_bytes(data) if data else {}      # a compile-only target has none

    def variants(self, name: str) -> tuple[str, ...]:
        return tuple(self.data["tests"][name].get("variants", ()))

    def timeout(self, name: str) -> float:
        cold = max(self.seconds.values(), default=0.0)
        return TIMEOUT_FLOOR + self.seconds[name] * TIMEOUT_FACTOR + cold * COLD_FACTOR

    def import_timeout(self) -> float:
        return max(IMPORT_FLOOR, self.data.get("import_s", 0.0) * IMPORT_FACTOR)

    def covered_lines(self) -> int:
        return len(self.by_line)


def default_root() -> str:
    """The installed tinygrad package directory, found without importing it (the parent never imports tinygrad)."""
    import importlib.util
    spec = importlib.util.find_spec("tinygrad")
    if spec is None or not spec.origin:
        from fuzz.errors import UsageError
        raise UsageError("tinygrad is not installed; pass --tinygrad PATH to a checkout")
    return os.path.dirname(spec.origin)
