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
from oracles.verdict import DIFFERENCES, mismatch_class

DEFAULT_PATH = Path(__file__).resolve().parent / "known_bugs.json"
KINDS = ("wrong result", "crash", "slowdown")
_STATUS = re.compile(r"^(open|fixed-in \S+)$")
_ID = re.compile(r"^KB-\d{4}$")
FIELDS = ("id", "bucket", "title", "status", "backends", "kind", "explanation", "repro", "found", "match", "example",
          # what a maintainer needs (issue 19; reports/upstream/ is generated from these):
          "expected", "actual", "location", "host", "debatable", "duplicate_of", "upstream",
          # written by `python -m fuzz upstream` (runs of the repro on other tinygrads):
          "versions", "fixed_at", "first_bad")
# expected      what numpy and torch give for the repro's inputs        debatable     why it may not be a bug at all
# actual        what tinygrad gives                                     duplicate_of  the row this bug is one with: it
# location      where in tinygrad the wrong value or crash comes from                 keeps its rules and bucket (the
# host          what of the machine it needs (a CPU without native                    gate still knows it) and is
#               bfloat16, a clang version)                                            reported under that row
# upstream      {"summary": one line, "refs": [{"ref": "tinygrad/tinygrad#N", "kind": "pr"|"issue", "state",
#               "relation": "fixes"|"reports"|"related", "title"}]}: what tinygrad's tracker knows, cited
# versions      {"0.13.0": "passes", "master a9069c17 (2026-08-22)": "fails (value)", ...}
# fixed_at / first_bad   {"sha", "date", "subject", "between"}: the bisected fixing / first bad commit
# `match` recognizes the bug in failures nobody minimized yet (a fuzz test's raw failure). A rule names itself fully
# (docs/failures.md, "How a failure is known"): verdict, oracle, ops (all of them appear) or any_ops (one of them),
# and a text or dtypes; a mismatch rule also names its difference. Every key given must hold:
#   verdict     the verdict kind                       text        a regex that must match whole words of the
#   oracle      one oracle name, or a list                         failure's text (exception line, compiler
#   ops         ops that must all appear                           line, signal, detail)
#   any_ops     ops of which one must appear           dtypes      the mismatched output's dtypes
#   difference  nan, missing-nan, inf, value, shape    frame       a regex the innermost tinygrad frame starts with
# `example` is the verdict this bug gives (for rows whose bucket is not in corpus/crashes): the row tests itself on it.
MATCH_KEYS = ("verdict", "oracle", "ops", "any_ops", "text", "dtypes", "difference", "frame")
FAILED_KINDS = ("mismatch", "crash", "hang", "died", "slow")


def failure_text(verdict) -> str:
    """What a rule's `text` is matched against: the exception line and compiler line, or the signal, and the detail."""
    return "\n".join(t for t in (f"{verdict.exc_type}: {verdict.message}" if verdict.exc_type else "", verdict.detail) if t)


def _oracles(m: dict) -> tuple[str, ...]:
    o = m.get("oracle", ())
    return (o,) if isinstance(o, str) else tuple(o)


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
    match: dict | list | None = None
    example: dict | None = None
    expected: str = ""
    actual: str = ""
    location: str = ""
    host: str = ""
    debatable: str = ""
    duplicate_of: str = ""
    upstream: dict | None = None
    versions: dict | None = None
    fixed_at: dict | None = None
    first_bad: dict | None = None

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def genuine(self) -> bool:
        """A bug of its own that a maintainer should get a report for: open, not a duplicate, not debatable."""
        return self.open and not self.duplicate_of and not self.debatable

    def script(self, root: Path) -> Path | None:
        """The repro script (repro paths are relative to the repository `root`), or None when the repro is not one."""
        path = root / self.repro if self.repro else None
        return path if path is not None and path.suffix == ".py" and path.is_file() else None

    def shows_on(self, backend: str) -> bool:
        return not self.backends or backend.split(" ")[0] in self.backends

    @property
    def rules(self) -> list[dict]:
        """The match rules: one object, or a list when one bug shows two symptoms (KB-0012: nan, and 0 in float16)."""
        return [] if not self.match else [self.match] if isinstance(self.match, dict) else list(self.match)

    def matches(self, verdict) -> bool:
        """Does an unminimized failure look like this bug? One rule must hold whole; no key of it is a wildcard."""
        if not verdict.failed or not self.shows_on(verdict.backend):
            return False
        return any(_rule_holds(m, verdict) for m in self.rules)


def _rule_holds(m: dict, verdict) -> bool:
    dtype, difference = mismatch_class(verdict) if verdict.kind.value == "mismatch" else ("", "")
    return (verdict.kind.value == m["verdict"]
            and verdict.oracle in _oracles(m)
            and set(m.get("ops", ())) <= set(verdict.ops)
            and (not m.get("any_ops") or bool(set(m["any_ops"]) & set(verdict.ops)))
            and ("text" not in m or _whole_words(m["text"]).search(failure_text(verdict)) is not None)
            and ("dtypes" not in m or dtype in m["dtypes"])
            and ("difference" not in m or difference in m["difference"])
            and ("frame" not in m or re.match(m["frame"], verdict.frame) is not None))


def _whole_words(text: str) -> re.Pattern:
    """A rule's text matches whole words: 'sin' is not in 'using', 'single' or 'missing'."""
    return re.compile(rf"(?<![\w.])(?:{text})(?!\w)")


# oracles that name a verdict outside the metamorphic variants (oracles/metamorphic.py VARIANTS names the rest)
BASE_ORACLES = ("value", "grad", "crash", "died", "hang", "speed", "model", "render", "uop", "simplify", "opts")


def oracle_names() -> set[str]:
    from oracles.metamorphic import VARIANTS
    return set(BASE_ORACLES) | set(VARIANTS)


def check_rule(match, where: str) -> None:
    """A rule that names itself fully, or a UsageError saying what it lacks."""
    if not isinstance(match, dict) or set(match) - set(MATCH_KEYS):
        raise UsageError(f"{where}: match must be an object with keys among {', '.join(MATCH_KEYS)}")
    if match.get("verdict") not in FAILED_KINDS:
        raise UsageError(f"{where}: match.verdict must be one of {', '.join(FAILED_KINDS)}")
    oracles = _oracles(match)
    if not oracles or not all(isinstance(o, str) and o for o in oracles):
        raise UsageError(f"{where}: match.oracle must name the oracle (or a list of oracles) that sees the bug")
    names = oracle_names()
    if unknown := sorted(set(oracles) - names):     # a rule naming no real oracle would never match
        raise UsageError(f"{where}: match.oracle {unknown[0]!r} is no oracle{did_you_mean(unknown[0], sorted(names))}")
    if "ops" not in match and "any_ops" not in match:
        raise UsageError(f"{where}: match must name its ops (ops or any_ops; [] only for bugs no op carries)")
    for key in ("ops", "any_ops", "dtypes", "difference"):
        if key in match and not (isinstance(match[key], list) and all(isinstance(x, str) for x in match[key])):
            raise UsageError(f"{where}: match.{key} must be a list of names")
    if "text" not in match and not match.get("dtypes"):
        raise UsageError(f"{where}: match must name a text or dtypes")
    if not match.get("ops") and not match.get("any_ops") and "text" not in match:
        raise UsageError(f"{where}: a rule that names no op must name a text")
    if match["verdict"] == "mismatch" and not match.get("difference"):
        raise UsageError(f"{where}: a mismatch rule must name its difference ({', '.join(DIFFERENCES)})")
    bad = sorted(set(match.get("difference", ())) - set(DIFFERENCES))
    if bad:
        raise UsageError(f"{where}: match.difference {bad[0]!r}{did_you_mean(bad[0], DIFFERENCES)}")
    for key in ("text", "frame"):
        if key in match:
            try:
                re.compile(match[key])
            except (re.error, TypeError) as e:
                raise UsageError(f"{where}: match.{key} is not a regular expression ({e})") from None


class Registry:
    def __init__(self, rows: list[KnownBug]):
        self.rows = rows
        self._by_bucket = {r.bucket: r for r in rows}
        self._by_id = {r.id: r for r in rows}

    def get(self, bucket: str) -> KnownBug | None:
        return self._by_bucket.get(bucket)

    by_bucket = get

    def by_id(self, id_: str) -> KnownBug | None:
        return self._by_id.get(id_)

    @property
    def bugs(self) -> list[KnownBug]:
        """Distinct bugs: every row but the duplicates (which are reported under the row they name)."""
        return [r for r in self.rows if not r.duplicate_of]

    def duplicates_of(self, id_: str) -> list[KnownBug]:
        return [r for r in self.rows if r.duplicate_of == id_]

    def matching(self, verdict) -> KnownBug | None:
        """The open bug a failure is: its exact bucket while that bug is open and shows on the failure's backend,
        else the first open row whose rule matches. corpus.triage decides with this; nothing else should."""
        exact = self._by_bucket.get(verdict.bucket)
        if exact is not None and exact.open and exact.shows_on(verdict.backend):
            return exact
        return next((r for r in self.rows if r.open and r.matches(verdict)), None)

    def fixed_matching(self, verdict) -> KnownBug | None:
        """A fixed bug this failure is (its exact bucket or rule): a regression of a fix."""
        exact = self._by_bucket.get(verdict.bucket)
        if exact is not None and not exact.open:
            return exact
        return next((r for r in self.rows if not r.open and r.matches(verdict)), None)

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
        if match is not None:
            for rule in (match if isinstance(match, list) and match else [match]):
                check_rule(rule, f"{where} ({row['id']})")
        if row.get("example") is not None and not isinstance(row["example"], dict):
            raise UsageError(f"{where}: example must be a verdict object")
        for key in ("expected", "actual", "location", "host", "debatable", "duplicate_of"):
            if not isinstance(row.get(key, ""), str):
                raise UsageError(f"{where}: {key} must be a string")
        for key in ("upstream", "versions", "fixed_at", "first_bad"):
            if not isinstance(row.get(key, {}), dict):
                raise UsageError(f"{where}: {key} must be an object")
        if row.get("upstream") is not None and not isinstance(row["upstream"].get("refs", []), list):
            raise UsageError(f"{where}: upstream.refs must be a list")
        if row.get("upstream") is not None and not all(isinstance(r, dict) for r in row["upstream"].get("refs", [])):
            raise UsageError(f"{where}: each of upstream.refs must be an object "
                             '({"ref": "tinygrad/tinygrad#N", "kind", "state", "relation", "title"})')
        rows.append(KnownBug(**{**row, "backends": tuple(backends)}))
    for r in rows:
        target = next((t for t in rows if t.id == r.duplicate_of), None) if r.duplicate_of else r
        if target is None or target.duplicate_of:
            raise UsageError(f"{path}: {r.id} is a duplicate of {r.duplicate_of!r}, which is not a bug of its own")
    return Registry(rows)


def is_id(text: str) -> bool:
    return bool(_ID.match(text))


def dump(rows: list[KnownBug]) -> str:
    return json.dumps([{k: v for k, v in (asdict(r) | {"backends": list(r.backends)}).items() if v is not None and v != ""}
                       for r in rows], indent=1) + "\n"


def render_markdown(registry: Registry, repro_text: dict[str, str] | None = None) -> str:
    """BUGS.md: the registry as a tinygrad developer reads it, newest first, each bug with its repro; a duplicate is
    listed under the bug it is one with."""
    repro_text = repro_text or {}
    rows = sorted(registry.bugs, key=lambda r: (r.found, r.id), reverse=True)
    lines = ["# tinygrad bugs found by tinyfuzz", "",
             "Generated from corpus/known_bugs.json by `python -m fuzz bugs`; do not edit by hand. Reports ready to "
             "file upstream: reports/upstream/.", "",
             f"{sum(r.open for r in rows)} open ({sum(r.genuine for r in rows)} of them genuine, "
             f"{sum(r.open and bool(r.debatable) for r in rows)} debatable), {sum(not r.open for r in rows)} fixed; "
             f"{len(registry.rows) - len(rows)} more rows are duplicates of these.", "",
             "| id | status | kind | backends | upstream | title |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        status = r.status + (" (debatable)" if r.debatable else "")
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {status} | {r.kind} | {', '.join(r.backends) or 'all'} | "
                     f"{(r.upstream or {}).get('summary', '')} | {r.title} |")
    for r in rows:
        lines += ["", f"## {r.id}", "", f"**{r.title}** ({r.kind}, {r.status}; found {r.found or 'unknown'}; "
                  f"bucket `{r.bucket}`)", ""]
        if r.debatable:
            lines += [f"Debatable: {r.debatable}", ""]
        if r.explanation:
            lines += [r.explanation, ""]
        for d in registry.duplicates_of(r.id):
            lines += [f"Also registered as {d.id} (bucket `{d.bucket}`): {d.title}. {d.explanation}".rstrip(), ""]
        if r.repro:
            lines.append(f"Repro: `{r.repro}`")
            code = repro_text.get(r.id)
            if code:
                lines += ["", "```python", code.rstrip(), "```"]
    return "\n".join(lines) + "\n"
