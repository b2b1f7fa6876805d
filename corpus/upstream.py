"""What other tinygrads say about the registered bugs, and the reports a tinygrad maintainer can act on.

`check` runs every registered bug's repro on the installed tinygrad, on release tags and on a checkout's head
(e.g. master), each in a fresh interpreter (oracles.checkout). `updated` turns those runs into the registry's
`versions` and, by bisecting, `fixed_at` (a bug that passes at the head but failed at an older release) and
`first_bad` (one that fails at the head but passed at an older release). `render_report` writes
reports/upstream/KB-xxxx.md from a row; nothing in those files is typed by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from corpus.bisect import bisect
from corpus.known import KnownBug, Registry
from oracles.checkout import INSTALLED, Outcome, Repository, run_at

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """One tinygrad to run repros on: a label for the registry and the ref (INSTALLED: this interpreter's)."""
    label: str
    ref: str
    sha: str = ""


def installed_label() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("tinygrad")
    except PackageNotFoundError:
        return "installed"


def targets(repo: Repository | None, head: str = "HEAD", releases: int = 2) -> list[Target]:
    """The `releases` newest release tags of the repo that are ancestors of `head` (oldest first), the installed
    tinygrad, and `head` itself (labelled with its commit and date, since a mirror may lag tinygrad's master)."""
    installed = Target(installed_label(), INSTALLED)
    if repo is None:
        return [installed]
    tip = repo.commit(head)
    tags = [t for t in repo.tags() if repo.is_ancestor(t, tip.sha)][:releases]
    out = [Target(t.lstrip("v"), t, repo.commit(t).sha) for t in reversed(tags) if t.lstrip("v") != installed.label]
    out.append(installed)
    name = "master" if head in ("HEAD", "master", "origin/master") else "commit" if tip.sha.startswith(head) else head
    label = f"{name} {tip.short} ({tip.date})"
    return out + [Target(label, tip.sha, tip.sha)]


def check(rows: list[KnownBug], repo: Repository | None, where: list[Target], timeout: float = 300.0,
          log: Callable[[str], None] = print, root: Path = REPO_ROOT) -> dict[str, dict[str, Outcome]]:
    """Run each row's repro on each target: {id: {label: outcome}}. Rows without a script are left out."""
    results: dict[str, dict[str, Outcome]] = {}
    for row in rows:
        script = row.script(root)
        if script is None:
            log(f"{row.id}: no repro script ({row.repro or 'none'}), skipped")
            continue
        results[row.id] = {}
        for t in where:
            results[row.id][t.label] = run_at(repo, t.sha or t.ref, script, timeout)   # ref INSTALLED: this one
        log(f"{row.id}: " + "; ".join(f"{label} {o.describe()}" for label, o in results[row.id].items()))
    return results


def _commit_json(result, between: str) -> dict:
    c, there = result.first, result.first_outcome
    return {"sha": c.sha, "date": c.date, "subject": c.subject, "between": between,
            **({"outcome": there.describe()} if there is not None else {})}


def updated(row: KnownBug, outcomes: dict[str, Outcome], repo: Repository | None, where: list[Target],
            timeout: float = 300.0, log: Callable[[str], None] = print, root: Path = REPO_ROOT) -> KnownBug:
    """The row with `versions` from the runs and, where the head behaves unlike an older release, the bisected
    commit: `fixed_at` when the head passes, `first_bad` when the head fails and an older release passed."""
    versions = {label: o.describe() for label, o in outcomes.items()}
    fixed_at, first_bad = row.fixed_at, row.first_bad
    head = where[-1]
    tags = [t for t in where if t.sha and t is not head]            # releases in the repo, oldest first
    if repo is not None and head.label in outcomes and tags:
        at_head = outcomes[head.label]
        if at_head.kind == "passes":
            old = next((t for t in reversed(tags) if outcomes[t.label].kind == "fails"), None)
            if old is not None:
                log(f"{row.id}: passes at {head.label}, failed at {old.label}: looking for the fix")
                result = bisect(repo, row.script(root), old.sha, head.sha, timeout, log=log)
                if result.first is not None:
                    fixed_at = _commit_json(result, f"{old.ref}..{head.sha[:10]}")
        elif at_head.kind == "fails":
            fixed_at = None
            old = next((t for t in reversed(tags) if outcomes[t.label].kind == "passes"), None)
            if old is None:
                first_bad = None          # no older release passes: not a regression within the releases checked
            elif first_bad is None or first_bad.get("between") != f"{old.ref}..{head.sha[:10]}":
                log(f"{row.id}: fails at {head.label}, passed at {old.label}: looking for the first bad commit")
                result = bisect(repo, row.script(root), old.sha, head.sha, timeout, log=log)
                first_bad = _commit_json(result, f"{old.ref}..{head.sha[:10]}") if result.first is not None else None
    return replace(row, versions=versions, fixed_at=fixed_at, first_bad=first_bad)


def for_upstream(repro_text: str, row: KnownBug) -> str:
    """A repro as a maintainer should read it: the generated bucket docstring (the finding machine's verdict line,
    compiler command included) becomes the bug's title, and tinyfuzz's own plant hook goes."""
    lines = repro_text.splitlines()
    out, skip = [], 0
    for line in lines:
        if skip:
            skip -= 1
            continue
        if "TINYFUZZ_PLANT" in line:        # `if os.environ.get('TINYFUZZ_PLANT'):` and its one-line body
            skip = 1
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    if text.startswith('"""tinyfuzz bucket'):
        end = text.index('"""', 3) + 3
        text = (f'"""{row.id}: {row.title}\n\nNeeds only tinygrad and numpy. Exits 1 while the bug is present, '
                f'0 once it is fixed.\n"""' + text[end:])
    return text


def _code_block(text: str, lang: str = "") -> list[str]:
    return [f"```{lang}", text.rstrip(), "```"]


def render_report(row: KnownBug, registry: Registry, repro_text: str) -> str:
    """reports/upstream/<id>.md: the issue a maintainer would file, from the registry row alone."""
    lines = [f"# {row.title}", "",
             f"*{row.kind}; found by tinyfuzz on {row.found or 'an unknown date'} (registry {row.id}, bucket "
             f"`{row.bucket}`); backends: {', '.join(row.backends) or 'all'}. Generated from corpus/known_bugs.json "
             f"by `python -m fuzz bugs`.*", ""]
    if row.explanation:
        lines += ["## What happens", "", row.explanation, ""]
    lines += ["## Repro", "", "Needs only tinygrad and numpy; exits 1 while the bug is present, 0 once it is fixed.", ""]
    lines += _code_block(for_upstream(repro_text, row), "python") + [""]
    if row.expected or row.actual:
        lines += ["## Expected and actual", "", f"- **Expected** (numpy and torch): {row.expected or 'see the repro'}",
                  f"- **Actual** (tinygrad): {row.actual or 'see the repro'}", ""]
    if row.versions:
        lines += ["## Versions", "", "| tinygrad | the repro |", "| --- | --- |"]
        lines += [f"| {label} | {result} |" for label, result in row.versions.items()] + [""]
    for key, what in (("first_bad", "First bad commit"), ("fixed_at", "Fixed by")):
        c = getattr(row, key)
        if c:
            there = f"; the repro {c['outcome']} there" if c.get("outcome") and key == "first_bad" else ""
            lines += [f"**{what}:** {c['sha'][:12]} ({c['date']}) {c['subject']} (bisected over {c['between']}{there})",
                      ""]
    if row.location:
        lines += ["## Where it comes from", "", row.location, ""]
    if row.host:
        lines += ["## Depends on the machine", "", row.host, ""]
    up = row.upstream or {}
    if up:
        lines += ["## Upstream", "", up.get("summary", "")]
        lines += [""] + [f"- {r.get('ref')} ({r.get('kind', '')}, {r.get('state', '')}; {r.get('relation', '')}): "
                         f"{r.get('title', '')}" for r in up.get("refs", [])]
        lines.append("")
    dups = registry.duplicates_of(row.id)
    if dups:
        lines += ["## The same bug, seen another way", ""]
        lines += [f"- {d.title}. {d.explanation}".rstrip() for d in dups] + [""]
    return "\n".join(lines).rstrip() + "\n"


def reports(registry: Registry, scripts: dict[str, str]) -> dict[str, str]:
    """{file name: text} for every genuine open bug with a repro script (`scripts`: row id -> its text)."""
    return {f"{row.id}.md": render_report(row, registry, scripts[row.id])
            for row in registry.rows if row.genuine and row.id in scripts}
