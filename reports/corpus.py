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

from corpus import known
from fuzz.errors import UsageError
from reports.model import Bug

FIXED = {"fixed"}


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


def _crash(meta: dict, bucket: str) -> Bug:
    """A bucket from its meta.json (corpus/store.py's format; a key it lacks reads as empty)."""
    verdict = meta.get("verdict") if isinstance(meta.get("verdict"), dict) else {}
    where = f" at {verdict['frame']}" if verdict.get("frame") else ""
    return Bug(bucket=str(meta.get("bucket") or bucket), kind=str(meta.get("kind") or verdict.get("kind", "")),
               summary=str(verdict.get("detail") or verdict.get("message") or "") + where,
               first_seen=str(meta.get("first_seen", "")), last_seen=str(meta.get("last_seen", "")),
               hits=int(meta.get("hits") or 0), backend=str(meta.get("backend") or verdict.get("backend", "")))


def _registry(corpus: Path, warnings: list[str]) -> list:
    """The known-bug registry's rows (corpus/known.py owns its format); unreadable, it is a warning."""
    try:
        return list(known.load(corpus / "known_bugs.json").rows)
    except UsageError as e:
        warnings.append(f"skipped the known-bug registry: {e}")
        return []


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
    for row in _registry(corpus, warnings):
        fixed_in = row.status.split(" ", 1)[1] if row.status.startswith("fixed-in ") else ""
        bug = bugs.get(row.bucket, Bug(bucket=row.bucket, kind=row.kind, first_seen=row.found,
                                       backend=", ".join(row.backends)))
        bugs[row.bucket] = replace(bug, status="fixed" if fixed_in else row.status, fixed_in=fixed_in,
                                   known_id=row.id, summary=row.title or bug.summary)
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
