"""Find the commit where a repro's outcome changed: the first bad commit of a regression, or the fixing commit.

The search is a binary search over the commits between two ends, one passing and one failing (oldest first). A
commit where the repro cannot run (an API that version lacks, tinygrad does not import) is skipped, as `git bisect
skip` does, and the search tries the nearest untested commit instead; when only skipped commits are left between the
two sides, the answer is a range. By default any failure counts as failing, as `git bisect run` counts any non-zero
exit: the answer is where the repro started (or stopped) failing, and the result says when the failure there looks
different from the end's. With `same_failure`, a commit that fails another way is skipped too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from fuzz.errors import UsageError
from oracles.checkout import Commit, Outcome, Repository, run_at


def outcome_key(o: Outcome, same_failure: bool = False) -> str:
    """What must stay the same for two runs to count as the same behaviour: passes or fails (and how, when
    `same_failure`)."""
    return f"fails: {o.fingerprint}" if o.kind == "fails" and same_failure else o.kind


@dataclass
class Step:
    commit: Commit
    outcome: Outcome
    side: str                  # "old", "new" or "skip"


@dataclass
class BisectResult:
    old: Commit
    new: Commit
    old_outcome: Outcome
    new_outcome: Outcome
    first: Commit | None                       # the first commit that behaves like `new`
    candidates: list[Commit] = field(default_factory=list)   # when skips leave a range: every commit it may be
    steps: list[Step] = field(default_factory=list)

    @property
    def first_outcome(self) -> Outcome | None:
        return next((st.outcome for st in self.steps if self.first is not None and st.commit.sha == self.first.sha),
                    self.new_outcome if self.first is not None and self.first.sha == self.new.sha else None)

    @property
    def direction(self) -> str:
        return "fix" if self.new_outcome.kind == "passes" else "regression" if self.old_outcome.kind == "passes" \
            else "change"


def search(commits: Sequence, side_of: Callable[[object], str]) -> tuple[int | None, list[int], list[tuple[int, str]]]:
    """Binary search over `commits` (oldest first; the last one is known to be "new", the one before the first is
    known to be "old"). `side_of(commit)` says "old", "new" or "skip". Returns (index of the first "new" commit or
    None when skips leave it open, the indices it may be then, and the (index, side) of each commit tried)."""
    lo, hi = -1, len(commits) - 1          # commits[lo] is old (-1: the old end itself), commits[hi] is new
    skipped: set[int] = set()
    tried: list[tuple[int, str]] = []
    while hi - lo > 1:
        open_ = [i for i in range(lo + 1, hi) if i not in skipped]
        if not open_:
            return None, list(range(lo + 1, hi + 1)), tried
        middle = (lo + hi) // 2
        i = min(open_, key=lambda j: (abs(j - middle), j))
        side = side_of(commits[i])
        tried.append((i, side))
        if side == "new":
            hi = i
        elif side == "old":
            lo = i
        else:
            skipped.add(i)
    return hi, [], tried


def bisect(repo: Repository, script: Path, old_ref: str, new_ref: str, timeout: float = 300.0,
           log: Callable[[str], None] = lambda line: None, same_failure: bool = False) -> BisectResult:
    """First commit after `old_ref` (up to `new_ref`) where `script` behaves as it does at `new_ref`."""
    old, new = repo.commit(old_ref), repo.commit(new_ref)
    if not repo.is_ancestor(old.sha, new.sha):
        raise UsageError(f"{old_ref} ({old.short}) is not an ancestor of {new_ref} ({new.short})")
    new_outcome = run_at(repo, new.sha, script, timeout)
    log(f"{new_ref} {new.short}: {new_outcome.describe()}")
    old_outcome = run_at(repo, old.sha, script, timeout)
    log(f"{old_ref} {old.short}: {old_outcome.describe()}")
    for ref, o in ((new_ref, new_outcome), (old_ref, old_outcome)):
        if o.kind == "cannot-run":
            raise UsageError(f"the repro cannot run at {ref}: {o.fingerprint}\n{o.output[-600:]}")
    if outcome_key(old_outcome, same_failure) == outcome_key(new_outcome, same_failure):
        raise UsageError(f"the repro behaves the same at {old_ref} and {new_ref} ({new_outcome.describe()}): "
                         f"nothing to bisect; give --good/--bad refs where it differs")
    commits = repo.between(old.sha, new.sha)
    steps: list[Step] = []

    def side_of(commit: Commit) -> str:
        o = run_at(repo, commit.sha, script, timeout)
        key = outcome_key(o, same_failure)
        side = "new" if key == outcome_key(new_outcome, same_failure) else \
            "old" if key == outcome_key(old_outcome, same_failure) else "skip"
        steps.append(Step(commit, o, side))
        log(f"  {commit.short} {commit.date} {side:4} {o.describe():24} {commit.subject[:60]}")
        return side

    log(f"{len(commits)} commits between them, about {max(len(commits), 1).bit_length()} steps")
    first, maybe, _ = search(commits, side_of)
    return BisectResult(old, new, old_outcome, new_outcome, commits[first] if first is not None else None,
                        [commits[i] for i in maybe], steps)


def default_good(repo: Repository, script: Path, bad_ref: str, timeout: float = 300.0, tries: int = 3,
                 log: Callable[[str], None] = lambda line: None) -> str:
    """The newest release tag (an ancestor of `bad_ref`) where the repro passes; tries the `tries` newest ones."""
    tried = []
    for tag in [t for t in repo.tags() if repo.is_ancestor(t, bad_ref)][:tries]:
        o = run_at(repo, tag, script, timeout)
        log(f"{tag}: {o.describe()}")
        tried.append(f"{tag}: {o.describe()}")
        if o.kind == "passes":
            return tag
    raise UsageError("no release tag where the repro passes (" + ("; ".join(tried) or "no tags") + "): give --good REF")



def repro_of(target: str, registry=None, corpus_root: Path | None = None) -> Path:
    """The repro script a target names: a .py path, a registry id (KB-0035) or a corpus bucket (4c1fb47207)."""
    from corpus import known
    from corpus.store import DEFAULT_ROOT
    path = Path(target)
    if path.is_file():
        return path
    if path.is_dir() and (path / "repro.py").is_file():
        return path / "repro.py"
    registry = registry if registry is not None else known.load()
    root = Path(corpus_root or DEFAULT_ROOT)
    row = registry.by_id(target) if known.is_id(target) else registry.by_bucket(target)
    if row is not None and row.script(root.parent) is not None:
        return row.script(root.parent)
    if (root / "crashes" / target / "repro.py").is_file():
        return root / "crashes" / target / "repro.py"
    what = f"{target}: registered, but its repro {row.repro!r} is not a script" if row is not None else \
        f"{target!r}: not a repro script, registry id or corpus bucket"
    raise UsageError(what)
