"""`fuzz run --coverage` (issue 15): the lines and rewrite rules a campaign reached, measured in the workers, and the
report beside another folder. A campaign over reductions reaches tinygrad's REDUCE rules; a decoy campaign over
elementwise adds does not, so the rule counts are the campaign's own."""
from __future__ import annotations

import pytest

from fuzz.__main__ import main
from oracles.config import RunConfig
from reports import coverage

REDUCE_RULE = "(UPat(Ops.REDUCE"      # rules that rewrite a reduction: only a program with one reaches them


def campaign(tmp_path, ops: str) -> coverage.Coverage:
    folder = tmp_path / f"cov-{ops}"
    rc = main(["run", "--corpus", str(tmp_path / f"corpus-{ops}"), "--ops", ops, "--modes", "values",
               "--max-programs", "4", "--max-ops", "2", "--jobs", "1", "--minimize-checks", "4",
               "--coverage", str(folder)])
    assert rc == 0
    assert (folder / "coverage.md").exists()
    return coverage.load(folder)


def reduce_rules_matched(c: coverage.Coverage) -> set:
    return {r for r, src in c.rules.items() if src.startswith(REDUCE_RULE) and c.matched[r]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coverage")
    return campaign(tmp, "sum"), campaign(tmp, "add")


def test_a_reduce_campaign_reaches_the_reduce_rules_and_an_add_campaign_does_not(runs):
    reduces, adds = runs
    assert len(reduce_rules_matched(reduces)) >= 3, sorted(r for r in reduces.rules if reduces.matched[r])[:50]
    assert reduce_rules_matched(adds) == set()                      # decoy: no reduction, no REDUCE rule


def test_lines_are_counted_beyond_a_bare_import(runs):
    reduces, _ = runs
    for area, (statements, by_import, run) in reduces.lines.items():
        assert 0 < by_import <= run <= statements, area
    assert 0 < reduces.beyond_import < reduces.share < 1
    assert "codegen" in coverage.summary_line(reduces)


def test_the_report_compares_two_folders(runs, tmp_path, capsys):
    reduces, adds = runs
    text = coverage.report(reduces, adds, label="sum", other="add")
    assert "## Against add" in text and "only sum:" in text and "Ops.REDUCE" in text


def test_the_coverage_command_reads_a_folder_and_refuses_a_bad_one(runs, tmp_path, capsys):
    assert main(["coverage", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no rules-all.json" in err and err.count("\n") == 1


def test_a_used_folder_is_refused_before_anything_runs(tmp_path, capsys):
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("old data")
    assert main(["run", "--corpus", str(tmp_path / "c"), "--max-programs", "1", "--coverage", str(used)]) == 2
    assert "new or empty folder" in capsys.readouterr().err


def test_harness_settings_stay_out_of_labels_and_repros():
    """The coverage folder reaches the worker's environment, never a verdict's backend or a repro's settings."""
    from corpus.record import repro_for
    from fuzz.program import Program
    from oracles.verdict import Verdict, VerdictKind
    config = RunConfig(backend="CPU", harness=(("TINYFUZZ_COVERAGE", "/tmp/somewhere"),))
    assert config.label() == "CPU" and config.environ()["TINYFUZZ_COVERAGE"] == "/tmp/somewhere"
    assert config.worker_key != RunConfig(backend="CPU").worker_key
    program = Program.from_json({"inputs": [{"shape": [2], "dtype": "float32", "values": {"seed": 0, "domain":
                                 "normal"}}], "nodes": [{"op": "neg", "args": [0]}], "outputs": [1]})
    text = repro_for(program, Verdict(VerdictKind.CRASH, "crash", "x", backend="CPU"), config, None)
    assert "TINYFUZZ_COVERAGE" not in text and "/tmp/somewhere" not in text
