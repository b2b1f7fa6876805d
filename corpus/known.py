"""The known-bug registry (corpus/known_bugs.json): which buckets are tinygrad bugs, open or fixed, and BUGS.md.

A row: {"id": "KB-0001", "bucket": "3fa9c2...", "title": ..., "status": "open" | "fixed-in 0.15.0",
"backends": ["CPU", ...], "kind": "wrong result" | "crash" | "slowdown", "explanation": ..., "repro": path,
"found": "2026-11-27"}. An open bug's bucket failing again is expected (xfail); one that passes is XPASS.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from fuzz.errors import UsageError, did_you_mean

DEFAULT_PATH = Path(__file__).resolve().parent / "known_bugs.json"
KINDS = ("wrong result", "crash", "slowdown")
_STATUS = re.compile(r"^(open|fixed-in \S+)$")
_ID = re.compile(r"^KB-\d{4}$")
FIELDS = ("id", "bucket", "title", "status", "backends", "kind", "explanation", "repro", "found", "match")
# `match` recognizes the bug in programs nobody minimized yet (a fuzz test's raw failure): every key given must hold.
# verdict: the verdict kind; oracle: Verdict.oracle; ops: ops that must all appear (any_ops: one of them); text: a regex in the
# verdict's detail and message. Exact buckets need no `match`.
MATCH_KEYS = ("verdict", "oracle", "ops", "any_ops", "text")   # any_ops: at least one of them appears


@dataclass(frozen=True)
class KnownBug:
    id: str
    bucket: str
    title: str
    status: str
    backends: tuple[str, ...]
    kind: str
    explanation: str = ""
    repro: str = ""
    found: str = ""
    match: dict | None = None

    @property
    def open(self) -> bool:
        return self.status == "open"

    def shows_on(self, backend: str) -> bool:
        return not self.backends or backend in self.backends

    def matches(self, verdict) -> bool:
        """Does an unminimized failure look like this bug? (Exact bucket equality is checked by the registry.)"""
        m = self.match
        if not m or not verdict.failed or not self.shows_on(verdict.backend.split(" ")[0]):
            return False
        return ((not m.get("verdict") or verdict.kind.value == m["verdict"])
                and (not m.get("oracle") or verdict.oracle == m["oracle"])
                and set(m.get("ops", ())) <= set(verdict.ops)
                and (not m.get("any_ops") or bool(set(m["any_ops"]) & set(verdict.ops)))
                and (not m.get("text") or re.search(m["text"], f"{verdict.detail}\n{verdict.message}") is not None))


class Registry:
    def __init__(self, rows: list[KnownBug]):
        self.rows = rows
        self._by_bucket = {r.bucket: r for r in rows}

    def get(self, bucket: str) -> KnownBug | None:
        return self._by_bucket.get(bucket)

    def matching(self, verdict) -> KnownBug | None:
        """The open bug a failure is: by its exact bucket, else by a row's `match` rule."""
        exact = self._by_bucket.get(verdict.bucket)
        if exact is not None:
            return exact
        return next((r for r in self.rows if r.open and r.matches(verdict)), None)

    def __len__(self) -> int:
        return len(self.rows)


def load(path: str | Path = DEFAULT_PATH) -> Registry:
    """The registry, checked row by row; a missing file is an empty registry, a malformed one a UsageError."""
    path = Path(path)
    if not path.exists():
        return Registry([])
    try:
        data = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, list):
        raise UsageError(f"{path}: expected a JSON list of known bugs, found {type(data).__name__}")
    rows, ids, buckets = [], set(), set()
    for i, row in enumerate(data):
        where = f"{path}: row {i}"
        if not isinstance(row, dict):
            raise UsageError(f"{where}: expected an object")
        unknown = set(row) - set(FIELDS)
        if unknown:
            bad = sorted(unknown)[0]
            raise UsageError(f"{where}: unknown field {bad!r}{did_you_mean(bad, FIELDS)}")
        for need in ("id", "bucket", "title", "status", "kind"):
            if not isinstance(row.get(need), str) or not row[need]:
                raise UsageError(f"{where}: field {need!r} must be a non-empty string")
        if not _ID.match(row["id"]):
            raise UsageError(f"{where}: id {row['id']!r} must look like 'KB-0001'")
        if not _STATUS.match(row["status"]):
            raise UsageError(f"{where}: status {row['status']!r} must be 'open' or 'fixed-in VERSION'")
        if row["kind"] not in KINDS:
            raise UsageError(f"{where}: kind {row['kind']!r}{did_you_mean(row['kind'], KINDS)} (known: {', '.join(KINDS)})")
        if row["id"] in ids or row["bucket"] in buckets:
            raise UsageError(f"{where}: id {row['id']!r} or bucket {row['bucket']!r} registered twice")
        ids.add(row["id"])
        buckets.add(row["bucket"])
        backends = row.get("backends", [])
        if not isinstance(backends, list) or not all(isinstance(b, str) for b in backends):
            raise UsageError(f"{where}: backends must be a list of names")
        match = row.get("match")
        if match is not None and (not isinstance(match, dict) or set(match) - set(MATCH_KEYS)):
            raise UsageError(f"{where}: match must be an object with keys among {', '.join(MATCH_KEYS)}")
        if match and match.get("text"):
            try:
                re.compile(match["text"])
            except re.error as e:
                raise UsageError(f"{where}: match.text is not a regular expression ({e})") from None
        rows.append(KnownBug(**{**row, "backends": tuple(backends)}))
    return Registry(rows)


def dump(rows: list[KnownBug]) -> str:
    return json.dumps([{k: v for k, v in (asdict(r) | {"backends": list(r.backends)}).items() if v is not None}
                       for r in rows], indent=1) + "\n"


def render_markdown(registry: Registry, repro_text: dict[str, str] | None = None) -> str:
    """BUGS.md: the registry as a tinygrad developer reads it, newest first, each bug with its repro."""
    repro_text = repro_text or {}
    rows = sorted(registry.rows, key=lambda r: (r.found, r.id), reverse=True)
    lines = ["# tinygrad bugs found by tinyfuzz", "",
             "Generated from corpus/known_bugs.json by `python -m fuzz bugs`; do not edit by hand.", "",
             f"{sum(r.open for r in rows)} open, {sum(not r.open for r in rows)} fixed.", "",
             "| id | status | kind | backends | title |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {r.status} | {r.kind} | {', '.join(r.backends) or 'all'} | {r.title} |")
    for r in rows:
        lines += ["", f"## {r.id}", "", f"**{r.title}** ({r.kind}, {r.status}; found {r.found or 'unknown'}; "
                  f"bucket `{r.bucket}`)", ""]
        if r.explanation:
            lines += [r.explanation, ""]
        if r.repro:
            lines.append(f"Repro: `{r.repro}`")
            code = repro_text.get(r.id)
            if code:
                lines += ["", "```python", code.rstrip(), "```"]
    return "\n".join(lines) + "\n"
