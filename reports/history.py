"""reports/history.jsonl: one line per weekly run, appended and never rewritten; the trend is read from it.

Policy for a week that already has a line: re-running the report with the same results appends nothing
(the run is idempotent); a re-run whose results differ (a resumed mutation run finished more mutants, a
fixed store) appends a new line for the same week, and readers take the last line of each week. No line
is ever changed or removed, so the file is an audit trail and a `git diff` of it only ever adds lines.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from fuzz.errors import UsageError

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
VOLATILE = ("generated",)          # keys that differ between two runs over the same results


def parse_week(text: str) -> str:
    """Check an ISO week 'YYYY-Www' (one that exists in that year) and return it."""
    m = WEEK.match(text)
    if m:
        year, week = int(m.group(1)), int(m.group(2))
        try:
            dt.date.fromisocalendar(year, week, 1)
            return text
        except ValueError:
            pass
    raise UsageError(f"--week {text!r}: expected an ISO week like '2026-W07' that exists in its year")


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_end(week: str) -> dt.date:
    """The Sunday that ends an ISO week."""
    return dt.date.fromisocalendar(int(week[:4]), int(week[6:]), 7)


def read(path: Path) -> list[dict]:
    """Every line of the history, in file order; a malformed line is an error naming it, never skipped."""
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{n}: not a JSON line ({e.msg}); history lines are never edited by hand") from None
        if not isinstance(entry, dict) or not WEEK.match(str(entry.get("week", ""))):
            raise UsageError(f"{path}:{n}: a history line needs a 'week' like '2026-W07'")
        out.append(entry)
    return out


def by_week(entries: list[dict]) -> dict[str, dict]:
    """The last line of each week, weeks in order."""
    last: dict[str, dict] = {}
    for e in entries:
        last[e["week"]] = e
    return dict(sorted(last.items()))


def _same(a: dict, b: dict) -> bool:
    strip = lambda d: {k: v for k, v in d.items() if k not in VOLATILE}
    return strip(a) == strip(b)


def append(path: Path, entry: dict) -> bool:
    """Append `entry` unless the last line for its week holds the same results; True when a line was added."""
    previous = by_week(read(path)).get(entry["week"])
    if previous is not None and _same(previous, entry):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    needs_newline = path.exists() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with path.open("a", encoding="utf-8") as f:     # append mode: the lines already there are never touched
        f.write(("\n" if needs_newline else "") + json.dumps(entry, sort_keys=True) + "\n")
    return True


def trend(entries: list[dict], upto: str) -> list[dict]:
    """The weekly points up to and including week `upto`, oldest first."""
    return [e for w, e in by_week(entries).items() if w <= upto]


def previous(entries: list[dict], week: str) -> dict | None:
    """The last line of the latest week before `week`: what 'since last week' compares against."""
    earlier = [e for w, e in by_week(entries).items() if w < week]
    return earlier[-1] if earlier else None
