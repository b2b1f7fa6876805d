"""Build reports/weekly/<ISO week>/ (index.html, mutation.json, summary.md) and append reports/history.jsonl."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from reports import corpus, history, html, stats, stryker
from reports.model import MutantResult, RunInfo
from reports.plot import trend_svg
from reports.source import Sources
from reports.summary import summary

MAX_SURVIVORS_SHOWN = 300      # the page stays fast to open; mutation.json has every mutant
CONTEXT_LINES = 3


@dataclass(frozen=True)
class Paths:
    out: Path                  # reports/weekly: the week's directory goes under it
    history: Path              # reports/history.jsonl
    corpus: Path               # corpus/


@dataclass(frozen=True)
class Written:
    dir: Path
    appended: bool             # whether history.jsonl got a new line
    summary: str


def default_week(run: RunInfo, today: dt.date | None = None) -> str:
    """The ISO week the run finished in, or this week when the store does not say."""
    try:
        day = dt.datetime.fromisoformat(run.finished.replace("Z", "+00:00")).date()
    except ValueError:
        day = today or dt.datetime.now(dt.timezone.utc).date()
    return history.week_of(day)


def _entry(week: str, now: str, run: RunInfo, total: stats.Score, killed_by: dict, cost: stats.Cost,
           bugs: corpus.Bugs) -> dict:
    """The history line: enough to draw the trend and tell next week what is new."""
    return {
        "week": week, "generated": now,
        "score": None if total.score is None else round(total.score, 3),
        "covered_score": None if total.covered_score is None else round(total.covered_score, 3),
        "non_trivial_score": None if total.non_trivial_score is None else round(total.non_trivial_score, 3),
        "mutants": total.total, "killed": total.killed, "timeout": total.timeout, "survived": total.survived,
        "no_coverage": total.no_coverage, "equivalent": total.equivalent + run.dropped_equivalent,
        "error": total.error, "killed_by": killed_by,
        "cpu_seconds": round(cost.cpu_seconds, 1), "wall_seconds": round(cost.wall_seconds, 1),
        "mutants_per_hour": None if cost.mutants_per_hour is None else round(cost.mutants_per_hour, 1),
        "tinygrad_version": run.tinygrad_version, "source_hash": run.source_hash,
        "suite_version": run.suite_version,
        "open_buckets": bugs.open_buckets, "fixed_buckets": bugs.fixed_buckets,
    }


def build(run: RunInfo, mutants: list[MutantResult], paths: Paths, week: str, sources: Sources,
          now: dt.datetime | None = None) -> Written:
    """Write the week's report from these results; history gets a line unless it already holds them."""
    now_text = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    total = stats.score("all", mutants)
    modules = stats.grouped(mutants, lambda m: stats.area(m.file))
    operators = stats.grouped(mutants, lambda m: m.operator)
    killed_by = stats.killed_by(mutants)
    survivors = stats.survivors(mutants)
    cost = stats.cost(mutants, run)

    past = history.read(paths.history)
    prev = history.previous(past, week)
    end = history.week_end(week)
    bugs = corpus.since(paths.corpus, prev, end - dt.timedelta(days=6), end)
    appended = history.append(paths.history, _entry(week, now_text, run, total, killed_by, cost, bugs))

    points = [(e["week"], e.get("score")) for e in history.trend(history.read(paths.history), week)]
    delta = None
    if prev is not None and prev.get("score") is not None and total.score is not None:
        delta = total.score - prev["score"]
    text = summary(week, total, delta, prev and prev["week"], killed_by, modules, operators, survivors, bugs,
                   cost, run.dropped_equivalent)
    view = {
        "week": week, "generated": now_text, "run": run, "total": total, "delta": delta,
        "prev_week": prev and prev["week"], "trend_svg": Markup(trend_svg(points)),
        "modules": modules, "operators": operators,
        "files": stats.grouped(mutants, lambda m: m.file), "killed_by": killed_by,
        "survivors": [{"m": m, "area": stats.area(m.file), "context": sources.context(m.file, m.line, CONTEXT_LINES)}
                      for m in survivors[:MAX_SURVIVORS_SHOWN]],
        "survivors_total": len(survivors), "broken": [m for m in mutants if m.status == "error"][:MAX_SURVIVORS_SHOWN], "bugs": bugs, "cost": cost, "thresholds": stryker.THRESHOLDS,
    }
    out = paths.out / week
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(html.render(view), encoding="utf-8")
    (out / "mutation.json").write_text(json.dumps(stryker.report(mutants, run, sources)), encoding="utf-8")
    (out / "summary.md").write_text(text, encoding="utf-8")
    return Written(out, appended, text)
