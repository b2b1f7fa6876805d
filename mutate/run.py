"""A mutation run: generate (cached), filter (--since, --shard, --sample), select tests, execute, store, score.

Execution goes through an executor: the local thread pool (each thread drives its own spawned worker
processes, so the threads only wait) or a Dask client, which runs the same WorkItems on a cluster.
"""
from __future__ import annotations

import hashlib
import random
import re
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from fuzz.errors import UsageError
from mutate import generate as gen
from mutate.coverage_map import CoverageMap, record
from mutate.execute import TestCase, WorkItem, execute
from mutate.generate import Mutant
from mutate.killsuite import KillTest, smoke_names, suite_version
from mutate.operators import OPERATORS
from mutate.store import Result, Store

_HERE = Path(__file__).resolve().parent
OPS_VERSION = hashlib.sha256((_HERE / "operators.py").read_bytes() + (_HERE / "generate.py").read_bytes()).hexdigest()[:12]


@dataclass
class Plan:
    root: str
    sut: str
    mutants: list[Mutant]
    equivalent: int
    invalid: int
    in_scope: int
    gen_s: float = 0.0


def plan(store: Store, root: str, paths=gen.DEFAULT_SCOPE, functions=(), operators=(), log=print) -> Plan:
    """Every in-scope mutant (generation cached per file content in the store), then --function/--operator filters."""
    unknown = [o for o in operators if o not in OPERATORS]
    if unknown:
        raise UsageError(f"unknown operator {unknown[0]!r} (known: {', '.join(OPERATORS)})")
    t0 = time.monotonic()
    mutants, eq, inv = [], 0, 0
    for rel in gen.scope_files(root, paths):
        path = Path(root) / rel
        fh = hashlib.sha256(rel.encode() + b"\0" + path.read_bytes()).hexdigest()[:16]
        cached = store.generated(fh, OPS_VERSION)
        if cached is None:
            g = gen.Generated()
            gen.file_mutants(path, rel, gen.TABLE, (), g)
            cached = {"mutants": [m.to_json() for m in g.mutants], "equivalent": g.equivalent, "invalid": g.invalid}
            store.put_generated(fh, OPS_VERSION, cached)
        mutants += [Mutant.from_json(d) for d in cached["mutants"]]
        eq, inv = eq + cached["equivalent"], inv + cached["invalid"]
    total = len(mutants)
    if operators:
        mutants = [m for m in mutants if m.operator in operators]
    if functions:
        import fnmatch
        mutants = [m for m in mutants if any(fnmatch.fnmatch(m.func, f) for f in functions)]
    return Plan(root, gen.source_hash(root), mutants, eq, inv, total, time.monotonic() - t0)


def parse_shard(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)/(\d+)", text or "")
    if not m:
        raise UsageError(f"--shard {text!r}: expected K/N, e.g. 1/4")
    k, n = int(m.group(1)), int(m.group(2))
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}: K must be between 1 and N")
    return k, n


def shard(mutants: list[Mutant], k: int, n: int) -> list[Mutant]:
    """Deterministic: by mutant id, so every CI job agrees on the split without talking to the others."""
    return [m for m in mutants if int(m.id, 16) % n == k - 1]


def sample(mutants: list[Mutant], count: int, seed: int) -> list[Mutant]:
    ordered = sorted(mutants, key=lambda m: m.id)
    return random.Random(seed).sample(ordered, min(count, len(ordered)))


def changed_lines(checkout: str, rev: str) -> dict[str, set[int]]:
    """Lines of tinygrad/ changed since REV in a git checkout (new-side line numbers), by package-relative path."""
    try:
        out = subprocess.run(["git", "-C", checkout, "diff", "-U0", rev, "--", "tinygrad"], capture_output=True,
                             text=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        err = getattr(e, "stderr", "") or str(e)
        raise UsageError(f"--since {rev!r}: git diff failed in {checkout!r}: {err.strip().splitlines()[-1:]}") from None
    changed: dict[str, set[int]] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            name = line[4:].strip()
            current = name[len("b/tinygrad/"):] if name.startswith("b/tinygrad/") else None
        elif line.startswith("@@") and current:
            m = re.search(r"\+(\d+)(?:,(\d+))?", line)
            start, count = int(m.group(1)), int(m.group(2) or 1)
            changed.setdefault(current, set()).update(range(start, start + max(count, 1)))
    return changed


def since(mutants: list[Mutant], lines: dict[str, set[int]]) -> list[Mutant]:
    return [m for m in mutants if lines.get(m.path, set()) & set(range(m.line, m.end_line + 1))]


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    skipped: int = 0            # already in the store
    wall_s: float = 0.0
    setup_s: float = 0.0        # coverage recording (0 when cached)
    select_s: float = 0.0


def label(name: str, backend: str) -> str:
    """A kill test on a backend: the plain name on CPU, name@BACKEND elsewhere."""
    return name if backend == "CPU" else f"{name}@{backend}"


def backends_of(backend: str | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(b.strip() for b in backend.split(",") if b.strip()) if isinstance(backend, str) else tuple(backend)


# What a kill test is judged by (execute.py): bumped when the oracles change, so results and the pristine record
# (coverage, answers, agreeing variants) of another judging are not mixed with this one's. 2: every oracle vs
# pristine tinygrad's answers, metamorphic variants included (issue 18). 3: Winograd and shard plans among the
# variants, which run on mutate/execute.py VARIANT_BACKENDS only.
KILL_ORACLES = "k3"


def results_key(tests: list[KillTest], backend: str | tuple[str, ...] = "CPU", speed: bool = True,
                variant_tests: int = 8, secondary: int = 0) -> str:
    """The suite version results are filed under: the tests, the backends they run on, and the oracles."""
    bs = backends_of(backend)
    return (suite_version(tests) + ("" if bs == ("CPU",) else ":on=" + ",".join(bs)) + ("" if speed else ":nospeed")
            + f":{KILL_ORACLES}" + (f":variants={variant_tests}" if variant_tests != 8 else "")
            + (f":secondary={secondary}" if secondary and len(bs) > 1 else ""))


def coverage_key(tests: list[KillTest], backend: str) -> str:
    """What a pristine record (coverage, answers, agreeing variants) of the tests on one backend is filed under."""
    return f"{suite_version(tests)}:{KILL_ORACLES}:{backend}"


def test_key(test: KillTest, backend: str) -> str:
    """One test's pristine record on one backend: a suite that grows (harden adds programs) records only the new."""
    return f"test:{test.name}:{test.program.content_hash}:{KILL_ORACLES}:{backend}"


def coverage_for(store: Store, p: Plan, tests: list[KillTest], backend: str | tuple[str, ...], jobs: int,
                 log=print, secondary: int = 0) -> CoverageMap:
    """Coverage of every test on every backend (each recorded once and cached), as one map of labelled tests.

    `secondary` > 0: backends after the first run only that many tests, those that reach most of tinygrad on the
    first (`reaching_most`). Recording a suite of real programs costs minutes per backend and test set (about 11 s
    a test on 2 cores for the CPU backend, with its variants), and most of a program's reach (schedule, codegen,
    rewrites) is the same on every backend: what differs, the renderer, is exercised by the variety of ops."""
    merged: dict = {"tests": {}, "import_s": 0.0, "dropped": {}}
    first = None
    for b in backends_of(backend):
        these = tests if first is None or not secondary else reaching_most(first, tests, secondary)
        data = store.coverage(p.sut, coverage_key(these, b))
        if data is None or RECORD_AGAIN in data["dropped"].values():     # _record_missing says why
            data = _record_missing(store, p, these, b, jobs, log)
            store.put_coverage(p.sut, coverage_key(these, b), data)
        first = first or data
        merged["tests"].update({label(n, b): dict(t, backend=b) for n, t in data["tests"].items()})
        merged["dropped"].update({label(n, b): why for n, why in data["dropped"].items()})
        merged["import_s"] = max(merged["import_s"], data["import_s"])
    return CoverageMap(merged)


def by_reach(data: dict, names: list[str]) -> tuple[list[str], list[str]]:
    """(tests in greedy order of the tinygrad lines each reaches in a backend's record that no test before it
    reaches (ties: the faster), the rest fastest first: they reach nothing new). Tests the record dropped are left
    out."""
    recorded = data["tests"]
    reach = {n: {(f, line) for f, lines in recorded[n].get("lines", {}).items() for line in lines}
             for n in names if n in recorded}
    chosen: list[str] = []
    seen: set = set()
    while reach:
        name = max(reach, key=lambda k: (len(reach[k] - seen), -recorded[k]["seconds"], k))
        if not reach[name] - seen and chosen:
            break                       # the rest reach nothing new
        chosen.append(name)
        seen |= reach.pop(name)
    return chosen, sorted(reach, key=lambda k: (recorded[k]["seconds"], k))


def reaching_most(data: dict, tests: list[KillTest], n: int) -> list[KillTest]:
    """At most n tests, the first of `by_reach`'s greedy order; returned in the suite's order."""
    keep = set(by_reach(data, [t.name for t in tests])[0][:n])
    return [t for t in tests if t.name in keep]


RECORD_CHUNK = 32       # kill tests recorded, then stored, at a time
RECORD_AGAIN = "unsupported"    # a stored drop that says what the machine lacked, not what the test is


def _record_missing(store: Store, p: Plan, tests: list[KillTest], backend: str, jobs: int, log) -> dict:
    """The suite's record on one backend from each test's own (cached), recording only the tests without one.

    A test dropped as unsupported is recorded again: that says what this machine lacked (a store from before
    require_running held 46 of 55 CUDA and PTX tests so, their libraries not found), not what the test is."""
    own = {t.name: store.coverage(p.sut, test_key(t, backend)) for t in tests}
    missing = [t for t in tests if own[t.name] is None or own[t.name]["dropped"] == RECORD_AGAIN]
    if missing:
        log(f"recording coverage and pristine answers of {len(missing)} of {len(tests)} kill tests on {backend} "
            f"(once per tinygrad source and test)...")
        for k in range(0, len(missing), RECORD_CHUNK):    # stored chunk by chunk: an interrupted record keeps them
            chunk = missing[k:k + RECORD_CHUNK]
            data = record(p.root, chunk, gen.scope_files(p.root), backend=backend, jobs=jobs, log=log)
            for t in chunk:
                own[t.name] = {"test": data["tests"].get(t.name), "dropped": data["dropped"].get(t.name),
                               "import_s": data["import_s"]}
                store.put_coverage(p.sut, test_key(t, backend), own[t.name])
    return {"tests": {n: r["test"] for n, r in own.items() if r["test"] is not None},
            "dropped": {n: r["dropped"] for n, r in own.items() if r["test"] is None},
            "import_s": max((r["import_s"] for r in own.values()), default=0.0)}


def execute_all(store: Store, p: Plan, mutants: list[Mutant], tests: list[KillTest], *,
                backend: str | tuple[str, ...] = "CPU",
                jobs: int = 2, speed: bool = True, dask: str | None = None, max_tests: int = 0, log=print,
                progress=None, variant_tests: int = 8, killers: dict[str, int] | None = None,
                secondary: int = 0) -> Summary:
    """Run every mutant not yet in the store for this tinygrad and suite; results stored as they finish. `killers`
    (the suite's committed kill record, killsuite.load_killers) orders covering tests with the store's own kills."""
    t_start = time.monotonic()
    summary = Summary()
    suite = results_key(tests, backend, speed, variant_tests, secondary)
    t0 = time.monotonic()
    cov = coverage_for(store, p, tests, backend, jobs, log, secondary)
    summary.setup_s = time.monotonic() - t0
    t0 = time.monotonic()
    done = store.done(p.sut, suite)
    kills = Counter(killers or {}) | Counter(store.kills_by_test(p.sut, suite))     # the larger of the two
    by_name = {label(t.name, b): t for b in backends_of(backend) for t in tests}
    smoke = {label(n, b) for b in backends_of(backend) for n in smoke_names(tests)}
    items = []
    for m in mutants:
        if m.id in done:
            summary.skipped += 1
            continue
        names = [n for n in cov.select(m, kills, smoke) if n in by_name][:max_tests or None]
        if not names:
            r = Result(m.id, m.path, m.operator, m.line, m.func, "no_coverage")
            store.put(p.sut, suite, r)
            summary.results.append(r)
            continue
        cases = tuple(TestCase(n, by_name[n].program.to_json(), cov.answers(n), cov.timeout(n),
                               cov.data["tests"][n].get("counters"), cov.data["tests"][n]["backend"], cov.variants(n))
                      for n in names)
        items.append(WorkItem(p.root, m, cases, backend=cases[0].backend, import_timeout=cov.import_timeout(),
                              speed=speed, variant_tests=variant_tests))
    summary.select_s = time.monotonic() - t0

    def finish(r: Result):
        store.put(p.sut, suite, r)
        summary.results.append(r)
        if progress:
            progress(r, len(summary.results), len(items))

    if dask:
        _run_dask(dask, items, finish)
    else:
        with ThreadPoolExecutor(max(1, jobs)) as ex:
            futures = [ex.submit(_execute_result, it) for it in items]
            try:
                for f in as_completed(futures):
                    finish(f.result())
            except KeyboardInterrupt:
                for f in futures:
                    f.cancel()
                raise
    summary.wall_s = time.monotonic() - t_start
    return summary


def _execute_result(item: WorkItem) -> Result:
    """One mutant's result; an exception in the engine itself is that mutant's `error` (retried by the next run), so
    it never ends the run (an Invalid from a stale kill test took one down after 94 mutants, 2026-12-06)."""
    try:
        return execute(item)[0]
    except Exception as e:
        m = item.mutant
        return Result(m.id, m.path, m.operator, m.line, m.func, "error", detail=f"the engine raised {type(e).__name__}: "
                      f"{str(e)[:200]}") if m else Result("pristine", "", "", 0, "", "error", detail=str(e)[:200])


def _run_dask(address, items: list[WorkItem], finish) -> None:
    """The same work items on a Dask cluster: `address` is a scheduler address or a dask Client."""
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'dask[distributed]'") from None
    client = address if not isinstance(address, str) else Client(address)
    try:
        futures = client.map(_execute_result, items, pure=False)
        for f in dask_completed(futures):
            finish(f.result())
    finally:
        if isinstance(address, str):
            client.close()


def score(rows) -> dict:
    """Counts by status and the mutation score: killed over all judged (no coverage counts as survived)."""
    counts = {s: 0 for s in ("killed", "survived", "no_coverage", "error")}
    for r in rows:
        counts[r["status"] if isinstance(r, dict) else r.status] += 1
    judged = counts["killed"] + counts["survived"] + counts["no_coverage"]
    covered = counts["killed"] + counts["survived"]
    return counts | {"score": counts["killed"] / judged if judged else 0.0,
                     "covered_score": counts["killed"] / covered if covered else 0.0}
