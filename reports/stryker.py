"""mutation.json: the run in Stryker's mutation-testing-report-schema (version 2), for standard viewers.

The schema is vendored in tests/data/ and the tests validate every report against it. Viewers such as
<mutation-test-report-app> and the Stryker dashboard read this file as it is.
"""
from __future__ import annotations

from reports.model import MutantResult, RunInfo
from reports.source import Sources

SCHEMA_VERSION = "2"
THRESHOLDS = {"high": 80, "low": 60}     # Stryker's defaults: green above high, red below low

STATUS = {                   # our status -> the schema's MutantStatus
    "killed": "Killed",
    "timeout": "Timeout",
    "survived": "Survived",
    "no-coverage": "NoCoverage",
    "equivalent": "Ignored",      # the schema has no "equivalent"; Ignored keeps it out of the score, as we do
    "error": "RuntimeError",      # the mutant could not be applied or imported
}


def _location(m: MutantResult, source_lines: list[str]) -> dict:
    text = source_lines[m.line - 1] if 0 < m.line <= len(source_lines) else ""
    start_col = max(1, m.column)
    end_col = max(start_col + 1, len(text) + 1)      # the end is exclusive: the rest of the mutated line
    return {"start": {"line": m.line, "column": start_col}, "end": {"line": m.line, "column": end_col}}


def _replacement(diff: str) -> str:
    """The added lines of a unified diff: what the mutant put in place of the original."""
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    return "\n".join(s.strip() for s in added)


def _mutant(m: MutantResult, source_lines: list[str]) -> dict:
    out = {
        "id": m.id,
        "mutatorName": m.operator,
        "location": _location(m, source_lines),
        "status": STATUS[m.status],
        "replacement": _replacement(m.diff),
        "duration": round(m.seconds * 1000.0, 3),
    }
    if m.description:
        out["description"] = m.description
    if m.status in ("killed", "timeout"):
        if m.test:
            out["killedBy"] = [m.test]
        oracle = "hang" if m.status == "timeout" else (m.killed_by or "value")
        out["statusReason"] = f"detected by the {oracle} oracle"
    elif m.status == "equivalent":
        out["statusReason"] = "equivalent: compiles to the same bytecode as the original"
    return out


def report(mutants: list[MutantResult], run: RunInfo, sources: Sources) -> dict:
    """The whole mutation.json document."""
    files: dict[str, dict] = {}
    for m in sorted(mutants, key=lambda m: (m.file, m.line, m.id)):
        if m.file not in files:
            text = sources.text(m.file)
            files[m.file] = {"language": "python", "source": text, "mutants": [], "_lines": text.splitlines()}
        files[m.file]["mutants"].append(_mutant(m, files[m.file]["_lines"]))
    for f in files.values():
        del f["_lines"]
    return {
        "schemaVersion": SCHEMA_VERSION,
        "thresholds": dict(THRESHOLDS),
        "projectRoot": "tinygrad",
        "files": files,
        "framework": {"name": "tinyfuzz", "version": run.suite_version or "0"},
        "config": {"tinygrad_version": run.tinygrad_version, "source_hash": run.source_hash,
                   "dropped_equivalent": run.dropped_equivalent},
    }
