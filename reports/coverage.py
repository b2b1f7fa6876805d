"""The coverage report of a `fuzz run --coverage` folder: the share of tinygrad's compiler lines the campaign ran,
per area, and which rewrite rules fired (most matched, never matched), optionally beside another folder (tinygrad's
own test_ops recorded the same way, docs/search.md).

The folder holds what the workers wrote (oracles/coverage_probe.py): coverage.py data files, rules-<pid>.json
({rule: [matches, tries]}) and rules-all.json (every rule and the tinygrad root, from a fresh worker). Nothing here
imports tinygrad.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from oracles.coverage_probe import ALL_RULES, AREAS, IMPORT_FOLDER    # the recording's layout, declared once


@dataclass
class Coverage:
    root: Path                                           # the directory holding the tinygrad package
    lines: dict = field(default_factory=dict)            # area -> (statements, run by a bare import, run)
    rules: dict = field(default_factory=dict)            # rule -> source line, every rule alive
    matched: Counter = field(default_factory=Counter)    # rule -> matches
    tried: Counter = field(default_factory=Counter)      # rule -> tries

    @property
    def share(self) -> float:
        """Lines run of all statements (a bare import runs the definitions: they count)."""
        statements = sum(s for s, _, _ in self.lines.values())
        return sum(r for _, _, r in self.lines.values()) / statements if statements else 0.0

    @property
    def beyond_import(self) -> float:
        """Lines run of the statements a bare import does not run: the share of the compiler's work reached."""
        rest = sum(s - i for s, i, _ in self.lines.values())
        return sum(r - i for _, i, r in self.lines.values()) / rest if rest else 0.0

    def rules_matched(self) -> int:
        return sum(1 for r in self.rules if self.matched[r])


def load(folder: str | Path) -> Coverage:
    """Add up a folder's data (the data files are kept: a report can be made again)."""
    folder = Path(folder)
    meta_path = folder / ALL_RULES
    if not meta_path.exists():
        raise FileNotFoundError(f"{folder}: no {ALL_RULES} (not a `fuzz run --coverage` folder, or the run wrote "
                                "nothing yet)")
    meta = json.loads(meta_path.read_text())
    out = Coverage(root=Path(meta["root"]), rules=dict(meta["rules"]))
    for path in folder.glob("rules-*.json"):
        if path.name == ALL_RULES:
            continue
        for rule, (m, t) in json.loads(path.read_text()).items():
            out.matched[rule] += m
            out.tried[rule] += t
            if not out.rules.get(rule):           # a rule built inside a function, seen only where it ran
                out.rules[rule] = _source_line(out.root, rule)
    ran, imported = _lines_run(folder), _lines_run(folder / IMPORT_FOLDER)
    for area in AREAS:
        statements = by_import = run = 0
        for path in sorted((out.root / "tinygrad" / area).rglob("*.py")):
            stmts = _statements(path)
            key = str(path.resolve())
            imp = imported.get(key, set()) & stmts
            statements += len(stmts)
            by_import += len(imp)
            run += len((ran.get(key, set()) & stmts) | imp)
        out.lines[area] = (statements, by_import, run)
    return out


def _source_line(root: Path, rule: str) -> str:
    import linecache
    file, _, line = rule.rpartition(":")
    return linecache.getline(str(root / "tinygrad" / file), int(line)).strip() if line.isdigit() else ""


def _lines_run(folder: Path) -> dict[str, set]:
    """{resolved file path: line numbers run} over every worker's data file in `folder`."""
    import coverage
    out: dict[str, set] = {}
    for part in folder.glob(".coverage.*"):
        data = coverage.CoverageData(basename=str(part))
        data.read()
        for f in data.measured_files():
            out.setdefault(str(Path(f).resolve()), set()).update(data.lines(f) or ())
    return out


def _statements(path: Path) -> set:
    try:
        _, stmts, _, _, _ = _analyzer().analysis2(str(path))
    except Exception:             # not Python coverage.py can parse: no line to reach
        return set()
    return set(stmts)


@lru_cache(maxsize=1)
def _analyzer():
    """A Coverage object with no data: it parses a file's statements."""
    import coverage
    return coverage.Coverage(data_file=None, config_file=False)


def area_of(rule: str) -> str:
    return rule.split("/", 1)[0] if "/" in rule else "tinygrad"


def summary_line(c: Coverage) -> str:
    per_area = ", ".join(f"{a} {(r - i) / (s - i):.1%}" for a, (s, i, r) in c.lines.items() if s > i)
    return (f"coverage: {c.beyond_import:.1%} of tinygrad's compiler lines beyond a bare import ({per_area}; "
            f"{c.share:.1%} counting the import); rewrite rules: {c.rules_matched()} of {len(c.rules)} matched at "
            "least once")


def report(c: Coverage, against: Coverage | None = None, label: str = "this run", other: str = "other",
           top: int = 20) -> str:
    """Markdown: lines per area, the most matched rules, the rules never matched (per file), and with `against`,
    each side's share and the rules only one side matched."""
    out = [f"# Coverage of tinygrad's compiler ({label})", "", summary_line(c), "",
           "| area | statements | run by a bare import | run | share beyond the import |"
           + (f" {other} |" if against else ""),
           "| --- | --- | --- | --- | --- |" + (" --- |" if against else "")]
    for area, (s, i, r) in c.lines.items():
        row = f"| {area} | {s} | {i} | {r} | {_beyond(s, i, r)} |"
        if against:
            row += f" {_beyond(*against.lines.get(area, (0, 0, 0)))} |"
        out.append(row)
    out += ["", f"## Most matched rewrite rules (top {top})", "", "| matches | tries | rule | source |",
            "| --- | --- | --- | --- |"]
    for rule, n in c.matched.most_common(top):
        out.append(f"| {n} | {c.tried[rule]} | `{rule}` | `{_cell(c.rules.get(rule, ''))}` |")
    never = sorted(r for r in c.rules if not c.matched[r])
    by_file = Counter(r.rsplit(":", 1)[0] for r in never)
    out += ["", f"## Rules never matched: {len(never)} of {len(c.rules)}", "", "| file | never matched | of |",
            "| --- | --- | --- |"]
    total = Counter(r.rsplit(":", 1)[0] for r in c.rules)
    for file, n in by_file.most_common():
        out.append(f"| `{file}` | {n} | {total[file]} |")
    if against:
        only_here = sorted(r for r in c.rules if c.matched[r] and not against.matched[r])
        only_there = sorted(r for r in against.rules if against.matched[r] and not c.matched[r])
        out += ["", f"## Against {other}", "",
                f"- {label}: {c.beyond_import:.1%} of lines beyond the import, {c.rules_matched()} rules matched",
                f"- {other}: {against.beyond_import:.1%} of lines beyond the import, {against.rules_matched()} rules "
                "matched",
                f"- rules only {label} matched: {len(only_here)}; only {other} matched: {len(only_there)}", ""]
        out += [f"- only {label}: `{r}` `{_cell(c.rules.get(r, ''))}`" for r in only_here[:top]]
        out += [f"- only {other}: `{r}` `{_cell(against.rules.get(r, ''))}`" for r in only_there[:top]]
    return "\n".join(out) + "\n"


def _beyond(statements: int, by_import: int, run: int) -> str:
    return f"{(run - by_import) / (statements - by_import):.1%}" if statements > by_import else "-"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")[:100]
