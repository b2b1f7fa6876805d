"""summary.md: the week in a few lines, for a CI job summary or a chat post."""
from __future__ import annotations

from reports.corpus import Bugs
from reports.html import duration, num, pct
from reports.model import MutantResult
from reports.stats import Cost, Score


def _delta(delta: float | None, prev_week: str | None) -> str:
    if delta is not None:
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
        return f" ({arrow} {abs(delta):.1f} points since {prev_week})"
    return "" if prev_week else " (first week on record)"


def summary(week: str, total: Score, delta: float | None, prev_week: str | None, killed_by: dict[str, int],
            modules: list[Score], operators: list[Score], survivors: list[MutantResult], bugs: Bugs,
            cost: Cost, dropped_equivalent: int) -> str:
    """Markdown: score and trend, what killed what, the weakest spots, the top survivor, bugs, cost."""
    kills = ", ".join(f"{k} {num(v)}" for k, v in killed_by.items())
    lines = [
        f"### tinygrad mutation score {week}: {pct(total.score)}{_delta(delta, prev_week)}",
        "",
        f"- where tests reach: {pct(total.covered_score)}; without what the smoke set or the import notices "
        f"(non-trivial): {pct(total.non_trivial_score)}",
        f"- {num(total.total)} mutants: {num(total.detected)} detected ({kills}), {num(total.survived)} survived, "
        f"{num(total.no_coverage)} not reached by any test; {num(total.equivalent + dropped_equivalent)} equivalent left "
        f"out (same bytecode as the original)"
        + (f"; {num(total.error)} could not be tested (left out)" if total.error else ""),
    ]
    scored = lambda rows: [s for s in rows if s.score is not None]
    if scored(modules) and scored(operators):
        m, o = scored(modules)[0], scored(operators)[0]
        lines.append(f"- weakest module: {m.name} {pct(m.score)}; weakest operator: {o.name} {pct(o.score)}")
    if survivors:
        s = survivors[0]
        lines.append(f"- top survivor: `{s.file}:{s.line}` ({s.operator}, {s.status}, {num(s.hits)} tests run the line)")
    lines.append(f"- tinygrad bugs: {len(bugs.new)} new, {len(bugs.fixed)} fixed since last week; "
                 f"{len(bugs.open_buckets)} open buckets")
    lines.append(f"- cost: {duration(cost.cpu_seconds)} CPU, {duration(cost.wall_seconds)} wall, "
                 f"{num(cost.mutants_per_hour)} mutants/hour")
    return "\n".join(lines) + "\n"
