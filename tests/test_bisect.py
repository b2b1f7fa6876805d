"""`fuzz bisect` and `fuzz upstream` on a small local git repository whose `tinygrad` package has a planted
regression, a commit that does not import, and a commit that fails some other way (no network, no real tinygrad)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.bisect import search
from fuzz.__main__ import main
from oracles.checkout import Repository, classify, run_at

GOOD = "def add(a, b):\n    return a + b\n"
REGRESSED = "def add(a, b):\n    return a + b + (a == 2)\n"          # the planted bug: add(2, 3) == 6
OTHER_FAILURE = "def add(a, b):\n    raise MemoryError('a different failure')\n"
BROKEN = "def add(a, b) return a + b\n"                               # tinygrad does not import at this commit
# (subject, tinygrad/__init__.py): the regression lands at commit 7; 5 does not import; 9 fails another way; 13 fixes
HISTORY = [("start", GOOD), ("docs 1", GOOD + "# 1\n"), ("docs 2", GOOD + "# 2\n"), ("docs 3", GOOD + "# 3\n"),
           ("broken import", BROKEN), ("fix import", GOOD + "# 5\n"), ("planted regression", REGRESSED),
           ("docs 8", REGRESSED + "# 8\n"), ("other failure", OTHER_FAILURE), ("docs 10", REGRESSED + "# 10\n"),
           ("docs 11", REGRESSED + "# 11\n"), ("docs 12", REGRESSED + "# 12\n"), ("the fix", GOOD + "# 13\n"),
           ("docs 14", GOOD + "# 14\n")]
REPRO = ("import sys\nfrom tinygrad import add\nprint('add(2, 3) =', add(2, 3))\n"
         "sys.exit(0 if add(2, 3) == 5 else 1)\n")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@t", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00",
                               "GIT_COMMITTER_DATE": "2026-01-01T00:00:00", "PATH": "/usr/bin:/bin"}).stdout


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """(repository, repro script, commit shas oldest first); v0.1.0 tags commit 2, v0.2.0 tags commit 8."""
    root = tmp_path_factory.mktemp("bisect")
    repo = root / "tinygrad-repo"
    (repo / "tinygrad").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "master")
    shas = []
    for subject, text in HISTORY:
        (repo / "tinygrad" / "__init__.py").write_text(text)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", subject)
        shas.append(git(repo, "rev-parse", "HEAD").strip())
    git(repo, "tag", "v0.1.0", shas[1])
    git(repo, "tag", "v0.2.0", shas[7])
    script = root / "repro.py"
    script.write_text(REPRO)
    return repo, script, shas


def test_search_finds_the_first_new_commit_and_skips_around_untestable_ones():
    sides = ["old", "old", "skip", "old", "new", "skip", "new", "new"]
    first, maybe, tried = search(list(range(len(sides))), lambda i: sides[i])
    assert first == 4 and maybe == []
    assert all(sides[i] == side for i, side in tried)
    # only untestable commits between the last old and the first new one: the answer is that range
    sides = ["old", "skip", "skip", "new"]
    first, maybe, _ = search(list(range(4)), lambda i: sides[i])
    assert first is None and maybe == [1, 2, 3]


def test_outcomes_of_a_repro_run(tmp_path):
    script = tmp_path / "repro.py"
    script.write_text("x = 1\n")
    assert classify(0, "output 0: ok", script).kind == "passes"
    assert classify(1, "output 0: WRONG\n  expected 5\n  got 6", script).fingerprint == "value"
    assert classify(-11, "", script).describe() == "fails (signal 11)"
    inside = (f'Traceback (most recent call last):\n  File "{script}", line 3, in <module>\n'
              '  File "/x/site-packages/tinygrad/tensor.py", line 9, in pow\nTypeError: bad operand\n')
    assert classify(1, inside, script).describe() == "fails (TypeError)"
    # an API this tinygrad lacks: raised in the repro's own frame, so the repro cannot say anything here (decoy)
    own = f'Traceback (most recent call last):\n  File "{script}", line 3, in <module>\nAttributeError: no logaddexp\n'
    assert classify(1, own, script).kind == "cannot-run"
    # an assert in the repro is its verdict, not an API gap
    asserted = f'Traceback (most recent call last):\n  File "{script}", line 3, in <module>\nAssertionError\n'
    assert classify(1, asserted, script).kind == "fails"
    # output keeps no machine paths
    assert "/x/site-packages" not in classify(1, inside, script).output


def test_run_at_uses_that_commits_tinygrad(planted):
    repo, script, shas = planted
    r = Repository(repo)
    assert run_at(r, shas[0], script).kind == "passes"
    assert run_at(r, shas[6], script).describe() == "fails (value)"
    assert run_at(r, shas[4], script).kind == "cannot-run"          # SyntaxError importing tinygrad
    assert run_at(r, shas[8], script).describe() == "fails (MemoryError)"
    assert git(repo, "status", "--porcelain") == ""                # the repository is left as it was


def test_bisect_finds_the_planted_regression(planted, capsys):
    repo, script, shas = planted
    assert main(["bisect", str(script), "--repo", str(repo), "--good", shas[0], "--bad", shas[11]]) == 0
    out = capsys.readouterr().out
    assert f"regression: first commit" in out and f"{shas[6]} 2026-01-01 planted regression" in out
    assert "tinygrad/__init__.py" in out                               # the diff stat
    # the commit that fails another way (MemoryError) and the one that does not import are skipped, never blamed
    assert "other failure" not in out.split("regression:")[1] and "broken import" not in out.split("regression:")[1]


def test_any_failure_is_bad_unless_the_same_failure_is_asked_for(planted, capsys):
    """The bad end fails with MemoryError; the two commits before it fail with a wrong value. By default the first
    failing commit is the answer (with a note that the failure changed form); --same-failure skips them instead."""
    repo, script, shas = planted
    assert main(["bisect", str(script), "--repo", str(repo), "--good", shas[0], "--bad", shas[8]]) == 0
    out = capsys.readouterr().out
    assert f"{shas[6]} 2026-01-01 planted regression" in out and "fails (value) there" in out
    assert main(["bisect", str(script), "--repo", str(repo), "--good", shas[0], "--bad", shas[8],
                 "--same-failure"]) == 1
    out = capsys.readouterr().out
    assert "somewhere in 3 commits" in out and "skip" in out


def test_bisect_defaults_good_to_the_newest_passing_release(planted, capsys):
    repo, script, shas = planted
    assert main(["bisect", str(script), "--repo", str(repo), "--bad", shas[11]]) == 0
    out = capsys.readouterr().out
    assert "v0.2.0: fails (value)" in out and "v0.1.0: passes" in out
    assert f"{shas[6]} 2026-01-01 planted regression" in out


def test_bisect_finds_the_fix_when_the_newer_end_passes(planted, capsys):
    repo, script, shas = planted
    assert main(["bisect", str(script), "--repo", str(repo), "--old", "v0.2.0", "--new", "master"]) == 0
    out = capsys.readouterr().out
    assert "fix: first commit" in out and f"{shas[12]} 2026-01-01 the fix" in out


def test_bisect_refuses_ends_that_behave_alike(planted, capsys):
    repo, script, shas = planted
    assert main(["bisect", str(script), "--repo", str(repo), "--good", shas[6], "--bad", shas[7]]) == 2
    assert "behaves the same" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["bisect", "{script}", "--repo", "{tmp}/nope"], "no such directory"),
    (["bisect", "{script}", "--repo", "{tmp}"], "not a git repository"),
    (["bisect", "KB-9999", "--repo", "{repo}"], "not a repro script, registry id or corpus bucket"),
    (["bisect", "{script}", "--repo", "{repo}", "--good", "nosuchref"], "'nosuchref' is not a commit"),
    (["upstream", "--repo", "{repo}", "--only", "KB-9999"], "no registry row 'KB-9999'"),
])
def test_bad_input_is_one_line_and_exit_2(planted, tmp_path, capsys, argv, message):
    repo, script, _ = planted
    argv = [a.format(script=script, tmp=tmp_path, repo=repo) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_upstream_records_versions_and_the_first_bad_commit(planted, tmp_path, capsys):
    repo, script, shas = planted
    (tmp_path / "corpus").mkdir()
    (tmp_path / "repro.py").write_text(script.read_text())
    row = {"id": "KB-0001", "bucket": "aaaaaaaaaa", "title": "add is off by one", "status": "open", "kind": "wrong result",
           "backends": ["CPU"], "repro": "repro.py", "expected": "5", "actual": "6"}
    registry = tmp_path / "corpus" / "known_bugs.json"
    registry.write_text(json.dumps([row]))
    assert main(["upstream", "--repo", str(repo), "--head", shas[11], "--known", str(registry)]) == 0
    saved = json.loads(registry.read_text())[0]
    labels = list(saved["versions"])
    assert labels[:2] == ["0.1.0", "0.2.0"] and labels[3] == f"commit {shas[11][:10]} (2026-01-01)"
    assert saved["versions"]["0.1.0"] == "passes" and saved["versions"]["0.2.0"] == "fails (value)"
    assert saved["first_bad"]["sha"] == shas[6] and saved["first_bad"]["subject"] == "planted regression"
    assert saved["first_bad"]["outcome"] == "fails (value)"
    assert "fixed_at" not in saved
    # the maintainer's report is generated from that row
    out = tmp_path / "BUGS.md"
    assert main(["bugs", "--known", str(registry), "--out", str(out)]) == 0
    report = (tmp_path / "reports" / "upstream" / "KB-0001.md").read_text()
    assert "# add is off by one" in report and "planted regression" in report and REPRO.strip() in report
    assert "| 0.1.0 | passes |" in report
    assert main(["bugs", "--known", str(registry), "--out", str(out), "--check"]) == 0
    registry.write_text(json.dumps([row | {"debatable": "maybe intended"}]))
    assert main(["bugs", "--known", str(registry), "--out", str(out), "--check"]) == 1   # stale report, now debatable
    capsys.readouterr()


def test_upstream_records_the_fixing_commit(planted, tmp_path, capsys):
    repo, script, shas = planted
    (tmp_path / "corpus").mkdir()
    (tmp_path / "repro.py").write_text(script.read_text())
    row = {"id": "KB-0001", "bucket": "aaaaaaaaaa", "title": "add is off by one", "status": "open", "kind": "wrong result",
           "repro": "repro.py"}
    registry = tmp_path / "corpus" / "known_bugs.json"
    registry.write_text(json.dumps([row]))
    assert main(["upstream", "--repo", str(repo), "--known", str(registry)]) == 0
    saved = json.loads(registry.read_text())[0]
    assert saved["fixed_at"]["sha"] == shas[12] and saved["fixed_at"]["between"].startswith("v0.2.0..")
    assert list(saved["versions"])[-1].startswith("master ") and list(saved["versions"].values())[-1] == "passes"
    assert "at master" in capsys.readouterr().out
