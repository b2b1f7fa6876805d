"""The figures of a weekly report: scores by module and operator, who killed what, what survived first."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable

from reports.model import KILLERS, MutantResult, RunInfo

# How much a surviving mutant in each part of tinygrad matters, for ordering survivors when coverage counts
# tie. The rewrite engine, scheduler and code generator decide every kernel on every backend; one renderer
# only matters on its own backend.
AREA_WEIGHT = {
    "uop": 3, "schedule": 3, "codegen": 3, "engine": 2, "tensor": 2, "mixin": 2, "dtype": 2,
    "renderer": 1, "runtime": 1,
}
DEFAULT_WEIGHT = 1

# killed-by columns of the report: the oracle that noticed, with a timeout shown as its own column
KILLED_BY_COLUMNS = tuple(k for k in KILLERS if k != "hang") + ("timeout",)


def area(file: str) -> str:
    """The tinygrad module a file belongs to: 'tinygrad/codegen/opt/x.py' -> 'codegen', 'tinygrad/tensor.py' -> 'tensor'."""
    parts = PurePosixPath(file).parts
    if parts and parts[0] == "tinygrad":
        parts = parts[1:]
    if not parts:
        return "?"
    return parts[0] if len(parts) > 1 else PurePosixPath(parts[0]).stem


@dataclass(frozen=True)
class Score:
    """Counts of one group of mutants and its mutation score (detected / (detected + undetected))."""
    name: str
    total: int
    killed: int
    timeout: int
    survived: int
    no_coverage: int
    equivalent: int
    error: int
    trivial: int = 0          # detected at import or by the smoke set

    @property
    def non_trivial_score(self) -> float | None:
        """The score without the mutants any smoke test notices: what the rest of the suite is worth."""
        valid = self.valid - self.trivial
        return 100.0 * (self.detected - self.trivial) / valid if valid else None

    @property
    def detected(self) -> int:
        return self.killed + self.timeout

    @property
    def valid(self) -> int:
        return self.detected + self.survived + self.no_coverage

    @property
    def score(self) -> float | None:
        """Percent of valid mutants detected, None when there are none (a score of an empty set means nothing)."""
        return 100.0 * self.detected / self.valid if self.valid else None

    @property
    def covered_score(self) -> float | None:
        """Percent detected among the mutants some test reaches: how good the tests are where they look."""
        covered = self.detected + self.survived
        return 100.0 * self.detected / covered if covered else None


def score(name: str, mutants: Iterable[MutantResult]) -> Score:
    mutants = list(mutants)
    c = Counter(m.status for m in mutants)
    return Score(name, sum(c.values()), c["killed"], c["timeout"], c["survived"], c["no-coverage"],
                 c["equivalent"], c["error"], sum(m.trivial and m.detected for m in mutants))


def grouped(mutants: list[MutantResult], key) -> list[Score]:
    """Scores per group, worst score first (the groups that need tests), groups with nothing valid last."""
    groups: dict[str, list[MutantResult]] = {}
    for m in mutants:
        groups.setdefault(key(m), []).append(m)
    scores = [score(name, ms) for name, ms in groups.items()]
    return sorted(scores, key=lambda s: (s.score is None, s.score if s.score is not None else 0, s.name))


def killed_by(mutants: Iterable[MutantResult]) -> dict[str, int]:
    """Detected mutants per oracle (reports.model.KILLERS), with the hang oracle's as timeout."""
    out = dict.fromkeys(KILLED_BY_COLUMNS, 0)
    for m in mutants:
        if m.status == "timeout" or (m.status == "killed" and m.killed_by == "hang"):
            out["timeout"] += 1
        elif m.status == "killed":
            out[m.killed_by if m.killed_by in KILLERS else "value"] += 1   # an unattributed kill is a value kill
    return out


def importance(m: MutantResult) -> float:
    """How much a survivor matters: code many tests run, in a central part of tinygrad, comes first."""
    return (m.hits + 1) * AREA_WEIGHT.get(area(m.file), DEFAULT_WEIGHT)


def survivors(mutants: Iterable[MutantResult]) -> list[MutantResult]:
    """Surviving and uncovered mutants, those that matter most first; ties by place in the source."""
    left = [m for m in mutants if m.status in ("survived", "no-coverage")]
    # a survivor (a test ran the line and missed the change) before an uncovered mutant at equal importance
    return sorted(left, key=lambda m: (-importance(m), m.status != "survived", m.file, m.line, m.id))


@dataclass(frozen=True)
class Cost:
    """What the run cost: CPU time and throughput."""
    mutants_tested: int
    cpu_seconds: float
    wall_seconds: float
    workers: int

    @property
    def mutants_per_hour(self) -> float | None:
        return 3600.0 * self.mutants_tested / self.wall_seconds if self.wall_seconds > 0 else None

    @property
    def cpu_seconds_per_mutant(self) -> float | None:
        return self.cpu_seconds / self.mutants_tested if self.mutants_tested else None


def cost(mutants: list[MutantResult], run: RunInfo) -> Cost:
    """The run's cost; CPU time falls back to the sum over mutants when the store kept no run total."""
    tested = [m for m in mutants if m.status in ("killed", "timeout", "survived", "error")]   # no-coverage never ran
    cpu = run.cpu_seconds or sum(m.seconds for m in mutants)
    wall = run.wall_seconds or (cpu / run.workers if run.workers else cpu)
    return Cost(len(tested), cpu, wall, run.workers)
