"""Read the mutation results store (mutate/store.py) into the report's records.

This is the one module in reports/ that knows the store's schema: its status and oracle names, the
`generated` table that keeps each mutant's edit (for diffs), and the coverage record (for how hot a line is).
When the store changes, only this file does.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import sqlite3
from pathlib import Path

from fuzz.errors import UsageError
from mutate.coverage_map import CoverageMap
from mutate.generate import Mutant, source_hash
from mutate.killsuite import load_suite, smoke_names
from mutate.store import Store
from reports.model import KILLERS, MutantResult, RunInfo
from reports.source import Sources, installed_root

STATUS = {"killed": "killed", "survived": "survived", "no_coverage": "no-coverage", "error": "error"}
ORACLE = {                     # the store's oracle -> the report's killed-by column
    **{k: k for k in KILLERS},
    "died": "crash",                            # a signal or out-of-memory is a crash the worker survived
}


def _source_hash(sources: Sources) -> str:
    root = sources.root
    return source_hash(root / "tinygrad") if root is not None and (root / "tinygrad").is_dir() else ""


def _latest(store: Store, sut: str) -> tuple[str, str]:
    """The (source hash, suite version) this report is about: the newest results for the tinygrad whose
    source we read, or, when the store has none for it, the newest results of all."""
    row = None
    if sut:
        row = store.db.execute("SELECT sut, suite FROM results WHERE sut=? ORDER BY at DESC LIMIT 1", (sut,)).fetchone()
    row = row or store.db.execute("SELECT sut, suite FROM results ORDER BY at DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else ("", "")


def _mutants(store: Store, ids: set[str]) -> tuple[dict[str, Mutant], int]:
    """The generated mutants of these ids (each file's list is cached per file content), and how many
    equivalent mutants generation dropped in the files they come from."""
    out: dict[str, Mutant] = {}
    equivalent = 0
    for (data,) in store.db.execute("SELECT data FROM generated"):
        cached = json.loads(data)
        rows = cached.get("mutants", []) if isinstance(cached, dict) else cached
        mine = [Mutant.from_json(d) for d in rows if d.get("id") in ids]
        out.update((m.id, m) for m in mine)
        if mine and isinstance(cached, dict):
            equivalent += int(cached.get("equivalent", 0))
    return out, equivalent


def _coverage(store: Store, sut: str, suite: str) -> CoverageMap | None:
    """Coverage is kept per backend ("<suite>:<backend>"); results per suite, ":nospeed" for runs without the
    speed oracle. Which tests run which lines does not depend on the oracles, so any backend's record of the
    same suite serves to say how hot a line is."""
    base = suite.split(":")[0]
    row = store.db.execute("SELECT data FROM coverage WHERE sut=? AND (suite=? OR suite LIKE ?) ORDER BY suite",
                           (sut, base, base + ":%")).fetchone()
    data = json.loads(row[0]) if row else None
    return CoverageMap(data) if data and data.get("tests") else None


def _diff(m: Mutant | None, sources: Sources, file: str) -> tuple[str, int]:
    """(unified diff, 1-based column) from the mutant's edit; a span diff when the source on disk differs."""
    if m is None:
        return "", 1
    text = sources.text(file)
    if text[m.start:m.end] == m.old:
        return m.diff(text), m.start - text.rfind("\n", 0, m.start)
    minus = "".join(f"-{ln}\n" for ln in m.old.splitlines() or [""])
    plus = "".join(f"+{ln}\n" for ln in m.new.splitlines() or [""])
    return f"--- a/{file}\n+++ b/{file}\n@@ -{m.line} +{m.line} @@ (the source on disk differs)\n{minus}{plus}", 1


def _busy(rows: list[dict]) -> tuple[float, int]:
    """(wall seconds the run was busy, most mutants in flight at once) from each result's end time and length.

    The union of [end - seconds, end] leaves out the gaps between an interrupted run and its resumption.
    """
    spans = sorted((r["at"] - (r["seconds"] or 0.0), r["at"]) for r in rows if r.get("at"))
    busy, cur_lo, cur_hi = 0.0, None, None
    for lo, hi in spans:
        if cur_hi is None or lo > cur_hi:
            busy += (cur_hi - cur_lo) if cur_hi is not None else 0.0
            cur_lo, cur_hi = lo, hi
        else:
            cur_hi = max(cur_hi, hi)
    busy += (cur_hi - cur_lo) if cur_hi is not None else 0.0
    events = sorted([(lo, 1) for lo, _ in spans] + [(hi, -1) for _, hi in spans])
    depth = peak = 0
    for _, step in events:
        depth += step
        peak = max(peak, depth)
    return busy, peak


def _iso(t: float | None) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat(timespec="seconds") if t else ""


def _tinygrad_version(sut: str, read_sut: str, sources: Sources) -> str:
    """The installed tinygrad's version when the store's source hash is that of the sources we read."""
    if not read_sut:
        return ""
    if read_sut != sut:
        return f"unknown (source {sut[:12]} is not the tinygrad read for source lines)"
    if sources.root != installed_root():
        return f"checkout {sources.root}"
    try:
        return importlib.metadata.version("tinygrad")
    except importlib.metadata.PackageNotFoundError:
        return "installed, version unknown"


def load(path: Path, sources: Sources) -> tuple[RunInfo, list[MutantResult]]:
    """The newest run in the store (its source hash and suite version) and every mutant result of it."""
    if not path.is_file():
        raise UsageError(f"--store {str(path)!r}: no mutation results store there; `python -m mutate run` makes one")
    try:
        store = Store(path)
        read_sut = _source_hash(sources)
        sut, suite = _latest(store, read_sut)
        rows = store.results(sut, suite) if sut else []
        edits, equivalent = _mutants(store, {r["mutant"] for r in rows})
        coverage = _coverage(store, sut, suite) if sut else None
    except sqlite3.DatabaseError as e:
        raise UsageError(f"--store {str(path)!r}: not a mutation results store ({e})") from None
    smoke = set(smoke_names(load_suite()))
    out = []
    for r in rows:
        file = f"tinygrad/{r['path']}"
        m = edits.get(r["mutant"])
        diff, column = _diff(m, sources, file)
        status = STATUS.get(r["status"], "error")
        killer = ORACLE.get(r["oracle"] or "", "value") if status == "killed" else ""
        if killer == "hang":
            status = "timeout"                      # Stryker's Timeout: detected, by the clock
        hits = len(coverage.covering(m)) if coverage is not None and m is not None else int(r["tests_run"] or 0)
        out.append(MutantResult(id=r["mutant"], file=file, line=int(r["line"] or 1), operator=r["operator"],
                                diff=diff, status=status, killed_by=killer, test=r["test"] or "",
                                seconds=float(r["seconds"] or 0.0), column=max(1, column), hits=hits,
                                description=_describe(m, r),
                                trivial=status == "killed" and (r["test"] == "<import>"
                                                                 or (r["test"] or "").split("@")[0] in smoke)))
    busy, peak = _busy(rows)
    ats = [r["at"] for r in rows if r.get("at")]
    run = RunInfo(tinygrad_version=_tinygrad_version(sut, read_sut, sources), source_hash=sut, suite_version=suite,
                  started=_iso(min(ats) if ats else None), finished=_iso(max(ats) if ats else None),
                  wall_seconds=busy, cpu_seconds=sum(float(r["seconds"] or 0.0) for r in rows), workers=peak,
                  dropped_equivalent=equivalent)
    store.close()
    return run, out


def _describe(m: Mutant | None, r: dict) -> str:
    """A sentence: the edit, the function, and for a kill or an error what the store says happened."""
    parts = []
    if m is not None:
        old, new = " ".join(m.old.split())[:80], " ".join(m.new.split())[:80]
        parts.append(f"deleted `{old}`" if not new else f"`{old}` → `{new}`")
    if r.get("func"):
        parts.append(f"in {r['func']}")
    text = " ".join(parts)
    if r.get("detail") and r["status"] in ("killed", "error"):
        text += f"; {r['detail'][:160]}"
    return text
