"""The corpus's tinygrad bugs for the report: buckets from corpus/crashes/*/meta.json, statuses from
corpus/known_bugs.json, and which of them are new or fixed since last week.

The corpus is written by another stage and may be absent, partial or mid-change: a missing file means no
bugs, and a file that cannot be read becomes a warning shown in the report, never a failed report.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path

from reports.model import Bug

FIXED = {"fixed", "closed", "xpass"}


@dataclass(frozen=True)
class Bugs:
    """All buckets now, and the changes since the previous week's history line."""
    all: tuple[Bug, ...]
    new: tuple[Bug, ...]
    fixed: tuple[Bug, ...]
    warnings: tuple[str, ...]

    @property
    def open_buckets(self) -> list[str]:
        return sorted(b.bucket for b in self.all if b.status not in FIXED)

    @property
    def fixed_buckets(self) -> list[str]:
        return sorted(b.bucket for b in self.all if b.status in FIXED)


def _load(path: Path, warnings: list[str]):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        warnings.append(f"skipped {path}: {e.__class__.__name__}: {e}")
        return None


def _first(d: dict, *keys, default=""):
    for k in keys:
        if d.get(k) not in (None, ""):
            return d[k]
    return default


def _crash(meta: dict, bucket: str) -> Bug:
    verdict = meta.get("verdict", {})
    if isinstance(verdict, dict):
        kind = str(verdict.get("kind", ""))
        where = f" at {verdict['frame']}" if verdict.get("frame") else ""
        summary = str(_first(verdict, "detail", "message", "exc_type")) + where
        backend = str(_first(meta, "backend", default=verdict.get("backend", "")))
    else:
        kind, summary, backend = str(verdict), "", str(meta.get("backend", ""))
    return Bug(bucket=str(meta.get("bucket", bucket)), kind=kind or str(meta.get("kind", "")),
               summary=str(_first(meta, "summary", "title", default=summary)),
               first_seen=str(meta.get("first_seen", "")), last_seen=str(meta.get("last_seen", "")),
               hits=int(_first(meta, "hits", "hit_count", "count", default=0) or 0), backend=backend)


def _known(data, warnings: list[str], path: Path) -> dict[str, dict]:
    """known_bugs.json as {bucket: entry}, whether it is a list of entries, {"bugs": [...]} or {bucket: entry}."""
    if isinstance(data, dict) and isinstance(data.get("bugs"), (list, dict)):
        data = data["bugs"]
    if isinstance(data, dict):
        return {str(k): v for k, v in data.items() if isinstance(v, dict)}
    if isinstance(data, list):
        return {str(e["bucket"]): e for e in data if isinstance(e, dict) and e.get("bucket")}
    if data is not None:
        warnings.append(f"skipped {path}: expected a list or an object of known bugs")
    return {}


def read(corpus: Path) -> tuple[list[Bug], list[str]]:
    """Every bucket in the corpus with its registry status; warnings for what could not be read."""
    warnings: list[str] = []
    bugs: dict[str, Bug] = {}
    for meta_path in sorted(corpus.glob("crashes/*/meta.json")):
        meta = _load(meta_path, warnings)
        if isinstance(meta, dict):
            bug = _crash(meta, meta_path.parent.name)
            bugs[bug.bucket] = bug
        elif meta is not None:
            warnings.append(f"skipped {meta_path}: expected a JSON object")
    known_path = corpus / "known_bugs.json"
    known = _known(_load(known_path, warnings), warnings, known_path) if known_path.exists() else {}
    for bucket, entry in known.items():
        status = str(entry.get("status", "open")).lower()
        fixed_in = str(_first(entry, "fixed_in", "fixed", default=""))
        if fixed_in and status == "open":
            status = "fixed"
        bug = bugs.get(bucket, Bug(bucket=bucket, kind=str(entry.get("kind", ""))))
        bugs[bucket] = replace(bug, status=status, fixed_in=fixed_in,
                               summary=str(_first(entry, "title", "summary", default=bug.summary)))
    return sorted(bugs.values(), key=lambda b: b.bucket), warnings


def _in_week(when: str, week_start: dt.date, week_end: dt.date) -> bool:
    try:
        day = dt.date.fromisoformat(when[:10])
    except ValueError:
        return True                  # a bucket with no readable date is news until a history line knows it
    return week_start <= day <= week_end


def since(corpus: Path, previous: dict | None, week_start: dt.date, week_end: dt.date) -> Bugs:
    """Bugs new and fixed since the previous history line (or, with none, first seen this week)."""
    bugs, warnings = read(corpus)
    if previous is None:
        new = [b for b in bugs if b.status not in FIXED and _in_week(b.first_seen, week_start, week_end)]
        fixed = [b for b in bugs if b.status in FIXED]
    else:
        seen = set(previous.get("open_buckets", [])) | set(previous.get("fixed_buckets", []))
        was_fixed = set(previous.get("fixed_buckets", []))
        new = [b for b in bugs if b.status not in FIXED and b.bucket not in seen]
        fixed = [b for b in bugs if b.status in FIXED and b.bucket not in was_fixed]
    return Bugs(tuple(bugs), tuple(new), tuple(fixed), tuple(warnings))
