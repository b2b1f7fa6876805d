"""The registry tells a maintainer the truth: every genuine open bug has what a report needs, the generated files
(BUGS.md, reports/upstream/) match the registry, and repro scripts carry no machine paths (issue 19)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus import known
from fuzz.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = known.load()
GENUINE = [r for r in REGISTRY.rows if r.genuine]
MACHINE_PATH = re.compile(r"/(?:home|root|work|tmp|Users)/|site-packages|\bclang-\d+\b")


def test_generated_files_match_the_registry(capsys):
    assert main(["bugs", "--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("row", GENUINE, ids=lambda r: r.id)
def test_a_genuine_bug_has_what_a_report_needs(row):
    assert row.repro.endswith(".py") and (ROOT / row.repro).is_file(), f"{row.id}: repro must be a script"
    for field in ("expected", "actual", "location"):
        assert getattr(row, field).strip(), f"{row.id}: {field} is empty"
    assert (row.upstream or {}).get("summary"), f"{row.id}: no upstream summary"
    assert row.versions, f"{row.id}: never checked on other tinygrads (python -m fuzz upstream)"
    assert (ROOT / "reports" / "upstream" / f"{row.id}.md").is_file()


@pytest.mark.parametrize("row", [r for r in REGISTRY.rows if r.repro.endswith(".py")], ids=lambda r: r.id)
def test_repro_scripts_carry_no_machine_paths(row):
    code = (ROOT / row.repro).read_text()
    # a docstring may quote a compiler command line; code must not depend on this machine
    body = code.split('"""', 2)[-1] if code.startswith('"""') else code
    assert not MACHINE_PATH.search(body), f"{row.repro}: {MACHINE_PATH.search(body)[0]!r}"


def test_duplicates_and_debatable_rows_are_not_reported_as_bugs():
    dups = {r.id: r.duplicate_of for r in REGISTRY.rows if r.duplicate_of}
    assert dups == {"KB-0017": "KB-0015", "KB-0027": "KB-0022", "KB-0031": "KB-0011"}
    reports = {p.stem for p in (ROOT / "reports" / "upstream").glob("KB-*.md")}
    assert not reports & set(dups) and not reports & {r.id for r in REGISTRY.rows if r.debatable}
    assert reports == {r.id for r in GENUINE}


def test_a_duplicate_must_name_a_bug_of_its_own(tmp_path):
    """Control for the loader's rule: a duplicate of a duplicate (or of nothing) is refused."""
    import json
    rows = [{"id": "KB-0001", "bucket": "a", "title": "t", "status": "open", "kind": "crash"},
            {"id": "KB-0002", "bucket": "b", "title": "t", "status": "open", "kind": "crash", "duplicate_of": "KB-0001"},
            {"id": "KB-0003", "bucket": "c", "title": "t", "status": "open", "kind": "crash", "duplicate_of": "KB-0002"}]
    path = tmp_path / "known_bugs.json"
    path.write_text(json.dumps(rows[:2]))
    assert len(known.load(path).bugs) == 1
    path.write_text(json.dumps(rows))
    with pytest.raises(Exception, match="not a bug of its own"):
        known.load(path)
