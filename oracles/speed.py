"""The speed oracle: tinygrad's counters for a subject (a Program, a model) against a stored baseline -> `slow` or pass.

Counters are deterministic (see oracles/speed_eval.py), so a threshold is not noise allowance but a statement of
what change matters: one more kernel, image read or gated image read is always slow; ops, memory traffic and
UOps may grow a little (a harmless rewrite moves them) before it counts. Any decrease is an improvement: it is
reported, never written back silently; `python -m fuzz baseline --update` refreshes the stored numbers.

Baselines live in corpus/baselines/tinygrad-<version>.json, one entry per subject content hash and run settings
(backend, opt level, tinygrad env); plants and the tinygrad path are not part of the key, so a mutant is judged
against pristine tinygrad's numbers.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from fuzz.errors import UsageError
from oracles.config import RunConfig
from oracles.verdict import Verdict, VerdictKind

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "corpus" / "baselines"

# counter -> (relative slack, absolute slack): worse than baseline + max(rel * baseline, abs) is slow
THRESHOLDS: dict[str, tuple[float, int]] = {
    "kernels": (0.0, 0),
    "image_reads": (0.0, 0),
    "gated_image_reads": (0.0, 0),        # comma's model gates on these exactly: each one is a slower texture read
    "ops": (0.01, 0),
    "mem": (0.01, 0),
    "uops": (0.05, 4),                     # rewrites reshuffle a few UOps without costing anything
}


@dataclass(frozen=True)
class Comparison:
    worse: dict = field(default_factory=dict)     # name -> [baseline, current], beyond its threshold
    better: dict = field(default_factory=dict)    # name -> [baseline, current], any decrease

    @property
    def slow(self) -> bool:
        return bool(self.worse)


def compare_counters(current: dict, baseline: dict) -> Comparison:
    """Counters present in both; a counter the baseline lacks is neither worse nor better."""
    worse, better = {}, {}
    for name, (rel, abs_) in THRESHOLDS.items():
        if name not in current or name not in baseline:
            continue
        cur, base = int(current[name]), int(baseline[name])
        if cur > base + max(rel * base, abs_):
            worse[name] = [base, cur]
        elif cur < base:
            better[name] = [base, cur]
    return Comparison(worse, better)


def describe(changes: dict) -> str:
    return ", ".join(f"{name} {b} -> {c} ({c - b:+d})" for name, (b, c) in changes.items())


def speed_verdict(current: dict, baseline: dict | None, *, ops: tuple = (), backend: str = "") -> Verdict:
    """`slow` with the numbers when a counter is worse; `pass` otherwise, improvements in numbers["better"]."""
    base = dict(oracle="speed", ops=tuple(ops), backend=backend)
    if baseline is None:
        return Verdict(VerdictKind.PASS, detail="no baseline recorded", numbers={"counters": current, "baseline": None}, **base)
    cmp = compare_counters(current, baseline)
    numbers = {"counters": current, "baseline": baseline, "worse": cmp.worse, "better": cmp.better}
    if cmp.slow:
        detail = "slower than baseline: " + describe(cmp.worse) + (f"; better: {describe(cmp.better)}" if cmp.better else "")
        return Verdict(VerdictKind.SLOW, detail=detail, numbers=numbers, **base)
    detail = f"improved, refresh with `python -m fuzz baseline --update`: {describe(cmp.better)}" if cmp.better else ""
    return Verdict(VerdictKind.PASS, detail=detail, numbers=numbers, **base)


def baseline_key(content_hash: str, config: RunConfig) -> str:
    """What a baseline is filed under: the subject and every setting that changes the counters."""
    return f"{content_hash} {config.label()}"


class Baselines:
    """One JSON file per tinygrad version; entries keyed by baseline_key. Writes are atomic."""

    def __init__(self, version: str, directory: str | os.PathLike = DEFAULT_DIR):
        self.version = version
        self.path = Path(directory) / f"tinygrad-{version}.json"
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text())
                self.entries = {str(k): dict(v) for k, v in data["entries"].items()}
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise UsageError(f"{self.path}: not a baseline file ({e})") from None

    def get(self, content_hash: str, config: RunConfig) -> dict | None:
        entry = self.entries.get(baseline_key(content_hash, config))
        return dict(entry["counters"]) if entry else None

    def put(self, content_hash: str, config: RunConfig, counters: dict, what: str = "") -> None:
        self.entries[baseline_key(content_hash, config)] = {"counters": dict(counters), "what": what}

    def save(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": self.version, "entries": self.entries}, indent=1, sort_keys=True) + "\n"
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(text)
        os.replace(tmp, self.path)
        return self.path


def installed_version() -> str:
    """tinygrad's version as installed, read without importing it (the parent never imports tinygrad)."""
    import importlib.metadata
    try:
        return importlib.metadata.version("tinygrad")
    except importlib.metadata.PackageNotFoundError:
        return "checkout"


def measure(program, config: RunConfig, pool=None, realize_each: bool = False):
    """Run oracles.speed_eval in the config's worker; an Outcome whose value has "counters" and "version"."""
    from oracles.worker import pool as default_pool
    return (pool or default_pool()).call(config, "oracles.speed_eval:run_request", program=program.to_json(),
                                         realize_each=realize_each)


def judge_speed(program, config: RunConfig, baselines: Baselines, pool=None) -> Verdict:
    """The speed verdict of a Program: crash/hang/died as the value oracle would say, else counters vs baseline."""
    outcome = measure(program, config, pool)
    if outcome.status != "ok":
        from oracles.judge import verdict_of
        return verdict_of(program, config, outcome, expected={})
    return speed_verdict(outcome.value["counters"], baselines.get(program.content_hash, config),
                         ops=tuple(program.ops()), backend=config.label())
