"""The weekly report: schema-valid mutation.json, scores by hand, history policy, trend over weeks, bugs since
last week, the CLI's errors. Fixtures are built here; no mutation run is needed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from fuzz.errors import UsageError
from reports import history, stats
from reports.model import MutantResult, RunInfo
from reports.source import Sources
from reports.stryker import report as stryker_report
from reports.weekly import Paths, build

SCHEMA = json.loads((Path(__file__).parent / "data" / "mutation-testing-report-schema.json").read_text())
FILES = ("tinygrad/codegen/simplify.py", "tinygrad/tensor.py", "tinygrad/renderer/cstyle.py")
# status, killed_by, hits: eight kinds of outcome, cycled over the files and operators
OUTCOMES = [("killed", "value", 9), ("killed", "speed", 3), ("survived", "", 7), ("no-coverage", "", 0),
            ("timeout", "hang", 2), ("equivalent", "", 0), ("killed", "crash", 1), ("survived", "", 1)]
OPERATORS = ("arith", "delete-rule", "ops-swap")


def diff(file: str, line: int) -> str:
    return f"--- a/{file}\n+++ b/{file}\n@@ -{line} +{line} @@\n-    x = a + b\n+    x = a - b\n"


def fixture_mutants(survive_more: bool = True) -> list[MutantResult]:
    """24 mutants; with survive_more=False two survivors become kills (a better week)."""
    out = []
    for i in range(24):
        status, killer, hits = OUTCOMES[i % 8]
        if not survive_more and status == "survived" and i < 16:
            status, killer = "killed", "value"
        f = FILES[i % 3]
        out.append(MutantResult(id=f"m{i:02d}", file=f, line=3 + i % 5, operator=OPERATORS[i % 3], diff=diff(f, 3 + i % 5),
                                status=status, killed_by=killer, test=f"corpus:p{i}" if killer else "",
                                seconds=2.0, hits=hits, description=f"mutant {i}"))
    return out


def fixture_run() -> RunInfo:
    return RunInfo(tinygrad_version="0.14.0", source_hash="ab" * 20, suite_version="0.1",
                   finished="2026-11-27T09:00:00+00:00", wall_seconds=36.0, cpu_seconds=72.0, workers=2,
                   dropped_equivalent=5)


@pytest.fixture
def sources(tmp_path) -> Sources:
    root = tmp_path / "src"
    for f in FILES:
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_text("".join(f"line_{n} = {n}\n" for n in range(1, 11)))
    return Sources(root)


@pytest.fixture
def paths(tmp_path) -> Paths:
    return Paths(tmp_path / "weekly", tmp_path / "history.jsonl", tmp_path / "corpus")


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 12, tzinfo=dt.timezone.utc)


# ---- scores by hand -------------------------------------------------------------------------------------------

def test_score_counts_by_hand():
    s = stats.score("all", fixture_mutants())
    # per 8: 3 killed, 1 timeout, 2 survived, 1 no-coverage, 1 equivalent; 24 mutants is 3 rounds
    assert (s.total, s.killed, s.timeout, s.survived, s.no_coverage, s.equivalent) == (24, 9, 3, 6, 3, 3)
    assert s.score == pytest.approx(100 * 12 / 21)
    assert s.covered_score == pytest.approx(100 * 12 / 18)
    assert stats.score("none", []).score is None


def test_non_trivial_score_leaves_out_smoke_and_import_kills():
    """Planted: the three crash kills were the smoke set's. Control: none trivial, the plain score. Decoy: a
    survivor marked trivial counts as nothing (only detected mutants can be trivial)."""
    ms = fixture_mutants()
    assert stats.score("all", ms).non_trivial_score == pytest.approx(100 * 12 / 21)
    smoked = [dataclasses.replace(m, trivial=m.killed_by == "crash" or m.status == "survived") for m in ms]
    s = stats.score("all", smoked)
    assert s.trivial == 3
    assert s.non_trivial_score == pytest.approx(100 * 9 / 18)
    assert s.score == pytest.approx(100 * 12 / 21)       # the plain score does not move


def test_killed_by_and_groups():
    ms = fixture_mutants()
    assert stats.killed_by(ms) == dict.fromkeys(stats.KILLED_BY_COLUMNS, 0) | {"value": 3, "speed": 3, "crash": 3,
                                                                               "timeout": 3}
    modules = {s.name: s for s in stats.grouped(ms, lambda m: stats.area(m.file))}
    assert set(modules) == {"codegen", "tensor", "renderer"}
    assert sum(s.total for s in modules.values()) == 24
    scores = [s.score for s in stats.grouped(ms, lambda m: m.operator)]
    assert scores == sorted(scores)                                   # worst first


def test_area_names_the_tinygrad_module():
    assert stats.area("tinygrad/codegen/opt/heuristic.py") == "codegen"
    assert stats.area("tinygrad/tensor.py") == "tensor"


def test_survivors_hot_code_first():
    ms = fixture_mutants()
    order = stats.survivors(ms)
    assert {m.status for m in order} == {"survived", "no-coverage"} and len(order) == 9
    keys = [stats.importance(m) for m in order]
    assert keys == sorted(keys, reverse=True)
    # hits 7 in codegen (weight 3) beats hits 7 in the renderer (weight 1)
    assert order[0].hits == 7 and stats.area(order[0].file) == "codegen"


def test_cost_mutants_per_hour():
    c = stats.cost(fixture_mutants(), fixture_run())
    assert c.mutants_tested == 18                                     # equivalent and no-coverage never ran
    assert c.mutants_per_hour == pytest.approx(18 * 3600 / 36.0)


# ---- mutation.json against the published schema --------------------------------------------------------------

def test_mutation_json_is_valid_against_the_schema(paths, sources):
    written = build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    doc = json.loads((written.dir / "mutation.json").read_text())
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    assert set(doc["files"]) == set(FILES)
    assert doc["files"]["tinygrad/tensor.py"]["source"].startswith("line_1 = 1\n")
    statuses = [m["status"] for f in doc["files"].values() for m in f["mutants"]]
    assert sorted(set(statuses)) == ["Ignored", "Killed", "NoCoverage", "Survived", "Timeout"]
    killed = [m for f in doc["files"].values() for m in f["mutants"] if m["status"] == "Killed"]
    assert all(m["killedBy"] and m["replacement"] == "x = a - b" for m in killed)


def test_schema_check_is_not_blind(sources):
    doc = stryker_report(fixture_mutants(), fixture_run(), sources)
    doc["files"]["tinygrad/tensor.py"]["mutants"][0]["status"] = "Dead"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(doc)


def test_schema_valid_when_sources_are_missing():
    doc = stryker_report(fixture_mutants(), fixture_run(), Sources(None))
    jsonschema.Draft7Validator(SCHEMA).validate(doc)


# ---- history and trend ---------------------------------------------------------------------------------------

def test_trend_over_two_weeks(paths, sources):
    build(fixture_run(), fixture_mutants(), paths, "2026-W47", sources, now=at(20))
    written = build(fixture_run(), fixture_mutants(survive_more=False), paths, "2026-W48", sources, now=at(27))
    lines = paths.history.read_text().splitlines()
    assert [json.loads(ln)["week"] for ln in lines] == ["2026-W47", "2026-W48"]
    w47, w48 = (json.loads(ln)["score"] for ln in lines)
    assert w48 > w47
    page = (written.dir / "index.html").read_text()
    assert page.count('<circle class="point"') == 2
    assert "2026-W47: " in page and "2026-W48: " in page
    assert f"{w48 - w47:+.1f} points since 2026-W47" in page
    assert "since 2026-W47" in written.summary and "▲" in written.summary


def test_rerunning_a_week_with_the_same_results_adds_nothing(paths, sources):
    assert build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27)).appended
    before = paths.history.read_bytes()
    assert not build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(28)).appended
    assert paths.history.read_bytes() == before


def test_rerunning_a_week_with_new_results_appends_and_the_last_line_wins(paths, sources):
    build(fixture_run(), fixture_mutants(), paths, "2026-W47", sources, now=at(20))
    build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    before = paths.history.read_bytes()
    written = build(fixture_run(), fixture_mutants(survive_more=False), paths, "2026-W48", sources, now=at(28))
    assert written.appended
    after = paths.history.read_bytes()
    assert after.startswith(before)                                   # never rewritten
    entries = history.read(paths.history)
    assert [e["week"] for e in entries] == ["2026-W47", "2026-W48", "2026-W48"]
    points = history.trend(entries, "2026-W48")
    assert [p["score"] for p in points] == [entries[0]["score"], entries[2]["score"]]


def test_an_older_week_shows_only_its_past(paths, sources):
    build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    written = build(fixture_run(), fixture_mutants(survive_more=False), paths, "2026-W46", sources, now=at(27))
    assert (written.dir / "index.html").read_text().count('<circle class="point"') == 1


def test_malformed_history_line_is_a_usage_error(paths):
    paths.history.write_text('{"week": "2026-W47", "score": 50}\nnot json\n')
    with pytest.raises(UsageError, match=r"history.jsonl:2: not a JSON line"):
        history.read(paths.history)


@pytest.mark.parametrize("week", ["2026-W54", "2026-48", "W48", "2025-W53"])
def test_bad_week_is_a_usage_error(week):
    with pytest.raises(UsageError, match="expected an ISO week"):
        history.parse_week(week)


def test_week_53_exists_in_2026():
    assert history.parse_week("2026-W53") == "2026-W53"


# ---- bugs since last week ------------------------------------------------------------------------------------

def write_bug(corpus: Path, bucket: str, first_seen: str, kind: str = "crash"):
    d = corpus / "crashes" / bucket
    d.mkdir(parents=True, exist_ok=True)
    verdict = {"kind": kind, "oracle": "value", "detail": f"boom {bucket}", "frame": "tinygrad/codegen/x.py:f"}
    (d / "meta.json").write_text(json.dumps({"verdict": verdict, "backend": "CPU", "first_seen": first_seen,
                                             "last_seen": first_seen, "hits": 3}))


def test_new_and_fixed_bugs_since_last_week(paths, sources):
    write_bug(paths.corpus, "aaaa", "2026-11-18")
    write_bug(paths.corpus, "bbbb", "2026-11-19")
    build(fixture_run(), fixture_mutants(), paths, "2026-W47", sources, now=at(20))
    write_bug(paths.corpus, "cccc", "2026-11-25", kind="mismatch")
    (paths.corpus / "known_bugs.json").write_text(json.dumps([
        {"id": "KB-0001", "bucket": "bbbb", "title": "bbbb is wrong", "status": "fixed-in 0.14.1", "kind": "crash"},
        {"id": "KB-0002", "bucket": "aaaa", "title": "aaaa is wrong", "status": "open", "kind": "crash"}]))
    written = build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    page = (written.dir / "index.html").read_text()
    assert "1 new · 1 fixed" in page
    assert "boom cccc" in page and "0.14.1" in page and "KB-0001" in page
    assert "1 new, 1 fixed since last week; 2 open buckets" in written.summary


def test_first_week_counts_bugs_first_seen_that_week(paths, sources):
    write_bug(paths.corpus, "old0", "2026-10-01")
    write_bug(paths.corpus, "new0", "2026-11-24")
    written = build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    assert "1 new, 0 fixed" in written.summary


def test_unreadable_corpus_files_are_warnings_not_failures(paths, sources):
    d = paths.corpus / "crashes" / "bad"
    d.mkdir(parents=True)
    (d / "meta.json").write_text("{not json")
    (paths.corpus / "known_bugs.json").write_text("[1, 2")
    written = build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    page = (written.dir / "index.html").read_text()
    assert "skipped" in page and "meta.json" in page and "known_bugs.json" in page


# ---- the page ------------------------------------------------------------------------------------------------

def test_page_is_self_contained_and_shows_survivors_with_context(paths, sources):
    written = build(fixture_run(), fixture_mutants(), paths, "2026-W48", sources, now=at(27))
    page = (written.dir / "index.html").read_text()
    for needle in ("http://", "https://", "src=", "<link"):
        assert needle not in page.replace("http://www.w3.org/2000/svg", "")
    assert 'id="score"' in page and "57.1%" in page
    assert page.count('<article class="mutant') == 9
    assert '<span class="hit"><i>7</i>line_7 = 7' in page         # the mutated line, highlighted in its context
    assert "x = a - b" in page
    for oracle in ("value", "speed", "crash", "timeout"):
        assert f"<td>{oracle}</td>" in page


def test_empty_store_still_makes_a_report(paths, sources):
    written = build(RunInfo(), [], paths, "2026-W48", sources, now=at(27))
    assert "—" in (written.dir / "index.html").read_text()
    jsonschema.Draft7Validator(SCHEMA).validate(json.loads((written.dir / "mutation.json").read_text()))
    assert json.loads(paths.history.read_text())["score"] is None


# ---- the CLI -------------------------------------------------------------------------------------------------

def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "reports", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args, message", [
    (["weekly", "--week", "2026-W99"], "error: --week '2026-W99': expected an ISO week"),
    (["weekly", "--store", "nowhere.sqlite"], "error: --store 'nowhere.sqlite': no mutation results store there"),
    (["weekly", "--bogus"], "error: unrecognized arguments: --bogus"),
    (["monthly"], "error: argument command: invalid choice: 'monthly'"),
])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    got = cli(*args, cwd=tmp_path)
    assert got.returncode == 2
    assert got.stderr.startswith(message) and got.stderr.count("\n") == 1, got.stderr
    assert not (tmp_path / "reports").exists()                         # nothing written


# ---- from a store written through mutate/store.py ------------------------------------------------------------

def make_store(tmp_path: Path) -> tuple[Path, Path]:
    """A tinygrad-like source tree and a results store over it, written with mutate's own API."""
    from mutate.generate import Mutant, source_hash
    from mutate.store import Result, Store
    root = tmp_path / "checkout"
    pkg = root / "tinygrad" / "codegen"
    pkg.mkdir(parents=True)
    (root / "tinygrad" / "__init__.py").write_text("")
    text = "def f(a, b):\n    return a + b\n\ndef g(x):\n    return x < 3\n"
    (pkg / "simplify.py").write_text(text)
    sut = source_hash(root / "tinygrad")
    plus, lt = text.index("+"), text.index("<")
    mutants = [Mutant("mA", "codegen/simplify.py", "arith", plus, plus + 1, "-", "+", 2, 2, "f", (2,)),
               Mutant("mB", "codegen/simplify.py", "compare", lt, lt + 1, "<=", "<", 5, 5, "g", (5,)),
               Mutant("mC", "codegen/simplify.py", "compare", lt, lt + 1, ">", "<", 5, 5, "g", (5,)),
               Mutant("mD", "codegen/simplify.py", "arith", plus, plus + 1, "*", "+", 2, 2, "f", (2,))]
    store = Store(tmp_path / "results.sqlite")
    store.put_generated("filehash", "ops1", {"mutants": [m.to_json() for m in mutants], "equivalent": 4, "invalid": 1})
    store.put_generated("otherfile", "ops1", {"mutants": [], "equivalent": 9, "invalid": 0})   # no mutant in this run
    store.put_coverage(sut, "suite1:CPU", {"tests": {"ks-1": {"seconds": 0.5, "lines": {"codegen/simplify.py": [2, 5]}},
                                                 "ks-2": {"seconds": 0.5, "lines": {"codegen/simplify.py": [2]}}}})
    store.put(sut, "suite1", Result("mA", "codegen/simplify.py", "arith", 2, "f", "killed", test="ks-1",
                                     oracle="value", seconds=1.0, tests_run=1))
    store.put(sut, "suite1", Result("mB", "codegen/simplify.py", "compare", 5, "g", "survived", seconds=2.0, tests_run=1))
    store.put(sut, "suite1", Result("mC", "codegen/simplify.py", "compare", 5, "g", "killed", test="ks-1",
                                     oracle="hang", seconds=3.0, tests_run=1))
    store.put(sut, "suite1", Result("mD", "codegen/simplify.py", "arith", 2, "f", "killed", test="ks-2",
                                     oracle="died", seconds=1.0, tests_run=2))
    store.put(sut, "suite1", Result("mE", "codegen/simplify.py", "compare", 5, "g", "error",
                                     detail="the overlay did not import"))
    store.put("oldsut", "suite0", Result("mZ", "codegen/simplify.py", "arith", 2, "f", "survived"))   # an older run
    store.close()
    return tmp_path / "results.sqlite", root


def test_store_adapter_reads_mutates_store(tmp_path):
    from reports.store_adapter import load
    path, root = make_store(tmp_path)
    run, mutants = load(path, Sources(root))
    by_id = {m.id: m for m in mutants}
    assert set(by_id) == {"mA", "mB", "mC", "mD", "mE"}                # the run of this tinygrad only
    assert by_id["mE"].status == "error" and "the overlay did not import" in by_id["mE"].description
    assert (by_id["mA"].status, by_id["mA"].killed_by) == ("killed", "value")
    assert (by_id["mC"].status, by_id["mC"].killed_by) == ("timeout", "hang")
    assert (by_id["mD"].status, by_id["mD"].killed_by) == ("killed", "crash")
    assert by_id["mB"].status == "survived" and by_id["mB"].hits == 1 and by_id["mA"].hits == 2
    assert "-    return x < 3\n+    return x <= 3\n" in by_id["mB"].diff
    assert by_id["mB"].column == 14 and by_id["mB"].file == "tinygrad/codegen/simplify.py"
    assert run.dropped_equivalent == 4
    assert run.suite_version == "suite1" and run.cpu_seconds == 7.0 and run.tinygrad_version.startswith("checkout")


def test_cli_builds_the_week_from_a_store(tmp_path):
    path, root = make_store(tmp_path)
    args = ["weekly", "--store", str(path), "--tinygrad", str(root), "--week", "2026-W48", "--out", "out",
            "--history", "history.jsonl", "--corpus", "no-corpus"]
    got = cli(*args, cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    assert "tinygrad mutation score 2026-W48: 75.0%" in got.stdout
    week = tmp_path / "out" / "2026-W48"
    assert (week / "summary.md").read_text() in got.stdout
    jsonschema.Draft7Validator(SCHEMA).validate(json.loads((week / "mutation.json").read_text()))
    page = (week / "index.html").read_text()
    assert "return x &lt;= 3" in page and "1 mutants could not be tested" in page
    assert cli(*args, cwd=tmp_path).returncode == 0                    # the same week again: no second line
    assert len((tmp_path / "history.jsonl").read_text().splitlines()) == 1


def test_cli_store_that_is_not_sqlite_is_one_line(tmp_path):
    (tmp_path / "junk.sqlite").write_text("not a database, just text " * 100)
    got = cli("weekly", "--store", "junk.sqlite", cwd=tmp_path)
    assert got.returncode == 2 and got.stderr.startswith("error: --store 'junk.sqlite': not a mutation results store")


def test_descriptions_show_code_spans_escaped():
    from reports.html import ticks
    assert str(ticks("`a<b` → `a<=b` in f")) == "<code>a&lt;b</code> → <code>a&lt;=b</code> in f"
    assert str(ticks("one ` <b>")) == "one ` &lt;b&gt;"


def test_weekly_workflow_runs_the_mutation_run_the_report_and_uploads_it():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    flow = yaml.safe_load((Path(__file__).resolve().parents[1] / ".github" / "workflows" / "weekly.yml").read_text())
    assert "schedule" in flow[True] and flow[True]["schedule"][0]["cron"]        # YAML 1.1 reads `on:` as True
    steps = flow["jobs"]["weekly"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert runs.index("python -m mutate run") < runs.index("python -m reports weekly")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "reports/weekly/" in upload["with"]["path"] and "reports/history.jsonl" in upload["with"]["path"]
